/*
** This file lists the routes of the question bank. Editing is for authors,
** teachers and admins; a question's medium is public when its category is
** open to practice (decided in the service).
*/
#include "questions/web.h"

#define EDITORS (ROLE_AUTHOR | ROLE_TEACHER | ROLE_ADMIN)

const struct route questions_routes[] = {
	{"GET", "/banque", questions_page_bank, EDITORS, 0},
	{"POST", "/banque/categories", questions_page_category_create, EDITORS, ROUTE_CSRF},
	{"GET", "/banque/categories/{id}", questions_page_category, EDITORS, 0},
	{"POST", "/banque/categories/{id}/entrainement", questions_page_category_practice, EDITORS, ROUTE_CSRF},
	{"POST", "/banque/questions", questions_page_question_create, EDITORS, ROUTE_CSRF},
	{"GET", "/banque/questions/{id}", questions_page_question, EDITORS, 0},
	{"POST", "/banque/questions/{id}", questions_page_question_save, EDITORS, ROUTE_CSRF},
	{"POST", "/banque/questions/{id}/media", questions_page_question_media, EDITORS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/banque/questions/{id}/archiver", questions_page_question_archive, EDITORS, ROUTE_CSRF},
	{"GET", "/banque/questions/{id}/media", questions_page_media, PERM_PUBLIC, 0},
	{"GET", "/banque/import", questions_page_import, EDITORS, 0},
	{"POST", "/banque/import", questions_page_import_check, EDITORS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/banque/import/confirmer", questions_page_import_confirm, EDITORS, ROUTE_CSRF | ROUTE_UPLOAD},
	{"GET", "/banque/export", questions_page_export, EDITORS, 0},

	{"GET", "/api/v1/questions/categories", questions_api_categories, EDITORS, ROUTE_API},
	{"GET", "/api/v1/questions/export", questions_api_export, EDITORS, ROUTE_API},
	{"POST", "/api/v1/questions/import", questions_api_import, EDITORS, ROUTE_API | ROUTE_UPLOAD},
	{"GET", "/api/v1/questions/{id}", questions_api_question, EDITORS, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
