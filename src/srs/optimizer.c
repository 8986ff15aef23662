/*
** This file implements the parameter optimizer of optimizer.h: the split
** into training and held-out cards, the Adam loop with its cosine learning
** rate (as py-fsrs's torch code runs it), and the fall-backs to the
** defaults. The model and its gradient are in optimizer_model.c.
*/
#include "srs/optimizer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "srs/optimizer_model.h"

void fsrs_optimizer_options_init(struct fsrs_optimizer_options *o)
{
	*o = (struct fsrs_optimizer_options){
		.epochs = 5,
		.batch_size = 512,
		.learning_rate = 0.04,
		.max_seq_len = 64,
		.min_reviews = 512,
		.test_fraction = 0.2,
		.seed = 42,
	};
}

static bool fsrs_opt_options_valid(const struct fsrs_optimizer_options *o)
{
	return o->epochs >= 1 && o->epochs <= 10000 && o->batch_size >= 1 &&
	       o->learning_rate > 0.0 && o->learning_rate <= 10.0 && o->max_seq_len >= 1 &&
	       o->test_fraction >= 0.0 && o->test_fraction <= 0.9;
}

/* splitmix64: the split and the shuffles need reproducible randomness only. */
static uint64_t fsrs_opt_mix64(uint64_t z)
{
	z += UINT64_C(0x9e3779b97f4a7c15);
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double fsrs_opt_unit(uint64_t h)
{
	return (double)(h >> 11) * 0x1.0p-53;
}

static void fsrs_opt_shuffle(size_t *a, size_t n, uint64_t *state)
{
	for (size_t i = n; i > 1; i--) {
		*state += 1;
		/* unit() < 1, so j < i. */
		size_t j = (size_t)(fsrs_opt_unit(fsrs_opt_mix64(*state)) * (double)i);
		size_t t = a[i - 1];
		a[i - 1] = a[j];
		a[j] = t;
	}
}

int fsrs_optimizer_is_held_out(const struct fsrs_optimizer_options *opt, int64_t card_id)
{
	struct fsrs_optimizer_options o;
	if (opt)
		o = *opt;
	else
		fsrs_optimizer_options_init(&o);
	uint64_t h = fsrs_opt_mix64(fsrs_opt_mix64(o.seed) ^ (uint64_t)card_id);
	return fsrs_opt_unit(h) < o.test_fraction;
}

/* ---- Adam with a cosine-annealed learning rate, clamped to the bounds ---- */

struct fsrs_opt_adam {
	double m[FSRS_NPARAMS], v[FSRS_NPARAMS];
	long t;            /* Adam steps taken */
	long t_max;        /* the cosine schedule's period */
	double lr0;
};

static void fsrs_opt_adam_step(struct fsrs_opt_adam *a, double *w, const double *grad)
{
	const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
	for (int i = 0; i < FSRS_NPARAMS; i++)
		if (!isfinite(grad[i]))
			return;   /* an overflowed history; skip rather than poison w */
	/* torch's CosineAnnealingLR: the rate for step t (0-based). */
	const double pi = 3.14159265358979323846;
	double lr = a->lr0 * (1.0 + cos(pi * (double)a->t / (double)a->t_max)) / 2.0;
	a->t++;
	double bc1 = 1.0 - pow(b1, (double)a->t), bc2 = 1.0 - pow(b2, (double)a->t);
	for (int i = 0; i < FSRS_NPARAMS; i++) {
		a->m[i] = b1 * a->m[i] + (1.0 - b1) * grad[i];
		a->v[i] = b2 * a->v[i] + (1.0 - b2) * grad[i] * grad[i];
		double denom = sqrt(a->v[i]) / sqrt(bc2) + eps;
		w[i] -= lr / bc1 * a->m[i] / denom;
		w[i] = fmin(fmax(w[i], fsrs_params_lower[i]), fsrs_params_upper[i]);
	}
}

/*
** One epoch over the training cards, in the given order: the loss of each
** mini-batch of scored reviews is back-propagated (forward mode here) and
** w updated, the in-flight card forgetting its derivatives, as torch does.
*/
static void fsrs_opt_epoch(const struct fsrs_opt_data *d, const size_t *order, size_t n,
                           size_t batch, struct fsrs_opt_adam *adam, double *w)
{
	struct fsrs_opt_model model;
	double grad[FSRS_NPARAMS] = {0}, loss = 0.0;
	size_t count = 0;
	fsrs_opt_model_prepare(&model, w);
	for (size_t k = 0; k < n; k++) {
		const struct fsrs_opt_card *c = &d->cards[order[k]];
		struct fsrs_opt_memory mem = {.known = false};
		for (size_t j = 0; j < c->count; j++) {
			count += fsrs_opt_model_step(&model, &mem, &d->reviews[c->first + j],
			                             &loss, grad);
			if (count < batch)
				continue;
			fsrs_opt_adam_step(adam, w, grad);
			fsrs_opt_model_prepare(&model, w);
			fsrs_opt_memory_detach(&mem);
			memset(grad, 0, sizeof grad);
			count = 0;
		}
	}
	if (count > 0)
		fsrs_opt_adam_step(adam, w, grad);
}

/* Mean loss over cards idx[0..n), NAN when none is scored. */
static double fsrs_opt_mean_loss(const struct fsrs_opt_data *d, const size_t *idx,
                                 size_t n, const double *w)
{
	size_t scored;
	double sum = fsrs_opt_loss(d, idx, n, w, &scored);
	return scored ? sum / (double)scored : NAN;
}

static void fsrs_opt_train(const struct fsrs_opt_data *d, size_t *train, size_t n_cards,
                           size_t n_scored, const struct fsrs_optimizer_options *o,
                           double *best, int *best_epoch)
{
	struct fsrs_opt_adam adam = {.lr0 = o->learning_rate};
	adam.t_max = (long)((n_scored + o->batch_size - 1) / o->batch_size) * o->epochs;
	double w[FSRS_NPARAMS], best_loss = INFINITY;
	memcpy(w, fsrs_default_params, sizeof w);
	memcpy(best, fsrs_default_params, sizeof w);
	*best_epoch = 0;
	uint64_t rng = fsrs_opt_mix64(o->seed ^ UINT64_C(0x5eed));
	for (int e = 1; e <= o->epochs; e++) {
		fsrs_opt_shuffle(train, n_cards, &rng);
		fsrs_opt_epoch(d, train, n_cards, o->batch_size, &adam, w);
		double loss = fsrs_opt_mean_loss(d, train, n_cards, w);
		if (loss < best_loss) {
			best_loss = loss;
			memcpy(best, w, sizeof w);
			*best_epoch = e;
		}
	}
}

int fsrs_optimize(const struct fsrs_review_log *logs, size_t n,
                  const struct fsrs_optimizer_options *opt,
                  struct fsrs_optimizer_result *out)
{
	struct fsrs_optimizer_options o;
	if (opt)
		o = *opt;
	else
		fsrs_optimizer_options_init(&o);
	if (!fsrs_opt_options_valid(&o) || out == NULL)
		return FSRS_EINVAL;

	struct fsrs_opt_data d;
	int rc = fsrs_opt_data_build(&d, logs, n, o.max_seq_len);
	if (rc != 0)
		return rc;
	size_t *idx = malloc((d.n_cards ? d.n_cards : 1) * sizeof *idx);
	if (idx == NULL) {
		fsrs_opt_data_release(&d);
		return FSRS_ENOMEM;
	}

	/* Training cards fill idx from the front, held-out ones from the back;
	** the split hashes the card id, so it does not depend on the order. */
	size_t n_train_cards = 0, n_test_cards = 0, n_train = 0, n_test = 0;
	for (size_t i = 0; i < d.n_cards; i++) {
		if (fsrs_optimizer_is_held_out(&o, d.card_ids[i])) {
			idx[d.n_cards - ++n_test_cards] = i;
			n_test += d.cards[i].n_scored;
		} else {
			idx[n_train_cards++] = i;
			n_train += d.cards[i].n_scored;
		}
	}
	size_t *test = idx + n_train_cards;
	const size_t *eval = n_test > 0 ? test : idx;
	size_t n_eval = n_test > 0 ? n_test_cards : n_train_cards;

	*out = (struct fsrs_optimizer_result){0};
	memcpy(out->w, fsrs_default_params, sizeof out->w);
	out->n_train = n_train;
	out->n_test = n_test;
	out->held_out = n_test > 0;
	out->loss_default = fsrs_opt_mean_loss(&d, eval, n_eval, fsrs_default_params);
	out->loss_fitted = out->loss_default;
	out->outcome = FSRS_OPT_TOO_FEW_REVIEWS;

	if (n_train >= o.min_reviews && n_train > 0) {
		double best[FSRS_NPARAMS];
		fsrs_opt_train(&d, idx, n_train_cards, n_train, &o, best, &out->best_epoch);
		out->loss_fitted = fsrs_opt_mean_loss(&d, eval, n_eval, best);
		if (out->loss_fitted < out->loss_default) {
			memcpy(out->w, best, sizeof best);
			out->outcome = FSRS_OPT_FITTED;
		} else {
			out->outcome = FSRS_OPT_NO_IMPROVEMENT;
		}
	}
	free(idx);
	fsrs_opt_data_release(&d);
	return 0;
}

int fsrs_log_loss(const struct fsrs_review_log *logs, size_t n, const double *w,
                  size_t max_seq_len, double *loss, double *grad, size_t *n_scored)
{
	if (fsrs_params_validate(w, FSRS_NPARAMS, NULL) != 0 || loss == NULL ||
	    max_seq_len == 0)
		return FSRS_EINVAL;
	struct fsrs_opt_data d;
	int rc = fsrs_opt_data_build(&d, logs, n, max_seq_len);
	if (rc != 0)
		return rc;
	size_t *idx = malloc((d.n_cards ? d.n_cards : 1) * sizeof *idx);
	if (idx == NULL) {
		fsrs_opt_data_release(&d);
		return FSRS_ENOMEM;
	}
	for (size_t i = 0; i < d.n_cards; i++)
		idx[i] = i;
	size_t scored;
	double sum = fsrs_opt_loss(&d, idx, d.n_cards, w, &scored);
	*loss = scored ? sum / (double)scored : NAN;
	if (n_scored)
		*n_scored = scored;

	if (grad) {
		struct fsrs_opt_model model;
		double g[FSRS_NPARAMS] = {0}, unused = 0.0;
		fsrs_opt_model_prepare(&model, w);
		for (size_t i = 0; i < d.n_cards; i++) {
			struct fsrs_opt_memory mem = {.known = false};
			for (size_t j = 0; j < d.cards[i].count; j++)
				fsrs_opt_model_step(&model, &mem, &d.reviews[d.cards[i].first + j],
				                    &unused, g);
		}
		for (int i = 0; i < FSRS_NPARAMS; i++)
			grad[i] = scored ? g[i] / (double)scored : 0.0;
	}
	free(idx);
	fsrs_opt_data_release(&d);
	return 0;
}
