/*
** web.h - handlers and routes of quizzes: the learners' pages (web.c: a
** quiz, its attempts, one question per page, the summary and the review)
** and the staff's pages (staff.c: settings and questions, every attempt,
** essays graded); tables in routes.c.
*/
#ifndef CARTABLE_QUIZZES_WEB_H
#define CARTABLE_QUIZZES_WEB_H

#include "kernel/html.h"
#include "kernel/router.h"
#include "quizzes/quizzes.h"

extern const struct route quizzes_routes[];

/* web.c */
int quiz_page_show(struct req *r);
int quiz_page_start(struct req *r);
int quiz_page_attempt(struct req *r);
int quiz_page_question(struct req *r);
int quiz_page_answer(struct req *r);
int quiz_page_finish(struct req *r);
int quiz_page_media(struct req *r);

/* staff.c */
int quiz_page_settings(struct req *r);
int quiz_page_settings_save(struct req *r);
int quiz_page_slot_add(struct req *r);
int quiz_page_slot_remove(struct req *r);
int quiz_page_attempts(struct req *r);
int quiz_page_grade(struct req *r);

/* quiz_render_attempt() is the page of attempt aid; with e, the teacher's
** grading of refused_question was refused: the form shows the message and
** what they typed, answered 422. */
int quiz_render_attempt(struct req *r, int64_t aid, int64_t refused_question, const struct err *e);

/* quiz_time_left() says a number of seconds as people read it: "12 min 5 s". */
char *quiz_time_left(struct arena *a, int64_t seconds);

#endif
