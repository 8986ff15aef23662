/*
** This file implements the teachers' side of homework.h: the correction
** queue (oldest first), starting, saving and returning a correction with
** its grade, reassigning a copy, the copies of one assignment, and the
** turnaround report with its median and 90th percentile.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "grades/grades.h"
#include "homework/doctype.h"
#include "homework/internal.h"
#include "kernel/audit.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "notices/notices.h"
#include "people/people.h"

#define QUEUE_MAX 200
#define OVERDUE_MAX 200

/* ---- Queue ---- */

int homework_queue(struct req *r, int64_t teacher_id, int offset, int limit,
                   struct submission **out)
{
	bool manager = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	if (!manager && teacher_id != r->user.id)
		return ERR_NOT_FOUND;
	if (limit < 1 || limit > QUEUE_MAX)
		limit = 50;
	if (offset < 0)
		offset = 0;
	/* one range of neighbouring rows: the queue page must be fast */
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT submission_id, submitted_at, item_id, course_id, learner_id, learner_name, title,"
		" course_title, late, started_at FROM correction_queue WHERE tenant_id = ? AND teacher_id = ?"
		" ORDER BY submitted_at, submission_id LIMIT ? OFFSET ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, teacher_id);
	db_bind_int(st, 3, limit);
	db_bind_int(st, 4, offset);
	struct submission *s = arena_array(r->arena, (size_t)limit, sizeof *s);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct submission *c = &s[n++];
		c->id = db_int(st, 0);
		c->submitted_at = db_int(st, 1);
		c->item_id = db_int(st, 2);
		c->course_id = db_int(st, 3);
		c->learner_id = db_int(st, 4);
		c->learner_name = db_text_dup(st, 5, r->arena);
		c->title = db_text_dup(st, 6, r->arena);
		c->course_title = db_text_dup(st, 7, r->arena);
		c->late = db_int(st, 8) != 0;
		c->started_at = db_int(st, 9);
		c->teacher_id = teacher_id;
		c->grade = -1;
		c->sha256 = c->text_answer = c->feedback_md = "";
	}
	*out = s;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int homework_queue_stats(struct req *r, int64_t teacher_id, int64_t *pending, int64_t *oldest_at)
{
	*pending = 0;
	*oldest_at = 0;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*), MIN(submitted_at) FROM correction_queue"
		" WHERE tenant_id = ? AND teacher_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, teacher_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*pending = db_int(st, 0);
	*oldest_at = db_int(st, 1);
	db_done(st);
	return 0;
}

int homework_copies(struct req *r, int64_t item_id, struct submission **out)
{
	struct assignment a;
	int rc = homework_assignment_get(r, item_id, 0, &a);
	if (rc)
		return rc;
	if (!hw_teaches(r, a.course_id))
		return ERR_NOT_FOUND;
	struct course_learner *l;
	int nl = enrolment_course_learners(r, a.course_id, 5000, &l);
	if (nl < 0)
		return nl;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " HW_LIST_COLUMNS " FROM submissions s" HW_JOINS
		" WHERE s.tenant_id = ? AND s.item_id = ? ORDER BY l.family_name, l.given_name, s.id"
		" LIMIT 5000") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	struct submission *s = arena_array(r->arena, (size_t)nl + 5000, sizeof *s);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		hw_read_list(st, r->arena, &s[n++]);
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	/* then the learners following the course who handed in nothing */
	int copies = n;
	for (int i = 0; i < nl; i++) {
		bool found = false;
		for (int k = 0; k < copies && !found; k++)
			found = s[k].learner_id == l[i].id;
		if (found)
			continue;
		struct submission *m = &s[n++];
		memset(m, 0, sizeof *m);
		m->item_id = item_id;
		m->course_id = a.course_id;
		m->learner_id = l[i].id;
		m->grade = -1;
		m->learner_name = arena_printf(r->arena, "%s %s", l[i].given_name, l[i].family_name);
		m->due_at = homework_due_for(a.due_at, a.opens_at, l[i].acc.extra_time_pct);
		m->title = a.title;
		m->course_title = a.course_title;
		m->sha256 = m->text_answer = m->feedback_md = "";
	}
	*out = s;
	return n;
}

