/*
** test_fsrs_optimizer.c - the FSRS parameter optimizer (src/srs/
** optimizer.h). A simulator draws review logs from known parameters with
** the scheduler itself; the optimizer must lower the log loss, recover the
** parameters approximately, be fast, and fall back to the defaults when it
** should.
*/
#include <stdlib.h>
#include <time.h>

#include "srs/fsrs.h"
#include "srs/optimizer.h"
#include "test.h"

/* ---- Simulator ---- */

static uint64_t sim_state;

static double sim_unit(void)
{
	uint64_t z = (sim_state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return (double)((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
}

/*
** Fills logs[0..cap) with `per_card` reviews of card after card, drawn
** from parameters w: a review at least a day after the previous one is
** recalled with the probability the model predicts, then rated Hard, Good
** or Easy; reviews happen at the due date or up to 150% of the interval
** late, so that the retrievability varies. Returns the number of reviews.
*/
static size_t simulate(const double *w, size_t per_card, struct fsrs_review_log *logs,
                       size_t cap, uint64_t seed)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	CHECK_INT(fsrs_scheduler_set_params(&s, w, FSRS_NPARAMS), 0);
	s.fuzz_seed = seed;
	sim_state = seed;
	size_t n = 0;
	for (int64_t id = (int64_t)seed * 1000000; n < cap; id++) {
		int64_t t = 1700000000 + (int64_t)(sim_unit() * 100 * 86400);
		struct fsrs_card c;
		fsrs_card_init(&c, id, t);
		for (size_t k = 0; k < per_card && n < cap; k++) {
			int rating;
			double u = sim_unit();
			if (c.last_review == FSRS_NEVER || t - c.last_review < 86400) {
				rating = u < 0.15 ? 1 : u < 0.25 ? 2 : u < 0.9 ? 3 : 4;
			} else if (u >= fsrs_retrievability(&s, &c, t)) {
				rating = FSRS_AGAIN;
			} else {
				double v = sim_unit();
				rating = v < 0.15 ? 2 : v < 0.85 ? 3 : 4;
			}
			logs[n++] = (struct fsrs_review_log){id, t, rating};
			CHECK_INT(fsrs_review(&s, &c, rating, t, &c), 0);
			int64_t interval = c.due - t;
			t = c.due;
			if (c.state == FSRS_REVIEW)
				t += (int64_t)(sim_unit() * 1.5 * (double)interval);
		}
	}
	return n;
}

/* Known parameters, some of them far from the defaults. */
static void truth_params(double *w)
{
	memcpy(w, fsrs_default_params, FSRS_NPARAMS * sizeof *w);
	w[0] = 0.6;
	w[1] = 2.0;
	w[2] = 4.0;
	w[3] = 12.0;
	w[8] = 1.5;
	w[11] = 2.2;
	w[20] = 0.35;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) * 1e-9;
}

static double loss_of(const struct fsrs_review_log *logs, size_t n, const double *w)
{
	double loss = NAN;
	CHECK_INT(fsrs_log_loss(logs, n, w, 64, &loss, NULL, NULL), 0);
	return loss;
}

#define N_LOGS 20000

static struct fsrs_review_log logs[N_LOGS], fresh[N_LOGS];

/* ---- Tests ---- */

TEST(test_log_loss_by_hand)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	int64_t t0 = 1700000000;
	/* Card 1: Good, then recalled 5 days later; card 2: Good, Again 30 days
	** later, same-day Good (not scored), then recalled 2 days later. */
	struct fsrs_review_log l[] = {
		{2, t0 + 30 * 86400, FSRS_AGAIN},
		{1, t0, FSRS_GOOD},
		{2, t0, FSRS_GOOD},
		{1, t0 + 5 * 86400, FSRS_GOOD},
		{2, t0 + 30 * 86400 + 600, FSRS_GOOD},
		{2, t0 + 32 * 86400 + 600, FSRS_EASY},
	};
	double r1 = fsrs_forgetting_curve(&s, 5, fsrs_default_params[2]);
	double r2 = fsrs_forgetting_curve(&s, 30, fsrs_default_params[2]);
	struct fsrs_card c;
	fsrs_card_init(&c, 2, t0);
	s.enable_fuzzing = false;
	fsrs_review(&s, &c, FSRS_GOOD, t0, &c);
	fsrs_review(&s, &c, FSRS_AGAIN, t0 + 30 * 86400, &c);
	fsrs_review(&s, &c, FSRS_GOOD, t0 + 30 * 86400 + 600, &c);
	double r3 = fsrs_retrievability(&s, &c, t0 + 32 * 86400 + 600);
	double loss;
	size_t scored = 0;
	CHECK_INT(fsrs_log_loss(l, 6, fsrs_default_params, 64, &loss, NULL, &scored), 0);
	CHECK_INT(scored, 3);
	CHECK_NEAR(loss, (-log(r1) - log(1 - r2) - log(r3)) / 3, 1e-15);

	/* Only the first max_seq_len reviews of a card count. */
	CHECK_INT(fsrs_log_loss(l, 6, fsrs_default_params, 3, &loss, NULL, &scored), 0);
	CHECK_INT(scored, 2);
	CHECK_NEAR(loss, (-log(r1) - log(1 - r2)) / 2, 1e-15);
	/* Nothing scored. */
	CHECK_INT(fsrs_log_loss(l + 1, 2, fsrs_default_params, 64, &loss, NULL, &scored), 0);
	CHECK_INT(scored, 0);
	CHECK(isnan(loss));
}

