/*
** This file implements grades.h: grade numbers typed and shown, weighted
** averages, recording the grades other features give, and reading
** gradebooks per course and per learner, with their CSV exports.
*/
#include "grades/grades.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/csv.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "people/people.h"

#define MAX_ITEMS 500
#define MAX_LEARNERS 5000
#define MAX_GRADES 5000

/* ---- Numbers ---- */

bool grades_parse(const char *s, int64_t *hundredths)
{
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 4)
			return false;
		whole = whole * 10 + (*s - '0');
	}
	if (digits == 0)
		return false;
	if (*s == ',' || *s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 2)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (decimals == 0)
			return false;
		if (decimals == 1)
			frac *= 10;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return false;
	int64_t v = whole * 100 + frac;
	if (v > 100000)
		return false;
	*hundredths = v;
	return true;
}

char *grades_format(struct arena *a, int64_t v)
{
	const char *sign = v < 0 ? "-" : "";
	if (v < 0)
		v = -v;
	char sep = i18n_lang() == LANG_EN ? '.' : ',';
	unsigned long long whole = (unsigned long long)v / 100, frac = (unsigned long long)v % 100;
	/* without printf: a list of grades formats two numbers a line */
	char buf[32], *p = buf + sizeof buf;
	*--p = 0;
	if (frac % 10)
		*--p = (char)('0' + frac % 10);
	if (frac) {
		*--p = (char)('0' + frac / 10);
		*--p = sep;
	}
	do
		*--p = (char)('0' + whole % 10);
	while ((whole /= 10) != 0);
	if (*sign)
		*--p = '-';
	return arena_strdup(a, p);
}

int64_t grades_average(const int64_t *grade, const int64_t *max, const int64_t *weight, int n)
{
	double sum = 0, weights = 0;
	for (int i = 0; i < n; i++) {
		if (grade[i] < 0 || max[i] <= 0 || weight[i] <= 0)
			continue;
		sum += (double)weight[i] * ((double)grade[i] * 2000.0 / (double)max[i]);
		weights += (double)weight[i];
	}
	if (weights <= 0)
		return -1;
	return (int64_t)llround(sum / weights);
}

/* ---- Access ---- */

/* Teachers of the course, advisors and admins read its gradebook. */
static bool teaches(struct req *r, int64_t course_id)
{
	if (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR))
		return true;
	return (r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id);
}

/* May the signed-in person read learner_id's grades? *only_taught is set
** for a teacher, who sees the courses they teach only. */
static bool may_read_learner(struct req *r, int64_t learner_id, bool *only_taught)
{
	*only_taught = false;
	if (!r->user.id || learner_id <= 0)
		return false;
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

/* ---- Recording ---- */

int grades_record(struct req *r, int64_t course_id, const char *source, int64_t source_id,
                  const char *title, int64_t max_grade, int64_t weight, int64_t learner_id,
                  int64_t grade, const char *link)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO grade_items (tenant_id, course_id, source, source_id, title, max_grade,"
		" weight, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, source, source_id) DO UPDATE SET title = excluded.title,"
		" max_grade = excluded.max_grade, weight = excluded.weight RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_text(st, 3, source);
	db_bind_int(st, 4, source_id);
	db_bind_text(st, 5, title);
	db_bind_int(st, 6, max_grade);
	db_bind_int(st, 7, weight);
	db_bind_int(st, 8, now);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	int64_t item = db_int(st, 0);
	db_done(st);
	st = db_prepare(db,
		"INSERT INTO grades (tenant_id, learner_id, course_id, grade_item_id, grade, max_grade,"
		" link, graded_by, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, learner_id, course_id, grade_item_id) DO UPDATE SET"
		" grade = excluded.grade, max_grade = excluded.max_grade, link = excluded.link,"
		" graded_by = excluded.graded_by, graded_at = excluded.graded_at");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, course_id);
	db_bind_int(st, 4, item);
	db_bind_int(st, 5, grade);
	db_bind_int(st, 6, max_grade);
	db_bind_text(st, 7, link ? link : "");
	if (r->user.id)
		db_bind_int(st, 8, r->user.id);
	else
		db_bind_null(st, 8);
	db_bind_int(st, 9, now);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int grades_item_update(struct req *r, const char *source, int64_t source_id, const char *title,
                       int64_t max_grade, int64_t weight)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE grade_items SET title = ?, max_grade = ?, weight = ?"
		" WHERE tenant_id = ? AND source = ? AND source_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, title);
	db_bind_int(st, 2, max_grade);
	db_bind_int(st, 3, weight);
	db_bind_int(st, 4, r->tenant.id);
	db_bind_text(st, 5, source);
	db_bind_int(st, 6, source_id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* ---- Course gradebook ---- */

static int64_t scaled(int64_t grade, int64_t from_max, int64_t to_max)
{
	if (from_max <= 0 || from_max == to_max)
		return grade;
	return (int64_t)llround((double)grade * (double)to_max / (double)from_max);
}

static int find_item(const struct gradebook *g, int64_t id)
{
	for (int j = 0; j < g->nitems; j++) /* few columns: a scan is fine */
		if (g->items[j].id == id)
			return j;
	return -1;
}

struct learner_index {
	int64_t id;
	int row;
};

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct learner_index *)a)->id, y = ((const struct learner_index *)b)->id;
	return x < y ? -1 : x > y;
}