/* ---- Correcting ---- */

/* Loads a copy for its corrector: visible (else ERR_NOT_FOUND), allocated
** to the signed-in teacher (else ERR_FORBIDDEN), not returned. */
static int load_for_correction(struct req *r, int64_t id, struct submission *s, struct err *e)
{
	int rc = hw_load(r, id, s);
	if (rc == ERR_NOT_FOUND || (rc == 0 && !hw_teaches(r, s->course_id)))
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Copie introuvable."));
	if (rc)
		return rc;
	if (s->teacher_id != r->user.id)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Cette copie est attribuée à un autre "
		               "enseignant : seul lui peut la corriger."));
	if (s->returned_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette copie a déjà été rendue."));
	return 0;
}

int homework_start(struct req *r, int64_t id, struct err *e)
{
	struct submission s;
	int rc = load_for_correction(r, id, &s, e);
	if (rc || s.started_at)
		return rc;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE submissions SET started_at = ? WHERE tenant_id = ? AND id = ? AND started_at = 0"
		" AND returned_at = 0");
	int64_t now = time(NULL);
	if (st) {
		db_bind_int(st, 1, now);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, id);
	}
	if (!st || db_run(st) != 0 || hw_queue_set(r, id, "started_at", now) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	return db_commit(db);
}

/* Notifies the learner and each guardian that a copy came back. */
static int notify_returned(struct req *r, const struct submission *s)
{
	const char *link = arena_printf(r->arena, "/copies/%lld", (long long)s->id);
	int rc = notices_notify(r, s->learner_id, "homework.returned",
	                        arena_printf(r->arena, _("Votre copie « %s » est corrigée."), s->title),
	                        link);
	if (rc)
		return rc;
	struct person *g;
	int n = people_guardians(r, s->learner_id, &g);
	for (int i = 0; i < n; i++) {
		rc = notices_notify(r, g[i].id, "homework.returned",
		                    arena_printf(r->arena, _("La copie « %s » de %s est corrigée."),
		                                 s->title, s->learner_name),
		                    link);
		if (rc)
			return rc;
	}
	return n < 0 ? n : 0;
}

