/*
** This file implements the FSRS-6 scheduler of fsrs.h: the formulas, the
** Learning/Review/Relearning state machine and the fuzz, following py-fsrs
** 6.3.1 operation by operation so that results are bit-identical to it.
*/
#include "srs/fsrs.h"

#include <math.h>

/* math.e as CPython has it; py-fsrs writes e**x, which is pow(e, x) and can
** differ from exp(x) in the last bit. */
static const double fsrs_e = 2.718281828459045;

static const double fsrs_stability_min = 0.001;
static const double fsrs_difficulty_min = 1.0;
static const double fsrs_difficulty_max = 10.0;

static const int64_t fsrs_day = 86400;

const double fsrs_default_params[FSRS_NPARAMS] = {
	0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,
	1.8722, 0.1666, 0.796, 1.4835, 0.0614, 0.2629, 1.6483, 0.6014,
	1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

const double fsrs_params_lower[FSRS_NPARAMS] = {
	0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001,
	0.0, 0.0, 0.001, 0.001, 0.001, 0.001, 0.0, 0.0,
	1.0, 0.0, 0.0, 0.0, 0.1,
};

const double fsrs_params_upper[FSRS_NPARAMS] = {
	100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75,
	4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0,
	6.0, 2.0, 2.0, 0.8, 0.8,
};

/* ---- Configuration ---- */

void fsrs_scheduler_init(struct fsrs_scheduler *s)
{
	*s = (struct fsrs_scheduler){0};
	for (size_t i = 0; i < FSRS_NPARAMS; i++)
		s->w[i] = fsrs_default_params[i];
	s->desired_retention = 0.9;
	s->learning_steps[0] = 60;
	s->learning_steps[1] = 600;
	s->n_learning_steps = 2;
	s->relearning_steps[0] = 600;
	s->n_relearning_steps = 1;
	s->maximum_interval = 36500;
	s->enable_fuzzing = true;
}

int fsrs_params_validate(const double *w, size_t n, size_t *bad_index)
{
	if (n != FSRS_NPARAMS || w == NULL) {
		if (bad_index)
			*bad_index = n;
		return FSRS_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		/* Written so that NaN fails too. */
		if (!(w[i] >= fsrs_params_lower[i] && w[i] <= fsrs_params_upper[i])) {
			if (bad_index)
				*bad_index = i;
			return FSRS_EINVAL;
		}
	}
	return 0;
}

int fsrs_scheduler_set_params(struct fsrs_scheduler *s, const double *w, size_t n)
{
	if (fsrs_params_validate(w, n, NULL) != 0)
		return FSRS_EINVAL;
	for (size_t i = 0; i < FSRS_NPARAMS; i++)
		s->w[i] = w[i];
	return 0;
}

static bool fsrs_steps_valid(const int64_t *steps, size_t n)
{
	if (n > FSRS_MAX_STEPS)
		return false;
	for (size_t i = 0; i < n; i++)
		if (steps[i] < 0 || steps[i] > FSRS_STEP_LIMIT)
			return false;
	return true;
}

int fsrs_scheduler_validate(const struct fsrs_scheduler *s)
{
	if (s == NULL || fsrs_params_validate(s->w, FSRS_NPARAMS, NULL) != 0)
		return FSRS_EINVAL;
	if (!(s->desired_retention > 0.0 && s->desired_retention < 1.0))
		return FSRS_EINVAL;
	if (!fsrs_steps_valid(s->learning_steps, s->n_learning_steps) ||
	    !fsrs_steps_valid(s->relearning_steps, s->n_relearning_steps))
		return FSRS_EINVAL;
	if (s->maximum_interval < 0 || s->maximum_interval > FSRS_MAX_INTERVAL_LIMIT)
		return FSRS_EINVAL;
	return 0;
}

/* ---- Formulas (ALGORITHM.md §3-5), in py-fsrs's order of operations ---- */

static bool fsrs_rating_valid(int rating)
{
	return rating >= FSRS_AGAIN && rating <= FSRS_EASY;
}

static double fsrs_clamp_difficulty(double d)
{
	return fmin(fmax(d, fsrs_difficulty_min), fsrs_difficulty_max);
}

static double fsrs_decay(const struct fsrs_scheduler *s)
{
	return -s->w[20];
}

static double fsrs_factor(const struct fsrs_scheduler *s)
{
	return pow(0.9, 1.0 / fsrs_decay(s)) - 1.0;
}

double fsrs_forgetting_curve(const struct fsrs_scheduler *s, double elapsed_days,
                             double stability)
{
	return pow(1.0 + fsrs_factor(s) * elapsed_days / stability, fsrs_decay(s));
}

double fsrs_initial_stability(const struct fsrs_scheduler *s, int rating)
{
	if (!fsrs_rating_valid(rating))
		return NAN;
	return fmax(s->w[rating - 1], fsrs_stability_min);
}

double fsrs_initial_difficulty(const struct fsrs_scheduler *s, int rating, bool clamp)
{
	if (!fsrs_rating_valid(rating))
		return NAN;
	double d = s->w[4] - pow(fsrs_e, s->w[5] * (rating - 1)) + 1.0;
	return clamp ? fsrs_clamp_difficulty(d) : d;
}

double fsrs_next_difficulty(const struct fsrs_scheduler *s, double difficulty, int rating)
{
	if (!fsrs_rating_valid(rating))
		return NAN;
	/* The mean-reversion target is the unclamped D0(Easy) (py-fsrs >= 6.2). */
	double target = fsrs_initial_difficulty(s, FSRS_EASY, false);
	double delta = -(s->w[6] * (rating - 3));
	double damped = difficulty + (10.0 - difficulty) * delta / 9.0;
	double next = s->w[7] * target + (1.0 - s->w[7]) * damped;
	return fsrs_clamp_difficulty(next);
}

double fsrs_short_term_stability(const struct fsrs_scheduler *s, double stability,
                                 int rating)
{
	if (!fsrs_rating_valid(rating))
		return NAN;
	double inc = pow(fsrs_e, s->w[17] * ((rating - 3) + s->w[18])) *
	             pow(stability, -s->w[19]);
	/* Only Good and Easy are kept from lowering the stability. */
	if (rating >= FSRS_GOOD)
		inc = fmax(inc, 1.0);
	return fmax(stability * inc, fsrs_stability_min);
}

double fsrs_next_recall_stability(const struct fsrs_scheduler *s, double difficulty,
                                  double stability, double retrievability, int rating)
{
	if (!fsrs_rating_valid(rating))
		return NAN;
	if (rating == FSRS_AGAIN)
		return fsrs_next_forget_stability(s, difficulty, stability, retrievability);
	double hard = rating == FSRS_HARD ? s->w[15] : 1.0;
	double easy = rating == FSRS_EASY ? s->w[16] : 1.0;
	return stability * (1.0 + pow(fsrs_e, s->w[8]) * (11.0 - difficulty) *
	                    pow(stability, -s->w[9]) *
	                    (pow(fsrs_e, (1.0 - retrievability) * s->w[10]) - 1.0) *
	                    hard * easy);
}

double fsrs_next_forget_stability(const struct fsrs_scheduler *s, double difficulty,
                                  double stability, double retrievability)
{
	double long_term = s->w[11] * pow(difficulty, -s->w[12]) *
	                   (pow(stability + 1.0, s->w[13]) - 1.0) *
	                   pow(fsrs_e, (1.0 - retrievability) * s->w[14]);
	double short_term = stability / pow(fsrs_e, s->w[17] * s->w[18]);
	return fmin(long_term, short_term);
}

double fsrs_next_stability(const struct fsrs_scheduler *s, double difficulty,
                           double stability, double retrievability, int rating)
{
	double next = fsrs_next_recall_stability(s, difficulty, stability, retrievability,
	                                         rating);
	return isnan(next) ? next : fmax(next, fsrs_stability_min);
}

double fsrs_next_interval_unrounded(const struct fsrs_scheduler *s, double stability)
{
	return (stability / fsrs_factor(s)) *
	       (pow(s->desired_retention, 1.0 / fsrs_decay(s)) - 1.0);
}

int64_t fsrs_next_interval(const struct fsrs_scheduler *s, double stability)
{
	double raw = fsrs_next_interval_unrounded(s, stability);
	/* Keep the conversion to an integer defined: anything this large (or
	** NaN) ends up as maximum_interval anyway. */
	if (!(raw < 1e15))
		raw = 1e15;
	/* Python's round() is half-to-even: nearbyint() in the default mode. */
	int64_t days = (int64_t)nearbyint(raw);
	if (days < 1)
		days = 1;
	if (days > s->maximum_interval)
		days = s->maximum_interval;
	return days;
}

int64_t fsrs_fuzz_interval(const struct fsrs_scheduler *s, int64_t days, double u)
{
	static const struct { double start, end, factor; } ranges[] = {
		{2.5, 7.0, 0.15}, {7.0, 20.0, 0.10}, {20.0, INFINITY, 0.05},
	};
	if (days < 3)
		return days;
	double d = (double)days, delta = 1.0;
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++)
		delta += ranges[i].factor * fmax(fmin(d, ranges[i].end) - ranges[i].start, 0.0);
	int64_t lo = (int64_t)nearbyint(d - delta);
	int64_t hi = (int64_t)nearbyint(d + delta);
	if (lo < 2)
		lo = 2;
	if (hi > s->maximum_interval)
		hi = s->maximum_interval;
	if (lo > hi)
		lo = hi;
	if (!(u >= 0.0 && u < 1.0))
		u = 0.0;
	int64_t fuzzed = (int64_t)nearbyint(u * (double)(hi - lo + 1) + (double)lo);
	return fuzzed < s->maximum_interval ? fuzzed : s->maximum_interval;
}

