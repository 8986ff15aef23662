/*
** This file implements the attempts of quizzes.h: starting one (questions
** drawn and kept, deadline set by the server's clock with the learner's
** extra time), saving each answer as it is given, closing an attempt whose
** time is up, grading, essays graded by a teacher, and the best grade sent
** to the gradebook.
*/
#include <stdlib.h>
#include <string.h>

#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "grades/grades.h"
#include "kernel/auth.h"
#include "kernel/clock.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/str.h"
#include "kernel/text.h"
#include "people/people.h"
#include "questions/questions.h"
#include "quizzes/quizzes.h"

/* ---- Reading ---- */

#define ATTEMPT_COLS "a.id, a.item_id, a.course_id, a.learner_id, a.number, a.questions, a.seed," \
	" a.started_at, a.deadline_at, a.finished_at, a.score, a.max_score, a.to_grade, a.grade," \
	" l.given_name, l.family_name"
#define ATTEMPT_FROM " FROM quiz_attempts a JOIN accounts l ON l.tenant_id = a.tenant_id AND l.id = a.learner_id"

static void attempt_read(struct db_stmt *st, struct arena *a, struct quiz_attempt *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_int(st, 0);
	out->item_id = db_int(st, 1);
	out->course_id = db_int(st, 2);
	out->learner_id = db_int(st, 3);
	out->number = db_int(st, 4);
	out->questions = str_ids_parse(a, db_text(st, 5), &out->nquestions);
	out->seed = (uint64_t)db_int(st, 6);
	out->started_at = db_int(st, 7);
	out->deadline_at = db_int(st, 8);
	out->finished_at = db_int(st, 9);
	out->score = db_int(st, 10);
	out->max_score = db_int(st, 11);
	out->to_grade = db_int(st, 12);
	out->grade = db_is_null(st, 13) ? -1 : db_int(st, 13);
	out->learner_name = arena_printf(a, "%s %s", db_text(st, 14), db_text(st, 15));
}

static int attempts_list(struct req *r, const char *sql, int64_t a1, int64_t a2, struct quiz_attempt **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a1);
	if (a2)
		db_bind_int(st, 3, a2);
	size_t cap = 16;
	int n = 0, rc;
	struct quiz_attempt *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		attempt_read(st, r->arena, &list[n++]);
		if (n >= 5000) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

static bool staff_of(struct req *r, int64_t course_id)
{
	if (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR))
		return true;
	return (r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id);
}

static bool may_see(struct req *r, int64_t learner_id, int64_t course_id)
{
	if (!r->user.id)
		return false;
	if (learner_id == r->user.id)
		return true;
	if ((r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id))
		return true;
	return staff_of(r, course_id);
}

static int close_attempt(struct req *r, struct quiz_attempt *a, const struct quiz *q, int64_t at);

int quiz_attempts_of(struct req *r, int64_t item_id, int64_t learner_id, struct quiz_attempt **out)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	if (!learner_id)
		learner_id = r->user.id;
	if (!may_see(r, learner_id, q.course_id))
		return ERR_NOT_FOUND;
	int n = attempts_list(r, "SELECT " ATTEMPT_COLS ATTEMPT_FROM " WHERE a.tenant_id = ? AND a.item_id = ?"
	                         " AND a.learner_id = ? ORDER BY a.number", item_id, learner_id, out);
	/* an attempt whose time ran out is closed the first time it is seen */
	int64_t now = clock_now();
	for (int i = 0; i < n; i++)
		if (!(*out)[i].finished_at && (*out)[i].deadline_at && now > (*out)[i].deadline_at &&
		    close_attempt(r, &(*out)[i], &q, (*out)[i].deadline_at) != 0)
			return ERR_INTERNAL;
	return n;
}

int quiz_attempts_all(struct req *r, int64_t item_id, struct quiz_attempt **out)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	if (!staff_of(r, q.course_id))
		return ERR_NOT_FOUND;
	return attempts_list(r, "SELECT " ATTEMPT_COLS ATTEMPT_FROM " WHERE a.tenant_id = ? AND a.item_id = ?"
	                        " ORDER BY a.to_grade DESC, l.family_name, l.given_name, a.number",
	                     item_id, 0, out);
}

