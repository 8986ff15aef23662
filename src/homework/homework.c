/*
** This file implements the learner's side of homework.h: assignments and
** their settings, due dates moved by extra time, handing in (type checked
** by content, file fsynced before the row commits, one copy per learner
** replaced by versions: submit.c), reading copies, and the learner's list
** (list.c). Correction, queues and turnaround are in correction.c.
*/
#include "homework/homework.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "grades/grades.h"
#include "homework/doctype.h"
#include "homework/internal.h"
#include "kernel/audit.h"
#include "kernel/cache.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "people/people.h"

/* ---- Rules without the database ---- */

int64_t homework_due_for(int64_t due_at, int64_t opens_at, int64_t extra_pct)
{
	if (due_at <= 0 || extra_pct <= 0 || opens_at <= 0 || due_at <= opens_at)
		return due_at;
	if (extra_pct > 100)
		extra_pct = 100;
	return due_at + (due_at - opens_at) * extra_pct / 100;
}

const char *homework_status_code(enum homework_status s)
{
	static const char *const codes[] = {"todo", "late", "closed", "submitted", "correcting",
	                                    "returned"};
	return (unsigned)s < sizeof codes / sizeof codes[0] ? codes[s] : "todo";
}

const char *homework_status_label(enum homework_status s)
{
	switch (s) {
	case HW_TODO: return _("À rendre");
	case HW_LATE: return _("En retard");
	case HW_CLOSED: return _("Clos");
	case HW_SUBMITTED: return _("Rendu");
	case HW_CORRECTING: return _("En correction");
	case HW_RETURNED: return _("Corrigé");
	}
	return "?";
}

enum homework_status homework_submission_status(const struct submission *s)
{
	if (s->returned_at)
		return HW_RETURNED;
	return s->started_at ? HW_CORRECTING : HW_SUBMITTED;
}

int64_t hw_learner_due(const struct assignment *a)
{
	return a->learner_due_at ? a->learner_due_at : a->due_at;
}

int64_t hw_learner_cutoff(const struct assignment *a)
{
	if (a->learner_cutoff_at)
		return a->learner_cutoff_at;
	return a->cutoff_at ? a->cutoff_at : a->due_at;
}

enum homework_status hw_status_of(const struct assignment *a, const struct submission *s,
                                      int64_t now)
{
	if (s && s->id)
		return homework_submission_status(s);
	int64_t due = hw_learner_due(a);
	if (!due || now <= due)
		return HW_TODO;
	if (strcmp(a->late_policy, "refuse") == 0 && now > hw_learner_cutoff(a))
		return HW_CLOSED;
	return HW_LATE;
}

/* Sets the learner's own dates from their extra time. */
void hw_apply_extra_time(struct assignment *a, int64_t pct)
{
	a->extra_time_pct = pct;
	a->learner_due_at = homework_due_for(a->due_at, a->opens_at, pct);
	a->learner_cutoff_at = 0;
	if (strcmp(a->late_policy, "refuse") == 0 && a->due_at) {
		int64_t cut = a->cutoff_at ? a->cutoff_at : a->due_at;
		a->learner_cutoff_at = cut + (a->learner_due_at - a->due_at);
	}
}

/* ---- Access and rows ---- */

bool hw_teaches(struct req *r, int64_t course_id)
{
	if (r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR))
		return true;
	return (r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id);
}

bool homework_can_configure(struct req *r, int64_t course_id)
{
	if (r->user.roles & (ROLE_ADMIN | ROLE_AUTHOR))
		return true;
	return (r->user.roles & ROLE_TEACHER) && courses_is_staff(r, course_id, r->user.id);
}

static char *text_or_null(struct db_stmt *st, int col, struct arena *a)
{
	return db_is_null(st, col) ? NULL : db_text_dup(st, col, a);
}

static char *full_name(struct db_stmt *st, int col, struct arena *a)
{
	if (db_is_null(st, col))
		return NULL;
	return arena_printf(a, "%s %s", db_text(st, col), db_text(st, col + 1));
}

