/*
** This file implements the spaced-repetition part of the JSON API, for
** the mobile application: the learner's decks, their queue (each card with
** its text, rendered HTML and the due time of each rating), recording a
** rating, undoing the latest one, and their statistics.
*/
#include <math.h>
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "kernel/clock.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "srs/cloze.h"
#include "srs/internal.h"
#include "srs/isotime.h"
#include "srs/srs.h"
#include "srs/web.h"

static const char *const rating_names[] = {"again", "hard", "good", "easy"};

static int internal(struct req *r)
{
	return reply_json_error(r, 500, "internal", _("Erreur interne."));
}

/* ?name= as a positive id, 0 when absent; -1 when present but bad. */
static int64_t query_id(struct req *r, const char *name)
{
	int64_t v;
	const char *s = req_query(r, name);
	if (!s)
		return 0;
	return str_to_int64(s, &v) && v > 0 ? v : -1;
}

static json_t *state_json(struct req *r, const struct fsrs_card *c, bool is_new)
{
	if (is_new)
		return json_pack("{s:s,s:o,s:o,s:o,s:s}", "state", "new", "step", json_null(),
		                 "stability", json_null(), "difficulty", json_null(),
		                 "due_at", fmt_iso(r->arena, c->due));
	static const char *const names[] = {"", "learning", "review", "relearning"};
	return json_pack("{s:s,s:o,s:f,s:f,s:s}", "state", names[c->state >= 1 && c->state <= 3 ? c->state : 1],
	                 "step", c->step >= 0 ? json_integer(c->step) : json_null(),
	                 "stability", c->stability, "difficulty", c->difficulty,
	                 "due_at", fmt_iso(r->arena, c->due));
}

/* GET /api/v1/srs/decks -> {"decks":[...]}: the learner's decks with the
** cards due now and the new cards left today */
int srs_api_decks(struct req *r)
{
	struct srs_deck *d;
	int n = srs_decks_for_learner(r, clock_now(), &d);
	if (n < 0)
		return internal(r);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:I,s:s,s:s,s:I,s:I,s:f,s:o,s:f,s:f,s:I}",
			"id", (json_int_t)d[i].id, "course_id", (json_int_t)d[i].course_id, "title", d[i].title,
			"course_title", d[i].course_title, "due", (json_int_t)d[i].due_now,
			"new", (json_int_t)d[i].new_left, "retention", d[i].retention / 1000.0,
			"my_retention", d[i].my_retention ? json_real(d[i].my_retention / 1000.0) : json_null(),
			"retention_min", d[i].retention_min / 1000.0, "retention_max", d[i].retention_max / 1000.0,
			"new_per_day", (json_int_t)d[i].new_per_day));
	return reply_json(r, 200, json_pack("{s:o}", "decks", arr));
}

