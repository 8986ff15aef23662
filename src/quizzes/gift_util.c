/*
** This file implements the small pieces the GIFT parser and exporter share:
** the arena that owns a parsed document, a growable buffer, blank trimming,
** UTF-8 validation, exact number and percentage conversions, and the
** comparison of two questions (gift_question_equal()).
*/
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quizzes/gift_internal.h"

/* ---- Arena ---- */

#define ARENA_CHUNK (64u * 1024u)
/* A 4 MiB file never needs this much; the cap bounds hostile input anyway. */
#define ARENA_CAP (256u * 1024u * 1024u)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

struct gift_arena {
	struct arena_chunk *head;
	size_t total;
};

struct gift_arena *gift_arena_new(void)
{
	return calloc(1, sizeof(struct gift_arena));
}

void gift_arena_free(struct gift_arena *a)
{
	if (!a)
		return;
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	free(a);
}

void *gift_arena_alloc(struct gift_arena *a, size_t n)
{
	const size_t align = sizeof(max_align_t);
	if (n == 0)
		n = 1;
	if (n > ARENA_CAP)
		return NULL;
	n = (n + align - 1) / align * align;
	struct arena_chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		if (a->total + size > ARENA_CAP)
			return NULL;
		c = malloc(sizeof(*c) + size);
		if (!c)
			return NULL;
		c->size = size;
		c->used = 0;
		/* A big block gets its own chunk behind the head, so the
		** head's free space stays usable. */
		if (a->head && size > ARENA_CHUNK) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
		a->total += size;
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *gift_arena_strndup(struct gift_arena *a, const char *s, size_t n)
{
	char *d = gift_arena_alloc(a, n + 1);
	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

/* ---- Buffer ---- */

void gift_buf_add(struct gift_buf *b, const char *s, size_t n)
{
	if (b->failed || n == 0)
		return;
	if (b->cap - b->len <= n) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap - b->len <= n) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		char *d = realloc(b->data, cap);
		if (!d) {
			b->failed = true;
			return;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void gift_buf_addc(struct gift_buf *b, char c)
{
	gift_buf_add(b, &c, 1);
}

void gift_buf_adds(struct gift_buf *b, const char *s)
{
	gift_buf_add(b, s, strlen(s));
}

void gift_buf_release(struct gift_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = false;
}

/* ---- Text ---- */

bool gift_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v';
}

void gift_trim(const char **s, size_t *n)
{
	while (*n && gift_is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && gift_is_blank((*s)[*n - 1]))
		(*n)--;
}

static const char *const format_names[] = {
	[GIFT_FORMAT_MOODLE] = "moodle",
	[GIFT_FORMAT_HTML] = "html",
	[GIFT_FORMAT_PLAIN] = "plain",
	[GIFT_FORMAT_MARKDOWN] = "markdown",
};

bool gift_format_from_name(const char *s, size_t n, enum gift_format *f)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		if (strlen(format_names[i]) == n && memcmp(s, format_names[i], n) == 0) {
			*f = (enum gift_format)i;
			return true;
		}
	}
	return false;
}

const char *gift_format_name(enum gift_format format)
{
	if ((unsigned)format < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[format];
	return "moodle";
}

const char *gift_type_name(enum gift_type type)
{
	switch (type) {
	case GIFT_MULTICHOICE: return "multichoice";
	case GIFT_TRUEFALSE: return "truefalse";
	case GIFT_SHORTANSWER: return "shortanswer";
	case GIFT_NUMERICAL: return "numerical";
	case GIFT_MATCHING: return "matching";
	case GIFT_ESSAY: return "essay";
	case GIFT_DESCRIPTION: return "description";
	}
	return "description";
}

size_t gift_utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned min;
		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2; min = 0x80;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3; min = 0x800;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4; min = 0x10000;
		} else {
			return i;
		}
		if (n - i < len)
			return i;
		unsigned cp = c & (0xFF >> (len + 1));
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return i;
}

/* ---- Numbers ---- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int gift_parse_number(const char *s, size_t n, double *out)
{
	char tmp[GIFT_NUM_MAX + 1];
	size_t i = 0, digits = 0;
	if (n == 0 || n > GIFT_NUM_MAX)
		return -1;
	if (s[i] == '+' || s[i] == '-')
		i++;
	while (i < n && is_digit(s[i])) {
		i++;
		digits++;
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && is_digit(s[i])) {
			i++;
			digits++;
		}
	}
	if (digits == 0)
		return -1;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp_digits = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && is_digit(s[i])) {
			i++;
			exp_digits++;
		}
		if (exp_digits == 0)
			return -1;
	}
	if (i != n)
		return -1;
	for (i = 0; i < n; i++)
		tmp[i] = s[i] == ',' ? '.' : s[i];
	tmp[n] = '\0';
	char *end;
	double v = strtod(tmp, &end);
	if (end != tmp + n || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int gift_parse_percent(const char *s, size_t n, double *fraction)
{
	/* "33.5" becomes "335e-3": strtod then rounds the exact decimal
	** value of the weight divided by 100 once, with no division error. */
	char tmp[GIFT_NUM_MAX + 32];
	size_t i = 0, k = 0, frac = 0, digits = 0;
	if (n == 0 || n > GIFT_NUM_MAX)
		return -1;
	if (s[i] == '+' || s[i] == '-')
		tmp[k++] = s[i++];
	while (i < n && is_digit(s[i])) {
		tmp[k++] = s[i++];
		digits++;
	}
	if (i < n && (s[i] == '.' || s[i] == ',')) {
		i++;
		while (i < n && is_digit(s[i])) {
			tmp[k++] = s[i++];
			frac++;
		}
	}
	if (i != n || digits + frac == 0)
		return -1;
	snprintf(tmp + k, sizeof(tmp) - k, "e-%zu", frac + 2);
	char *end;
	double v = strtod(tmp, &end);
	if (*end != '\0' || !isfinite(v) || v < -1.0 || v > 1.0)
		return -1;
	*fraction = v;
	return 0;
}