static struct gradebook_row *add_row(struct req *r, struct gradebook *g, int64_t id,
                                     const char *given, const char *family, const char *login)
{
	struct gradebook_row *row = &g->rows[g->nrows++];
	row->learner_id = id;
	row->given_name = arena_strdup(r->arena, given ? given : "");
	row->family_name = arena_strdup(r->arena, family ? family : "");
	row->login = arena_strdup(r->arena, login ? login : "");
	row->grades = arena_array(r->arena, (size_t)g->nitems + 1, sizeof *row->grades);
	for (int j = 0; j < g->nitems; j++)
		row->grades[j] = -1;
	row->average = -1;
	return row;
}

int grades_course(struct req *r, int64_t course_id, struct gradebook *out)
{
	memset(out, 0, sizeof *out);
	struct course c;
	if (!teaches(r, course_id) || catalogue_course_get(r, course_id, true, &c) != 0)
		return ERR_NOT_FOUND;
	out->course_id = c.id;
	out->course_code = c.code;
	out->course_title = c.title;
	out->average = -1;

	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, course_id, source, source_id, title, max_grade, weight FROM grade_items"
		" WHERE tenant_id = ? AND course_id = ? ORDER BY id LIMIT 500") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	out->items = arena_array(r->arena, MAX_ITEMS, sizeof *out->items);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct grade_item *it = &out->items[out->nitems++];
		it->id = db_int(st, 0);
		it->course_id = db_int(st, 1);
		it->source = db_text_dup(st, 2, r->arena);
		it->source_id = db_int(st, 3);
		it->title = db_text_dup(st, 4, r->arena);
		it->max_grade = db_int(st, 5);
		it->weight = db_int(st, 6);
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;

	struct course_learner *l;
	int nl = enrolment_course_learners(r, course_id, MAX_LEARNERS, &l);
	if (nl < 0)
		return nl;
	out->rows = arena_array(r->arena, (size_t)nl + MAX_LEARNERS, sizeof *out->rows);
	for (int i = 0; i < nl; i++)
		add_row(r, out, l[i].id, l[i].given_name, l[i].family_name, l[i].login);
	int cap = nl + MAX_LEARNERS;
	struct learner_index *idx = arena_array(r->arena, (size_t)cap, sizeof *idx);
	for (int i = 0; i < out->nrows; i++)
		idx[i] = (struct learner_index){out->rows[i].learner_id, i};
	qsort(idx, (size_t)out->nrows, sizeof *idx, by_id);
	int nidx = out->nrows;

	st = db_prepare(db, "SELECT learner_id, grade_item_id, grade, max_grade FROM grades"
	                    " WHERE tenant_id = ? AND course_id = ? ORDER BY learner_id LIMIT 1000000");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	while ((rc = db_step(st)) == DB_ROW) {
		int j = find_item(out, db_int(st, 1));
		if (j < 0)
			continue;
		struct learner_index key = {db_int(st, 0), 0};
		struct learner_index *hit = bsearch(&key, idx, (size_t)nidx, sizeof *idx, by_id);
		struct gradebook_row *row;
		if (hit) {
			row = &out->rows[hit->row];
		} else {
			/* graded, no longer following the course: still in the gradebook */
			if (out->nrows >= cap)
				continue;
			struct person p;
			if (people_get(r, key.id, &p) != 0)
				continue;
			row = add_row(r, out, key.id, p.given_name, p.family_name, p.login);
		}
		row->grades[j] = scaled(db_int(st, 2), db_int(st, 3), out->items[j].max_grade);
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;

	int64_t *maxes = arena_array(r->arena, (size_t)out->nitems + 1, sizeof *maxes);
	int64_t *weights = arena_array(r->arena, (size_t)out->nitems + 1, sizeof *weights);
	for (int j = 0; j < out->nitems; j++) {
		maxes[j] = out->items[j].max_grade;
		weights[j] = out->items[j].weight;
	}
	int64_t sum = 0, counted = 0;
	for (int i = 0; i < out->nrows; i++) {
		struct gradebook_row *row = &out->rows[i];
		row->average = grades_average(row->grades, maxes, weights, out->nitems);
		if (row->average >= 0) {
			sum += row->average;
			counted++;
		}
	}
	out->average = counted ? (sum + counted / 2) / counted : -1;
	out->item_average = arena_array(r->arena, (size_t)out->nitems + 1, sizeof *out->item_average);
	for (int j = 0; j < out->nitems; j++) {
		int64_t s = 0, k = 0;
		for (int i = 0; i < out->nrows; i++)
			if (out->rows[i].grades[j] >= 0) {
				s += out->rows[i].grades[j];
				k++;
			}
		out->item_average[j] = k ? (s + k / 2) / k : -1;
	}
	return 0;
}

