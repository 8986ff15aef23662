/*
** This file implements decks and cards (srs.h): a course's deck and its
** settings, the notes authors and learners write, the cards they make
** (one per cloze number, kept across edits so that history stays), images,
** and the learner's own desired retention.
*/
#include "kernel/clock.h"
#include "srs/srs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "srs/cloze.h"
#include "srs/internal.h"

#define IMAGE_LIMIT (2 * 1024 * 1024)
#define MAX_CARDS_PER_NOTE 50

/* ---- Retention ---- */

bool srs_retention_parse(const char *s, int *per_mille)
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
	if (*s == ',' || *s == '.') {
		s++;
		for (; *s >= '0' && *s <= '9'; s++) {
			if (++decimals > 3)
				return false;
			frac = frac * 10 + (*s - '0');
		}
		if (decimals == 0)
			return false;
	}
	if (digits == 0)
		return false;
	while (*s == ' ')
		s++;
	bool percent = false;
	if (*s == '%') {
		percent = true;
		s++;
	}
	while (*s == ' ')
		s++;
	if (*s)
		return false;
	for (int k = decimals; k < 3; k++)
		frac *= 10;
	int64_t v; /* in thousandths of the number typed */
	v = whole * 1000 + frac;
	int64_t pm;
	if (!percent && whole == 0)
		pm = v;                       /* 0.9 */
	else if (percent || whole <= 100)
		pm = (v + 50) / 100;          /* 90 %, 87,5 */
	else if (decimals == 0)
		pm = whole;                   /* 875 */
	else
		return false;
	if (pm < 1 || pm > 999)
		return false;
	*per_mille = (int)pm;
	return true;
}

/* ---- Decks ---- */

int64_t srs_deck_of_course(struct req *r, int64_t course_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id FROM srs_decks WHERE tenant_id = ? AND course_id = ?") : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	int64_t id = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return id;
}

static int64_t count_cards(struct req *r, int64_t deck_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*) FROM srs_cards WHERE tenant_id = ? AND deck_id = ? AND active = 1"
		" AND owner_id = 0") : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : 0;
	db_done(st);
	return n;
}

int srs_deck_get(struct req *r, int64_t deck_id, int64_t now, struct srs_deck *out)
{
	struct srs_deck_row d;
	int acc;
	int rc = srs_deck_access(r, deck_id, &d, &acc);
	if (rc)
		return rc;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT title, description_md FROM srs_decks WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	memset(out, 0, sizeof *out);
	out->title = db_text_dup(st, 0, r->arena);
	out->description_md = db_text_dup(st, 1, r->arena);
	db_done(st);
	out->id = d.id;
	out->course_id = d.course_id;
	out->retention = d.retention;
	out->retention_min = d.retention_min;
	out->retention_max = d.retention_max;
	out->new_per_day = d.new_per_day;
	out->published = d.published;
	out->fitted = d.params[0] != 0;
	out->access = acc;
	struct course c;
	out->course_title = catalogue_course_get(r, d.course_id, true, &c) == 0 ? c.title : "";
	out->cards = count_cards(r, deck_id);
	if (acc == COURSE_LEARNER)
		return srs_learner_counts(r, r->user.id, &d, now, &out->due_now, &out->new_left, &out->my_retention);
	return 0;
}

int srs_decks_for_staff(struct req *r, struct srs_course_deck **out)
{
	struct course_summary *mine = NULL;
	struct course *all = NULL;
	int n;
	bool editor = (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0;
	if (editor) {
		struct catalogue_query q = {.all = true, .limit = 500};
		n = catalogue_courses_search(r, &q, &all);
	} else {
		n = courses_for_staff(r, &mine);
	}
	if (n < 0)
		return n;
	struct srs_course_deck *list = arena_array(r->arena, (size_t)n + 1, sizeof *list);
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT id, title, (SELECT COUNT(*) FROM srs_cards c WHERE c.tenant_id = d.tenant_id"
		" AND c.deck_id = d.id AND c.active = 1 AND c.owner_id = 0)"
		" FROM srs_decks d WHERE d.tenant_id = ? AND d.course_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	for (int i = 0; i < n; i++) {
		list[i].course_id = editor ? all[i].id : mine[i].id;
		list[i].course_title = editor ? all[i].title : mine[i].title;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, list[i].course_id);
		int rc = db_step(st);
		if (rc == DB_ROW) {
			list[i].deck_id = db_int(st, 0);
			list[i].deck_title = db_text_dup(st, 1, r->arena);
			list[i].cards = db_int(st, 2);
			db_done(st);
		} else if (rc != DB_DONE) {
			return ERR_INTERNAL;
		}
	}
	*out = list;
	return n;
}

