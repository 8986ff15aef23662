/*
** This file implements the agenda (agenda.h): gathering a person's
** entries from their courses, children and units; virtual classes; events
** of the school year; and the secret feed. Course titles and unit names
** are read with read-only joins (docs/architecture.md).
*/
#include "agenda/agenda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "agenda/ical.h"
#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "people/people.h"
#include "tenants/tenants.h"

#define IN_SLOTS 32   /* course ids bound per statement; longer lists run in chunks */
#define UNIT_SLOTS 16 /* unit ids of one person */
#define IN32 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
#define IN16 "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"

const char *agenda_kind_code(enum agenda_kind kind)
{
	return kind == AGENDA_DUE ? "due" : kind == AGENDA_CLASS ? "class" : "event";
}

const char *agenda_kind_label(enum agenda_kind kind)
{
	return kind == AGENDA_DUE ? _("À rendre") : kind == AGENDA_CLASS ? _("Classe virtuelle")
	                                                                  : _("Événement");
}

/* ---- Times ---- */

static bool hm_parse(const char *hm, int *h, int *m)
{
	if (!hm || strlen(hm) != 5 || hm[2] != ':')
		return false;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (hm[i] < '0' || hm[i] > '9'))
			return false;
	*h = (hm[0] - '0') * 10 + (hm[1] - '0');
	*m = (hm[3] - '0') * 10 + (hm[4] - '0');
	return *h < 24 && *m < 60;
}

/* Local midnight of y-m-d plus `days` days, plus h:m. */
static int64_t local_at(int y, int mo, int d, int days, int h, int m)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d + days, .tm_hour = h,
	                .tm_min = m, .tm_isdst = -1};
	return (int64_t)mktime(&tm);
}

static bool ymd(const char *date, int *y, int *mo, int *d)
{
	char iso[11];
	if (!date || !date_parse(date, iso))
		return false;
	return sscanf(iso, "%4d-%2d-%2d", y, mo, d) == 3;
}

bool agenda_local_time(const char *date, const char *hm, int64_t *out)
{
	int y, mo, d, h = 0, m = 0;
	if (!ymd(date, &y, &mo, &d) || (hm && *hm && !hm_parse(hm, &h, &m)))
		return false;
	*out = local_at(y, mo, d, 0, h, m);
	return true;
}

bool agenda_parse_instant(const char *s, int64_t *out)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n == 10)
		return s[4] == '-' && agenda_local_time(s, NULL, out);
	/* AAAA-MM-JJTHH:MM[:SS]Z */
	if ((n != 17 && n != 20) || s[10] != 'T' || s[n - 1] != 'Z' || s[4] != '-')
		return false;
	char date[11], hm[6];
	memcpy(date, s, 10);
	date[10] = 0;
	memcpy(hm, s + 11, 5);
	hm[5] = 0;
	int y, mo, d, h, m, sec = 0;
	if (!ymd(date, &y, &mo, &d) || !hm_parse(hm, &h, &m))
		return false;
	if (n == 20) {
		if (s[16] != ':' || s[17] < '0' || s[17] > '5' || s[18] < '0' || s[18] > '9')
			return false;
		sec = (s[17] - '0') * 10 + (s[18] - '0');
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h,
	                .tm_min = m, .tm_sec = sec};
	*out = (int64_t)timegm(&tm);
	return true;
}

/* ---- Gathering ---- */

struct gather {
	struct req *r;
	struct db *db;
	int64_t from, to;
	struct agenda_entry *e;
	int n;
	int64_t units[UNIT_SLOTS];
	int nunits;
};

static void add_unit(struct gather *g, int64_t unit)
{
	if (!unit)
		return;
	for (int i = 0; i < g->nunits; i++)
		if (g->units[i] == unit)
			return;
	if (g->nunits < UNIT_SLOTS)
		g->units[g->nunits++] = unit;
}

static void note_units(struct gather *g, const int64_t *courses, int n)
{
	for (int i = 0; i < n; i++) {
		struct course c;
		if (catalogue_course_get(g->r, courses[i], true, &c) == 0)
			add_unit(g, c.unit_id);
	}
}

