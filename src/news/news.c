/*
** This file implements announcements (news.h): who sees which, where each
** person may publish, publishing and deleting. Unit names, course titles
** and authors' names are read with read-only joins (docs/architecture.md).
*/
#include "news/news.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/cache.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "people/people.h"
#include "tenants/tenants.h"

#define COURSE_SLOTS 64 /* courses whose news a person sees (more are rare) */
#define UNIT_SLOTS 16
#define IN16 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
#define IN64 IN16 "," IN16 "," IN16 "," IN16

/* What the signed-in person sees beyond the tenant's news. */
struct audience {
	bool all;
	int64_t courses[COURSE_SLOTS];
	int ncourses;
	int64_t units[UNIT_SLOTS];
	int nunits;
};

static void add_id(int64_t *list, int *n, int max, int64_t id)
{
	if (!id)
		return;
	for (int i = 0; i < *n; i++)
		if (list[i] == id)
			return;
	if (*n < max)
		list[(*n)++] = id;
}

static int add_learner_courses(struct req *r, struct audience *a, int64_t learner)
{
	int64_t *ids;
	int n = enrolment_course_ids(r, learner, &ids);
	if (n < 0)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++)
		add_id(a->courses, &a->ncourses, COURSE_SLOTS, ids[i]);
	return 0;
}

static int audience_of(struct req *r, struct audience *a)
{
	memset(a, 0, sizeof *a);
	a->all = (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR)) != 0;
	if (a->all || !r->user.id)
		return 0;
	if ((r->user.roles & ROLE_LEARNER) && add_learner_courses(r, a, r->user.id) != 0)
		return ERR_INTERNAL;
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int nk = people_children(r, r->user.id, &kids);
		if (nk < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < nk; i++)
			if (add_learner_courses(r, a, kids[i].id) != 0)
				return ERR_INTERNAL;
	}
	/* course teams hold teachers and advisors (courses_staff_add() checks
	** the role), and advisors see everything: a learner's dashboard need
	** not look for courses they teach */
	if (r->user.roles & ROLE_TEACHER) {
		struct course_summary *cs;
		int nc = courses_for_staff(r, &cs);
		if (nc < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < nc; i++)
			add_id(a->courses, &a->ncourses, COURSE_SLOTS, cs[i].id);
	}
	struct course *c = arena_array(r->arena, (size_t)a->ncourses + 1, sizeof *c);
	if (catalogue_courses_get(r, a->courses, a->ncourses, true, c) != 0)
		return ERR_INTERNAL;
	for (int i = 0; i < a->ncourses; i++)
		if (c[i].id)
			add_id(a->units, &a->nunits, UNIT_SLOTS, c[i].unit_id);
	return 0;
}

static bool in_list(const int64_t *list, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (list[i] == id)
			return true;
	return false;
}

#define NEWS_COLUMNS \
	"n.id, n.scope, n.unit_id, n.course_id, u.name, c.title, n.title, n.body_md, n.author_id," \
	" a.given_name, a.family_name, n.published_at"
#define NEWS_FROM \
	" FROM news n LEFT JOIN units u ON u.tenant_id = n.tenant_id AND u.id = n.unit_id" \
	" LEFT JOIN courses c ON c.tenant_id = n.tenant_id AND c.id = n.course_id" \
	" JOIN accounts a ON a.tenant_id = n.tenant_id AND a.id = n.author_id"

/* A row of NEWS_COLUMNS, or of LIGHT_COLUMNS (no body, no author's name). */
static void read_news(struct req *r, struct db_stmt *st, bool light, struct news_item *n)
{
	n->id = db_int(st, 0);
	n->scope = db_text_dup(st, 1, r->arena);
	n->unit_id = db_int(st, 2);
	n->course_id = db_int(st, 3);
	n->where = !db_is_null(st, 4) ? db_text_dup(st, 4, r->arena)
	         : !db_is_null(st, 5) ? db_text_dup(st, 5, r->arena) : "";
	n->title = db_text_dup(st, 6, r->arena);
	if (light) {
		n->body_md = n->author_name = "";
		n->author_id = db_int(st, 7);
		n->published_at = db_int(st, 8);
	} else {
		n->body_md = db_text_dup(st, 7, r->arena);
		n->author_id = db_int(st, 8);
		n->author_name = arena_printf(r->arena, "%s %s", db_text(st, 9), db_text(st, 10));
		n->published_at = db_int(st, 11);
	}
	n->deletable = n->author_id == r->user.id || (r->user.roles & ROLE_ADMIN);
}