static bool title_ok(const char *s)
{
	return !str_empty(s) && utf8_length(s) <= 200 && text_is_clean(s, false);
}

int srs_deck_create(struct req *r, int64_t course_id, const char *title, int64_t *id,
                    struct err *e)
{
	enum course_access acc = courses_access(r, course_id, 0);
	if (acc == COURSE_NONE)
		return ERR_NOT_FOUND;
	if (acc != COURSE_EDITOR)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs créent les paquets de cartes."));
	struct course c;
	if (catalogue_course_get(r, course_id, true, &c) != 0)
		return ERR_NOT_FOUND;
	if (str_empty(title))
		title = c.title;
	if (!title_ok(title))
		return err_set(e, ERR_INVALID, "title", "%s", _("Le titre est obligatoire (200 caractères au plus)."));
	int64_t existing = srs_deck_of_course(r, course_id);
	if (existing) {
		*id = existing;
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Ce cours a déjà un paquet de cartes."));
	}
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int64_t now = clock_now();
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO srs_decks (tenant_id, course_id, title, created_by, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, course_id);
	db_bind_text(st, 3, str_trim(r->arena, title));
	db_bind_int(st, 4, r->user.id);
	db_bind_int(st, 5, now);
	db_bind_int(st, 6, now);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_rollback(db);
		if (rc == ERR_CONFLICT) {
			*id = srs_deck_of_course(r, course_id);
			return err_set(e, ERR_CONFLICT, NULL, "%s", _("Ce cours a déjà un paquet de cartes."));
		}
		return ERR_INTERNAL;
	}
	*id = db_int(st, 0);
	db_done(st);
	audit_record(r, "srs.deck.create", "srs_deck", *id, title);
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int srs_deck_update(struct req *r, int64_t deck_id, const struct srs_deck_input *in, struct err *e)
{
	struct srs_deck_row d;
	int acc;
	int rc = srs_deck_access(r, deck_id, &d, &acc);
	if (rc)
		return rc;
	if (acc != COURSE_EDITOR)
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs modifient ce paquet."));
	if (!title_ok(in->title))
		return err_set(e, ERR_INVALID, "title", "%s", _("Le titre est obligatoire (200 caractères au plus)."));
	if (in->description_md && (utf8_length(in->description_md) > SRS_NOTE_MAX ||
	                           !text_is_clean(in->description_md, true)))
		return err_set(e, ERR_INVALID, "description", "%s", _("La présentation est trop longue ou contient des caractères interdits."));
	int ret, lo, hi;
	const char *bounds = _("entre 70 % et 99 %");
	if (!srs_retention_parse(in->retention_min, &lo) || lo < SRS_RETENTION_FLOOR || lo > SRS_RETENTION_CEIL)
		return err_set(e, ERR_INVALID, "retention_min", _("Le minimum doit être %s."), bounds);
	if (!srs_retention_parse(in->retention_max, &hi) || hi < SRS_RETENTION_FLOOR || hi > SRS_RETENTION_CEIL)
		return err_set(e, ERR_INVALID, "retention_max", _("Le maximum doit être %s."), bounds);
	if (lo > hi)
		return err_set(e, ERR_INVALID, "retention_max", "%s", _("Le maximum ne peut pas être inférieur au minimum."));
	if (!srs_retention_parse(in->retention, &ret) || ret < lo || ret > hi)
		return err_set(e, ERR_INVALID, "retention", "%s", _("La rétention visée doit être comprise entre le minimum et le maximum."));
	int64_t per_day;
	if (!in->new_per_day || !str_to_int64(in->new_per_day, &per_day) || per_day < 0 ||
	    per_day > SRS_NEW_PER_DAY_MAX)
		return err_set(e, ERR_INVALID, "new_per_day", _("Le nombre de nouvelles cartes par jour va de 0 à %d."),
		               SRS_NEW_PER_DAY_MAX);
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE srs_decks SET title = ?, description_md = ?, retention = ?, retention_min = ?,"
		" retention_max = ?, new_per_day = ?, published = ?, updated_at = ?"
		" WHERE tenant_id = ? AND id = ?");
	if (!st)
		goto fail;
	db_bind_text(st, 1, str_trim(r->arena, in->title));
	db_bind_text(st, 2, in->description_md ? in->description_md : "");
	db_bind_int(st, 3, ret);
	db_bind_int(st, 4, lo);
	db_bind_int(st, 5, hi);
	db_bind_int(st, 6, per_day);
	db_bind_int(st, 7, in->published ? 1 : 0);
	db_bind_int(st, 8, clock_now());
	db_bind_int(st, 9, r->tenant.id);
	db_bind_int(st, 10, deck_id);
	if (db_run(st) != 0)
		goto fail;
	/* learners' own choices outside the new bounds come back within them */
	st = db_prepare(db,
		"UPDATE srs_learner_decks SET retention = CASE WHEN retention < ? THEN ? ELSE ? END"
		" WHERE tenant_id = ? AND deck_id = ? AND retention <> 0 AND (retention < ? OR retention > ?)");
	if (!st)
		goto fail;
	db_bind_int(st, 1, lo);
	db_bind_int(st, 2, lo);
	db_bind_int(st, 3, hi);
	db_bind_int(st, 4, r->tenant.id);
	db_bind_int(st, 5, deck_id);
	db_bind_int(st, 6, lo);
	db_bind_int(st, 7, hi);
	if (db_run(st) != 0)
		goto fail;
	audit_record(r, "srs.deck.update", "srs_deck", deck_id,
	             arena_printf(r->arena, "retention %d [%d, %d], %lld/day", ret, lo, hi, (long long)per_day));
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int srs_learner_retention_set(struct req *r, int64_t deck_id, const char *value, struct err *e)
{
	struct srs_deck_row d;
	int rc = srs_deck_row(r, deck_id, &d);
	if (rc)
		return rc;
	if (!srs_learner_follows(r, &d))
		return ERR_NOT_FOUND;
	int ret = 0;
	if (!str_empty(value) && (!srs_retention_parse(value, &ret) || ret < d.retention_min ||
	                          ret > d.retention_max))
		return err_set(e, ERR_INVALID, "retention",
		               _("Choisissez une rétention entre %d %% et %d %%."),
		               (d.retention_min + 5) / 10, d.retention_max / 10);
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO srs_learner_decks (tenant_id, learner_id, deck_id, retention) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, learner_id, deck_id) DO UPDATE SET retention = excluded.retention");
	if (!st) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, deck_id);
	db_bind_int(st, 4, ret);
	if (db_run(st) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
}

