/*
** This file implements what other features ask of enrolment: which courses
** a learner follows through an active enrolment (à la carte, or as part of
** a programme), with the accommodations that apply, and who follows a
** course. Callers decide who may ask; these functions only read.
** "e.status || ''" keeps the planner off the (tenant_id, status) index,
** which it otherwise prefers to (tenant_id, learner_id) and which makes it
** read every active enrolment of the tenant for one learner; and the
** programme's courses are looked up by key (EXISTS), not listed whole.
** A page that only reads keeps a learner's list for the rest of the
** request (see remembered()).
*/
#include <stdlib.h>
#include <string.h>

#include "enrolment/enrolment.h"
#include "kernel/db.h"

/*
** A dashboard asks for a learner's courses four times (their homework,
** their courses, the news they may read, their flashcards). A request that
** only reads (GET or HEAD: no handler of those writes enrolments) keeps the
** last list it read here. A request runs on one thread from start to end,
** and request ids are never reused, so the memo is the thread's, keyed by
** request. Callers get their own copy: some filter it in place.
*/
static _Thread_local struct {
	uint64_t req_id;
	int64_t tenant_id, learner_id;
	int n;
	int64_t *ids;
	struct accommodation *acc;
} memo;

static bool reads_only(const struct req *r)
{
	return r->id != 0 && r->method &&
	       (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0);
}

static bool remembered(struct req *r, int64_t learner_id, int64_t **ids, struct accommodation **acc)
{
	if (!reads_only(r) || memo.req_id != r->id || memo.tenant_id != r->tenant.id ||
	    memo.learner_id != learner_id)
		return false;
	size_t n = (size_t)memo.n;
	*ids = arena_array(r->arena, n + 1, sizeof **ids);
	memcpy(*ids, memo.ids, n * sizeof **ids);
	if (acc) {
		*acc = arena_array(r->arena, n + 1, sizeof **acc);
		memcpy(*acc, memo.acc, n * sizeof **acc);
	}
	return true;
}

static int read_list(struct req *r, int64_t learner_id, int64_t **ids, struct accommodation **acc);

/* The courses of a learner's active enrolments, each once, with the most
** generous accommodation giving it; acc may be NULL. */
static int course_list(struct req *r, int64_t learner_id, int64_t **ids, struct accommodation **acc)
{
	if (remembered(r, learner_id, ids, acc))
		return memo.n;
	int64_t *i;
	struct accommodation *a;
	int n = read_list(r, learner_id, &i, &a);
	if (n < 0)
		return n;
	if (reads_only(r)) {
		memo.req_id = r->id;
		memo.tenant_id = r->tenant.id;
		memo.learner_id = learner_id;
		memo.n = n;
		memo.ids = i;   /* in r->arena, which lives as long as the request */
		memo.acc = a;
		return remembered(r, learner_id, ids, acc) ? n : ERR_INTERNAL;
	}
	*ids = i;
	if (acc)
		*acc = a;
	return n;
}

struct row {
	int64_t course, position, enrolment, pct;
	bool reduced;
};

/* Enrolment order, then the programme's order (then the course's id, as the
** index reads them). Sorted here: SQLite's ORDER BY built a temporary
** b-tree for these few rows. */
static int by_enrolment(const void *x, const void *y)
{
	const struct row *a = x, *b = y;
	if (a->enrolment != b->enrolment)
		return a->enrolment < b->enrolment ? -1 : 1;
	if (a->position != b->position)
		return a->position < b->position ? -1 : 1;
	return a->course < b->course ? -1 : a->course > b->course;
}

