/*
** web.h - handlers and routes of messages: pages (web.c), JSON API
** (api.c); tables in routes.c.
*/
#ifndef CARTABLE_MESSAGING_WEB_H
#define CARTABLE_MESSAGING_WEB_H

#include "kernel/router.h"

extern const struct route messages_routes[];

int messages_page_list(struct req *r);
int messages_page_new(struct req *r);
int messages_page_create(struct req *r);
int messages_page_thread(struct req *r);
int messages_page_reply(struct req *r);
int messages_page_attachment(struct req *r);

int messages_api_list(struct req *r);
int messages_api_get(struct req *r);
int messages_api_post(struct req *r);
int messages_api_attachment(struct req *r);

#endif
