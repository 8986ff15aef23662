/*
** srs.h - spaced repetition: course decks, daily reviews, statistics and
** per-learner optimisation, on the FSRS-6 scheduler (fsrs.h).
**
** A course may have one deck. Its cards are written by authors (front and
** back in Markdown, or a cloze text making one card per cloze number, see
** cloze.h; an image with its text alternative), imported from GIFT
** questions, or added by a learner for themselves ("own cards", seen by
** nobody else). What an author writes is a *note*; the *cards* are what is
** reviewed: one per note, or one per cloze number. Editing a note keeps
** its cards (and so every learner's history); a cloze number that
** disappears makes its card inactive, not deleted.
**
** Each learner has, per card they have seen, an FSRS memory state
** (stability, difficulty, due time), and every rating is logged with the
** state before and after, so that the log replays and trains the
** optimizer. A card never rated is "new": it has no state.
**
** Who may do what (everything within the request's tenant; anything else
** is ERR_NOT_FOUND, the same answer as a missing record):
**   - a learner reviews the published decks of the courses they follow
**     (enrolment_follows()), adds and edits their own cards there, and
**     reads only their own reviews and statistics;
**   - the course's staff (teachers, advisors) see its deck, its cards and
**     the cards learners fail most; authors and admins (COURSE_EDITOR)
**     also create and edit decks and cards and set their bounds.
**
** Numbers: desired retention is in per mille (900 is 0.90); times are Unix
** seconds; days are counted in the server's time zone (Europe/Paris),
** starting at midnight. Strings are allocated in r->arena.
*/
#ifndef CARTABLE_SRS_H
#define CARTABLE_SRS_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"
#include "srs/fsrs.h"

/* Bounds an author may give a deck's desired retention (per mille). */
#define SRS_RETENTION_FLOOR 700
#define SRS_RETENTION_CEIL 990
#define SRS_NEW_PER_DAY_MAX 500
/* A card due within this many seconds may be rated already (Anki's
** "learn ahead"): a learning step of 1 or 10 minutes need not be waited. */
#define SRS_LEARN_AHEAD 1200
/* Without a version, the same rating of a card repeated within this many
** seconds is taken as a repeat of the first (a double submit). */
#define SRS_REPEAT_WINDOW 10
#define SRS_UNDO_WINDOW 86400  /* how old a review may be to be undone */
#define SRS_NOTE_MAX 20000     /* bytes of a note's front or back */

/* ---- Decks and cards (decks.c) ---- */

struct srs_deck {
	int64_t id, course_id;
	char *title, *course_title, *description_md;
	int retention, retention_min, retention_max;  /* per mille */
	int new_per_day;
	bool published;
	bool fitted;              /* parameters fitted on the course's log */
	int64_t cards;            /* active cards of the deck (not learners' own) */
	int access;               /* enum course_access of the signed-in person */
	/* for a learner (srs_decks_for_learner(), srs_deck_get()): */
	int my_retention;         /* their own choice; 0: the deck's */
	int64_t due_now;          /* cards due now */
	int64_t new_left;         /* new cards they may still see today */
};

/*
** srs_decks_for_learner() lists the published decks of the courses
** learner_id follows (the signed-in learner themselves), each with the
** cards due now and the new cards left today. Count or ERR_*.
*/
int srs_decks_for_learner(struct req *r, int64_t now, struct srs_deck **out);

struct srs_course_deck {
	int64_t course_id, deck_id;   /* deck_id 0: the course has none yet */
	char *course_title, *deck_title;
	int64_t cards;
};

/* srs_decks_for_staff() lists the courses the signed-in person teaches
** (authors and admins: every course of the tenant, at most 500) with their
** deck if any. Count or ERR_*. */
int srs_decks_for_staff(struct req *r, struct srs_course_deck **out);

/* srs_deck_get() reads a deck the signed-in person may see (see above);
** out->access says how. ERR_NOT_FOUND otherwise. */
MUST_CHECK int srs_deck_get(struct req *r, int64_t deck_id, int64_t now, struct srs_deck *out);

/* srs_deck_of_course() is the deck id of a course, 0 if none. */
int64_t srs_deck_of_course(struct req *r, int64_t course_id);

