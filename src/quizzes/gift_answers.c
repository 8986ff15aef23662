/*
** This file implements the reading of a question's answer block, once
** gift_question.c has isolated it: the type is picked exactly as Moodle's
** importer picks it (numerical if it starts with '#', multiple choice if it
** holds a '~', matching if it holds '=' and "->", true/false for T, TRUE, F
** or FALSE, short answer otherwise), then the answers are cut at their
** markers, with their "%weight%" and "#feedback".
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quizzes/gift_internal.h"

static bool has_str(const struct gift_qctx *c, struct gift_span s, const char *str)
{
	size_t k = strlen(str);
	for (size_t i = s.a; i + k <= s.b; i++)
		if (memcmp(c->t + i, str, k) == 0)
			return true;
	return false;
}

/* Splits "answer#feedback" at the first '#'. */
static int answer_and_feedback(struct gift_qctx *c, struct gift_span s,
                               struct gift_answer *a)
{
	size_t h = gift_span_find(c, s, '#');
	a->text = gift_span_text(c, (struct gift_span){ s.a, h }, true, &a->format);
	if (h < s.b)
		a->feedback = gift_span_text(c, (struct gift_span){ h + 1, s.b }, true,
		                             &a->feedback_format);
	else {
		a->feedback = "";
		a->feedback_format = c->qformat;
	}
	return a->text && a->feedback ? 0 : -1;
}

/* What a leading '%' of an answer starts (classify_weight()). */
enum weight_kind {
	WEIGHT_NONE,    /* no weight: the '%' is text ("%d", "%.2f", "%") */
	WEIGHT_OK,      /* "%50%", "%-33.3%": *fraction set, *end after it */
	WEIGHT_BAD      /* meant as a weight, but not one: "%150%", "%50 a" */
};

/*
** Classifies the '%' starting s. Moodle reads a weight only where its
** pattern "%-*digits[.digits]%" matches, and keeps anything else as text:
** a C course's answers "%d" or "%.2f" import as written. We read the same
** weights (and "+", "," decimals), and report what is surely a weight
** gone wrong instead of keeping it as text: a number between the two '%'
** that is outside -100..100 or has blanks ("% 50%"), or "%50" followed by
** a blank or nothing, its closing '%' forgotten.
*/
static enum weight_kind classify_weight(const struct gift_qctx *c, struct gift_span s,
                                        double *fraction, size_t *end)
{
	const char *t = c->t;
	double v;
	if (s.a >= s.b || t[s.a] != '%')
		return WEIGHT_NONE;
	size_t close = gift_span_find(c, (struct gift_span){ s.a + 1, s.b }, '%');
	if (close < s.b) {
		const char *w = t + s.a + 1;
		size_t n = close - s.a - 1;
		if (gift_parse_percent(w, n, fraction) == 0) {
			*end = close + 1;
			return WEIGHT_OK;
		}
		gift_trim(&w, &n);
		if (gift_parse_number(w, n, &v) == 0)
			return WEIGHT_BAD;
	}
	size_t i = s.a + 1, digits = 0;
	if (i < s.b && (t[i] == '-' || t[i] == '+'))
		i++;
	for (; i < s.b && t[i] >= '0' && t[i] <= '9'; i++)
		digits++;
	if (digits && i < s.b && (t[i] == '.' || t[i] == ',')) {
		for (i++; i < s.b && t[i] >= '0' && t[i] <= '9'; i++)
			;
	}
	return digits && (i == s.b || gift_is_blank(t[i])) ? WEIGHT_BAD : WEIGHT_NONE;
}

/* Reads a leading "%weight%" if s starts with one. Returns 0 (s advanced
** past it and *fraction set when there was one; *found says so) or -1
** after reporting a bad weight. */
static int leading_weight(struct gift_qctx *c, struct gift_span *s, double *fraction,
                          bool *found)
{
	size_t end = s->a;
	double f;
	*found = false;
	switch (classify_weight(c, *s, &f, &end)) {
	case WEIGHT_NONE:
		return 0;
	case WEIGHT_OK:
		break;
	case WEIGHT_BAD: {
		size_t close = gift_span_find(c, (struct gift_span){ s->a + 1, s->b }, '%');
		struct gift_span shown = { s->a, close < s->b ? close + 1 : s->b };
		char ex[96];
		gift_qerr(c, s->a, _("poids invalide « %s » : attendu un pourcentage entre "
		            "-100 et 100 entre deux %%, par exemple ~%%50%%réponse"),
		          gift_excerpt(c, shown, ex, sizeof(ex)));
		return -1;
	}
	}
	*found = true;
	*fraction = f;
	s->a = end;
	*s = gift_span_trim(c, *s);
	return 0;
}

