/*
** This file implements enrolments (enrolment.h): applying, reading with
** the visibility rules, lists, status changes with their history,
** accommodations and the CSV export. Documents are in documents.c, class
** list imports in import.c.
**
** Lists read learners' names and programme titles by joining the people
** and catalogue tables, read-only: see docs/architecture.md.
*/
#include "enrolment/internal.h"

#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "kernel/audit.h"
#include "kernel/csv.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "people/people.h"

static const struct {
	const char *code, *label;
} statuses[] = {
	{"submitted", N_("Demande déposée")},
	{"active", N_("Inscription active")},
	{"completed", N_("Terminée")},
	{"cancelled", N_("Annulée")},
	{"suspended", N_("Suspendue")},
};

const char *enrolment_status_label(const char *status)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (status && strcmp(statuses[i].code, status) == 0)
			return _(statuses[i].label);
	return status ? status : "?";
}

static bool status_known(const char *s)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (s && strcmp(statuses[i].code, s) == 0)
			return true;
	return false;
}

/* Moves the diagram of enrolment.h allows. */
static bool move_allowed(const char *from, const char *to)
{
	static const char *const moves[][2] = {
		{"submitted", "active"}, {"submitted", "cancelled"}, {"active", "completed"},
		{"active", "suspended"}, {"active", "cancelled"}, {"suspended", "active"},
		{"suspended", "cancelled"},
	};
	for (size_t i = 0; i < sizeof moves / sizeof moves[0]; i++)
		if (strcmp(moves[i][0], from) == 0 && strcmp(moves[i][1], to) == 0)
			return true;
	return false;
}

/* ---- Reading ---- */

#define ENROLMENT_SELECT \
	"SELECT e.id, e.learner_id, e.programme_id, e.course_id, e.applied_by, e.school_id," \
	" a.given_name || ' ' || a.family_name, a.login, COALESCE(p.title, c.title), e.status," \
	" e.accommodation_note, e.price_cents, e.extra_time_pct, e.spread_years," \
	" e.reduced_homework, e.created_at, e.updated_at," \
	" (SELECT COUNT(*) FROM enrolment_documents d WHERE d.tenant_id = e.tenant_id" \
	"  AND d.enrolment_id = e.id AND d.status = 'pending')" \
	" FROM enrolments e" \
	" JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.learner_id" \
	" LEFT JOIN programmes p ON p.tenant_id = e.tenant_id AND p.id = e.programme_id" \
	" LEFT JOIN courses c ON c.tenant_id = e.tenant_id AND c.id = e.course_id"

static void read_enrolment(struct db_stmt *st, struct arena *a, struct enrolment *e)
{
	e->id = db_int(st, 0);
	e->learner_id = db_int(st, 1);
	e->programme_id = db_int(st, 2);
	e->course_id = db_int(st, 3);
	e->applied_by = db_int(st, 4);
	e->school_id = db_int(st, 5);
	e->learner_name = db_text_dup(st, 6, a);
	e->learner_login = db_text_dup(st, 7, a);
	e->title = db_text_dup(st, 8, a);
	e->status = db_text_dup(st, 9, a);
	e->accommodation_note = db_text_dup(st, 10, a);
	e->price_cents = db_int(st, 11);
	e->extra_time_pct = db_int(st, 12);
	e->spread_years = db_int(st, 13);
	e->reduced_homework = db_int(st, 14) != 0;
	e->created_at = db_int(st, 15);
	e->updated_at = db_int(st, 16);
	e->docs_pending = db_int(st, 17);
}

/* Reads rows of a prepared list query into *out (at most limit). */
static int read_list(struct req *r, struct db_stmt *st, int limit, struct enrolment **out)
{
	struct enrolment *e = arena_array(r->arena, (size_t)limit, sizeof *e);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW && n < limit)
		read_enrolment(st, r->arena, &e[n++]);
	if (rc == DB_ROW)
		db_done(st);
	*out = e;
	return rc == DB_ROW || rc == DB_DONE ? n : ERR_INTERNAL;
}

