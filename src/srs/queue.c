/*
** This file implements a learner's daily queue and their ratings
** (srs.h): cards due, then new cards within each deck's daily limit; a
** rating recorded with the card's new state and one log row in one
** transaction, a repeated rating recognised and counted once, and the
** undo of the latest rating from its log row.
*/
#include "kernel/clock.h"
#include "srs/srs.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "courses/courses.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "srs/internal.h"

#define MAX_DECKS 64
#define NEW_SCAN_MAX 500

/* ---- A learner's settings of a deck ---- */

struct learner_deck {
	int retention;            /* 0: the deck's */
	int64_t cursor;           /* every card at or before it has been seen */
};

static int learner_deck_get(struct req *r, int64_t learner_id, int64_t deck_id, struct learner_deck *ld)
{
	ld->retention = 0;
	ld->cursor = 0;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT retention, new_cursor FROM srs_learner_decks WHERE tenant_id = ? AND learner_id = ?"
		" AND deck_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, deck_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		ld->retention = (int)db_int(st, 0);
		ld->cursor = db_int(st, 1);
		db_done(st);
		return 0;
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

/* New cards of deck_id introduced today by learner_id. */
static int64_t introduced_today(struct req *r, int64_t learner_id, int64_t deck_id, int64_t now)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*) FROM srs_reviews WHERE tenant_id = ? AND learner_id = ? AND reviewed_at >= ?"
		" AND state_before = 0 AND deck_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, srs_day_start(now, 0));
	db_bind_int(st, 4, deck_id);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : ERR_INTERNAL;
	db_done(st);
	return n;
}

/*
** The first `max` cards of the deck learner_id has never rated, after
** position `after`, in the deck's order (the deck's own cards and their
** own). ids and positions may be NULL. Count or ERR_*.
*/
static int new_cards(struct req *r, int64_t learner_id, int64_t deck_id, int64_t after, int max,
                     int64_t *ids, int64_t *positions)
{
	if (max <= 0)
		return 0;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.id, c.position FROM srs_cards c WHERE c.tenant_id = ? AND c.deck_id = ?"
		" AND c.position > ? AND c.active = 1 AND (c.owner_id = 0 OR c.owner_id = ?)"
		" AND NOT EXISTS (SELECT 1 FROM srs_states s WHERE s.tenant_id = c.tenant_id"
		" AND s.learner_id = ? AND s.card_id = c.id) ORDER BY c.position LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	db_bind_int(st, 3, after);
	db_bind_int(st, 4, learner_id);
	db_bind_int(st, 5, learner_id);
	db_bind_int(st, 6, max);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (ids)
			ids[n] = db_int(st, 0);
		if (positions)
			positions[n] = db_int(st, 1);
		n++;
	}
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* Cards of the deck due by `until` for learner_id (inactive ones aside). */
static int64_t due_count(struct req *r, int64_t learner_id, int64_t deck_id, int64_t until)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT COUNT(*) FROM srs_states s JOIN srs_cards c ON c.tenant_id = s.tenant_id"
		" AND c.id = s.card_id WHERE s.tenant_id = ? AND s.learner_id = ? AND s.due <= ?"
		" AND s.deck_id = ? AND c.active = 1") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, until);
	db_bind_int(st, 4, deck_id);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : ERR_INTERNAL;
	db_done(st);
	return n;
}

int srs_learner_counts(struct req *r, int64_t learner_id, const struct srs_deck_row *d,
                       int64_t now, int64_t *due, int64_t *new_left, int *my_retention)
{
	struct learner_deck ld;
	if (learner_deck_get(r, learner_id, d->id, &ld) != 0)
		return ERR_INTERNAL;
	*my_retention = ld.retention;
	*due = due_count(r, learner_id, d->id, now + SRS_LEARN_AHEAD);
	int64_t today = introduced_today(r, learner_id, d->id, now);
	if (*due < 0 || today < 0)
		return ERR_INTERNAL;
	int64_t room = d->new_per_day - today;
	int n = new_cards(r, learner_id, d->id, ld.cursor, room > NEW_SCAN_MAX ? NEW_SCAN_MAX : (int)room,
	                  NULL, NULL);
	if (n < 0)
		return n;
	*new_left = n;
	return 0;
}

