/*
** optimizer_model.h - internal to the optimizer (optimizer.c): the review
** log grouped per card, the loss computed with the scheduler, and the same
** model in forward-mode dual numbers for exact gradients. Not an API for
** other modules; use optimizer.h.
*/
#ifndef CARTABLE_SRS_OPTIMIZER_MODEL_H
#define CARTABLE_SRS_OPTIMIZER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "srs/fsrs.h"
#include "srs/optimizer.h"

/* One review of a card, with what does not depend on the parameters. */
struct fsrs_opt_review {
	int64_t at;        /* Unix seconds */
	int64_t days;      /* floored whole days since the card's previous review; -1 first */
	int rating;
};

/* The reviews of one card: data->reviews[first .. first + count). */
struct fsrs_opt_card {
	size_t first;
	size_t count;
	size_t n_scored;   /* reviews with days > 0 */
};

struct fsrs_opt_data {
	struct fsrs_opt_review *reviews;
	struct fsrs_opt_card *cards;
	size_t n_cards;
	int64_t *card_ids;   /* card_ids[i] is the id of cards[i] */
};

/*
** fsrs_opt_data_build() groups `logs` per card (cards in increasing id,
** reviews in time order, ties in input order) keeping the first
** max_seq_len reviews of each. Returns 0, FSRS_EINVAL (rating or time out
** of range) or FSRS_ENOMEM. Release with fsrs_opt_data_release().
*/
int fsrs_opt_data_build(struct fsrs_opt_data *d, const struct fsrs_review_log *logs,
                        size_t n, size_t max_seq_len);
void fsrs_opt_data_release(struct fsrs_opt_data *d);

/*
** fsrs_opt_loss() is the summed log loss of w over the cards whose indexes
** are listed in idx[0..n), replaying them with fsrs_review(); *n_scored
** counts the scored reviews. w must be within bounds.
*/
double fsrs_opt_loss(const struct fsrs_opt_data *d, const size_t *idx, size_t n,
                     const double *w, size_t *n_scored);

/* A value with its partial derivatives with respect to w[0..20]. */
struct fsrs_dual {
	double v;
	double d[FSRS_NPARAMS];
};

/* What depends on w only, computed once per parameter update. */
struct fsrs_opt_model {
	struct fsrs_dual w[FSRS_NPARAMS];
	struct fsrs_dual decay, factor;
	struct fsrs_dual s0[5], d0[5], short_inc[5];    /* indexed by rating */
	struct fsrs_dual exp_w8, forget_div, reversion, keep;
};

/* A card's memory state and its derivatives. */
struct fsrs_opt_memory {
	struct fsrs_dual s, d;
	bool known;
};

void fsrs_opt_model_prepare(struct fsrs_opt_model *m, const double *w);

/*
** fsrs_opt_model_step() advances *mem by review r. When the review is
** scored it adds its log loss to *loss and its gradient to grad[] and
** returns 1; otherwise returns 0.
*/
int fsrs_opt_model_step(const struct fsrs_opt_model *m, struct fsrs_opt_memory *mem,
                        const struct fsrs_opt_review *r, double *loss, double *grad);

/* Forgets the derivatives of *mem (torch's detach() at a batch boundary). */
void fsrs_opt_memory_detach(struct fsrs_opt_memory *mem);

#endif