/* The dashboard's lines: no body, no author (one join less, and no text
** to copy). */
#define LIGHT_COLUMNS \
	"n.id, n.scope, n.unit_id, n.course_id, u.name, c.title, n.title, n.author_id, n.published_at"
#define LIGHT_FROM \
	" FROM news n LEFT JOIN units u ON u.tenant_id = n.tenant_id AND u.id = n.unit_id" \
	" LEFT JOIN courses c ON c.tenant_id = n.tenant_id AND c.id = n.course_id"
#define SEEN_SMALL \
	" WHERE n.tenant_id = ? AND (? = 1 OR n.scope = 'tenant'" \
	" OR (n.scope = 'unit' AND n.unit_id IN (?,?,?,?))" \
	" OR (n.scope = 'course' AND n.course_id IN (?,?,?,?,?,?,?,?)))" \
	" ORDER BY n.published_at DESC, n.id DESC LIMIT ? OFFSET ?"
#define SEEN_LARGE \
	" WHERE n.tenant_id = ? AND (? = 1 OR n.scope = 'tenant'" \
	" OR (n.scope = 'unit' AND n.unit_id IN (" IN16 "))" \
	" OR (n.scope = 'course' AND n.course_id IN (" IN64 ")))" \
	" ORDER BY n.published_at DESC, n.id DESC LIMIT ? OFFSET ?"

static int list(struct req *r, int offset, int limit, bool light, struct news_item **out)
{
	if (limit < 1 || limit > 200 || offset < 0)
		return ERR_INTERNAL;
	struct audience a;
	if (audience_of(r, &a) != 0)
		return ERR_INTERNAL;
	/* most people follow a few courses: SQLite builds a temporary index of
	** each IN list at every run, so a short list when it is enough */
	bool small = a.nunits <= 4 && a.ncourses <= 8;
	int nunits = small ? 4 : UNIT_SLOTS, ncourses = small ? 8 : COURSE_SLOTS;
	static const char *const sql[2][2] = {
		{"SELECT " NEWS_COLUMNS NEWS_FROM SEEN_LARGE, "SELECT " NEWS_COLUMNS NEWS_FROM SEEN_SMALL},
		{"SELECT " LIGHT_COLUMNS LIGHT_FROM SEEN_LARGE, "SELECT " LIGHT_COLUMNS LIGHT_FROM SEEN_SMALL},
	};
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql[light][small]) : NULL;
	if (!st)
		return ERR_INTERNAL;
	int p = 1;
	db_bind_int(st, p++, r->tenant.id);
	db_bind_int(st, p++, a.all ? 1 : 0);
	for (int i = 0; i < nunits; i++)
		db_bind_int(st, p++, i < a.nunits ? a.units[i] : 0);
	for (int i = 0; i < ncourses; i++)
		db_bind_int(st, p++, i < a.ncourses ? a.courses[i] : 0);
	db_bind_int(st, p++, limit);
	db_bind_int(st, p, offset);
	struct news_item *n = arena_array(r->arena, (size_t)limit, sizeof *n);
	int k = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && k < limit)
		read_news(r, st, light, &n[k++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = n;
	return rc == DB_ROW || rc == DB_DONE ? k : ERR_INTERNAL;
}

int news_list(struct req *r, int offset, int limit, struct news_item **out)
{
	return list(r, offset, limit, false, out);
}

/*
** The dashboard's news: the tenant's latest WINDOW announcements are kept
** per thread (kernel/cache.h) under its CACHE_NEWS version, which
** news_publish() and news_delete() raise; each request keeps those its
** person sees, and names their unit or course from the units and the
** catalogue (so a renamed course shows at once). Beyond the window, or
** without a copy, the query above.
*/
#define WINDOW 64
static struct cache latest_cache = CACHE_INIT(CACHE_NEWS);

struct latest {
	int n;
	bool complete;             /* the tenant has no older announcement */
	struct news_item *items;   /* newest first; where, body_md, author_name "" */
};

static const struct latest *latest_of(struct req *r)
{
	struct cache_table *t = cache_table(r, &latest_cache);
	if (!t)
		return NULL;
	const struct latest *found = cache_find(t, 0);
	if (found)
		return found;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT n.id, n.scope, n.unit_id, n.course_id, n.title, n.author_id, n.published_at"
		" FROM news n WHERE n.tenant_id = ? ORDER BY n.published_at DESC, n.id DESC LIMIT ?") : NULL;
	if (!st)
		return NULL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, WINDOW + 1);
	struct arena *a = cache_arena(t);
	struct news_item *items = arena_array(a, WINDOW + 1, sizeof *items);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n <= WINDOW) {
		struct news_item *it = &items[n++];
		it->id = db_int(st, 0);
		it->scope = db_text_dup(st, 1, a);
		it->unit_id = db_int(st, 2);
		it->course_id = db_int(st, 3);
		it->title = db_text_dup(st, 4, a);
		it->author_id = db_int(st, 5);
		it->published_at = db_int(st, 6);
		it->where = it->body_md = it->author_name = "";
	}
	if (rc == DB_ROW)
		db_done(st);
	else if (rc != DB_DONE)
		return NULL; /* nothing added: the next request reads again */
	struct latest *l = cache_add(t, 0, sizeof *l);
	l->complete = n <= WINDOW;
	l->n = n <= WINDOW ? n : WINDOW;
	l->items = items;
	return l;
}

