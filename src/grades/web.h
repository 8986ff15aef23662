/*
** web.h - handlers and routes of grades: pages, CSV exports and the API
** (web.c); table in routes.c.
*/
#ifndef CARTABLE_GRADES_WEB_H
#define CARTABLE_GRADES_WEB_H

#include "kernel/router.h"

extern const struct route grades_routes[];

int grades_page_mine(struct req *r);
int grades_page_course(struct req *r);
int grades_page_course_csv(struct req *r);
int grades_page_learner_csv(struct req *r);
int grades_api_learner(struct req *r);
int grades_api_course(struct req *r);

#endif
