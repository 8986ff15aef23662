/*
** web.h - handlers and routes of the agenda: pages (web.c), JSON API and
** iCalendar feed (api.c); tables in routes.c.
*/
#ifndef CARTABLE_AGENDA_WEB_H
#define CARTABLE_AGENDA_WEB_H

#include "kernel/router.h"

extern const struct route agenda_routes[];

int agenda_page_show(struct req *r);
int agenda_page_classes(struct req *r);
int agenda_page_class_create(struct req *r);
int agenda_page_class_delete(struct req *r);
int agenda_page_events(struct req *r);
int agenda_page_event_create(struct req *r);
int agenda_page_event_delete(struct req *r);
int agenda_page_feed(struct req *r);
int agenda_page_feed_issue(struct req *r);
int agenda_page_feed_revoke(struct req *r);

int agenda_api_list(struct req *r);
int agenda_ics(struct req *r);

#endif
