/*
** questions.h - question banks: categories of questions, every type of
** Moodle's GIFT format, media, GIFT import and export, and how a response
** is read, shown and graded.
**
** A question is a struct gift_question (quizzes/gift.h) with an id, a
** category and an optional medium (image, audio or video). Each tenant has
** its own bank; categories are paths ("Sécurité routière/Panneaux"). Quizzes
** (quizzes.h), certification exams (exams.h) and the public practice pages
** draw their questions from it.
**
** Who may do what: authors, teachers and admins of the tenant read and edit
** the bank; everybody else reaches questions only through a quiz, an exam or
** a category open to practice. Strings are allocated in r->arena.
**
** Responses
** ---------
** What a person answered is kept as a short text whose meaning depends on
** the type, so that quizzes, exams and practice store and grade it alike:
**   multichoice  indices of the chosen answers in q.answers, "0,2" ("" none)
**   truefalse    "true" or "false"
**   shortanswer, numerical, essay   the text typed
**   matching     for each pair with a left side, in order, the index of the
**                chosen right-hand text in question_match_choices(), or -1:
**                "2,0,-1"
** Answers are shown in an order drawn from a seed (one per attempt), so two
** pupils side by side see them differently; indices always refer to the
** stored order, whatever the order shown.
*/
#ifndef CARTABLE_QUESTIONS_H
#define CARTABLE_QUESTIONS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "kernel/err.h"
#include "kernel/html.h"
#include "kernel/req.h"
#include "quizzes/gift.h"

#define QUESTION_TEXT_MAX 20000      /* characters of a response typed */
#define QUESTION_MEDIA_MAX (50 * 1024 * 1024)
#define CREDIT_ONE 10000             /* credit is counted in ten-thousandths of a point */

struct question {
	int64_t id, category_id;
	char *category;                  /* its path; q.category too */
	struct gift_question q;
	char *media_sha256, *media_name, *media_type; /* NULL: no medium */
	char *media_alt;                 /* what the medium shows ("" when not said) */
	int64_t media_size;
	bool archived;
	int64_t updated_at;
};

struct question_category {
	int64_t id;
	char *path;
	bool practice;
	int64_t questions;               /* not archived */
};

/* ---- Grading (grading.c: pure functions, no database) ---- */

/*
** question_grade() is the credit a response earns, as a fraction of the
** question's point:
**   multichoice, one answer: the fraction of the answer chosen (negative
**     for a penalised wrong answer), 0 when none;
**   multichoice, several answers: the sum of the fractions chosen (wrong
**     ones usually negative), kept between 0 and 1;
**   truefalse: 1 when it matches, 0 otherwise;
**   shortanswer: the fraction of the first answer equal to the response,
**     case, accents and punctuation ignored (text_fold()); '*' in an
**     answer matches any run of characters;
**   numerical: the fraction of the first answer whose value +/- tolerance
**     or range holds the number typed ("3,14" or "3.14"; "*" answers hold
**     any number), 0 when nothing matches or it is not a number;
**   matching: the share of left-hand items matched with their right side;
**   essay, description: 0 (an essay is graded by a teacher).
** A response that does not fit the question (bad index...) earns 0.
*/
double question_grade(const struct gift_question *q, const char *response);

/* question_matched_answer() is the index of the answer a short or
** numerical response matched (whose feedback it gets), or -1. */
int question_matched_answer(const struct gift_question *q, const char *response);

/* question_credit() is question_grade() in ten-thousandths, rounded. */
int64_t question_credit(const struct gift_question *q, const char *response);

/* question_needs_teacher() is true for essays; question_scored() is false
** for descriptions, which carry no point. */
bool question_needs_teacher(const struct gift_question *q);
bool question_scored(const struct gift_question *q);

/* question_answered() is true when a response says something (a choice
** made, text typed, at least one pair matched). */
bool question_answered(const struct gift_question *q, const char *response);

/* question_response_blank() is true for a stored response that says
** nothing, whatever the question: empty or blank, or the pairs of a
** matching question all left unset ("-1,-1,..."). Saving a page without
** answering stores such a response; it must not count as answered. */
bool question_response_blank(const char *response);

/*
** question_match_choices() lists the distinct right-hand texts of a
** matching question, in stored order, into *out (allocated in a); returns
** their count. Matching responses index this list.
*/
int question_match_choices(struct arena *a, const struct gift_question *q, const char ***out);