int srs_decks_for_learner(struct req *r, int64_t now, struct srs_deck **out)
{
	struct srs_deck_row *rows;
	int n = srs_learner_decks(r, r->user.id, &rows);
	if (n < 0)
		return n;
	struct srs_deck *list = arena_array(r->arena, (size_t)n + 1, sizeof *list);
	struct db *db = db_get();
	for (int i = 0; i < n; i++) {
		struct srs_deck *d = &list[i];
		struct db_stmt *st = db ? db_prepare(db,
			"SELECT d.title, c.title FROM srs_decks d JOIN courses c ON c.tenant_id = d.tenant_id"
			" AND c.id = d.course_id WHERE d.tenant_id = ? AND d.id = ?") : NULL;
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, rows[i].id);
		if (db_step(st) != DB_ROW)
			return ERR_INTERNAL;
		d->title = db_text_dup(st, 0, r->arena);
		d->course_title = db_text_dup(st, 1, r->arena);
		db_done(st);
		d->id = rows[i].id;
		d->course_id = rows[i].course_id;
		d->retention = rows[i].retention;
		d->retention_min = rows[i].retention_min;
		d->retention_max = rows[i].retention_max;
		d->new_per_day = rows[i].new_per_day;
		d->published = true;
		d->fitted = rows[i].params[0] != 0;
		d->access = COURSE_LEARNER;
		if (srs_learner_counts(r, r->user.id, &rows[i], now, &d->due_now, &d->new_left,
		                       &d->my_retention) != 0)
			return ERR_INTERNAL;
	}
	*out = list;
	return n;
}

int64_t srs_due_today(struct req *r, int64_t learner_id)
{
	struct srs_deck_row *rows;
	int n = srs_learner_decks(r, learner_id, &rows);
	if (n < 0)
		return -1;
	int64_t now = clock_now(), total = 0, midnight = srs_day_start(now, 1);
	for (int i = 0; i < n; i++) {
		int64_t due, fresh;
		int ret;
		if (srs_learner_counts(r, learner_id, &rows[i], now, &due, &fresh, &ret) != 0)
			return -1;
		int64_t later = due_count(r, learner_id, rows[i].id, midnight - 1);
		total += (later > due ? later : due) + fresh;
	}
	return total;
}

/* ---- The queue ---- */

static void read_state(struct db_stmt *st, int col, int64_t card_id, struct fsrs_card *c)
{
	c->card_id = card_id;
	c->state = (int)db_int(st, col);
	c->step = (int)db_int(st, col + 1);
	c->stability = srs_double(db_int(st, col + 2));
	c->difficulty = srs_double(db_int(st, col + 3));
	c->due = db_int(st, col + 4);
	c->last_review = db_int(st, col + 5);
}

/* Fills the text of a queued card from its note. */
static int card_text(struct req *r, struct srs_queue_card *qc)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.note_id, c.ord, n.kind, n.front_md, n.back_md,"
		" CASE WHEN n.image_sha256 IS NULL THEN 0 ELSE 1 END, n.image_alt"
		" FROM srs_cards c JOIN srs_notes n ON n.tenant_id = c.tenant_id AND n.id = c.note_id"
		" WHERE c.tenant_id = ? AND c.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, qc->card_id);
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	qc->note_id = db_int(st, 0);
	qc->ord = (int)db_int(st, 1);
	qc->kind = db_text_dup(st, 2, r->arena);
	qc->front_md = db_text_dup(st, 3, r->arena);
	qc->back_md = db_text_dup(st, 4, r->arena);
	qc->has_image = db_int(st, 5) != 0;
	qc->image_alt = db_text_dup(st, 6, r->arena);
	db_done(st);
	return 0;
}

struct deck_ctx {
	struct srs_deck_row row;
	char *title;
	struct learner_deck ld;
	struct fsrs_scheduler s;
	int64_t room;             /* new cards still allowed today */
};

static struct deck_ctx *find_deck(struct deck_ctx *decks, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (decks[i].row.id == id)
			return &decks[i];
	return NULL;
}

