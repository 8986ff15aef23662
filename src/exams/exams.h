/*
** exams.h - certification exams on the road-safety model (attestations
** scolaires de sécurité routière): exams drawn from the question bank,
** partner schools that register and import their candidates, sessions,
** timed attempts, results per class, certificates with a public
** verification code, statistics per school and per academy.
**
** Who does what
** -------------
**   - admins and authors of the organisation define exams: a title, how many
**     questions are drawn (from which categories of the bank), the time
**     limit and the pass mark;
**   - staff of a partner school (role "school", r->user.school_id) register
**     the school, import candidates from the CSV class lists their school
**     software exports, plan sessions (a date window, classes, supervisors),
**     follow results per class and print certificates. They see their own
**     school's candidates and results only: anything else is ERR_NOT_FOUND;
**   - candidates are pupils without an account or an e-mail address: they
**     enter a session with its session code and their personal code (both
**     typed, without look-alike characters); the entrance is throttled;
**   - anyone can check a certificate at /verify/{code}: the page confirms
**     name, exam, date and result, nothing else.
**
** An attempt
** ----------
** Entering starts the candidate's attempt in that session, or resumes it:
** there is one attempt per candidate and session, and a candidate has one
** running attempt at most. Its questions are drawn when it starts, its
** deadline is the start plus the exam's time limit (plus the candidate's
** extra time). Each answer is saved on its own (exams_answer_save()); an
** answer after the deadline is refused whatever the client says, and the
** attempt counts what was saved before. Entering again (another device)
** gives the attempt a new secret: the old one stops working. A candidate who
** failed sits again in a later session (a re-sit session admits only those
** who have not passed).
**
** Everything acts within the request's tenant; strings live in r->arena.
*/
#ifndef CARTABLE_EXAMS_H
#define CARTABLE_EXAMS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"
#include "kernel/str.h"

#define EXAM_CODE_LEN 8              /* personal code: XXXX-XXXX */
#define EXAM_SESSION_CODE_LEN 6
#define EXAM_VERIFY_LEN 20           /* about 99 bits: neither guessed nor enumerated */
#define EXAM_TOKEN_COOKIE "cartable_examen"
#define EXAM_MAX_QUESTIONS 100
#define EXAM_MAX_CANDIDATES 5000     /* in one CSV file */

/* ---- Exams (exams.c) ---- */

struct exam {
	int64_t id;
	char *code, *title;
	int64_t question_count, time_limit, pass_pct;
	int64_t *categories;
	int ncategories;
	bool active;
};

struct exam_input {
	const char *code, *title;
	const char *question_count, *time_limit_minutes, *pass_pct;
	const int64_t *categories;
	int ncategories;
};

/* exams_can_define() is true for admins and authors. */
bool exams_can_define(const struct req *r);
/* exams_list() lists the exams of the tenant (active ones only unless all). */
int exams_list(struct req *r, bool all, struct exam **out);
MUST_CHECK int exams_get(struct req *r, int64_t id, struct exam *out);
/* exams_create() defines an exam (admins and authors): ERR_INVALID with the
** field and message; ERR_CONFLICT when the code is taken. */
MUST_CHECK int exams_create(struct req *r, const struct exam_input *in, int64_t *id, struct err *e);

/* ---- Schools (exams.c) ---- */

struct exam_school {
	int64_t school_id;
	char *name, *uai, *city, *academy;
	bool registered;
	char *contact_name, *contact_email;
	int64_t registered_at;
};

/* exams_my_school() reads the school of the signed-in staff member with its
** registration. ERR_FORBIDDEN when the account has no school. */
MUST_CHECK int exams_my_school(struct req *r, struct exam_school *out);

/* exams_school_register() registers the signed-in staff member's school for
** the exams (again: updates the contact). */
MUST_CHECK int exams_school_register(struct req *r, const char *contact_name,
                                     const char *contact_email, struct err *e);

/* ---- Candidates (candidates.c) ---- */

struct exam_candidate {
	int64_t id, school_id;
	char *class_name, *family_name, *given_name, *birth_date, *code;
	int64_t extra_time_pct;
	/* latest result in the exams, for lists */
	int64_t attempts, best_score, best_max;
	bool passed;
};

struct candidate_line {
	int line;
	char *family_name, *given_name, *birth_date, *class_name;
	int64_t extra_time_pct;
	char *error;                 /* NULL when the line is right */
	bool existing;               /* already a candidate of the school (set by the import) */
};

struct candidate_import {
	const char *file_error;      /* the whole file is refused, or NULL */
	const char *encoding;
	char separator;
	const char *ignored;         /* the header's columns left unread ("« INE », « Sexe »"), or NULL */
	struct candidate_line *lines;
	int nlines, nerrors;
	int ncreated, nupdated;      /* after commit */
};