TEST(test_gradient_matches_finite_differences)
{
	double truth[FSRS_NPARAMS], w[FSRS_NPARAMS], grad[FSRS_NPARAMS], loss;
	truth_params(truth);
	size_t n = simulate(truth, 10, logs, 3000, 11);
	/* A point away from the bounds so that central differences are valid. */
	memcpy(w, fsrs_default_params, sizeof w);
	w[7] = 0.05;
	w[9] = 0.3;
	w[13] = 0.3;
	w[14] = 1.0;
	w[15] = 0.5;
	w[16] = 2.0;
	w[17] = 0.5;
	w[18] = 0.5;
	w[19] = 0.3;
	CHECK_INT(fsrs_log_loss(logs, n, w, 64, &loss, grad, NULL), 0);
	for (int i = 0; i < FSRS_NPARAMS; i++) {
		double h = 1e-6 * fmax(1.0, fabs(w[i])), wp[FSRS_NPARAMS], wm[FSRS_NPARAMS];
		memcpy(wp, w, sizeof w);
		memcpy(wm, w, sizeof w);
		wp[i] += h;
		wm[i] -= h;
		double fd = (loss_of(logs, n, wp) - loss_of(logs, n, wm)) / (2 * h);
		CHECK_NEAR(grad[i], fd, 1e-6 + 1e-5 * fabs(fd));
	}
}

TEST(test_optimizer_lowers_loss_fast)
{
	double truth[FSRS_NPARAMS];
	truth_params(truth);
	size_t n = simulate(truth, 10, logs, 10000, 7);
	CHECK_INT(n, 10000);
	struct fsrs_optimizer_result res;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_INT(fsrs_optimize(logs, n, NULL, &res), 0);
	double secs = seconds_since(&t0);
	printf("optimizer: %zu reviews (%zu + %zu scored) fitted in %.3f s; held-out log loss "
	       "%.4f -> %.4f\n", n, res.n_train, res.n_test, secs, res.loss_default,
	       res.loss_fitted);
	CHECK(secs < 5.0);
	CHECK_INT(res.outcome, FSRS_OPT_FITTED);
	CHECK_INT(res.held_out, 1);
	CHECK(res.best_epoch >= 1 && res.best_epoch <= 5);
	CHECK(res.loss_fitted < res.loss_default);
	CHECK_INT(fsrs_params_validate(res.w, FSRS_NPARAMS, NULL), 0);
	size_t scored;
	double loss;
	CHECK_INT(fsrs_log_loss(logs, n, fsrs_default_params, 64, &loss, NULL, &scored), 0);
	CHECK_INT(res.n_train + res.n_test, scored);
	CHECK(res.n_test > scored / 10 && res.n_test < scored / 3);

	/* Better on new data from the same learner, too. */
	size_t m = simulate(truth, 10, fresh, N_LOGS, 99);
	double ld = loss_of(fresh, m, fsrs_default_params), lf = loss_of(fresh, m, res.w);
	printf("optimizer: fresh-data log loss %.4f -> %.4f (truth %.4f)\n", ld, lf,
	       loss_of(fresh, m, truth));
	CHECK(lf < ld);

	/* The same log in another order gives the very same fit. */
	for (size_t i = n - 1; i > 0; i--) {
		size_t j = (size_t)(sim_unit() * (double)(i + 1));
		struct fsrs_review_log t = logs[i];
		logs[i] = logs[j];
		logs[j] = t;
	}
	struct fsrs_optimizer_result again;
	CHECK_INT(fsrs_optimize(logs, n, NULL, &again), 0);
	CHECK(memcmp(again.w, res.w, sizeof res.w) == 0);
}

