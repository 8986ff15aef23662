/*
** This file implements a learner's list of homework (homework.h): every
** published homework item of the courses they follow, with their own due
** dates and where their copy stands, in a few queries whatever the number
** of courses.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "homework/doctype.h"
#include "homework/internal.h"
#include "kernel/cache.h"
#include "people/people.h"

/* May the signed-in person list learner_id's homework? A teacher sees the
** courses they teach only (*only_taught). */
static bool may_list(struct req *r, int64_t learner_id, bool *only_taught)
{
	*only_taught = false;
	if (learner_id == r->user.id && (r->user.roles & ROLE_LEARNER))
		return true;
	if (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR))
		return true;
	if ((r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id))
		return true;
	if (r->user.roles & ROLE_TEACHER) {
		*only_taught = true;
		return true;
	}
	return false;
}

static int by_due(const void *x, const void *y)
{
	const struct homework_row *a = x, *b = y;
	int64_t da = hw_learner_due(&a->a), db_ = hw_learner_due(&b->a);
	if ((da == 0) != (db_ == 0))
		return da == 0 ? 1 : -1;
	if (da != db_)
		return da < db_ ? -1 : 1;
	return a->a.item_id < b->a.item_id ? -1 : a->a.item_id > b->a.item_id;
}

/* A learner's copies, by assignment: one range of the covering index. */
struct copy_line {
	int64_t item_id, id, version, submitted_at, started_at, returned_at, grade, max_grade;
	bool late, graded;
};

static int by_item(const void *x, const void *y)
{
	int64_t a = ((const struct copy_line *)x)->item_id, b = ((const struct copy_line *)y)->item_id;
	return a < b ? -1 : a > b;
}

static int learner_copies(struct req *r, struct db *db, int64_t learner_id, struct copy_line **out)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT item_id, id, version, submitted_at, late, started_at, returned_at, grade, max_grade"
		" FROM submissions WHERE tenant_id = ? AND learner_id = ? ORDER BY item_id LIMIT 2000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	size_t cap = 32;
	struct copy_line *c = arena_array(r->arena, cap, sizeof *c);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		c = arena_grow(r->arena, c, (size_t)n, &cap, sizeof *c);
		c[n].item_id = db_int(st, 0);
		c[n].id = db_int(st, 1);
		c[n].version = db_int(st, 2);
		c[n].submitted_at = db_int(st, 3);
		c[n].late = db_int(st, 4) != 0;
		c[n].started_at = db_int(st, 5);
		c[n].returned_at = db_int(st, 6);
		c[n].graded = !db_is_null(st, 7);
		c[n].grade = db_int(st, 7);
		c[n].max_grade = db_int(st, 8);
		n++;
	}
	*out = c;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

#define LIST_MAX 1000

/*
** The published homework items of each course, with their settings and the
** course's title, kept per thread (kernel/cache.h) under the tenant's
** "courses" version: raised by every change to a course, its items or
** their settings (catalogue, courses and homework call cache_changed()).
*/
static struct cache course_homework = CACHE_INIT(CACHE_COURSES);

struct course_homework {
	int n;
	struct assignment *a;      /* without learner dates */
};

/* Reads the published homework of the courses missing[] into t (cache_fill()). */
static int load_course_homework(struct req *r, struct cache_table *t, const int64_t *missing, int nm)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"SELECT i.id, i.title, c.title, a.item_id, a.opens_at, a.due_at, a.cutoff_at,"
		" a.late_policy, a.max_grade, a.weight, a.accepts_file, a.accepts_text, a.file_types,"
		" a.resubmit, i.course_id FROM course_items i"
		" JOIN courses c ON c.tenant_id = i.tenant_id AND c.id = i.course_id"
		" LEFT JOIN assignments a ON a.tenant_id = i.tenant_id AND a.item_id = i.id"
		" WHERE i.tenant_id = ? AND i.course_id IN (?, ?, ?, ?, ?, ?, ?, ?)"
		" AND i.kind = 'homework' AND i.published = 1 LIMIT 1000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	for (int k = 0; k < CACHE_BATCH; k++)
		db_bind_int(st, 2 + k, missing[k]);
	struct arena *ca = cache_arena(t);
	struct course_homework *e[CACHE_BATCH];
	size_t cap[CACHE_BATCH];
	for (int k = 0; k < nm; k++) {
		e[k] = cache_add(t, missing[k], sizeof *e[k]);
		cap[k] = 0;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t course_id = db_int(st, 14);
		int k = 0;
		while (k < nm && missing[k] != course_id)
			k++;
		if (k == nm)
			continue;
		e[k]->a = arena_grow(ca, e[k]->a, (size_t)e[k]->n, &cap[k], sizeof *e[k]->a);
		struct assignment *a = &e[k]->a[e[k]->n++];
		hw_defaults(a);
		a->item_id = db_int(st, 0);
		a->course_id = course_id;
		a->title = db_text_dup(st, 1, ca);
		a->course_title = db_text_dup(st, 2, ca);
		a->published = true;
		a->intro_md = "";
		if (!db_is_null(st, 3)) {
			a->configured = true;
			a->opens_at = db_int(st, 4);
			a->due_at = db_int(st, 5);
			a->cutoff_at = db_int(st, 6);
			a->late_policy = db_text_dup(st, 7, ca);
			a->max_grade = db_int(st, 8);
			a->weight = db_int(st, 9);
			a->accepts_file = db_int(st, 10) != 0;
			a->accepts_text = db_int(st, 11) != 0;
			a->file_types = (unsigned)db_int(st, 12) & DOCTYPE_ALL;
			a->resubmit = db_int(st, 13) != 0;
		}
	}
	if (rc == DB_ROW)
		db_done(st);
	else if (rc != DB_DONE)
		return ERR_INTERNAL;
	return 0;
}