const char *quiz_attempt_status_label(const struct quiz_attempt *a)
{
	if (!a->finished_at)
		return _("en cours");
	if (a->to_grade)
		return _("à corriger");
	return _("terminée");
}

static int read_answers(struct req *r, struct quiz_attempt *a)
{
	int n = a->nquestions;
	a->responses = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *a->responses);
	a->credits = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *a->credits);
	a->comments = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *a->comments);
	a->answered = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *a->answered);
	for (int i = 0; i < n; i++) {
		a->responses[i] = "";
		a->credits[i] = -1;
		a->comments[i] = "";
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT question_id, response, credit, comment FROM quiz_answers"
	                                         " WHERE tenant_id = ? AND attempt_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->id);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t qid = db_int(st, 0);
		for (int i = 0; i < n; i++)
			if (a->questions[i] == qid) {
				a->responses[i] = db_text_dup(st, 1, r->arena);
				a->credits[i] = db_is_null(st, 2) ? -1 : db_int(st, 2);
				a->comments[i] = db_text_dup(st, 3, r->arena);
				a->answered[i] = !question_response_blank(a->responses[i]);
			}
	}
	return rc < 0 ? rc : 0;
}

static int attempt_row(struct req *r, int64_t id, struct quiz_attempt *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " ATTEMPT_COLS ATTEMPT_FROM
	                                         " WHERE a.tenant_id = ? AND a.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	attempt_read(st, r->arena, out);
	db_done(st);
	return 0;
}

int quiz_attempt_get(struct req *r, int64_t attempt_id, struct quiz_attempt *out, struct quiz *quiz)
{
	int rc = attempt_row(r, attempt_id, out);
	if (rc)
		return rc;
	if (!may_see(r, out->learner_id, out->course_id))
		return ERR_NOT_FOUND;
	struct quiz q;
	rc = quiz_get_for(r, out->item_id, out->learner_id, &q);
	if (rc)
		return rc;
	if (!out->finished_at && out->deadline_at && clock_now() > out->deadline_at) {
		rc = close_attempt(r, out, &q, out->deadline_at);
		if (rc)
			return rc;
		rc = attempt_row(r, attempt_id, out);
		if (rc)
			return rc;
	}
	if (quiz)
		*quiz = q;
	return read_answers(r, out);
}

/* ---- Starting ---- */

