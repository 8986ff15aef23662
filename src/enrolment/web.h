/*
** web.h - handlers and route table of enrolment: family pages (web.c),
** school pages (school.c), staff pages (admin.c), API (api.c).
*/
#ifndef CARTABLE_ENROLMENT_WEB_H
#define CARTABLE_ENROLMENT_WEB_H

#include <stdbool.h>

#include "enrolment/enrolment.h"
#include "kernel/html.h"
#include "kernel/router.h"

extern const struct route enrolment_routes[];

/* Shared by the pages */
void enrolment_status_tag(struct html *h, const char *status);
void enrolment_table(struct html *h, struct req *r, const struct enrolment *e, int n,
                     bool with_learner);
int enrolment_render(struct req *r, int64_t id, const struct err *e);

int enrolment_page_apply_programme(struct req *r);
int enrolment_page_apply_course(struct req *r);
int enrolment_page_mine(struct req *r);
int enrolment_page_children(struct req *r);
int enrolment_page_show(struct req *r);
int enrolment_page_upload(struct req *r);
int enrolment_page_document(struct req *r);
int enrolment_page_review(struct req *r);
int enrolment_page_status(struct req *r);
int enrolment_page_cancel(struct req *r);
int enrolment_page_accommodations(struct req *r);

int enrolment_page_school(struct req *r);
int enrolment_page_import(struct req *r);
int enrolment_page_import_confirm(struct req *r);
int enrolment_page_school_csv(struct req *r);
int enrolment_page_pupil_code(struct req *r);

int enrolment_page_admin(struct req *r);
int enrolment_page_admin_csv(struct req *r);

int enrolment_api_list(struct req *r);
int enrolment_api_get(struct req *r);
int enrolment_api_apply(struct req *r);

#endif
