/*
** fsrs.h - the FSRS-6 spaced-repetition scheduler (py-fsrs 6.3.1 semantics).
**
** Depends on libc and libm only. The behaviour follows ALGORITHM.md (a
** description of py-fsrs 6.3.1) and is checked against its reference
** vectors: states, steps and due dates exactly, stability, difficulty and
** retrievability to the last bit (e**x is evaluated as pow(e, x), as
** CPython does).
**
** Units and conventions
** ---------------------
**  - Times are int64_t Unix seconds, UTC. A time outside
**    [-FSRS_TIME_LIMIT, FSRS_TIME_LIMIT] is refused (FSRS_EINVAL), so no
**    date arithmetic can overflow.
**  - Elapsed time is always counted in floored whole 24-hour days, like
**    Python's timedelta.days: 23 h 59 min after a review is still day 0.
**  - Stability is in days (the interval at which recall falls to 90%),
**    difficulty is in [1, 10].
**  - Ratings: 1 Again, 2 Hard, 3 Good, 4 Easy. States: 1 Learning (which
**    includes new cards; there is no "New" state), 2 Review, 3 Relearning.
**
** Life cycle
** ----------
**  1. fsrs_scheduler_init() fills a configuration with the defaults; change
**     fields, or call fsrs_scheduler_set_params(); fsrs_scheduler_validate()
**     says whether the whole configuration is usable.
**  2. fsrs_card_init() makes a new card, due at once.
**  3. fsrs_review() computes the card after a rating; fsrs_preview() does it
**     for the four ratings at once (the review screen shows the interval on
**     each button); fsrs_retrievability() is the predicted recall.
**
** Nothing here allocates or keeps state: every structure is a plain value
** owned by the caller, and every function is safe to call from several
** threads at once (provided an injected fuzz_random is).
*/
#ifndef CARTABLE_SRS_FSRS_H
#define CARTABLE_SRS_FSRS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FSRS_NPARAMS   21     /* w[0..20]; w[20] is the forgetting-curve decay */
#define FSRS_MAX_STEPS 16     /* learning or relearning steps per scheduler */

#define FSRS_EINVAL    (-22)  /* an argument is out of its documented domain */

/* Largest accepted |time| in seconds (about 3 million years). */
#define FSRS_TIME_LIMIT          INT64_C(100000000000000)
/* Largest accepted maximum_interval, in days (about 2,700 years). */
#define FSRS_MAX_INTERVAL_LIMIT  INT64_C(1000000)
/* Largest accepted learning or relearning step, in seconds (about 31 years). */
#define FSRS_STEP_LIMIT          INT64_C(1000000000)

/* A card that was never reviewed has last_review == FSRS_NEVER. */
#define FSRS_NEVER     INT64_MIN

enum fsrs_rating {
	FSRS_AGAIN = 1,   /* forgotten */
	FSRS_HARD  = 2,
	FSRS_GOOD  = 3,
	FSRS_EASY  = 4,
};

enum fsrs_state {
	FSRS_LEARNING   = 1,  /* new, or still going through the learning steps */
	FSRS_REVIEW     = 2,  /* graduated; scheduled in whole days */
	FSRS_RELEARNING = 3,  /* lapsed Review card going through relearning steps */
};

/* The defaults and inclusive bounds of the 21 parameters (py-fsrs 6.3.1). */
extern const double fsrs_default_params[FSRS_NPARAMS];
extern const double fsrs_params_lower[FSRS_NPARAMS];
extern const double fsrs_params_upper[FSRS_NPARAMS];

/*
** The scheduler configuration. A plain value: copy it freely.
**
** Fuzz. When enable_fuzzing is set, intervals of 3 days or more of cards
** that end up in Review are spread as py-fsrs does (ALGORITHM.md §7). The
** uniform number u in [0, 1) that py-fsrs draws from random() comes from
** fuzz_random(fuzz_ctx) when that pointer is set (tests inject fixed
** values); otherwise it is a hash of (fuzz_seed, card_id, the review's UTC day,
** rating). The hash makes fuzz deterministic for a given seed, and makes
** fsrs_preview() show exactly the due date fsrs_review() gives when the
** rating comes later the same day.
*/
struct fsrs_scheduler {
	double w[FSRS_NPARAMS];          /* within fsrs_params_lower/upper */
	double desired_retention;        /* in (0, 1); default 0.9 */
	int64_t learning_steps[FSRS_MAX_STEPS];    /* seconds; default 60, 600 */
	size_t n_learning_steps;
	int64_t relearning_steps[FSRS_MAX_STEPS];  /* seconds; default 600 */
	size_t n_relearning_steps;
	int64_t maximum_interval;        /* days, 0..FSRS_MAX_INTERVAL_LIMIT; default 36500 */
	bool enable_fuzzing;             /* default true, as in py-fsrs */
	uint64_t fuzz_seed;              /* default 0 */
	double (*fuzz_random)(void *ctx); /* optional; must return [0, 1) */
	void *fuzz_ctx;
};