/* ---- The review state machine (ALGORITHM.md §6) ---- */

static int64_t fsrs_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static bool fsrs_time_valid(int64_t t)
{
	return t >= -FSRS_TIME_LIMIT && t <= FSRS_TIME_LIMIT;
}

static bool fsrs_has_memory(const struct fsrs_card *c)
{
	return c->stability != 0.0 && c->difficulty != 0.0;
}

static bool fsrs_card_valid(const struct fsrs_card *c)
{
	if (c->state < FSRS_LEARNING || c->state > FSRS_RELEARNING)
		return false;
	if (c->state != FSRS_REVIEW && c->step < 0)
		return false;
	if (c->state != FSRS_LEARNING && !fsrs_has_memory(c))
		return false;
	/* Both are 0 or positive: pow(D, -w12) of a negative D would be NaN. */
	if (!(isfinite(c->stability) && c->stability >= 0.0) ||
	    !(isfinite(c->difficulty) && c->difficulty >= 0.0))
		return false;
	if (!fsrs_time_valid(c->due))
		return false;
	return c->last_review == FSRS_NEVER || fsrs_time_valid(c->last_review);
}

double fsrs_retrievability(const struct fsrs_scheduler *s, const struct fsrs_card *c,
                           int64_t now)
{
	if (c == NULL || c->last_review == FSRS_NEVER || !(c->stability > 0.0))
		return 0.0;
	if (!fsrs_time_valid(c->last_review) || !fsrs_time_valid(now))
		return 0.0;
	int64_t days = fsrs_floor_div(now - c->last_review, fsrs_day);
	if (days < 0)
		days = 0;
	return fsrs_forgetting_curve(s, (double)days, c->stability);
}