/*
** py-fsrs's schedule (5 epochs at lr 0.04) moves each parameter by at most
** about 0.04 per step, so recovering parameters far from the defaults needs
** more steps: 20,000 reviews and 20 epochs here.
*/
TEST(test_optimizer_recovers_parameters)
{
	double truth[FSRS_NPARAMS];
	truth_params(truth);
	size_t n = simulate(truth, 10, logs, N_LOGS, 7);
	size_t m = simulate(truth, 10, fresh, N_LOGS, 99);
	struct fsrs_optimizer_options o;
	fsrs_optimizer_options_init(&o);
	o.epochs = 20;
	struct fsrs_optimizer_result res;
	CHECK_INT(fsrs_optimize(logs, n, &o, &res), 0);
	CHECK_INT(res.outcome, FSRS_OPT_FITTED);
	/* On new data, the fit closes most of the gap between the defaults
	** and the truth... */
	double lt = loss_of(fresh, m, truth), ld = loss_of(fresh, m, fsrs_default_params);
	double lf = loss_of(fresh, m, res.w);
	printf("optimizer: 20 epochs on %zu reviews; fresh-data log loss: defaults %.4f, "
	       "fitted %.4f, truth %.4f\n", n, ld, lf, lt);
	CHECK(lt < ld);
	CHECK((ld - lf) / (ld - lt) > 0.6);
	/* ...and the parameters the log determines best move most of the way
	** from the defaults to the truth: the initial stability for Good, the
	** growth of stability on recall and the decay of the forgetting curve. */
	static const int identified[] = {2, 8, 20};
	printf("optimizer: w[i] truth / default / fitted:");
	for (size_t k = 0; k < sizeof identified / sizeof identified[0]; k++) {
		int i = identified[k];
		printf("  w%d %.3f / %.3f / %.3f", i, truth[i], fsrs_default_params[i], res.w[i]);
		CHECK(fabs(res.w[i] - truth[i]) < 0.75 * fabs(fsrs_default_params[i] - truth[i]));
	}
	printf("\n");
}

TEST(test_optimizer_too_few_reviews)
{
	double truth[FSRS_NPARAMS];
	truth_params(truth);
	size_t n = simulate(truth, 10, logs, 400, 5);
	struct fsrs_optimizer_result res;
	CHECK_INT(fsrs_optimize(logs, n, NULL, &res), 0);
	CHECK_INT(res.outcome, FSRS_OPT_TOO_FEW_REVIEWS);
	CHECK(res.n_train < 512);
	CHECK(memcmp(res.w, fsrs_default_params, sizeof res.w) == 0);
	CHECK_INT(res.best_epoch, 0);
	CHECK(res.loss_fitted == res.loss_default);

	CHECK_INT(fsrs_optimize(NULL, 0, NULL, &res), 0);
	CHECK_INT(res.outcome, FSRS_OPT_TOO_FEW_REVIEWS);
	CHECK(isnan(res.loss_default));
	CHECK(memcmp(res.w, fsrs_default_params, sizeof res.w) == 0);

	/* The threshold is an option. */
	struct fsrs_optimizer_options o;
	fsrs_optimizer_options_init(&o);
	o.min_reviews = 100;
	o.test_fraction = 0.0;
	CHECK_INT(fsrs_optimize(logs, n, &o, &res), 0);
	CHECK(res.outcome != FSRS_OPT_TOO_FEW_REVIEWS);
	CHECK_INT(res.held_out, 0);
	CHECK_INT(res.n_test, 0);
}

