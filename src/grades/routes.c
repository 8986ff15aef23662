/*
** This file lists the routes of grades. Whose grades a person may read is
** decided in the service (grades.h).
*/
#include "grades/web.h"

#define READERS (ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)
#define TEACHING (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN)

const struct route grades_routes[] = {
	{"GET", "/notes", grades_page_mine, READERS, 0},
	{"GET", "/notes/export", grades_page_learner_csv, READERS, 0},
	{"GET", "/notes/cours/{id}", grades_page_course, TEACHING, 0},
	{"GET", "/notes/cours/{id}/export", grades_page_course_csv, TEACHING, 0},
	{"GET", "/api/v1/grades", grades_api_learner, READERS, ROUTE_API},
	{"GET", "/api/v1/courses/{id}/grades", grades_api_course, TEACHING, ROUTE_API},
	{NULL, NULL, NULL, 0, 0},
};
