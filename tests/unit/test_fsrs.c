/*
** test_fsrs.c - the FSRS-6 scheduler (src/srs/fsrs.h) against the py-fsrs
** reference vectors (tests/data/fsrs/vectors-public.json), plus properties
** (ordering of ratings, recall at the due date), fuzz and validation.
** Run from the repository root.
*/
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>

#include "srs/fsrs.h"
#include "test.h"

#define VECTORS "tests/data/fsrs/vectors-public.json"

/* ---- Helpers ---- */

static json_t *vectors;

static int rel_close(double a, double b, double rel)
{
	return fabs(a - b) <= rel * fmax(fabs(b), 1e-300) || a == b;
}

#define CHECK_REL(a, b)                                                          \
	do {                                                                     \
		double ra_ = (a), rb_ = (b);                                     \
		if (!rel_close(ra_, rb_, 1e-9)) {                                \
			test_cur_failed = 1;                                     \
			fprintf(stderr, "%s:%d: %s: %s == %.17g, expected %.17g\n", \
			        __FILE__, __LINE__, test_cur_name, #a, ra_, rb_); \
		}                                                                \
	} while (0)

static double num(const json_t *obj, const char *key)
{
	return json_number_value(json_object_get(obj, key));
}

static int64_t whole(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : (int64_t)json_number_value(v);
}

static const json_t *unit_vectors(const char *key)
{
	return json_object_get(json_object_get(vectors, "unit_vectors"), key);
}

/* Applies a vectors-file "scheduler" object onto *s (fuzz off). */
static void load_scheduler(const json_t *js, struct fsrs_scheduler *s)
{
	const json_t *v;
	size_t i;
	if ((v = json_object_get(js, "parameters"))) {
		double w[FSRS_NPARAMS];
		for (i = 0; i < FSRS_NPARAMS; i++)
			w[i] = json_number_value(json_array_get(v, i));
		CHECK_INT(fsrs_scheduler_set_params(s, w, json_array_size(v)), 0);
	}
	if ((v = json_object_get(js, "desired_retention")))
		s->desired_retention = json_number_value(v);
	if ((v = json_object_get(js, "learning_steps_seconds"))) {
		s->n_learning_steps = json_array_size(v);
		for (i = 0; i < s->n_learning_steps; i++)
			s->learning_steps[i] = json_integer_value(json_array_get(v, i));
	}
	if ((v = json_object_get(js, "relearning_steps_seconds"))) {
		s->n_relearning_steps = json_array_size(v);
		for (i = 0; i < s->n_relearning_steps; i++)
			s->relearning_steps[i] = json_integer_value(json_array_get(v, i));
	}
	if ((v = json_object_get(js, "maximum_interval")))
		s->maximum_interval = json_integer_value(v);
	s->enable_fuzzing = false;
	CHECK_INT(fsrs_scheduler_validate(s), 0);
}

static struct fsrs_scheduler default_scheduler(void)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	s.enable_fuzzing = false;
	return s;
}

/* xorshift-style reproducible randomness for property tests. */
static uint64_t rng_state = 12345;

static double rnd(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

static double rnd_between(double lo, double hi)
{
	return lo + (hi - lo) * rnd();
}

/* ---- Reference vectors ---- */

TEST(test_vectors_load)
{
	CHECK(vectors != NULL);
	CHECK_STR(json_string_value(json_object_get(vectors, "format")),
	          "fsrs-reference-vectors/1");
	CHECK_INT(json_array_size(json_object_get(vectors, "sequences")), 13);
}

TEST(test_defaults)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	const json_t *w = unit_vectors("parameters");
	CHECK_INT(json_array_size(w), FSRS_NPARAMS);
	for (size_t i = 0; i < FSRS_NPARAMS; i++) {
		CHECK(s.w[i] == json_number_value(json_array_get(w, i)));
		CHECK(fsrs_default_params[i] >= fsrs_params_lower[i]);
		CHECK(fsrs_default_params[i] <= fsrs_params_upper[i]);
	}
	CHECK(s.desired_retention == 0.9);
	CHECK_INT(s.n_learning_steps, 2);
	CHECK_INT(s.learning_steps[0], 60);
	CHECK_INT(s.learning_steps[1], 600);
	CHECK_INT(s.n_relearning_steps, 1);
	CHECK_INT(s.relearning_steps[0], 600);
	CHECK_INT(s.maximum_interval, 36500);
	CHECK(s.enable_fuzzing);
	CHECK_INT(fsrs_scheduler_validate(&s), 0);
	/* FACTOR, through R(t, S): (1 + FACTOR)^DECAY at t = S. */
	double factor = num(json_object_get(vectors, "unit_vectors"), "FACTOR");
	CHECK_REL(fsrs_forgetting_curve(&s, 1.0, 1.0), pow(1.0 + factor, -0.1542));
	CHECK_NEAR(fsrs_forgetting_curve(&s, 7.5, 7.5), 0.9, 1e-15);

	struct fsrs_card c;
	fsrs_card_init(&c, 7, 1000);
	CHECK_INT(c.card_id, 7);
	CHECK_INT(c.state, FSRS_LEARNING);
	CHECK_INT(c.step, 0);
	CHECK_INT(c.due, 1000);
	CHECK(c.last_review == FSRS_NEVER);
	CHECK(fsrs_retrievability(&s, &c, 5000) == 0.0);
}

