/*
** web.h - handlers and routes of notifications (web.c, routes.c).
*/
#ifndef CARTABLE_NOTICES_WEB_H
#define CARTABLE_NOTICES_WEB_H

#include "kernel/router.h"

extern const struct route notices_routes[];

int notices_page_list(struct req *r);
int notices_page_read_all(struct req *r);
int notices_page_read(struct req *r);
int notices_page_preference(struct req *r);
int notices_api_list(struct req *r);

#endif