/* ---- Cutting the answer list ---- */

struct seg {
	struct gift_span s;   /* after the marker, trimmed */
	char marker;     /* '~', '=' or 0 for text before the first marker */
	size_t at;       /* position of the marker, for messages */
};

/* Cuts s at every character of markers; the text before the first marker
** is kept only when not blank. Returns the count or -1 (reported). */
static long split_segments(struct gift_qctx *c, struct gift_span s, const char *markers,
                           struct seg *out, size_t cap)
{
	size_t n = 0, start = s.a;
	char marker = 0;
	for (size_t i = s.a; i <= s.b; i++) {
		if (i < s.b && !strchr(markers, c->t[i]))
			continue;
		if (i < s.b && c->t[i] == '\0')
			continue;
		struct gift_span piece = gift_span_trim(c, (struct gift_span){ start, i });
		if (marker || piece.a < piece.b) {
			if (n == cap) {
				gift_qerr(c, start, _("trop de réponses dans la question "
				            "(maximum %d)"), GIFT_MAX_ANSWERS);
				return -1;
			}
			out[n].s = piece;
			out[n].marker = marker;
			out[n].at = marker ? start - 1 : piece.a;
			n++;
		}
		if (i < s.b) {
			marker = c->t[i];
			start = i + 1;
		}
	}
	return (long)n;
}

static struct gift_answer *new_answers(struct gift_qctx *c, size_t n)
{
	struct gift_answer *a = gift_arena_alloc(c->arena, (n ? n : 1) * sizeof(*a));
	if (!a)
		gift_qnomem(c);
	return a;
}

/* ---- Question types ---- */

static int parse_multichoice(struct gift_qctx *c, struct gift_span s, struct gift_question *q)
{
	struct seg seg[GIFT_MAX_ANSWERS];
	long n = split_segments(c, s, "~=", seg, GIFT_MAX_ANSWERS);
	if (n < 0)
		return -1;
	struct gift_answer *ans = new_answers(c, (size_t)n);
	if (!ans)
		return -1;
	q->single = gift_span_find(c, s, '=') < s.b;
	size_t k = 0;
	for (long i = 0; i < n; i++) {
		struct gift_answer *a = &ans[k];
		memset(a, 0, sizeof(*a));
		struct gift_span body = seg[i].s;
		char ex[96];
		bool weighted;
		double f;
		size_t end;
		if (seg[i].marker == '=') {
			a->fraction = 1;
			if (classify_weight(c, body, &f, &end) != WEIGHT_NONE) {
				gift_qerr(c, seg[i].at, _("« =%s » : dans un choix multiple, le "
				            "poids se met après ~ (par exemple ~%%50%%réponse) ; "
				            "= désigne la bonne réponse"),
				          gift_excerpt(c, body, ex, sizeof(ex)));
				continue;
			}
		} else if (leading_weight(c, &body, &a->fraction, &weighted) != 0) {
			continue;
		}
		if (answer_and_feedback(c, body, a) != 0)
			return -1;
		/* A stray "~" (no text, weight or feedback) is dropped, as
		** Moodle drops such a blank answer when it saves the question. */
		if (!a->text[0] && !a->feedback[0] && a->fraction == 0)
			continue;
		if (!a->text[0])
			gift_qerr(c, seg[i].at, _("réponse vide dans le choix multiple"));
		k++;
	}
	if (!c->failed && k < 2)
		gift_qerr(c, s.a, _("un choix multiple demande au moins deux réponses"));
	q->answers = ans;
	q->nanswers = k;
	return c->failed ? -1 : 0;
}

