/*
** This file lists the routes of messages. Anybody signed in may call them;
** who takes part in which thread is decided in messaging.c, and a thread
** someone does not take part in answers 404.
*/
#include "messaging/web.h"

const struct route messages_routes[] = {
	{"GET", "/messages", messages_page_list, PERM_USER, 0},
	{"GET", "/messages/nouveau", messages_page_new, PERM_USER, 0},
	{"POST", "/messages", messages_page_create, PERM_USER, ROUTE_CSRF | ROUTE_UPLOAD},
	{"GET", "/messages/{id}", messages_page_thread, PERM_USER, 0},
	{"POST", "/messages/{id}", messages_page_reply, PERM_USER, ROUTE_CSRF | ROUTE_UPLOAD},
	{"GET", "/messages/{id}/pieces/{file}", messages_page_attachment, PERM_USER, 0},

	{"GET", "/api/v1/messages", messages_api_list, PERM_USER, ROUTE_API},
	{"POST", "/api/v1/messages", messages_api_post, PERM_USER, ROUTE_API | ROUTE_UPLOAD},
	{"GET", "/api/v1/messages/{id}", messages_api_get, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/messages/{id}/attachments/{file}", messages_api_attachment, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
