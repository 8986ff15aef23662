/*
** This file implements "cartable gift check FILE": it parses a GIFT file
** with gift_parse() and prints the questions, or the errors, as JSON (see
** gift_cli.h for the exact output and exit statuses).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "quizzes/gift_cli.h"
#include "quizzes/gift_internal.h"

#define EXIT_USAGE 2

/* ---- Input ---- */

/* Reads at most GIFT_MAX_INPUT + 1 bytes of f into a malloc'd buffer:
** one byte more than allowed is enough to know the file is too big. */
static int read_bounded(FILE *f, char **out, size_t *len)
{
	size_t cap = 64 * 1024, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -1;
	for (;;) {
		if (n == cap) {
			if (cap > GIFT_MAX_INPUT)
				break;
			size_t cap2 = cap * 2 > GIFT_MAX_INPUT + 1 ? GIFT_MAX_INPUT + 1 : cap * 2;
			char *d = realloc(buf, cap2);
			if (!d) {
				free(buf);
				return -1;
			}
			buf = d;
			cap = cap2;
		}
		size_t got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0) {
			if (ferror(f)) {
				free(buf);
				return -1;
			}
			break;
		}
	}
	*out = buf;
	*len = n;
	return 0;
}

/* ---- JSON ---- */

static int set_str(json_t *o, const char *key, const char *v)
{
	return json_object_set_new(o, key, json_string(v ? v : ""));
}

static int set_real(json_t *o, const char *key, double v)
{
	return json_object_set_new(o, key, json_real(v));
}

static json_t *answer_json(const struct gift_question *q, const struct gift_answer *a)
{
	json_t *o = json_object();
	int rc = 0;
	if (!o)
		return NULL;
	rc |= set_str(o, "text", a->text);
	rc |= set_str(o, "format", gift_format_name(a->format));
	rc |= set_real(o, "fraction", a->fraction);
	rc |= set_str(o, "feedback", a->feedback);
	rc |= set_str(o, "feedback_format", gift_format_name(a->feedback_format));
	if (q->type == GIFT_NUMERICAL) {
		if (a->num_kind == GIFT_NUM_VALUE) {
			rc |= set_real(o, "value", a->value);
			rc |= set_real(o, "tolerance", a->tolerance);
		} else if (a->num_kind == GIFT_NUM_RANGE) {
			rc |= set_real(o, "min", a->min);
			rc |= set_real(o, "max", a->max);
		}
	}
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *question_json(const struct gift_question *q)
{
	json_t *o = json_object(), *tags = json_array(), *answers = json_array();
	int rc = 0;
	if (!o || !tags || !answers) {
		json_decref(o);
		json_decref(tags);
		json_decref(answers);
		return NULL;
	}
	rc |= set_str(o, "type", gift_type_name(q->type));
	rc |= set_str(o, "title", q->title);
	rc |= set_str(o, "text", q->text);
	rc |= set_str(o, "format", gift_format_name(q->format));
	rc |= set_str(o, "category", q->category);
	for (size_t i = 0; i < q->ntags; i++)
		rc |= json_array_append_new(tags, json_string(q->tags[i] ? q->tags[i] : ""));
	rc |= json_object_set_new(o, "tags", tags);
	rc |= set_str(o, "idnumber", q->idnumber);
	for (size_t i = 0; i < q->nanswers; i++)
		rc |= json_array_append_new(answers, answer_json(q, &q->answers[i]));
	for (size_t i = 0; i < q->npairs; i++) {
		json_t *p = json_object();
		if (!p) {
			rc = -1;
			break;
		}
		rc |= set_str(p, "left", q->pairs[i].left);
		rc |= set_str(p, "left_format", gift_format_name(q->pairs[i].left_format));
		rc |= set_str(p, "right", q->pairs[i].right);
		rc |= json_array_append_new(answers, p);
	}
	rc |= json_object_set_new(o, "answers", answers);
	if (q->type == GIFT_MULTICHOICE)
		rc |= json_object_set_new(o, "single", json_boolean(q->single));
	if (q->type == GIFT_TRUEFALSE)
		rc |= json_object_set_new(o, "correct", json_boolean(q->correct));
	rc |= set_str(o, "general_feedback", q->general_feedback);
	rc |= set_str(o, "general_feedback_format",
	              gift_format_name(q->general_feedback_format));
	rc |= json_object_set_new(o, "line", json_integer(q->line));
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Prints one JSON value on its own line; -1 when out of memory. */
static int print_json(json_t *v, const char *suffix)
{
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	if (!s)
		return -1;
	fputs(s, stdout);
	fputs(suffix, stdout);
	free(s);
	return 0;
}

static int print_questions(const struct gift_doc *doc)
{
	fputs("[\n", stdout);
	for (size_t i = 0; i < doc->nquestions; i++) {
		if (print_json(question_json(&doc->questions[i]),
		               i + 1 < doc->nquestions ? ",\n" : "\n") != 0)
			return -1;
	}
	fputs("]\n", stdout);
	return 0;
}

static int print_errors(const struct gift_error *errors, size_t n)
{
	json_t *list = json_array(), *root = json_object();
	int rc = !list || !root;
	for (size_t i = 0; i < n && !rc; i++) {
		json_t *e = json_object();
		rc |= !e;
		rc |= json_object_set_new(e, "line", json_integer(errors[i].line));
		rc |= set_str(e, "message", errors[i].message);
		rc |= json_array_append_new(list, e);
		fprintf(stderr, "line %d: %s\n", errors[i].line, errors[i].message);
	}
	if (!rc)
		rc = json_object_set_new(root, "errors", list);
	else
		json_decref(list);
	if (rc) {
		json_decref(root);
		return -1;
	}
	return print_json(root, "\n");
}

/* ---- Subcommand ---- */

static int usage(void)
{
	fputs("usage : cartable gift check FICHIER   (« - » lit l'entrée standard)\n",
	      stderr);
	return EXIT_USAGE;
}

static int check_file(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "gift : impossible d'ouvrir %s : %s\n", path, strerror(errno));
		return EXIT_USAGE;
	}
	char *buf = NULL;
	size_t len = 0;
	int rc = read_bounded(f, &buf, &len);
	if (f != stdin)
		fclose(f);
	if (rc != 0) {
		fprintf(stderr, "gift : lecture de %s impossible\n", path);
		return EXIT_USAGE;
	}
	if (len > GIFT_MAX_INPUT) {
		struct gift_error e = { .line = 0 };
		snprintf(e.message, sizeof(e.message),
		         _("fichier trop volumineux (plus de %u octets)"), GIFT_MAX_INPUT);
		free(buf);
		return print_errors(&e, 1) == 0 ? 1 : EXIT_USAGE;
	}
	struct gift_doc *doc = NULL;
	rc = gift_parse(buf, len, &doc);
	free(buf);
	int status;
	if (rc == GIFT_OK)
		status = print_questions(doc) == 0 ? 0 : EXIT_USAGE;
	else if (rc == GIFT_ERR_SYNTAX)
		status = print_errors(doc->errors, doc->nerrors) == 0 ? 1 : EXIT_USAGE;
	else
		status = EXIT_USAGE;
	if (status == EXIT_USAGE)
		fputs("gift : mémoire insuffisante\n", stderr);
	gift_doc_free(doc);
	if (fflush(stdout) != 0)
		status = EXIT_USAGE;
	return status;
}

int gift_cli_main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[0], "check") == 0)
		return check_file(argv[1]);
	return usage();
}
