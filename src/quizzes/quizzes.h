/*
** quizzes.h - quizzes in courses: settings, questions drawn from the bank,
** attempts answered one question at a time, grades into the gradebook.
**
** A quiz IS a course item of kind "quiz" (courses.h) and has its id, as an
** assignment does. Its settings: a time limit (0: none; a learner's extra
** time from their enrolment lengthens it), how many attempts (0: as many
** as wanted), an opening and a closing date, when the right answers are
** shown (never, after each attempt, or once the quiz has closed), the
** maximum grade and weight in the gradebook, and whether answers are
** shuffled. Its questions are slots: a given question of the bank, or a
** number of questions drawn at random from a category.
**
** An attempt draws its questions when it starts and keeps them. Every
** answer is saved on the server as it is given (one request per answer),
** so a lost connection or a closed tab loses nothing; the clock is the
** server's (clock_now(), kernel/clock.h): past the deadline an answer is refused
** (ERR_CONFLICT) and the attempt is closed with what was saved. Finishing
** grades it; essays wait for a teacher of the course, and the grade goes to
** the gradebook once nothing is left to grade. The gradebook keeps the best
** attempt.
**
** Who: learners who follow the course take its published quizzes; its
** staff, authors and admins configure them; its staff, advisors and admins
** see every attempt and grade essays; a learner sees their own attempts, a
** guardian their child's. Otherwise ERR_NOT_FOUND. Everything acts within
** the request's tenant; strings live in r->arena.
*/
#ifndef CARTABLE_QUIZZES_H
#define CARTABLE_QUIZZES_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

#define QUIZ_MAX_QUESTIONS 200

enum quiz_review { QUIZ_REVIEW_NEVER, QUIZ_REVIEW_AFTER, QUIZ_REVIEW_CLOSED };

struct quiz_slot {
	int position;
	int64_t question_id;       /* a given question, or 0: */
	int64_t category_id;       /* count questions drawn from it */
	int64_t count;
	const char *label;         /* question title or category path */
};

struct quiz {
	int64_t item_id, course_id;
	char *title, *course_title, *intro_md;
	bool published, configured;
	int64_t time_limit;        /* seconds, 0: none */
	int64_t max_attempts;      /* 0: unlimited */
	enum quiz_review review;
	int64_t opens_at, closes_at; /* 0: always open / never closes */
	int64_t max_grade, weight; /* hundredths */
	bool shuffle;
	struct quiz_slot *slots;
	int nslots;
	int question_count;        /* questions an attempt will have */
};

struct quiz_settings_input {
	const char *time_limit_minutes;  /* "" or "0": none */
	const char *max_attempts;        /* "0": unlimited */
	const char *review;              /* "never", "after", "closed" */
	const char *opens, *opens_time;  /* date "JJ/MM/AAAA", time "HH:MM"; empty: none */
	const char *closes, *closes_time;
	const char *max_grade, *weight;
	bool shuffle;
};

/* quiz_review_code() is "never", "after" or "closed". */
const char *quiz_review_code(enum quiz_review v);

/* quiz_get() reads a quiz item the signed-in person may see, with its
** slots. ERR_NOT_FOUND when it is not a quiz they may see. quiz_get_for()
** reads it as seen when looking at learner_id's work (a guardian's child). */
MUST_CHECK int quiz_get(struct req *r, int64_t item_id, struct quiz *out);
MUST_CHECK int quiz_get_for(struct req *r, int64_t item_id, int64_t learner_id, struct quiz *out);

/* quiz_can_configure() is true for the course's staff, authors and admins. */
bool quiz_can_configure(struct req *r, int64_t course_id);

/* quiz_settings_save() saves the settings (ERR_FORBIDDEN for others; ERR_INVALID
** with the field and a French message). */
MUST_CHECK int quiz_settings_save(struct req *r, int64_t item_id, const struct quiz_settings_input *in,
                                  struct err *e);

/* quiz_slot_add() adds a question of the bank (question_id) or count
** questions drawn from category_id at the end. */
MUST_CHECK int quiz_slot_add(struct req *r, int64_t item_id, int64_t question_id, int64_t category_id,
                             int64_t count, struct err *e);
