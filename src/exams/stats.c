/*
** This file implements the statistics of exams.h: candidates, pass rate,
** average score and hardest questions of an exam, per school and per
** academy. They are read from counters that finishing an attempt keeps up
** to date (one row per school, one per school and question), so that an
** academy of several hundred schools sums a few thousand rows.
*/
#include <string.h>

#include "exams/exams.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

static bool sees_all(const struct req *r)
{
	return r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
}

static int hardest(struct req *r, struct db_stmt *st, struct exam_stats *out)
{
	out->hardest = arena_array(r->arena, 10, sizeof *out->hardest);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && out->nhardest < 10) {
		struct exam_question_stat *q = &out->hardest[out->nhardest++];
		q->question_id = db_int(st, 0);
		q->answers = db_int(st, 1);
		q->credit_sum = db_int(st, 2);
	}
	if (rc == DB_ROW)
		db_done(st);
	if (rc < 0)
		return rc;
	for (int i = 0; i < out->nhardest; i++) {
		struct question q;
		out->hardest[i].text = questions_get(r, out->hardest[i].question_id, &q) == 0
		                       ? (q.q.title && *q.q.title ? q.q.title : q.q.text) : "";
	}
	return 0;
}

static int totals(struct db_stmt *st, struct exam_stats *out)
{
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : rc;
	out->schools = db_int(st, 0);
	out->candidates = db_int(st, 1);
	out->passed = db_int(st, 2);
	out->attempts = db_int(st, 3);
	out->score_sum = db_int(st, 4);
	out->max_sum = db_int(st, 5);
	db_done(st);
	return 0;
}

int exams_stats_school(struct req *r, int64_t school_id, int64_t exam_id, struct exam_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!school_id)
		school_id = r->user.school_id;
	if (!school_id || (!sees_all(r) && school_id != r->user.school_id))
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*), COALESCE(SUM(candidates), 0), COALESCE(SUM(passed), 0), COALESCE(SUM(attempts), 0),"
		" COALESCE(SUM(score_sum), 0), COALESCE(SUM(max_sum), 0) FROM exam_stats_school"
		" WHERE tenant_id = ? AND school_id = ? AND exam_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school_id);
	db_bind_int(st, 3, exam_id);
	int rc = totals(st, out);
	if (rc)
		return rc;
	st = db_prepare(db,
		"SELECT q.question_id, q.answers, q.credit_sum FROM exam_stats_question q"
		" JOIN exam_schools s ON s.tenant_id = q.tenant_id AND s.school_id = q.school_id AND s.academy = q.academy"
		" WHERE q.tenant_id = ? AND q.exam_id = ? AND q.school_id = ? AND q.answers >= 3"
		" ORDER BY q.credit_sum * 10000 / q.answers, q.question_id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, exam_id);
	db_bind_int(st, 3, school_id);
	return hardest(r, st, out);
}

int exams_stats_academy(struct req *r, const char *academy, int64_t exam_id, struct exam_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!academy)
		return ERR_NOT_FOUND;
	if (!sees_all(r)) {
		struct exam_school s;
		if (exams_my_school(r, &s) != 0 || !s.academy || strcmp(s.academy, academy) != 0)
			return ERR_NOT_FOUND;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*), COALESCE(SUM(candidates), 0), COALESCE(SUM(passed), 0), COALESCE(SUM(attempts), 0),"
		" COALESCE(SUM(score_sum), 0), COALESCE(SUM(max_sum), 0) FROM exam_stats_school"
		" WHERE tenant_id = ? AND exam_id = ? AND academy = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, exam_id);
	db_bind_text(st, 3, academy);
	int rc = totals(st, out);
	if (rc)
		return rc;
	st = db_prepare(db,
		"SELECT question_id, SUM(answers), SUM(credit_sum) FROM exam_stats_question"
		" WHERE tenant_id = ? AND exam_id = ? AND academy = ? GROUP BY question_id HAVING SUM(answers) >= 5"
		" ORDER BY SUM(credit_sum) * 10000 / SUM(answers), question_id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, exam_id);
	db_bind_text(st, 3, academy);
	return hardest(r, st, out);
}

int exams_academies(struct req *r, char ***out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT DISTINCT academy FROM exam_schools WHERE tenant_id = ?"
	                                         " ORDER BY academy") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	int cap = 64, n = 0, rc;
	char **list = arena_array(r->arena, (size_t)cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW && n < cap)
		list[n++] = db_text_dup(st, 0, r->arena);
	if (rc == DB_ROW)
		db_done(st);
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}