/*
** srs_deck_create() gives course_id a deck (authors and admins); the
** defaults are retention 900 within [800, 950] and 20 new cards a day.
** ERR_CONFLICT when the course has one already (*id is then set to it),
** ERR_NOT_FOUND, ERR_FORBIDDEN, ERR_INVALID (title).
*/
MUST_CHECK int srs_deck_create(struct req *r, int64_t course_id, const char *title, int64_t *id,
                               struct err *e);

struct srs_deck_input {
	const char *title, *description_md;
	const char *retention, *retention_min, *retention_max; /* "0.9", "0,9", "90 %" or "900" */
	const char *new_per_day;
	bool published;
};

/* srs_deck_update() changes a deck's settings (authors and admins). The
** bounds must lie within [SRS_RETENTION_FLOOR, SRS_RETENTION_CEIL] and hold
** the deck's retention; ERR_INVALID names the field at fault. */
MUST_CHECK int srs_deck_update(struct req *r, int64_t deck_id, const struct srs_deck_input *in,
                               struct err *e);

/*
** srs_retention_parse() reads a desired retention as people type it:
** "0.9", "0,85", "90", "90 %", "87,5 %" or per mille "875", into per mille.
** Returns false for anything else or outside [1, 999].
*/
bool srs_retention_parse(const char *s, int *per_mille);

/* srs_learner_retention_set() records the signed-in learner's own desired
** retention for a deck they follow ("" or NULL: back to the deck's); it
** must lie within the deck's bounds (ERR_INVALID). */
MUST_CHECK int srs_learner_retention_set(struct req *r, int64_t deck_id, const char *value,
                                         struct err *e);

struct srs_note {
	int64_t id, deck_id, owner_id, course_id;
	char *kind;               /* "basic" or "cloze" */
	char *front_md, *back_md;
	char *image_sha256, *image_type, *image_alt;  /* NULL without image */
	char *origin;             /* author, learner, gift, question */
	int ncards;               /* active cards (cloze numbers) */
	int64_t updated_at;
};

struct srs_note_input {
	const char *kind;         /* "basic" or "cloze" (fixed once created) */
	const char *front_md, *back_md;
	const struct upload *image;   /* PNG, JPEG, GIF or WebP by content; NULL: keep */
	const char *image_alt;    /* required with an image */
	bool remove_image;
	const char *origin;       /* NULL: author or learner, from who writes */
	/* an image already stored (a question's medium): its SHA-256 and type */
	const char *image_sha256, *image_type;
	int64_t source_id;        /* the question it was made from, or 0 */
};

/*
** srs_note_add() writes a note into a deck: a deck card when the signed-in
** person edits the course (COURSE_EDITOR), the learner's own card when
** they follow it. Makes its cards (one per cloze number). Returns 0 with
** *id and *ncards set; ERR_INVALID (empty side, no cloze in a cloze text,
** image type, missing alternative) with a French message naming the field;
** ERR_NOT_FOUND; ERR_FORBIDDEN (staff who do not edit).
*/
MUST_CHECK int srs_note_add(struct req *r, int64_t deck_id, const struct srs_note_input *in,
                            int64_t *id, int *ncards, struct err *e);

/* srs_note_update() rewrites a note (its author side or its owner):
** cards of cloze numbers still there keep their id and every learner's
** history; new numbers make new cards; numbers gone become inactive. */
MUST_CHECK int srs_note_update(struct req *r, int64_t note_id, const struct srs_note_input *in,
                               struct err *e);

/* srs_note_delete() removes a note from its deck; its cards become
** inactive (reviews stay in the log). */
MUST_CHECK int srs_note_delete(struct req *r, int64_t note_id, struct err *e);

/* srs_note_get() reads a note the signed-in person may edit or see. */
MUST_CHECK int srs_note_get(struct req *r, int64_t note_id, struct srs_note *out);

/* srs_notes_list() lists a deck's notes, newest first: the deck's own
** (own false) or the signed-in learner's own cards (own true). Count or
** ERR_*. */
int srs_notes_list(struct req *r, int64_t deck_id, bool own, int offset, int limit,
                   struct srs_note **out);

/* srs_note_image() gives the stored file of a note's image, for a person
** who may see the note: *path, *type. ERR_NOT_FOUND. */
MUST_CHECK int srs_note_image(struct req *r, int64_t note_id, const char **path, const char **type);

struct srs_import_result {
	int questions, notes, cards, skipped;   /* skipped: essays, descriptions */
	int already;                            /* questions already in the deck */
	char *error;                            /* first error of the file, or NULL */
};