/*
** Whether the signed-in person may see the enrolments of learner (whose
** partner school is learner_school): themselves, a guardian, their school's
** staff, or enrolment staff.
*/
static bool may_see(struct req *r, int64_t learner_id, int64_t learner_school)
{
	if (r->user.roles & ENROLMENT_STAFF)
		return true;
	if (learner_id == r->user.id)
		return true;
	if ((r->user.roles & ROLE_SCHOOL) && r->user.school_id && learner_school == r->user.school_id)
		return true;
	return (r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, learner_id);
}

int enrolment_get(struct req *r, int64_t id, struct enrolment *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, ENROLMENT_SELECT " WHERE e.tenant_id = ? AND e.id = ?")
	                        : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_enrolment(st, r->arena, out);
	db_done(st);
	return may_see(r, out->learner_id, out->school_id) ? 0 : ERR_NOT_FOUND;
}

int enrolment_events(struct req *r, int64_t id, struct enrolment_event **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT v.from_status, v.to_status, a.given_name || ' ' || a.family_name, v.note, v.at"
		" FROM enrolment_events v JOIN accounts a ON a.tenant_id = v.tenant_id AND a.id = v.actor_id"
		" WHERE v.tenant_id = ? AND v.enrolment_id = ? ORDER BY v.id LIMIT 100") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	struct enrolment_event *v = arena_array(r->arena, 100, sizeof *v);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		v[n].from_status = db_is_null(st, 0) ? NULL : db_text_dup(st, 0, r->arena);
		v[n].to_status = db_text_dup(st, 1, r->arena);
		v[n].actor_name = db_text_dup(st, 2, r->arena);
		v[n].note = db_text_dup(st, 3, r->arena);
		v[n].at = db_int(st, 4);
		n++;
	}
	*out = v;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int enrolment_for_learner(struct req *r, int64_t learner_id, struct enrolment **out)
{
	/* one's own list: identify() has just read the account, active, in this
	** tenant; reading it again cost 2 of the page's 6 statements */
	if (!r->user.id || learner_id != r->user.id) {
		struct person p;
		if (people_get(r, learner_id, &p) != 0 || !may_see(r, learner_id, p.school_id))
			return ERR_NOT_FOUND;
	}
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, ENROLMENT_SELECT
		" WHERE e.tenant_id = ? AND e.learner_id = ? ORDER BY e.id DESC LIMIT 100") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	return read_list(r, st, 100, out);
}

int enrolment_for_school(struct req *r, int64_t school_id, int offset, int limit,
                         struct enrolment **out)
{
	if (!(r->user.roles & ENROLMENT_STAFF) && school_id != r->user.school_id)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, ENROLMENT_SELECT
		" WHERE e.tenant_id = ? AND (e.school_id = ? OR a.school_id = ?)"
		" ORDER BY a.family_name, a.given_name, e.id LIMIT ? OFFSET ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school_id);
	db_bind_int(st, 3, school_id);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset);
	return read_list(r, st, limit, out);
}

/* Builds the staff search; binds its parameters and returns the statement. */
static struct db_stmt *search_stmt(struct req *r, const struct enrolment_filter *f, bool paged)
{
	const char *pat[4];
	int nw = 0;
	if (f->q) {
		char *save = NULL, *folded = text_fold(r->arena, f->q);
		for (char *w = strtok_r(folded, " ", &save); w && nw < 4; w = strtok_r(NULL, " ", &save))
			pat[nw++] = arena_printf(r->arena, "%%%s%%", w);
	}
	struct sb sql;
	sb_init(&sql, r->arena, 1024);
	sb_adds(&sql, ENROLMENT_SELECT " WHERE e.tenant_id = ?");
	if (f->status && *f->status)
		sb_adds(&sql, " AND e.status = ?");
	if (f->programme_id)
		sb_adds(&sql, " AND e.programme_id = ?");
	for (int i = 0; i < nw; i++)
		sb_adds(&sql, " AND a.search_text LIKE ?");
	sb_adds(&sql, " ORDER BY e.id DESC");
	if (paged)
		sb_adds(&sql, " LIMIT ? OFFSET ?");
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql.buf) : NULL;
	if (!st)
		return NULL;
	int k = 1;
	db_bind_int(st, k++, r->tenant.id);
	if (f->status && *f->status)
		db_bind_text(st, k++, f->status);
	if (f->programme_id)
		db_bind_int(st, k++, f->programme_id);
	for (int i = 0; i < nw; i++)
		db_bind_text(st, k++, pat[i]);
	if (paged) {
		db_bind_int(st, k++, f->limit);
		db_bind_int(st, k++, f->offset);
	}
	return st;
}

