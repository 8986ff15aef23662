/*
** This file implements the optimisation of FSRS parameters (srs.h): a
** fit is requested (a row of srs_fits and a job "srs.fit" in the same
** transaction), the job reads the review log of a learner or of a
** course's learners, runs fsrs_optimize() with its safeguards (enough
** reviews, bounds, held-out cards, defaults unless beaten), records the
** held-out log losses, and keeps the parameters when they are better.
*/
#include "kernel/clock.h"
#include "srs/srs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/jobs.h"
#include "kernel/log.h"
#include "srs/internal.h"
#include "srs/optimizer.h"

#define FIT_MAX_REVIEWS 200000
#define FIT_MAX_LEARNERS 5000

static int64_t micro(double v)
{
	return isfinite(v) ? (int64_t)llround(v * 1e6) : -1;
}

static double unmicro(int64_t v)
{
	return v < 0 ? NAN : (double)v / 1e6;
}

/* ---- Requests ---- */

int srs_fit_request(struct req *r, int64_t deck_id, int64_t *id, struct err *e)
{
	int64_t learner = 0;
	if (deck_id == 0) {
		if (!(r->user.roles & ROLE_LEARNER))
			return ERR_NOT_FOUND;
		learner = r->user.id;
	} else {
		struct srs_deck_row d;
		int acc;
		int rc = srs_deck_access(r, deck_id, &d, &acc);
		if (rc)
			return rc;
		if (acc < COURSE_STAFF)
			return err_set(e, ERR_FORBIDDEN, NULL, "%s",
			               _("Seule l'équipe du cours ajuste les paramètres du paquet."));
	}
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"SELECT id FROM srs_fits WHERE tenant_id = ? AND learner_id = ? AND deck_id = ? AND status = 0");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner);
	db_bind_int(st, 3, deck_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_int(st, 0);
		db_done(st);
		db_rollback(db);
		return err_set(e, ERR_CONFLICT, NULL, "%s", _("Un calcul est déjà en cours ; il sera prêt dans un instant."));
	}
	if (rc != DB_DONE)
		goto fail;
	st = db_prepare(db,
		"INSERT INTO srs_fits (tenant_id, learner_id, deck_id, requested_by, requested_at)"
		" VALUES (?, ?, ?, ?, ?) RETURNING id");
	if (!st)
		goto fail;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner);
	db_bind_int(st, 3, deck_id);
	db_bind_int(st, 4, r->user.id);
	db_bind_int(st, 5, clock_now());
	if (db_step(st) != DB_ROW)
		goto fail;
	*id = db_int(st, 0);
	db_done(st);
	if (jobs_enqueue(r->tenant.id, "srs.fit", arena_printf(r->arena, "%lld", (long long)*id), 0) != 0)
		goto fail;
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

static void read_fit(struct db_stmt *st, struct arena *a, struct srs_fit *f)
{
	f->id = db_int(st, 0);
	f->learner_id = db_int(st, 1);
	f->deck_id = db_int(st, 2);
	f->status = (int)db_int(st, 3);
	f->outcome = (int)db_int(st, 4);
	f->requested_at = db_int(st, 5);
	f->finished_at = db_int(st, 6);
	f->n_reviews = db_int(st, 7);
	f->n_train = db_int(st, 8);
	f->n_test = db_int(st, 9);
	f->held_out = db_int(st, 10) != 0;
	f->loss_default = unmicro(db_int(st, 11));
	f->loss_fitted = unmicro(db_int(st, 12));
	if (!srs_params_parse(db_text(st, 13), f->w))
		memcpy(f->w, fsrs_default_params, sizeof f->w);
	f->duration_ms = db_int(st, 14);
	f->error = db_text_dup(st, 15, a);
}

#define FIT_COLUMNS \
	"id, learner_id, deck_id, status, outcome, requested_at, finished_at, n_reviews, n_train," \
	" n_test, held_out, loss_default, loss_fitted, params, duration_ms, error"

