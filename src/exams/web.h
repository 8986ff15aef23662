/*
** web.h - handlers and routes of the certification exams: the partner
** schools' pages (web.c), the candidates' pages (candidate.c), the public
** practice (practice.c), the organisation's pages for exams and
** statistics (admin.c), the public verification of a certificate and the
** candidates' JSON API (api.c); tables in routes.c.
*/
#ifndef CARTABLE_EXAMS_WEB_H
#define CARTABLE_EXAMS_WEB_H

#include "exams/exams.h"
#include "kernel/html.h"
#include "kernel/router.h"

extern const struct route exams_routes[];

/* web.c: the school */
int exams_page_home(struct req *r);
int exams_page_register(struct req *r);
int exams_page_candidates(struct req *r);
int exams_page_import(struct req *r);
int exams_page_import_confirm(struct req *r);
int exams_page_candidate_code(struct req *r);
int exams_page_session_new(struct req *r);
int exams_page_session_create(struct req *r);
int exams_page_session(struct req *r);
int exams_page_session_pdf(struct req *r);
int exams_page_convocations(struct req *r);
int exams_page_certificate_pdf(struct req *r);
int exams_page_stats(struct req *r);

/* candidate.c: the candidate */
int exams_page_entrance(struct req *r);
int exams_page_enter(struct req *r);
int exams_page_question(struct req *r);
int exams_page_answer(struct req *r);
int exams_page_summary(struct req *r);
int exams_page_finish(struct req *r);
int exams_page_result(struct req *r);
int exams_page_leave(struct req *r);
int exams_page_media(struct req *r);
int exams_page_verify_form(struct req *r);
int exams_page_verify(struct req *r);

/* practice.c: anyone */
int exams_page_practice(struct req *r);
int exams_page_practice_question(struct req *r);
int exams_page_practice_answer(struct req *r);

/* admin.c: the organisation */
int exams_page_admin(struct req *r);
int exams_page_exam_create(struct req *r);

/* api.c */
int exams_api_start(struct req *r);
int exams_api_attempt(struct req *r);
int exams_api_answer(struct req *r);
int exams_api_finish(struct req *r);
int exams_api_media(struct req *r);

/* exams_stats_html() writes a statistics block (figures, then the hardest
** questions as a table). */
void exams_stats_html(struct html *h, struct req *r, const char *caption, const struct exam_stats *s);

/* exams_score_text() is "17 / 20" from ten-thousandths of a point. */
char *exams_score_text(struct arena *a, int64_t score, int64_t max);

#endif