TEST(test_unit_vectors)
{
	struct fsrs_scheduler s = default_scheduler();
	const json_t *e;
	size_t i, count = 0;

	json_array_foreach(unit_vectors("initial_stability"), i, e) {
		CHECK_REL(fsrs_initial_stability(&s, (int)whole(e, "rating")), num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("initial_difficulty_clamped"), i, e) {
		CHECK_REL(fsrs_initial_difficulty(&s, (int)whole(e, "rating"), true),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("initial_difficulty_unclamped"), i, e) {
		CHECK_REL(fsrs_initial_difficulty(&s, (int)whole(e, "rating"), false),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("next_difficulty"), i, e) {
		CHECK_REL(fsrs_next_difficulty(&s, num(e, "difficulty"), (int)whole(e, "rating")),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("short_term_stability"), i, e) {
		CHECK_REL(fsrs_short_term_stability(&s, num(e, "stability"),
		                                    (int)whole(e, "rating")),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("next_recall_stability"), i, e) {
		CHECK_REL(fsrs_next_recall_stability(&s, num(e, "difficulty"), num(e, "stability"),
		                                     num(e, "retrievability"),
		                                     (int)whole(e, "rating")),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("next_forget_stability"), i, e) {
		CHECK_REL(fsrs_next_forget_stability(&s, num(e, "difficulty"), num(e, "stability"),
		                                     num(e, "retrievability")),
		          num(e, "value"));
		count++;
	}
	json_array_foreach(unit_vectors("next_interval"), i, e) {
		struct fsrs_scheduler r = s;
		r.desired_retention = num(e, "desired_retention");
		CHECK_REL(fsrs_next_interval_unrounded(&r, num(e, "stability")), num(e, "unrounded"));
		CHECK_INT(fsrs_next_interval(&r, num(e, "stability")), whole(e, "days"));
		count++;
	}
	json_array_foreach(unit_vectors("retrievability"), i, e) {
		struct fsrs_card c;
		fsrs_card_init(&c, 0, 0);
		c.state = FSRS_REVIEW;
		c.step = -1;
		c.stability = num(e, "stability");
		c.difficulty = 5.0;
		c.last_review = 1700000000;
		int64_t now = c.last_review + whole(e, "elapsed_seconds");
		CHECK_REL(fsrs_retrievability(&s, &c, now), num(e, "value"));
		CHECK_REL(fsrs_forgetting_curve(&s, (double)whole(e, "elapsed_days_floor"),
		                                c.stability),
		          num(e, "value"));
		count++;
	}
	CHECK_INT(count, 4 + 4 + 4 + 20 + 24 + 81 + 45 + 50 + 32);
	CHECK(isnan(fsrs_initial_stability(&s, 0)));
	CHECK(isnan(fsrs_next_difficulty(&s, 5.0, 5)));
}

/* Replays every public sequence through fsrs_review(); returns reviews checked. */
static size_t check_sequence(const json_t *seq)
{
	struct fsrs_scheduler base = default_scheduler();
	load_scheduler(json_object_get(seq, "scheduler"), &base);
	const json_t *ic = json_object_get(seq, "initial_card");
	struct fsrs_card card;
	fsrs_card_init(&card, 0, whole(ic, "due_epoch"));
	CHECK(json_is_null(json_object_get(ic, "stability")));
	CHECK_INT(card.state, whole(ic, "state"));

	const json_t *rv;
	size_t i;
	json_array_foreach(json_object_get(seq, "reviews"), i, rv) {
		struct fsrs_scheduler s = base;
		const json_t *ov = json_object_get(rv, "scheduler_override");
		if (ov)
			load_scheduler(ov, &s);
		int64_t now = whole(rv, "review_epoch");
		const json_t *pre = json_object_get(rv, "pre");
		CHECK_INT(card.state, whole(pre, "state"));
		CHECK_REL(fsrs_retrievability(&s, &card, now), num(pre, "retrievability"));

		struct fsrs_card before = card;
		CHECK_INT(fsrs_review(&s, &card, (int)whole(rv, "rating"), now, &card), 0);
		const json_t *ex = json_object_get(rv, "expected");
		const json_t *step = json_object_get(ex, "step");
		CHECK_INT(card.state, whole(ex, "state"));
		CHECK_INT(card.step, json_is_null(step) ? -1 : json_integer_value(step));
		CHECK_INT(card.due, whole(ex, "due_epoch"));
		CHECK_INT(card.last_review, now);
		CHECK_INT(card.due - now, whole(ex, "interval_seconds"));
		CHECK_REL(card.stability, num(ex, "stability"));
		CHECK_REL(card.difficulty, num(ex, "difficulty"));
		if (json_object_get(ex, "interval_days_unrounded"))
			CHECK_REL(fsrs_next_interval_unrounded(&s, card.stability),
			          num(ex, "interval_days_unrounded"));
		if (test_cur_failed) {
			fprintf(stderr, "  in %s, review %zu\n",
			        json_string_value(json_object_get(seq, "id")), i);
			return i;
		}
		const json_t *p;
		size_t j;
		json_array_foreach(json_object_get(rv, "probes"), j, p)
			CHECK_REL(fsrs_retrievability(&s, &card, whole(p, "epoch")),
			          num(p, "retrievability"));
		/* The input card is never modified by a separate output. */
		struct fsrs_card copy = before, out;
		CHECK_INT(fsrs_review(&s, &before, (int)whole(rv, "rating"), now, &out), 0);
		CHECK(memcmp(&before, &copy, sizeof copy) == 0);
		CHECK(out.due == card.due && out.stability == card.stability);
	}
	return i;
}

TEST(test_reference_sequences)
{
	const json_t *seq;
	size_t i, reviews = 0;
	json_array_foreach(json_object_get(vectors, "sequences"), i, seq)
		reviews += check_sequence(seq);
	CHECK_INT(reviews, 128);
}

/* The worked example of ALGORITHM.md §8 (upstream test_review_card). */
TEST(test_upstream_review_card)
{
	static const int ratings[] = {3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3};
	static const int days[] = {0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21};
	struct fsrs_scheduler s = default_scheduler();
	struct fsrs_card c;
	int64_t now = 1704099600;
	fsrs_card_init(&c, 1, now);
	for (size_t i = 0; i < sizeof ratings / sizeof ratings[0]; i++) {
		CHECK_INT(fsrs_review(&s, &c, ratings[i], now, &c), 0);
		CHECK_INT((c.due - now) / 86400, days[i]);
		now = c.due;
	}
}

/* ---- Properties ---- */

/* A random valid card in any state, reviewed some time after last_review. */
static void random_card(struct fsrs_card *c, int64_t *now)
{
	fsrs_card_init(c, (int64_t)(rnd() * 1e9), 1700000000);
	c->state = 1 + (int)(rnd() * 3);
	c->step = c->state == FSRS_REVIEW ? -1 : (int)(rnd() * 2);
	if (c->state == FSRS_RELEARNING)
		c->step = 0;
	if (c->state != FSRS_LEARNING || rnd() < 0.8) {
		c->stability = exp(rnd_between(log(0.001), log(30000.0)));
		c->difficulty = rnd_between(1.0, 10.0);
		c->last_review = 1700000000;
	}
	*now = 1700000000 + (int64_t)(rnd() < 0.2 ? rnd() * 86400 : rnd() * 3000 * 86400);
}

static void random_scheduler(struct fsrs_scheduler *s)
{
	*s = default_scheduler();
	for (size_t i = 0; i < FSRS_NPARAMS; i++)
		if (rnd() < 0.5)
			s->w[i] = rnd_between(fsrs_params_lower[i], fsrs_params_upper[i]);
	/* Keep S0(Again) <= S0(Hard) <= S0(Good) <= S0(Easy), as any sensible
	** (and every published) parameter set does; the property needs it. */
	for (size_t i = 1; i < 4; i++)
		for (size_t j = i; j > 0 && s->w[j] < s->w[j - 1]; j--) {
			double t = s->w[j];
			s->w[j] = s->w[j - 1];
			s->w[j - 1] = t;
		}
	s->desired_retention = rnd_between(0.7, 0.97);
}

TEST(test_better_rating_never_shorter)
{
	for (int n = 0; n < 20000; n++) {
		struct fsrs_scheduler s;
		struct fsrs_card c, out[4];
		int64_t now;
		random_scheduler(&s);
		random_card(&c, &now);
		CHECK_INT(fsrs_preview(&s, &c, now, out), 0);
		for (int r = 1; r < 4; r++) {
			CHECK(out[r].due >= out[r - 1].due);
			CHECK(out[r].stability >= out[r - 1].stability);
		}
		if (test_cur_failed) {
			fprintf(stderr, "  state %d step %d S %g D %g\n", c.state, c.step,
			        c.stability, c.difficulty);
			return;
		}
	}
}

TEST(test_recall_at_due_is_desired_retention)
{
	int checked = 0;
	for (int n = 0; n < 20000; n++) {
		struct fsrs_scheduler s;
		struct fsrs_card c, after;
		int64_t now;
		random_scheduler(&s);
		random_card(&c, &now);
		int rating = 2 + (int)(rnd() * 3);
		CHECK_INT(fsrs_review(&s, &c, rating, now, &after), 0);
		if (after.state != FSRS_REVIEW)
			continue;
		int64_t days = (after.due - now) / 86400;
		CHECK_INT(after.due - now, days * 86400);
		if (days <= 1 || days >= s.maximum_interval)
			continue;   /* clamped, not rounded */
		/* Rounding to whole days moves R by at most half a day's worth. */
		double r = fsrs_retrievability(&s, &after, after.due);
		double hi = fsrs_forgetting_curve(&s, (double)days - 0.5, after.stability);
		double lo = fsrs_forgetting_curve(&s, (double)days + 0.5, after.stability);
		CHECK(s.desired_retention <= hi + 1e-12 && s.desired_retention >= lo - 1e-12);
		CHECK(r <= hi && r >= lo);
		CHECK(fabs(r - s.desired_retention) <= hi - lo + 1e-12);
		checked++;
	}
	CHECK(checked > 5000);
}

/* ---- Fuzz ---- */

static double fixed_u;

static double fixed_random(void *ctx)
{
	(void)ctx;
	return fixed_u;
}

TEST(test_fuzz_interval)
{
	struct fsrs_scheduler s = default_scheduler();
	CHECK_INT(fsrs_fuzz_interval(&s, 1, 0.99), 1);
	CHECK_INT(fsrs_fuzz_interval(&s, 2, 0.99), 2);
	/* d = 10: delta = 1 + 0.15 * 4.5 + 0.1 * 3 = 1.975, range [8, 12]. */
	CHECK_INT(fsrs_fuzz_interval(&s, 10, 0.0), 8);
	CHECK_INT(fsrs_fuzz_interval(&s, 10, 0.5), 10);  /* round(10.5) = 10 */
	CHECK_INT(fsrs_fuzz_interval(&s, 10, 0.89), 12);
	CHECK_INT(fsrs_fuzz_interval(&s, 10, 0.95), 13); /* py-fsrs's max_ivl + 1 quirk */
	/* d = 3: delta = 1.075, range [2, 4]. */
	CHECK_INT(fsrs_fuzz_interval(&s, 3, 0.0), 2);
	CHECK_INT(fsrs_fuzz_interval(&s, 3, 0.999), 5);
	/* d = 100: delta = 1 + 0.675 + 1.3 + 4 = 6.975, range [93, 107]. */
	CHECK_INT(fsrs_fuzz_interval(&s, 100, 0.0), 93);
	CHECK_INT(fsrs_fuzz_interval(&s, 100, 0.5), 100);
	s.maximum_interval = 100;
	CHECK_INT(fsrs_fuzz_interval(&s, 100, 0.999), 100);
	CHECK_INT(fsrs_fuzz_interval(&s, 100, 0.0), 93);
}

TEST(test_fuzz_on_off_and_seeded)
{
	struct fsrs_scheduler off = default_scheduler(), on = off, on2 = off, other = off;
	on.enable_fuzzing = on2.enable_fuzzing = other.enable_fuzzing = true;
	on.fuzz_seed = on2.fuzz_seed = 2024;
	other.fuzz_seed = 2025;
	int differs_from_off = 0, differs_by_seed = 0;
	for (int n = 0; n < 2000; n++) {
		struct fsrs_card c, a, b, d, e, prev[4];
		fsrs_card_init(&c, n, 1700000000);
		c.state = FSRS_REVIEW;
		c.step = -1;
		c.stability = rnd_between(3, 400);
		c.difficulty = rnd_between(1, 10);
		c.last_review = 1700000000 - 86400 * (int64_t)(1 + rnd() * 300);
		int64_t now = 1700000000;
		CHECK_INT(fsrs_review(&off, &c, FSRS_GOOD, now, &a), 0);
		CHECK_INT(fsrs_review(&on, &c, FSRS_GOOD, now, &b), 0);
		CHECK_INT(fsrs_review(&on2, &c, FSRS_GOOD, now, &d), 0);
		CHECK_INT(fsrs_review(&other, &c, FSRS_GOOD, now, &e), 0);
		CHECK(b.due == d.due);                 /* same seed, same result */
		CHECK(b.stability == a.stability);     /* fuzz moves the date only */
		CHECK_INT((b.due - now) % 86400, 0);
		int64_t days = (a.due - now) / 86400, fd = (b.due - now) / 86400;
		CHECK(fd >= fsrs_fuzz_interval(&on, days, 0.0));
		CHECK(fd <= fsrs_fuzz_interval(&on, days, 0.999999));
		differs_from_off += b.due != a.due;
		differs_by_seed += b.due != e.due;
		/* The preview shows exactly what the review will do. */
		CHECK_INT(fsrs_preview(&on, &c, now, prev), 0);
		CHECK(prev[FSRS_GOOD - 1].due == b.due);
	}
	CHECK(differs_from_off > 1000);
	CHECK(differs_by_seed > 1000);

	/* An injected random source replaces the hash. */
	struct fsrs_card c, a;
	fsrs_card_init(&c, 1, 1700000000);
	c.state = FSRS_REVIEW;
	c.step = -1;
	c.stability = 10.0;
	c.difficulty = 5.0;
	c.last_review = 1700000000 - 10 * 86400;
	on.fuzz_random = fixed_random;
	CHECK_INT(fsrs_review(&off, &c, FSRS_GOOD, 1700000000, &a), 0);
	int64_t days = (a.due - 1700000000) / 86400;
	fixed_u = 0.0;
	CHECK_INT(fsrs_review(&on, &c, FSRS_GOOD, 1700000000, &a), 0);
	CHECK_INT((a.due - 1700000000) / 86400, fsrs_fuzz_interval(&on, days, 0.0));
	fixed_u = 0.95;
	CHECK_INT(fsrs_review(&on, &c, FSRS_GOOD, 1700000000, &a), 0);
	CHECK_INT((a.due - 1700000000) / 86400, fsrs_fuzz_interval(&on, days, 0.95));
	/* Learning steps are never fuzzed. */
	fsrs_card_init(&c, 1, 1700000000);
	CHECK_INT(fsrs_review(&on, &c, FSRS_GOOD, 1700000000, &a), 0);
	CHECK_INT(a.due - 1700000000, 600);
}

/* ---- Validation ---- */

TEST(test_params_validation)
{
	double w[FSRS_NPARAMS + 1];
	size_t bad = 99;
	memcpy(w, fsrs_default_params, sizeof fsrs_default_params);
	CHECK_INT(fsrs_params_validate(w, FSRS_NPARAMS, &bad), 0);
	CHECK_INT(fsrs_params_validate(w, 20, &bad), FSRS_EINVAL);
	CHECK_INT(bad, 20);
	CHECK_INT(fsrs_params_validate(w, 22, &bad), FSRS_EINVAL);
	CHECK_INT(bad, 22);
	CHECK_INT(fsrs_params_validate(NULL, 21, NULL), FSRS_EINVAL);
	for (size_t i = 0; i < FSRS_NPARAMS; i++) {
		double bads[] = {fsrs_params_lower[i] - 1e-9, fsrs_params_upper[i] + 1e-9,
		                 NAN, INFINITY, -INFINITY};
		for (size_t k = 0; k < sizeof bads / sizeof bads[0]; k++) {
			memcpy(w, fsrs_default_params, sizeof fsrs_default_params);
			w[i] = bads[k];
			CHECK_INT(fsrs_params_validate(w, FSRS_NPARAMS, &bad), FSRS_EINVAL);
			CHECK_INT(bad, i);
		}
		/* Bounds are inclusive. */
		memcpy(w, fsrs_default_params, sizeof fsrs_default_params);
		w[i] = fsrs_params_lower[i];
		CHECK_INT(fsrs_params_validate(w, FSRS_NPARAMS, NULL), 0);
		w[i] = fsrs_params_upper[i];
		CHECK_INT(fsrs_params_validate(w, FSRS_NPARAMS, NULL), 0);
	}
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	memcpy(w, fsrs_default_params, sizeof fsrs_default_params);
	w[20] = 0.9;
	CHECK_INT(fsrs_scheduler_set_params(&s, w, FSRS_NPARAMS), FSRS_EINVAL);
	CHECK(s.w[20] == 0.1542);   /* unchanged */
	w[20] = 0.8;
	CHECK_INT(fsrs_scheduler_set_params(&s, w, FSRS_NPARAMS), 0);
	CHECK(s.w[20] == 0.8);
}

TEST(test_scheduler_validation)
{
	struct fsrs_scheduler s, t;
	fsrs_scheduler_init(&s);
	double bad_retention[] = {0.0, 1.0, -0.5, 1.5, NAN};
	for (size_t i = 0; i < sizeof bad_retention / sizeof bad_retention[0]; i++) {
		t = s;
		t.desired_retention = bad_retention[i];
		CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	}
	t = s;
	t.n_learning_steps = FSRS_MAX_STEPS + 1;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t = s;
	t.relearning_steps[0] = -1;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t = s;
	t.learning_steps[1] = FSRS_STEP_LIMIT + 1;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t = s;
	t.maximum_interval = -1;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t.maximum_interval = FSRS_MAX_INTERVAL_LIMIT + 1;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t = s;
	t.w[3] = NAN;
	CHECK_INT(fsrs_scheduler_validate(&t), FSRS_EINVAL);
	t = s;
	t.n_learning_steps = t.n_relearning_steps = 0;
	t.maximum_interval = 0;
	CHECK_INT(fsrs_scheduler_validate(&t), 0);
	CHECK_INT(fsrs_scheduler_validate(NULL), FSRS_EINVAL);
}

TEST(test_review_refusals)
{
	struct fsrs_scheduler s = default_scheduler(), bad = s;
	struct fsrs_card c, out, sentinel;
	memset(&sentinel, 0x5a, sizeof sentinel);
	fsrs_card_init(&c, 1, 1700000000);
	int64_t now = 1700000000;

	out = sentinel;
	CHECK_INT(fsrs_review(&s, &c, 0, now, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, &c, 5, now, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, &c, -1, now, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, &c, 3, FSRS_TIME_LIMIT + 1, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, &c, 3, INT64_MIN, &out), FSRS_EINVAL);
	bad.w[0] = 0.0;
	CHECK_INT(fsrs_review(&bad, &c, 3, now, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, NULL, 3, now, &out), FSRS_EINVAL);
	CHECK_INT(fsrs_review(&s, &c, 3, now, NULL), FSRS_EINVAL);
	CHECK(memcmp(&out, &sentinel, sizeof out) == 0);   /* untouched */

	struct fsrs_card b = c;
	b.state = 0;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b.state = 4;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b = c;
	b.step = -1;    /* Learning needs a step */
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b = c;
	b.state = FSRS_REVIEW;   /* Review without memory */
	b.step = -1;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b.stability = NAN;
	b.difficulty = 5;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b.stability = -1;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b.stability = 3;
	b.difficulty = -2;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	b.difficulty = 5;
	b.last_review = FSRS_TIME_LIMIT + 5;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), FSRS_EINVAL);
	CHECK(memcmp(&out, &sentinel, sizeof out) == 0);
	b.last_review = now - 86400;
	CHECK_INT(fsrs_review(&s, &b, 3, now, &out), 0);
	CHECK(fsrs_preview(&s, &b, now, NULL) == FSRS_EINVAL);
}

/* Edge behaviour listed in ALGORITHM.md §9. */
TEST(test_edges)
{
	struct fsrs_scheduler s = default_scheduler();
	struct fsrs_card c, a;
	int64_t t0 = 1700000000;
	/* No learning steps: a new card rated Again goes straight to Review. */
	s.n_learning_steps = 0;
	fsrs_card_init(&c, 1, t0);
	CHECK_INT(fsrs_review(&s, &c, FSRS_AGAIN, t0, &a), 0);
	CHECK_INT(a.state, FSRS_REVIEW);
	CHECK_INT(a.step, -1);
	CHECK_INT(a.due - t0, 86400);
	/* No relearning steps: a lapse stays in Review. */
	s = default_scheduler();
	s.n_relearning_steps = 0;
	c = a;
	CHECK_INT(fsrs_review(&s, &c, FSRS_AGAIN, t0 + 86400, &a), 0);
	CHECK_INT(a.state, FSRS_REVIEW);
	/* maximum_interval 0: min(max(round(x), 1), 0) = 0, due at once. */
	s = default_scheduler();
	s.maximum_interval = 0;
	fsrs_card_init(&c, 1, t0);
	CHECK_INT(fsrs_review(&s, &c, FSRS_EASY, t0, &a), 0);
	CHECK_INT(a.due, t0);
	/* A card scheduled with more steps than the scheduler has graduates. */
	s = default_scheduler();
	fsrs_card_init(&c, 1, t0);
	c.step = 5;
	CHECK_INT(fsrs_review(&s, &c, FSRS_HARD, t0, &a), 0);
	CHECK_INT(a.state, FSRS_REVIEW);
	CHECK_INT(fsrs_review(&s, &c, FSRS_AGAIN, t0, &a), 0);
	CHECK_INT(a.state, FSRS_LEARNING);
	CHECK_INT(a.step, 0);
	CHECK_INT(a.due - t0, 60);
	/* Hard on the first of a single step: 1.5 times the step. */
	s.learning_steps[0] = 600;
	s.n_learning_steps = 1;
	fsrs_card_init(&c, 1, t0);
	CHECK_INT(fsrs_review(&s, &c, FSRS_HARD, t0, &a), 0);
	CHECK_INT(a.due - t0, 900);
	/* A review dated before the last one counts as the same day. */
	s = default_scheduler();
	fsrs_card_init(&c, 1, t0);
	CHECK_INT(fsrs_review(&s, &c, FSRS_GOOD, t0, &c), 0);
	CHECK_INT(fsrs_review(&s, &c, FSRS_GOOD, t0 - 5 * 86400, &a), 0);
	CHECK(a.stability == fsrs_short_term_stability(&s, c.stability, FSRS_GOOD));
	CHECK(fsrs_retrievability(&s, &c, t0 - 86400) == 1.0);
	/* Far-future dates are fine in 64 bits. */
	c.last_review = INT64_C(16246944600);
	c.due = c.last_review;
	CHECK_INT(fsrs_review(&s, &c, FSRS_GOOD, c.last_review + 86400, &a), 0);
	CHECK(a.due > c.last_review);
}

int main(void)
{
	json_error_t err;
	vectors = json_load_file(VECTORS, 0, &err);
	if (vectors == NULL)
		fprintf(stderr, "cannot load %s: %s (run from the repository root)\n", VECTORS,
		        err.text);
	RUN(test_vectors_load);
	if (vectors) {
		RUN(test_defaults);
		RUN(test_unit_vectors);
		RUN(test_reference_sequences);
	}
	RUN(test_upstream_review_card);
	RUN(test_better_rating_never_shorter);
	RUN(test_recall_at_due_is_desired_retention);
	RUN(test_fuzz_interval);
	RUN(test_fuzz_on_off_and_seeded);
	RUN(test_params_validation);
	RUN(test_scheduler_validation);
	RUN(test_review_refusals);
	RUN(test_edges);
	json_decref(vectors);
	TEST_END();
}
