/*
** gift_internal.h - helpers shared by the GIFT parser and exporter; not part
** of the public API (see gift.h).
*/
#ifndef CARTABLE_GIFT_INTERNAL_H
#define CARTABLE_GIFT_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "kernel/i18n.h"
#include "quizzes/gift.h"

/* Error messages are written in French inside _() (kernel/i18n.h) and
** translated where they are formatted, in the language of the calling
** thread. */

/*
** Escaped special characters are replaced, while a question is analysed, by
** bytes that never occur in valid UTF-8 (0xF8..0xFE), so that the analysis
** only ever sees the unescaped, meaningful ~ = # { } : characters. They are
** turned back into the characters when a text is extracted.
*/
#define GIFT_PH_COLON ((char)0xF8)
#define GIFT_PH_HASH  ((char)0xF9)
#define GIFT_PH_EQUAL ((char)0xFA)
#define GIFT_PH_LBRACE ((char)0xFB)
#define GIFT_PH_RBRACE ((char)0xFC)
#define GIFT_PH_TILDE ((char)0xFD)
#define GIFT_PH_NL    ((char)0xFE)

/* Longest number or weight text accepted (a weight of 1e-300 % needs ~330). */
#define GIFT_NUM_MAX 512

/* ---- Arena: every allocation of a parsed document ---- */

struct gift_arena *gift_arena_new(void);
void gift_arena_free(struct gift_arena *a);
/* Zeroed, aligned memory; NULL when out of memory or over the arena cap. */
void *gift_arena_alloc(struct gift_arena *a, size_t n);
char *gift_arena_strndup(struct gift_arena *a, const char *s, size_t n);

/* ---- Growable byte buffer (malloc); errors are sticky in failed ---- */

struct gift_buf {
	char *data;
	size_t len, cap;
	bool failed;
};

void gift_buf_add(struct gift_buf *b, const char *s, size_t n);
void gift_buf_addc(struct gift_buf *b, char c);
void gift_buf_adds(struct gift_buf *b, const char *s);
void gift_buf_release(struct gift_buf *b);

/* ---- Text ---- */

bool gift_is_blank(char c);
/* Narrows [*s, *s + *n) to drop blanks at both ends (PHP trim's set). */
void gift_trim(const char **s, size_t *n);
/* Sets *f from "html", "moodle", "plain" or "markdown"; false otherwise. */
bool gift_format_from_name(const char *s, size_t n, enum gift_format *f);
/* Length of the valid UTF-8 prefix of s[0..n); equal to n when valid. */
size_t gift_utf8_valid_prefix(const char *s, size_t n);

/* ---- Numbers ---- */

/* A finite decimal number: [+-]digits[.,digits][e[+-]digits]. 0 or -1. */
int gift_parse_number(const char *s, size_t n, double *out);
/* A weight "50", "-33.3", "12,5" (no %), as a fraction in [-1, 1]. The
** decimal point is shifted in the text, so gift_format_percent() inverts it
** exactly. 0 or -1. */
int gift_parse_percent(const char *s, size_t n, double *fraction);
/* Shortest text that gift_parse_number() reads back as v. */
void gift_format_number(double v, char *out, size_t cap);
/* Text of fraction * 100 without exponent, read back exactly by
** gift_parse_percent(). cap must be at least GIFT_NUM_MAX. */
void gift_format_percent(double fraction, char *out, size_t cap);

/* ---- Parser internals shared by gift_parse.c and gift_question.c ---- */

struct gift_line {
	const char *s;   /* trimmed, points into the input */
	size_t n;
	int no;          /* 1-based line number */
	size_t gap;      /* comment lines between this line and the block's
	                    previous non-comment line (0 for the first) */
};

struct gift_parser {
	struct gift_doc *doc;
	struct gift_arena *arena;
	size_t cap_questions;
	const char *category;
	bool stop;       /* too many errors, or out of memory */
	bool nomem;
};

/* Records an error at line (printf-style message, cut on a UTF-8 boundary);
** fmt is already translated: callers pass _("..."). */
void gift_error_at(struct gift_parser *p, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* One question block being analysed (gift_question.c, gift_answers.c). */
struct gift_qctx {
	struct gift_parser *p;
	struct gift_arena *arena;
	const char *t;          /* decoded block, lines joined by '\n' */
	size_t n;
	size_t *lstart;         /* offset in t of each line */
	int *lno;               /* its line number in the file */
	size_t nl;
	enum gift_format qformat;
	bool failed;
};

struct gift_span {
	size_t a, b;            /* [a, b) in t */
};

/* Records an error at the line holding t[pos]; marks the question failed.
** fmt is already translated: callers pass _("..."). */
void gift_qerr(struct gift_qctx *c, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void gift_qnomem(struct gift_qctx *c);
/* A short excerpt of t for messages, escapes shown as characters. */
const char *gift_excerpt(const struct gift_qctx *c, struct gift_span s,
                         char *out, size_t cap);
struct gift_span gift_span_trim(const struct gift_qctx *c, struct gift_span s);
/* Position of the first ch in s, or s.b. */
size_t gift_span_find(const struct gift_qctx *c, struct gift_span s, char ch);
/*
** The text of s as an arena string: trimmed, "[format]" prefix taken off
** when with_format (*fmt then set, by default the question's format),
** escapes turned back into characters, trimmed again. NULL (and p->nomem)
** when out of memory.
*/
const char *gift_span_text(struct gift_qctx *c, struct gift_span s,
                           bool with_format, enum gift_format *fmt);

/* Finds the type of the answer text s (Moodle's rules) into q->type and
** reads the answers. 0, or -1 after reporting. */
int gift_answers_parse(struct gift_qctx *c, struct gift_span s,
                       struct gift_question *q);

/*
** Parses one question from its non-comment lines (and its comment lines for
** [id:]/[tag:]) into *q. As in Moodle, a comment line between two lines of
** the question counts as a line holding one space (lines[i].gap of them).
** Returns 0, or -1 after recording errors (or setting p->nomem).
*/
int gift_question_parse(struct gift_parser *p, const struct gift_line *lines,
                        size_t nlines, const struct gift_line *comments,
                        size_t ncomments, struct gift_question *q);

#endif