/* The shortest decimal digits of v that read back as v:
** v = (neg ? -1 : 1) * digits * 10^shift. */
struct decimal {
	bool neg;
	char digits[24];
	size_t nd;
	long shift;
	long exp10;        /* exponent of the first digit */
};

static void shortest_decimal(double v, struct decimal *d)
{
	char sci[64];
	for (int prec = 0; prec <= 16; prec++) {
		snprintf(sci, sizeof(sci), "%.*e", prec, v);
		if (strtod(sci, NULL) == v)
			break;
	}
	const char *p = sci;
	d->neg = *p == '-';
	if (d->neg)
		p++;
	d->nd = 0;
	for (; *p && *p != 'e'; p++)
		if (is_digit(*p) && d->nd < sizeof(d->digits) - 1)
			d->digits[d->nd++] = *p;
	d->exp10 = *p == 'e' ? strtol(p + 1, NULL, 10) : 0;
	d->shift = d->exp10 - (long)(d->nd - 1);
}

/* Writes digits * 10^shift without exponent. */
static void render_plain(const struct decimal *d, long shift, char *out, size_t cap)
{
	char s[GIFT_NUM_MAX];
	size_t k = 0;
	const size_t room = sizeof(s) - 8;
	if (d->neg)
		s[k++] = '-';
	if (shift >= 0) {
		for (size_t i = 0; i < d->nd; i++)
			s[k++] = d->digits[i];
		for (long i = 0; i < shift && k < room; i++)
			s[k++] = '0';
	} else if ((long)d->nd + shift > 0) {
		size_t intlen = (size_t)((long)d->nd + shift);
		for (size_t i = 0; i < d->nd; i++) {
			if (i == intlen)
				s[k++] = '.';
			s[k++] = d->digits[i];
		}
	} else {
		s[k++] = '0';
		s[k++] = '.';
		for (long i = 0; i < -((long)d->nd + shift) && k + d->nd < room; i++)
			s[k++] = '0';
		for (size_t i = 0; i < d->nd; i++)
			s[k++] = d->digits[i];
	}
	s[k] = '\0';
	snprintf(out, cap, "%s", s);
}

void gift_format_number(double v, char *out, size_t cap)
{
	struct decimal d;
	shortest_decimal(v, &d);
	/* Plain decimals for everyday magnitudes, an exponent otherwise. */
	if (d.exp10 >= -7 && d.exp10 <= 20)
		render_plain(&d, d.shift, out, cap);
	else
		snprintf(out, cap, "%.*e", (int)(d.nd - 1), v);
}

void gift_format_percent(double fraction, char *out, size_t cap)
{
	if (fraction == 0) {
		snprintf(out, cap, "0");
		return;
	}
	struct decimal d;
	shortest_decimal(fraction, &d);
	render_plain(&d, d.shift + 2, out, cap);
}

/* ---- Equality ---- */

/* NULL and "" are the same text here */
static bool text_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static bool answer_eq(enum gift_type type, const struct gift_answer *a,
                      const struct gift_answer *b)
{
	if (!text_eq(a->text, b->text) || a->format != b->format ||
	    a->fraction != b->fraction || !text_eq(a->feedback, b->feedback) ||
	    a->feedback_format != b->feedback_format)
		return false;
	if (type != GIFT_NUMERICAL)
		return true;
	if (a->num_kind != b->num_kind)
		return false;
	switch (a->num_kind) {
	case GIFT_NUM_VALUE:
		return a->value == b->value && a->tolerance == b->tolerance;
	case GIFT_NUM_RANGE:
		return a->min == b->min && a->max == b->max;
	case GIFT_NUM_ANY:
		return true;
	}
	return false;
}

bool gift_question_equal(const struct gift_question *a,
                         const struct gift_question *b)
{
	if (!a || !b)
		return a == b;
	if (a->type != b->type || !text_eq(a->title, b->title) ||
	    !text_eq(a->text, b->text) || a->format != b->format ||
	    !text_eq(a->category, b->category) ||
	    !text_eq(a->idnumber, b->idnumber) ||
	    !text_eq(a->general_feedback, b->general_feedback) ||
	    a->general_feedback_format != b->general_feedback_format ||
	    a->ntags != b->ntags || a->nanswers != b->nanswers ||
	    a->npairs != b->npairs)
		return false;
	if (a->type == GIFT_MULTICHOICE && a->single != b->single)
		return false;
	if (a->type == GIFT_TRUEFALSE && a->correct != b->correct)
		return false;
	for (size_t i = 0; i < a->ntags; i++)
		if (!text_eq(a->tags[i], b->tags[i]))
			return false;
	for (size_t i = 0; i < a->nanswers; i++)
		if (!answer_eq(a->type, &a->answers[i], &b->answers[i]))
			return false;
	for (size_t i = 0; i < a->npairs; i++) {
		const struct gift_pair *x = &a->pairs[i], *y = &b->pairs[i];
		if (!text_eq(x->left, y->left) || x->left_format != y->left_format ||
		    !text_eq(x->right, y->right))
			return false;
	}
	return true;
}