/*
** srs_import_gift() turns Moodle GIFT questions (the question bank's
** format) into deck cards (editors): a missing-word question becomes a
** cloze, a matching question one card per pair, the others a question and
** its right answer(s) with the feedback. All or nothing: a file with an
** error creates nothing (res->error says where). 0 or ERR_*.
*/
MUST_CHECK int srs_import_gift(struct req *r, int64_t deck_id, const char *text,
                               struct srs_import_result *res, struct err *e);

/*
** srs_import_bank() turns the questions of a category of the question bank
** (questions.h) into deck cards, as srs_import_gift() does, with their
** image if they have one; a question already turned into cards of this
** deck is left out (res->already). Editors of the deck who may read the
** bank. 0, ERR_NOT_FOUND (deck or category), ERR_FORBIDDEN, ERR_INVALID.
*/
MUST_CHECK int srs_import_bank(struct req *r, int64_t deck_id, int64_t category_id,
                               struct srs_import_result *res, struct err *e);

/* ---- Daily queue and reviews (queue.c) ---- */

struct srs_queue_card {
	int64_t card_id, deck_id, note_id;
	int ord;                  /* cloze number; 0 for a front/back card */
	char *deck_title, *kind, *front_md, *back_md, *image_alt;
	bool has_image;
	bool is_new;
	struct fsrs_card card;    /* the current state (a new card: fsrs_card_init()) */
	int64_t version;          /* ratings so far: send it back with the rating */
	int64_t next_due[4];      /* due time after Again, Hard, Good, Easy: the
	                             scheduler's, a better rating never earlier */
};

struct srs_queue {
	int64_t due;              /* cards due now (or within SRS_LEARN_AHEAD) */
	int64_t fresh;            /* new cards still allowed today */
	int64_t later_today;      /* cards that become due before midnight */
	struct srs_queue_card *cards;
	int ncards;
};

/*
** srs_queue_build() is the signed-in learner's queue at `now` (deck_id 0:
** every deck they follow): the cards due, most overdue first, then new
** cards in each deck's order, up to each deck's daily limit (minus the new
** cards already seen today), at most `limit` cards in all (1..500), each
** with the due time each rating would give. 0 or ERR_*.
*/
MUST_CHECK int srs_queue_build(struct req *r, int64_t deck_id, int64_t now, int limit,
                               struct srs_queue *q);

struct srs_review_result {
	int64_t card_id, deck_id;
	int rating;
	int64_t reviewed_at;
	struct fsrs_card after;
	int64_t version;          /* after the rating */
	bool repeat;              /* a repeat of the previous rating: nothing logged */
};

/*
** srs_review() records the signed-in learner's rating (1 Again .. 4 Easy)
** of card_id at `now`: the card's new state and one log row, in one
** transaction. version is what the queue gave (-1: unknown). A rating
** sent twice (the same version, or without version the same rating within
** SRS_REPEAT_WINDOW seconds) answers the first one's result with
** res->repeat set and changes nothing. ERR_INVALID (rating), ERR_CONFLICT
** (the card is not due yet, or was rated since that version),
** ERR_NOT_FOUND (not a card of a deck they follow, or not theirs).
*/
MUST_CHECK int srs_review(struct req *r, int64_t card_id, int rating, int64_t version,
                          int64_t now, struct srs_review_result *res, struct err *e);

struct srs_undo_result {
	int64_t card_id, reviewed_at;
	int rating;
	bool was_new;             /* the card is new again */
	struct fsrs_card restored;
};

/*
** srs_undo() takes back the signed-in learner's latest review (made less
** than SRS_UNDO_WINDOW seconds before now): the card returns to its state
** before it and the log row goes. When card_id (and reviewed_at) are not
** 0, the latest review must be that one (reviews made in the same second
** are all the latest), so that an undo sent twice takes back one review
** only (ERR_CONFLICT otherwise). ERR_NOT_FOUND: nothing to undo.
*/
MUST_CHECK int srs_undo(struct req *r, int64_t card_id, int64_t reviewed_at, int64_t now,
                        struct srs_undo_result *res, struct err *e);

/* srs_last_review() reads the signed-in learner's latest review if it may
** still be undone: 1 (with *card_id, *reviewed_at, *rating), 0, or ERR_*. */
int srs_last_review(struct req *r, int64_t now, int64_t *card_id, int64_t *reviewed_at,
                    int *rating);

