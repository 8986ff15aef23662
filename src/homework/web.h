/*
** web.h - handlers and routes of homework: the learners' and guardians'
** pages (web.c), the teachers' and advisors' pages (staff.c), the JSON API
** (api.c), and what they share; tables in routes.c.
*/
#ifndef CARTABLE_HOMEWORK_WEB_H
#define CARTABLE_HOMEWORK_WEB_H

#include "homework/homework.h"
#include "kernel/html.h"
#include "kernel/router.h"

extern const struct route homework_routes[];

/* web.c */
int homework_page_list(struct req *r);
int homework_page_assignment(struct req *r);
int homework_page_submit(struct req *r);
int homework_page_copy(struct req *r);
int homework_page_copy_file(struct req *r);
int homework_page_copy_annotated(struct req *r);

/* staff.c */
int homework_page_settings(struct req *r);
int homework_page_settings_save(struct req *r);
int homework_page_copies(struct req *r);
int homework_page_queue(struct req *r);
int homework_page_correction(struct req *r);
int homework_page_start(struct req *r);
int homework_page_correct(struct req *r);
int homework_page_reassign(struct req *r);
int homework_page_turnaround(struct req *r);

/* api.c */
int homework_api_assignments(struct req *r);
int homework_api_submit(struct req *r);
int homework_api_submission(struct req *r);
int homework_api_submission_file(struct req *r);
int homework_api_submission_annotated(struct req *r);
int homework_api_queue(struct req *r);
int homework_api_correct(struct req *r);

/* ---- Shared by the pages (web.c) ---- */

/* hw_internal_error() answers the 500 page. */
int hw_internal_error(struct req *r);

/* hw_status_tag() writes a copy's or assignment's status as a tag. */
void hw_status_tag(struct html *h, enum homework_status s);

/* hw_when() is a date and time with seconds for receipts: "29/11/2026 à
** 14:05:07", in arena a. */
char *hw_when(struct arena *a, int64_t t);

/* hw_datetime() is fmt_datetime() without printf, for long lists. */
char *hw_datetime(struct arena *a, int64_t t);

/* hw_duration() says a number of seconds in days and hours ("2 j 5 h"). */
char *hw_duration(struct arena *a, int64_t seconds);

/* hw_copy_facts() writes the receipt of a copy: learner, date and time,
** version, late flag, file and SHA-256. */
void hw_copy_facts(struct html *h, struct req *r, const struct submission *s);

/* hw_correction_view() writes a returned correction: grade, feedback,
** annotated file. */
void hw_correction_view(struct html *h, struct req *r, const struct submission *s);

#endif