static int parse_shortanswer(struct gift_qctx *c, struct gift_span s, struct gift_question *q)
{
	struct seg seg[GIFT_MAX_ANSWERS];
	long n = split_segments(c, s, "=", seg, GIFT_MAX_ANSWERS);
	if (n < 0)
		return -1;
	struct gift_answer *ans = new_answers(c, (size_t)n);
	if (!ans)
		return -1;
	size_t k = 0;
	for (long i = 0; i < n; i++) {
		struct gift_answer *a = &ans[k];
		struct gift_span body = seg[i].s;
		memset(a, 0, sizeof(*a));
		a->fraction = 1;
		bool weighted;
		if (leading_weight(c, &body, &a->fraction, &weighted) != 0)
			continue;
		if (answer_and_feedback(c, body, a) != 0)
			return -1;
		/* A stray "=" accepts nothing a learner can type: dropped. */
		if (!a->text[0] && !a->feedback[0] && !weighted)
			continue;
		if (!a->text[0])
			gift_qerr(c, seg[i].at, _("réponse vide dans la question à réponse courte"));
		k++;
	}
	if (!c->failed && k == 0)
		gift_qerr(c, s.a, _("aucune réponse acceptée dans la question à réponse courte"));
	q->answers = ans;
	q->nanswers = k;
	return c->failed ? -1 : 0;
}

/* Reads "value", "value:tolerance", "min..max" or "*" into a. */
static int numeric_spec(struct gift_qctx *c, size_t at, const char *s, size_t n,
                        struct gift_answer *a)
{
	char buf[2 * GIFT_NUM_MAX + 8], txt1[64], txt2[64];
	const char *dots = NULL, *colon = NULL;
	for (size_t i = 1; i + 1 < n && !dots; i++)
		if (s[i] == '.' && s[i + 1] == '.')
			dots = s + i;
	colon = n > 1 ? memchr(s + 1, ':', n - 1) : NULL;
	int rc = 0;
	if (n == 1 && s[0] == '*') {
		a->num_kind = GIFT_NUM_ANY;
		a->text = "*";
		return 0;
	} else if (dots) {
		const char *x = s, *y = dots + 2;
		size_t xn = (size_t)(dots - s), yn = n - xn - 2;
		gift_trim(&x, &xn);
		gift_trim(&y, &yn);
		a->num_kind = GIFT_NUM_RANGE;
		rc = gift_parse_number(x, xn, &a->min) | gift_parse_number(y, yn, &a->max);
		if (rc == 0 && a->min > a->max) {
			/* Moodle reads "5..1" as 3 +/- 2, that is 1..5. */
			double t = a->min;
			a->min = a->max;
			a->max = t;
		}
		gift_format_number(a->min, txt1, sizeof(txt1));
		gift_format_number(a->max, txt2, sizeof(txt2));
		snprintf(buf, sizeof(buf), "%s..%s", txt1, txt2);
	} else {
		const char *x = s, *y = colon ? colon + 1 : "0";
		size_t xn = colon ? (size_t)(colon - s) : n, yn = colon ? n - xn - 1 : 1;
		gift_trim(&x, &xn);
		gift_trim(&y, &yn);
		a->num_kind = GIFT_NUM_VALUE;
		rc = gift_parse_number(x, xn, &a->value) | gift_parse_number(y, yn, &a->tolerance);
		/* Moodle grades with the absolute value of the tolerance. */
		if (rc == 0)
			a->tolerance = fabs(a->tolerance);
		gift_format_number(a->value, txt1, sizeof(txt1));
		gift_format_number(a->tolerance, txt2, sizeof(txt2));
		if (a->tolerance != 0)
			snprintf(buf, sizeof(buf), "%s:%s", txt1, txt2);
		else
			snprintf(buf, sizeof(buf), "%s", txt1);
	}
	if (rc != 0) {
		char ex[96];
		size_t k = n < 60 ? n : 60;
		memcpy(ex, s, k);
		ex[k] = '\0';
		for (size_t i = 0; i < k; i++)
			if (ex[i] == '\n')
				ex[i] = ' ';
		ex[gift_utf8_valid_prefix(ex, k)] = '\0';
		gift_qerr(c, at, _("réponse numérique invalide « %s » : attendu un nombre, "
		            "nombre:tolérance ou min..max (par exemple 3.14:0.01 ou 1..5)"), ex);
		return -1;
	}
	a->text = gift_arena_strndup(c->arena, buf, strlen(buf));
	if (!a->text) {
		gift_qnomem(c);
		return -1;
	}
	return 0;
}

