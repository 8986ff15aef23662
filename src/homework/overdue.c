/*
** This file implements the count of overdue homework per learner of a
** course, for advisors following a cohort: an assignment is overdue for a
** learner when its due date, moved by the learner's extra time, has passed
** and nothing was handed in. Three queries per course, then the counting
** in memory.
*/
#include <stdlib.h>
#include <time.h>

#include "enrolment/enrolment.h"
#include "homework/internal.h"

struct handed {
	int64_t learner_id, item_id;
};

static int cmp_handed(const void *a, const void *b)
{
	const struct handed *x = a, *y = b;
	if (x->learner_id != y->learner_id)
		return x->learner_id < y->learner_id ? -1 : 1;
	return x->item_id < y->item_id ? -1 : x->item_id > y->item_id;
}

int homework_overdue(struct req *r, int64_t course_id, int limit, struct overdue **out)
{
	*out = NULL;
	if (!hw_teaches(r, course_id))
		return ERR_NOT_FOUND;
	int64_t now = time(NULL);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT a.item_id, a.opens_at, a.due_at FROM assignments a"
		" JOIN course_items i ON i.tenant_id = a.tenant_id AND i.id = a.item_id"
		" WHERE a.tenant_id = ? AND a.course_id = ? AND i.published = 1 AND a.due_at > 0"
		" AND a.due_at < ? ORDER BY a.item_id LIMIT 500") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, now); /* extra time only moves a due date later */
	struct { int64_t item, opens, due; } as[500];
	int na = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		as[na].item = db_int(st, 0);
		as[na].opens = db_int(st, 1);
		as[na].due = db_int(st, 2);
		na++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	struct course_learner *l;
	int nl = enrolment_course_learners(r, course_id, 5000, &l);
	if (nl < 0)
		return nl;
	if (na == 0 || nl == 0)
		return 0;

	st = db_prepare(db, "SELECT learner_id, item_id FROM submissions WHERE tenant_id = ?"
	                    " AND course_id = ? LIMIT 500000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	size_t cap = 1024, nh = 0;
	struct handed *h = malloc(cap * sizeof *h);
	while (h && (rc = db_step(st)) == DB_ROW) {
		if (nh == cap) {
			struct handed *bigger = realloc(h, cap * 2 * sizeof *h);
			if (!bigger) {
				db_done(st);
				break;
			}
			h = bigger;
			cap *= 2;
		}
		h[nh].learner_id = db_int(st, 0);
		h[nh].item_id = db_int(st, 1);
		nh++;
	}
	if (!h || rc != DB_DONE) {
		free(h);
		return ERR_INTERNAL;
	}
	qsort(h, nh, sizeof *h, cmp_handed);

	struct overdue *o = arena_array(r->arena, (size_t)nl, sizeof *o);
	int n = 0;
	for (int i = 0; i < nl; i++) {
		int count = 0;
		int64_t oldest = 0;
		for (int k = 0; k < na; k++) {
			int64_t due = homework_due_for(as[k].due, as[k].opens, l[i].acc.extra_time_pct);
			struct handed key = {l[i].id, as[k].item};
			if (due >= now || bsearch(&key, h, nh, sizeof *h, cmp_handed))
				continue;
			count++;
			if (!oldest || due < oldest)
				oldest = due;
		}
		if (count == 0)
			continue;
		o[n].learner_id = l[i].id;
		o[n].given_name = l[i].given_name;
		o[n].family_name = l[i].family_name;
		o[n].count = count;
		o[n].oldest_due = oldest;
		n++;
	}
	free(h);
	*out = o;
	return n < limit ? n : limit;
}