TEST(test_optimizer_no_improvement)
{
	/* Every card is rated Good, then reviewed 5 days later: recalled in
	** training, forgotten in the held-out part. Whatever raises the
	** predicted recall for the first makes the second worse. */
	size_t n = 0;
	for (int64_t id = 1; n < 4000; id++) {
		int held_out = fsrs_optimizer_is_held_out(NULL, id);
		logs[n++] = (struct fsrs_review_log){id, 1700000000, FSRS_GOOD};
		logs[n++] = (struct fsrs_review_log){id, 1700000000 + 5 * 86400,
		                                     held_out ? FSRS_AGAIN : FSRS_GOOD};
	}
	struct fsrs_optimizer_result res;
	CHECK_INT(fsrs_optimize(logs, n, NULL, &res), 0);
	CHECK_INT(res.outcome, FSRS_OPT_NO_IMPROVEMENT);
	CHECK(res.loss_fitted >= res.loss_default);
	CHECK(res.best_epoch >= 1);
	CHECK(memcmp(res.w, fsrs_default_params, sizeof res.w) == 0);
}

TEST(test_optimizer_refusals)
{
	struct fsrs_review_log bad[] = {{1, 1700000000, FSRS_GOOD}, {1, 1700086400, 5}};
	struct fsrs_optimizer_result res;
	double loss;
	CHECK_INT(fsrs_optimize(bad, 2, NULL, &res), FSRS_EINVAL);
	bad[1].rating = 0;
	CHECK_INT(fsrs_optimize(bad, 2, NULL, &res), FSRS_EINVAL);
	bad[1].rating = FSRS_GOOD;
	bad[1].reviewed_at = INT64_MAX;
	CHECK_INT(fsrs_optimize(bad, 2, NULL, &res), FSRS_EINVAL);
	CHECK_INT(fsrs_log_loss(bad, 2, fsrs_default_params, 64, &loss, NULL, NULL),
	          FSRS_EINVAL);
	bad[1].reviewed_at = 1700086400;
	CHECK_INT(fsrs_optimize(bad, 2, NULL, &res), 0);
	CHECK_INT(fsrs_optimize(NULL, 2, NULL, &res), FSRS_EINVAL);
	CHECK_INT(fsrs_optimize(bad, 2, NULL, NULL), FSRS_EINVAL);

	struct fsrs_optimizer_options o, d;
	fsrs_optimizer_options_init(&d);
	o = d;
	o.epochs = 0;
	CHECK_INT(fsrs_optimize(bad, 2, &o, &res), FSRS_EINVAL);
	o = d;
	o.batch_size = 0;
	CHECK_INT(fsrs_optimize(bad, 2, &o, &res), FSRS_EINVAL);
	o = d;
	o.learning_rate = NAN;
	CHECK_INT(fsrs_optimize(bad, 2, &o, &res), FSRS_EINVAL);
	o = d;
	o.test_fraction = 0.95;
	CHECK_INT(fsrs_optimize(bad, 2, &o, &res), FSRS_EINVAL);
	o = d;
	o.max_seq_len = 0;
	CHECK_INT(fsrs_optimize(bad, 2, &o, &res), FSRS_EINVAL);

	double w[FSRS_NPARAMS];
	memcpy(w, fsrs_default_params, sizeof w);
	w[20] = 0.05;
	CHECK_INT(fsrs_log_loss(bad, 2, w, 64, &loss, NULL, NULL), FSRS_EINVAL);
}

TEST(test_held_out_split)
{
	size_t held = 0;
	for (int64_t id = 0; id < 10000; id++)
		held += (size_t)fsrs_optimizer_is_held_out(NULL, id);
	CHECK(held > 1800 && held < 2200);
	struct fsrs_optimizer_options o;
	fsrs_optimizer_options_init(&o);
	o.test_fraction = 0.0;
	CHECK_INT(fsrs_optimizer_is_held_out(&o, 123), 0);
}

int main(void)
{
	RUN(test_log_loss_by_hand);
	RUN(test_gradient_matches_finite_differences);
	RUN(test_optimizer_lowers_loss_fast);
	RUN(test_optimizer_recovers_parameters);
	RUN(test_optimizer_too_few_reviews);
	RUN(test_optimizer_no_improvement);
	RUN(test_optimizer_refusals);
	RUN(test_held_out_split);
	TEST_END();
}
