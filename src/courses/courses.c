/*
** This file implements reading courses (courses.h): who may see what,
** the outline with a learner's progress, lists of courses, and marking
** items done. Editing is in editing.c.
*/
#include "courses/courses.h"

#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "enrolment/enrolment.h"
#include "kernel/cache.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "people/people.h"

const char *course_item_kind_label(const char *kind)
{
	if (!kind)
		return "?";
	if (strcmp(kind, "lesson") == 0)
		return _("Leçon");
	if (strcmp(kind, "file") == 0)
		return _("Ressource");
	if (strcmp(kind, "link") == 0)
		return _("Lien");
	if (strcmp(kind, "homework") == 0)
		return _("Devoir");
	if (strcmp(kind, "quiz") == 0)
		return _("Quiz");
	return kind;
}

bool courses_is_staff(struct req *r, int64_t course_id, int64_t account_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT 1 FROM course_staff WHERE tenant_id = ? AND course_id = ? AND account_id = ?")
		: NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, account_id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}

int courses_staff(struct req *r, int64_t course_id, int64_t **ids)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT account_id FROM course_staff WHERE tenant_id = ? AND course_id = ?"
		" ORDER BY account_id LIMIT 200") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	int64_t *out = arena_array(r->arena, 200, sizeof *out);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW)
		out[n++] = db_int(st, 0);
	*ids = out;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

enum course_access courses_access(struct req *r, int64_t course_id, int64_t learner_id)
{
	if (!r->user.id)
		return COURSE_NONE;
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return COURSE_NONE;
	if (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN))
		return COURSE_EDITOR;
	if (r->user.roles & ROLE_ADVISOR)
		return COURSE_STAFF;
	if ((r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id))
		return COURSE_STAFF;
	if (!c.published)
		return COURSE_NONE;
	if (learner_id == 0 || learner_id == r->user.id)
		return (r->user.roles & ROLE_LEARNER) && enrolment_follows(r, r->user.id, course_id, NULL)
		               ? COURSE_LEARNER
		               : COURSE_NONE;
	if ((r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id) &&
	    enrolment_follows(r, learner_id, course_id, NULL))
		return COURSE_GUARDIAN;
	return COURSE_NONE;
}

/* ---- Outline ---- */

#define ITEM_COLUMNS \
	"i.id, i.course_id, i.section_id, i.kind, i.title, i.body_md, i.url, i.file_sha256," \
	" i.file_name, i.file_type, i.file_size, i.position, i.published"

static void read_item(struct db_stmt *st, struct arena *a, struct course_item *it)
{
	it->id = db_int(st, 0);
	it->course_id = db_int(st, 1);
	it->section_id = db_int(st, 2);
	it->kind = db_text_dup(st, 3, a);
	it->title = db_text_dup(st, 4, a);
	it->body_md = db_text_dup(st, 5, a);
	it->url = db_text_dup(st, 6, a);
	it->file_sha256 = db_is_null(st, 7) ? NULL : db_text_dup(st, 7, a);
	it->file_name = db_is_null(st, 8) ? NULL : db_text_dup(st, 8, a);
	it->file_type = db_is_null(st, 9) ? NULL : db_text_dup(st, 9, a);
	it->file_size = db_int(st, 10);
	it->position = (int)db_int(st, 11);
	it->published = db_int(st, 12) != 0;
	it->done_at = 0;
}

int courses_outline(struct req *r, int64_t course_id, int64_t learner_id,
                    struct course_outline *out)
{
	enum course_access acc = courses_access(r, course_id, learner_id);
	if (acc == COURSE_NONE)
		return ERR_NOT_FOUND;
	if (learner_id == 0 && acc == COURSE_LEARNER)
		learner_id = r->user.id;
	bool all = acc >= COURSE_STAFF;
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return ERR_NOT_FOUND;
	memset(out, 0, sizeof *out);
	out->id = c.id;
	out->code = c.code;
	out->title = c.title;
	out->summary = c.summary;

	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, title, position, (SELECT school_year FROM courses WHERE tenant_id = ? AND id = ?)"
		" FROM course_sections WHERE tenant_id = ? AND course_id = ? ORDER BY position, id LIMIT 200")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, course_id);
	out->sections = arena_array(r->arena, 200, sizeof *out->sections);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct course_section *s = &out->sections[out->nsections++];
		s->id = db_int(st, 0);
		s->title = db_text_dup(st, 1, r->arena);
		s->position = (int)db_int(st, 2);
		out->school_year = db_text_dup(st, 3, r->arena);
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	if (!out->school_year)
		out->school_year = "";

	st = db_prepare(db, "SELECT " ITEM_COLUMNS ", p.done_at FROM course_items i"
	                    " LEFT JOIN item_progress p ON p.tenant_id = i.tenant_id AND p.learner_id = ?"
	                    " AND p.course_id = i.course_id AND p.item_id = i.id"
	                    " WHERE i.tenant_id = ? AND i.course_id = ? ORDER BY i.position, i.id LIMIT 2000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, learner_id);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, course_id);
	struct course_item *items = arena_array(r->arena, 2000, sizeof *items);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		read_item(st, r->arena, &items[n]);
		items[n].done_at = db_int(st, 13);
		if (items[n].published || all)
			n++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	/* hand the items to their sections, keeping their order */
	for (int s = 0; s < out->nsections; s++) {
		struct course_section *sec = &out->sections[s];
		int count = 0;
		for (int i = 0; i < n; i++)
			count += items[i].section_id == sec->id;
		sec->items = arena_array(r->arena, (size_t)count + 1, sizeof *sec->items);
		for (int i = 0; i < n; i++) {
			if (items[i].section_id != sec->id)
				continue;
			sec->items[sec->nitems] = items[i];
			struct course_item *it = &sec->items[sec->nitems++];
			if (!it->published)
				continue;
			out->items++;
			if (it->done_at)
				out->done++;
			else if (!out->next)
				out->next = it;
		}
	}
	return 0;
}