void hw_read_list(struct db_stmt *st, struct arena *a, struct submission *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_int(st, 0);
	s->item_id = db_int(st, 1);
	s->course_id = db_int(st, 2);
	s->learner_id = db_int(st, 3);
	s->version = db_int(st, 4);
	s->sha256 = db_text_dup(st, 5, a);
	s->file_sha256 = text_or_null(st, 6, a);
	s->file_name = text_or_null(st, 7, a);
	s->file_type = text_or_null(st, 8, a);
	s->file_size = db_int(st, 9);
	s->submitted_at = db_int(st, 10);
	s->due_at = db_int(st, 11);
	s->late = db_int(st, 12) != 0;
	s->teacher_id = db_int(st, 13);
	s->allocated_at = db_int(st, 14);
	s->started_at = db_int(st, 15);
	s->returned_at = db_int(st, 16);
	s->turnaround = db_int(st, 17);
	s->grade = db_is_null(st, 18) ? -1 : db_int(st, 18);
	s->max_grade = db_int(st, 19);
	s->annotated_sha256 = text_or_null(st, 20, a);
	s->annotated_name = text_or_null(st, 21, a);
	s->annotated_type = text_or_null(st, 22, a);
	s->annotated_size = db_int(st, 23);
	s->learner_name = full_name(st, 24, a);
	s->teacher_name = full_name(st, 26, a);
	s->title = db_text_dup(st, 28, a);
	s->course_title = db_text_dup(st, 29, a);
	s->text_answer = "";
	s->feedback_md = "";
}

void hw_read_full(struct db_stmt *st, struct arena *a, struct submission *s)
{
	hw_read_list(st, a, s);
	s->text_answer = db_text_dup(st, HW_LIST_NCOLS, a);
	s->feedback_md = db_text_dup(st, HW_LIST_NCOLS + 1, a);
}

int hw_load(struct req *r, int64_t id, struct submission *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " HW_FULL_COLUMNS " FROM submissions s" HW_JOINS
		" WHERE s.tenant_id = ? AND s.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	hw_read_full(st, r->arena, out);
	db_done(st);
	return 0;
}

/* Hides what the learner may not see yet: the correction until it is
** returned. */
static void hide_draft(struct submission *s)
{
	if (s->returned_at)
		return;
	s->grade = -1;
	s->feedback_md = "";
	s->annotated_sha256 = s->annotated_name = s->annotated_type = NULL;
	s->annotated_size = 0;
}

/* May the signed-in person see learner_id's copy in course_id? *staff is
** set for those who see drafts of the correction. */
static bool may_see_copy(struct req *r, int64_t learner_id, int64_t course_id, bool *staff)
{
	*staff = false;
	if (learner_id == r->user.id && (r->user.roles & ROLE_LEARNER))
		return true;
	if (hw_teaches(r, course_id)) {
		*staff = true;
		return true;
	}
	return (r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id);
}

/* ---- Assignments ---- */

void hw_defaults(struct assignment *a)
{
	a->configured = false;
	a->instructions_md = "";
	a->opens_at = a->due_at = a->cutoff_at = 0;
	a->max_grade = 2000;
	a->weight = 100;
	a->accepts_file = true;
	a->accepts_text = false;
	a->resubmit = true;
	a->file_types = DOCTYPE_ALL;
	a->late_policy = "flag";
}

/* Reads the settings row of an item into a (defaults if none). */
static int read_settings(struct req *r, int64_t item_id, struct assignment *a)
{
	hw_defaults(a);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT instructions_md, opens_at, due_at, cutoff_at, max_grade, weight, accepts_file,"
		" accepts_text, file_types, late_policy, resubmit FROM assignments"
		" WHERE tenant_id = ? AND item_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		a->configured = true;
		a->instructions_md = db_text_dup(st, 0, r->arena);
		a->opens_at = db_int(st, 1);
		a->due_at = db_int(st, 2);
		a->cutoff_at = db_int(st, 3);
		a->max_grade = db_int(st, 4);
		a->weight = db_int(st, 5);
		a->accepts_file = db_int(st, 6) != 0;
		a->accepts_text = db_int(st, 7) != 0;
		a->file_types = (unsigned)db_int(st, 8) & DOCTYPE_ALL;
		a->late_policy = db_text_dup(st, 9, r->arena);
		a->resubmit = db_int(st, 10) != 0;
		db_done(st);
		return 0;
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

/* Loads an assignment for learner_id with what the signed-in person may
** do in its course. */
int hw_assignment_load(struct req *r, int64_t item_id, int64_t learner_id,
                           struct assignment *out, enum course_access *acc)
{
	memset(out, 0, sizeof *out);
	struct course_item it;
	int rc = courses_item_get(r, item_id, learner_id, &it);
	if (rc)
		return rc;
	if (strcmp(it.kind, "homework") != 0)
		return ERR_NOT_FOUND;
	*acc = courses_access(r, it.course_id, learner_id);
	rc = read_settings(r, item_id, out);
	if (rc)
		return rc;
	out->item_id = it.id;
	out->course_id = it.course_id;
	out->title = it.title;
	out->intro_md = it.body_md;
	out->published = it.published;
	struct course c;
	out->course_title = catalogue_course_get(r, it.course_id, true, &c) == 0 ? c.title : "";
	int64_t who = learner_id ? learner_id : (*acc == COURSE_LEARNER ? r->user.id : 0);
	struct accommodation am = {0};
	if (who && enrolment_follows(r, who, it.course_id, &am))
		hw_apply_extra_time(out, am.extra_time_pct);
	else
		hw_apply_extra_time(out, 0);
	return 0;
}

int homework_assignment_get(struct req *r, int64_t item_id, int64_t learner_id,
                            struct assignment *out)
{
	enum course_access acc;
	return hw_assignment_load(r, item_id, learner_id, out, &acc);
}

/* Reads "AAAA-MM-JJ" (or JJ/MM/AAAA) and "HH:MM" as a local time. */
static bool local_time(const char *date, const char *hm, int64_t *out)
{
	char ymd[11];
	if (!date_parse(date, ymd))
		return false;
	int hh = 23, mm = 59;
	if (hm && *hm) {
		if (strlen(hm) < 4 || strlen(hm) > 5 || sscanf(hm, "%2d:%2d", &hh, &mm) != 2 || hh < 0 ||
		    hh > 23 || mm < 0 || mm > 59)
			return false;
	}
	struct tm tm = {0};
	int y, mo, d; /* date_parse() wrote a checked "AAAA-MM-JJ" */
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &mo, &d) != 3)
		return false;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	if (t == (time_t)-1)
		return false;
	*out = (int64_t)t;
	return true;
}