/* ---- A learner's grades ---- */

static struct course_grades *course_slot(struct req *r, struct learner_grades *g, int64_t course,
                                         int cap)
{
	for (int i = 0; i < g->ncourses; i++)
		if (g->courses[i].course_id == course)
			return &g->courses[i];
	if (g->ncourses >= cap)
		return NULL;
	struct course c;
	if (catalogue_course_get(r, course, true, &c) != 0)
		return NULL;
	struct course_grades *cg = &g->courses[g->ncourses++];
	cg->course_id = course;
	cg->course_title = c.title;
	cg->grades = NULL;
	cg->ngrades = 0;
	cg->average = -1;
	return cg;
}

int grades_learner(struct req *r, int64_t learner_id, struct learner_grades *out)
{
	memset(out, 0, sizeof *out);
	bool only_taught;
	if (!may_read_learner(r, learner_id, &only_taught))
		return ERR_NOT_FOUND;
	struct person p;
	if (people_get(r, learner_id, &p) != 0 || !(p.roles & ROLE_LEARNER))
		return ERR_NOT_FOUND;
	out->learner_id = learner_id;
	out->name = arena_printf(r->arena, "%s %s", p.given_name, p.family_name);
	out->average = -1;

	int64_t *ids;
	int n = enrolment_course_ids(r, learner_id, &ids);
	if (n < 0)
		return n;
	int cap = n + 200;
	out->courses = arena_array(r->arena, (size_t)cap, sizeof *out->courses);
	for (int i = 0; i < n; i++)
		if (!only_taught || courses_is_staff(r, ids[i], r->user.id))
			(void)course_slot(r, out, ids[i], cap);

	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT g.course_id, gi.id, gi.title, g.grade, g.max_grade, gi.max_grade, gi.weight,"
		" g.graded_at, g.link FROM grades g"
		" JOIN grade_items gi ON gi.tenant_id = g.tenant_id AND gi.id = g.grade_item_id"
		" WHERE g.tenant_id = ? AND g.learner_id = ? ORDER BY g.course_id, gi.id LIMIT 5000") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	struct grade *all = arena_array(r->arena, MAX_GRADES, sizeof *all);
	int ng = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct grade *gr = &all[ng++];
		gr->course_id = db_int(st, 0);
		gr->item_id = db_int(st, 1);
		gr->title = db_text_dup(st, 2, r->arena);
		gr->max_grade = db_int(st, 5);
		gr->grade = scaled(db_int(st, 3), db_int(st, 4), gr->max_grade);
		gr->weight = db_int(st, 6);
		gr->graded_at = db_int(st, 7);
		gr->link = db_text_dup(st, 8, r->arena);
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	/* grades arrive grouped by course: hand each group to its course */
	for (int i = 0; i < ng;) {
		int j = i;
		while (j < ng && all[j].course_id == all[i].course_id)
			j++;
		int64_t course = all[i].course_id;
		struct course_grades *cg = NULL;
		if (!only_taught || courses_is_staff(r, course, r->user.id))
			cg = course_slot(r, out, course, cap);
		if (cg) {
			cg->grades = &all[i];
			cg->ngrades = j - i;
			for (int k = i; k < j; k++)
				all[k].course_title = cg->course_title;
		}
		i = j;
	}
	int64_t sum = 0, counted = 0;
	for (int i = 0; i < out->ncourses; i++) {
		struct course_grades *cg = &out->courses[i];
		int64_t *gv = arena_array(r->arena, (size_t)cg->ngrades + 1, sizeof *gv);
		int64_t *mv = arena_array(r->arena, (size_t)cg->ngrades + 1, sizeof *mv);
		int64_t *wv = arena_array(r->arena, (size_t)cg->ngrades + 1, sizeof *wv);
		for (int k = 0; k < cg->ngrades; k++) {
			gv[k] = cg->grades[k].grade;
			mv[k] = cg->grades[k].max_grade;
			wv[k] = cg->grades[k].weight;
		}
		cg->average = grades_average(gv, mv, wv, cg->ngrades);
		if (cg->average >= 0) {
			sum += cg->average;
			counted++;
		}
	}
	out->average = counted ? (sum + counted / 2) / counted : -1;
	if (only_taught && out->ncourses == 0)
		return ERR_NOT_FOUND; /* a teacher who teaches this learner nothing */
	return 0;
}