/* GET /api/v1/srs/queue[?deck_id=&limit=] -> {"due","new","later_today",
** "cards":[...]}: the cards to review now, due ones first, then new ones */
int srs_api_queue(struct req *r)
{
	int64_t deck = query_id(r, "deck_id"), limit = 50;
	if (deck < 0)
		return reply_json_error(r, 400, "invalid", _("« deck_id » est un entier positif."));
	const char *ls = req_query(r, "limit");
	if (ls && (!str_to_int64(ls, &limit) || limit < 1 || limit > 500))
		return reply_json_error(r, 400, "invalid", _("« limit » va de 1 à 500."));
	int64_t now = clock_now();
	struct srs_queue q;
	int rc = srs_queue_build(r, deck, now, (int)limit, &q);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Paquet introuvable."));
	if (rc)
		return internal(r);
	json_t *cards = json_array();
	for (int i = 0; i < q.ncards; i++) {
		const struct srs_queue_card *c = &q.cards[i];
		char *front, *back;
		cloze_render(r->arena, c->kind, c->front_md, c->back_md, c->ord, &front, &back);
		json_t *ivl = json_object();
		for (int k = 0; k < 4; k++)
			json_object_set_new(ivl, rating_names[k], json_pack("{s:I,s:s,s:I}",
				"rating", (json_int_t)(k + 1), "due_at", fmt_iso(r->arena, c->next_due[k]),
				"seconds", (json_int_t)(c->next_due[k] - now)));
		json_t *o = json_pack("{s:I,s:I,s:s,s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:o,s:o}",
			"card_id", (json_int_t)c->card_id, "deck_id", (json_int_t)c->deck_id,
			"deck_title", c->deck_title, "note_id", (json_int_t)c->note_id, "ord", (json_int_t)c->ord,
			"kind", c->kind, "front_md", c->front_md, "back_md", c->back_md,
			"front_html", front, "back_html", back, "new", c->is_new,
			"version", (json_int_t)c->version, "memory", state_json(r, &c->card, c->is_new),
			"next", ivl);
		json_object_set_new(o, "image", c->has_image
			? json_pack("{s:s,s:s}", "href", arena_printf(r->arena, "/revisions/cartes/%lld/image",
			                                               (long long)c->note_id), "alt", c->image_alt)
			: json_null());
		json_array_append_new(cards, o);
	}
	return reply_json(r, 200, json_pack("{s:I,s:I,s:I,s:o}", "due", (json_int_t)q.due,
	                                    "new", (json_int_t)q.fresh, "later_today", (json_int_t)q.later_today,
	                                    "cards", cards));
}

/* POST /api/v1/srs/reviews {"card_id", "rating": 1-4, "version"?} ->
** 201 with the card's next due time; 200 with "repeat": true for a rating
** sent twice */
int srs_api_review(struct req *r)
{
	json_t *body = req_json_object_or_reply(r);
	if (!body)
		return r->status;
	json_t *card = json_object_get(body, "card_id"), *rating = json_object_get(body, "rating");
	json_t *version = json_object_get(body, "version");
	int64_t card_id = json_is_integer(card) ? json_integer_value(card) : 0;
	int64_t rv = json_is_integer(rating) ? json_integer_value(rating) : 0;
	int64_t v = json_is_integer(version) ? json_integer_value(version) : -1;
	bool bad_version = version && !json_is_null(version) && (!json_is_integer(version) || v < 0);
	json_decref(body);
	if (card_id <= 0)
		return reply_json_error(r, 400, "invalid", _("« card_id » est un entier positif."));
	if (rv < 1 || rv > 4)
		return reply_json_error(r, 400, "invalid",
		                        _("« rating » vaut 1 (à revoir), 2 (difficile), 3 (correct) ou 4 (facile)."));
	if (bad_version)
		return reply_json_error(r, 400, "invalid", _("« version » est un entier positif ou nul."));
	int64_t now = clock_now();
	struct srs_review_result res;
	struct err e = {0};
	int rc = srs_review(r, card_id, (int)rv, v, now, &res, &e);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Carte introuvable."));
	if (rc)
		return rc == ERR_INTERNAL || !e.code ? internal(r) : reply_json_err(r, &e);
	json_t *o = json_pack("{s:I,s:I,s:I,s:s,s:s,s:I,s:I,s:b}",
		"card_id", (json_int_t)res.card_id, "deck_id", (json_int_t)res.deck_id,
		"rating", (json_int_t)res.rating, "reviewed_at", fmt_iso(r->arena, res.reviewed_at),
		"due_at", fmt_iso(r->arena, res.after.due),
		"interval_seconds", (json_int_t)(res.after.due - res.reviewed_at),
		"version", (json_int_t)res.version, "repeat", res.repeat);
	json_object_set_new(o, "memory", state_json(r, &res.after, false));
	return reply_json(r, res.repeat ? 200 : 201, o);
}

