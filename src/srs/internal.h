/*
** internal.h - what the files of src/srs/ share and nobody else uses:
** how doubles are stored, days, parameters as text, who may see a deck,
** and the scheduler a learner's reviews of a deck use.
*/
#ifndef CARTABLE_SRS_INTERNAL_H
#define CARTABLE_SRS_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "kernel/db.h"
#include "srs/fsrs.h"
#include "srs/srs.h"

/*
** Stabilities and difficulties are stored as the IEEE-754 bits of the
** double in a BIGINT: exact on both engines (db.h has no floating type),
** so a state read back is the very state the scheduler computed, and a
** learner's history goes on bit for bit as a replay of the log would.
*/
static inline int64_t srs_bits(double d)
{
	int64_t v;
	memcpy(&v, &d, sizeof v);
	return v;
}

static inline double srs_double(int64_t v)
{
	double d;
	memcpy(&d, &v, sizeof d);
	return d;
}

/* Midnight (local time) of the day holding t, and `days` days after it. */
int64_t srs_day_start(int64_t t, int days);

/* srs_params_format() writes 21 weights as text ("%.17g" each, comma
** separated: exact); srs_params_parse() reads them back and validates
** them (false: not a usable vector, w untouched). */
char *srs_params_format(struct arena *a, const double *w);
bool srs_params_parse(const char *s, double *w);

/* The deck row, tenant-scoped, without any access decision. */
struct srs_deck_row {
	int64_t id, course_id;
	int retention, retention_min, retention_max, new_per_day;
	bool published;
	char *params;             /* "" when not fitted */
};
MUST_CHECK int srs_deck_row(struct req *r, int64_t deck_id, struct srs_deck_row *out);

/* The deck and what the signed-in person may do with it: *acc is an enum
** course_access, COURSE_LEARNER only for a published deck of a course they
** follow; ERR_NOT_FOUND for anybody else (guardians too). */
MUST_CHECK int srs_deck_access(struct req *r, int64_t deck_id, struct srs_deck_row *d, int *acc);

/* May the signed-in person use deck d as a learner (published, course
** followed)? */
bool srs_learner_follows(struct req *r, const struct srs_deck_row *d);

/* The scheduler for learner_id's reviews of deck d: their parameters (or
** the course's, or the defaults), their desired retention (or the deck's),
** fuzz seeded per learner. */
void srs_scheduler_for(struct req *r, int64_t learner_id, const struct srs_deck_row *d,
                       int learner_retention, struct fsrs_scheduler *s);

/*
** srs_schedule() is fsrs_review() of the card for the four ratings at once
** (out[r - 1] for rating r), with one rule added: a better rating never
** gives an earlier due time. py-fsrs does not promise it, and its fuzz can
** break it (Good fuzzed to 13 days, Easy to 12); the due time of a rating
** is raised to that of the rating below when it would be earlier. The
** memory (stability, difficulty) is the scheduler's, untouched. Returns 0
** or FSRS_EINVAL.
*/
int srs_schedule(const struct fsrs_scheduler *s, const struct fsrs_card *c, int64_t now,
                 struct fsrs_card out[4]);

/* The courses learner_id follows and their published decks: *decks gets
** the deck rows (at most 64). Count or ERR_*. */
int srs_learner_decks(struct req *r, int64_t learner_id, struct srs_deck_row **decks);

/* For learner_id and deck d at now: cards due now (or within
** SRS_LEARN_AHEAD), new cards they may still see today, their own desired
** retention (0: the deck's). 0 or ERR_*. */
int srs_learner_counts(struct req *r, int64_t learner_id, const struct srs_deck_row *d,
                       int64_t now, int64_t *due, int64_t *new_left, int *my_retention);

#endif