/*
** A card's memory and schedule. stability and difficulty are 0 for a card
** that has no memory state yet (py-fsrs None); step is -1 in Review (None).
*/
struct fsrs_card {
	int64_t card_id;      /* only used to vary the seeded fuzz */
	int state;            /* enum fsrs_state */
	int step;             /* index into the (re)learning steps; -1 in Review */
	double stability;     /* days; 0 = none yet */
	double difficulty;    /* 1..10; 0 = none yet */
	int64_t due;          /* Unix seconds */
	int64_t last_review;  /* Unix seconds, or FSRS_NEVER */
};

/*
** Configuration
** -------------
*/

/* fsrs_scheduler_init() sets *s to the py-fsrs defaults (fuzz enabled, seed 0). */
void fsrs_scheduler_init(struct fsrs_scheduler *s);

/*
** fsrs_params_validate() checks a parameter vector: exactly FSRS_NPARAMS
** finite values, each within [fsrs_params_lower[i], fsrs_params_upper[i]].
** Returns 0, or FSRS_EINVAL with *bad_index (if not NULL) set to the first
** offending index, or to n when the count is wrong.
*/
int fsrs_params_validate(const double *w, size_t n, size_t *bad_index);

/* fsrs_scheduler_set_params() validates w and copies it into s->w; on
** error s is unchanged and FSRS_EINVAL is returned. */
int fsrs_scheduler_set_params(struct fsrs_scheduler *s, const double *w, size_t n);

/*
** fsrs_scheduler_validate() checks a whole configuration: parameters as
** above, desired_retention in (0, 1), at most FSRS_MAX_STEPS steps each in
** [0, FSRS_STEP_LIMIT] seconds, maximum_interval in
** [0, FSRS_MAX_INTERVAL_LIMIT]. Returns 0 or FSRS_EINVAL.
*/
int fsrs_scheduler_validate(const struct fsrs_scheduler *s);

/*
** Reviewing
** ---------
*/

/* fsrs_card_init() makes a new card: Learning, step 0, no memory, due at now. */
void fsrs_card_init(struct fsrs_card *c, int64_t card_id, int64_t now);

/*
** fsrs_review() computes in *after the card *before rated `rating` (1..4)
** at time `now` (py-fsrs Scheduler.review_card). `after` may point to the
** same card as `before`. Returns 0; or FSRS_EINVAL, leaving *after
** untouched, when the scheduler does not validate, the rating is not 1..4,
** a time is out of range, or the card is inconsistent (unknown state, a
** negative step outside Review, Review or Relearning without memory,
** non-finite or non-positive stability).
*/
int fsrs_review(const struct fsrs_scheduler *s, const struct fsrs_card *before,
                int rating, int64_t now, struct fsrs_card *after);

/*
** fsrs_preview() fills out[r - 1] with the card after rating r, for the
** four ratings (out[i].due is the date to show on each button). Returns 0
** or FSRS_EINVAL as fsrs_review().
*/
int fsrs_preview(const struct fsrs_scheduler *s, const struct fsrs_card *c,
                 int64_t now, struct fsrs_card out[4]);

/*
** fsrs_retrievability() is the predicted probability of recall of c at
** `now`, counting elapsed time in floored whole days (never negative).
** Returns 0 for a card never reviewed or without stability.
*/
double fsrs_retrievability(const struct fsrs_scheduler *s, const struct fsrs_card *c,
                           int64_t now);

/*
** Formulas
** --------
** The individual FSRS-6 formulas with s->w (ALGORITHM.md §3-5, §7), for
** tests and for tools; fsrs_review() is built from them. A rating outside
** 1..4 gives NAN. They do not validate s.
*/

/* Forgetting curve R(t, S) = (1 + FACTOR * t / S) ** DECAY; t in days. */
double fsrs_forgetting_curve(const struct fsrs_scheduler *s, double elapsed_days,
                             double stability);
double fsrs_initial_stability(const struct fsrs_scheduler *s, int rating);
/* D0(G); clamped to [1, 10] when `clamp` is true. */
double fsrs_initial_difficulty(const struct fsrs_scheduler *s, int rating, bool clamp);
double fsrs_next_difficulty(const struct fsrs_scheduler *s, double difficulty, int rating);
/* Same-day stability (reviews less than 24 h apart). */
double fsrs_short_term_stability(const struct fsrs_scheduler *s, double stability,
                                 int rating);
/* Stability after a success (rating 2..4) or a lapse (rating 1), before
** the 0.001 floor that fsrs_next_stability() applies. */
double fsrs_next_recall_stability(const struct fsrs_scheduler *s, double difficulty,
                                  double stability, double retrievability, int rating);
double fsrs_next_forget_stability(const struct fsrs_scheduler *s, double difficulty,
                                  double stability, double retrievability);
double fsrs_next_stability(const struct fsrs_scheduler *s, double difficulty,
                           double stability, double retrievability, int rating);
/* The interval for desired_retention, unrounded, in days. */
double fsrs_next_interval_unrounded(const struct fsrs_scheduler *s, double stability);
/* The same, rounded half-to-even, at least 1, at most maximum_interval. */
int64_t fsrs_next_interval(const struct fsrs_scheduler *s, double stability);
/*
** fsrs_fuzz_interval() spreads an interval of `days` with the uniform
** number u in [0, 1), exactly as py-fsrs (including its quirk of sometimes
** giving max_ivl + 1). Intervals under 3 days come back unchanged.
*/
int64_t fsrs_fuzz_interval(const struct fsrs_scheduler *s, int64_t days, double u);

#endif