int homework_correct(struct req *r, int64_t id, const struct correction_input *in, struct err *e)
{
	struct submission s;
	int rc = load_for_correction(r, id, &s, e);
	if (rc)
		return rc;
	struct assignment a;
	if (homework_assignment_get(r, s.item_id, s.learner_id, &a) != 0) {
		memset(&a, 0, sizeof a);
		a.max_grade = s.max_grade;
		a.weight = 100;
		a.title = s.title;
	}
	int64_t grade = -1;
	if (!str_empty(in->grade)) {
		if (!grades_parse(in->grade, &grade) || grade > a.max_grade)
			return err_set(e, ERR_INVALID, "grade", _("La note est un nombre entre 0 et %s, "
			               "avec au plus deux décimales (par exemple 14,5)."),
			               grades_format(r->arena, a.max_grade));
	} else if (in->give_back) {
		return err_set(e, ERR_INVALID, "grade", "%s", _("Donnez une note pour rendre la copie."));
	}
	const char *feedback = in->feedback_md ? in->feedback_md : "";
	if (!text_is_clean(feedback, true) || utf8_length(feedback) > HOMEWORK_FEEDBACK_MAX)
		return err_set(e, ERR_INVALID, "feedback", "%s", _("L'appréciation est trop longue "
		               "(20 000 caractères au plus) ou contient des caractères invalides."));
	const struct upload *up = in->annotated && in->annotated->size > 0 ? in->annotated : NULL;
	const char *mime = NULL;
	char *name = NULL;
	char sha[65];
	if (up) {
		if ((rc = hw_check_file(r, DOCTYPE_ALL, up, &mime, &name, e)) != 0)
			return rc;
		if (files_keep(up, sha) != 0)
			return ERR_INTERNAL;
	}

	int64_t now = time(NULL);
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE submissions SET grade = ?, max_grade = ?, feedback_md = ?,"
		" started_at = CASE WHEN started_at = 0 THEN ? ELSE started_at END,"
		" returned_at = ?, turnaround = ?, corrected_by = ?"
		" WHERE tenant_id = ? AND id = ? AND teacher_id = ? AND returned_at = 0");
	if (!st)
		goto fail;
	if (grade >= 0)
		db_bind_int(st, 1, grade);
	else
		db_bind_null(st, 1);
	db_bind_int(st, 2, a.max_grade);
	db_bind_text(st, 3, feedback);
	db_bind_int(st, 4, now);
	db_bind_int(st, 5, in->give_back ? now : 0);
	db_bind_int(st, 6, in->give_back ? now - s.submitted_at : 0);
	db_bind_int(st, 7, r->user.id);
	db_bind_int(st, 8, r->tenant.id);
	db_bind_int(st, 9, id);
	db_bind_int(st, 10, r->user.id);
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) != 1) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette copie a déjà été rendue."));
	}
	if (up) {
		st = db_prepare(db, "UPDATE submissions SET annotated_sha256 = ?, annotated_name = ?,"
		                    " annotated_type = ?, annotated_size = ? WHERE tenant_id = ? AND id = ?");
		if (!st)
			goto fail;
		db_bind_text(st, 1, sha);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, mime);
		db_bind_int(st, 4, up->size);
		db_bind_int(st, 5, r->tenant.id);
		db_bind_int(st, 6, id);
		if (db_run(st) != 0)
			goto fail;
	}
	if (hw_queue_set(r, id, in->give_back ? "returned" : "started_at",
	                 s.started_at ? s.started_at : now) != 0)
		goto fail;
	if (in->give_back) {
		const char *link = arena_printf(r->arena, "/copies/%lld", (long long)id);
		if (grades_record(r, s.course_id, "homework", s.item_id, a.title, a.max_grade, a.weight,
		                  s.learner_id, grade, link) != 0 ||
		    notify_returned(r, &s) != 0)
			goto fail;
		audit_record(r, "homework.return", "submission", id, grades_format(r->arena, grade));
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int homework_reassign(struct req *r, int64_t id, int64_t teacher_id, struct err *e)
{
	if (!(r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR)))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Seuls les conseillers et les administrateurs réattribuent les copies."));
	struct submission s;
	int rc = hw_load(r, id, &s);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, rc, NULL, "%s", _("Copie introuvable.")) : rc;
	if (s.returned_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette copie a déjà été rendue."));
	int64_t *ids;
	char **names;
	int n = homework_teachers(r, s.course_id, &ids, &names);
	if (n < 0)
		return n;
	int k = 0;
	while (k < n && ids[k] != teacher_id)
		k++;
	if (k == n)
		return err_set(e, ERR_INVALID, "teacher_id", "%s",
		               _("Choisissez un enseignant de ce cours."));
	if (teacher_id == s.teacher_id)
		return 0;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE submissions SET teacher_id = ?, allocated_at = ?"
		" WHERE tenant_id = ? AND id = ? AND returned_at = 0");
	if (!st)
		goto fail;
	db_bind_int(st, 1, teacher_id);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0 || hw_queue_set(r, id, "teacher_id", teacher_id) != 0)
		goto fail;
	s.teacher_id = teacher_id;
	if (hw_notify_teacher(r, &s) != 0)
		goto fail;
	audit_record(r, "homework.reassign", "submission", id, names[k]);
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Turnaround ---- */

int64_t homework_percentile(const int64_t *v, int n, int p)
{
	if (n <= 0)
		return -1;
	if (p <= 0)
		return v[0];
	if (p >= 100)
		return v[n - 1];
	int64_t rank = (int64_t)p * (n - 1);
	int64_t lo = rank / 100, frac = rank % 100;
	if (frac == 0 || lo + 1 >= n)
		return v[lo];
	return v[lo] + (v[lo + 1] - v[lo]) * frac / 100;
}