int grades_latest(struct req *r, int64_t learner_id, int limit, struct grade **out)
{
	bool only_taught;
	if (!may_read_learner(r, learner_id, &only_taught))
		return ERR_NOT_FOUND;
	if (limit < 1 || limit > 100)
		limit = 10;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT g.course_id, gi.id, gi.title, c.title, g.grade, g.max_grade, gi.max_grade,"
		" gi.weight, g.graded_at, g.link FROM grades g"
		" JOIN grade_items gi ON gi.tenant_id = g.tenant_id AND gi.id = g.grade_item_id"
		" JOIN courses c ON c.tenant_id = g.tenant_id AND c.id = g.course_id"
		" WHERE g.tenant_id = ? AND g.learner_id = ? ORDER BY g.graded_at DESC LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	int max = only_taught ? 100 : limit;
	db_bind_int(st, 3, max);
	struct grade *g = arena_array(r->arena, (size_t)max, sizeof *g);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct grade *gr = &g[n];
		gr->course_id = db_int(st, 0);
		gr->item_id = db_int(st, 1);
		gr->title = db_text_dup(st, 2, r->arena);
		gr->course_title = db_text_dup(st, 3, r->arena);
		gr->max_grade = db_int(st, 6);
		gr->grade = scaled(db_int(st, 4), db_int(st, 5), gr->max_grade);
		gr->weight = db_int(st, 7);
		gr->graded_at = db_int(st, 8);
		gr->link = db_text_dup(st, 9, r->arena);
		n++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	if (only_taught) {
		int k = 0;
		for (int i = 0; i < n && k < limit; i++)
			if (courses_is_staff(r, g[i].course_id, r->user.id))
				g[k++] = g[i];
		n = k;
	}
	*out = g;
	return n;
}

/* ---- Exports ---- */

static const char *csv_grade(struct arena *a, int64_t v)
{
	return v < 0 ? "" : grades_format(a, v);
}

void grades_course_csv(struct req *r, const struct gradebook *g, struct sb *out)
{
	struct arena *a = r->arena;
	sb_adds(out, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
	csv_write_field(out, _("Nom"), ';');
	csv_write_field(out, _("Prénom"), ';');
	csv_write_field(out, _("Identifiant"), ';');
	for (int j = 0; j < g->nitems; j++)
		csv_write_field(out, arena_printf(a, _("%s (sur %s, coef. %s)"), g->items[j].title,
		                                  grades_format(a, g->items[j].max_grade),
		                                  grades_format(a, g->items[j].weight)), ';');
	csv_write_field(out, _("Moyenne sur 20"), '\n');
	for (int i = 0; i < g->nrows; i++) {
		const struct gradebook_row *row = &g->rows[i];
		csv_write_field(out, row->family_name, ';');
		csv_write_field(out, row->given_name, ';');
		csv_write_field(out, row->login, ';');
		for (int j = 0; j < g->nitems; j++)
			csv_write_field(out, csv_grade(a, row->grades[j]), ';');
		csv_write_field(out, csv_grade(a, row->average), '\n');
	}
}

void grades_learner_csv(struct req *r, const struct learner_grades *g, struct sb *out)
{
	struct arena *a = r->arena;
	sb_adds(out, "\xEF\xBB\xBF");
	const char *head[] = {_("Cours"), _("Évaluation"), _("Note"), _("Sur"), _("Coefficient"),
	                      _("Date")};
	for (size_t i = 0; i < 6; i++)
		csv_write_field(out, head[i], i + 1 < 6 ? ';' : '\n');
	for (int c = 0; c < g->ncourses; c++) {
		const struct course_grades *cg = &g->courses[c];
		for (int k = 0; k < cg->ngrades; k++) {
			const struct grade *gr = &cg->grades[k];
			csv_write_field(out, cg->course_title, ';');
			csv_write_field(out, gr->title, ';');
			csv_write_field(out, grades_format(a, gr->grade), ';');
			csv_write_field(out, grades_format(a, gr->max_grade), ';');
			csv_write_field(out, grades_format(a, gr->weight), ';');
			csv_write_field(out, fmt_date(a, gr->graded_at), '\n');
		}
		if (cg->average >= 0) {
			csv_write_field(out, cg->course_title, ';');
			csv_write_field(out, _("Moyenne du cours"), ';');
			csv_write_field(out, grades_format(a, cg->average), ';');
			csv_write_field(out, "20", ';');
			csv_write_field(out, "", ';');
			csv_write_field(out, "", '\n');
		}
	}
}