/*
** exams_candidates_parse() reads a class list (csv.h: UTF-8 or
** Windows-1252, ';' ',' or tab) whose first line names the columns: nom,
** prénom and classe, and if wanted date de naissance and tiers-temps
** (oui/non, or a percentage). Every line is checked; duplicates within the
** file are errors. Pure: no database; allocates in a. Always returns 0:
** problems are in out (file_error, or each line's error).
*/
int exams_candidates_parse(struct arena *a, const char *data, size_t len, struct candidate_import *out);

/*
** exams_candidates_import() parses a class list for the signed-in staff
** member's school (registered) and, with commit and no error, creates the
** new candidates (each with a personal code) and updates the class and
** extra time of those already known (same names and birth date), in one
** transaction: all or nothing. 0 (errors in out), ERR_FORBIDDEN,
** ERR_INTERNAL.
*/
MUST_CHECK int exams_candidates_import(struct req *r, const char *data, size_t len, bool commit,
                                       struct candidate_import *out);

struct exam_class {
	char *name;
	int64_t candidates;
};

/* exams_classes() lists the classes of the signed-in staff member's school. */
int exams_classes(struct req *r, struct exam_class **out);

/* exams_class_candidates() lists a class of the school, by name, with each
** candidate's best result. Count or ERR_*. */
int exams_class_candidates(struct req *r, const char *class_name, struct exam_candidate **out);

/* exams_candidate_get() reads a candidate of the staff member's school. */
MUST_CHECK int exams_candidate_get(struct req *r, int64_t id, struct exam_candidate *out);

/* exams_candidate_new_code() gives a candidate a new personal code (the old
** one stops working). */
MUST_CHECK int exams_candidate_new_code(struct req *r, int64_t id, char code[EXAM_CODE_LEN + 1]);

/* exams_code_format() writes a code as it is printed: "ABCD-EFGH". */
char *exams_code_format(struct arena *a, const char *code);

/* exams_code_normal() reads a code as typed (case, spaces and dashes,
** also the Unicode dashes and no-break spaces of phones,
** ignored) into its stored form, in a; NULL if it cannot be one. */
char *exams_code_normal(struct arena *a, const char *typed, size_t len);

/* ---- Sessions (exams.c) ---- */

struct exam_session {
	int64_t id, school_id, exam_id;
	char *code, *title, *exam_title, *supervisors;
	int64_t opens_at, closes_at, created_at;
	bool resit;
	char **classes;
	int nclasses;
	/* counts, in lists */
	int64_t started, finished, passed;
};

struct exam_session_input {
	int64_t exam_id;
	const char *title;
	const char *opens_date, *opens_time, *closes_date, *closes_time;
	const char **classes;
	int nclasses;
	const char *supervisors;     /* one name per line */
	bool resit;
};

/* exams_session_create() plans a session for the staff member's school
** (registered): ERR_INVALID with the field and message. The same session
** sent again by the same person within two minutes (a double click) is
** not made twice: *id is the one made then. */
MUST_CHECK int exams_session_create(struct req *r, const struct exam_session_input *in, int64_t *id,
                                    struct err *e);
/* exams_sessions() lists the school's sessions, latest first, with counts. */
int exams_sessions(struct req *r, struct exam_session **out);
/* exams_session_get() reads a session of the staff member's school. */
MUST_CHECK int exams_session_get(struct req *r, int64_t id, struct exam_session *out);

struct exam_result {
	int64_t candidate_id, attempt_id;
	char *family_name, *given_name, *class_name;
	int64_t started_at, finished_at, deadline_at;
	int64_t score, max_score;    /* ten-thousandths of a point */
	bool passed, running;
	bool passed_before;          /* has the exam's certificate from another session: not admitted */
	char *verify_code;
};

/* exams_session_results() lists a class of a session: every candidate of
** the class, with their attempt in the session if any, and whether they
** passed the exam in another session. Attempts whose time is up are closed
** first. Count or ERR_*. */
int exams_session_results(struct req *r, int64_t session_id, const char *class_name,
                          struct exam_result **out);

/* ---- Attempts (attempts.c) ---- */

struct exam_attempt {
	int64_t id, session_id, school_id, exam_id, candidate_id;
	int64_t *questions;
	int nquestions;
	uint64_t seed;
	int64_t started_at, deadline_at, finished_at;
	int64_t score, max_score, pass_pct;
	bool passed;
	char *verify_code;
	char *exam_title, *candidate_name;
	/* answers, one per question, after exams_attempt_answers() */
	const char **responses;
	bool *answered;
};

/*
** exams_enter() lets a candidate in with a session code and a personal code
** (as typed): starts their attempt in the session or resumes it, and writes
** a new secret for it into token (43 characters + NUL; only its hash is
** stored). ERR_INVALID with one message for any wrong pair of codes (which
** of the two is wrong is not said); ERR_THROTTLED after too many wrong
** tries from the address or for the session; ERR_CONFLICT with a message
** (session not open now, class not invited, already passed, another attempt
** running, attempt finished).
*/
MUST_CHECK int exams_enter(struct req *r, const char *session_code, const char *candidate_code,
                           int64_t *attempt_id, char token[64], struct err *e);

