/*
** This file lists the routes of enrolment. Services check who may see
** which enrolment; routes only say who may call at all.
*/
#include "enrolment/web.h"

#define DECIDERS ENROLMENT_DECIDERS

const struct route enrolment_routes[] = {
	{"GET", "/formations/{id}/inscription", enrolment_page_apply_programme, PERM_USER, 0},
	{"POST", "/formations/{id}/inscription", enrolment_page_apply_programme, PERM_USER, ROUTE_CSRF},
	{"GET", "/cours/{id}/inscription", enrolment_page_apply_course, PERM_USER, 0},
	{"POST", "/cours/{id}/inscription", enrolment_page_apply_course, PERM_USER, ROUTE_CSRF},
	{"GET", "/mes-inscriptions", enrolment_page_mine, ROLE_LEARNER, 0},
	{"GET", "/mes-enfants", enrolment_page_children, ROLE_GUARDIAN, 0},
	{"GET", "/inscriptions/{id}", enrolment_page_show, PERM_USER, 0},
	{"POST", "/inscriptions/{id}/pieces", enrolment_page_upload, PERM_USER, ROUTE_CSRF | ROUTE_UPLOAD},
	{"GET", "/inscriptions/{id}/pieces/{doc}", enrolment_page_document, PERM_USER, 0},
	{"POST", "/inscriptions/{id}/pieces/{doc}/examen", enrolment_page_review, DECIDERS, ROUTE_CSRF},
	{"POST", "/inscriptions/{id}/statut", enrolment_page_status, DECIDERS, ROUTE_CSRF},
	{"POST", "/inscriptions/{id}/annuler", enrolment_page_cancel, PERM_USER, ROUTE_CSRF},
	{"POST", "/inscriptions/{id}/amenagements", enrolment_page_accommodations, DECIDERS, ROUTE_CSRF},

	{"GET", "/etablissement", enrolment_page_school, ROLE_SCHOOL, 0},
	{"POST", "/etablissement/import", enrolment_page_import, ROLE_SCHOOL, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/etablissement/import/confirmer", enrolment_page_import_confirm, ROLE_SCHOOL, ROUTE_CSRF},
	{"GET", "/etablissement/inscriptions.csv", enrolment_page_school_csv, ROLE_SCHOOL, 0},
	{"POST", "/etablissement/eleves/{id}/code", enrolment_page_pupil_code, ROLE_SCHOOL, ROUTE_CSRF},

	{"GET", "/admin/inscriptions", enrolment_page_admin, ENROLMENT_STAFF, 0},
	{"GET", "/admin/inscriptions.csv", enrolment_page_admin_csv, ENROLMENT_STAFF, 0},

	{"GET", "/api/v1/enrolments", enrolment_api_list, PERM_USER, ROUTE_API},
	{"GET", "/api/v1/enrolments/{id}", enrolment_api_get, PERM_USER, ROUTE_API},
	{"POST", "/api/v1/enrolments", enrolment_api_apply, PERM_USER, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
