/*
** This file implements the optimizer's model (optimizer_model.h): grouping
** the review log per card, the log loss computed by replaying the cards
** through fsrs_review(), and the same FSRS-6 memory model written with
** dual numbers so that one pass yields the loss and its exact gradient.
*/
#include "srs/optimizer_model.h"

#include <math.h>
#include <stdlib.h>

/* ---- The review log, per card ---- */

struct fsrs_opt_sorted {
	int64_t card_id;
	int64_t at;
	size_t idx;      /* position in the input, to keep ties in input order */
	int rating;
};

static int fsrs_opt_sorted_cmp(const void *pa, const void *pb)
{
	const struct fsrs_opt_sorted *a = pa, *b = pb;
	if (a->card_id != b->card_id)
		return a->card_id < b->card_id ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int64_t fsrs_opt_floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int fsrs_opt_data_build(struct fsrs_opt_data *d, const struct fsrs_review_log *logs,
                        size_t n, size_t max_seq_len)
{
	*d = (struct fsrs_opt_data){0};
	if (n > 0 && logs == NULL)
		return FSRS_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (logs[i].rating < FSRS_AGAIN || logs[i].rating > FSRS_EASY ||
		    logs[i].reviewed_at < -FSRS_TIME_LIMIT ||
		    logs[i].reviewed_at > FSRS_TIME_LIMIT)
			return FSRS_EINVAL;
	if (n == 0)
		return 0;
	if (n > SIZE_MAX / sizeof(struct fsrs_opt_sorted))
		return FSRS_ENOMEM;

	struct fsrs_opt_sorted *tmp = malloc(n * sizeof *tmp);
	d->reviews = malloc(n * sizeof *d->reviews);
	d->cards = malloc(n * sizeof *d->cards);
	d->card_ids = malloc(n * sizeof *d->card_ids);
	if (!tmp || !d->reviews || !d->cards || !d->card_ids) {
		free(tmp);
		fsrs_opt_data_release(d);
		return FSRS_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		tmp[i] = (struct fsrs_opt_sorted){logs[i].card_id, logs[i].reviewed_at, i,
		                                  logs[i].rating};
	qsort(tmp, n, sizeof *tmp, fsrs_opt_sorted_cmp);

	size_t nr = 0;
	for (size_t i = 0; i < n; i++) {
		bool first = i == 0 || tmp[i].card_id != tmp[i - 1].card_id;
		if (first) {
			d->card_ids[d->n_cards] = tmp[i].card_id;
			d->cards[d->n_cards++] = (struct fsrs_opt_card){nr, 0, 0};
		}
		struct fsrs_opt_card *c = &d->cards[d->n_cards - 1];
		if (c->count >= max_seq_len)
			continue;
		int64_t days = first ? -1 : fsrs_opt_floor_div(tmp[i].at - tmp[i - 1].at, 86400);
		d->reviews[nr++] = (struct fsrs_opt_review){tmp[i].at, days, tmp[i].rating};
		c->count++;
		c->n_scored += days > 0;
	}
	free(tmp);
	return 0;
}

void fsrs_opt_data_release(struct fsrs_opt_data *d)
{
	free(d->reviews);
	free(d->cards);
	free(d->card_ids);
	*d = (struct fsrs_opt_data){0};
}

/* ---- Log loss, as torch.nn.BCELoss computes it ---- */

static double fsrs_opt_bce(double r, int recalled)
{
	/* BCELoss clamps each log at -100. */
	return -fmax(recalled ? log(r) : log(1.0 - r), -100.0);
}

static double fsrs_opt_bce_grad(double r, int recalled)
{
	/* BCELoss's backward: (R - y) / max(R (1 - R), 1e-12). */
	return (r - (recalled ? 1.0 : 0.0)) / fmax(r * (1.0 - r), 1e-12);
}

double fsrs_opt_loss(const struct fsrs_opt_data *d, const size_t *idx, size_t n,
                     const double *w, size_t *n_scored)
{
	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	s.enable_fuzzing = false;
	for (size_t i = 0; i < FSRS_NPARAMS; i++)
		s.w[i] = w[i];
	double sum = 0.0;
	size_t scored = 0;
	for (size_t k = 0; k < n; k++) {
		const struct fsrs_opt_card *c = &d->cards[idx[k]];
		const struct fsrs_opt_review *r = &d->reviews[c->first];
		struct fsrs_card card;
		fsrs_card_init(&card, d->card_ids[idx[k]], r[0].at);
		for (size_t j = 0; j < c->count; j++) {
			if (r[j].days > 0) {
				sum += fsrs_opt_bce(fsrs_retrievability(&s, &card, r[j].at),
				                    r[j].rating != FSRS_AGAIN);
				scored++;
			}
			/* Cannot fail: w is within bounds and the times were checked. */
			(void)fsrs_review(&s, &card, r[j].rating, r[j].at, &card);
		}
	}
	*n_scored = scored;
	return sum;
}

/* ---- Dual numbers: a value and its 21 partial derivatives ---- */

typedef struct fsrs_dual dual;

static dual dual_const(double v)
{
	return (dual){.v = v};
}

static dual dual_add(dual a, dual b)
{
	a.v += b.v;
	for (int i = 0; i < FSRS_NPARAMS; i++)
		a.d[i] += b.d[i];
	return a;
}

static dual dual_sub(dual a, dual b)
{
	a.v -= b.v;
	for (int i = 0; i < FSRS_NPARAMS; i++)
		a.d[i] -= b.d[i];
	return a;
}

static dual dual_addc(dual a, double c)
{
	a.v += c;
	return a;
}

static dual dual_scale(dual a, double c)
{
	a.v *= c;
	for (int i = 0; i < FSRS_NPARAMS; i++)
		a.d[i] *= c;
	return a;
}

static dual dual_mul(dual a, dual b)
{
	dual r = {.v = a.v * b.v};
	for (int i = 0; i < FSRS_NPARAMS; i++)
		r.d[i] = a.d[i] * b.v + a.v * b.d[i];
	return r;
}

static dual dual_div(dual a, dual b)
{
	dual r = {.v = a.v / b.v};
	for (int i = 0; i < FSRS_NPARAMS; i++)
		r.d[i] = (a.d[i] - r.v * b.d[i]) / b.v;
	return r;
}

/* e ** a */
static dual dual_exp(dual a)
{
	double v = exp(a.v);
	dual r = dual_scale(a, v);
	r.v = v;
	return r;
}

/* a ** b, for a > 0 */
static dual dual_pow(dual a, dual b)
{
	double v = pow(a.v, b.v), da = v * b.v / a.v, db = v * log(a.v);
	dual r = {.v = v};
	for (int i = 0; i < FSRS_NPARAMS; i++)
		r.d[i] = da * a.d[i] + db * b.d[i];
	return r;
}

/* c ** b, for a constant c > 0 */
static dual dual_cpow(double c, dual b)
{
	double v = pow(c, b.v);
	dual r = dual_scale(b, v * log(c));
	r.v = v;
	return r;
}

/* Like torch's min, max and clamp, the derivative is that of the branch taken. */
static dual dual_maxc(dual a, double c)
{
	return a.v >= c ? a : dual_const(c);
}

static dual dual_min(dual a, dual b)
{
	return a.v <= b.v ? a : b;
}

static dual dual_clamp(dual a, double lo, double hi)
{
	if (a.v < lo)
		return dual_const(lo);
	return a.v > hi ? dual_const(hi) : a;
}

/* ---- The FSRS-6 memory model in dual numbers (same formulas as fsrs.c) ---- */

void fsrs_opt_model_prepare(struct fsrs_opt_model *m, const double *w)
{
	const dual *W = m->w;
	for (int i = 0; i < FSRS_NPARAMS; i++) {
		m->w[i] = dual_const(w[i]);
		m->w[i].d[i] = 1.0;
	}
	m->decay = dual_scale(W[20], -1.0);
	m->factor = dual_addc(dual_cpow(0.9, dual_div(dual_const(1.0), m->decay)), -1.0);
	for (int g = FSRS_AGAIN; g <= FSRS_EASY; g++) {
		m->s0[g] = dual_maxc(W[g - 1], 0.001);
		dual d0 = dual_addc(dual_sub(W[4], dual_exp(dual_scale(W[5], g - 1))), 1.0);
		m->d0[g] = dual_clamp(d0, 1.0, 10.0);
		m->short_inc[g] = dual_exp(dual_mul(W[17], dual_addc(W[18], g - 3)));
	}
	/* Mean reversion towards the unclamped D0(Easy): w7 * D0(4) + (1 - w7) * D'. */
	dual d0_easy = dual_addc(dual_sub(W[4], dual_exp(dual_scale(W[5], 3.0))), 1.0);
	m->reversion = dual_mul(W[7], d0_easy);
	m->keep = dual_sub(dual_const(1.0), W[7]);
	m->exp_w8 = dual_exp(W[8]);
	m->forget_div = dual_exp(dual_mul(W[17], W[18]));
	m->s0[0] = m->d0[0] = m->short_inc[0] = dual_const(0.0);
}

void fsrs_opt_memory_detach(struct fsrs_opt_memory *mem)
{
	mem->s = dual_const(mem->s.v);
	mem->d = dual_const(mem->d.v);
}

static dual fsrs_opt_recall(const struct fsrs_opt_model *m, dual s, dual d, dual r, int g)
{
	const dual *W = m->w;
	dual x = dual_mul(m->exp_w8, dual_sub(dual_const(11.0), d));
	x = dual_mul(x, dual_pow(s, dual_scale(W[9], -1.0)));
	x = dual_mul(x, dual_addc(dual_exp(dual_mul(dual_sub(dual_const(1.0), r), W[10])),
	                          -1.0));
	if (g == FSRS_HARD)
		x = dual_mul(x, W[15]);
	if (g == FSRS_EASY)
		x = dual_mul(x, W[16]);
	return dual_mul(s, dual_addc(x, 1.0));
}

static dual fsrs_opt_forget(const struct fsrs_opt_model *m, dual s, dual d, dual r)
{
	const dual *W = m->w;
	dual x = dual_mul(W[11], dual_pow(d, dual_scale(W[12], -1.0)));
	x = dual_mul(x, dual_addc(dual_pow(dual_addc(s, 1.0), W[13]), -1.0));
	x = dual_mul(x, dual_exp(dual_mul(dual_sub(dual_const(1.0), r), W[14])));
	return dual_min(x, dual_div(s, m->forget_div));
}

int fsrs_opt_model_step(const struct fsrs_opt_model *m, struct fsrs_opt_memory *mem,
                        const struct fsrs_opt_review *r, double *loss, double *grad)
{
	const dual *W = m->w;
	int g = r->rating, scored = 0;
	if (!mem->known || r->days < 0) {
		mem->s = m->s0[g];
		mem->d = m->d0[g];
		mem->known = true;
		return 0;
	}
	dual s = mem->s, d = mem->d;
	if (r->days > 0) {
		/* R = (1 + FACTOR * t / S) ** DECAY, before this review. */
		dual base = dual_addc(dual_div(dual_scale(m->factor, (double)r->days), s), 1.0);
		dual rr = dual_pow(base, m->decay);
		int recalled = g != FSRS_AGAIN;
		*loss += fsrs_opt_bce(rr.v, recalled);
		double k = fsrs_opt_bce_grad(rr.v, recalled);
		for (int i = 0; i < FSRS_NPARAMS; i++)
			grad[i] += k * rr.d[i];
		scored = 1;
		s = g == FSRS_AGAIN ? fsrs_opt_forget(m, s, d, rr) : fsrs_opt_recall(m, s, d, rr, g);
		s = dual_maxc(s, 0.001);
	} else {
		dual inc = dual_mul(m->short_inc[g], dual_pow(s, dual_scale(W[19], -1.0)));
		if (g >= FSRS_GOOD)
			inc = dual_maxc(inc, 1.0);
		s = dual_maxc(dual_mul(s, inc), 0.001);
	}
	/* D' = D + (10 - D) * (-w6 (G - 3)) / 9, then mean reversion and clamp. */
	dual delta = dual_scale(W[6], -(double)(g - 3));
	dual damped = dual_add(d, dual_scale(dual_mul(dual_sub(dual_const(10.0), d), delta),
	                                     1.0 / 9.0));
	mem->d = dual_clamp(dual_add(m->reversion, dual_mul(m->keep, damped)), 1.0, 10.0);
	mem->s = s;
	return scored;
}