int srs_queue_build(struct req *r, int64_t deck_id, int64_t now, int limit, struct srs_queue *q)
{
	memset(q, 0, sizeof *q);
	if (limit < 1 || limit > 500)
		limit = 50;
	int64_t me = r->user.id;
	struct srs_deck_row *rows;
	int nrows = srs_learner_decks(r, me, &rows);
	if (nrows < 0)
		return nrows;
	struct deck_ctx *decks = arena_array(r->arena, (size_t)nrows + 1, sizeof *decks);
	int n = 0;
	struct db *db = db_get();
	for (int i = 0; i < nrows; i++) {
		if (deck_id && rows[i].id != deck_id)
			continue;
		struct deck_ctx *d = &decks[n++];
		d->row = rows[i];
		if (learner_deck_get(r, me, d->row.id, &d->ld) != 0)
			return ERR_INTERNAL;
		srs_scheduler_for(r, me, &d->row, d->ld.retention, &d->s);
		int64_t today = introduced_today(r, me, d->row.id, now);
		if (today < 0)
			return ERR_INTERNAL;
		d->room = d->row.new_per_day - today;
		struct db_stmt *st = db ? db_prepare(db,
			"SELECT title FROM srs_decks WHERE tenant_id = ? AND id = ?") : NULL;
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, d->row.id);
		d->title = db_step(st) == DB_ROW ? db_text_dup(st, 0, r->arena) : "";
		db_done(st);
	}
	if (deck_id && n == 0)
		return ERR_NOT_FOUND;
	q->cards = arena_array(r->arena, (size_t)limit, sizeof *q->cards);
	if (n == 0)
		return 0;

	/* due cards, most overdue first; learning steps a little ahead go last */
	int64_t midnight = srs_day_start(now, 1);
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT s.card_id, s.deck_id, s.state, s.step, s.stability, s.difficulty, s.due,"
		" s.last_review, s.reps FROM srs_states s JOIN srs_cards c ON c.tenant_id = s.tenant_id"
		" AND c.id = s.card_id WHERE s.tenant_id = ? AND s.learner_id = ? AND s.due < ?"
		" AND c.active = 1 ORDER BY s.due, s.deck_id, s.card_id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, me);
	db_bind_int(st, 3, midnight > now + SRS_LEARN_AHEAD ? midnight : now + SRS_LEARN_AHEAD + 1);
	struct srs_queue_card *ahead = arena_array(r->arena, (size_t)limit, sizeof *ahead);
	int nahead = 0, rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct deck_ctx *d = find_deck(decks, n, db_int(st, 1));
		if (!d)
			continue;
		int64_t due = db_int(st, 6);
		if (due > now + SRS_LEARN_AHEAD) {
			q->later_today++;
			continue;
		}
		q->due++;
		struct srs_queue_card *qc = NULL;
		if (due <= now && q->ncards < limit)
			qc = &q->cards[q->ncards++];
		else if (due > now && nahead < limit)
			qc = &ahead[nahead++];
		if (!qc)
			continue;
		qc->card_id = db_int(st, 0);
		qc->deck_id = d->row.id;
		qc->deck_title = d->title;
		read_state(st, 2, qc->card_id, &qc->card);
		qc->version = db_int(st, 8);
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;

	/* then new cards, deck after deck, within each deck's daily limit */
	int64_t ids[NEW_SCAN_MAX];
	for (int i = 0; i < n; i++) {
		struct deck_ctx *d = &decks[i];
		int room = d->room > NEW_SCAN_MAX ? NEW_SCAN_MAX : (int)d->room;
		int k = new_cards(r, me, d->row.id, d->ld.cursor, room, ids, NULL);
		if (k < 0)
			return k;
		q->fresh += k;
		for (int j = 0; j < k && q->ncards < limit; j++) {
			struct srs_queue_card *qc = &q->cards[q->ncards++];
			qc->card_id = ids[j];
			qc->deck_id = d->row.id;
			qc->deck_title = d->title;
			qc->is_new = true;
			fsrs_card_init(&qc->card, ids[j], now);
			qc->version = 0;
		}
	}
	for (int j = 0; j < nahead && q->ncards < limit; j++)
		q->cards[q->ncards++] = ahead[j];

	for (int j = 0; j < q->ncards; j++) {
		struct srs_queue_card *qc = &q->cards[j];
		struct fsrs_card out[4];
		struct deck_ctx *d = find_deck(decks, n, qc->deck_id);
		if (card_text(r, qc) != 0)
			return ERR_INTERNAL;
		if (srs_schedule(&d->s, &qc->card, now, out) != 0) {
			log_error("srs: card %lld of learner %lld cannot be scheduled",
			          (long long)qc->card_id, (long long)me);
			return ERR_INTERNAL;
		}
		for (int k = 0; k < 4; k++)
			qc->next_due[k] = out[k].due;
	}
	return 0;
}

