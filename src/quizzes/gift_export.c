/*
** This file implements gift_export(): questions back to GIFT text, in the
** layout Moodle's exporter uses (one answer per line, general feedback last),
** written so that gift_parse() reads back equal questions. Special
** characters are escaped; a "[format]" prefix is written when a text's
** format differs from its default or when the text begins with something
** that would otherwise be read as syntax.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quizzes/gift_internal.h"

#define S(x) ((x) ? (x) : "")

static void put_escaped(struct gift_buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\\': case '#': case '=': case '~': case '{': case '}': case ':':
			gift_buf_addc(b, '\\');
			gift_buf_addc(b, *s);
			break;
		case '\n':
			gift_buf_add(b, "\\n", 2);
			break;
		case '\r':
			break;          /* \r\n newlines become \n */
		default:
			gift_buf_addc(b, *s);
		}
	}
}

/* A text with its "[format]" prefix when needed: the prefix also protects
** a leading '[' (else read as a prefix), '%' (a weight), '/' (a comment)
** and U+FEFF (dropped as a BOM at the start of a file). */
static void put_text(struct gift_buf *b, const char *s, enum gift_format f,
                     enum gift_format def)
{
	s = S(s);
	if (f != def || s[0] == '[' || s[0] == '%' || s[0] == '/' ||
	    strncmp(s, "\xEF\xBB\xBF", 3) == 0) {
		gift_buf_addc(b, '[');
		gift_buf_adds(b, gift_format_name(f));
		gift_buf_addc(b, ']');
	}
	put_escaped(b, s);
}

/* "#feedback", unless there is nothing to say. */
static void put_feedback(struct gift_buf *b, const char *fb, enum gift_format f,
                         enum gift_format def)
{
	if (S(fb)[0] || f != def) {
		gift_buf_addc(b, '#');
		put_text(b, fb, f, def);
	}
}

static void put_weight(struct gift_buf *b, double fraction)
{
	char w[GIFT_NUM_MAX];
	gift_format_percent(fraction, w, sizeof(w));
	gift_buf_addc(b, '%');
	gift_buf_adds(b, w);
	gift_buf_addc(b, '%');
}

static void put_number(struct gift_buf *b, double v)
{
	char s[64];
	gift_format_number(v, s, sizeof(s));
	gift_buf_adds(b, s);
}

static void put_general_feedback(struct gift_buf *b, const struct gift_question *q,
                                 const char *indent)
{
	if (S(q->general_feedback)[0] || q->general_feedback_format != q->format) {
		gift_buf_adds(b, indent);
		gift_buf_add(b, "####", 4);
		put_text(b, q->general_feedback, q->general_feedback_format, q->format);
		if (indent[0])
			gift_buf_addc(b, '\n');
	}
}

/* Metadata tokens go one per comment line: a value ending in a backslash
** is then read back right (the "\]" before the line end closes it). */
static int put_token(struct gift_buf *b, const char *name, const char *v, bool tag)
{
	for (const char *s = v; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch < 0x20 || ch == 0x7F || (tag && (ch == '<' || ch == '>' || ch == '`')))
			return GIFT_ERR_ARG;
	}
	gift_buf_adds(b, "// [");
	gift_buf_adds(b, name);
	gift_buf_addc(b, ':');
	for (; *v; v++) {
		if (*v == ']')
			gift_buf_addc(b, '\\');
		gift_buf_addc(b, *v);
	}
	gift_buf_add(b, "]\n", 2);
	return 0;
}

static bool fraction_ok(double f)
{
	return f >= -1.0 && f <= 1.0;    /* false for NaN too */
}

/* ---- Answer blocks ---- */

static int put_multichoice(struct gift_buf *b, const struct gift_question *q)
{
	size_t nfull = 0, last_full = 0;
	if (q->nanswers < 2)
		return GIFT_ERR_ARG;
	for (size_t i = 0; i < q->nanswers; i++) {
		if (!fraction_ok(q->answers[i].fraction) || !S(q->answers[i].text)[0])
			return GIFT_ERR_ARG;
		if (q->answers[i].fraction == 1) {
			nfull++;
			last_full = i;
		}
	}
	if (q->single && nfull == 0)
		return GIFT_ERR_ARG;    /* no answer to mark "=" */
	/* A multiple choice needs a '~'; when every answer is right, the last
	** one is written "~%100%" (still single: others keep their '='). */
	bool force_tilde = q->single && nfull == q->nanswers;
	gift_buf_add(b, "{\n", 2);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		gift_buf_addc(b, '\t');
		if (q->single && a->fraction == 1 && !(force_tilde && i == last_full)) {
			gift_buf_addc(b, '=');
		} else {
			gift_buf_addc(b, '~');
			if (a->fraction != 0)
				put_weight(b, a->fraction);
		}
		put_text(b, a->text, a->format, q->format);
		put_feedback(b, a->feedback, a->feedback_format, q->format);
		gift_buf_addc(b, '\n');
	}
	put_general_feedback(b, q, "\t");
	gift_buf_addc(b, '}');
	return 0;
}

