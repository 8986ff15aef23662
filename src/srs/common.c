/*
** This file implements what the spaced-repetition files share
** (internal.h): local days, parameters as text, deck rows and who follows
** them, and the scheduler of a learner's reviews.
*/
#include "srs/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "courses/courses.h"
#include "enrolment/enrolment.h"
#include "kernel/str.h"

int64_t srs_day_start(int64_t t, int days)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!localtime_r(&tt, &tm))
		return t - t % 86400 + (int64_t)days * 86400;
	tm.tm_hour = 0;
	tm.tm_min = 0;
	tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

char *srs_params_format(struct arena *a, const double *w)
{
	struct sb sb;
	sb_init(&sb, a, FSRS_NPARAMS * 24);
	for (int i = 0; i < FSRS_NPARAMS; i++)
		sb_printf(&sb, "%s%.17g", i ? "," : "", w[i]);
	return sb.buf;
}

bool srs_params_parse(const char *s, double *w)
{
	if (!s || !*s)
		return false;
	double v[FSRS_NPARAMS];
	const char *p = s;
	for (int i = 0; i < FSRS_NPARAMS; i++) {
		char *end;
		v[i] = strtod(p, &end);
		if (end == p)
			return false;
		p = end;
		if (i < FSRS_NPARAMS - 1) {
			if (*p != ',')
				return false;
			p++;
		}
	}
	if (*p || fsrs_params_validate(v, FSRS_NPARAMS, NULL) != 0)
		return false;
	memcpy(w, v, sizeof v);
	return true;
}

#define DECK_COLUMNS \
	"id, course_id, retention, retention_min, retention_max, new_per_day, published, params"

static void read_row(struct db_stmt *st, struct arena *a, struct srs_deck_row *d)
{
	d->id = db_int(st, 0);
	d->course_id = db_int(st, 1);
	d->retention = (int)db_int(st, 2);
	d->retention_min = (int)db_int(st, 3);
	d->retention_max = (int)db_int(st, 4);
	d->new_per_day = (int)db_int(st, 5);
	d->published = db_int(st, 6) != 0;
	d->params = db_text_dup(st, 7, a);
}

int srs_deck_row(struct req *r, int64_t deck_id, struct srs_deck_row *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT " DECK_COLUMNS " FROM srs_decks WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, deck_id);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		read_row(st, r->arena, out);
		db_done(st);
		return 0;
	}
	return rc == DB_DONE ? ERR_NOT_FOUND : ERR_INTERNAL;
}

int srs_deck_access(struct req *r, int64_t deck_id, struct srs_deck_row *d, int *acc)
{
	int rc = srs_deck_row(r, deck_id, d);
	if (rc)
		return rc;
	enum course_access a = courses_access(r, d->course_id, 0);
	if (a == COURSE_LEARNER && !d->published)
		a = COURSE_NONE;
	if (a == COURSE_GUARDIAN)
		a = COURSE_NONE;
	if (a == COURSE_NONE)
		return ERR_NOT_FOUND;
	*acc = (int)a;
	return 0;
}

bool srs_learner_follows(struct req *r, const struct srs_deck_row *d)
{
	return r->user.id && (r->user.roles & ROLE_LEARNER) && d->published &&
	       enrolment_follows(r, r->user.id, d->course_id, NULL);
}

int srs_learner_decks(struct req *r, int64_t learner_id, struct srs_deck_row **decks)
{
	int64_t *courses;
	int nc = enrolment_course_ids(r, learner_id, &courses);
	if (nc < 0)
		return nc;
	*decks = arena_array(r->arena, 64, sizeof **decks);
	if (nc == 0)
		return 0;
	/* a deck per course at most (srs_decks_course), eight courses per
	** statement, kept in the order of the courses */
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	int n = 0;
	/* as many places as courses: each place of an IN list costs a seek */
#define DECKS_SQL(in) "SELECT " DECK_COLUMNS " FROM srs_decks WHERE tenant_id = ?" \
	" AND course_id IN (" in ") AND published = 1"
	static const char *const decks_sql[8] = {
		DECKS_SQL("?"), DECKS_SQL("?, ?"),
		DECKS_SQL("?, ?, ?"), DECKS_SQL("?, ?, ?, ?"),
		DECKS_SQL("?, ?, ?, ?, ?"), DECKS_SQL("?, ?, ?, ?, ?, ?"),
		DECKS_SQL("?, ?, ?, ?, ?, ?, ?"), DECKS_SQL("?, ?, ?, ?, ?, ?, ?, ?"),
	};
	for (int c0 = 0; c0 < nc && n < 64; c0 += 8) {
		int k_max = nc - c0 < 8 ? nc - c0 : 8;
		struct db_stmt *st = db_prepare(db, decks_sql[k_max - 1]);
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		for (int k = 0; k < k_max; k++)
			db_bind_int(st, 2 + k, courses[c0 + k]);
		struct srs_deck_row found[8];
		bool got[8] = {false};
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			struct srs_deck_row d;
			read_row(st, r->arena, &d);
			for (int k = 0; k < 8 && c0 + k < nc; k++)
				if (courses[c0 + k] == d.course_id && !got[k]) {
					found[k] = d;
					got[k] = true;
				}
		}
		if (rc != DB_DONE)
			return ERR_INTERNAL;
		for (int k = 0; k < 8 && n < 64; k++)
			if (got[k])
				(*decks)[n++] = found[k];
	}
	return n;
}

/* The learner's own fitted parameters, if any. */
static bool learner_params(struct req *r, int64_t learner_id, double *w)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT params FROM srs_learners WHERE tenant_id = ? AND learner_id = ?") : NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	bool ok = false;
	if (db_step(st) == DB_ROW) {
		ok = srs_params_parse(db_text(st, 0), w);
		db_done(st);
	}
	return ok;
}

int srs_params_of(struct req *r, int64_t learner_id, int64_t deck_id, double w[FSRS_NPARAMS])
{
	if (learner_id && learner_params(r, learner_id, w))
		return 2;
	struct srs_deck_row d;
	if (deck_id && srs_deck_row(r, deck_id, &d) == 0 && srs_params_parse(d.params, w))
		return 1;
	memcpy(w, fsrs_default_params, sizeof(double) * FSRS_NPARAMS);
	return 0;
}

void srs_scheduler_for(struct req *r, int64_t learner_id, const struct srs_deck_row *d,
                       int learner_retention, struct fsrs_scheduler *s)
{
	fsrs_scheduler_init(s);
	double w[FSRS_NPARAMS];
	if (learner_params(r, learner_id, w) || srs_params_parse(d->params, w))
		memcpy(s->w, w, sizeof w);
	int ret = learner_retention > 0 ? learner_retention : d->retention;
	if (ret < 1 || ret > 999)
		ret = 900;
	s->desired_retention = ret / 1000.0;
	/* the same learner, card, day and rating always give the same fuzz */
	s->fuzz_seed = (uint64_t)r->tenant.id * 0x9E3779B97F4A7C15ull ^ (uint64_t)learner_id;
}

int srs_schedule(const struct fsrs_scheduler *s, const struct fsrs_card *c, int64_t now,
                 struct fsrs_card out[4])
{
	int rc = fsrs_preview(s, c, now, out);
	if (rc)
		return rc;
	for (int k = 1; k < 4; k++)
		if (out[k].due < out[k - 1].due)
			out[k].due = out[k - 1].due;
	return 0;
}
