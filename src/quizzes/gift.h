/*
** gift.h - Moodle GIFT question files: parse, export, compare.
**
** Teachers bring their question banks from Moodle as GIFT text files. This
** module turns such a file into plain C structs (gift_parse()) and writes
** questions back as GIFT (gift_export()). It depends on nothing else in
** cartable but kernel/i18n.h (for its messages) and allocates only through
** malloc.
**
** Life cycle
** ----------
**   1. gift_parse(buf, len, &doc) reads a whole file. The import is
**      all-or-nothing: either doc->questions holds every question and
**      doc->nerrors is 0, or doc->nquestions is 0 and doc->errors lists
**      every problem found, each with its 1-based line and a message that
**      can be shown to the teacher as is, in the calling thread's language
**      (French, or English when i18n_set_lang(LANG_EN) was called: a web
**      request in English; the CLI stays French).
**   2. The caller reads doc->questions (all strings are UTF-8, NUL-
**      terminated, never NULL, trimmed of surrounding blanks).
**   3. gift_doc_free(doc) releases the document and every string in it.
**
** gift_export() takes questions the caller built (e.g. from the database,
** strings may then be NULL, meaning "") or a parsed document's questions.
** Exporting then parsing gives back questions for which gift_question_equal()
** holds; this is what the fuzz target checks.
**
** Syntax supported, following Moodle's own importer: whole-line "//"
** comments with "[id:...]" and "[tag:...]" metadata (a comment line in the
** middle of a question leaves, as in Moodle, a line holding one space: a
** blank line in a text, " \n" between its lines), "::title::",
** "$CATEGORY: path", "[html]"/"[moodle]"/"[plain]"/"[markdown]" prefixes,
** the escapes \~ \= \# \{ \} \: \\ and \n (any other backslash is kept as
** is, so LaTeX such as \( x \) survives), and every question type below,
** including the missing-word form where the answers sit inside the sentence
** (the braces then become "_____" in the text). Blank lines separate
** questions; Windows and old Mac line endings and a UTF-8 BOM are accepted,
** the BOM also at the start of a later line (files concatenated: Moodle
** would keep it there and miss the title or $CATEGORY after it).
**
** Where Moodle's importer keeps something the teacher surely did not mean,
** the question is an error instead: an unclosed "::title", a $CATEGORY
** line that does not start its block, a second answer
** block (Moodle leaves it in the text), a line starting with ~ or = after
** the answers, lines reading as answers in a question without braces
** (both "=" and "~" lines, or one with "%", "#" or "->": the braces were
** forgotten; other "=" or "~" lines are text, as in Moodle, such as a
** worked calculation in a description), "=%50%" in a multiple choice
** (Moodle keeps "%50%" in the answer), a numerical answer that is not a
** number (Moodle then accepts any answer), a weight outside -100..100 or
** malformed ("% 50%", "%50 a"), an empty answer that has a weight or a
** feedback, a question without text.
** As in Moodle: '#' in a matching pair is text, so is a '%' starting an
** answer without a "%number%" weight ("%d", "%.2f"); a blank "~" (or "="
** in a short answer) and a pair "= ->" are dropped, a negative tolerance
** counts as positive and "5..1" as 1..5, a title over GIFT_MAX_TITLE
** characters is shortened, lines of text before the answers may start
** with ~ or =. The category is kept as written, "$course$/top/" included.
**
** Numbers are read and written with '.' as decimal separator (',' is also
** accepted on input, French teachers write 3,14); the process is assumed to
** run in the "C" locale, which cartable never changes.
*/
#ifndef CARTABLE_GIFT_H
#define CARTABLE_GIFT_H

#include <stdbool.h>
#include <stddef.h>

/* Limits. A file or question over a limit is an error, never truncated;
** only a title is shortened, as Moodle's importer does. */
#define GIFT_MAX_INPUT      (4u * 1024u * 1024u) /* bytes in a file */
#define GIFT_MAX_QUESTIONS  5000   /* questions in a file */
#define GIFT_MAX_LINES      2000   /* non-comment lines in one question; of
                                      a longer run of comment lines, only
                                      the last 1000 or more are searched
                                      for [id:] and [tag:] */
#define GIFT_MAX_ANSWERS    100    /* answers (or pairs) in one question */
#define GIFT_MAX_TAGS       50     /* [tag:] entries for one question */
#define GIFT_MAX_TITLE      255    /* characters in a title (Moodle's limit);
                                      a longer one is cut on a word and
                                      ends in "..." (251 at most) */
#define GIFT_MAX_IDNUMBER   100    /* characters in an [id:] (Moodle's limit) */
#define GIFT_MAX_TAG        100    /* characters in one tag */
#define GIFT_MAX_ERRORS     50     /* errors reported, the last says "too many" */
#define GIFT_ERROR_MSG      512    /* bytes in one message, NUL included */

/* Return codes: 0 or one of these negative values. */
enum gift_status {
	GIFT_OK = 0,
	GIFT_ERR_SYNTAX = -1,   /* the file has errors, listed in doc->errors */
	GIFT_ERR_NOMEM = -2,    /* out of memory */
	GIFT_ERR_ARG = -3       /* bad argument, or a question GIFT cannot express */
};

enum gift_type {
	GIFT_MULTICHOICE,   /* {=right ~wrong}, {~%50%a ~%50%b ~%-100%c} */
	GIFT_TRUEFALSE,     /* {T} {TRUE} {F} {FALSE} */
	GIFT_SHORTANSWER,   /* {=a =%50%b} */
	GIFT_NUMERICAL,     /* {#2:0.5} {#1..5} {#=2:0 =%50%2:1} */
	GIFT_MATCHING,      /* {=a -> b =c -> d} */
	GIFT_ESSAY,         /* {} */
	GIFT_DESCRIPTION    /* no braces at all */
};