/* Virtual classes of the courses, for learner (0: staff's own agenda). */
static int add_classes(struct gather *g, const int64_t *courses, int n, int64_t learner,
                       const char *learner_name)
{
	for (int at = 0; at < n; at += IN_SLOTS) {
		struct db_stmt *st = db_prepare(g->db,
			"SELECT v.id, v.course_id, c.title, v.title, v.url, v.starts_at, v.ends_at, v.created_at"
			" FROM virtual_classes v JOIN courses c ON c.tenant_id = v.tenant_id AND c.id = v.course_id"
			" WHERE v.tenant_id = ? AND v.starts_at < ? AND v.ends_at > ?"
			" AND v.course_id IN (" IN32 ") ORDER BY v.starts_at LIMIT 2000");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, g->r->tenant.id);
		db_bind_int(st, 2, g->to);
		db_bind_int(st, 3, g->from);
		for (int i = 0; i < IN_SLOTS; i++)
			db_bind_int(st, 4 + i, at + i < n ? courses[at + i] : 0);
		int rc;
		while ((rc = db_step(st)) == DB_ROW && g->n < AGENDA_MAX_ENTRIES) {
			struct agenda_entry *e = &g->e[g->n++];
			memset(e, 0, sizeof *e);
			e->kind = AGENDA_CLASS;
			e->id = db_int(st, 0);
			e->course_id = db_int(st, 1);
			e->course_title = db_text_dup(st, 2, g->r->arena);
			e->title = db_text_dup(st, 3, g->r->arena);
			e->url = db_text_dup(st, 4, g->r->arena);
			e->starts_at = db_int(st, 5);
			e->ends_at = db_int(st, 6);
			e->stamp = db_int(st, 7);
			e->description = "";
			e->unit_name = "";
			e->learner_id = learner;
			e->learner_name = (char *)(learner_name ? learner_name : "");
		}
		if (rc == DB_ROW)
			db_done(st);
		else if (rc != DB_DONE)
			return ERR_INTERNAL;
	}
	return 0;
}

/* What learner_id follows: classes, due dates, units. */
static int add_learner(struct gather *g, int64_t learner, int64_t shown_as, const char *name)
{
	int64_t *ids;
	int n = enrolment_course_ids(g->r, learner, &ids);
	if (n < 0)
		return ERR_INTERNAL;
	note_units(g, ids, n);
	if (add_classes(g, ids, n, shown_as, name) != 0)
		return ERR_INTERNAL;
	int before = g->n;
	int k = agenda_due_dates(g->r, learner, g->from, g->to, g->e + g->n,
	                         AGENDA_MAX_ENTRIES - g->n);
	if (k < 0)
		return k;
	g->n += k;
	for (int i = before; i < g->n; i++) {
		g->e[i].learner_id = shown_as;
		g->e[i].learner_name = (char *)(name ? name : "");
	}
	return 0;
}