/* ---- Notes and their cards ---- */

#define NOTE_COLUMNS \
	"n.id, n.deck_id, n.owner_id, n.kind, n.front_md, n.back_md, n.image_sha256, n.image_type," \
	" n.image_alt, n.origin, n.updated_at, d.course_id," \
	" (SELECT COUNT(*) FROM srs_cards c WHERE c.tenant_id = n.tenant_id AND c.note_id = n.id" \
	" AND c.active = 1)"

static void read_note(struct db_stmt *st, struct arena *a, struct srs_note *n)
{
	n->id = db_int(st, 0);
	n->deck_id = db_int(st, 1);
	n->owner_id = db_int(st, 2);
	n->kind = db_text_dup(st, 3, a);
	n->front_md = db_text_dup(st, 4, a);
	n->back_md = db_text_dup(st, 5, a);
	n->image_sha256 = db_is_null(st, 6) ? NULL : db_text_dup(st, 6, a);
	n->image_type = db_is_null(st, 7) ? NULL : db_text_dup(st, 7, a);
	n->image_alt = n->image_sha256 ? db_text_dup(st, 8, a) : NULL;
	n->origin = db_text_dup(st, 9, a);
	n->updated_at = db_int(st, 10);
	n->course_id = db_int(st, 11);
	n->ncards = (int)db_int(st, 12);
}

