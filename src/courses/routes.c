/*
** This file lists the routes of courses. Who sees which course is decided
** by courses_access(); routes only say who may call at all.
*/
#include "courses/web.h"

#define EDITORS (ROLE_AUTHOR | ROLE_ADMIN)

const struct route courses_routes[] = {
	{"GET", "/mes-cours", courses_page_mine, PERM_USER, 0},
	{"GET", "/mes-cours/{id}", courses_page_course, PERM_USER, 0},
	{"GET", "/mes-cours/{id}/elements/{item}", courses_page_item, PERM_USER, 0},
	{"POST", "/mes-cours/{id}/elements/{item}/fait", courses_page_item_done, ROLE_LEARNER, ROUTE_CSRF},
	{"GET", "/mes-cours/{id}/elements/{item}/fichier", courses_page_item_file, PERM_USER, 0},
	{"GET", "/mes-cours/{id}/elements/{item}/pieces/{file}", courses_page_item_attachment, PERM_USER, 0},

	{"GET", "/admin/cours/{id}/contenu", courses_page_edit, EDITORS, 0},
	{"POST", "/admin/cours/{id}/parties", courses_page_section_add, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/{id}/copier", courses_page_copy, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/{id}/equipe", courses_page_staff_add, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/cours/{id}/equipe/{aid}/retirer", courses_page_staff_remove, ROLE_ADMIN, ROUTE_CSRF},
	{"POST", "/admin/cours/parties/{sid}", courses_page_section_rename, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/parties/{sid}/supprimer", courses_page_section_delete, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/parties/{sid}/monter", courses_page_section_up, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/parties/{sid}/descendre", courses_page_section_down, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/parties/{sid}/elements", courses_page_item_add, EDITORS, ROUTE_CSRF},
	{"GET", "/admin/cours/elements/{iid}", courses_page_item_edit, EDITORS, 0},
	{"POST", "/admin/cours/elements/{iid}", courses_page_item_update, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/elements/{iid}/fichier", courses_page_item_upload, EDITORS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/admin/cours/elements/{iid}/pieces", courses_page_item_attach, EDITORS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/admin/cours/elements/{iid}/monter", courses_page_item_up, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/elements/{iid}/descendre", courses_page_item_down, EDITORS, ROUTE_CSRF},
	{"POST", "/admin/cours/elements/{iid}/supprimer", courses_page_item_delete, EDITORS, ROUTE_CSRF},

	{"GET", "/api/v1/courses", courses_api_list, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/courses/{id}", courses_api_get, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