int enrolment_search(struct req *r, const struct enrolment_filter *f, struct enrolment **out)
{
	if (!(r->user.roles & ENROLMENT_STAFF))
		return ERR_FORBIDDEN;
	struct db_stmt *st = search_stmt(r, f, true);
	return st ? read_list(r, st, f->limit, out) : ERR_INTERNAL;
}

static void csv_header(struct sb *out)
{
	const char *head[] = {_("Numéro"), _("Apprenant"), _("Identifiant"), _("Formation ou cours"),
	                      _("Statut"), _("Demande du"), _("Temps supplémentaire (%)"),
	                      _("Devoirs allégés"), _("Années"), _("Prix (€)")};
	size_t n = sizeof head / sizeof head[0];
	sb_adds(out, "\xEF\xBB\xBF"); /* BOM: spreadsheets then read UTF-8 */
	for (size_t i = 0; i < n; i++)
		csv_write_field(out, head[i], i + 1 < n ? ';' : '\n');
}

static void csv_row(struct arena *a, const struct enrolment *e, struct sb *out)
{
	csv_write_field(out, arena_printf(a, "%lld", (long long)e->id), ';');
	csv_write_field(out, e->learner_name, ';');
	csv_write_field(out, e->learner_login, ';');
	csv_write_field(out, e->title, ';');
	csv_write_field(out, enrolment_status_label(e->status), ';');
	csv_write_field(out, fmt_date(a, e->created_at), ';');
	csv_write_field(out, arena_printf(a, "%lld", (long long)e->extra_time_pct), ';');
	csv_write_field(out, e->reduced_homework ? _("oui") : _("non"), ';');
	csv_write_field(out, arena_printf(a, "%lld", (long long)e->spread_years), ';');
	csv_write_field(out, arena_printf(a, "%lld,%02lld", (long long)(e->price_cents / 100),
	                                  (long long)(e->price_cents % 100)), '\n');
}

void enrolment_csv_rows(struct req *r, const struct enrolment *e, int n, struct sb *out)
{
	csv_header(out);
	for (int i = 0; i < n; i++)
		csv_row(r->arena, &e[i], out);
}