static uint64_t random_seed(void)
{
	char tok[AUTH_TOKEN_LEN];
	auth_random_token(tok);
	uint64_t h = 1469598103934665603ull;
	for (const char *p = tok; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return h & 0x3FFFFFFFFFFFFFFFull; /* fits a signed BIGINT */
}

int quiz_attempt_start(struct req *r, int64_t item_id, int64_t *attempt_id, struct err *e)
{
	struct quiz q;
	int rc = quiz_get(r, item_id, &q);
	if (rc)
		return rc;
	struct accommodation acc = {0};
	if (!(r->user.roles & ROLE_LEARNER) || !q.published ||
	    !enrolment_follows(r, r->user.id, q.course_id, &acc))
		return ERR_NOT_FOUND;
	int64_t now = clock_now();
	if (q.opens_at && now < q.opens_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Ce quiz n'est pas encore ouvert."));
	if (q.closes_at && now >= q.closes_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Ce quiz est fermé."));
	struct quiz_attempt *past;
	int n = quiz_attempts_of(r, item_id, r->user.id, &past);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++)
		if (!past[i].finished_at) {
			*attempt_id = past[i].id; /* the one still running */
			return 0;
		}
	if (q.max_attempts && n >= q.max_attempts)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Vous avez utilisé toutes vos tentatives."));
	uint64_t seed = random_seed();
	int64_t *ids = arena_array(r->arena, QUIZ_MAX_QUESTIONS, sizeof *ids);
	int nids = 0;
	for (int s = 0; s < q.nslots; s++) {
		const struct quiz_slot *sl = &q.slots[s];
		if (sl->question_id) {
			bool dup = false;
			for (int i = 0; i < nids; i++)
				dup |= ids[i] == sl->question_id;
			if (!dup && nids < QUIZ_MAX_QUESTIONS)
				ids[nids++] = sl->question_id;
			continue;
		}
		int k = questions_draw(r, &sl->category_id, 1, (int)sl->count, ids, nids,
		                       seed + (uint64_t)s, ids + nids);
		if (k < 0)
			return k;
		nids += k;
	}
	if (nids == 0)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Ce quiz n'a pas encore de questions."));
	struct question *qs = arena_array(r->arena, (size_t)nids, sizeof *qs);
	rc = questions_get_many(r, ids, nids, qs);
	if (rc)
		return rc;
	int64_t max_score = 0;
	for (int i = 0; i < nids; i++)
		max_score += question_scored(&qs[i].q) ? CREDIT_ONE : 0;
	int64_t deadline = 0;
	if (q.time_limit)
		deadline = now + q.time_limit + q.time_limit * acc.extra_time_pct / 100;
	if (q.closes_at && (!deadline || deadline > q.closes_at))
		deadline = q.closes_at;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO quiz_attempts (tenant_id, item_id, course_id, learner_id, number, questions, seed,"
		" started_at, deadline_at, max_score) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, q.course_id);
	db_bind_int(st, 4, r->user.id);
	db_bind_int(st, 5, n + 1);
	db_bind_text(st, 6, str_ids_join(r->arena, ids, nids));
	db_bind_int(st, 7, (int64_t)seed);
	db_bind_int(st, 8, now);
	db_bind_int(st, 9, deadline);
	db_bind_int(st, 10, max_score);
	rc = db_step(st);
	if (rc == ERR_CONFLICT) /* a double click started it already */
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Une tentative vient d'être commencée : rechargez la page."));
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	*attempt_id = db_int(st, 0);
	db_done(st);
	return 0;
}

/* ---- Answering ---- */

static bool in_attempt(const struct quiz_attempt *a, int64_t question_id)
{
	for (int i = 0; i < a->nquestions; i++)
		if (a->questions[i] == question_id)
			return true;
	return false;
}

int quiz_answer_save(struct req *r, int64_t attempt_id, int64_t question_id, const char *response,
                     struct err *e)
{
	struct quiz_attempt a;
	int rc = attempt_row(r, attempt_id, &a);
	if (rc)
		return rc;
	if (a.learner_id != r->user.id || !in_attempt(&a, question_id))
		return ERR_NOT_FOUND;
	int64_t now = clock_now();
	if (a.finished_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette tentative est terminée : la réponse n'a pas été enregistrée."));
	if (a.deadline_at && now > a.deadline_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Le temps est écoulé : la réponse n'a pas été enregistrée. Les réponses données "
		                 "avant la fin sont gardées."));
	struct question q;
	rc = questions_get(r, question_id, &q);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO quiz_answers (tenant_id, attempt_id, question_id, response, credit, answered_at)"
		" VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, attempt_id, question_id) DO UPDATE SET"
		" response = excluded.response, credit = excluded.credit, answered_at = excluded.answered_at") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, attempt_id);
	db_bind_int(st, 3, question_id);
	db_bind_text(st, 4, response ? response : "");
	if (question_needs_teacher(&q.q) && question_answered(&q.q, response))
		db_bind_null(st, 5);
	else
		db_bind_int(st, 5, question_credit(&q.q, response));
	db_bind_int(st, 6, now);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* ---- Grading ---- */

/* Best final grade of the learner at this quiz to the gradebook. */
static int record_best(struct req *r, const struct quiz_attempt *a, const struct quiz *q)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT MAX(grade) FROM quiz_attempts WHERE tenant_id = ?"
	                                         " AND item_id = ? AND learner_id = ? AND grade IS NOT NULL") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->item_id);
	db_bind_int(st, 3, a->learner_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	bool none = db_is_null(st, 0);
	int64_t best = db_int(st, 0);
	db_done(st);
	if (none)
		return 0;
	return grades_record(r, a->course_id, "quiz", a->item_id, q->title, q->max_grade, q->weight,
	                     a->learner_id, best, arena_printf(r->arena, "/quiz/%lld", (long long)a->item_id));
}

