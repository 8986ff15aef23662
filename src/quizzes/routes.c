/*
** This file lists the routes of quizzes. Which quiz or attempt a person may
** see is decided in the service (quizzes.h).
*/
#include "quizzes/web.h"

#define LEARNING (ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN | ROLE_AUTHOR)
#define CONFIGURERS (ROLE_TEACHER | ROLE_AUTHOR | ROLE_ADMIN)
#define CORRECTORS (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)

const struct route quizzes_routes[] = {
	{"GET", "/quiz/{id}", quiz_page_show, LEARNING, 0},
	{"POST", "/quiz/{id}/commencer", quiz_page_start, ROLE_LEARNER, ROUTE_CSRF},
	{"GET", "/quiz/tentatives/{id}", quiz_page_attempt, LEARNING, 0},
	{"GET", "/quiz/tentatives/{id}/questions/{n}", quiz_page_question, ROLE_LEARNER, 0},
	{"POST", "/quiz/tentatives/{id}/questions/{n}", quiz_page_answer, ROLE_LEARNER, ROUTE_CSRF},
	{"POST", "/quiz/tentatives/{id}/terminer", quiz_page_finish, ROLE_LEARNER, ROUTE_CSRF},
	{"GET", "/quiz/tentatives/{id}/media/{qid}", quiz_page_media, LEARNING, 0},
	{"POST", "/quiz/tentatives/{id}/corriger", quiz_page_grade, CORRECTORS, ROUTE_CSRF},

	{"GET", "/quiz/{id}/parametres", quiz_page_settings, CONFIGURERS, 0},
	{"POST", "/quiz/{id}/parametres", quiz_page_settings_save, CONFIGURERS, ROUTE_CSRF},
	{"POST", "/quiz/{id}/questions", quiz_page_slot_add, CONFIGURERS, ROUTE_CSRF},
	{"POST", "/quiz/{id}/questions/{pos}/retirer", quiz_page_slot_remove, CONFIGURERS, ROUTE_CSRF},
	{"GET", "/quiz/{id}/tentatives", quiz_page_attempts, CORRECTORS, 0},
	{NULL, NULL, NULL, 0, 0},
};