/* srs_due_today() counts learner_id's cards due before midnight plus the
** new cards they may still see today, for the dashboard (no access check:
** the caller shows it to the learner or their guardian). -1 on error. */
int64_t srs_due_today(struct req *r, int64_t learner_id);

/* srs_interval_label() writes a delay in seconds as people read it on a
** rating button: "1 min", "10 min", "3 h", "4 j", "2,5 mois", "1,2 an". */
char *srs_interval_label(struct arena *a, int64_t seconds);

/* ---- Statistics (stats.c) ---- */

#define SRS_STATS_DAYS 30

struct srs_deck_retention {
	int64_t deck_id;
	char *title;
	int desired;              /* per mille: the learner's or the deck's */
	int64_t reviews, recalled;   /* ratings of graduated cards, last 30 days */
};

struct srs_stats {
	int64_t total_reviews;             /* ever */
	int64_t cards_seen;                /* with a state */
	int64_t reviews_per_day[SRS_STATS_DAYS];  /* [0] is 29 days ago, [29] today */
	int64_t due_per_day[SRS_STATS_DAYS];      /* [0] today (overdue included) */
	int64_t day_start[SRS_STATS_DAYS];        /* midnight of each day of reviews_per_day */
	int streak;                        /* days in a row with a review, up to today */
	bool reviewed_today;
	int64_t graded, recalled;          /* ratings of graduated cards, last 30 days */
	int desired;                       /* mean desired retention of those, per mille */
	struct srs_deck_retention *decks;
	int ndecks;
};

/* srs_stats_learner() fills the signed-in learner's statistics at now. */
MUST_CHECK int srs_stats_learner(struct req *r, int64_t now, struct srs_stats *out);

struct srs_lapse_card {
	int64_t card_id, note_id;
	int ord;
	char *excerpt;            /* plain text of the front */
	int64_t reviews, lapses;  /* ratings of it as a graduated card, and Again */
};

/* srs_lapse_cards() lists the deck's cards (not learners' own) with the
** highest share of Again among at least min_reviews ratings of graduated
** cards, highest first (staff and editors). Count or ERR_*. */
int srs_lapse_cards(struct req *r, int64_t deck_id, int min_reviews, int limit,
                    struct srs_lapse_card **out);

/* ---- Optimisation (fit.c) ---- */

enum srs_fit_status { SRS_FIT_QUEUED = 0, SRS_FIT_DONE = 1, SRS_FIT_FAILED = 2 };

struct srs_fit {
	int64_t id, learner_id, deck_id;
	int status;               /* enum srs_fit_status */
	int outcome;              /* enum fsrs_optimizer_outcome, -1 before */
	int64_t requested_at, finished_at, n_reviews, n_train, n_test, duration_ms;
	bool held_out;
	double loss_default, loss_fitted;  /* NAN when unknown */
	double w[FSRS_NPARAMS];
	char *error;
};

/*
** srs_fit_request() queues the fitting of FSRS parameters as a background
** job: deck_id 0 fits the signed-in learner's own parameters on their whole
** log; otherwise the course's on its learners' reviews of that deck
** (staff and editors). The job (srs_fit_run()) replays the log with
** fsrs_optimize() and its safeguards, and keeps the parameters only when
** they beat the defaults on held-out cards. At most one fit of the same
** scope is queued at a time (ERR_CONFLICT). Returns 0 with *id set.
*/
MUST_CHECK int srs_fit_request(struct req *r, int64_t deck_id, int64_t *id, struct err *e);

/* srs_fits_list() lists the latest fits of the signed-in learner (deck_id
** 0) or of a deck (staff), newest first. Count or ERR_*. */
int srs_fits_list(struct req *r, int64_t deck_id, int limit, struct srs_fit **out);

/* srs_params_of() fills w with the parameters used for learner_id in
** deck_id (their own fitted ones, else the course's, else the defaults);
** returns 2, 1 or 0 to say which. */
int srs_params_of(struct req *r, int64_t learner_id, int64_t deck_id, double w[FSRS_NPARAMS]);

/*
** srs_fit_run() is the job "srs.fit" (payload: the fit id); public for the
** tests and the benchmark. Reads at most 200,000 reviews. 0 or ERR_*.
*/
int srs_fit_run(int64_t tenant_id, const char *payload, struct err *e);

/* srs_setup() registers the job; call it before jobs_start(). */
void srs_setup(void);

#endif
