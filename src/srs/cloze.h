/*
** cloze.h - cloze deletions in card text, and a card's two sides as HTML.
**
** A cloze card hides parts of a sentence: "La dérivée de {{c1::exp}} est
** {{c1::exp}} ; {{c2::ln}} est sa réciproque." Each distinct number makes
** one card: card 1 hides both "exp", card 2 hides "ln" and shows the rest.
** "{{c1::answer::hint}}" shows "[hint]" instead of "[…]" on the front.
**
** Syntax, as Anki writes it: "{{c" + a number 1..CLOZE_MAX_NUMBER (no sign,
** no leading zero) + "::" + the answer + optionally "::" + the hint +
** "}}". The answer ends at the first "::" or "}}" after it; the hint at
** the first "}}". An empty answer, a bad number or a missing "}}" is not a
** cloze: the bytes stay as written. Clozes do not nest.
**
** Everything here is a pure function of its arguments: it allocates in
** the given arena only, never fails on any input (the fuzz target
** tests/fuzz/fuzz_cloze.c checks it), and is thread-safe.
*/
#ifndef CARTABLE_SRS_CLOZE_H
#define CARTABLE_SRS_CLOZE_H

#include <stddef.h>

#include "kernel/arena.h"

#define CLOZE_MAX_NUMBER 99   /* c1 .. c99 */
#define CLOZE_MAX_SPANS 500   /* clozes read in one text; later ones stay text */

/* One cloze in a text: bytes [start, end) of the source. */
struct cloze_span {
	size_t start, end;
	int number;                /* 1..CLOZE_MAX_NUMBER */
	const char *answer;        /* points into the source, answer_len bytes */
	size_t answer_len;
	const char *hint;          /* NULL without a hint, else hint_len bytes */
	size_t hint_len;
};

/*
** cloze_parse() finds the clozes of src (NULL reads as "") in order, at
** most CLOZE_MAX_SPANS, into an array allocated in a (*out, NULL when
** none). Returns their count.
*/
int cloze_parse(struct arena *a, const char *src, struct cloze_span **out);

/*
** cloze_numbers() writes the distinct cloze numbers of src in increasing
** order into numbers[0..max) and returns how many there are (which may be
** more than max: only the first max are written). 0 means src has no
** cloze.
*/
int cloze_numbers(const char *src, int *numbers, int max);

/*
** cloze_render() makes the two sides of a card as HTML, in arena a.
**
**  - kind "cloze": front is src with cloze `number` hidden ("[…]" or
**    "[hint]", in <span class="cloze">) and every other cloze showing its
**    answer; back is src with every answer showing, those of `number` in
**    <mark class="cloze">, followed by `extra` (the note's back text).
**  - any other kind: front is src, back is extra.
**
** Text is Markdown rendered in cmark's safe mode (markdown.h): what an
** author or a learner types can never become script. Never NULL.
*/
void cloze_render(struct arena *a, const char *kind, const char *src, const char *extra,
                  int number, char **front_html, char **back_html);

/*
** cloze_plain() is a short plain-text version of a card's front for lists
** (clozes of `number` as "[…]", others as their answer, Markdown left as
** typed), cut to about max_bytes at a character boundary with "…".
*/
char *cloze_plain(struct arena *a, const char *kind, const char *src, int number,
                  size_t max_bytes);

#endif