struct sample {
	int64_t key;      /* course or teacher */
	int64_t value;    /* turnaround seconds, or hand-in time of a pending copy */
};

static int by_key_value(const void *x, const void *y)
{
	const struct sample *a = x, *b = y;
	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->value < b->value ? -1 : a->value > b->value;
}

static struct turnaround_line *line_for(struct turnaround_line *lines, int *n, int cap,
                                        int64_t id)
{
	for (int i = 0; i < *n; i++) /* at most a few thousand lines */
		if (lines[i].id == id)
			return &lines[i];
	if (*n >= cap)
		return NULL;
	struct turnaround_line *l = &lines[(*n)++];
	memset(l, 0, sizeof *l);
	l->id = id;
	l->median = l->p90 = -1;
	return l;
}

/* Percentiles per key of the returned copies' turnarounds. */
static void fill_returned(struct sample *s, int n, struct turnaround_line *lines, int *nl, int cap,
                          int64_t *scratch)
{
	qsort(s, (size_t)n, sizeof *s, by_key_value);
	for (int i = 0; i < n;) {
		int j = i;
		while (j < n && s[j].key == s[i].key) {
			scratch[j - i] = s[j].value;
			j++;
		}
		struct turnaround_line *l = line_for(lines, nl, cap, s[i].key);
		if (l) {
			l->returned = j - i;
			l->median = homework_percentile(scratch, j - i, 50);
			l->p90 = homework_percentile(scratch, j - i, 90);
		}
		i = j;
	}
}

static int by_int64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* The report's reads, narrowed by course and/or teacher (index 1, 2, 3). */
#define RETURNED_SQL \
	"SELECT s.course_id, s.teacher_id, s.returned_at - s.submitted_at FROM submissions s" \
	" WHERE s.tenant_id = ? AND s.returned_at >= ? AND s.returned_at < ?"
#define PENDING_SQL \
	"SELECT s.course_id, s.teacher_id, s.submitted_at FROM submissions s" \
	" WHERE s.tenant_id = ? AND s.returned_at = 0"
#define OVERDUE_SQL \
	"SELECT " HW_LIST_COLUMNS " FROM submissions s" HW_JOINS \
	" WHERE s.tenant_id = ? AND s.returned_at = 0 AND s.submitted_at < ?"
#define BY_COURSE " AND s.course_id = ?"
#define BY_TEACHER " AND s.teacher_id = ?"
#define OLDEST " ORDER BY s.submitted_at, s.id LIMIT 200"

static const char *const returned_sql[4] = {
	RETURNED_SQL, RETURNED_SQL BY_COURSE, RETURNED_SQL BY_TEACHER,
	RETURNED_SQL BY_COURSE BY_TEACHER,
};
static const char *const pending_sql[4] = {
	PENDING_SQL, PENDING_SQL BY_COURSE, PENDING_SQL BY_TEACHER, PENDING_SQL BY_COURSE BY_TEACHER,
};
static const char *const overdue_sql[4] = {
	OVERDUE_SQL OLDEST, OVERDUE_SQL BY_COURSE OLDEST, OVERDUE_SQL BY_TEACHER OLDEST,
	OVERDUE_SQL BY_COURSE BY_TEACHER OLDEST,
};

static struct db_stmt *narrowed(struct db *db, const char *const sql[4], int64_t course,
                                int64_t teacher)
{
	return db_prepare(db, sql[(course ? 1 : 0) + (teacher ? 2 : 0)]);
}

static void bind_narrow(struct db_stmt *st, int idx, int64_t course, int64_t teacher)
{
	if (course)
		db_bind_int(st, idx++, course);
	if (teacher)
		db_bind_int(st, idx, teacher);
}