/* ---- Rating ---- */

struct card_row {
	int64_t deck_id, owner_id, position;
	bool active;
};

static int card_row(struct req *r, int64_t card_id, struct card_row *c)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT deck_id, owner_id, position, active FROM srs_cards WHERE tenant_id = ? AND id = ?")
		: NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, card_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
	c->deck_id = db_int(st, 0);
	c->owner_id = db_int(st, 1);
	c->position = db_int(st, 2);
	c->active = db_int(st, 3) != 0;
	db_done(st);
	return 0;
}

/* The learner's state of the card: 1 (with *c, *reps, *lapses), 0 for a
** new card, or ERR_*. */
static int state_get(struct db *db, struct req *r, int64_t card_id, struct fsrs_card *c,
                     int64_t *reps, int64_t *lapses)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT state, step, stability, difficulty, due, last_review, reps, lapses FROM srs_states"
		" WHERE tenant_id = ? AND learner_id = ? AND card_id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, card_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : ERR_INTERNAL;
	read_state(st, 0, card_id, c);
	*reps = db_int(st, 6);
	*lapses = db_int(st, 7);
	db_done(st);
	return 1;
}

/* The rating of the learner's review of card_id at `at`, or 0. */
static int rating_at(struct db *db, struct req *r, int64_t card_id, int64_t at)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT rating FROM srs_reviews WHERE tenant_id = ? AND learner_id = ? AND reviewed_at = ?"
		" AND card_id = ?");
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, at);
	db_bind_int(st, 4, card_id);
	int v = db_step(st) == DB_ROW ? (int)db_int(st, 0) : 0;
	db_done(st);
	return v;
}

/* After a first rating: moves the learner's cursor past the cards seen. */
static int advance_cursor(struct db *db, struct req *r, int64_t deck_id, int64_t cursor)
{
	int64_t next;
	int k = new_cards(r, r->user.id, deck_id, cursor, 1, NULL, &next);
	if (k < 0)
		return k;
	if (k == 0) {
		struct db_stmt *st = db_prepare(db,
			"SELECT next_position - 1 FROM srs_decks WHERE tenant_id = ? AND id = ?");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, deck_id);
		next = (db_step(st) == DB_ROW ? db_int(st, 0) : cursor) + 1;
		db_done(st);
	}
	if (next - 1 == cursor)
		return 0;
	struct db_stmt *st = db_prepare(db,
		"INSERT INTO srs_learner_decks (tenant_id, learner_id, deck_id, new_cursor) VALUES (?, ?, ?, ?)"
		" ON CONFLICT (tenant_id, learner_id, deck_id) DO UPDATE SET new_cursor = excluded.new_cursor");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, deck_id);
	db_bind_int(st, 4, next - 1);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

static int graded_counters(struct db *db, struct req *r, int64_t card_id, int delta, bool lapse)
{
	struct db_stmt *st = db_prepare(db,
		"UPDATE srs_cards SET graded_reviews = graded_reviews + ?, lapses = lapses + ?"
		" WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, delta);
	db_bind_int(st, 2, lapse ? delta : 0);
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, card_id);
	return db_run(st) == 0 ? 0 : ERR_INTERNAL;
}

enum { TRY_AGAIN = 1 };