int homework_for_learner(struct req *r, int64_t learner_id, struct homework_row **out)
{
	bool only_taught;
	if (!may_list(r, learner_id, &only_taught))
		return ERR_NOT_FOUND;
	int64_t *courses;
	struct accommodation *acc;
	int nc = enrolment_course_accommodations(r, learner_id, &courses, &acc);
	if (nc < 0)
		return nc;
	if (only_taught) {
		int k = 0;
		for (int c = 0; c < nc; c++)
			if (courses_is_staff(r, courses[c], r->user.id)) {
				courses[k] = courses[c];
				acc[k++] = acc[c];
			}
		nc = k;
	}
	struct cache_table *t = cache_table(r, &course_homework);
	if (!t)
		return ERR_INTERNAL;
	if (cache_fill(r, t, courses, nc, load_course_homework) != 0)
		return ERR_INTERNAL;
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	struct copy_line *copies;
	int ncopies = learner_copies(r, db, learner_id, &copies);
	if (ncopies < 0)
		return ncopies;
	size_t cap = 32;
	struct homework_row *rows = arena_array(r->arena, cap, sizeof *rows);
	int n = 0;
	int64_t now = time(NULL);
	for (int c = 0; c < nc && n < LIST_MAX; c++) {
		const struct course_homework *e = cache_find(t, courses[c]);
		for (int i = 0; e && i < e->n && n < LIST_MAX; i++) {
			rows = arena_grow(r->arena, rows, (size_t)n, &cap, sizeof *rows);
			struct homework_row *row = &rows[n++];
			struct assignment *a = &row->a;
			struct submission *s = &row->s;
			*a = e->a[i]; /* its strings are the cache's: valid until the request ends */
			hw_apply_extra_time(a, acc[c].extra_time_pct);
			memset(s, 0, sizeof *s);
			s->grade = -1;
			s->sha256 = s->text_answer = s->feedback_md = "";
			struct copy_line key = {.item_id = a->item_id};
			const struct copy_line *cp = bsearch(&key, copies, (size_t)ncopies, sizeof *copies,
			                                     by_item);
			if (cp) {
				s->id = cp->id;
				s->item_id = a->item_id;
				s->course_id = a->course_id;
				s->learner_id = learner_id;
				s->version = cp->version;
				s->submitted_at = cp->submitted_at;
				s->late = cp->late;
				s->started_at = cp->started_at;
				s->returned_at = cp->returned_at;
				s->max_grade = cp->max_grade;
				if (cp->returned_at && cp->graded)
					s->grade = cp->grade;
				s->title = a->title;
				s->course_title = a->course_title;
			}
			row->status = hw_status_of(a, s, now);
		}
	}
	qsort(rows, (size_t)n, sizeof *rows, by_due);
	*out = rows;
	return n;
}

int homework_next_deadlines(struct req *r, int64_t learner_id, int limit,
                            struct homework_row **out)
{
	struct homework_row *all;
	int n = homework_for_learner(r, learner_id, &all);
	if (n < 0)
		return n;
	int k = 0;
	for (int i = 0; i < n && k < limit; i++)
		if (all[i].status == HW_TODO || all[i].status == HW_LATE)
			all[k++] = all[i];
	*out = all;
	return k;
}