int enrolment_csv(struct req *r, const struct enrolment_filter *f, struct sb *out)
{
	if (!(r->user.roles & ENROLMENT_STAFF))
		return ERR_FORBIDDEN;
	struct db_stmt *st = search_stmt(r, f, false);
	if (!st)
		return ERR_INTERNAL;
	csv_header(out);
	/* rows are read and written one at a time: exports can be large */
	int n = 0, rc;
	struct arena *rows = arena_new();
	while ((rc = db_step(st)) == DB_ROW) {
		struct enrolment e;
		read_enrolment(st, rows, &e);
		csv_row(rows, &e, out);
		if (++n % 1000 == 0) {
			arena_free(rows);
			rows = arena_new();
		}
	}
	arena_free(rows);
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- Changing ---- */

static int record_event(struct db *db, struct req *r, int64_t id, const char *from,
                        const char *to, const char *note)
{
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO enrolment_events (tenant_id, enrolment_id, from_status, to_status, actor_id,"
		" note, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	db_bind_text(st, 3, from);
	db_bind_text(st, 4, to);
	db_bind_int(st, 5, r->user.id);
	db_bind_text(st, 6, note ? note : "");
	db_bind_int(st, 7, time(NULL));
	return db_run(st);
}

/* Moves id from `from` to `to` inside the caller's transaction; ERR_CONFLICT
** if someone changed the status meanwhile. */
static int move(struct db *db, struct req *r, int64_t id, const char *from, const char *to,
                const char *note)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE enrolments SET status = ?, updated_at = ? WHERE tenant_id = ? AND id = ?"
		" AND status = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, to);
	db_bind_int(st, 2, time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	db_bind_text(st, 5, from);
	int rc = db_run(st);
	if (rc)
		return rc;
	if (db_changes(st) != 1)
		return ERR_CONFLICT;
	return record_event(db, r, id, from, to, note);
}

int enrolment_apply(struct req *r, int64_t learner_id, int64_t programme_id, int64_t course_id,
                    const char *note, int64_t *id, struct err *e)
{
	if ((programme_id != 0) == (course_id != 0))
		return err_set(e, ERR_INVALID, "programme_id", "%s",
		               _("Choisissez une formation ou un cours."));
	if (note && (utf8_length(note) > 1000 || !text_is_clean(note, true)))
		return err_set(e, ERR_INVALID, "note", "%s",
		               _("Le message compte 1 000 caractères au plus."));
	struct person learner;
	int rc = people_get(r, learner_id, &learner);
	if (rc == ERR_NOT_FOUND || (rc == 0 && !may_see(r, learner_id, learner.school_id)))
		return err_set(e, ERR_NOT_FOUND, "learner_id", "%s", _("Apprenant introuvable."));
	if (rc)
		return ERR_INTERNAL;
	bool self = learner_id == r->user.id && (r->user.roles & ROLE_LEARNER);
	bool decider = (r->user.roles & ENROLMENT_DECIDERS) != 0;
	bool guardian = (r->user.roles & ROLE_GUARDIAN) &&
	                people_is_guardian_of(r, r->user.id, learner_id);
	bool school = (r->user.roles & ROLE_SCHOOL) && r->user.school_id &&
	              learner.school_id == r->user.school_id;
	if (!self && !decider && !guardian && !school)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Vous ne pouvez pas inscrire cette personne."));
	if (!(learner.roles & ROLE_LEARNER) || !learner.active)
		return err_set(e, ERR_INVALID, "learner_id", "%s",
		               _("Ce compte n'est pas celui d'un apprenant actif."));
	int64_t price = 0;
	int nreq = 0;
	if (programme_id) {
		struct programme p;
		if (catalogue_programme_get(r, programme_id, false, &p) != 0)
			return err_set(e, ERR_NOT_FOUND, "programme_id", "%s", _("Formation introuvable."));
		price = p.price_cents;
		struct requirement *q;
		nreq = catalogue_requirements(r, programme_id, &q);
		if (nreq < 0)
			return ERR_INTERNAL;
	} else {
		struct course c;
		if (catalogue_course_get(r, course_id, false, &c) != 0)
			return err_set(e, ERR_NOT_FOUND, "course_id", "%s", _("Cours introuvable."));
		if (!c.a_la_carte)
			return err_set(e, ERR_INVALID, "course_id", "%s",
			               _("Ce cours ne se prend pas seul : inscrivez-vous à la formation qui le contient."));
		price = c.price_cents;
	}
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t now = time(NULL);
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO enrolments (tenant_id, learner_id, programme_id, course_id, status, applied_by,"
		" school_id, price_cents, accommodation_note, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	if (programme_id)
		db_bind_int(st, 3, programme_id);
	else
		db_bind_null(st, 3);
	if (course_id)
		db_bind_int(st, 4, course_id);
	else
		db_bind_null(st, 4);
	db_bind_int(st, 5, r->user.id);
	if (learner.school_id)
		db_bind_int(st, 6, learner.school_id);
	else
		db_bind_null(st, 6);
	db_bind_int(st, 7, price);
	db_bind_text(st, 8, note ? note : "");
	db_bind_int(st, 9, now);
	db_bind_int(st, 10, now);
	rc = db_step(st);
	if (rc == ERR_CONFLICT) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               self ? _("Vous êtes déjà inscrit à cette formation.")
		                    : _("Cette personne est déjà inscrite à cette formation."));
	}
	if (rc != DB_ROW)
		goto fail;
	*id = db_int(st, 0);
	db_done(st);
	if (record_event(db, r, *id, NULL, "submitted", note) != 0)
		goto fail;
	if (nreq == 0 && price == 0 &&
	    move(db, r, *id, "submitted", "active", _("Aucune pièce ni paiement attendu.")) != 0)
		goto fail;
	audit_record(r, "enrolment.apply", "enrolment", *id, "");
	return db_commit(db);
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int enrolment_set_status(struct req *r, int64_t id, const char *to, const char *note,
                         struct err *e)
{
	struct enrolment en;
	int rc = enrolment_get(r, id, &en);
	if (rc)
		return err_set(e, rc, NULL, "%s", _("Inscription introuvable."));
	if (!status_known(to))
		return err_set(e, ERR_INVALID, "status", "%s", _("Statut inconnu."));
	bool decider = (r->user.roles & ENROLMENT_DECIDERS) != 0;
	bool family = en.learner_id == r->user.id ||
	              ((r->user.roles & ROLE_GUARDIAN) && people_is_guardian_of(r, r->user.id, en.learner_id));
	if (!decider && !(family && strcmp(en.status, "submitted") == 0 && strcmp(to, "cancelled") == 0))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s",
		               _("Vous ne pouvez pas faire ce changement."));
	if (!move_allowed(en.status, to))
		return err_set(e, ERR_INVALID, "status", _("Une inscription « %s » ne peut pas passer à « %s »."),
		               enrolment_status_label(en.status), enrolment_status_label(to));
	if (note && (utf8_length(note) > 1000 || !text_is_clean(note, true)))
		return err_set(e, ERR_INVALID, "note", "%s", _("La note compte 1 000 caractères au plus."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	rc = move(db, r, id, en.status, to, note);
	if (rc == ERR_CONFLICT) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, NULL, "%s",
		               _("Cette inscription vient d'être modifiée par quelqu'un d'autre : rechargez la page."));
	}
	if (rc) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	audit_record(r, "enrolment.status", "enrolment", id, to);
	return db_commit(db);
}

int enrolment_set_accommodations(struct req *r, int64_t id, const char *extra_time_pct,
                                 bool reduced, const char *spread_years, const char *note,
                                 struct err *e)
{
	if (!(r->user.roles & ENROLMENT_DECIDERS))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux conseillers."));
	struct enrolment en;
	if (enrolment_get(r, id, &en) != 0)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Inscription introuvable."));
	int64_t extra = 0, spread = 1;
	if (extra_time_pct && *extra_time_pct &&
	    (!str_to_int64(extra_time_pct, &extra) || extra < 0 || extra > 100))
		return err_set(e, ERR_INVALID, "extra_time_pct", "%s",
		               _("Le temps supplémentaire est un pourcentage de 0 à 100."));
	if (spread_years && *spread_years &&
	    (!str_to_int64(spread_years, &spread) || spread < 1 || spread > 4))
		return err_set(e, ERR_INVALID, "spread_years", "%s",
		               _("L'étalement se fait sur 1 à 4 années."));
	if (note && (utf8_length(note) > 1000 || !text_is_clean(note, true)))
		return err_set(e, ERR_INVALID, "accommodation_note", "%s",
		               _("La note compte 1 000 caractères au plus."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"UPDATE enrolments SET extra_time_pct = ?, reduced_homework = ?, spread_years = ?,"
		" accommodation_note = ?, updated_at = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, extra);
	db_bind_int(st, 2, reduced);
	db_bind_int(st, 3, spread);
	db_bind_text(st, 4, note ? note : en.accommodation_note);
	db_bind_int(st, 5, time(NULL));
	db_bind_int(st, 6, r->tenant.id);
	db_bind_int(st, 7, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	audit_record(r, "enrolment.accommodations", "enrolment", id,
	             arena_printf(r->arena, "extra=%lld reduced=%d spread=%lld", (long long)extra,
	                          reduced, (long long)spread));
	return 0;
}

/* See internal.h; called by documents.c after a review. */
int enrolment_activate_if_ready(struct req *r, int64_t id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT e.status, e.price_cents,"
		" (SELECT COUNT(*) FROM programme_requirements q WHERE q.tenant_id = e.tenant_id"
		"  AND q.programme_id = e.programme_id),"
		" (SELECT COUNT(DISTINCT d.requirement_id) FROM enrolment_documents d"
		"  WHERE d.tenant_id = e.tenant_id AND d.enrolment_id = e.id AND d.status = 'accepted')"
		" FROM enrolments e WHERE e.tenant_id = ? AND e.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	if (db_step(st) != DB_ROW)
		return ERR_NOT_FOUND;
	bool ready = strcmp(db_text(st, 0), "submitted") == 0 && db_int(st, 1) == 0 &&
	             db_int(st, 3) >= db_int(st, 2);
	db_done(st);
	if (!ready)
		return 0;
	return move(db, r, id, "submitted", "active", _("Toutes les pièces ont été acceptées."));
}