int news_latest(struct req *r, int limit, struct news_item **out)
{
	limit = limit < 1 ? 1 : limit > 50 ? 50 : limit;
	struct audience a;
	const struct latest *l = latest_of(r);
	if (!l || audience_of(r, &a) != 0)
		return list(r, 0, limit, true, out);
	struct news_item *n = arena_array(r->arena, (size_t)limit, sizeof *n);
	int64_t *course_ids = arena_array(r->arena, (size_t)limit, sizeof *course_ids);
	int k = 0;
	for (int i = 0; i < l->n && k < limit; i++) {
		const struct news_item *it = &l->items[i];
		bool seen = a.all || str_eq(it->scope, "tenant") ||
		            (str_eq(it->scope, "unit") && in_list(a.units, a.nunits, it->unit_id)) ||
		            (str_eq(it->scope, "course") && in_list(a.courses, a.ncourses, it->course_id));
		if (!seen)
			continue;
		course_ids[k] = it->course_id;
		n[k] = *it; /* its strings are the cache's: valid until the request ends */
		n[k].deletable = it->author_id == r->user.id || (r->user.roles & ROLE_ADMIN);
		k++;
	}
	if (k < limit && !l->complete)
		return list(r, 0, limit, true, out); /* older ones may be seen: ask the database */
	struct unit *units = NULL;
	int nu = 0;
	struct course *c = arena_array(r->arena, (size_t)k + 1, sizeof *c);
	if (catalogue_courses_get(r, course_ids, k, true, c) != 0)
		return ERR_INTERNAL;
	for (int i = 0; i < k; i++) {
		if (n[i].unit_id) {
			if (!units && (nu = units_list(r, &units)) < 0)
				return ERR_INTERNAL;
			for (int j = 0; j < nu; j++)
				if (units[j].id == n[i].unit_id)
					n[i].where = units[j].name;
		} else if (c[i].id) {
			n[i].where = c[i].title;
		}
	}
	*out = n;
	return k;
}