int homework_assignment_save(struct req *r, int64_t item_id, const struct assignment_input *in,
                             struct err *e)
{
	struct assignment cur;
	enum course_access acc;
	int rc = hw_assignment_load(r, item_id, 0, &cur, &acc);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, rc, NULL, "%s", _("Devoir introuvable.")) : rc;
	if (!homework_can_configure(r, cur.course_id))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Seuls les enseignants du cours et les auteurs règlent ce devoir."));
	const char *instructions = in->instructions_md ? in->instructions_md : "";
	if (!text_is_clean(instructions, true) || utf8_length(instructions) > HOMEWORK_FEEDBACK_MAX)
		return err_set(e, ERR_INVALID, "instructions_md", "%s",
		               _("Les consignes sont trop longues (20 000 caractères au plus)."));
	int64_t now = time(NULL), opens = cur.opens_at ? cur.opens_at : now, due = 0, cutoff = 0;
	if (!str_empty(in->opens) && !local_time(in->opens, "00:00", &opens))
		return err_set(e, ERR_INVALID, "opens", "%s",
		               _("Date d'ouverture incorrecte : écrivez-la JJ/MM/AAAA."));
	if (!str_empty(in->due_date) && !local_time(in->due_date, in->due_time, &due))
		return err_set(e, ERR_INVALID, "due_date", "%s",
		               _("Date limite incorrecte : écrivez-la JJ/MM/AAAA, et l'heure HH:MM."));
	if (str_empty(in->due_date) && !str_empty(in->due_time))
		return err_set(e, ERR_INVALID, "due_date", "%s",
		               _("Donnez aussi la date limite, pas seulement l'heure."));
	if (due && due <= opens)
		return err_set(e, ERR_INVALID, "due_date", "%s",
		               _("La date limite doit venir après l'ouverture du devoir."));
	const char *policy = in->late_policy && *in->late_policy ? in->late_policy : "flag";
	if (strcmp(policy, "accept") != 0 && strcmp(policy, "flag") != 0 &&
	    strcmp(policy, "refuse") != 0)
		return err_set(e, ERR_INVALID, "late_policy", "%s",
		               _("Choisissez ce qui arrive aux copies en retard."));
	if (strcmp(policy, "refuse") == 0) {
		if (!due)
			return err_set(e, ERR_INVALID, "late_policy", "%s",
			               _("Pour refuser les copies en retard, donnez une date limite."));
		if (!str_empty(in->cutoff_date) &&
		    !local_time(in->cutoff_date, in->cutoff_time, &cutoff))
			return err_set(e, ERR_INVALID, "cutoff_date", "%s",
			               _("Date de fermeture incorrecte : écrivez-la JJ/MM/AAAA, et l'heure HH:MM."));
		if (cutoff && cutoff < due)
			return err_set(e, ERR_INVALID, "cutoff_date", "%s",
			               _("La fermeture ne peut pas précéder la date limite."));
	}
	int64_t max = 2000, weight = 100;
	if (!str_empty(in->max_grade) && (!grades_parse(in->max_grade, &max) || max < 100))
		return err_set(e, ERR_INVALID, "max_grade", "%s",
		               _("Note maximale incorrecte : un nombre d'au moins 1, par exemple 20."));
	if (!str_empty(in->weight) && (!grades_parse(in->weight, &weight) || weight <= 0 ||
	                              weight > 10000))
		return err_set(e, ERR_INVALID, "weight", "%s",
		               _("Coefficient incorrect : un nombre entre 0,01 et 100, par exemple 1 ou 0,5."));
	unsigned types = in->file_types & DOCTYPE_ALL;
	if (!in->accepts_file && !in->accepts_text)
		return err_set(e, ERR_INVALID, "accepts_file", "%s",
		               _("Le devoir doit accepter un fichier, un texte saisi, ou les deux."));
	if (in->accepts_file && !types)
		return err_set(e, ERR_INVALID, "file_types", "%s",
		               _("Cochez au moins un type de fichier accepté."));
	if (!in->accepts_file)
		types = cur.file_types ? cur.file_types : DOCTYPE_ALL;

	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO assignments (tenant_id, item_id, course_id, instructions_md, opens_at, due_at,"
		" max_grade, weight, accepts_file, accepts_text, file_types, late_policy, cutoff_at,"
		" resubmit, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, item_id) DO UPDATE SET instructions_md = excluded.instructions_md,"
		" opens_at = excluded.opens_at, due_at = excluded.due_at, max_grade = excluded.max_grade,"
		" weight = excluded.weight, accepts_file = excluded.accepts_file,"
		" accepts_text = excluded.accepts_text, file_types = excluded.file_types,"
		" late_policy = excluded.late_policy, cutoff_at = excluded.cutoff_at,"
		" resubmit = excluded.resubmit, updated_by = excluded.updated_by,"
		" updated_at = excluded.updated_at");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, cur.course_id);
	db_bind_text(st, 4, instructions);
	db_bind_int(st, 5, opens);
	db_bind_int(st, 6, due);
	db_bind_int(st, 7, max);
	db_bind_int(st, 8, weight);
	db_bind_int(st, 9, in->accepts_file);
	db_bind_int(st, 10, in->accepts_text);
	db_bind_int(st, 11, types);
	db_bind_text(st, 12, policy);
	db_bind_int(st, 13, strcmp(policy, "refuse") == 0 ? cutoff : 0);
	db_bind_int(st, 14, in->resubmit);
	db_bind_int(st, 15, r->user.id);
	db_bind_int(st, 16, now);
	if (db_run(st) != 0)
		goto fail;
	if (grades_item_update(r, "homework", item_id, cur.title, max, weight) != 0 ||
	    cache_changed(r, CACHE_COURSES) != 0)
		goto fail;
	audit_record(r, "homework.settings", "course_item", item_id, policy);
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Reading copies ---- */

