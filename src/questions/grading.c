/*
** This file implements the pure part of questions.h: how each type of
** question grades a response (partial credit and penalties included), the
** order answers are shown in, type and format names, and the clock of
** timed attempts. No database here, so every rule is unit-tested alone.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/i18n.h"
#include "kernel/text.h"
#include "questions/questions.h"

/* ---- Names ---- */

static const char *const type_names[] = {
	[GIFT_MULTICHOICE] = "multichoice", [GIFT_TRUEFALSE] = "truefalse",
	[GIFT_SHORTANSWER] = "shortanswer", [GIFT_NUMERICAL] = "numerical",
	[GIFT_MATCHING] = "matching",       [GIFT_ESSAY] = "essay",
	[GIFT_DESCRIPTION] = "description",
};

bool question_type_from_name(const char *s, enum gift_type *t)
{
	for (size_t i = 0; s && i < sizeof type_names / sizeof type_names[0]; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*t = (enum gift_type)i;
			return true;
		}
	return false;
}

enum gift_format question_format_from_name(const char *s)
{
	if (s && strcmp(s, "html") == 0)
		return GIFT_FORMAT_HTML;
	if (s && strcmp(s, "plain") == 0)
		return GIFT_FORMAT_PLAIN;
	if (s && strcmp(s, "markdown") == 0)
		return GIFT_FORMAT_MARKDOWN;
	return GIFT_FORMAT_MOODLE;
}

const char *question_type_label(enum gift_type t)
{
	switch (t) {
	case GIFT_MULTICHOICE: return _("Choix multiple");
	case GIFT_TRUEFALSE: return _("Vrai ou faux");
	case GIFT_SHORTANSWER: return _("Réponse courte");
	case GIFT_NUMERICAL: return _("Numérique");
	case GIFT_MATCHING: return _("Appariement");
	case GIFT_ESSAY: return _("Rédaction");
	case GIFT_DESCRIPTION: return _("Description");
	}
	return "";
}

/* ---- Order ---- */

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

void question_order(int *order, int n, uint64_t seed, int64_t salt, bool shuffle)
{
	for (int i = 0; i < n; i++)
		order[i] = i;
	if (!shuffle)
		return;
	uint64_t s = seed ^ ((uint64_t)salt * 0xD6E8FEB86659FD93ull);
	for (int i = n - 1; i > 0; i--) {
		int j = (int)(splitmix(&s) % (uint64_t)(i + 1));
		int t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

/* ---- Reading responses ---- */

/* Parses "2,0,-1" into at most max integers; -1 on a malformed list. */
static int parse_indices(const char *s, long *out, int max)
{
	int n = 0;
	if (!s || !*s)
		return 0;
	const char *p = s;
	for (;;) {
		char *end;
		if (!(*p == '-' || (*p >= '0' && *p <= '9')))
			return -1;
		long v = strtol(p, &end, 10);
		if (end == p || v < -1 || v > 100000 || n == max)
			return -1;
		out[n++] = v;
		if (*end == 0)
			return n;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
}

int question_match_choices(struct arena *a, const struct gift_question *q, const char ***out)
{
	const char **list = arena_array(a, q->npairs ? q->npairs : 1, sizeof *list);
	int n = 0;
	for (size_t i = 0; i < q->npairs; i++) {
		const char *rt = q->pairs[i].right ? q->pairs[i].right : "";
		bool seen = false;
		for (int j = 0; j < n && !seen; j++)
			seen = strcmp(list[j], rt) == 0;
		if (!seen)
			list[n++] = rt;
	}
	*out = list;
	return n;
}

/* ---- Grading, one function per type ---- */

static double grade_multichoice(const struct gift_question *q, const char *response)
{
	long idx[GIFT_MAX_ANSWERS];
	int n = parse_indices(response, idx, GIFT_MAX_ANSWERS);
	if (n <= 0)
		return 0;
	bool seen[GIFT_MAX_ANSWERS] = {false};
	double sum = 0;
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0 || (size_t)idx[i] >= q->nanswers || seen[idx[i]])
			return 0;
		seen[idx[i]] = true;
		sum += q->answers[idx[i]].fraction;
	}
	if (q->single)
		return n == 1 ? sum : 0;
	if (sum < 0)
		return 0;
	return sum > 1 ? 1 : sum;
}

static double grade_truefalse(const struct gift_question *q, const char *response)
{
	if (str_eq(response, "true"))
		return q->correct ? 1 : 0;
	if (str_eq(response, "false"))
		return q->correct ? 0 : 1;
	return 0;
}

/* Does folded text s match the folded parts of a '*' pattern? */
static bool glob_match(const char *s, char **parts, int nparts)
{
	if (nparts == 1)
		return strcmp(s, parts[0]) == 0;
	size_t n0 = strlen(parts[0]);
	if (strncmp(s, parts[0], n0) != 0)
		return false;
	const char *p = s + n0;
	for (int i = 1; i < nparts - 1; i++) {
		if (!*parts[i])
			continue;
		const char *f = strstr(p, parts[i]);
		if (!f)
			return false;
		p = f + strlen(parts[i]);
	}
	size_t nl = strlen(parts[nparts - 1]), left = strlen(p);
	return nl <= left && strcmp(p + left - nl, parts[nparts - 1]) == 0;
}

static bool shortanswer_match(struct arena *a, const char *folded, const char *answer)
{
	char **parts = arena_array(a, strlen(answer) + 1, sizeof *parts);
	int n = 0;
	const char *p = answer;
	for (;;) {
		const char *star = strchr(p, '*');
		size_t len = star ? (size_t)(star - p) : strlen(p);
		parts[n++] = text_fold(a, arena_strndup(a, p, len));
		if (!star)
			break;
		p = star + 1;
	}
	if (n == 1 && !*parts[0])
		return false; /* an empty answer matches nothing */
	return glob_match(folded, parts, n);
}

static int shortanswer_which(const struct gift_question *q, const char *response)
{
	if (!response || !*response)
		return -1;
	struct arena *a = arena_new();
	const char *folded = text_fold(a, response);
	int got = -1;
	for (size_t i = 0; i < q->nanswers && got < 0; i++)
		if (shortanswer_match(a, folded, q->answers[i].text ? q->answers[i].text : ""))
			got = (int)i;
	arena_free(a);
	return got;
}

static double grade_shortanswer(const struct gift_question *q, const char *response)
{
	int i = shortanswer_which(q, response);
	return i < 0 ? 0 : q->answers[i].fraction;
}

/* Reads a number typed by a person: optional sign, digits with '.' or ','
** as decimal separator, optional exponent, surrounding blanks. */
static bool read_number(const char *s, double *out)
{
	char buf[64];
	size_t n = 0;
	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s && n < sizeof buf - 1; s++) {
		char c = *s == ',' ? '.' : *s;
		if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
			break;
		buf[n++] = c;
	}
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || n == 0)
		return false;
	buf[n] = 0;
	char *end;
	double v = strtod(buf, &end);
	if (*end || !isfinite(v))
		return false;
	*out = v;
	return true;
}