static int read_list(struct req *r, int64_t learner_id, int64_t **ids, struct accommodation **acc)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT e.course_id, 0, e.id, e.extra_time_pct, e.reduced_homework FROM enrolments e"
		" WHERE e.tenant_id = ? AND e.learner_id = ?"
		" AND e.status || '' = 'active' AND e.course_id IS NOT NULL"
		" UNION ALL"
		" SELECT pc.course_id, pc.position, e.id, e.extra_time_pct, e.reduced_homework FROM enrolments e"
		" JOIN programme_courses pc ON pc.tenant_id = e.tenant_id AND pc.programme_id = e.programme_id"
		" WHERE e.tenant_id = ? AND e.learner_id = ? AND e.status || '' = 'active'"
		" LIMIT 500") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, learner_id);
	size_t cap = 16;
	struct row *rows = arena_array(r->arena, cap, sizeof *rows);
	int nrows = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		rows = arena_grow(r->arena, rows, (size_t)nrows, &cap, sizeof *rows);
		rows[nrows++] = (struct row){db_int(st, 0), db_int(st, 1), db_int(st, 2), db_int(st, 3),
		                             db_int(st, 4) != 0};
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	qsort(rows, (size_t)nrows, sizeof *rows, by_enrolment);
	int64_t *out = arena_array(r->arena, (size_t)nrows + 1, sizeof *out);
	struct accommodation *a = arena_array(r->arena, (size_t)nrows + 1, sizeof *a);
	int n = 0;
	for (int i = 0; i < nrows; i++) {
		int k = 0;
		while (k < n && out[k] != rows[i].course)
			k++;
		if (k == n)
			out[n++] = rows[i].course;
		if (rows[i].pct > a[k].extra_time_pct)
			a[k].extra_time_pct = rows[i].pct;
		a[k].reduced_homework |= rows[i].reduced;
	}
	*ids = out;
	*acc = a;
	return n;
}

int enrolment_course_ids(struct req *r, int64_t learner_id, int64_t **ids)
{
	return course_list(r, learner_id, ids, NULL);
}

int enrolment_course_accommodations(struct req *r, int64_t learner_id, int64_t **ids,
                                    struct accommodation **acc)
{
	return course_list(r, learner_id, ids, acc);
}

bool enrolment_follows(struct req *r, int64_t learner_id, int64_t course_id,
                       struct accommodation *acc)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*), MAX(e.extra_time_pct), MAX(e.reduced_homework) FROM enrolments e"
		" WHERE e.tenant_id = ? AND e.learner_id = ? AND e.status || '' = 'active' AND (e.course_id = ?"
		" OR EXISTS (SELECT 1 FROM programme_courses pc WHERE pc.tenant_id = ?"
		" AND pc.programme_id = e.programme_id AND pc.course_id = ?))") : NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, course_id);
	db_bind_int(st, 4, r->tenant.id);
	db_bind_int(st, 5, course_id);
	bool follows = false;
	if (db_step(st) == DB_ROW) {
		follows = db_int(st, 0) > 0;
		if (acc) {
			acc->extra_time_pct = db_int(st, 1);
			acc->reduced_homework = db_int(st, 2) != 0;
		}
	}
	db_done(st);
	return follows;
}

int enrolment_course_learners(struct req *r, int64_t course_id, int limit,
                              struct course_learner **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT a.id, a.given_name, a.family_name, a.login, MAX(e.extra_time_pct),"
		" MAX(e.reduced_homework) FROM enrolments e"
		" JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.learner_id"
		" WHERE e.tenant_id = ? AND e.status = 'active' AND (e.course_id = ?"
		" OR e.programme_id IN (SELECT pc.programme_id FROM programme_courses pc"
		" WHERE pc.tenant_id = ? AND pc.course_id = ?))"
		" GROUP BY a.id, a.given_name, a.family_name, a.login"
		" ORDER BY a.family_name, a.given_name, a.id LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, course_id);
	db_bind_int(st, 5, limit);
	struct course_learner *l = arena_array(r->arena, (size_t)limit, sizeof *l);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit) {
		l[n].id = db_int(st, 0);
		l[n].given_name = db_text_dup(st, 1, r->arena);
		l[n].family_name = db_text_dup(st, 2, r->arena);
		l[n].login = db_text_dup(st, 3, r->arena);
		l[n].acc.extra_time_pct = db_int(st, 4);
		l[n].acc.reduced_homework = db_int(st, 5) != 0;
		n++;
	}
	if (rc == DB_ROW)
		db_done(st);
	*out = l;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}