int homework_submission_get(struct req *r, int64_t id, struct submission *out,
                            struct assignment *a)
{
	int rc = hw_load(r, id, out);
	if (rc)
		return rc;
	bool staff;
	if (!may_see_copy(r, out->learner_id, out->course_id, &staff))
		return ERR_NOT_FOUND;
	if (!staff)
		hide_draft(out);
	if (a) {
		enum course_access acc;
		if (hw_assignment_load(r, out->item_id, out->learner_id, a, &acc) != 0) {
			/* the learner left the course: the copy stays theirs to read */
			memset(a, 0, sizeof *a);
			hw_defaults(a);
			a->item_id = out->item_id;
			a->course_id = out->course_id;
			a->title = out->title;
			a->course_title = out->course_title;
			a->intro_md = "";
		}
	}
	return 0;
}

int homework_submission_of(struct req *r, int64_t item_id, int64_t learner_id,
                           struct submission *out)
{
	memset(out, 0, sizeof *out);
	out->grade = -1;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id FROM submissions WHERE tenant_id = ? AND item_id = ? AND learner_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, item_id);
	db_bind_int(st, 3, learner_id);
	int rc = db_step(st);
	if (rc == DB_DONE)
		return 0;
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	int64_t id = db_int(st, 0);
	db_done(st);
	return homework_submission_get(r, id, out, NULL);
}

int homework_versions(struct req *r, int64_t submission_id, struct submission **out)
{
	struct submission s;
	int rc = homework_submission_get(r, submission_id, &s, NULL);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT version, sha256, file_name, file_size, submitted_at, late FROM submission_versions"
		" WHERE tenant_id = ? AND submission_id = ? ORDER BY version LIMIT 200") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, submission_id);
	struct submission *v = arena_array(r->arena, 200, sizeof *v);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		v[n].id = submission_id;
		v[n].version = db_int(st, 0);
		v[n].sha256 = db_text_dup(st, 1, r->arena);
		v[n].file_name = db_is_null(st, 2) ? NULL : db_text_dup(st, 2, r->arena);
		v[n].file_size = db_int(st, 3);
		v[n].submitted_at = db_int(st, 4);
		v[n].late = db_int(st, 5) != 0;
		n++;
	}
	*out = v;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