/*
** exams_attempt_auth() finds the attempt `id` whose secret is token (an
** attempt whose time is up is closed first). ERR_NOT_FOUND for anything
** else, the same whether the attempt exists or not.
*/
MUST_CHECK int exams_attempt_auth(struct req *r, int64_t id, const char *token, struct exam_attempt *out);

/* exams_attempt_answers() reads the saved answers of an attempt into
** a->responses and a->answered. */
MUST_CHECK int exams_attempt_answers(struct req *r, struct exam_attempt *a);

/* exams_time_left() is the seconds left of a running attempt (0 when up). */
int64_t exams_time_left(const struct exam_attempt *a);

/*
** exams_answer_save() saves the response (questions.h encoding) to one
** question of a running attempt, graded at once. ERR_NOT_FOUND (not a
** question of the attempt); ERR_CONFLICT with a message when the attempt is
** finished or its time is up: nothing is saved.
*/
MUST_CHECK int exams_answer_save(struct req *r, struct exam_attempt *a, int64_t question_id,
                                 const char *response, struct err *e);

struct question;

/*
** exams_answer_save_later() is exams_answer_save() for a handler, with the
** question already read (questions_get(), to read the response): the same
** refusals, returned at once; otherwise (0) the answer is queued
** for the next group commit and r is suspended (req.h): the handler returns
** REPLY_LATER, and once the answer is on disk (rc 0) or failed
** (ERR_INTERNAL), then(r, rc, arg) answers the request on an HTTP thread.
** arg must live in r->arena (or longer).
*/
MUST_CHECK int exams_answer_save_later(struct req *r, struct exam_attempt *a, const struct question *q,
                                       const char *response, struct err *e,
                                       int (*then)(struct req *r, int rc, void *arg), void *arg);

/* exams_attempt_finish() ends a running attempt now: score, pass, the
** certificate's code when passed, statistics. Finishing a finished attempt
** does nothing. */
MUST_CHECK int exams_attempt_finish(struct req *r, struct exam_attempt *a);

/* exams_attempt_for_school() reads an attempt of the staff member's school. */
MUST_CHECK int exams_attempt_for_school(struct req *r, int64_t id, struct exam_attempt *out);

/* ---- Certificates and verification (certificate.c, verify in attempts.c) ---- */

struct exam_certificate {
	char *given_name, *family_name, *birth_date, *class_name;
	char *exam_title, *school_name, *school_city;
	int64_t finished_at, score, max_score;
	char *verify_code;
};

/*
** exams_certificates() reads the certificates of passed attempts of the
** staff member's school: one attempt (attempt_id), or a whole class of a
** session (session_id and class_name, attempt_id 0). Count or ERR_*.
*/
int exams_certificates(struct req *r, int64_t attempt_id, int64_t session_id, const char *class_name,
                       struct exam_certificate **out);

/*
** exams_certificates_pdf() writes certificates as one PDF (a page each),
** each with a QR code to base_url/verify/{code}, in r->arena. 0 or
** ERR_INTERNAL (logged: no font, libharu error).
*/
MUST_CHECK int exams_certificates_pdf(struct req *r, const struct exam_certificate *c, int n,
                                      const char *base_url, char **pdf, size_t *len);

struct exam_verification {
	char *given_name, *family_name, *exam_title;
	int64_t finished_at;
	bool passed;
};

/*
** exams_verify() finds the certificate of a verification code (as typed or
** scanned). This look-up is not scoped by the request's tenant: the code
** (EXAM_VERIFY_LEN random characters) is what names the certificate, as a
** calendar secret does. ERR_NOT_FOUND for any unknown code.
*/
MUST_CHECK int exams_verify(struct req *r, const char *code, struct exam_verification *out);

/* ---- Statistics (stats.c) ---- */

struct exam_question_stat {
	int64_t question_id;
	const char *text;
	int64_t answers, credit_sum;  /* mean = credit_sum / answers */
};

struct exam_stats {
	int64_t schools, candidates, passed, attempts, score_sum, max_sum;
	struct exam_question_stat *hardest;
	int nhardest;
};

/* exams_stats_school() gives the statistics of one exam in the signed-in
** staff member's school (school_id 0), or any school for admins. */
MUST_CHECK int exams_stats_school(struct req *r, int64_t school_id, int64_t exam_id, struct exam_stats *out);
/* exams_stats_academy() sums them over the registered schools of an
** academy; the 10 hardest questions (lowest mean) with at least 5 answers. */
MUST_CHECK int exams_stats_academy(struct req *r, const char *academy, int64_t exam_id, struct exam_stats *out);
/* exams_academies() lists the academies of registered schools. */
int exams_academies(struct req *r, char ***out);

/* ---- Demo (demo.c) ---- */

/* exams_demo_build() builds the road-safety demo for the school school_id
** whose staff member is staff_id, acting as the request's admin (demo.h). */
MUST_CHECK int exams_demo_build(struct req *r, int64_t school_id, int64_t staff_id);

#endif
