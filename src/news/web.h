/*
** web.h - handlers and routes of news and forums: announcements (web.c),
** course forums (forum_web.c); tables in routes.c.
*/
#ifndef CARTABLE_NEWS_WEB_H
#define CARTABLE_NEWS_WEB_H

#include "kernel/router.h"

extern const struct route news_routes[];

int news_page_list(struct req *r);
int news_page_show(struct req *r);
int news_page_new(struct req *r);
int news_page_publish(struct req *r);
int news_page_delete(struct req *r);

int forum_page_list(struct req *r);
int forum_page_course(struct req *r);
int forum_page_thread_create(struct req *r);
int forum_page_thread(struct req *r);
int forum_page_reply(struct req *r);
int forum_page_hide(struct req *r);
int forum_page_report(struct req *r);
int forum_page_reports(struct req *r);
int forum_page_resolve(struct req *r);

#endif