static int parse_numerical(struct gift_qctx *c, struct gift_span s, struct gift_question *q)
{
	s.a++;                                   /* the leading '#' */
	size_t tilde = gift_span_find(c, s, '~');
	struct seg seg[GIFT_MAX_ANSWERS];
	long n = split_segments(c, (struct gift_span){ s.a, tilde }, "=", seg,
	                        GIFT_MAX_ANSWERS - 1);
	if (n < 0)
		return -1;
	size_t total = (size_t)n + (tilde < s.b);
	if (n == 0) {
		gift_qerr(c, s.a, _("aucune réponse dans la question numérique (par exemple {#2:0.5})"));
		return -1;
	}
	struct gift_answer *ans = new_answers(c, total);
	if (!ans)
		return -1;
	for (long i = 0; i < n; i++) {
		struct gift_answer *a = &ans[i];
		struct gift_span body = seg[i].s;
		bool weighted;
		a->fraction = 1;
		if (leading_weight(c, &body, &a->fraction, &weighted) != 0)
			continue;
		if (answer_and_feedback(c, body, a) != 0)
			return -1;
		a->format = c->qformat;
		if (!a->text[0]) {
			gift_qerr(c, seg[i].at, _("réponse vide dans la question numérique"));
			continue;
		}
		if (c->p->nomem)
			return -1;
		numeric_spec(c, seg[i].at, a->text, strlen(a->text), a);
	}
	if (tilde < s.b) {
		/* "~#feedback": Moodle's catch-all for any other number. */
		struct gift_answer *a = &ans[n];
		struct gift_span rest = { tilde + 1, s.b };
		size_t h = gift_span_find(c, rest, '#');
		struct gift_span before = gift_span_trim(c, (struct gift_span){ rest.a, h });
		if (before.a < before.b) {
			gift_qerr(c, tilde, _("après « ~ », une question numérique n'accepte "
			            "qu'un feedback pour les autres réponses (~#feedback)"));
		} else {
			a->num_kind = GIFT_NUM_ANY;
			a->text = "*";
			a->format = c->qformat;
			if (h < rest.b)
				a->feedback = gift_span_text(c, (struct gift_span){ h + 1, rest.b },
				                             true, &a->feedback_format);
			else {
				a->feedback = "";
				a->feedback_format = c->qformat;
			}
			if (!a->feedback)
				return -1;
		}
	}
	q->answers = ans;
	q->nanswers = total;
	return c->failed ? -1 : 0;
}

static int parse_matching(struct gift_qctx *c, struct gift_span s, struct gift_question *q)
{
	struct seg seg[GIFT_MAX_ANSWERS];
	long n = split_segments(c, s, "=", seg, GIFT_MAX_ANSWERS);
	if (n < 0)
		return -1;
	struct gift_pair *pairs = gift_arena_alloc(c->arena, (size_t)(n ? n : 1) * sizeof(*pairs));
	if (!pairs) {
		gift_qnomem(c);
		return -1;
	}
	size_t real = 0, k = 0;
	for (long i = 0; i < n; i++) {
		struct gift_span body = seg[i].s;
		char ex[96];
		size_t arrow = body.b;
		for (size_t j = body.a; j + 1 < body.b; j++) {
			if (c->t[j] == '-' && c->t[j + 1] == '>') {
				arrow = j;
				break;
			}
		}
		if (arrow == body.b) {
			gift_qerr(c, seg[i].at, _("appariement : « %s » n'a pas de flèche « -> » "
			            "(écrivez =élément -> correspondance)"),
			          gift_excerpt(c, body, ex, sizeof(ex)));
			continue;
		}
		/* As in Moodle, a pair has no feedback: a '#' is part of its
		** text ("C# -> langage"). */
		struct gift_pair *pr = &pairs[k];
		pr->left = gift_span_text(c, (struct gift_span){ body.a, arrow }, true, &pr->left_format);
		pr->right = gift_span_text(c, (struct gift_span){ arrow + 2, body.b }, false, NULL);
		if (!pr->left || !pr->right)
			return -1;
		/* "= ->" says nothing: Moodle skips such a pair when saving. */
		if (!pr->left[0] && !pr->right[0])
			continue;
		if (!pr->right[0])
			gift_qerr(c, seg[i].at, _("appariement : la partie droite de la paire "
			            "« %s » est vide"), gift_excerpt(c, body, ex, sizeof(ex)));
		if (pr->left[0])
			real++;
		k++;
	}
	if (!c->failed && real < 2)
		gift_qerr(c, s.a, _("appariement : il faut au moins deux paires "
		            "« =élément -> correspondance »"));
	q->pairs = pairs;
	q->npairs = k;
	return c->failed ? -1 : 0;
}