/* The uniform number that replaces py-fsrs's random() (see fsrs.h). */
static uint64_t fsrs_mix64(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double fsrs_fuzz_uniform(const struct fsrs_scheduler *s, const struct fsrs_card *c,
                                int rating, int64_t now)
{
	if (s->fuzz_random)
		return s->fuzz_random(s->fuzz_ctx);
	uint64_t h = fsrs_mix64(s->fuzz_seed);
	h = fsrs_mix64(h ^ (uint64_t)c->card_id);
	/* the day, not the second: the due date a button shows (fsrs_preview())
	** is the one the rating gives (fsrs_review()) a few seconds later */
	h = fsrs_mix64(h ^ (uint64_t)fsrs_floor_div(now, 86400));
	h = fsrs_mix64(h ^ (uint64_t)rating);
	return (double)(h >> 11) * 0x1.0p-53;
}

/*
** Steps of a Learning or Relearning card: sets state, step and the
** interval for `rating`, in days if the card graduates to Review, else in
** seconds.
*/
static void fsrs_schedule_steps(const struct fsrs_scheduler *s, const int64_t *steps,
                                size_t n, struct fsrs_card *c, int rating,
                                int64_t *interval)
{
	size_t step = (size_t)c->step;
	bool graduate = n == 0 || (step >= n && rating != FSRS_AGAIN) ||
	                rating == FSRS_EASY || (rating == FSRS_GOOD && step + 1 == n);
	if (graduate) {
		c->state = FSRS_REVIEW;
		c->step = -1;
		*interval = fsrs_next_interval(s, c->stability);
		return;
	}
	switch (rating) {
	case FSRS_AGAIN:
		c->step = 0;
		*interval = steps[0];
		break;
	case FSRS_HARD:
		/* py-fsrs multiplies timedeltas, which keeps microseconds; whole
		** seconds are kept here, so an odd step loses its half second. */
		if (step == 0 && n == 1)
			*interval = steps[0] * 3 / 2;
		else if (step == 0)
			*interval = (steps[0] + steps[1]) / 2;
		else
			*interval = steps[step];
		break;
	default: /* Good, not the last step */
		c->step++;
		*interval = steps[c->step];
		break;
	}
}

int fsrs_review(const struct fsrs_scheduler *s, const struct fsrs_card *before,
                int rating, int64_t now, struct fsrs_card *after)
{
	if (fsrs_scheduler_validate(s) != 0 || !fsrs_rating_valid(rating) ||
	    !fsrs_time_valid(now) || before == NULL || after == NULL ||
	    !fsrs_card_valid(before))
		return FSRS_EINVAL;

	struct fsrs_card c = *before;
	bool reviewed = c.last_review != FSRS_NEVER;
	int64_t elapsed = reviewed ? fsrs_floor_div(now - c.last_review, fsrs_day) : 0;

	/* Memory update: identical for the three states, except that only a
	** Learning card can be brand new. */
	if (!fsrs_has_memory(&c)) {
		c.stability = fsrs_initial_stability(s, rating);
		c.difficulty = fsrs_initial_difficulty(s, rating, true);
	} else {
		if (reviewed && elapsed < 1) {
			c.stability = fsrs_short_term_stability(s, c.stability, rating);
		} else {
			double r = fsrs_retrievability(s, &c, now);
			c.stability = fsrs_next_stability(s, c.difficulty, c.stability, r,
			                                  rating);
		}
		c.difficulty = fsrs_next_difficulty(s, c.difficulty, rating);
	}

	int64_t interval; /* days in Review, seconds otherwise */
	if (c.state == FSRS_LEARNING) {
		fsrs_schedule_steps(s, s->learning_steps, s->n_learning_steps, &c, rating,
		                    &interval);
	} else if (c.state == FSRS_RELEARNING) {
		fsrs_schedule_steps(s, s->relearning_steps, s->n_relearning_steps, &c,
		                    rating, &interval);
	} else if (rating == FSRS_AGAIN && s->n_relearning_steps > 0) {
		c.state = FSRS_RELEARNING;
		c.step = 0;
		interval = s->relearning_steps[0];
	} else {
		/* Review stays Review, even after a lapse without relearning steps. */
		interval = fsrs_next_interval(s, c.stability);
	}

	if (c.state == FSRS_REVIEW) {
		if (s->enable_fuzzing)
			interval = fsrs_fuzz_interval(s, interval,
			                              fsrs_fuzz_uniform(s, before, rating, now));
		interval *= fsrs_day;
	}
	c.due = now + interval;
	c.last_review = now;
	*after = c;
	return 0;
}

int fsrs_preview(const struct fsrs_scheduler *s, const struct fsrs_card *c,
                 int64_t now, struct fsrs_card out[4])
{
	if (out == NULL)
		return FSRS_EINVAL;
	for (int rating = FSRS_AGAIN; rating <= FSRS_EASY; rating++) {
		int rc = fsrs_review(s, c, rating, now, &out[rating - 1]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

void fsrs_card_init(struct fsrs_card *c, int64_t card_id, int64_t now)
{
	*c = (struct fsrs_card){
		.card_id = card_id,
		.state = FSRS_LEARNING,
		.step = 0,
		.stability = 0.0,
		.difficulty = 0.0,
		.due = now,
		.last_review = FSRS_NEVER,
	};
}