/* The note, if the signed-in person may see it; *acc is their access to
** its deck. */
static int note_access(struct req *r, int64_t note_id, struct srs_note *n, int *acc)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " NOTE_COLUMNS " FROM srs_notes n JOIN srs_decks d ON d.tenant_id = n.tenant_id"
		" AND d.id = n.deck_id WHERE n.tenant_id = ? AND n.id = ? AND n.deleted_at = 0") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, note_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	read_note(st, r->arena, n);
	db_done(st);
	struct srs_deck_row d;
	rc = srs_deck_access(r, n->deck_id, &d, acc);
	if (rc)
		return rc;
	if (n->owner_id && (n->owner_id != r->user.id || *acc != COURSE_LEARNER))
		return ERR_NOT_FOUND;   /* a learner's own cards are theirs alone */
	return 0;
}

static bool may_edit(const struct req *r, const struct srs_note *n, int acc)
{
	return n->owner_id ? n->owner_id == r->user.id : acc == COURSE_EDITOR;
}

/* Checks a note's input; fills *numbers with the cards it makes. */
static int check_note(struct req *r, const char *kind, const struct srs_note_input *in,
                      int *numbers, int *count, struct err *e)
{
	bool cloze = strcmp(kind, "cloze") == 0;
	if (!cloze && strcmp(kind, "basic") != 0)
		return err_set(e, ERR_INVALID, "kind", "%s", _("Type de carte inconnu."));
	if (str_empty(in->front_md))
		return err_set(e, ERR_INVALID, "front", "%s", cloze ? _("Écrivez le texte à trous.")
		                                                  : _("Écrivez le recto (la question)."));
	if (strlen(in->front_md) > SRS_NOTE_MAX || !text_is_clean(in->front_md, true))
		return err_set(e, ERR_INVALID, "front", _("Le texte est trop long (%d octets au plus) ou contient des caractères interdits."),
		               SRS_NOTE_MAX);
	if (in->back_md && (strlen(in->back_md) > SRS_NOTE_MAX || !text_is_clean(in->back_md, true)))
		return err_set(e, ERR_INVALID, "back", _("Le texte est trop long (%d octets au plus) ou contient des caractères interdits."),
		               SRS_NOTE_MAX);
	if (!cloze && str_empty(in->back_md))
		return err_set(e, ERR_INVALID, "back", "%s", _("Écrivez le verso (la réponse)."));
	if (cloze) {
		*count = cloze_numbers(in->front_md, numbers, MAX_CARDS_PER_NOTE);
		if (*count == 0)
			return err_set(e, ERR_INVALID, "front", "%s",
			               _("Aucun trou dans ce texte : écrivez par exemple {{c1::réponse}}."));
		if (*count > MAX_CARDS_PER_NOTE)
			return err_set(e, ERR_INVALID, "front", _("Un texte à trous fait %d cartes au plus."),
			               MAX_CARDS_PER_NOTE);
	} else {
		numbers[0] = 0;
		*count = 1;
	}
	if (in->image) {
		const char *type = files_sniff(in->image->head, in->image->head_len);
		if (!type || !str_starts(type, "image/"))
			return err_set(e, ERR_INVALID, "image", "%s", _("L'image doit être un fichier PNG, JPEG, GIF ou WebP."));
		if (in->image->size > IMAGE_LIMIT)
			return err_set(e, ERR_INVALID, "image", "%s", _("L'image dépasse 2 Mo."));
	}
	if (in->image_sha256 && (!in->image_type || !str_starts(in->image_type, "image/")))
		return err_set(e, ERR_INVALID, "image", "%s", _("L'image doit être un fichier PNG, JPEG, GIF ou WebP."));
	bool has_image = in->image != NULL || in->image_sha256 != NULL;
	if (has_image && (str_empty(in->image_alt) || utf8_length(in->image_alt) > 300 ||
	                  !text_is_clean(in->image_alt, false)))
		return err_set(e, ERR_INVALID, "image_alt", "%s",
		               _("Décrivez l'image en quelques mots (300 caractères au plus) pour qui ne la voit pas."));
	(void)r;
	return 0;
}