static int add_events(struct gather *g, bool all_units)
{
	struct db_stmt *st = db_prepare(g->db,
		"SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.all_day, e.unit_id, u.name,"
		" e.created_at FROM school_events e"
		" LEFT JOIN units u ON u.tenant_id = e.tenant_id AND u.id = e.unit_id"
		" WHERE e.tenant_id = ? AND e.starts_at < ? AND e.ends_at > ?"
		" AND (e.unit_id IS NULL OR ? = 1 OR e.unit_id IN (" IN16 "))"
		" ORDER BY e.starts_at LIMIT 1000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, g->r->tenant.id);
	db_bind_int(st, 2, g->to);
	db_bind_int(st, 3, g->from);
	db_bind_int(st, 4, all_units ? 1 : 0);
	for (int i = 0; i < UNIT_SLOTS; i++)
		db_bind_int(st, 5 + i, i < g->nunits ? g->units[i] : 0);
	int rc;
	while ((rc = db_step(st)) == DB_ROW && g->n < AGENDA_MAX_ENTRIES) {
		struct agenda_entry *e = &g->e[g->n++];
		memset(e, 0, sizeof *e);
		e->kind = AGENDA_EVENT;
		e->id = db_int(st, 0);
		e->title = db_text_dup(st, 1, g->r->arena);
		e->description = db_text_dup(st, 2, g->r->arena);
		e->starts_at = db_int(st, 3);
		e->ends_at = db_int(st, 4);
		e->all_day = db_int(st, 5) != 0;
		e->unit_name = db_is_null(st, 6) ? "" : db_text_dup(st, 7, g->r->arena);
		e->stamp = db_int(st, 8);
		e->course_title = "";
		e->url = "";
		e->learner_name = "";
	}
	if (rc == DB_ROW)
		db_done(st);
	return rc == DB_ROW || rc == DB_DONE ? 0 : ERR_INTERNAL;
}

static int by_start(const void *a, const void *b)
{
	const struct agenda_entry *x = a, *y = b;
	if (x->starts_at != y->starts_at)
		return x->starts_at < y->starts_at ? -1 : 1;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return x->id < y->id ? -1 : x->id > y->id;
}

int agenda_for(struct req *r, int64_t account_id, int64_t from, int64_t to,
               struct agenda_entry **out)
{
	if (to <= from || to - from > AGENDA_MAX_SPAN)
		return ERR_INVALID;
	struct gather g = {.r = r, .db = db_get(), .from = from, .to = to};
	if (!g.db || !r->user.id)
		return g.db ? ERR_NOT_FOUND : ERR_INTERNAL;
	g.e = arena_array(r->arena, AGENDA_MAX_ENTRIES, sizeof *g.e);
	unsigned roles = r->user.roles;
	if (account_id != r->user.id) {
		/* a guardian looking at a child's agenda */
		struct person child;
		if (!(roles & ROLE_GUARDIAN) || !people_is_guardian_of(r, r->user.id, account_id) ||
		    people_get(r, account_id, &child) != 0)
			return ERR_NOT_FOUND;
		const char *name = arena_printf(r->arena, "%s %s", child.given_name, child.family_name);
		if (add_learner(&g, account_id, account_id, name) != 0 || add_events(&g, false) != 0)
			return ERR_INTERNAL;
	} else {
		if ((roles & ROLE_LEARNER) && add_learner(&g, r->user.id, 0, NULL) != 0)
			return ERR_INTERNAL;
		if (roles & ROLE_GUARDIAN) {
			struct person *kids;
			int nk = people_children(r, r->user.id, &kids);
			if (nk < 0)
				return ERR_INTERNAL;
			for (int i = 0; i < nk; i++) {
				const char *name = arena_printf(r->arena, "%s %s", kids[i].given_name,
				                                kids[i].family_name);
				if (add_learner(&g, kids[i].id, kids[i].id, name) != 0)
					return ERR_INTERNAL;
			}
		}
		if (roles & (ROLE_TEACHER | ROLE_ADVISOR)) {
			struct course_summary *cs;
			int nc = courses_for_staff(r, &cs);
			if (nc < 0)
				return ERR_INTERNAL;
			int64_t *ids = arena_array(r->arena, (size_t)nc + 1, sizeof *ids);
			for (int i = 0; i < nc; i++)
				ids[i] = cs[i].id;
			note_units(&g, ids, nc);
			if (add_classes(&g, ids, nc, 0, NULL) != 0)
				return ERR_INTERNAL;
		}
		if (add_events(&g, (roles & (ROLE_ADMIN | ROLE_ADVISOR)) != 0) != 0)
			return ERR_INTERNAL;
	}
	qsort(g.e, (size_t)g.n, sizeof *g.e, by_start);
	*out = g.e;
	return g.n;
}

int agenda_upcoming(struct req *r, int64_t account_id, int days, struct agenda_entry **out)
{
	if (days < 1)
		days = 1;
	if (days > 60)
		days = 60;
	int64_t now = time(NULL);
	return agenda_for(r, account_id, now, now + (int64_t)days * 24 * 3600, out);
}

/* ---- Virtual classes ---- */

static bool may_hold_classes(struct req *r, int64_t course_id)
{
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return false;
	return (r->user.roles & ROLE_ADMIN) || courses_is_staff(r, course_id, r->user.id);
}

int agenda_class_courses(struct req *r, int64_t **ids, char ***titles)
{
	int n;
	if (r->user.roles & ROLE_ADMIN) {
		struct catalogue_query q = {.all = true, .limit = 500};
		struct course *c;
		n = catalogue_courses_search(r, &q, &c);
		if (n < 0)
			return n;
		*ids = arena_array(r->arena, (size_t)n + 1, sizeof **ids);
		*titles = arena_array(r->arena, (size_t)n + 1, sizeof **titles);
		for (int i = 0; i < n; i++) {
			(*ids)[i] = c[i].id;
			(*titles)[i] = c[i].title;
		}
		return n;
	}
	struct course_summary *cs;
	n = courses_for_staff(r, &cs);
	if (n < 0)
		return n;
	*ids = arena_array(r->arena, (size_t)n + 1, sizeof **ids);
	*titles = arena_array(r->arena, (size_t)n + 1, sizeof **titles);
	for (int i = 0; i < n; i++) {
		(*ids)[i] = cs[i].id;
		(*titles)[i] = cs[i].title;
	}
	return n;
}

int agenda_classes(struct req *r, int64_t from, int limit, struct virtual_class **out)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	bool admin = (r->user.roles & ROLE_ADMIN) != 0;
	int64_t *ids = NULL;
	int n = 0;
	if (!admin) {
		char **titles;
		n = agenda_class_courses(r, &ids, &titles);
		if (n < 0)
			return n;
	}
	struct virtual_class *v = arena_array(r->arena, (size_t)limit + 1, sizeof *v);
	int k = 0;
	for (int at = 0; admin ? at == 0 : at < n; at += IN_SLOTS) {
		struct db_stmt *st = db_prepare(db,
			"SELECT v.id, v.course_id, c.title, v.title, v.url, v.starts_at, v.ends_at"
			" FROM virtual_classes v JOIN courses c ON c.tenant_id = v.tenant_id AND c.id = v.course_id"
			" WHERE v.tenant_id = ? AND v.ends_at > ? AND (? = 1 OR v.course_id IN (" IN32 "))"
			" ORDER BY v.starts_at, v.id LIMIT ?");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, from);
		db_bind_int(st, 3, admin ? 1 : 0);
		for (int i = 0; i < IN_SLOTS; i++)
			db_bind_int(st, 4 + i, !admin && at + i < n ? ids[at + i] : 0);
		db_bind_int(st, 4 + IN_SLOTS, limit - k);
		int rc;
		while ((rc = db_step(st)) == DB_ROW && k < limit) {
			v[k].id = db_int(st, 0);
			v[k].course_id = db_int(st, 1);
			v[k].course_title = db_text_dup(st, 2, r->arena);
			v[k].title = db_text_dup(st, 3, r->arena);
			v[k].url = db_text_dup(st, 4, r->arena);
			v[k].starts_at = db_int(st, 5);
			v[k].ends_at = db_int(st, 6);
			k++;
		}
		if (rc == DB_ROW)
			db_done(st);
		else if (rc != DB_DONE)
			return ERR_INTERNAL;
	}
	*out = v;
	return k;
}