/* Text formats, as Moodle names them; MOODLE is the default of a question. */
enum gift_format {
	GIFT_FORMAT_MOODLE,
	GIFT_FORMAT_HTML,
	GIFT_FORMAT_PLAIN,
	GIFT_FORMAT_MARKDOWN
};

/* What a numerical answer accepts. */
enum gift_num_kind {
	GIFT_NUM_VALUE,   /* value +/- tolerance ("2:0.5", "2") */
	GIFT_NUM_RANGE,   /* min..max ("1..5") */
	GIFT_NUM_ANY      /* any other number ("*", or "~#feedback" at the end) */
};

/*
** One answer. fraction is the credit, from -1 to 1 (1 = fully right).
** text and feedback each carry their own format (by default the question's).
**
** Multiple choice: a choice. Short answer: an accepted response.
** True/false: exactly two answers, answers[0] is "true" and answers[1] is
** "false"; the right one has fraction 1, the other 0, and each feedback is
** the one shown to a learner who picks that answer.
** Numerical: num_kind says which of value/tolerance or min/max apply; text
** is a canonical rendering ("2:0.5", "1..5", "*").
*/
struct gift_answer {
	const char *text;
	enum gift_format format;
	double fraction;
	const char *feedback;
	enum gift_format feedback_format;
	enum gift_num_kind num_kind;     /* GIFT_NUMERICAL only */
	double value, tolerance;         /* GIFT_NUM_VALUE */
	double min, max;                 /* GIFT_NUM_RANGE */
};

/* One matching pair. An empty left side is a distractor: a right-hand
** choice that matches nothing. */
struct gift_pair {
	const char *left;
	enum gift_format left_format;
	const char *right;               /* plain text, as in Moodle */
};

struct gift_question {
	enum gift_type type;
	const char *title;               /* "" when the file gives none */
	const char *text;                /* "_____" marks a missing word */
	enum gift_format format;
	const char *category;            /* last $CATEGORY before it, or "" */
	const char *idnumber;            /* from "// [id:...]", or "" */
	const char *const *tags;         /* from "// [tag:...]" */
	size_t ntags;
	const struct gift_answer *answers;
	size_t nanswers;
	const struct gift_pair *pairs;   /* GIFT_MATCHING only */
	size_t npairs;
	bool single;     /* GIFT_MULTICHOICE: one choice only. As in Moodle,
	                    true when an answer is written "=", false when
	                    every answer is "~" (check boxes). */
	bool correct;    /* GIFT_TRUEFALSE: the statement is true */
	const char *general_feedback;
	enum gift_format general_feedback_format;
	int line;        /* first line of the question in the file (0 if built) */
};

struct gift_error {
	int line;                        /* 1-based; 0 for the whole file */
	char message[GIFT_ERROR_MSG];    /* UTF-8, in the thread's language */
};

struct gift_arena;

/* A parsed file. Everything it points to is owned by it. */
struct gift_doc {
	struct gift_question *questions;
	size_t nquestions;
	struct gift_error *errors;
	size_t nerrors;
	struct gift_arena *arena;        /* private */
};

/*
** gift_parse() reads the GIFT text buf[0..len) (need not be NUL-terminated)
** and sets *out to a new document.
** Returns 0: (*out)->questions holds at least one question, no errors.
** GIFT_ERR_SYNTAX: (*out)->errors lists the problems (file not UTF-8, over
** GIFT_MAX_INPUT, no question at all, or any malformed question) and
** (*out)->nquestions is 0. GIFT_ERR_NOMEM or GIFT_ERR_ARG (out NULL, or buf
** NULL with len > 0): *out is NULL.
** In the first two cases the caller frees *out with gift_doc_free().
** Never recurses; time and memory are linear in len.
*/
int gift_parse(const char *buf, size_t len, struct gift_doc **out);

/* gift_doc_free() releases doc and all it owns; NULL is a no-op. */
void gift_doc_free(struct gift_doc *doc);

/*
** gift_export() writes the n questions qs as GIFT text into a new malloc'd
** NUL-terminated buffer *out (length in *outlen if outlen is not NULL); the
** caller frees it with free(). A $CATEGORY line is written whenever the
** category changes, "// [id:..] [tag:..]" when a question has them.
** Returns 0; GIFT_ERR_NOMEM; or GIFT_ERR_ARG when a question cannot be
** written so that it reads back the same (e.g. a multiple choice with fewer
** than two answers, "->" in the left side of a pair, a newline in a tag or
** category, a description with a general feedback). On error *out is NULL.
*/
int gift_export(const struct gift_question *qs, size_t n, char **out,
                size_t *outlen);

/*
** gift_question_equal() says whether a and b hold the same question: type,
** title, text, formats, category, idnumber, tags, answers (text, fraction,
** feedback, numbers that apply to the kind), pairs, single (multiple choice),
** correct (true/false) and general feedback. NULL strings equal "". The
** line field is ignored. Doubles are compared exactly.
*/
bool gift_question_equal(const struct gift_question *a,
                         const struct gift_question *b);

/* Names used in JSON and in GIFT: "multichoice", ..., and "moodle", "html",
** "plain", "markdown". Never NULL. */
const char *gift_type_name(enum gift_type type);
const char *gift_format_name(enum gift_format format);

#endif