/* One attempt at recording a rating, in its own transaction. TRY_AGAIN
** when another request changed the card meanwhile (PostgreSQL; on SQLite
** writers are serialised and it cannot happen). */
static int review_once(struct req *r, int64_t card_id, const struct card_row *cr,
                       const struct srs_deck_row *d, int rating, int64_t version, int64_t now,
                       struct srs_review_result *res, struct err *e)
{
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct fsrs_card before;
	int64_t reps = 0, lapses = 0;
	int had = state_get(db, r, card_id, &before, &reps, &lapses);
	struct learner_deck ld;
	if (had < 0 || learner_deck_get(r, r->user.id, d->id, &ld) != 0)
		goto fail;
	res->card_id = card_id;
	res->deck_id = d->id;
	res->rating = rating;
	if (had) {
		int64_t previous = before.last_review;
		bool repeat = false;
		if (version >= 0 && version != reps)
			repeat = reps == version + 1 && rating_at(db, r, card_id, previous) == rating;
		else if (version < 0 && now - previous < SRS_REPEAT_WINDOW)
			repeat = rating_at(db, r, card_id, previous) == rating;
		if (repeat) {
			db_rollback(db);
			res->reviewed_at = previous;
			res->after = before;
			res->version = reps;
			res->repeat = true;
			return 0;
		}
		if ((version >= 0 && version != reps) || (version < 0 && now - previous < SRS_REPEAT_WINDOW)) {
			db_rollback(db);
			return err_set(e, ERR_CONFLICT, NULL, "%s",
			               _("Cette carte vient d'être notée. Pour changer la note, annulez d'abord la dernière réponse."));
		}
		if (before.due > now + SRS_LEARN_AHEAD) {
			db_rollback(db);
			return err_set(e, ERR_CONFLICT, NULL, _("Cette carte n'est pas encore à revoir (prévue le %s)."),
			               fmt_datetime(r->arena, before.due));
		}
	} else {
		if (version > 0) {
			db_rollback(db);
			return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette carte a changé depuis son affichage."));
		}
		fsrs_card_init(&before, card_id, now);
		before.last_review = FSRS_NEVER;
	}
	struct fsrs_scheduler s;
	srs_scheduler_for(r, r->user.id, d, ld.retention, &s);
	struct fsrs_card four[4];
	if (srs_schedule(&s, &before, now, four) != 0) {
		log_error("srs: review of card %lld by %lld refused by the scheduler", (long long)card_id,
		          (long long)r->user.id);
		goto fail;
	}
	struct fsrs_card after = four[rating - 1];
	bool lapse = had && before.state == FSRS_REVIEW && rating == FSRS_AGAIN;
	struct db_stmt *st;
	if (had) {
		st = db_prepare(db,
			"UPDATE srs_states SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
			" last_review = ?, reps = reps + 1, lapses = lapses + ?"
			" WHERE tenant_id = ? AND learner_id = ? AND card_id = ? AND reps = ?");
		if (!st)
			goto fail;
		db_bind_int(st, 1, after.state);
		db_bind_int(st, 2, after.step);
		db_bind_int(st, 3, srs_bits(after.stability));
		db_bind_int(st, 4, srs_bits(after.difficulty));
		db_bind_int(st, 5, after.due);
		db_bind_int(st, 6, now);
		db_bind_int(st, 7, lapse ? 1 : 0);
		db_bind_int(st, 8, r->tenant.id);
		db_bind_int(st, 9, r->user.id);
		db_bind_int(st, 10, card_id);
		db_bind_int(st, 11, reps);
	} else {
		st = db_prepare(db,
			"INSERT INTO srs_states (tenant_id, learner_id, card_id, deck_id, state, step, stability,"
			" difficulty, due, last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0)"
			" ON CONFLICT (tenant_id, learner_id, card_id) DO NOTHING");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, r->user.id);
		db_bind_int(st, 3, card_id);
		db_bind_int(st, 4, d->id);
		db_bind_int(st, 5, after.state);
		db_bind_int(st, 6, after.step);
		db_bind_int(st, 7, srs_bits(after.stability));
		db_bind_int(st, 8, srs_bits(after.difficulty));
		db_bind_int(st, 9, after.due);
		db_bind_int(st, 10, now);
	}
	if (db_run(st) != 0)
		goto fail;
	if (db_changes(st) != 1) {
		db_rollback(db);
		return TRY_AGAIN;
	}
	st = db_prepare(db,
		"INSERT INTO srs_reviews (tenant_id, learner_id, reviewed_at, card_id, deck_id, rating,"
		" elapsed_days, state_before, step_before, stability_before, difficulty_before, due_before,"
		" last_review_before, state_after, step_after, stability_after, difficulty_after, due_after)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, now);
	db_bind_int(st, 4, card_id);
	db_bind_int(st, 5, d->id);
	db_bind_int(st, 6, rating);
	db_bind_int(st, 7, had ? (now - before.last_review) / 86400 : -1);
	db_bind_int(st, 8, had ? before.state : 0);
	db_bind_int(st, 9, had ? before.step : 0);
	db_bind_int(st, 10, srs_bits(had ? before.stability : 0));
	db_bind_int(st, 11, srs_bits(had ? before.difficulty : 0));
	db_bind_int(st, 12, had ? before.due : now);
	db_bind_int(st, 13, had ? before.last_review : 0);
	db_bind_int(st, 14, after.state);
	db_bind_int(st, 15, after.step);
	db_bind_int(st, 16, srs_bits(after.stability));
	db_bind_int(st, 17, srs_bits(after.difficulty));
	db_bind_int(st, 18, after.due);
	int rc = db_run(st);
	if (rc == ERR_CONFLICT) {
		db_rollback(db);
		return TRY_AGAIN;
	}
	if (rc != 0)
		goto fail;
	if (had && before.state == FSRS_REVIEW && graded_counters(db, r, card_id, 1, lapse) != 0)
		goto fail;
	if (!had && cr->position > ld.cursor && advance_cursor(db, r, d->id, ld.cursor) != 0)
		goto fail;
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	res->reviewed_at = now;
	res->after = after;
	res->version = reps + 1;
	res->repeat = false;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/*
** Group commit. A rating is one small transaction, and with
** synchronous=FULL its cost is the fsync of its commit, made one at a time
** under the write lock. Ratings arriving together are therefore written
** together: the first request to find no batch running becomes the leader,
** takes every rating waiting (its own included), records each in a
** savepoint of one transaction on its own connection, commits once, then
** wakes the others with their results. No request answers before the
** commit that holds its rating (DESIGN.md: fsync before you say saved).
*/
#define BATCH_MAX 64

struct pending {
	struct req *r;            /* the waiting request: the leader uses its tenant, user, arena */
	int64_t card_id, version, now;
	const struct card_row *cr;
	const struct srs_deck_row *d;
	int rating;
	enum lang lang;
	struct srs_review_result *res;
	struct err *e;
	int rc;
	bool done;
	struct pending *next;
};

static pthread_mutex_t batch_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t batch_cv = PTHREAD_COND_INITIALIZER;
static struct pending *waiting, **waiting_tail = &waiting;
static bool batch_running;

static int review_item(struct pending *p)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		int rc = review_once(p->r, p->card_id, p->cr, p->d, p->rating, p->version, p->now, p->res, p->e);
		if (rc != TRY_AGAIN)
			return rc;
	}
	return err_set(p->e, ERR_CONFLICT, NULL, "%s", _("Cette carte vient d'être notée."));
}