/*
** question_order() fills order[0..n) with a permutation of 0..n-1 drawn
** from seed and salt (the question id): the same arguments give the same
** order. With shuffle false, the identity.
*/
void question_order(int *order, int n, uint64_t seed, int64_t salt, bool shuffle);

/* question_type_from_name() reads "multichoice"... into *t; false if none. */
bool question_type_from_name(const char *s, enum gift_type *t);
/* question_format_from_name() reads "moodle", "html"... (NULL: moodle). */
enum gift_format question_format_from_name(const char *s);
/* question_type_label() is the type's name for people. */
const char *question_type_label(enum gift_type t);

/* ---- Showing and reading responses (render.c) ---- */

/*
** question_text_html() writes a question's (or feedback's) text as HTML in
** its format: Markdown through cmark's safe mode, HTML with its tags
** removed (no author markup ever reaches a pupil's browser as is), plain
** and Moodle texts escaped with their line breaks.
*/
void question_text_html(struct html *h, struct req *r, const char *text, enum gift_format f);

struct question_view {
	const char *field;       /* name of the form field(s): "r" */
	const char *media_url;   /* where the medium is served, or NULL */
	uint64_t seed;           /* order of the answers */
	bool shuffle;
	const char *response;    /* current response, or NULL */
	bool disabled;           /* shown, not answerable (review) */
	int number;              /* "Question 3" (0: no heading) */
};

/*
** question_render() writes one question as an accessible form part: its
** text and medium, then the controls of its type (radio buttons or check
** boxes in a fieldset, a text field, one select per pair...) filled with
** the current response. The surrounding <form> is the caller's.
*/
void question_render(struct html *h, struct req *r, const struct question *q,
                     const struct question_view *v);

/*
** question_review() writes what a response earned and, when show_right,
** the right answers and each feedback, then the general feedback.
*/
void question_review(struct html *h, struct req *r, const struct question *q, const char *response,
                     int64_t credit, bool show_right);

/*
** question_response_from_form() reads the response of the form fields
** named field (and field0, field1... for matching) into a response text
** (see the top of this file), in r->arena. ERR_INVALID with a French
** message for an index that does not exist or a text too long.
*/
MUST_CHECK int question_response_from_form(struct req *r, const struct gift_question *q,
                                           const char *field, const char **out, struct err *e);

/* ---- Responses as JSON (json.c) ---- */

/*
** question_response_from_json() reads a response from the JSON object
** body, by type: multichoice {"choices": [indices]} (one at most when
** single), truefalse {"value": bool}, matching {"matches": [a choice of
** question_match_choices() or -1, one per left-hand item]}, description
** nothing, others {"text": "..."} (QUESTION_TEXT_MAX characters, no
** control characters but line breaks in essays). The response text (top of
** this file) goes to *out, in a. ERR_INVALID with the field and a French
** message otherwise.
*/
MUST_CHECK int question_response_from_json(struct arena *a, const struct gift_question *q,
                                           json_t *body, const char **out, struct err *e);

/* question_response_json() writes a stored response in that shape (a new
** reference). */
json_t *question_response_json(const struct gift_question *q, const char *response);

/* ---- The bank (questions.c) ---- */

/* questions_can_edit() is true for authors, teachers and admins. */
bool questions_can_edit(const struct req *r);

/* questions_categories() lists the categories of the tenant by path, with
** their number of questions. Count or ERR_*. */
int questions_categories(struct req *r, struct question_category **out);

/* questions_practice_categories() lists the categories open to practice
** that hold questions (for anyone, no permission needed). Count or ERR_*. */
int questions_practice_categories(struct req *r, struct question_category **out);

/* questions_category_get() reads one category of the tenant. */
MUST_CHECK int questions_category_get(struct req *r, int64_t id, struct question_category *out);

/*
** questions_category_ensure() finds the category with this path, creating
** it (editors only: ERR_FORBIDDEN). The path is trimmed, its parts split on
** '/' trimmed too; ERR_INVALID for an empty path or one over 255
** characters. Runs in the caller's transaction.
*/
MUST_CHECK int questions_category_ensure(struct req *r, const char *path, int64_t *id,
                                         struct err *e);

/* questions_category_set_practice() opens (or closes) a category to the
** public practice pages. Editors only. */
MUST_CHECK int questions_category_set_practice(struct req *r, int64_t id, bool practice);

