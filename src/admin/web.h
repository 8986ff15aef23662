/*
** web.h - handlers and routes of the administration overview,
** organisations, partner schools and the outbox (web.c).
*/
#ifndef CARTABLE_ADMIN_WEB_H
#define CARTABLE_ADMIN_WEB_H

#include "kernel/router.h"

extern const struct route admin_routes[];

int admin_page_home(struct req *r);
int admin_page_tenants(struct req *r);
int admin_page_tenant_create(struct req *r);
int admin_page_schools(struct req *r);
int admin_page_school_create(struct req *r);
int admin_page_outbox(struct req *r);

#endif
