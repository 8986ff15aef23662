/*
** This file lists the routes of homework. Routes say who may call at all;
** which copy or assignment a person may see is decided in the service.
*/
#include "homework/web.h"

#define LEARNING (ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN | ROLE_AUTHOR)
#define CORRECTORS (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)
#define CONFIGURERS (ROLE_TEACHER | ROLE_AUTHOR | ROLE_ADMIN)
#define MANAGERS (ROLE_ADVISOR | ROLE_ADMIN)

const struct route homework_routes[] = {
	{"GET", "/devoirs", homework_page_list, LEARNING, 0},
	{"GET", "/devoirs/{id}", homework_page_assignment, LEARNING, 0},
	{"POST", "/devoirs/{id}/rendu", homework_page_submit, ROLE_LEARNER, ROUTE_CSRF | ROUTE_UPLOAD},
	{"GET", "/devoirs/{id}/parametres", homework_page_settings, CONFIGURERS, 0},
	{"POST", "/devoirs/{id}/parametres", homework_page_settings_save, CONFIGURERS, ROUTE_CSRF},
	{"GET", "/devoirs/{id}/copies", homework_page_copies, CORRECTORS, 0},
	{"GET", "/copies/{id}", homework_page_copy, LEARNING, 0},
	{"GET", "/copies/{id}/fichier", homework_page_copy_file, LEARNING, 0},
	{"GET", "/copies/{id}/corrige", homework_page_copy_annotated, LEARNING, 0},

	{"GET", "/corrections", homework_page_queue, CORRECTORS, 0},
	{"GET", "/corrections/delais", homework_page_turnaround, CORRECTORS, 0},
	{"GET", "/corrections/{id}", homework_page_correction, CORRECTORS, 0},
	{"POST", "/corrections/{id}", homework_page_correct, ROLE_TEACHER, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/corrections/{id}/commencer", homework_page_start, ROLE_TEACHER, ROUTE_CSRF},
	{"POST", "/corrections/{id}/attribuer", homework_page_reassign, MANAGERS, ROUTE_CSRF},

	{"GET", "/api/v1/assignments", homework_api_assignments, PERM_USER, ROUTE_API},
	{"POST", "/api/v1/assignments/{id}/submissions", homework_api_submit, ROLE_LEARNER,
	 ROUTE_API | ROUTE_UPLOAD},
	{"GET", "/api/v1/submissions/{id}", homework_api_submission, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/submissions/{id}/file", homework_api_submission_file, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/submissions/{id}/annotated", homework_api_submission_annotated, PERM_USER,
	 ROUTE_API},
	{"GET", "/api/v1/corrections", homework_api_queue, CORRECTORS, ROUTE_API},
	{"POST", "/api/v1/submissions/{id}/correction", homework_api_correct, ROLE_TEACHER,
	 ROUTE_API | ROUTE_UPLOAD},
	{NULL, NULL, NULL, 0, 0},
};
