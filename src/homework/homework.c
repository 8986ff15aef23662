/*
** This file implements the learner's side of homework.h: assignments and
** their settings, due dates moved by extra time, handing in (type checked
** by content, file fsynced before the row commits, one copy per learner
** replaced by versions), reading copies, and the learner's list.
** Correction, queues and turnaround are in correction.c.
*/
#include "homework/homework.h"

#include <stdio.h>
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
#include "kernel/auth.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/text.h"
#include "notices/notices.h"
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

static int64_t learner_due(const struct assignment *a)
{
	return a->learner_due_at ? a->learner_due_at : a->due_at;
}

static int64_t learner_cutoff(const struct assignment *a)
{
	if (a->learner_cutoff_at)
		return a->learner_cutoff_at;
	return a->cutoff_at ? a->cutoff_at : a->due_at;
}

static enum homework_status status_of(const struct assignment *a, const struct submission *s,
                                      int64_t now)
{
	if (s && s->id)
		return homework_submission_status(s);
	int64_t due = learner_due(a);
	if (!due || now <= due)
		return HW_TODO;
	if (strcmp(a->late_policy, "refuse") == 0 && now > learner_cutoff(a))
		return HW_CLOSED;
	return HW_LATE;
}

/* Sets the learner's own dates from their extra time. */
static void apply_extra_time(struct assignment *a, int64_t pct)
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

static void defaults(struct assignment *a)
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
	defaults(a);
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
static int assignment_load(struct req *r, int64_t item_id, int64_t learner_id,
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
		apply_extra_time(out, am.extra_time_pct);
	else
		apply_extra_time(out, 0);
	return 0;
}

int homework_assignment_get(struct req *r, int64_t item_id, int64_t learner_id,
                            struct assignment *out)
{
	enum course_access acc;
	return assignment_load(r, item_id, learner_id, out, &acc);
}