static int put_shortanswer(struct gift_buf *b, const struct gift_question *q)
{
	bool arrow = false;
	if (q->nanswers == 0)
		return GIFT_ERR_ARG;
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		if (!fraction_ok(a->fraction) || !S(a->text)[0])
			return GIFT_ERR_ARG;
		if (strstr(S(a->text), "->") || strstr(S(a->feedback), "->"))
			arrow = true;
	}
	if (arrow) {
		/* "=" with "->" reads as matching; Moodle's form without '='
		** holds one answer only, and the weight keeps it from reading
		** as T/F. */
		if (q->nanswers != 1)
			return GIFT_ERR_ARG;
		const struct gift_answer *a = &q->answers[0];
		gift_buf_addc(b, '{');
		put_weight(b, a->fraction);
		put_text(b, a->text, a->format, q->format);
		put_feedback(b, a->feedback, a->feedback_format, q->format);
		put_general_feedback(b, q, "");
		gift_buf_addc(b, '}');
		return 0;
	}
	gift_buf_add(b, "{\n", 2);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		gift_buf_add(b, "\t=", 2);
		if (a->fraction != 1)
			put_weight(b, a->fraction);
		put_text(b, a->text, a->format, q->format);
		put_feedback(b, a->feedback, a->feedback_format, q->format);
		gift_buf_addc(b, '\n');
	}
	put_general_feedback(b, q, "\t");
	gift_buf_addc(b, '}');
	return 0;
}

static int put_numerical(struct gift_buf *b, const struct gift_question *q)
{
	if (q->nanswers == 0)
		return GIFT_ERR_ARG;
	gift_buf_add(b, "{#\n", 3);
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		if (!fraction_ok(a->fraction))
			return GIFT_ERR_ARG;
		gift_buf_addc(b, '\t');
		if (a->num_kind == GIFT_NUM_ANY && a->fraction == 0 &&
		    i + 1 == q->nanswers) {
			gift_buf_addc(b, '~');      /* Moodle's "any other answer" */
			put_feedback(b, a->feedback, a->feedback_format, q->format);
			gift_buf_addc(b, '\n');
			continue;
		}
		gift_buf_addc(b, '=');
		if (a->fraction != 1)
			put_weight(b, a->fraction);
		switch (a->num_kind) {
		case GIFT_NUM_VALUE:
			if (!isfinite(a->value) || !isfinite(a->tolerance) || a->tolerance < 0)
				return GIFT_ERR_ARG;
			put_number(b, a->value);
			if (a->tolerance != 0) {
				gift_buf_addc(b, ':');
				put_number(b, a->tolerance);
			}
			break;
		case GIFT_NUM_RANGE:
			if (!isfinite(a->min) || !isfinite(a->max) || a->min > a->max)
				return GIFT_ERR_ARG;
			put_number(b, a->min);
			gift_buf_add(b, "..", 2);
			put_number(b, a->max);
			break;
		case GIFT_NUM_ANY:
			gift_buf_addc(b, '*');
			break;
		default:
			return GIFT_ERR_ARG;
		}
		put_feedback(b, a->feedback, a->feedback_format, q->format);
		gift_buf_addc(b, '\n');
	}
	put_general_feedback(b, q, "\t");
	gift_buf_addc(b, '}');
	return 0;
}

static int put_matching(struct gift_buf *b, const struct gift_question *q)
{
	size_t real = 0;
	for (size_t i = 0; i < q->npairs; i++) {
		const struct gift_pair *p = &q->pairs[i];
		if (strstr(S(p->left), "->") || !S(p->right)[0])
			return GIFT_ERR_ARG;
		if (S(p->left)[0])
			real++;
	}
	if (real < 2)
		return GIFT_ERR_ARG;
	gift_buf_add(b, "{\n", 2);
	for (size_t i = 0; i < q->npairs; i++) {
		const struct gift_pair *p = &q->pairs[i];
		gift_buf_add(b, "\t=", 2);
		if (S(p->left)[0] || p->left_format != q->format)
			put_text(b, p->left, p->left_format, q->format);
		gift_buf_add(b, " -> ", 4);
		put_escaped(b, S(p->right));   /* right sides have no format */
		gift_buf_addc(b, '\n');
	}
	put_general_feedback(b, q, "\t");
	gift_buf_addc(b, '}');
	return 0;
}

