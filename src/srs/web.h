/*
** web.h - handlers and routes of spaced repetition: the learner's pages
** (web.c: decks, review session, ratings, undo, statistics), deck and card
** pages (web_deck.c: settings, notes, GIFT import, the cards learners fail,
** fits) and the JSON API (api.c); table in routes.c.
*/
#ifndef CARTABLE_SRS_WEB_H
#define CARTABLE_SRS_WEB_H

#include "kernel/html.h"
#include "kernel/router.h"

extern const struct route srs_routes[];

int srs_page_home(struct req *r);
int srs_page_session(struct req *r);
int srs_page_rate(struct req *r);
int srs_page_undo(struct req *r);
int srs_page_stats(struct req *r);
int srs_page_fit_mine(struct req *r);

int srs_page_deck(struct req *r);
int srs_page_deck_create(struct req *r);
int srs_page_deck_settings(struct req *r);
int srs_page_deck_retention(struct req *r);
int srs_page_deck_fit(struct req *r);
int srs_page_note_add(struct req *r);
int srs_page_import(struct req *r);
int srs_page_import_bank(struct req *r);
int srs_page_note(struct req *r);
int srs_page_note_update(struct req *r);
int srs_page_note_delete(struct req *r);
int srs_page_note_image(struct req *r);

int srs_api_decks(struct req *r);
int srs_api_queue(struct req *r);
int srs_api_review(struct req *r);
int srs_api_undo(struct req *r);
int srs_api_stats(struct req *r);

/* srs_fits_table() writes a table of fits with their held-out log losses
** (web_deck.c, used by web.c too). */
struct srs_fit;
void srs_fits_table(struct html *h, struct req *r, const struct srs_fit *f, int n);

#endif
