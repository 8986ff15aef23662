/*
** This file lists the routes of the administration overview,
** organisations, partner schools and the outbox.
*/
#include "admin/web.h"

const struct route admin_routes[] = {
	{"GET", "/admin", admin_page_home, ROLE_ADMIN, 0},
	{"GET", "/admin/organisations", admin_page_tenants, ROLE_ADMIN, ROUTE_OPERATOR},
	{"POST", "/admin/organisations", admin_page_tenant_create, ROLE_ADMIN, ROUTE_OPERATOR | ROUTE_CSRF},
	{"GET", "/admin/etablissements", admin_page_schools, ROLE_ADMIN, 0},
	{"POST", "/admin/etablissements", admin_page_school_create, ROLE_ADMIN, ROUTE_CSRF},
	{"GET", "/admin/courrier", admin_page_outbox, ROLE_ADMIN, 0},
	{NULL, NULL, NULL, 0, 0},
};