/*
** Makes the note's cards match `numbers`: missing ones are created at the
** end of the deck's order, inactive ones that are wanted again come back
** (at the end too, for whoever never saw them), unwanted ones become
** inactive. Runs in the caller's transaction.
*/
static int sync_cards(struct db *db, struct req *r, int64_t deck_id, int64_t note_id,
                      int64_t owner, const int *numbers, int count)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT id, ord, active FROM srs_cards WHERE tenant_id = ? AND note_id = ? ORDER BY ord");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, note_id);
	int64_t ids[CLOZE_MAX_NUMBER + 1] = {0};
	int active[CLOZE_MAX_NUMBER + 1] = {0};
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t ord = db_int(st, 1);
		if (ord >= 0 && ord <= CLOZE_MAX_NUMBER) {
			ids[ord] = db_int(st, 0);
			active[ord] = (int)db_int(st, 2);
		}
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	bool wanted[CLOZE_MAX_NUMBER + 1] = {0};
	int need = 0;
	for (int i = 0; i < count; i++) {
		wanted[numbers[i]] = true;
		if (!ids[numbers[i]] || !active[numbers[i]])
			need++;
	}
	int64_t pos = 0;
	if (need) {
		st = db_prepare(db,
			"UPDATE srs_decks SET next_position = next_position + ? WHERE tenant_id = ? AND id = ?"
			" RETURNING next_position");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, need);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, deck_id);
		if (db_step(st) != DB_ROW)
			return ERR_INTERNAL;
		pos = db_int(st, 0) - need;
		db_done(st);
	}
	for (int k = 0; k <= CLOZE_MAX_NUMBER; k++) {
		if (wanted[k] && !ids[k]) {
			st = db_prepare(db,
				"INSERT INTO srs_cards (tenant_id, deck_id, note_id, ord, owner_id, position)"
				" VALUES (?, ?, ?, ?, ?, ?)");
			if (!st)
				return ERR_INTERNAL;
			db_bind_int(st, 1, r->tenant.id);
			db_bind_int(st, 2, deck_id);
			db_bind_int(st, 3, note_id);
			db_bind_int(st, 4, k);
			db_bind_int(st, 5, owner);
			db_bind_int(st, 6, pos++);
		} else if (ids[k] && wanted[k] && !active[k]) {
			st = db_prepare(db,
				"UPDATE srs_cards SET active = 1, position = ? WHERE tenant_id = ? AND id = ?");
			if (!st)
				return ERR_INTERNAL;
			db_bind_int(st, 1, pos++);
			db_bind_int(st, 2, r->tenant.id);
			db_bind_int(st, 3, ids[k]);
		} else if (ids[k] && !wanted[k] && active[k]) {
			st = db_prepare(db, "UPDATE srs_cards SET active = 0 WHERE tenant_id = ? AND id = ?");
			if (!st)
				return ERR_INTERNAL;
			db_bind_int(st, 1, r->tenant.id);
			db_bind_int(st, 2, ids[k]);
		} else {
			continue;
		}
		if (db_run(st) != 0)
			return ERR_INTERNAL;
	}
	return 0;
}