/* Records a batch in one transaction (each rating in its savepoint). */
static void run_batch(struct pending *list)
{
	struct db *db = db_get();
	enum lang lang = i18n_lang();
	bool open = db && db_begin(db) == 0;
	for (struct pending *p = list; p; p = p->next) {
		i18n_set_lang(p->lang);
		p->rc = open ? review_item(p) : ERR_INTERNAL;
	}
	i18n_set_lang(lang);
	if (open && db_commit(db) != 0)
		for (struct pending *p = list; p; p = p->next)
			if (p->rc == 0)
				p->rc = ERR_INTERNAL;
}

static int review_grouped(struct pending *me)
{
	pthread_mutex_lock(&batch_mu);
	*waiting_tail = me;
	waiting_tail = &me->next;
	while (!me->done) {
		if (batch_running) {
			pthread_cond_wait(&batch_cv, &batch_mu);
			continue;
		}
		/* lead: take up to BATCH_MAX waiting ratings */
		batch_running = true;
		struct pending *list = waiting, **end = &waiting;
		for (int n = 0; *end && n < BATCH_MAX; n++)
			end = &(*end)->next;
		waiting = *end;
		*end = NULL;
		if (!waiting)
			waiting_tail = &waiting;
		pthread_mutex_unlock(&batch_mu);
		run_batch(list);
		pthread_mutex_lock(&batch_mu);
		for (struct pending *p = list; p;) {
			struct pending *next = p->next;
			p->done = true;
			p = next;
		}
		batch_running = false;
		pthread_cond_broadcast(&batch_cv);
	}
	pthread_mutex_unlock(&batch_mu);
	return me->rc;
}

