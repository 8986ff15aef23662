/*
** web.h - handlers and route tables of the catalogue: public pages (web.c),
** editing for authors and admins (admin.c), API (api.c), tables in routes.c.
*/
#ifndef CARTABLE_CATALOGUE_WEB_H
#define CARTABLE_CATALOGUE_WEB_H

#include <stdint.h>

#include "kernel/router.h"

extern const struct route catalogue_routes[];

/* Helpers shared by the pages */
int catalogue_page_number(struct req *r);
char *catalogue_duration(struct arena *a, int64_t months, int64_t hours);

int catalogue_page_search(struct req *r);
int catalogue_page_programme(struct req *r);
int catalogue_page_courses(struct req *r);
int catalogue_page_course(struct req *r);

int catalogue_page_admin(struct req *r);
int catalogue_page_admin_courses(struct req *r);
int catalogue_page_programme_new(struct req *r);
int catalogue_page_programme_create(struct req *r);
int catalogue_page_programme_edit(struct req *r);
int catalogue_page_programme_update(struct req *r);
int catalogue_page_programme_courses(struct req *r);
int catalogue_page_requirement_add(struct req *r);
int catalogue_page_requirement_remove(struct req *r);
int catalogue_page_course_new(struct req *r);
int catalogue_page_course_create(struct req *r);
int catalogue_page_course_edit(struct req *r);
int catalogue_page_course_update(struct req *r);

int catalogue_api_programmes(struct req *r);
int catalogue_api_programme(struct req *r);

#endif