int news_get(struct req *r, int64_t id, struct news_item *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " NEWS_COLUMNS NEWS_FROM
		" WHERE n.tenant_id = ? AND n.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_news(r, st, false, out);
	db_done(st);
	struct audience a;
	if (audience_of(r, &a) != 0)
		return ERR_INTERNAL;
	bool seen = a.all || str_eq(out->scope, "tenant") ||
	            (str_eq(out->scope, "unit") && in_list(a.units, a.nunits, out->unit_id)) ||
	            (str_eq(out->scope, "course") && in_list(a.courses, a.ncourses, out->course_id));
	return seen ? 0 : ERR_NOT_FOUND;
}

int news_targets(struct req *r, struct news_target **out)
{
	enum { MAX = 300 };
	struct news_target *t = arena_array(r->arena, MAX, sizeof *t);
	int n = 0;
	if (r->user.roles & ROLE_ADMIN) {
		t[n++] = (struct news_target){"tenant", (char *)_("Tout l'établissement")};
		struct unit *u;
		int nu = units_list(r, &u);
		if (nu < 0)
			return ERR_INTERNAL;
		for (int i = 0; i < nu && n < MAX; i++)
			t[n++] = (struct news_target){arena_printf(r->arena, "unit:%lld", (long long)u[i].id),
			                              arena_printf(r->arena, _("Pôle %s"), u[i].name)};
	}
	struct course_summary *cs;
	int nc = courses_for_staff(r, &cs);
	if (nc < 0)
		return ERR_INTERNAL;
	for (int i = 0; i < nc && n < MAX; i++)
		t[n++] = (struct news_target){arena_printf(r->arena, "course:%lld", (long long)cs[i].id),
		                              arena_printf(r->arena, _("Cours %s"), cs[i].title)};
	*out = t;
	return n;
}

int news_publish(struct req *r, const struct news_input *in, int64_t *id, struct err *e)
{
	struct news_target *t;
	int nt = news_targets(r, &t);
	if (nt < 0)
		return ERR_INTERNAL;
	bool allowed = false;
	for (int i = 0; i < nt && !allowed; i++)
		allowed = str_eq(t[i].value, in->target);
	if (!allowed)
		return err_set(e, ERR_FORBIDDEN, "cible", "%s",
		               _("Vous ne pouvez pas publier d'annonce à cet endroit."));
	const char *title = in->title ? str_trim(r->arena, in->title) : "";
	if (!*title || !text_is_clean(title, false) || utf8_length(title) > NEWS_TITLE_MAX)
		return err_set(e, ERR_INVALID, "titre", "%s",
		               _("Indiquez le titre de l'annonce (200 caractères au plus)."));
	const char *body = in->body_md ? str_trim(r->arena, in->body_md) : "";
	if (!*body || !text_is_clean(body, true) || utf8_length(body) > NEWS_BODY_MAX)
		return err_set(e, ERR_INVALID, "texte", "%s",
		               _("Écrivez le texte de l'annonce (20 000 caractères au plus)."));
	const char *scope = "tenant";
	int64_t target = 0;
	if (str_starts(in->target, "unit:")) {
		scope = "unit";
		if (!str_to_int64(in->target + 5, &target))
			return ERR_INTERNAL;
	} else if (str_starts(in->target, "course:")) {
		scope = "course";
		if (!str_to_int64(in->target + 7, &target))
			return ERR_INTERNAL;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO news (tenant_id, scope, unit_id, course_id, title, body_md, author_id,"
		" published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, scope);
	if (str_eq(scope, "unit"))
		db_bind_int(st, 3, target);
	else
		db_bind_null(st, 3);
	if (str_eq(scope, "course"))
		db_bind_int(st, 4, target);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, title);
	db_bind_text(st, 6, body);
	db_bind_int(st, 7, r->user.id);
	db_bind_int(st, 8, time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	return cache_changed(r, CACHE_NEWS);
}

int news_delete(struct req *r, int64_t id)
{
	struct news_item n;
	int rc = news_get(r, id, &n);
	if (rc)
		return rc;
	if (!n.deletable)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "DELETE FROM news WHERE tenant_id = ? AND id = ?")
	                        : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	return db_run(st) == 0 ? cache_changed(r, CACHE_NEWS) : ERR_INTERNAL;
}