static int numerical_which(const struct gift_question *q, const char *response)
{
	double v;
	if (!response || !read_number(response, &v))
		return -1;
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *an = &q->answers[i];
		bool ok = false;
		if (an->num_kind == GIFT_NUM_ANY)
			ok = true;
		else if (an->num_kind == GIFT_NUM_RANGE)
			ok = v >= an->min && v <= an->max;
		else {
			/* a margin of a millionth of the value forgives 0.1 + 0.2 */
			double tol = fabs(an->tolerance), slack = fabs(an->value) * 1e-9 + 1e-12;
			ok = fabs(v - an->value) <= tol + slack;
		}
		if (ok)
			return (int)i;
	}
	return -1;
}

static double grade_numerical(const struct gift_question *q, const char *response)
{
	int i = numerical_which(q, response);
	return i < 0 ? 0 : q->answers[i].fraction;
}

int question_matched_answer(const struct gift_question *q, const char *response)
{
	if (q->type == GIFT_SHORTANSWER)
		return shortanswer_which(q, response);
	if (q->type == GIFT_NUMERICAL)
		return numerical_which(q, response);
	return -1;
}

static double grade_matching(const struct gift_question *q, const char *response)
{
	size_t nsub = 0;
	for (size_t i = 0; i < q->npairs; i++)
		nsub += q->pairs[i].left && *q->pairs[i].left;
	if (nsub == 0)
		return 0;
	long idx[GIFT_MAX_ANSWERS];
	int n = parse_indices(response, idx, GIFT_MAX_ANSWERS);
	if (n != (int)nsub)
		return 0;
	struct arena *a = arena_new();
	const char **rights;
	int nr = question_match_choices(a, q, &rights);
	int k = 0, good = 0;
	for (size_t i = 0; i < q->npairs; i++) {
		if (!q->pairs[i].left || !*q->pairs[i].left)
			continue;
		long c = idx[k++];
		if (c >= 0 && c < nr && strcmp(rights[c], q->pairs[i].right ? q->pairs[i].right : "") == 0)
			good++;
	}
	arena_free(a);
	return (double)good / (double)nsub;
}

double question_grade(const struct gift_question *q, const char *response)
{
	double g = 0;
	switch (q->type) {
	case GIFT_MULTICHOICE: g = grade_multichoice(q, response); break;
	case GIFT_TRUEFALSE: g = grade_truefalse(q, response); break;
	case GIFT_SHORTANSWER: g = grade_shortanswer(q, response); break;
	case GIFT_NUMERICAL: g = grade_numerical(q, response); break;
	case GIFT_MATCHING: g = grade_matching(q, response); break;
	case GIFT_ESSAY:
	case GIFT_DESCRIPTION: g = 0; break;
	}
	if (!isfinite(g))
		return 0;
	return g < -1 ? -1 : g > 1 ? 1 : g;
}

int64_t question_credit(const struct gift_question *q, const char *response)
{
	return (int64_t)llround(question_grade(q, response) * CREDIT_ONE);
}

bool question_needs_teacher(const struct gift_question *q)
{
	return q->type == GIFT_ESSAY;
}

bool question_scored(const struct gift_question *q)
{
	return q->type != GIFT_DESCRIPTION;
}

bool question_response_blank(const char *response)
{
	if (str_empty(response))
		return true;
	int items = 1;
	for (const char *p = response; *p; p++) {
		if (*p == ',')
			items++;
		else if (!(p[0] == '-' && p[1] == '1' && (p[2] == ',' || p[2] == 0)))
			return false;
		else
			p++;
	}
	return items > 1;
}

bool question_answered(const struct gift_question *q, const char *response)
{
	if (!response || !*response)
		return false;
	if (q->type == GIFT_MATCHING) {
		long idx[GIFT_MAX_ANSWERS];
		int n = parse_indices(response, idx, GIFT_MAX_ANSWERS);
		for (int i = 0; i < n; i++)
			if (idx[i] >= 0)
				return true;
		return false;
	}
	if (q->type == GIFT_SHORTANSWER || q->type == GIFT_NUMERICAL || q->type == GIFT_ESSAY)
		return !str_empty(response);
	return true;
}