/* Writes the note row (insert when *id is 0). */
static int write_note(struct db *db, struct req *r, int64_t deck_id, int64_t owner, const char *kind,
                      const struct srs_note_input *in, const char *sha, const char *type,
                      int64_t *id)
{
	int64_t now = clock_now();
	struct db_stmt *st;
	if (*id == 0) {
		st = db_prepare(db,
			"INSERT INTO srs_notes (tenant_id, deck_id, owner_id, kind, front_md, back_md, image_sha256,"
			" image_type, image_alt, origin, created_by, created_at, updated_at, source_id)"
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, deck_id);
		db_bind_int(st, 3, owner);
		db_bind_text(st, 4, kind);
		db_bind_text(st, 5, in->front_md);
		db_bind_text(st, 6, in->back_md ? in->back_md : "");
		db_bind_text(st, 7, sha);
		db_bind_text(st, 8, type);
		db_bind_text(st, 9, sha && in->image_alt ? str_trim(r->arena, in->image_alt) : "");
		db_bind_text(st, 10, in->origin ? in->origin : owner ? "learner" : "author");
		db_bind_int(st, 11, r->user.id);
		db_bind_int(st, 12, now);
		db_bind_int(st, 13, now);
		db_bind_int(st, 14, in->source_id);
		if (db_step(st) != DB_ROW)
			return ERR_INTERNAL;
		*id = db_int(st, 0);
		db_done(st);
		return 0;
	}
	/* an image kept as it was: sha is NULL and remove_image false */
	st = db_prepare(db,
		"UPDATE srs_notes SET front_md = ?, back_md = ?, updated_at = ?,"
		" image_sha256 = CASE WHEN ? = 1 THEN ? ELSE image_sha256 END,"
		" image_type = CASE WHEN ? = 1 THEN ? ELSE image_type END,"
		" image_alt = CASE WHEN ? = 1 THEN ? ELSE image_alt END"
		" WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	int change = sha || in->remove_image ? 1 : 0;
	int alt_change = change || in->image_alt ? 1 : 0;
	db_bind_text(st, 1, in->front_md);
	db_bind_text(st, 2, in->back_md ? in->back_md : "");
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, change);
	db_bind_text(st, 5, sha);
	db_bind_int(st, 6, change);
	db_bind_text(st, 7, type);
	db_bind_int(st, 8, alt_change);
	db_bind_text(st, 9, in->image_alt && !in->remove_image ? str_trim(r->arena, in->image_alt) : "");
	db_bind_int(st, 10, r->tenant.id);
	db_bind_int(st, 11, *id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

/* Stores the uploaded image (fsynced) before its row is committed. */
static int keep_image(const struct srs_note_input *in, char sha[65], const char **type)
{
	*type = NULL;
	if (!in->image)
		return 0;
	*type = files_sniff(in->image->head, in->image->head_len);
	return files_keep(in->image, sha);
}

int srs_note_add(struct req *r, int64_t deck_id, const struct srs_note_input *in, int64_t *id,
                 int *ncards, struct err *e)
{
	struct srs_deck_row d;
	int acc;
	int rc = srs_deck_access(r, deck_id, &d, &acc);
	if (rc)
		return rc;
	int64_t owner;
	if (acc == COURSE_EDITOR)
		owner = 0;
	else if (acc == COURSE_LEARNER)
		owner = r->user.id;
	else
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs ajoutent des cartes à ce paquet."));
	const char *kind = in->kind ? in->kind : "basic";
	int numbers[MAX_CARDS_PER_NOTE], count;
	rc = check_note(r, kind, in, numbers, &count, e);
	if (rc)
		return rc;
	char sha[65];
	const char *type;
	if (keep_image(in, sha, &type) != 0)
		return ERR_INTERNAL;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	*id = 0;
	const char *image = in->image ? sha : in->image_sha256;
	if (!in->image && in->image_sha256)
		type = in->image_type;
	if (write_note(db, r, deck_id, owner, kind, in, image, type, id) != 0 ||
	    sync_cards(db, r, deck_id, *id, owner, numbers, count) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	if (!owner)
		audit_record(r, "srs.note.add", "srs_note", *id, kind);
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	*ncards = count;
	return 0;
}

int srs_note_update(struct req *r, int64_t note_id, const struct srs_note_input *in, struct err *e)
{
	struct srs_note n;
	int acc;
	int rc = note_access(r, note_id, &n, &acc);
	if (rc)
		return rc;
	if (!may_edit(r, &n, acc))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs modifient les cartes de ce paquet."));
	struct srs_note_input w = *in;
	/* an alternative text typed for an image already there is kept */
	if (!w.image && !w.remove_image && n.image_sha256 && str_empty(w.image_alt))
		w.image_alt = NULL;
	int numbers[MAX_CARDS_PER_NOTE], count;
	rc = check_note(r, n.kind, &w, numbers, &count, e);
	if (rc)
		return rc;
	if (!w.image && !w.remove_image && n.image_sha256 && w.image_alt &&
	    (utf8_length(w.image_alt) > 300 || !text_is_clean(w.image_alt, false)))
		return err_set(e, ERR_INVALID, "image_alt", "%s", _("Le texte de remplacement de l'image est trop long."));
	char sha[65];
	const char *type;
	if (keep_image(&w, sha, &type) != 0)
		return ERR_INTERNAL;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	if (write_note(db, r, n.deck_id, n.owner_id, n.kind, &w, w.image ? sha : NULL, type, &note_id) != 0 ||
	    sync_cards(db, r, n.deck_id, note_id, n.owner_id, numbers, count) != 0) {
		db_rollback(db);
		return ERR_INTERNAL;
	}
	if (!n.owner_id)
		audit_record(r, "srs.note.update", "srs_note", note_id, n.kind);
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
}

int srs_note_delete(struct req *r, int64_t note_id, struct err *e)
{
	struct srs_note n;
	int acc;
	int rc = note_access(r, note_id, &n, &acc);
	if (rc)
		return rc;
	if (!may_edit(r, &n, acc))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Seuls les auteurs suppriment les cartes de ce paquet."));
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE srs_notes SET deleted_at = ? WHERE tenant_id = ? AND id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, clock_now());
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, note_id);
	if (db_run(st) != 0)
		goto fail;
	st = db_prepare(db, "UPDATE srs_cards SET active = 0 WHERE tenant_id = ? AND note_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, note_id);
	if (db_run(st) != 0)
		goto fail;
	if (!n.owner_id)
		audit_record(r, "srs.note.delete", "srs_note", note_id, n.kind);
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

int srs_note_get(struct req *r, int64_t note_id, struct srs_note *out)
{
	int acc;
	return note_access(r, note_id, out, &acc);
}

int srs_notes_list(struct req *r, int64_t deck_id, bool own, int offset, int limit,
                   struct srs_note **out)
{
	struct srs_deck_row d;
	int acc;
	int rc = srs_deck_access(r, deck_id, &d, &acc);
	if (rc)
		return rc;
	if (own && acc != COURSE_LEARNER)
		return 0;
	if (limit < 1 || limit > 500)
		limit = 50;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " NOTE_COLUMNS " FROM srs_notes n JOIN srs_decks d ON d.tenant_id = n.tenant_id"
		" AND d.id = n.deck_id WHERE n.tenant_id = ? AND n.deck_id = ? AND n.owner_id = ?"
		" AND n.deleted_at = 0 ORDER BY n.id DESC LIMIT ? OFFSET ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	db_bind_int(st, 3, own ? r->user.id : 0);
	db_bind_int(st, 4, limit);
	db_bind_int(st, 5, offset < 0 ? 0 : offset);
	struct srs_note *list = arena_array(r->arena, (size_t)limit, sizeof *list);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		read_note(st, r->arena, &list[n++]);
	*out = list;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

int srs_note_image(struct req *r, int64_t note_id, const char **path, const char **type)
{
	struct srs_note n;
	int rc = srs_note_get(r, note_id, &n);
	if (rc)
		return rc;
	if (!n.image_sha256)
		return ERR_NOT_FOUND;
	*path = files_path(r->arena, n.image_sha256);
	*type = n.image_type ? n.image_type : "application/octet-stream";
	return 0;
}