static bool title_ok(struct req *r, const char *s, const char **out)
{
	const char *t = s ? str_trim(r->arena, s) : "";
	*out = t;
	return *t && text_is_clean(t, false) && utf8_length(t) <= 200;
}

static bool link_ok(const char *u)
{
	if (!u || (!str_starts(u, "https://") && !str_starts(u, "http://")) || strlen(u) > 500 ||
	    !text_is_clean(u, false))
		return false;
	const char *host = strstr(u, "://") + 3;
	if (!*host || *host == '/')
		return false;
	for (const char *p = u; *p; p++)
		if (*p == ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return true;
}

int agenda_class_create(struct req *r, const struct class_input *in, int64_t *id, struct err *e)
{
	if (!may_hold_classes(r, in->course_id))
		return err_set(e, ERR_NOT_FOUND, "cours", "%s",
		               _("Vous n'enseignez pas dans ce cours."));
	const char *title;
	if (!title_ok(r, in->title, &title))
		return err_set(e, ERR_INVALID, "titre", "%s",
		               _("Indiquez le titre de la classe virtuelle (200 caractères au plus)."));
	int64_t start, end;
	if (!in->date || !agenda_local_time(in->date, NULL, &start))
		return err_set(e, ERR_INVALID, "date", "%s", _("Indiquez la date, au format JJ/MM/AAAA."));
	if (!in->start || !agenda_local_time(in->date, in->start, &start))
		return err_set(e, ERR_INVALID, "debut", "%s", _("Indiquez l'heure de début, au format HH:MM."));
	if (!in->end || !agenda_local_time(in->date, in->end, &end))
		return err_set(e, ERR_INVALID, "fin", "%s", _("Indiquez l'heure de fin, au format HH:MM."));
	if (end <= start)
		return err_set(e, ERR_INVALID, "fin", "%s", _("La fin doit venir après le début."));
	if (end - start > 12 * 3600)
		return err_set(e, ERR_INVALID, "fin", "%s", _("Une classe virtuelle dure 12 heures au plus."));
	const char *url = in->url ? str_trim(r->arena, in->url) : "";
	if (!link_ok(url))
		return err_set(e, ERR_INVALID, "lien", "%s",
		               _("Indiquez le lien de la classe, commençant par https://."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO virtual_classes (tenant_id, course_id, title, starts_at, ends_at, url,"
		" created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, in->course_id);
	db_bind_text(st, 3, title);
	db_bind_int(st, 4, start);
	db_bind_int(st, 5, end);
	db_bind_text(st, 6, url);
	db_bind_int(st, 7, r->user.id);
	db_bind_int(st, 8, time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int agenda_class_delete(struct req *r, int64_t id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT course_id FROM virtual_classes WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	int64_t course = db_int(st, 0);
	db_done(st);
	if (!may_hold_classes(r, course))
		return ERR_NOT_FOUND;
	st = db_prepare(db, "DELETE FROM virtual_classes WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* ---- Events ---- */

int agenda_events(struct req *r, int64_t from, int limit, struct school_event **out)
{
	if (!(r->user.roles & ROLE_ADMIN))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT e.id, e.unit_id, e.title, e.description, u.name, e.starts_at, e.ends_at, e.all_day"
		" FROM school_events e LEFT JOIN units u ON u.tenant_id = e.tenant_id AND u.id = e.unit_id"
		" WHERE e.tenant_id = ? AND e.ends_at > ? ORDER BY e.starts_at, e.id LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, limit);
	struct school_event *ev = arena_array(r->arena, (size_t)limit + 1, sizeof *ev);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit) {
		ev[n].id = db_int(st, 0);
		ev[n].unit_id = db_int(st, 1);
		ev[n].title = db_text_dup(st, 2, r->arena);
		ev[n].description = db_text_dup(st, 3, r->arena);
		ev[n].unit_name = db_is_null(st, 4) ? "" : db_text_dup(st, 4, r->arena);
		ev[n].starts_at = db_int(st, 5);
		ev[n].ends_at = db_int(st, 6);
		ev[n].all_day = db_int(st, 7) != 0;
		n++;
	}
	if (rc == DB_ROW)
		db_done(st);
	*out = ev;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

int agenda_event_create(struct req *r, const struct event_input *in, int64_t *id, struct err *e)
{
	if (!(r->user.roles & ROLE_ADMIN))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux administrateurs."));
	struct unit u;
	if (in->unit_id && units_get(r, in->unit_id, &u) != 0)
		return err_set(e, ERR_INVALID, "unite", "%s", _("Pôle inconnu."));
	const char *title;
	if (!title_ok(r, in->title, &title))
		return err_set(e, ERR_INVALID, "titre", "%s",
		               _("Indiquez le titre de l'événement (200 caractères au plus)."));
	const char *desc = in->description ? str_trim(r->arena, in->description) : "";
	if (!text_is_clean(desc, true) || utf8_length(desc) > 2000)
		return err_set(e, ERR_INVALID, "description", "%s",
		               _("La description fait 2000 caractères au plus."));
	int y, mo, d, y2, mo2, d2, h = 0, m = 0, h2 = 0, m2 = 0;
	if (!ymd(in->start_date, &y, &mo, &d))
		return err_set(e, ERR_INVALID, "debut", "%s", _("Indiquez la date de début, au format JJ/MM/AAAA."));
	bool all_day = str_empty(in->start_time);
	if (!all_day && !hm_parse(str_trim(r->arena, in->start_time), &h, &m))
		return err_set(e, ERR_INVALID, "heure_debut", "%s", _("L'heure s'écrit HH:MM."));
	bool same_day = str_empty(in->end_date);
	if (same_day) {
		y2 = y, mo2 = mo, d2 = d;
	} else if (!ymd(in->end_date, &y2, &mo2, &d2))
		return err_set(e, ERR_INVALID, "fin", "%s", _("La date de fin s'écrit JJ/MM/AAAA."));
	int64_t start, end;
	if (all_day) {
		start = local_at(y, mo, d, 0, 0, 0);
		end = local_at(y2, mo2, d2, 1, 0, 0);
	} else {
		start = local_at(y, mo, d, 0, h, m);
		if (str_empty(in->end_time))
			end = same_day ? start + 3600 : local_at(y2, mo2, d2, 1, 0, 0);
		else if (!hm_parse(str_trim(r->arena, in->end_time), &h2, &m2))
			return err_set(e, ERR_INVALID, "heure_fin", "%s", _("L'heure s'écrit HH:MM."));
		else
			end = local_at(y2, mo2, d2, 0, h2, m2);
	}
	if (end <= start)
		return err_set(e, ERR_INVALID, "fin", "%s", _("La fin doit venir après le début."));
	if (end - start > 366LL * 24 * 3600)
		return err_set(e, ERR_INVALID, "fin", "%s", _("Un événement dure un an au plus."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO school_events (tenant_id, unit_id, title, description, starts_at, ends_at,"
		" all_day, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	if (in->unit_id)
		db_bind_int(st, 2, in->unit_id);
	else
		db_bind_null(st, 2);
	db_bind_text(st, 3, title);
	db_bind_text(st, 4, desc);
	db_bind_int(st, 5, start);
	db_bind_int(st, 6, end);
	db_bind_int(st, 7, all_day ? 1 : 0);
	db_bind_int(st, 8, r->user.id);
	db_bind_int(st, 9, time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int agenda_event_delete(struct req *r, int64_t id)
{
	if (!(r->user.roles & ROLE_ADMIN))
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM school_events WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : ERR_NOT_FOUND;
}

/* ---- The feed ---- */

int agenda_feed_issue(struct req *r, char token[AUTH_TOKEN_LEN])
{
	char hash[65];
	auth_random_token(token);
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO agenda_feeds (tenant_id, account_id, token_hash, created_at) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, account_id) DO UPDATE SET token_hash = excluded.token_hash,"
		" created_at = excluded.created_at") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_text(st, 3, hash);
	db_bind_int(st, 4, time(NULL));
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int agenda_feed_revoke(struct req *r)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"DELETE FROM agenda_feeds WHERE tenant_id = ? AND account_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int64_t agenda_feed_since(struct req *r)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT created_at FROM agenda_feeds WHERE tenant_id = ? AND account_id = ?") : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	int64_t t = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return t;
}

static bool token_shape(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	if (n != AUTH_TOKEN_LEN - 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return true;
}

int agenda_feed(struct req *r, const char *token, struct sb *out)
{
	if (!token_shape(token))
		return ERR_NOT_FOUND;
	char hash[65];
	auth_sha256_hex(token, hash);
	struct db *db = db_get();
	/* the secret names its tenant: like sign-in, not scoped by the request's */
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT tenant_id, account_id FROM agenda_feeds WHERE token_hash = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, hash);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	int64_t tenant = db_int(st, 0), account = db_int(st, 1);
	db_done(st);
	r->user = (struct user){0};
	rc = people_identify(r, tenant, account);
	if (rc)
		return rc;
	int64_t now = time(NULL);
	struct agenda_entry *e;
	int n = agenda_for(r, account, now - 30LL * 24 * 3600, now + 365LL * 24 * 3600, &e);
	if (n < 0)
		return n == ERR_NOT_FOUND ? ERR_INTERNAL : n;
	const char *base = app.base_url ? app.base_url : "";
	ical_begin(out, arena_printf(r->arena, "cartable · %s", r->user.display_name));
	for (int i = 0; i < n; i++) {
		const struct agenda_entry *a = &e[i];
		const char *who = a->learner_id ? arena_printf(r->arena, "%s — ", a->learner_name) : "";
		const char *summary = a->kind == AGENDA_EVENT
			? arena_printf(r->arena, "%s%s", who, a->title)
			: arena_printf(r->arena, "%s%s : %s", who, agenda_kind_label(a->kind), a->title);
		const char *desc = a->course_title[0]
			? arena_printf(r->arena, "%s%s%s", a->course_title, a->description[0] ? "\n" : "",
			               a->description)
			: a->description;
		const char *url = a->kind == AGENDA_DUE ? arena_printf(r->arena, "%s%s", base, a->url)
		                                        : a->url;
		struct ical_event ev = {
			.uid = arena_printf(r->arena, "%s-%lld-%lld@%s.cartable", agenda_kind_code(a->kind),
			                    (long long)a->id, (long long)a->learner_id, r->tenant.slug),
			.stamp = a->stamp ? a->stamp : now,
			.start = a->starts_at,
			.end = a->ends_at,
			.all_day = a->all_day,
			.summary = summary,
			.description = desc,
			.location = a->unit_name,
			.url = url,
		};
		ical_event(out, &ev);
	}
	ical_end(out);
	return 0;
}