/* Sums the answers into score, essays to grade and the final grade. */
static int regrade(struct req *r, struct quiz_attempt *a, const struct quiz *q, int64_t finished_at)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT COALESCE(SUM(credit), 0),"
	                                         " SUM(CASE WHEN credit IS NULL THEN 1 ELSE 0 END)"
	                                         " FROM quiz_answers WHERE tenant_id = ? AND attempt_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, a->id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	int64_t score = db_int(st, 0), to_grade = db_int(st, 1);
	db_done(st);
	int64_t grade = -1;
	if (!to_grade) {
		int64_t s = score < 0 ? 0 : score;
		grade = a->max_score > 0 ? (s * q->max_grade + a->max_score / 2) / a->max_score : 0;
	}
	st = db_prepare(db, "UPDATE quiz_attempts SET finished_at = ?, score = ?, to_grade = ?, grade = ?"
	                    " WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, finished_at);
	db_bind_int(st, 2, score);
	db_bind_int(st, 3, to_grade);
	if (grade >= 0)
		db_bind_int(st, 4, grade);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, r->tenant.id);
	db_bind_int(st, 6, a->id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	a->finished_at = finished_at;
	a->score = score;
	a->to_grade = to_grade;
	a->grade = grade;
	return grade >= 0 ? record_best(r, a, q) : 0;
}

static int close_attempt(struct req *r, struct quiz_attempt *a, const struct quiz *q, int64_t at)
{
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int rc = regrade(r, a, q, at);
	if (rc == 0)
		rc = courses_mark_done_for(r, a->learner_id, a->item_id);
	if (rc) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	return db_commit(db);
}

int quiz_attempt_finish(struct req *r, int64_t attempt_id, struct err *e)
{
	struct quiz_attempt a;
	int rc = attempt_row(r, attempt_id, &a);
	if (rc)
		return rc;
	if (a.learner_id != r->user.id)
		return ERR_NOT_FOUND;
	if (a.finished_at)
		return 0;
	struct quiz q;
	rc = quiz_get(r, a.item_id, &q);
	if (rc)
		return rc;
	int64_t now = clock_now();
	(void)e;
	return close_attempt(r, &a, &q, a.deadline_at && now > a.deadline_at ? a.deadline_at : now);
}

bool quiz_show_right(struct req *r, const struct quiz *q, const struct quiz_attempt *a)
{
	if (staff_of(r, q->course_id))
		return true;
	if (!a->finished_at)
		return false;
	switch (q->review) {
	case QUIZ_REVIEW_NEVER: return false;
	case QUIZ_REVIEW_AFTER: return true;
	case QUIZ_REVIEW_CLOSED: return q->closes_at && clock_now() >= q->closes_at;
	}
	return false;
}

int quiz_grade_essay(struct req *r, int64_t attempt_id, int64_t question_id, int64_t credit,
                     const char *comment, struct err *e)
{
	struct quiz_attempt a;
	int rc = attempt_row(r, attempt_id, &a);
	if (rc)
		return rc;
	if (!staff_of(r, a.course_id) || !in_attempt(&a, question_id))
		return ERR_NOT_FOUND;
	if (!a.finished_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("La tentative n'est pas terminée."));
	if (credit < 0 || credit > CREDIT_ONE)
		return err_set(e, ERR_INVALID, "points", "%s", _("Les points vont de 0 à 1."));
	if (comment && (utf8_length(comment) > 5000 || !text_is_clean(comment, true)))
		return err_set(e, ERR_INVALID, "comment", "%s", _("Le commentaire dépasse 5000 caractères."));
	struct quiz q;
	rc = quiz_get(r, a.item_id, &q);
	if (rc)
		return rc;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO quiz_answers (tenant_id, attempt_id, question_id, response, credit, answered_at,"
		" graded_by, comment) VALUES (?, ?, ?, '', ?, ?, ?, ?) ON CONFLICT (tenant_id, attempt_id, question_id)"
		" DO UPDATE SET credit = excluded.credit, graded_by = excluded.graded_by, comment = excluded.comment");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, attempt_id);
	db_bind_int(st, 3, question_id);
	db_bind_int(st, 4, credit);
	db_bind_int(st, 5, a.finished_at);
	db_bind_int(st, 6, r->user.id);
	db_bind_text(st, 7, comment ? comment : "");
	if (db_run(st) != 0 || regrade(r, &a, &q, a.finished_at) != 0)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}