/* quiz_slot_remove() removes the slot at position. */
MUST_CHECK int quiz_slot_remove(struct req *r, int64_t item_id, int position);

/* ---- Attempts ---- */

struct quiz_attempt {
	int64_t id, item_id, course_id, learner_id, number;
	int64_t *questions;
	int nquestions;
	uint64_t seed;
	int64_t started_at, deadline_at, finished_at;
	int64_t score, max_score;  /* ten-thousandths of a point */
	int64_t to_grade;          /* essays waiting for a teacher */
	int64_t grade;             /* hundredths of the quiz's max_grade; -1 until final */
	char *learner_name;
	/* one per question, in order */
	const char **responses;    /* "" when not answered */
	int64_t *credits;          /* ten-thousandths; -1: to grade, or not answered */
	char **comments;
	bool *answered;
};

/* quiz_attempt_status_label() says where an attempt stands for people. */
const char *quiz_attempt_status_label(const struct quiz_attempt *a);

/* quiz_attempts_of() lists learner_id's attempts at a quiz (0: the
** signed-in learner), oldest first. Count or ERR_*. */
int quiz_attempts_of(struct req *r, int64_t item_id, int64_t learner_id, struct quiz_attempt **out);

/* quiz_attempts_all() lists every attempt at a quiz for its staff,
** advisors and admins, essays to grade first. Count or ERR_*. */
int quiz_attempts_all(struct req *r, int64_t item_id, struct quiz_attempt **out);

struct quiz_to_grade {
	int64_t item_id;
	char *title, *course_title;
	int64_t attempts;          /* finished attempts with an essay waiting */
};

/* quizzes_to_grade() lists the quizzes of the courses the signed-in person
** teaches whose finished attempts wait for an essay to be graded, oldest
** waiting first (50 at most). Count or ERR_*. */
int quizzes_to_grade(struct req *r, struct quiz_to_grade **out);

/*
** quiz_attempt_start() starts an attempt for the signed-in learner, or
** resumes the one still running. ERR_NOT_FOUND; ERR_CONFLICT with a message
** (not open yet, closed, no attempt left, no question to draw).
*/
MUST_CHECK int quiz_attempt_start(struct req *r, int64_t item_id, int64_t *attempt_id, struct err *e);

/*
** quiz_attempt_get() reads an attempt with its answers: its learner, their
** guardians, the course's staff, advisors and admins. An attempt whose time
** is up is closed first (with what was saved). ERR_NOT_FOUND otherwise.
*/
MUST_CHECK int quiz_attempt_get(struct req *r, int64_t attempt_id, struct quiz_attempt *out,
                                struct quiz *quiz);

/*
** quiz_answer_save() saves the signed-in learner's response to one question
** of their running attempt (see questions.h for the encoding), replacing
** an earlier one. ERR_NOT_FOUND (not theirs, not in the attempt);
** ERR_CONFLICT with a message when the attempt is finished or its time is
** up (nothing is saved).
*/
MUST_CHECK int quiz_answer_save(struct req *r, int64_t attempt_id, int64_t question_id,
                                const char *response, struct err *e);

/* quiz_attempt_finish() ends the signed-in learner's attempt and grades it
** (finishing a finished attempt does nothing). */
MUST_CHECK int quiz_attempt_finish(struct req *r, int64_t attempt_id, struct err *e);

/* quiz_show_right() says whether the right answers of a finished attempt
** may be shown to the learner now. Staff always see them. */
bool quiz_show_right(struct req *r, const struct quiz *q, const struct quiz_attempt *a);

/*
** quiz_grade_essay() records a teacher's points (0 to 1 point, in
** ten-thousandths) and comment for an essay of a finished attempt: staff of
** the course, advisors and admins. When no essay is left, the attempt's
** grade is final and reaches the gradebook.
*/
MUST_CHECK int quiz_grade_essay(struct req *r, int64_t attempt_id, int64_t question_id, int64_t credit,
                                const char *comment, struct err *e);

/* ---- Demo (demo.c) ---- */

/* quizzes_demo_build() adds a quiz to course_id with its questions, acting
** as the request's admin (demo.h). */
MUST_CHECK int quizzes_demo_build(struct req *r, int64_t course_id);

#endif
