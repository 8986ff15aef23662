/*
** This file gathers the route tables of every feature into the list the
** router searches (app.h).
*/
#include "admin/web.h"
#include "agenda/web.h"
#include "app/app.h"
#include "app/home.h"
#include "catalogue/web.h"
#include "exams/web.h"
#include "courses/web.h"
#include "enrolment/web.h"
#include "grades/web.h"
#include "homework/web.h"
#include "messaging/web.h"
#include "news/web.h"
#include "notices/web.h"
#include "people/web.h"
#include "srs/web.h"
#include "questions/web.h"
#include "quizzes/web.h"

extern const struct route openapi_routes[];

const struct route *const app_routes[] = {
	home_routes,
	people_routes,
	people_admin_routes,
	people_api_routes,
	catalogue_routes,
	enrolment_routes,
	courses_routes,
	homework_routes,
	grades_routes,
	notices_routes,
	messages_routes,
	agenda_routes,
	news_routes,
	admin_routes,
	srs_routes,
	questions_routes,
	quizzes_routes,
	exams_routes,
	openapi_routes,
	NULL,
};
