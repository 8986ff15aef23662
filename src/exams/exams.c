/*
** This file implements the exams, schools and sessions of exams.h: exam
** definitions (questions drawn from categories of the bank, time limit,
** pass mark), a partner school's registration, and the sessions a school
** plans for some of its classes, each with a code candidates type.
*/
#include "exams/exams.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda/agenda.h"
#include "kernel/audit.h"
#include "kernel/auth.h"
#include "kernel/clock.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/mail.h"
#include "kernel/str.h"
#include "kernel/text.h"
#include "questions/questions.h"
#include "tenants/tenants.h"

/* ---- Exams ---- */

bool exams_can_define(const struct req *r)
{
	return r->user.id && (r->user.roles & (ROLE_ADMIN | ROLE_AUTHOR));
}

#define EXAM_COLS "id, code, title, question_count, time_limit, pass_pct, categories, active"

static void exam_read(struct db_stmt *st, struct arena *a, struct exam *e)
{
	e->id = db_int(st, 0);
	e->code = db_text_dup(st, 1, a);
	e->title = db_text_dup(st, 2, a);
	e->question_count = db_int(st, 3);
	e->time_limit = db_int(st, 4);
	e->pass_pct = db_int(st, 5);
	e->categories = str_ids_parse(a, db_text(st, 6), &e->ncategories);
	e->active = db_int(st, 7) != 0;
}

int exams_list(struct req *r, bool all, struct exam **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " EXAM_COLS " FROM exams WHERE tenant_id = ?"
	                                         " AND active >= ? ORDER BY code") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, all ? 0 : 1);
	size_t cap = 8;
	int n = 0, rc;
	struct exam *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		exam_read(st, r->arena, &list[n++]);
		if (n >= 500) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int exams_get(struct req *r, int64_t id, struct exam *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " EXAM_COLS " FROM exams WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	exam_read(st, r->arena, out);
	db_done(st);
	return 0;
}

static bool code_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 2 || n > 20)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool number_in(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
	return s && str_to_int64(s, out) && *out >= lo && *out <= hi;
}