int courses_item_get(struct req *r, int64_t item_id, int64_t learner_id, struct course_item *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " ITEM_COLUMNS " FROM course_items i WHERE i.tenant_id = ? AND i.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_item(st, r->arena, out);
	db_done(st);
	enum course_access acc = courses_access(r, out->course_id, learner_id);
	if (acc == COURSE_NONE || (acc < COURSE_STAFF && !out->published))
		return ERR_NOT_FOUND;
	int64_t who = learner_id ? learner_id : (acc == COURSE_LEARNER ? r->user.id : 0);
	st = db_prepare(db, "SELECT done_at FROM item_progress WHERE tenant_id = ? AND learner_id = ?"
	                    " AND course_id = ? AND item_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, who);
	db_bind_int(st, 3, out->course_id);
	db_bind_int(st, 4, item_id);
	if (db_step(st) == DB_ROW)
		out->done_at = db_int(st, 0);
	db_done(st);
	return 0;
}

/* ---- Lists ---- */

/* Courses read per statement: an IN list of a fixed length (unused places
** hold 0), so that the statement is prepared once. */
#define COURSES_PER_QUERY 8

/*
** The ids of each course's published items, kept per thread under the
** tenant's CACHE_COURSES version (editing.c raises it on every change of
** an item), so that a learner's progress is their own rows only.
*/
static struct cache published_items = CACHE_INIT(CACHE_COURSES);

struct published {
	int n;
	int64_t *ids;              /* ascending */
};

/* Reads the published item ids of the courses missing[] into t (cache_fill()). */
static int load_published(struct req *r, struct cache_table *t, const int64_t *missing, int nm)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"SELECT course_id, id FROM course_items WHERE tenant_id = ?"
		" AND course_id IN (?, ?, ?, ?, ?, ?, ?, ?) AND published = 1 ORDER BY course_id, id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	for (int k = 0; k < CACHE_BATCH; k++)
		db_bind_int(st, 2 + k, missing[k]);
	struct published *e[CACHE_BATCH];
	size_t cap[CACHE_BATCH];
	for (int k = 0; k < nm; k++) {
		e[k] = cache_add(t, missing[k], sizeof *e[k]);
		cap[k] = 0;
	}
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t course = db_int(st, 0);
		for (int k = 0; k < nm; k++)
			if (missing[k] == course) {
				e[k]->ids = arena_grow(cache_arena(t), e[k]->ids, (size_t)e[k]->n, &cap[k],
				                       sizeof *e[k]->ids);
				e[k]->ids[e[k]->n++] = db_int(st, 1);
			}
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

static bool is_published(const struct published *p, int64_t item)
{
	int lo = 0, hi = p->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (p->ids[mid] == item)
			return true;
		if (p->ids[mid] < item)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* Fills items, done and last_done_at of the n summaries of s (ids set):
** the published items of each course and how many learner_id has done. */
static int count_items(struct req *r, int64_t learner_id, struct course_summary *s, int n)
{
	struct cache_table *t = cache_table(r, &published_items);
	if (!t)
		return ERR_INTERNAL;
	int64_t *ids = arena_array(r->arena, (size_t)n + 1, sizeof *ids);
	for (int i = 0; i < n; i++)
		ids[i] = s[i].id;
	if (cache_fill(r, t, ids, n, load_published) != 0)
		return ERR_INTERNAL;
	const struct published **p = arena_array(r->arena, (size_t)n + 1, sizeof *p);
	for (int i = 0; i < n; i++) {
		p[i] = cache_find(t, s[i].id);
		s[i].items = p[i] ? p[i]->n : 0;
	}
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	/* as many places as courses: each place of an IN list costs a seek */
#define PROGRESS_SQL(in) "SELECT course_id, item_id, done_at FROM item_progress WHERE tenant_id = ?" \
	" AND learner_id = ? AND course_id IN (" in ")"
	static const char *const progress_sql[CACHE_BATCH] = {
		PROGRESS_SQL("?"), PROGRESS_SQL("?, ?"),
		PROGRESS_SQL("?, ?, ?"), PROGRESS_SQL("?, ?, ?, ?"),
		PROGRESS_SQL("?, ?, ?, ?, ?"), PROGRESS_SQL("?, ?, ?, ?, ?, ?"),
		PROGRESS_SQL("?, ?, ?, ?, ?, ?, ?"), PROGRESS_SQL("?, ?, ?, ?, ?, ?, ?, ?"),
	};
	for (int c0 = 0; c0 < n; c0 += COURSES_PER_QUERY) {
		int k_max = n - c0 < COURSES_PER_QUERY ? n - c0 : COURSES_PER_QUERY;
		struct db_stmt *st = db_prepare(db, progress_sql[k_max - 1]);
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, learner_id);
		for (int k = 0; k < k_max; k++)
			db_bind_int(st, 3 + k, s[c0 + k].id);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t course = db_int(st, 0), item = db_int(st, 1), at = db_int(st, 2);
			for (int k = c0; k < n && k < c0 + COURSES_PER_QUERY; k++)
				if (s[k].id == course && p[k] && is_published(p[k], item)) {
					s[k].done++;
					if (at > s[k].last_done_at)
						s[k].last_done_at = at;
				}
		}
		if (rc != DB_DONE)
			return ERR_INTERNAL;
	}
	return 0;
}