/* POST /api/v1/srs/reviews/undo {"card_id"?, "reviewed_at"?} -> the card
** back in its state before the learner's latest rating */
int srs_api_undo(struct req *r)
{
	int64_t card_id = 0, at = 0;
	if (r->body.len) {
		json_t *body = req_json_object_or_reply(r);
		if (!body)
			return r->status;
		json_t *c = json_object_get(body, "card_id"), *t = json_object_get(body, "reviewed_at");
		bool bad = (c && !json_is_null(c) && (!json_is_integer(c) || json_integer_value(c) <= 0)) ||
		           (t && !json_is_null(t) && !json_is_string(t));
		if (json_is_integer(c))
			card_id = json_integer_value(c);
		const char *ts = json_is_string(t) ? json_string_value(t) : NULL;
		if (ts && srs_time_parse(ts, &at) != 0)
			bad = true;
		json_decref(body);
		if (bad)
			return reply_json_error(r, 400, "invalid",
			                        _("« card_id » est un entier positif et « reviewed_at » une date ISO 8601."));
	}
	struct srs_undo_result res;
	struct err e = {0};
	int rc = srs_undo(r, card_id, at, clock_now(), &res, &e);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", e.msg[0] ? e.msg : _("Aucune réponse à annuler."));
	if (rc)
		return rc == ERR_INTERNAL || !e.code ? internal(r) : reply_json_err(r, &e);
	json_t *o = json_pack("{s:I,s:s,s:I,s:s,s:s}", "card_id", (json_int_t)res.card_id,
	                      "reviewed_at", fmt_iso(r->arena, res.reviewed_at), "rating", (json_int_t)res.rating,
	                      "undone", rating_names[res.rating - 1], "due_at", fmt_iso(r->arena, res.restored.due));
	json_object_set_new(o, "memory", state_json(r, &res.restored, res.was_new));
	return reply_json(r, 200, o);
}

static json_t *days_json(struct req *r, const int64_t *days, const int64_t *values, int n, const char *key)
{
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		time_t t = (time_t)days[i];
		struct tm tm;
		char d[16] = "";
		if (localtime_r(&t, &tm))
			strftime(d, sizeof d, "%Y-%m-%d", &tm);
		json_array_append_new(arr, json_pack("{s:s,s:I}", "date", d, key, (json_int_t)values[i]));
	}
	return arr;
}

/* GET /api/v1/srs/stats -> retention against the desired one, reviews per
** day (30 days), cards due per day (next 30 days), streak */
int srs_api_stats(struct req *r)
{
	int64_t now = clock_now();
	struct srs_stats s;
	if (srs_stats_learner(r, now, &s) != 0)
		return internal(r);
	json_t *decks = json_array();
	for (int i = 0; i < s.ndecks; i++) {
		const struct srs_deck_retention *d = &s.decks[i];
		json_array_append_new(decks, json_pack("{s:I,s:s,s:f,s:o,s:I}", "deck_id", (json_int_t)d->deck_id,
			"title", d->title, "desired", d->desired / 1000.0,
			"true", d->reviews ? json_real((double)d->recalled / (double)d->reviews) : json_null(),
			"reviews", (json_int_t)d->reviews));
	}
	int64_t next[SRS_STATS_DAYS];
	for (int i = 0; i < SRS_STATS_DAYS; i++)
		next[i] = srs_day_start(now, i);
	json_t *o = json_pack("{s:I,s:I,s:i,s:b,s:{s:f,s:o,s:I,s:I},s:o}",
		"total_reviews", (json_int_t)s.total_reviews, "cards_seen", (json_int_t)s.cards_seen,
		"streak", s.streak, "reviewed_today", s.reviewed_today,
		"retention", "desired", s.desired / 1000.0,
		"true", s.graded ? json_real((double)s.recalled / (double)s.graded) : json_null(),
		"reviews", (json_int_t)s.graded, "recalled", (json_int_t)s.recalled, "decks", decks);
	json_object_set_new(o, "reviews_per_day", days_json(r, s.day_start, s.reviews_per_day, SRS_STATS_DAYS, "reviews"));
	json_object_set_new(o, "due_per_day", days_json(r, next, s.due_per_day, SRS_STATS_DAYS, "cards"));
	return reply_json(r, 200, o);
}
