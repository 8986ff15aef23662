/*
** This file lists the routes of the catalogue: public pages and API for
** everyone, editing for authors and admins.
*/
#include "catalogue/web.h"

#define EDITORS (ROLE_AUTHOR | ROLE_ADMIN)

const struct route catalogue_routes[] = {
	{"GET", "/catalogue", catalogue_page_search, PERM_PUBLIC, 0},
	{"GET", "/catalogue/cours", catalogue_page_courses, PERM_PUBLIC, 0},
	{"GET", "/formations/{id}", catalogue_page_programme, PERM_PUBLIC, 0},
	{"GET", "/cours/{id}", catalogue_page_course, PERM_PUBLIC, 0},

	{"GET", "/admin/catalogue", catalogue_page_admin, EDITORS, 0},
	{"GET", "/admin/catalogue/cours", catalogue_page_admin_courses, EDITORS, 0},
	{"GET", "/admin/catalogue/formations/nouvelle", catalogue_page_programme_new, EDITORS, 0},
	{"POST", "/admin/catalogue/formations", catalogue_page_programme_create, EDITORS, ROUTE_CSRF},
	{"GET", "/admin/catalogue/formations/{id}", catalogue_page_programme_edit, EDITORS, 0},
	{"POST", "/admin/catalogue/formations/{id}", catalogue_page_programme_update, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/catalogue/formations/{id}/cours", catalogue_page_programme_courses, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/catalogue/formations/{id}/pieces", catalogue_page_requirement_add, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/catalogue/formations/{id}/pieces/{rid}/supprimer", catalogue_page_requirement_remove, EDITORS, ROUTE_CSRF},
	{"GET", "/admin/catalogue/cours/nouveau", catalogue_page_course_new, EDITORS, 0},
	{"POST", "/admin/catalogue/cours", catalogue_page_course_create, EDITORS, ROUTE_CSRF},
	{"GET", "/admin/catalogue/cours/{id}", catalogue_page_course_edit, EDITORS, 0},
	{"POST", "/admin/catalogue/cours/{id}", catalogue_page_course_update, EDITORS, ROUTE_CSRF},

	{"GET", "/api/v1/programmes", catalogue_api_programmes, PERM_PUBLIC, ROUTE_API},
	{"GET", "/api/v1/programmes/{id}", catalogue_api_programme, PERM_PUBLIC, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