int homework_turnaround(struct req *r, int64_t from, int64_t to, int64_t course_id,
                        int64_t teacher_id, struct turnaround_report *out)
{
	memset(out, 0, sizeof *out);
	bool manager = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	if (!manager) {
		if (!(r->user.roles & ROLE_TEACHER))
			return ERR_NOT_FOUND;
		teacher_id = r->user.id; /* a teacher reads their own figures */
	}
	out->from = from;
	out->to = to;
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	const int cap = 5000;
	out->courses = arena_array(r->arena, cap, sizeof *out->courses);
	out->teachers = arena_array(r->arena, cap, sizeof *out->teachers);

	/* returned copies of the period */
	struct db_stmt *st = narrowed(db, returned_sql, course_id, teacher_id);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, from);
	db_bind_int(st, 3, to);
	bind_narrow(st, 4, course_id, teacher_id);
	size_t room = 4096, n = 0;
	struct sample *by_course = arena_array(r->arena, room, sizeof *by_course);
	struct sample *by_teacher = arena_array(r->arena, room, sizeof *by_teacher);
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == room) {
			struct sample *c2 = arena_array(r->arena, room * 2, sizeof *c2);
			struct sample *t2 = arena_array(r->arena, room * 2, sizeof *t2);
			memcpy(c2, by_course, n * sizeof *c2);
			memcpy(t2, by_teacher, n * sizeof *t2);
			by_course = c2;
			by_teacher = t2;
			room *= 2;
		}
		int64_t t = db_int(st, 2);
		by_course[n] = (struct sample){db_int(st, 0), t};
		by_teacher[n] = (struct sample){db_int(st, 1), t};
		n++;
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	int64_t *scratch = arena_array(r->arena, n + 1, sizeof *scratch);
	fill_returned(by_course, (int)n, out->courses, &out->ncourses, cap, scratch);
	fill_returned(by_teacher, (int)n, out->teachers, &out->nteachers, cap, scratch);
	for (size_t i = 0; i < n; i++)
		scratch[i] = by_course[i].value;
	qsort(scratch, n, sizeof *scratch, by_int64);
	out->all.returned = (int64_t)n;
	out->all.median = homework_percentile(scratch, (int)n, 50);
	out->all.p90 = homework_percentile(scratch, (int)n, 90);

	/* copies waiting now */
	int64_t now = time(NULL), overdue_before = now - HOMEWORK_OVERDUE_DAYS * 86400;
	st = narrowed(db, pending_sql, course_id, teacher_id);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	bind_narrow(st, 2, course_id, teacher_id);
	while ((rc = db_step(st)) == DB_ROW) {
		bool overdue = db_int(st, 2) < overdue_before;
		struct turnaround_line *lc = line_for(out->courses, &out->ncourses, cap, db_int(st, 0));
		struct turnaround_line *lt = line_for(out->teachers, &out->nteachers, cap, db_int(st, 1));
		struct turnaround_line *ls[3] = {lc, lt, &out->all};
		for (int k = 0; k < 3; k++)
			if (ls[k]) {
				ls[k]->pending++;
				ls[k]->overdue += overdue;
			}
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;

	/* names, and the copies to act on */
	for (int i = 0; i < out->ncourses; i++) {
		struct course c;
		out->courses[i].name = catalogue_course_get(r, out->courses[i].id, true, &c) == 0
		                               ? c.title : "?";
	}
	for (int i = 0; i < out->nteachers; i++) {
		struct person p;
		out->teachers[i].name = !out->teachers[i].id ? (char *)_("Personne (à attribuer)")
		                      : people_get(r, out->teachers[i].id, &p) == 0
		                              ? arena_printf(r->arena, "%s %s", p.given_name, p.family_name)
		                              : "?";
	}
	st = narrowed(db, overdue_sql, course_id, teacher_id);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, overdue_before);
	bind_narrow(st, 3, course_id, teacher_id);
	out->overdue = arena_array(r->arena, OVERDUE_MAX, sizeof *out->overdue);
	while ((rc = db_step(st)) == DB_ROW)
		hw_read_list(st, r->arena, &out->overdue[out->noverdue++]);
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}
