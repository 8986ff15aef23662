/*
** optimizer.h - fit the 21 FSRS-6 parameters to a learner's review log.
**
** What it does is what py-fsrs's Optimizer does (ALGORITHM.md §11): each
** card's first 64 reviews are replayed through the scheduler; before each
** review at least one whole day after the previous one, the predicted
** recall R is scored against the outcome (Again = forgotten, anything
** else = recalled) with the log loss -(y ln R + (1 - y) ln(1 - R));
** same-day reviews update the memory state but are not scored. Training is
** Adam (lr 0.04) over mini-batches of 512 scored reviews, cosine-annealed,
** 5 epochs from the defaults, parameters clamped to the scheduler's bounds
** after every step; the epoch with the lowest training loss is kept.
**
** Two safeguards are added to py-fsrs's: the cards are split (by a hash of
** their id) into a training part and a held-out part, the losses reported
** are measured on the held-out part, and the defaults are returned when the
** fitted parameters do not beat them there. Fewer than min_reviews scored
** training reviews also gives the defaults, as in py-fsrs.
**
** Gradients are exact, computed in forward mode (dual numbers carrying
** the 21 partial derivatives along each card's history). The model is a
** short recurrence per card with 21 inputs, so forward mode costs about
** 21 times one pass, needs no tape, and reproduces torch's truncation of
** the history at mini-batch boundaries by zeroing the card's derivatives;
** finite differences would need 22 passes per mini-batch and be inexact
** at the model's min/max/clamp kinks. 10,000 reviews fit in well under a
** second.
**
** The functions here allocate working memory and free it before
** returning; they keep nothing and are thread-safe.
*/
#ifndef CARTABLE_SRS_OPTIMIZER_H
#define CARTABLE_SRS_OPTIMIZER_H

#include <stddef.h>
#include <stdint.h>

#include "srs/fsrs.h"

#define FSRS_ENOMEM (-12)    /* out of memory */

/* One review as logged. The order of an array of them does not matter. */
struct fsrs_review_log {
	int64_t card_id;
	int64_t reviewed_at;    /* Unix seconds, within +-FSRS_TIME_LIMIT */
	int rating;             /* 1..4 */
};

struct fsrs_optimizer_options {
	int epochs;             /* 5 */
	size_t batch_size;      /* 512 scored reviews per Adam step */
	double learning_rate;   /* 0.04, the initial rate of the cosine schedule */
	size_t max_seq_len;     /* 64: only a card's first reviews are used */
	size_t min_reviews;     /* 512 scored training reviews, else defaults */
	double test_fraction;   /* 0.2 of the cards held out, in [0, 0.9] */
	uint64_t seed;          /* 42: card order shuffles and the split */
};

enum fsrs_optimizer_outcome {
	FSRS_OPT_FITTED = 0,          /* w holds fitted parameters */
	FSRS_OPT_TOO_FEW_REVIEWS = 1, /* w holds the defaults */
	FSRS_OPT_NO_IMPROVEMENT = 2,  /* w holds the defaults */
};

struct fsrs_optimizer_result {
	double w[FSRS_NPARAMS];   /* the parameters to use */
	int outcome;              /* enum fsrs_optimizer_outcome */
	/* Mean log loss of the defaults and of the fitted parameters on the
	** held-out cards (on the training cards if none is held out or none of
	** their reviews is scored); equal when nothing was fitted; NAN when no
	** review at all is scored. */
	double loss_default;
	double loss_fitted;
	int held_out;             /* 1 if the losses are held-out ones */
	size_t n_train;           /* scored reviews used for training */
	size_t n_test;            /* scored held-out reviews */
	int best_epoch;           /* 1-based; 0 when nothing was fitted */
};

/* fsrs_optimizer_options_init() sets the defaults listed above. */
void fsrs_optimizer_options_init(struct fsrs_optimizer_options *o);

/*
** fsrs_optimize() fits parameters to `n` reviews (NULL options = the
** defaults) and fills *out. Returns 0, including when it falls back to the
** defaults (see out->outcome); FSRS_EINVAL for a rating outside 1..4, a
** time out of range or bad options; FSRS_ENOMEM.
*/
int fsrs_optimize(const struct fsrs_review_log *logs, size_t n,
                  const struct fsrs_optimizer_options *opt,
                  struct fsrs_optimizer_result *out);

/*
** fsrs_optimizer_is_held_out() says whether fsrs_optimize() with these
** options (NULL = the defaults) holds card_id out of training to measure
** the losses: 1 or 0. The split hashes (seed, card id) only, so a card
** stays on the same side whatever else the log contains.
*/
int fsrs_optimizer_is_held_out(const struct fsrs_optimizer_options *opt, int64_t card_id);

/*
** fsrs_log_loss() is the mean log loss of parameters w over all the cards
** of `logs` (first max_seq_len reviews of each), computed with
** fsrs_review() itself. When grad is not NULL, it also receives the exact
** gradient of that mean with respect to w (the optimizer's computation, so
** tests can compare it with finite differences). *n_scored (if not NULL)
** gets the number of scored reviews; with none, *loss is NAN and the
** gradient 0. Returns 0, FSRS_EINVAL (bad review, or w out of bounds) or
** FSRS_ENOMEM.
*/
int fsrs_log_loss(const struct fsrs_review_log *logs, size_t n, const double *w,
                  size_t max_seq_len, double *loss, double *grad, size_t *n_scored);

#endif
