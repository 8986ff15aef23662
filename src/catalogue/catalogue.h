/*
** catalogue.h - what can be studied: programmes (formations), the courses
** they hold, courses sold alone (à la carte) to schools, and the documents a
** programme asks for at enrolment.
**
** Search ignores case and accents the same way on both engines: each row
** keeps a folded copy of its searchable text (text_fold()), and every word
** of the query, folded too, must appear in it. Visitors see published
** entries only; authors and admins see everything and edit. Every function
** acts within the request's tenant.
*/
#ifndef CARTABLE_CATALOGUE_H
#define CARTABLE_CATALOGUE_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/req.h"

/* ---- Levels and publics ---- */

struct code_label {
	const char *code;
	const char *label; /* French; pass through _() to show */
};

/* School classes from petite section to terminale, then post-bac and adult. */
extern const struct code_label catalogue_levels[];
extern const int catalogue_nlevels;
/* regulated (scolarité réglementée), free (libre), funded (financée). */
extern const struct code_label catalogue_publics[];
extern const int catalogue_npublics;

/* catalogue_level_label() / catalogue_public_label(): the translated label of
** a code, or the code itself if unknown. */
const char *catalogue_level_label(const char *code);
const char *catalogue_public_label(const char *code);

/* ---- Programmes ---- */

struct programme {
	int64_t id, unit_id;
	char *unit_code, *unit_name;
	char *code, *title, *level, *public_, *summary, *description_md;
	int64_t duration_months, duration_hours, price_cents;
	bool published;
};

struct course {
	int64_t id, unit_id;
	char *code, *title, *level, *summary, *description_md;
	bool a_la_carte, published;
	int64_t price_cents;
};

struct requirement {
	int64_t id;
	char *title, *description;
};

struct catalogue_query {
	const char *q;       /* words, any case and accents */
	const char *unit;    /* unit code, or NULL */
	const char *level;   /* level code, or NULL */
	const char *public_; /* public code, or NULL */
	bool all;            /* unpublished too (staff) */
	int offset, limit;
};

/* catalogue_search() lists programmes matching q in title order; returns the
** count (at most q->limit) or ERR_INTERNAL. */
int catalogue_search(struct req *r, const struct catalogue_query *q, struct programme **out);

/* catalogue_courses_search() does the same for courses (à la carte ones
** unless q->all). */
int catalogue_courses_search(struct req *r, const struct catalogue_query *q, struct course **out);

/* catalogue_programme_get() reads one programme; unpublished ones are
** ERR_NOT_FOUND unless `all`. */
MUST_CHECK int catalogue_programme_get(struct req *r, int64_t id, bool all, struct programme *out);
MUST_CHECK int catalogue_course_get(struct req *r, int64_t id, bool all, struct course *out);

/*
** catalogue_courses_get() reads the n courses of ids[] of the request's
** tenant, a few per statement, without their descriptions: out[i] is
** ids[i]'s course, or has id 0 when it is missing, another tenant's, or
** unpublished (unless `all`). out holds n courses, allocated by the caller.
** Returns 0 or ERR_INTERNAL.
*/
MUST_CHECK int catalogue_courses_get(struct req *r, const int64_t *ids, int n, bool all,
                                     struct course *out);

/* catalogue_programme_courses() lists the courses of a programme in order. */
int catalogue_programme_courses(struct req *r, int64_t programme_id, bool all, struct course **out);

/* catalogue_requirements() lists the documents a programme asks for. */
int catalogue_requirements(struct req *r, int64_t programme_id, struct requirement **out);

struct programme_input {
	const char *code, *title, *level, *public_, *summary, *description_md;
	const char *duration_months, *duration_hours, *price; /* as typed */
	int64_t unit_id;
	bool published;
};

/*
** catalogue_programme_save() creates (id 0) or updates a programme after
** checking every field. Returns 0 with *out_id, ERR_INVALID or ERR_CONFLICT
** (code taken) with the field and message in *e, ERR_NOT_FOUND, ERR_INTERNAL.
*/
MUST_CHECK int catalogue_programme_save(struct req *r, int64_t id, const struct programme_input *in,
                                        int64_t *out_id, struct err *e);

struct course_input {
	const char *code, *title, *level, *summary, *description_md, *price;
	int64_t unit_id;
	bool a_la_carte, published;
};

MUST_CHECK int catalogue_course_save(struct req *r, int64_t id, const struct course_input *in,
                                     int64_t *out_id, struct err *e);

/* catalogue_set_courses() makes course_ids (in that order) the courses of a
** programme; ids of another tenant are refused with ERR_NOT_FOUND. */
MUST_CHECK int catalogue_set_courses(struct req *r, int64_t programme_id, const int64_t *course_ids,
                                     int n);

/* catalogue_requirement_add() / _remove(): documents asked at enrolment.
** Removing one for which documents were already sent is ERR_CONFLICT. */
MUST_CHECK int catalogue_requirement_add(struct req *r, int64_t programme_id, const char *title,
                                         const char *description, struct err *e);
MUST_CHECK int catalogue_requirement_remove(struct req *r, int64_t programme_id, int64_t id);

#endif