static int put_truefalse(struct gift_buf *b, const struct gift_question *q)
{
	/* answers[0] is "true", answers[1] "false"; GIFT writes the feedback
	** for a wrong answer first, then for a right one. */
	const struct gift_answer none = { .feedback = "", .feedback_format = q->format };
	const struct gift_answer *t = q->nanswers == 2 ? &q->answers[0] : &none;
	const struct gift_answer *f = q->nanswers == 2 ? &q->answers[1] : &none;
	const struct gift_answer *right = q->correct ? t : f;
	const struct gift_answer *wrong = q->correct ? f : t;
	bool has_right = S(right->feedback)[0] || right->feedback_format != q->format;
	bool has_wrong = S(wrong->feedback)[0] || wrong->feedback_format != q->format;
	if (q->nanswers != 0 && q->nanswers != 2)
		return GIFT_ERR_ARG;
	gift_buf_adds(b, q->correct ? "{TRUE" : "{FALSE");
	if (has_wrong || has_right) {
		gift_buf_addc(b, '#');
		if (has_wrong)
			put_text(b, wrong->feedback, wrong->feedback_format, q->format);
	}
	if (has_right) {
		gift_buf_addc(b, '#');
		put_text(b, right->feedback, right->feedback_format, q->format);
	}
	put_general_feedback(b, q, "");
	gift_buf_addc(b, '}');
	return 0;
}

static int put_question(struct gift_buf *b, const struct gift_question *q)
{
	int rc;
	if (!S(q->text)[0])
		return GIFT_ERR_ARG;
	if (S(q->idnumber)[0] && (rc = put_token(b, "id", q->idnumber, false)) != 0)
		return rc;
	for (size_t i = 0; i < q->ntags; i++) {
		if (!S(q->tags[i])[0])
			return GIFT_ERR_ARG;
		if ((rc = put_token(b, "tag", q->tags[i], true)) != 0)
			return rc;
	}
	if (S(q->title)[0]) {
		gift_buf_add(b, "::", 2);
		put_escaped(b, q->title);
		gift_buf_add(b, "::", 2);
	}
	put_text(b, q->text, q->format, GIFT_FORMAT_MOODLE);
	switch (q->type) {
	case GIFT_MULTICHOICE: rc = put_multichoice(b, q); break;
	case GIFT_TRUEFALSE: rc = put_truefalse(b, q); break;
	case GIFT_SHORTANSWER: rc = put_shortanswer(b, q); break;
	case GIFT_NUMERICAL: rc = put_numerical(b, q); break;
	case GIFT_MATCHING: rc = put_matching(b, q); break;
	case GIFT_ESSAY:
		gift_buf_addc(b, '{');
		put_general_feedback(b, q, "");
		gift_buf_addc(b, '}');
		rc = 0;
		break;
	case GIFT_DESCRIPTION:
		/* No braces, so nowhere to put a general feedback. */
		rc = S(q->general_feedback)[0] ? GIFT_ERR_ARG : 0;
		break;
	default:
		rc = GIFT_ERR_ARG;
	}
	gift_buf_add(b, "\n\n", 2);
	return rc;
}

int gift_export(const struct gift_question *qs, size_t n, char **out,
                size_t *outlen)
{
	if (!out)
		return GIFT_ERR_ARG;
	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (!qs && n)
		return GIFT_ERR_ARG;
	struct gift_buf b = {0};
	const char *category = "";
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct gift_question *q = &qs[i];
		if (strcmp(S(q->category), category) != 0) {
			category = S(q->category);
			if (strpbrk(category, "\r\n")) {
				rc = GIFT_ERR_ARG;
				break;
			}
			gift_buf_adds(&b, "$CATEGORY: ");
			gift_buf_adds(&b, category);
			gift_buf_add(&b, "\n\n", 2);
		}
		rc = put_question(&b, q);
	}
	if (rc == 0 && !b.data && !b.failed) {
		b.data = calloc(1, 1);          /* no question: "" */
		b.failed = !b.data;
	}
	if (rc == 0 && b.failed)
		rc = GIFT_ERR_NOMEM;
	if (rc != 0) {
		gift_buf_release(&b);
		return rc;
	}
	*out = b.data;
	if (outlen)
		*outlen = b.len;
	return 0;
}