int courses_for_learner(struct req *r, int64_t learner_id, struct course_summary **out)
{
	bool allowed = learner_id == r->user.id ||
	               (r->user.roles & (ROLE_ADVISOR | ROLE_ADMIN | ROLE_TEACHER)) ||
	               ((r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id));
	if (!allowed)
		return ERR_NOT_FOUND;
	int64_t *ids;
	int n = enrolment_course_ids(r, learner_id, &ids);
	if (n < 0)
		return n;
	struct course *c = arena_array(r->arena, (size_t)n + 1, sizeof *c);
	if (catalogue_courses_get(r, ids, n, false, c) != 0)
		return ERR_INTERNAL;
	struct course_summary *s = arena_array(r->arena, (size_t)n + 1, sizeof *s);
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!c[i].id)
			continue; /* unpublished courses are not followed yet */
		s[k].id = c[i].id;
		s[k].code = c[i].code;
		s[k].title = c[i].title;
		k++;
	}
	if (count_items(r, learner_id, s, k) != 0)
		return ERR_INTERNAL;
	*out = s;
	return k;
}

int courses_for_staff(struct req *r, struct course_summary **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.id, c.code, c.title, (SELECT COUNT(*) FROM course_items i WHERE i.tenant_id ="
		" c.tenant_id AND i.course_id = c.id) FROM course_staff s"
		" JOIN courses c ON c.tenant_id = s.tenant_id AND c.id = s.course_id"
		" WHERE s.tenant_id = ? AND s.account_id = ? ORDER BY c.sort_key, c.id LIMIT 200") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	struct course_summary *s = arena_array(r->arena, 200, sizeof *s);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		s[n].id = db_int(st, 0);
		s[n].code = db_text_dup(st, 1, r->arena);
		s[n].title = db_text_dup(st, 2, r->arena);
		s[n].items = (int)db_int(st, 3);
		n++;
	}
	*out = s;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- Progress ---- */

int courses_mark_done_for(struct req *r, int64_t learner_id, int64_t item_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO item_progress (tenant_id, learner_id, course_id, item_id, done_at)"
		" SELECT tenant_id, ?, course_id, id, ? FROM course_items WHERE tenant_id = ? AND id = ?"
		" ON CONFLICT DO NOTHING") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, learner_id);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, item_id);
	return db_run(st);
}

int courses_mark_done(struct req *r, int64_t item_id, bool done)
{
	struct course_item it;
	int rc = courses_item_get(r, item_id, 0, &it);
	if (rc)
		return rc;
	if (courses_access(r, it.course_id, 0) != COURSE_LEARNER)
		return ERR_FORBIDDEN;
	if (done)
		return courses_mark_done_for(r, r->user.id, item_id);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM item_progress WHERE tenant_id = ? AND learner_id = ? AND course_id = ?"
		" AND item_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, it.course_id);
	db_bind_int(st, 4, item_id);
	return db_run(st);
}

/* ---- Attachments ---- */

int courses_item_files(struct req *r, int64_t item_id, int64_t learner_id,
                       struct course_file **out)
{
	struct course_item it;
	int rc = courses_item_get(r, item_id, learner_id, &it);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, sha256, filename, content_type, size FROM course_item_files"
		" WHERE tenant_id = ? AND item_id = ? ORDER BY id LIMIT 100") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	struct course_file *f = arena_array(r->arena, 100, sizeof *f);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		f[n].id = db_int(st, 0);
		f[n].sha256 = db_text_dup(st, 1, r->arena);
		f[n].filename = db_text_dup(st, 2, r->arena);
		f[n].content_type = db_text_dup(st, 3, r->arena);
		f[n].size = db_int(st, 4);
		n++;
	}
	*out = f;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}
