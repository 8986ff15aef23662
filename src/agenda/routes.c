/*
** This file lists the routes of the agenda. The feed is public: its secret
** address is the credential, checked in agenda_feed().
*/
#include "agenda/web.h"

#define STAFF (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)

const struct route agenda_routes[] = {
	{"GET", "/agenda", agenda_page_show, PERM_USER, 0},
	{"GET", "/agenda/classes-virtuelles", agenda_page_classes, STAFF, 0},
	{"POST", "/agenda/classes-virtuelles", agenda_page_class_create, STAFF, ROUTE_CSRF},
	{"POST", "/agenda/classes-virtuelles/{id}/supprimer", agenda_page_class_delete, STAFF, ROUTE_CSRF},
	{"GET", "/agenda/evenements", agenda_page_events, ROLE_ADMIN, 0},
	{"POST", "/agenda/evenements", agenda_page_event_create, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/agenda/evenements/{id}/supprimer", agenda_page_event_delete, ROLE_ADMIN, ROUTE_CSRF},
	{"GET", "/agenda/abonnement", agenda_page_feed, PERM_USER, 0},
	{"POST", "/agenda/abonnement", agenda_page_feed_issue, PERM_USER, ROUTE_CSRF},
	{"POST", "/agenda/abonnement/supprimer", agenda_page_feed_revoke, PERM_USER, ROUTE_CSRF},
	{"GET", "/agenda/flux/{token}", agenda_ics, PERM_PUBLIC, 0},

	{"GET", "/api/v1/agenda", agenda_api_list, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