int srs_review(struct req *r, int64_t card_id, int rating, int64_t version, int64_t now,
               struct srs_review_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	if (rating < FSRS_AGAIN || rating > FSRS_EASY)
		return err_set(e, ERR_INVALID, "rating", "%s",
		               _("La note va de 1 (à revoir) à 4 (facile)."));
	struct card_row cr;
	int rc = card_row(r, card_id, &cr);
	if (rc)
		return rc;
	if (!cr.active || (cr.owner_id && cr.owner_id != r->user.id))
		return ERR_NOT_FOUND;
	struct srs_deck_row d;
	rc = srs_deck_row(r, cr.deck_id, &d);
	if (rc)
		return rc;
	if (!srs_learner_follows(r, &d))
		return ERR_NOT_FOUND;
	struct pending me = {
		.r = r, .card_id = card_id, .version = version, .now = now, .cr = &cr, .d = &d,
		.rating = rating, .lang = i18n_lang(), .res = res, .e = e,
	};
	return review_grouped(&me);
}

/* ---- Undo ---- */

int srs_last_review(struct req *r, int64_t now, int64_t *card_id, int64_t *reviewed_at, int *rating)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT card_id, reviewed_at, rating FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?"
		" ORDER BY reviewed_at DESC, card_id DESC LIMIT 1") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? 0 : ERR_INTERNAL;
	*card_id = db_int(st, 0);
	*reviewed_at = db_int(st, 1);
	*rating = (int)db_int(st, 2);
	db_done(st);
	return *reviewed_at >= now - SRS_UNDO_WINDOW ? 1 : 0;
}