int exams_create(struct req *r, const struct exam_input *in, int64_t *id, struct err *e)
{
	if (!exams_can_define(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux administrateurs et aux auteurs."));
	int64_t count, minutes, pass;
	if (!code_ok(in->code))
		return err_set(e, ERR_INVALID, "code", "%s",
		               _("Le code a de 2 à 20 caractères : majuscules, chiffres et tirets (ASSR1)."));
	if (!in->title || str_empty(in->title) || utf8_length(in->title) > 200 || !text_is_clean(in->title, false))
		return err_set(e, ERR_INVALID, "title", "%s", _("Donnez un titre de 200 caractères au plus."));
	if (!number_in(in->question_count, 1, EXAM_MAX_QUESTIONS, &count))
		return err_set(e, ERR_INVALID, "question_count", _("Le nombre de questions va de 1 à %d."),
		               EXAM_MAX_QUESTIONS);
	if (!number_in(in->time_limit_minutes, 1, 240, &minutes))
		return err_set(e, ERR_INVALID, "time_limit", "%s", _("La durée va de 1 à 240 minutes."));
	if (!number_in(in->pass_pct, 1, 100, &pass))
		return err_set(e, ERR_INVALID, "pass_pct", "%s", _("Le seuil de réussite va de 1 à 100 %."));
	if (in->ncategories < 1)
		return err_set(e, ERR_INVALID, "categories", "%s", _("Choisissez au moins une catégorie de la banque."));
	int64_t available = 0;
	struct sb cats;
	sb_init(&cats, r->arena, 64);
	for (int i = 0; i < in->ncategories; i++) {
		struct question_category c;
		if (questions_category_get(r, in->categories[i], &c) != 0)
			return err_set(e, ERR_INVALID, "categories", "%s", _("Choisissez au moins une catégorie de la banque."));
		available += c.questions;
		sb_printf(&cats, "%s%lld", i ? "," : "", (long long)in->categories[i]);
	}
	if (available < count)
		return err_set(e, ERR_INVALID, "question_count",
		               _("Ces catégories n'ont que %lld question(s) : il en faut au moins autant que l'examen en tire."),
		               (long long)available);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "INSERT INTO exams (tenant_id, code, title, question_count, time_limit,"
	                                         " pass_pct, categories, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	                                         " RETURNING id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, in->code);
	db_bind_text(st, 3, str_trim(r->arena, in->title));
	db_bind_int(st, 4, count);
	db_bind_int(st, 5, minutes * 60);
	db_bind_int(st, 6, pass);
	db_bind_text(st, 7, cats.buf);
	db_bind_int(st, 8, (int64_t)time(NULL));
	int rc = db_step(st);
	if (rc == ERR_CONFLICT)
		return err_set(e, ERR_CONFLICT, "code", "%s", _("Un examen a déjà ce code."));
	if (rc != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	audit_record(r, "exam.create", "exam", *id, in->code);
	return 0;
}

/* ---- Schools ---- */

int exams_my_school(struct req *r, struct exam_school *out)
{
	memset(out, 0, sizeof *out);
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_FORBIDDEN;
	struct school s;
	int rc = schools_get(r, r->user.school_id, &s);
	if (rc)
		return rc == ERR_NOT_FOUND ? ERR_FORBIDDEN : rc;
	out->school_id = s.id;
	out->name = s.name;
	out->uai = s.uai;
	out->city = s.city;
	out->academy = s.academy;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT contact_name, contact_email, registered_at FROM exam_schools"
	                                         " WHERE tenant_id = ? AND school_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s.id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->registered = true;
		out->contact_name = db_text_dup(st, 0, r->arena);
		out->contact_email = db_text_dup(st, 1, r->arena);
		out->registered_at = db_int(st, 2);
		db_done(st);
	} else if (rc < 0)
		return rc;
	return 0;
}

int exams_school_register(struct req *r, const char *contact_name, const char *contact_email, struct err *e)
{
	struct exam_school s;
	int rc = exams_my_school(r, &s);
	if (rc)
		return rc == ERR_FORBIDDEN
		       ? err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Votre compte n'est rattaché à aucun établissement partenaire."))
		       : rc;
	if (!contact_name || str_empty(contact_name) || utf8_length(contact_name) > 200 ||
	    !text_is_clean(contact_name, false))
		return err_set(e, ERR_INVALID, "contact_name", "%s",
		               _("Donnez le nom de la personne à contacter (200 caractères au plus)."));
	if (contact_email && *contact_email && !mail_address_valid(contact_email))
		return err_set(e, ERR_INVALID, "contact_email", "%s", _("Cette adresse e-mail n'est pas valide."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"INSERT INTO exam_schools (tenant_id, school_id, academy, contact_name, contact_email, registered_by,"
		" registered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, school_id) DO UPDATE SET"
		" contact_name = excluded.contact_name, contact_email = excluded.contact_email") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, s.school_id);
	db_bind_text(st, 3, s.academy ? s.academy : "");
	db_bind_text(st, 4, str_trim(r->arena, contact_name));
	db_bind_text(st, 5, contact_email ? contact_email : "");
	db_bind_int(st, 6, r->user.id);
	db_bind_int(st, 7, (int64_t)time(NULL));
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "exam.school.register", "school", s.school_id, "");
	return 0;
}

/* ---- Sessions ---- */

static int registered_school(struct req *r, struct exam_school *s, struct err *e)
{
	int rc = exams_my_school(r, s);
	if (rc)
		return rc;
	if (!s->registered)
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Inscrivez d'abord l'établissement aux attestations de sécurité routière."));
	return 0;
}

static bool class_exists(struct exam_class *cl, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(cl[i].name, name) == 0)
			return true;
	return false;
}

/* Whether session s invites exactly the classes of in. */
static bool same_classes(const struct exam_session *s, const struct exam_session_input *in)
{
	for (int i = 0; i < in->nclasses; i++) {
		bool found = false;
		for (int k = 0; k < s->nclasses && !found; k++)
			found = strcmp(s->classes[k], in->classes[i]) == 0;
		if (!found)
			return false;
	}
	for (int k = 0; k < s->nclasses; k++) {
		bool found = false;
		for (int i = 0; i < in->nclasses && !found; i++)
			found = strcmp(s->classes[k], in->classes[i]) == 0;
		if (!found)
			return false;
	}
	return true;
}

