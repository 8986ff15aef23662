/*
** This file implements the statistics of spaced repetition (srs.h): for
** a learner, retention measured against the one they aim at, reviews per
** day, cards due over the next 30 days and their streak; for a course's
** staff, the cards learners fail most.
*/
#include "srs/srs.h"

#include <string.h>

#include "courses/courses.h"
#include "kernel/db.h"
#include "srs/cloze.h"
#include "srs/internal.h"

#define STREAK_MAX 3660

/* Is there a review of learner_id in [from, to)? 1, 0 or ERR_*. */
static int reviewed_between(struct db *db, struct req *r, int64_t from, int64_t to)
{
	struct db_stmt *st = db_prepare(db,
		"SELECT reviewed_at FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?"
		" AND reviewed_at >= ? AND reviewed_at < ? LIMIT 1");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, from);
	db_bind_int(st, 4, to);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW ? 1 : rc == DB_DONE ? 0 : ERR_INTERNAL;
}

static int64_t count_of(struct db *db, struct req *r, const char *sql)
{
	struct db_stmt *st = db_prepare(db, sql);
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	int64_t n = db_step(st) == DB_ROW ? db_int(st, 0) : ERR_INTERNAL;
	db_done(st);
	return n;
}

int srs_stats_learner(struct req *r, int64_t now, struct srs_stats *out)
{
	memset(out, 0, sizeof *out);
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	struct srs_deck_row *rows;
	int n = srs_learner_decks(r, r->user.id, &rows);
	if (n < 0)
		return n;
	out->decks = arena_array(r->arena, (size_t)n + 1, sizeof *out->decks);
	out->ndecks = n;
	for (int i = 0; i < n; i++) {
		struct srs_deck_retention *dr = &out->decks[i];
		dr->deck_id = rows[i].id;
		int64_t due, fresh;
		int mine;
		if (srs_learner_counts(r, r->user.id, &rows[i], now, &due, &fresh, &mine) != 0)
			return ERR_INTERNAL;
		dr->desired = mine ? mine : rows[i].retention;
		struct db_stmt *st = db_prepare(db, "SELECT title FROM srs_decks WHERE tenant_id = ? AND id = ?");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, rows[i].id);
		dr->title = db_step(st) == DB_ROW ? db_text_dup(st, 0, r->arena) : "";
		db_done(st);
	}
	out->total_reviews = count_of(db, r,
		"SELECT COUNT(*) FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?");
	out->cards_seen = count_of(db, r,
		"SELECT COUNT(*) FROM srs_states WHERE tenant_id = ? AND learner_id = ?");
	if (out->total_reviews < 0 || out->cards_seen < 0)
		return ERR_INTERNAL;

	/* the last 30 days: reviews per day, and recall of graduated cards */
	for (int i = 0; i < SRS_STATS_DAYS; i++)
		out->day_start[i] = srs_day_start(now, i - (SRS_STATS_DAYS - 1));
	struct db_stmt *st = db_prepare(db,
		"SELECT reviewed_at, deck_id, state_before, rating FROM srs_reviews WHERE tenant_id = ?"
		" AND learner_id = ? AND reviewed_at >= ? ORDER BY reviewed_at");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, out->day_start[0]);
	int rc, day = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t at = db_int(st, 0);
		while (day + 1 < SRS_STATS_DAYS && at >= out->day_start[day + 1])
			day++;
		out->reviews_per_day[day]++;
		if (db_int(st, 2) != FSRS_REVIEW)
			continue;
		bool recalled = db_int(st, 3) != FSRS_AGAIN;
		out->graded++;
		out->recalled += recalled;
		int64_t deck = db_int(st, 1);
		for (int i = 0; i < n; i++)
			if (out->decks[i].deck_id == deck) {
				out->decks[i].reviews++;
				out->decks[i].recalled += recalled;
			}
	}
	if (rc != DB_DONE)
		return ERR_INTERNAL;
	int64_t weight = 0, sum = 0;
	for (int i = 0; i < n; i++) {
		sum += (int64_t)out->decks[i].desired * (out->decks[i].reviews ? out->decks[i].reviews : 0);
		weight += out->decks[i].reviews;
	}
	if (weight == 0)
		for (int i = 0; i < n; i++) {
			sum += out->decks[i].desired;
			weight++;
		}
	out->desired = weight ? (int)((sum + weight / 2) / weight) : 900;

	/* days in a row with a review, ending today (or yesterday, today not
	** being over) */
	out->reviewed_today = out->reviews_per_day[SRS_STATS_DAYS - 1] > 0;
	int back = out->reviewed_today ? 0 : -1;
	while (out->streak < STREAK_MAX) {
		int has = reviewed_between(db, r, srs_day_start(now, back), srs_day_start(now, back + 1));
		if (has < 0)
			return ERR_INTERNAL;
		if (!has)
			break;
		out->streak++;
		back--;
	}

	/* cards due each of the next 30 days (overdue ones today) */
	int64_t limit = srs_day_start(now, SRS_STATS_DAYS);
	st = db_prepare(db,
		"SELECT s.due, s.deck_id FROM srs_states s JOIN srs_cards c ON c.tenant_id = s.tenant_id"
		" AND c.id = s.card_id WHERE s.tenant_id = ? AND s.learner_id = ? AND s.due < ?"
		" AND c.active = 1 ORDER BY s.due");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.id);
	db_bind_int(st, 3, limit);
	int64_t next_day = srs_day_start(now, 1);
	day = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t deck = db_int(st, 1);
		bool followed = false;
		for (int i = 0; i < n && !followed; i++)
			followed = rows[i].id == deck;
		if (!followed)
			continue;
		int64_t due = db_int(st, 0);
		while (due >= next_day && day + 1 < SRS_STATS_DAYS) {
			day++;
			next_day = srs_day_start(now, day + 1);
		}
		out->due_per_day[day]++;
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

int srs_lapse_cards(struct req *r, int64_t deck_id, int min_reviews, int limit,
                    struct srs_lapse_card **out)
{
	struct srs_deck_row d;
	int acc;
	int rc = srs_deck_access(r, deck_id, &d, &acc);
	if (rc)
		return rc;
	*out = NULL;
	if (acc < COURSE_STAFF)
		return ERR_NOT_FOUND;
	if (limit < 1 || limit > 200)
		limit = 20;
	if (min_reviews < 1)
		min_reviews = 1;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT c.id, c.note_id, c.ord, c.graded_reviews, c.lapses, n.kind, n.front_md"
		" FROM srs_cards c JOIN srs_notes n ON n.tenant_id = c.tenant_id AND n.id = c.note_id"
		" WHERE c.tenant_id = ? AND c.deck_id = ? AND c.owner_id = 0 AND c.active = 1"
		" AND c.graded_reviews >= ? AND c.lapses > 0"
		" ORDER BY c.lapses * 1000000 / c.graded_reviews DESC, c.lapses DESC, c.id LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	db_bind_int(st, 3, min_reviews);
	db_bind_int(st, 4, limit);
	struct srs_lapse_card *list = arena_array(r->arena, (size_t)limit, sizeof *list);
	int n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct srs_lapse_card *c = &list[n++];
		c->card_id = db_int(st, 0);
		c->note_id = db_int(st, 1);
		c->ord = (int)db_int(st, 2);
		c->reviews = db_int(st, 3);
		c->lapses = db_int(st, 4);
		c->excerpt = cloze_plain(r->arena, db_text(st, 5), db_text(st, 6), c->ord, 140);
	}
	*out = list;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}