int srs_undo(struct req *r, int64_t card_id, int64_t reviewed_at, int64_t now,
             struct srs_undo_result *res, struct err *e)
{
	memset(res, 0, sizeof *res);
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	/* the learner's latest review; several in the same second are all the
	** latest, and a named one among them may be taken back */
	struct db_stmt *st = db_prepare(db,
		"SELECT reviewed_at, card_id FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?"
		" ORDER BY reviewed_at DESC, card_id DESC LIMIT 1");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	int rc = db_step(st);
	if (rc != DB_ROW) {
		db_rollback(db);
		return rc == DB_DONE ? err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Aucune réponse à annuler."))
		                     : ERR_INTERNAL;
	}
	int64_t latest_at = db_int(st, 0), latest_card = db_int(st, 1);
	db_done(st);
	if (latest_at < now - SRS_UNDO_WINDOW) {
		db_rollback(db);
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Aucune réponse récente à annuler."));
	}
	if (reviewed_at && reviewed_at < latest_at) {
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Seule la dernière réponse peut être annulée."));
	}
	st = db_prepare(db,
		"SELECT card_id, reviewed_at, rating, deck_id, state_before, step_before, stability_before,"
		" difficulty_before, due_before, last_review_before, due_after FROM srs_reviews"
		" WHERE tenant_id = ? AND learner_id = ? AND reviewed_at = ? AND card_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, latest_at);
	db_bind_int(st, 4, card_id ? card_id : latest_card);
	rc = db_step(st);
	if (rc != DB_ROW || (reviewed_at && reviewed_at != latest_at)) {
		if (rc == DB_ROW)
			db_done(st);
		db_rollback(db);
		return rc < 0 ? ERR_INTERNAL
		              : err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette réponse a déjà été annulée."));
	}
	int64_t card = db_int(st, 0), at = db_int(st, 1), deck = db_int(st, 3);
	int rating = (int)db_int(st, 2);
	int state_before = (int)db_int(st, 4);
	struct fsrs_card b = {
		.card_id = card, .state = state_before, .step = (int)db_int(st, 5),
		.stability = srs_double(db_int(st, 6)), .difficulty = srs_double(db_int(st, 7)),
		.due = db_int(st, 8), .last_review = db_int(st, 9),
	};
	int64_t due_after = db_int(st, 10);
	db_done(st);
	struct fsrs_card now_state;
	int64_t reps = 0, lapses = 0;
	int had = state_get(db, r, card, &now_state, &reps, &lapses);
	if (had != 1 || now_state.due != due_after || now_state.last_review != at) {
		db_rollback(db);
		if (had < 0)
			return ERR_INTERNAL;
		log_error("srs: review log and state of card %lld of learner %lld disagree",
		          (long long)card, (long long)r->user.id);
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Cette réponse ne peut plus être annulée."));
	}
	bool lapse = state_before == FSRS_REVIEW && rating == FSRS_AGAIN;
	if (state_before == 0) {
		st = db_prepare(db, "DELETE FROM srs_states WHERE tenant_id = ? AND learner_id = ? AND card_id = ?");
		if (!st)
			goto fail;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, r->user.id);
		db_bind_int(st, 3, card);
	} else {
		st = db_prepare(db,
			"UPDATE srs_states SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
			" last_review = ?, reps = reps - 1, lapses = lapses - ?"
			" WHERE tenant_id = ? AND learner_id = ? AND card_id = ?");
		if (!st)
			goto fail;
		db_bind_int(st, 1, b.state);
		db_bind_int(st, 2, b.step);
		db_bind_int(st, 3, srs_bits(b.stability));
		db_bind_int(st, 4, srs_bits(b.difficulty));
		db_bind_int(st, 5, b.due);
		db_bind_int(st, 6, b.last_review);
		db_bind_int(st, 7, lapse ? 1 : 0);
		db_bind_int(st, 8, r->tenant.id);
		db_bind_int(st, 9, r->user.id);
		db_bind_int(st, 10, card);
	}
	if (db_run(st) != 0)
		goto fail;
	st = db_prepare(db,
		"DELETE FROM srs_reviews WHERE tenant_id = ? AND learner_id = ? AND reviewed_at = ? AND card_id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, at);
	db_bind_int(st, 4, card);
	if (db_run(st) != 0)
		goto fail;
	if (state_before == FSRS_REVIEW && graded_counters(db, r, card, -1, lapse) != 0)
		goto fail;
	if (state_before == 0) {
		/* the card is new again: the cursor must not be past it */
		struct card_row cr;
		if (card_row(r, card, &cr) != 0)
			goto fail;
		st = db_prepare(db,
			"UPDATE srs_learner_decks SET new_cursor = ? WHERE tenant_id = ? AND learner_id = ?"
			" AND deck_id = ? AND new_cursor >= ?");
		if (!st)
			goto fail;
		db_bind_int(st, 1, cr.position - 1);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, r->user.id);
		db_bind_int(st, 4, deck);
		db_bind_int(st, 5, cr.position);
		if (db_run(st) != 0)
			goto fail;
	}
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	res->card_id = card;
	res->reviewed_at = at;
	res->rating = rating;
	res->was_new = state_before == 0;
	if (state_before == 0)
		fsrs_card_init(&res->restored, card, now);
	else
		res->restored = b;
	return 0;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

/* ---- Labels ---- */

static char *decimal(struct arena *a, double v, const char *unit)
{
	long tenths = lround(v * 10);
	char sep = i18n_lang() == LANG_EN ? '.' : ',';
	if (tenths % 10 == 0)
		return arena_printf(a, "%ld %s", tenths / 10, unit);
	return arena_printf(a, "%ld%c%ld %s", tenths / 10, sep, tenths % 10, unit);
}

char *srs_interval_label(struct arena *a, int64_t seconds)
{
	if (seconds < 60)
		return arena_printf(a, "< 1 %s", _("min"));
	if (seconds < 3600)
		return arena_printf(a, "%lld %s", (long long)((seconds + 30) / 60), _("min"));
	if (seconds < 86400)
		return arena_printf(a, "%lld %s", (long long)((seconds + 1800) / 3600), _("h"));
	double days = (double)seconds / 86400.0;
	if (days < 30.5)
		return arena_printf(a, "%lld %s", (long long)llround(days), _("j"));
	if (days < 365)
		return decimal(a, days / 30.4375, _("mois"));
	return decimal(a, days / 365.25, days < 730.5 ? _("an") : _("ans"));
}