static int parse_truefalse(struct gift_qctx *c, struct gift_span s, struct gift_question *q)
{
	size_t h1 = gift_span_find(c, s, '#');
	size_t h2 = h1 < s.b ? gift_span_find(c, (struct gift_span){ h1 + 1, s.b }, '#') : s.b;
	struct gift_span word = gift_span_trim(c, (struct gift_span){ s.a, h1 });
	struct gift_answer *ans = new_answers(c, 2);
	if (!ans)
		return -1;
	enum gift_format wf = c->qformat, rf = c->qformat;
	const char *wrong = "", *right = "";
	if (h1 < s.b)
		wrong = gift_span_text(c, (struct gift_span){ h1 + 1, h2 }, true, &wf);
	if (h2 < s.b)
		right = gift_span_text(c, (struct gift_span){ h2 + 1, s.b }, true, &rf);
	if (!wrong || !right)
		return -1;
	q->correct = c->t[word.a] == 'T';
	ans[0].text = "true";
	ans[1].text = "false";
	ans[0].format = ans[1].format = c->qformat;
	ans[0].fraction = q->correct ? 1 : 0;
	ans[1].fraction = q->correct ? 0 : 1;
	/* Each answer keeps the feedback a learner choosing it will see. */
	struct gift_answer *good = q->correct ? &ans[0] : &ans[1];
	struct gift_answer *bad = q->correct ? &ans[1] : &ans[0];
	good->feedback = right;
	good->feedback_format = rf;
	bad->feedback = wrong;
	bad->feedback_format = wf;
	q->answers = ans;
	q->nanswers = 2;
	return 0;
}

static bool is_truefalse(const struct gift_qctx *c, struct gift_span s)
{
	static const char *const words[] = { "T", "TRUE", "F", "FALSE" };
	size_t h = gift_span_find(c, s, '#');
	struct gift_span w = gift_span_trim(c, (struct gift_span){ s.a, h });
	for (size_t i = 0; i < 4; i++)
		if (strlen(words[i]) == w.b - w.a && memcmp(c->t + w.a, words[i], w.b - w.a) == 0)
			return true;
	return false;
}

/* Picks the type from the answer text exactly as Moodle does. */
static enum gift_type detect_type(const struct gift_qctx *c, struct gift_span s)
{
	if (s.a == s.b)
		return GIFT_ESSAY;
	if (c->t[s.a] == '#')
		return GIFT_NUMERICAL;
	if (gift_span_find(c, s, '~') < s.b)
		return GIFT_MULTICHOICE;
	if (gift_span_find(c, s, '=') < s.b && has_str(c, s, "->"))
		return GIFT_MATCHING;
	if (is_truefalse(c, s))
		return GIFT_TRUEFALSE;
	return GIFT_SHORTANSWER;
}

int gift_answers_parse(struct gift_qctx *c, struct gift_span s,
                       struct gift_question *q)
{
	q->type = detect_type(c, s);
	switch (q->type) {
	case GIFT_MULTICHOICE: return parse_multichoice(c, s, q);
	case GIFT_TRUEFALSE: return parse_truefalse(c, s, q);
	case GIFT_SHORTANSWER: return parse_shortanswer(c, s, q);
	case GIFT_NUMERICAL: return parse_numerical(c, s, q);
	case GIFT_MATCHING: return parse_matching(c, s, q);
	case GIFT_ESSAY: case GIFT_DESCRIPTION: return 0;
	}
	return 0;
}
