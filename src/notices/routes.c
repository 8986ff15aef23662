/*
** This file lists the routes of notifications: each person sees only theirs.
*/
#include "notices/web.h"

const struct route notices_routes[] = {
	{"GET", "/notifications", notices_page_list, PERM_USER, 0},
	{"POST", "/notifications/lues", notices_page_read_all, PERM_USER, ROUTE_CSRF},
	{"POST", "/notifications/{id}/lue", notices_page_read, PERM_USER, ROUTE_CSRF},
	{"POST", "/notifications/preference", notices_page_preference, PERM_USER, ROUTE_CSRF},
	{"GET", "/api/v1/notifications", notices_api_list, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