/* questions_in_category() lists the questions of a category (archived
** ones too when with_archived), by id. Editors only. Count or ERR_*. */
int questions_in_category(struct req *r, int64_t category_id, bool with_archived,
                          struct question **out);

/*
** questions_get() reads one question of the tenant, whatever its category,
** without permission check: callers (quizzes, exams, practice) decide who
** may see it. ERR_NOT_FOUND or ERR_INTERNAL.
*/
MUST_CHECK int questions_get(struct req *r, int64_t id, struct question *out);

/*
** questions_get_many() reads the questions ids[0..n) into out[0..n) in
** that order, in one statement per 50; a missing id is ERR_NOT_FOUND.
*/
MUST_CHECK int questions_get_many(struct req *r, const int64_t *ids, int n, struct question *out);

/*
** questions_draw() draws up to n questions at random from the categories
** cats[0..ncats) (not archived, descriptions left out), never one of
** exclude[0..nexclude), into ids. Returns how many were drawn, or ERR_*.
*/
int questions_draw(struct req *r, const int64_t *cats, int ncats, int n, const int64_t *exclude,
                   int nexclude, uint64_t seed, int64_t *ids);

/*
** questions_save() stores q (a new question when id is 0) in category_id,
** editors only; category and line of q are ignored. The question must be
** one that GIFT can write (gift_export() accepts it): ERR_INVALID with a
** message otherwise. Sets *id.
*/
MUST_CHECK int questions_save(struct req *r, int64_t id, int64_t category_id,
                              const struct gift_question *q, int64_t *out_id, struct err *e);

/* questions_set_media() attaches an uploaded image, audio or video
** (recognised by content) to a question, or removes it (up NULL), with
** the text that describes it for pupils who cannot see it. */
MUST_CHECK int questions_set_media(struct req *r, int64_t id, const struct upload *up,
                                   const char *alt, struct err *e);

/* questions_set_media_alt() changes only that description. */
MUST_CHECK int questions_set_media_alt(struct req *r, int64_t id, const char *alt, struct err *e);

/* questions_set_media_raw() attaches a stored file (demo, imports). */
MUST_CHECK int questions_set_media_raw(struct req *r, int64_t id, const char *sha256,
                                       const char *name, const char *type, int64_t size,
                                       const char *alt);

/* questions_archive() withdraws a question from every future draw (it
** stays readable by the attempts that used it). Editors only. */
MUST_CHECK int questions_archive(struct req *r, int64_t id, bool archived);

/* questions_media_visible() is true when a question's medium may be shown
** to the request: editors, or a category open to practice. Quizzes and
** exams serve their own media. */
bool questions_media_visible(struct req *r, const struct question *q);

/* ---- GIFT import and export (gift_bank.c) ---- */

struct question_import {
	struct gift_doc *doc;            /* parsed; freed with the request */
	int64_t *ids;                    /* after commit: ids of the questions */
};

/*
** questions_import() reads a GIFT file; questions without a $CATEGORY go to
** default_category (a path; "Importées" when empty). The context Moodle
** writes first in a $CATEGORY path ("$course$/top/") is left out of the
** bank's category. With commit false it
** only parses (the preview). With commit true and no error, every question
** is stored in one transaction, creating categories, all or nothing.
** Returns 0 (errors, if any, are in out->doc->errors with their lines),
** ERR_FORBIDDEN or ERR_INTERNAL; ERR_INVALID with a message when a
** question cannot be stored.
*/
MUST_CHECK int questions_import(struct req *r, const char *data, size_t len,
                                const char *default_category, bool commit,
                                struct question_import *out, struct err *e);

/*
** questions_import_category() is the path of the category questions_import()
** puts q in: its $CATEGORY without Moodle's context, or default_category
** ("Importées" when empty or NULL). Never NULL; may point into q->category.
*/
const char *questions_import_category(const struct gift_question *q,
                                      const char *default_category);

/*
** questions_export() writes the questions of a category (0: the whole
** bank), not archived, as a GIFT file in r->arena. Editors only.
*/
MUST_CHECK int questions_export(struct req *r, int64_t category_id, char **out, size_t *len);

/* questions_gift_of() is one question as GIFT text (for the editor). */
char *questions_gift_of(struct req *r, const struct question *q);

#endif
