/*
** This file lists the routes of the certification exams. School pages are
** for school staff (their school decided in the service); candidates and
** practice are public, a candidate being recognised by the secret of their
** attempt (a cookie for the pages, the X-Exam-Token header for the API).
*/
#include "exams/web.h"

#define ORGANISATION (ROLE_ADMIN | ROLE_AUTHOR | ROLE_ADVISOR)

const struct route exams_routes[] = {
	{"GET", "/examens", exams_page_home, ROLE_SCHOOL, 0},
	{"POST", "/examens/inscription", exams_page_register, ROLE_SCHOOL, ROUTE_CSRF},
	{"GET", "/examens/candidats", exams_page_candidates, ROLE_SCHOOL, 0},
	{"POST", "/examens/candidats/import", exams_page_import, ROLE_SCHOOL, ROUTE_CSRF | ROUTE_UPLOAD},
	{"POST", "/examens/candidats/import/confirmer", exams_page_import_confirm, ROLE_SCHOOL, ROUTE_CSRF},
	{"POST", "/examens/candidats/{id}/code", exams_page_candidate_code, ROLE_SCHOOL, ROUTE_CSRF},
	{"GET", "/examens/sessions/nouvelle", exams_page_session_new, ROLE_SCHOOL, 0},
	{"POST", "/examens/sessions", exams_page_session_create, ROLE_SCHOOL, ROUTE_CSRF},
	{"GET", "/examens/sessions/{id}", exams_page_session, ROLE_SCHOOL, 0},
	{"GET", "/examens/sessions/{id}/attestations.pdf", exams_page_session_pdf, ROLE_SCHOOL, 0},
	{"GET", "/examens/sessions/{id}/convocations", exams_page_convocations, ROLE_SCHOOL, 0},
	{"GET", "/examens/attestations/{id}", exams_page_certificate_pdf, ROLE_SCHOOL, 0},
	{"GET", "/examens/statistiques", exams_page_stats, ROLE_SCHOOL | ORGANISATION, 0},
	{"GET", "/examens/gestion", exams_page_admin, ORGANISATION, 0},
	{"POST", "/examens/gestion", exams_page_exam_create, ROLE_ADMIN | ROLE_AUTHOR, ROUTE_CSRF},

	{"GET", "/examen", exams_page_entrance, PERM_PUBLIC, 0},
	{"POST", "/examen", exams_page_enter, PERM_PUBLIC, ROUTE_CSRF},
	{"GET", "/examen/epreuve", exams_page_summary, PERM_PUBLIC, 0},
	{"GET", "/examen/epreuve/{n}", exams_page_question, PERM_PUBLIC, 0},
	{"POST", "/examen/epreuve/{n}", exams_page_answer, PERM_PUBLIC, ROUTE_CSRF},
	{"POST", "/examen/terminer", exams_page_finish, PERM_PUBLIC, ROUTE_CSRF},
	{"GET", "/examen/resultat", exams_page_result, PERM_PUBLIC, 0},
	{"POST", "/examen/quitter", exams_page_leave, PERM_PUBLIC, ROUTE_CSRF},
	{"GET", "/examen/media/{qid}", exams_page_media, PERM_PUBLIC, 0},
	{"GET", "/verify", exams_page_verify_form, PERM_PUBLIC, 0},
	{"GET", "/verify/{code}", exams_page_verify, PERM_PUBLIC, 0},

	{"GET", "/entrainement", exams_page_practice, PERM_PUBLIC, 0},
	{"GET", "/entrainement/question", exams_page_practice_question, PERM_PUBLIC, 0},
	{"POST", "/entrainement/question", exams_page_practice_answer, PERM_PUBLIC, ROUTE_CSRF},

	{"POST", "/api/v1/exam/attempts", exams_api_start, PERM_PUBLIC, ROUTE_API},
	{"GET", "/api/v1/exam/attempts/{id}", exams_api_attempt, PERM_PUBLIC, ROUTE_API},
	{"PUT", "/api/v1/exam/attempts/{id}/answers/{question_id}", exams_api_answer, PERM_PUBLIC, ROUTE_API},
	{"POST", "/api/v1/exam/attempts/{id}/finish", exams_api_finish, PERM_PUBLIC, ROUTE_API},
	{"GET", "/api/v1/exam/attempts/{id}/media/{question_id}", exams_api_media, PERM_PUBLIC, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