int srs_fits_list(struct req *r, int64_t deck_id, int limit, struct srs_fit **out)
{
	int64_t learner = 0;
	*out = NULL;
	if (deck_id == 0) {
		learner = r->user.id;
	} else {
		struct srs_deck_row d;
		int acc;
		int rc = srs_deck_access(r, deck_id, &d, &acc);
		if (rc)
			return rc;
		if (acc < COURSE_STAFF)
			return ERR_NOT_FOUND;
	}
	if (limit < 1 || limit > 100)
		limit = 10;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " FIT_COLUMNS " FROM srs_fits WHERE tenant_id = ? AND learner_id = ? AND deck_id = ?"
		" ORDER BY id DESC LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner);
	db_bind_int(st, 3, deck_id);
	db_bind_int(st, 4, limit);
	struct srs_fit *list = arena_array(r->arena, (size_t)limit, sizeof *list);
	int n = 0, rc;
	while ((rc = db_step(st)) == DB_ROW)
		read_fit(st, r->arena, &list[n++]);
	*out = list;
	return rc == DB_DONE ? n : ERR_INTERNAL;
}

/* ---- The job ---- */

struct logbuf {
	struct fsrs_review_log *v;
	size_t n, cap;
};

static int push(struct logbuf *b, int64_t card, int64_t at, int rating)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 4096;
		struct fsrs_review_log *v = realloc(b->v, cap * sizeof *v);
		if (!v)
			return ERR_INTERNAL;
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = (struct fsrs_review_log){.card_id = card, .reviewed_at = at, .rating = rating};
	return 0;
}

/* Appends learner_id's reviews (of deck_id, or all when 0); card ids are
** made distinct per learner with `tag` in the high bits (a card reviewed
** by two learners is two histories). */
static int read_log(struct req *r, int64_t learner_id, int64_t deck_id, int64_t tag, struct logbuf *b)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, deck_id
		? "SELECT card_id, reviewed_at, rating FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?"
		  " AND deck_id = ? ORDER BY reviewed_at, card_id LIMIT ?"
		: "SELECT card_id, reviewed_at, rating FROM srs_reviews WHERE tenant_id = ? AND learner_id = ?"
		  " ORDER BY reviewed_at, card_id LIMIT ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	int col = 1;
	db_bind_int(st, col++, r->tenant.id);
	db_bind_int(st, col++, learner_id);
	if (deck_id)
		db_bind_int(st, col++, deck_id);
	db_bind_int(st, col, (int64_t)(FIT_MAX_REVIEWS - b->n));
	int rc;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t card = db_int(st, 0);
		if (card < 0 || card >= (INT64_C(1) << 32))
			continue;
		if (push(b, tag << 32 | card, db_int(st, 1), (int)db_int(st, 2)) != 0) {
			db_done(st);
			return ERR_INTERNAL;
		}
	}
	return rc == DB_DONE ? 0 : ERR_INTERNAL;
}

static int record(struct req *r, int64_t fit_id, int64_t learner, int64_t deck, int status,
                  const struct fsrs_optimizer_result *res, size_t n, int64_t ms, const char *error)
{
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	struct db_stmt *st = db_prepare(db,
		"UPDATE srs_fits SET status = ?, outcome = ?, finished_at = ?, n_reviews = ?, n_train = ?,"
		" n_test = ?, held_out = ?, loss_default = ?, loss_fitted = ?, params = ?, duration_ms = ?,"
		" error = ? WHERE tenant_id = ? AND id = ?");
	if (!st)
		goto fail;
	db_bind_int(st, 1, status);
	db_bind_int(st, 2, res ? res->outcome : -1);
	db_bind_int(st, 3, clock_now());
	db_bind_int(st, 4, (int64_t)n);
	db_bind_int(st, 5, res ? (int64_t)res->n_train : 0);
	db_bind_int(st, 6, res ? (int64_t)res->n_test : 0);
	db_bind_int(st, 7, res ? res->held_out : 0);
	db_bind_int(st, 8, res ? micro(res->loss_default) : -1);
	db_bind_int(st, 9, res ? micro(res->loss_fitted) : -1);
	db_bind_text(st, 10, res ? srs_params_format(r->arena, res->w) : "");
	db_bind_int(st, 11, ms);
	db_bind_text(st, 12, error ? error : "");
	db_bind_int(st, 13, r->tenant.id);
	db_bind_int(st, 14, fit_id);
	if (db_run(st) != 0)
		goto fail;
	/* fitted: use them; the defaults did better: back to the defaults;
	** too few reviews: nothing is known, keep what there is */
	if (res && res->outcome != FSRS_OPT_TOO_FEW_REVIEWS) {
		const char *params = res->outcome == FSRS_OPT_FITTED ? srs_params_format(r->arena, res->w) : "";
		if (learner) {
			st = db_prepare(db,
				"INSERT INTO srs_learners (tenant_id, learner_id, params, fit_id) VALUES (?, ?, ?, ?)"
				" ON CONFLICT (tenant_id, learner_id) DO UPDATE SET params = excluded.params,"
				" fit_id = excluded.fit_id");
			if (!st)
				goto fail;
			db_bind_int(st, 1, r->tenant.id);
			db_bind_int(st, 2, learner);
			db_bind_text(st, 3, params);
			db_bind_int(st, 4, fit_id);
		} else {
			st = db_prepare(db, "UPDATE srs_decks SET params = ? WHERE tenant_id = ? AND id = ?");
			if (!st)
				goto fail;
			db_bind_text(st, 1, params);
			db_bind_int(st, 2, r->tenant.id);
			db_bind_int(st, 3, deck);
		}
		if (db_run(st) != 0)
			goto fail;
	}
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	return ERR_INTERNAL;
}

