/*
** This file implements handing in (homework.h): the file checked by its
** content and what its name claims, stored and fsynced before the copy is
** committed, one copy per learner replaced by versions (the same content
** twice is the same receipt), allocation to the least-loaded teacher, and
** the copy's line in the correction queue.
*/
#include <string.h>
#include <time.h>

#include "courses/courses.h"
#include "homework/doctype.h"
#include "homework/internal.h"
#include "kernel/audit.h"
#include "kernel/auth.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "notices/notices.h"
#include "people/people.h"

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
	int rc = hw_assignment_load(r, item_id, 0, &a, &acc);
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
	int64_t due = hw_learner_due(&a);
	bool late = due && now > due;
	if (late && strcmp(a.late_policy, "refuse") == 0 && now > hw_learner_cutoff(&a))
		return err_set(e, ERR_CONFLICT, NULL, _("Ce devoir n'accepte plus de copie depuis le %s."),
		               fmt_datetime(r->arena, hw_learner_cutoff(&a)));

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