/* Reads "AAAA-MM-JJ" (or JJ/MM/AAAA) and "HH:MM" as a local time. */
static bool local_time(const char *date, const char *hm, int64_t *out)
{
	char ymd[11];
	if (!date_parse(date, ymd))
		return false;
	int hh = 23, mm = 59;
	if (hm && *hm) {
		if (strlen(hm) < 4 || strlen(hm) > 5 || sscanf(hm, "%d:%d", &hh, &mm) != 2 || hh < 0 ||
		    hh > 23 || mm < 0 || mm > 59)
			return false;
	}
	struct tm tm = {0};
	tm.tm_year = atoi(ymd) - 1900;
	tm.tm_mon = atoi(ymd + 5) - 1;
	tm.tm_mday = atoi(ymd + 8);
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
	int rc = assignment_load(r, item_id, 0, &cur, &acc);
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
	if (grades_item_update(r, "homework", item_id, cur.title, max, weight) != 0)
		goto fail;
	audit_record(r, "homework.settings", "course_item", item_id, policy);
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Handing in ---- */

/* A safe file name to keep: the base name, clean UTF-8, at most 120 chars. */
static char *clean_filename(struct arena *a, const char *name, const char *fallback)
{
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	if (!*base || !text_is_clean(base, false) || utf8_length(base) > 120)
		return arena_strdup(a, fallback);
	return arena_strdup(a, base);
}

/* A file name short enough to quote in a message (err.msg is bounded):
** at most 40 characters, cut on a character boundary. */
static char *quoted_name(struct arena *a, const char *name)
{
	char *s = clean_filename(a, name, "?");
	const char *p = s;
	for (int n = 0; *p && n < 40; n++)
		(void)utf8_decode(&p, strlen(p));
	if (!*p)
		return s;
	return arena_printf(a, "%.*s…", (int)(p - s), s);
}

/* Checks a file sent for an assignment accepting `types`: 0 with *mime, or
** the error with its message. */
static int check_file(struct req *r, unsigned types, const struct upload *up, const char **mime,
                      struct err *e)
{
	if (up->truncated)
		return err_set(e, ERR_TOO_LARGE, "file", "%s", _("Le fichier dépasse la taille autorisée."));
	enum doctype t = doctype_of_file(up->path, up->size, up->head, up->head_len, r->arena);
	if (t == DOCTYPE_NONE)
		return err_set(e, ERR_INVALID, "file", _("Ce fichier n'est pas un document accepté "
		               "(%s) : son contenu a été vérifié, pas seulement son nom."),
		               doctype_list(r->arena, types));
	enum doctype claimed = doctype_of_name(up->filename);
	if (claimed != DOCTYPE_NONE && claimed != t)
		return err_set(e, ERR_INVALID, "file", _("Le nom « %s » annonce un fichier %s, mais son "
		               "contenu est un fichier %s. Envoyez le bon fichier, ou renommez-le."),
		               quoted_name(r->arena, up->filename), doctype_label(claimed), doctype_label(t));
	if (!(types & (unsigned)t))
		return err_set(e, ERR_INVALID, "file", _("Ce devoir accepte : %s. Votre fichier est un "
		               "fichier %s."), doctype_list(r->arena, types), doctype_label(t));
	*mime = doctype_mime(t);
	return 0;
}

int hw_check_file(struct req *r, unsigned types, const struct upload *up, const char **mime,
                  char **name, struct err *e)
{
	int rc = check_file(r, types, up, mime, e);
	if (rc == 0 && name)
		*name = clean_filename(r->arena, up->filename, "fichier");
	return rc;
}

/* The teachers of a course who may be given copies, fewest waiting first
** (ties: lowest id). */
int homework_teachers(struct req *r, int64_t course_id, int64_t **ids_out, char ***names_out)
{
	int64_t *staff;
	int n = courses_staff(r, course_id, &staff);
	if (n < 0)
		return n;
	int64_t *ids = arena_array(r->arena, (size_t)n + 1, sizeof *ids);
	char **names = arena_array(r->arena, (size_t)n + 1, sizeof *names);
	int k = 0;
	for (int i = 0; i < n; i++) {
		struct person p;
		if (people_get(r, staff[i], &p) != 0 || !p.active || !(p.roles & ROLE_TEACHER))
			continue;
		ids[k] = p.id;
		names[k] = arena_printf(r->arena, "%s %s", p.given_name, p.family_name);
		k++;
	}
	*ids_out = ids;
	if (names_out)
		*names_out = names;
	return k;
}

static int64_t pending_of(struct db *db, int64_t tenant, int64_t teacher)
{
	struct db_stmt *st = db_prepare(db, "SELECT COUNT(*) FROM correction_queue"
	                                    " WHERE tenant_id = ? AND teacher_id = ?");
	if (!st)
		return INT64_MAX;
	db_bind_int(st, 1, tenant);
	db_bind_int(st, 2, teacher);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : INT64_MAX;
	db_done(st);
	return n;
}

/* Gives a new copy to the teacher of its course with the fewest waiting. */
static int allocate(struct req *r, struct db *db, struct submission *s)
{
	int64_t *ids;
	int n = homework_teachers(r, s->course_id, &ids, NULL);
	if (n < 0)
		return n;
	int64_t best = 0, best_load = INT64_MAX;
	for (int i = 0; i < n; i++) {
		int64_t load = pending_of(db, r->tenant.id, ids[i]);
		if (load < best_load) {
			best = ids[i];
			best_load = load;
		}
	}
	if (!best) /* nobody teaches it: advisors see it among the copies given to nobody */
		return hw_queue_add(r, s);
	struct db_stmt *st = db_prepare(db, "UPDATE submissions SET teacher_id = ?, allocated_at = ?"
	                                    " WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	s->teacher_id = best;
	s->allocated_at = s->submitted_at;
	db_bind_int(st, 1, best);
	db_bind_int(st, 2, s->allocated_at);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, s->id);
	if (db_run(st) != 0 || hw_queue_add(r, s) != 0)
		return ERR_INTERNAL;
	return hw_notify_teacher(r, s);
}

/* ---- The correction queue (correction_queue: a copy's row while it waits) ---- */

int hw_queue_add(struct req *r, const struct submission *s)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO correction_queue (tenant_id, teacher_id, submitted_at, submission_id, item_id,"
		" course_id, learner_id, learner_name, title, course_title, late, started_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s->teacher_id);
	db_bind_int(st, 3, s->submitted_at);
	db_bind_int(st, 4, s->id);
	db_bind_int(st, 5, s->item_id);
	db_bind_int(st, 6, s->course_id);
	db_bind_int(st, 7, s->learner_id);
	db_bind_text(st, 8, s->learner_name ? s->learner_name : "");
	db_bind_text(st, 9, s->title ? s->title : "");
	db_bind_text(st, 10, s->course_title ? s->course_title : "");
	db_bind_int(st, 11, s->late);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int hw_queue_set(struct req *r, int64_t submission_id, const char *column, int64_t value)
{
	static const char *const sql[] = {
		"UPDATE correction_queue SET teacher_id = ? WHERE tenant_id = ? AND submission_id = ?",
		"UPDATE correction_queue SET started_at = ? WHERE tenant_id = ? AND submission_id = ?",
		"DELETE FROM correction_queue WHERE tenant_id = ? AND submission_id = ?",
	};
	int k = strcmp(column, "teacher_id") == 0 ? 0 : strcmp(column, "started_at") == 0 ? 1 : 2;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql[k]) : NULL;
	if (!st)
		return ERR_INTERNAL;
	int i = 1;
	if (k < 2)
		db_bind_int(st, i++, value);
	db_bind_int(st, i++, r->tenant.id);
	db_bind_int(st, i, submission_id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int hw_notify_teacher(struct req *r, const struct submission *s)
{
	const char *title = arena_printf(r->arena, _("Copie à corriger : %s (%s)"),
	                                 s->title ? s->title : "", s->learner_name ? s->learner_name : "");
	return notices_notify(r, s->teacher_id, "homework.allocated", title,
	                      arena_printf(r->arena, "/corrections/%lld", (long long)s->id));
}

static int add_version(struct db *db, struct req *r, const struct submission *s)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO submission_versions (tenant_id, submission_id, version, sha256, file_sha256,"
		" file_name, file_type, file_size, text_answer, submitted_at, late)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s->id);
	db_bind_int(st, 3, s->version);
	db_bind_text(st, 4, s->sha256);
	db_bind_text(st, 5, s->file_sha256);
	db_bind_text(st, 6, s->file_name);
	db_bind_text(st, 7, s->file_type);
	db_bind_int(st, 8, s->file_size);
	db_bind_text(st, 9, s->text_answer);
	db_bind_int(st, 10, s->submitted_at);
	db_bind_int(st, 11, s->late);
	return db_run(st);
}

/* The new copy, or NULL-id when the learner already has one. */
static int insert_copy(struct db *db, struct req *r, struct submission *s)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO submissions (tenant_id, item_id, course_id, learner_id, version, sha256,"
		" file_sha256, file_name, file_type, file_size, text_answer, submitted_at, due_at, late)"
		" VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, item_id, learner_id) DO NOTHING RETURNING id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s->item_id);
	db_bind_int(st, 3, s->course_id);
	db_bind_int(st, 4, s->learner_id);
	db_bind_text(st, 5, s->sha256);
	db_bind_text(st, 6, s->file_sha256);
	db_bind_text(st, 7, s->file_name);
	db_bind_text(st, 8, s->file_type);
	db_bind_int(st, 9, s->file_size);
	db_bind_text(st, 10, s->text_answer);
	db_bind_int(st, 11, s->submitted_at);
	db_bind_int(st, 12, s->due_at);
	db_bind_int(st, 13, s->late);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		s->id = db_int(st, 0);
		s->version = 1;
		db_done(st);
		return 0;
	}
	s->id = 0;
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

/* Replaces the learner's existing copy; ERR_CONFLICT when it may not be. */
static int replace_copy(struct db *db, struct req *r, const struct assignment *a,
                        struct submission *s, struct err *e)
{
	struct submission old;
	struct db_stmt *st = db_prepare(db,
		"SELECT id, version, sha256, file_sha256, text_answer, submitted_at, late, started_at,"
		" returned_at, teacher_id FROM submissions WHERE tenant_id = ? AND item_id = ? AND learner_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s->item_id);
	db_bind_int(st, 3, s->learner_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	old.id = db_int(st, 0);
	old.version = db_int(st, 1);
	old.sha256 = db_text_dup(st, 2, r->arena);
	old.file_sha256 = db_is_null(st, 3) ? NULL : db_text_dup(st, 3, r->arena);
	old.text_answer = db_text_dup(st, 4, r->arena);
	old.submitted_at = db_int(st, 5);
	old.late = db_int(st, 6) != 0;
	old.started_at = db_int(st, 7);
	old.returned_at = db_int(st, 8);
	old.teacher_id = db_int(st, 9);
	db_done(st);
	bool same_file = (!old.file_sha256 && !s->file_sha256) ||
	                 (old.file_sha256 && s->file_sha256 && strcmp(old.file_sha256, s->file_sha256) == 0);
	if (same_file && strcmp(old.text_answer, s->text_answer) == 0) {
		/* the same copy again (a double click): its receipt, nothing new */
		s->id = old.id;
		s->version = old.version;
		s->submitted_at = old.submitted_at;
		s->late = old.late;
		s->sha256 = old.sha256;
		s->teacher_id = old.teacher_id;
		return 1;
	}
	if (old.started_at || old.returned_at)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("La correction de votre copie a commencé : "
		               "elle ne peut plus être remplacée."));
	if (!a->resubmit)
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Vous avez déjà rendu ce devoir, et il ne "
		               "peut pas être remplacé."));
	st = db_prepare(db,
		"UPDATE submissions SET version = version + 1, sha256 = ?, file_sha256 = ?, file_name = ?,"
		" file_type = ?, file_size = ?, text_answer = ?, submitted_at = ?, due_at = ?, late = ?"
		" WHERE tenant_id = ? AND id = ? AND started_at = 0 AND returned_at = 0 RETURNING version");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, s->sha256);
	db_bind_text(st, 2, s->file_sha256);
	db_bind_text(st, 3, s->file_name);
	db_bind_text(st, 4, s->file_type);
	db_bind_int(st, 5, s->file_size);
	db_bind_text(st, 6, s->text_answer);
	db_bind_int(st, 7, s->submitted_at);
	db_bind_int(st, 8, s->due_at);
	db_bind_int(st, 9, s->late);
	db_bind_int(st, 10, r->tenant.id);
	db_bind_int(st, 11, old.id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? err_set(e, ERR_CONFLICT, NULL, "%s", _("La correction de votre "
		                       "copie vient de commencer : elle ne peut plus être remplacée."))
		                     : ERR_INTERNAL;
	s->id = old.id;
	s->version = db_int(st, 0);
	s->teacher_id = old.teacher_id;
	db_done(st);
	/* a replaced copy waits from its new hand-in */
	st = db_prepare(db, "UPDATE correction_queue SET submitted_at = ?, late = ?"
	                    " WHERE tenant_id = ? AND submission_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, s->submitted_at);
	db_bind_int(st, 2, s->late);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, s->id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

int homework_submit(struct req *r, int64_t item_id, const struct upload *file, const char *text,
                    struct submission *out, struct err *e)
{
	struct assignment a;
	enum course_access acc;
	int rc = assignment_load(r, item_id, 0, &a, &acc);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, rc, NULL, "%s", _("Devoir introuvable.")) : rc;
	if (acc != COURSE_LEARNER || !a.published)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Seuls les élèves qui suivent ce cours rendent ce devoir."));
	bool has_file = file && file->size > 0;
	bool has_text = !str_empty(text);
	if (file && file->truncated)
		return err_set(e, ERR_TOO_LARGE, "file", "%s", _("Le fichier dépasse la taille autorisée."));
	if (!has_file && !has_text)
		return err_set(e, ERR_INVALID, a.accepts_file ? "file" : "text", "%s",
		               a.accepts_file && a.accepts_text
		                       ? _("Joignez votre copie ou écrivez votre réponse.")
		                       : a.accepts_file ? _("Joignez votre copie (un fichier).")
		                                        : _("Écrivez votre réponse."));
	if (has_file && !a.accepts_file)
		return err_set(e, ERR_INVALID, "file", "%s",
		               _("Ce devoir se rend en écrivant la réponse, pas en joignant un fichier."));
	if (has_text && !a.accepts_text)
		return err_set(e, ERR_INVALID, "text", "%s",
		               _("Ce devoir se rend en joignant un fichier, pas en écrivant la réponse."));
	if (has_text && (!text_is_clean(text, true) || utf8_length(text) > HOMEWORK_TEXT_MAX))
		return err_set(e, ERR_INVALID, "text", "%s",
		               _("La réponse est trop longue (50 000 caractères au plus) ou contient des "
		                 "caractères invalides."));
	const char *mime = NULL;
	if (has_file && (rc = check_file(r, a.file_types, file, &mime, e)) != 0)
		return rc;

	int64_t now = time(NULL);
	int64_t due = learner_due(&a);
	bool late = due && now > due;
	if (late && strcmp(a.late_policy, "refuse") == 0 && now > learner_cutoff(&a))
		return err_set(e, ERR_CONFLICT, NULL, _("Ce devoir n'accepte plus de copie depuis le %s."),
		               fmt_datetime(r->arena, learner_cutoff(&a)));

	struct submission *s = out;
	memset(s, 0, sizeof *s);
	s->item_id = item_id;
	s->course_id = a.course_id;
	s->learner_id = r->user.id;
	s->learner_name = arena_strdup(r->arena, r->user.display_name);
	s->title = a.title;
	s->course_title = a.course_title;
	s->text_answer = has_text ? arena_strdup(r->arena, text) : "";
	s->submitted_at = now;
	s->due_at = due;
	s->late = late && strcmp(a.late_policy, "accept") != 0;
	s->grade = -1;
	s->feedback_md = "";
	char sha[65];
	if (has_file) {
		/* on disk and synced before any row points to it */
		if (files_keep(file, sha) != 0)
			return ERR_INTERNAL;
		s->file_sha256 = arena_strdup(r->arena, sha);
		s->file_name = clean_filename(r->arena, file->filename, "copie");
		s->file_type = arena_strdup(r->arena, mime);
		s->file_size = file->size;
		s->sha256 = s->file_sha256;
	} else {
		auth_sha256_hex(s->text_answer, sha);
		s->sha256 = arena_strdup(r->arena, sha);
	}

	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	if (insert_copy(db, r, s) != 0)
		goto fail;
	if (s->id) {
		if (add_version(db, r, s) != 0 || courses_mark_done_for(r, r->user.id, item_id) != 0 ||
		    allocate(r, db, s) != 0)
			goto fail;
		audit_record(r, "homework.submit", "submission", s->id, s->sha256);
	} else {
		rc = replace_copy(db, r, &a, s, e);
		if (rc == 1) {
			db_rollback(db); /* nothing changed: the receipt already given */
			return 0;
		}
		if (rc != 0) {
			db_rollback(db);
			return rc;
		}
		if (add_version(db, r, s) != 0)
			goto fail;
		audit_record(r, "homework.replace", "submission", s->id, s->sha256);
	}
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	return 0;
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
		if (assignment_load(r, out->item_id, out->learner_id, a, &acc) != 0) {
			/* the learner left the course: the copy stays theirs to read */
			memset(a, 0, sizeof *a);
			defaults(a);
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

/* ---- The learner's list ---- */

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
	int64_t da = learner_due(&a->a), db_ = learner_due(&b->a);
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
		if ((size_t)n == cap) {
			struct copy_line *more = arena_array(r->arena, cap * 2, sizeof *more);
			memcpy(more, c, cap * sizeof *c);
			c = more;
			cap *= 2;
		}
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

/* Courses read per statement: an IN list of a fixed length (unused places
** hold -1), so that the statement is prepared once. */
#define COURSES_PER_QUERY 8

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
	for (int c0 = 0; c0 < nc && n < LIST_MAX; c0 += COURSES_PER_QUERY) {
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
		for (int k = 0; k < COURSES_PER_QUERY; k++)
			db_bind_int(st, 2 + k, c0 + k < nc ? courses[c0 + k] : -1);
		int rc;
		while ((rc = db_step(st)) == DB_ROW && n < LIST_MAX) {
			if ((size_t)n == cap) {
				struct homework_row *more = arena_array(r->arena, cap * 2, sizeof *more);
				memcpy(more, rows, cap * sizeof *rows);
				rows = more;
				cap *= 2;
			}
			struct homework_row *row = &rows[n++];
			struct assignment *a = &row->a;
			struct submission *s = &row->s;
			defaults(a);
			a->item_id = db_int(st, 0);
			a->course_id = db_int(st, 14);
			a->title = db_text_dup(st, 1, r->arena);
			a->course_title = db_text_dup(st, 2, r->arena);
			a->published = true;
			a->intro_md = "";
			if (!db_is_null(st, 3)) {
				a->configured = true;
				a->opens_at = db_int(st, 4);
				a->due_at = db_int(st, 5);
				a->cutoff_at = db_int(st, 6);
				a->late_policy = db_text_dup(st, 7, r->arena);
				a->max_grade = db_int(st, 8);
				a->weight = db_int(st, 9);
				a->accepts_file = db_int(st, 10) != 0;
				a->accepts_text = db_int(st, 11) != 0;
				a->file_types = (unsigned)db_int(st, 12) & DOCTYPE_ALL;
				a->resubmit = db_int(st, 13) != 0;
			}
			int64_t pct = 0;
			for (int k = 0; k < nc; k++)
				if (courses[k] == a->course_id)
					pct = acc[k].extra_time_pct;
			apply_extra_time(a, pct);
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
			row->status = status_of(a, s, now);
		}
		if (rc == DB_ROW)
			db_done(st);
		else if (rc != DB_DONE)
			return ERR_INTERNAL;
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