static int64_t ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

int srs_fit_run(int64_t tenant_id, const char *payload, struct err *e)
{
	int64_t fit_id;
	if (!payload || !str_to_int64(payload, &fit_id) || fit_id <= 0)
		return 0; /* not ours to retry */
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	struct arena *a = arena_new();
	struct req r = {.arena = a, .tenant = {.id = tenant_id}};
	struct logbuf b = {0};
	int rc = ERR_INTERNAL;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT learner_id, deck_id, status FROM srs_fits WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		goto done;
	db_bind_int(st, 1, tenant_id);
	db_bind_int(st, 2, fit_id);
	int step = db_step(st);
	if (step != DB_ROW) {
		rc = step == DB_DONE ? 0 : ERR_INTERNAL;
		goto done;
	}
	int64_t learner = db_int(st, 0), deck = db_int(st, 1);
	int status = (int)db_int(st, 2);
	db_done(st);
	if (status != SRS_FIT_QUEUED) {
		rc = 0;
		goto done;
	}
	if (learner) {
		rc = read_log(&r, learner, 0, 0, &b);
	} else {
		struct srs_deck_row d;
		struct course_learner *ls;
		rc = srs_deck_row(&r, deck, &d);
		int n = rc == 0 ? enrolment_course_learners(&r, d.course_id, FIT_MAX_LEARNERS, &ls) : rc;
		rc = n < 0 ? n : 0;
		for (int i = 0; i < n && rc == 0 && b.n < FIT_MAX_REVIEWS; i++)
			rc = read_log(&r, ls[i].id, deck, i, &b);
	}
	db_request_end(); /* the reads are over: the write below needs no read transaction */
	if (rc != 0) {
		err_set(e, ERR_INTERNAL, NULL, "srs.fit #%lld: cannot read the review log", (long long)fit_id);
		goto done;
	}
	struct fsrs_optimizer_result res;
	int orc = fsrs_optimize(b.v, b.n, NULL, &res);
	if (orc == FSRS_ENOMEM) {
		rc = err_set(e, ERR_INTERNAL, NULL, "srs.fit #%lld: out of memory", (long long)fit_id);
		goto done;
	}
	if (orc != 0) {
		rc = record(&r, fit_id, learner, deck, SRS_FIT_FAILED, NULL, b.n, ms_since(&t0),
		            "journal de révisions inutilisable");
		goto done;
	}
	rc = record(&r, fit_id, learner, deck, SRS_FIT_DONE, &res, b.n, ms_since(&t0), NULL);
	if (rc != 0)
		err_set(e, rc, NULL, "srs.fit #%lld: cannot record the result", (long long)fit_id);
	else
		log_info("srs: fit #%lld on %zu reviews: outcome %d, held-out loss %.4f -> %.4f", (long long)fit_id,
		         b.n, res.outcome, res.loss_default, res.loss_fitted);
done:
	free(b.v);
	arena_free(a);
	return rc;
}

void srs_setup(void)
{
	jobs_register("srs.fit", srs_fit_run);
}