int exams_session_create(struct req *r, const struct exam_session_input *in, int64_t *id, struct err *e)
{
	struct exam_school s;
	int rc = registered_school(r, &s, e);
	if (rc)
		return rc;
	struct exam x;
	if (!in->exam_id || exams_get(r, in->exam_id, &x) != 0 || !x.active)
		return err_set(e, ERR_INVALID, "exam_id", "%s", _("Choisissez l'examen."));
	int64_t opens, closes;
	if (!in->opens_date || !agenda_local_time(in->opens_date, in->opens_time && *in->opens_time ? in->opens_time : NULL, &opens))
		return err_set(e, ERR_INVALID, "opens_date", "%s", _("L'ouverture est une date JJ/MM/AAAA et une heure HH:MM."));
	if (!in->closes_date || !agenda_local_time(in->closes_date, in->closes_time && *in->closes_time ? in->closes_time : "23:59", &closes))
		return err_set(e, ERR_INVALID, "closes_date", "%s", _("La fermeture est une date JJ/MM/AAAA et une heure HH:MM."));
	if (closes <= opens)
		return err_set(e, ERR_INVALID, "closes_date", "%s", _("La session doit fermer après son ouverture."));
	/* the exams' clock (clock_now()), the one that opens and closes sessions */
	if (closes <= clock_now())
		return err_set(e, ERR_INVALID, "closes_date", "%s",
		               _("Cette fermeture est déjà passée : choisissez une date et une heure à venir."));
	if (closes - opens > 62 * 86400)
		return err_set(e, ERR_INVALID, "closes_date", "%s", _("Une session dure deux mois au plus."));
	if (in->nclasses < 1)
		return err_set(e, ERR_INVALID, "classes", "%s", _("Choisissez au moins une classe."));
	struct exam_class *cl;
	int ncl = exams_classes(r, &cl);
	if (ncl < 0)
		return ncl;
	for (int i = 0; i < in->nclasses; i++)
		if (!class_exists(cl, ncl, in->classes[i]))
			return err_set(e, ERR_INVALID, "classes", "%s", _("Cette classe n'a pas de candidats : importez d'abord sa liste."));
	if (in->supervisors && (utf8_length(in->supervisors) > 2000 || !text_is_clean(in->supervisors, true)))
		return err_set(e, ERR_INVALID, "supervisors", "%s", _("La liste des surveillants dépasse 2000 caractères."));
	const char *title = in->title && !str_empty(in->title) ? str_trim(r->arena, in->title) : x.title;
	if (utf8_length(title) > 200 || !text_is_clean(title, false))
		return err_set(e, ERR_INVALID, "title", "%s", _("Donnez un titre de 200 caractères au plus."));
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	/* the same form sent twice (a double click, a page reloaded): the
	** session made a moment ago, not a second one with another code */
	int64_t twin = 0;
	struct db_stmt *dup = db_prepare(db, "SELECT id FROM exam_sessions WHERE tenant_id = ? AND school_id = ?"
	                                     " AND exam_id = ? AND title = ? AND opens_at = ? AND closes_at = ?"
	                                     " AND created_by = ? AND created_at >= ? ORDER BY id DESC");
	if (!dup)
		return ERR_INTERNAL;
	db_bind_int(dup, 1, r->tenant.id);
	db_bind_int(dup, 2, s.school_id);
	db_bind_int(dup, 3, x.id);
	db_bind_text(dup, 4, title);
	db_bind_int(dup, 5, opens);
	db_bind_int(dup, 6, closes);
	db_bind_int(dup, 7, r->user.id);
	db_bind_int(dup, 8, (int64_t)time(NULL) - 120);
	rc = db_step(dup);
	if (rc == DB_ROW) {
		twin = db_int(dup, 0);
		db_done(dup);
	} else if (rc != DB_DONE)
		return ERR_INTERNAL;
	struct exam_session ts;
	if (twin && exams_session_get(r, twin, &ts) == 0 && same_classes(&ts, in)) {
		*id = twin;
		return 0;
	}
	if (db_begin(db) != 0)
		return ERR_INTERNAL;
	for (int attempt = 0;; attempt++) {
		char code[EXAM_SESSION_CODE_LEN + 1];
		auth_random_code(code, EXAM_SESSION_CODE_LEN);
		if (db_begin(db) != 0) /* a savepoint: a code taken is drawn again */
			goto fail;
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO exam_sessions (tenant_id, school_id, exam_id, code, title, opens_at, closes_at,"
			" supervisors, resit, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		if (!st) {
			db_rollback(db);
			goto fail;
		}
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, s.school_id);
		db_bind_int(st, 3, x.id);
		db_bind_text(st, 4, code);
		db_bind_text(st, 5, title);
		db_bind_int(st, 6, opens);
		db_bind_int(st, 7, closes);
		db_bind_text(st, 8, in->supervisors ? str_trim(r->arena, in->supervisors) : "");
		db_bind_int(st, 9, in->resit);
		db_bind_int(st, 10, r->user.id);
		db_bind_int(st, 11, (int64_t)time(NULL));
		rc = db_step(st);
		if (rc == DB_ROW) {
			*id = db_int(st, 0);
			db_done(st);
			if (db_commit(db) != 0)
				goto fail;
			break;
		}
		db_rollback(db);
		if (rc != ERR_CONFLICT || attempt == 5)
			goto fail;
	}
	for (int i = 0; i < in->nclasses; i++) {
		struct db_stmt *st = db_prepare(db, "INSERT INTO exam_session_classes (tenant_id, session_id, class_name)"
		                                    " VALUES (?, ?, ?) ON CONFLICT (tenant_id, session_id, class_name) DO NOTHING");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, *id);
		db_bind_text(st, 3, in->classes[i]);
		if (db_run(st) != 0)
			goto fail;
	}
	audit_record(r, "exam.session.create", "exam_session", *id, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

#define SESSION_COLS "s.id, s.school_id, s.exam_id, s.code, s.title, x.title, s.supervisors, s.opens_at," \
	" s.closes_at, s.created_at, s.resit," \
	" (SELECT COUNT(*) FROM exam_attempts a WHERE a.tenant_id = s.tenant_id AND a.session_id = s.id)," \
	" (SELECT COUNT(*) FROM exam_attempts a WHERE a.tenant_id = s.tenant_id AND a.session_id = s.id" \
	"  AND a.finished_at > 0)," \
	" (SELECT COUNT(*) FROM exam_attempts a WHERE a.tenant_id = s.tenant_id AND a.session_id = s.id" \
	"  AND a.passed = 1)"
#define SESSION_FROM " FROM exam_sessions s JOIN exams x ON x.tenant_id = s.tenant_id AND x.id = s.exam_id"

static void session_read(struct db_stmt *st, struct arena *a, struct exam_session *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_int(st, 0);
	s->school_id = db_int(st, 1);
	s->exam_id = db_int(st, 2);
	s->code = db_text_dup(st, 3, a);
	s->title = db_text_dup(st, 4, a);
	s->exam_title = db_text_dup(st, 5, a);
	s->supervisors = db_text_dup(st, 6, a);
	s->opens_at = db_int(st, 7);
	s->closes_at = db_int(st, 8);
	s->created_at = db_int(st, 9);
	s->resit = db_int(st, 10) != 0;
	s->started = db_int(st, 11);
	s->finished = db_int(st, 12);
	s->passed = db_int(st, 13);
}

int exams_sessions(struct req *r, struct exam_session **out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " SESSION_COLS SESSION_FROM
	                                         " WHERE s.tenant_id = ? AND s.school_id = ?"
	                                         " ORDER BY s.opens_at DESC, s.id DESC") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.school_id);
	size_t cap = 8;
	int n = 0, rc;
	struct exam_session *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		session_read(st, r->arena, &list[n++]);
		if (n >= 500) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int exams_session_get(struct req *r, int64_t id, struct exam_session *out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " SESSION_COLS SESSION_FROM
	                                         " WHERE s.tenant_id = ? AND s.id = ? AND s.school_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, r->user.school_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	session_read(st, r->arena, out);
	db_done(st);
	st = db_prepare(db, "SELECT class_name FROM exam_session_classes WHERE tenant_id = ? AND session_id = ?"
	                    " ORDER BY class_name");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	out->classes = arena_array(r->arena, 200, sizeof *out->classes);
	while ((rc = db_step(st)) == DB_ROW && out->nclasses < 200)
		out->classes[out->nclasses++] = db_text_dup(st, 0, r->arena);
	if (rc == DB_ROW)
		db_done(st);
	return rc < 0 ? rc : 0;
}
