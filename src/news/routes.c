/*
** This file lists the routes of news and forums. Who sees which
** announcement and which forum is decided in news.c and forum.c.
*/
#include "news/web.h"

const struct route news_routes[] = {
	{"GET", "/actualites", news_page_list, PERM_USER, 0},
	{"GET", "/actualites/nouvelle", news_page_new, PERM_USER, 0},
	{"POST", "/actualites", news_page_publish, PERM_USER, ROUTE_CSRF},
	{"GET", "/actualites/{id}", news_page_show, PERM_USER, 0},
	{"POST", "/actualites/{id}/supprimer", news_page_delete, PERM_USER, ROUTE_CSRF},

	{"GET", "/forums", forum_page_list, PERM_USER, 0},
	{"GET", "/forums/{id}", forum_page_course, PERM_USER, 0},
	{"POST", "/forums/{id}/sujets", forum_page_thread_create, PERM_USER, ROUTE_CSRF},
	{"GET", "/forums/{id}/sujets/{tid}", forum_page_thread, PERM_USER, 0},
	{"POST", "/forums/{id}/sujets/{tid}", forum_page_reply, PERM_USER, ROUTE_CSRF},
	{"POST", "/forums/{id}/messages/{pid}/masquer", forum_page_hide, PERM_USER, ROUTE_CSRF},
	{"POST", "/forums/{id}/messages/{pid}/signaler", forum_page_report, PERM_USER, ROUTE_CSRF},
	{"GET", "/forums/{id}/signalements", forum_page_reports, PERM_USER, 0},
	{"POST", "/forums/{id}/signalements/{rid}/traiter", forum_page_resolve, PERM_USER, ROUTE_CSRF},
	{NULL, NULL, NULL, 0, 0},
};
