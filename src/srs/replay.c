/*
** This file implements `cartable srs replay` (replay.h): it reads review
** sequences in the reference-vector format with jansson, runs them through
** fsrs_review() and prints one JSON line per review. Everything is checked
** before use, so no input can crash it, and output is buffered so that a
** malformed file prints nothing but its error.
*/
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L   /* open_memstream() */
#endif
#include "srs/replay.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "srs/fsrs.h"
#include "srs/isotime.h"

struct replay_ctx {
	size_t seq;           /* index of the current sequence */
	const char *seq_id;   /* its id, when known (for messages) */
	long review;          /* index of the current review, -1 outside */
	char msg[512];
};

/* Formats the error with its position; always returns -1. */
static int replay_fail(struct replay_ctx *x, const char *fmt, ...)
{
	char what[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (x->review >= 0)
		snprintf(x->msg, sizeof x->msg, "sequence %zu (%s), review %ld: %s", x->seq,
		         x->seq_id ? x->seq_id : "?", x->review, what);
	else
		snprintf(x->msg, sizeof x->msg, "sequence %zu (%s): %s", x->seq,
		         x->seq_id ? x->seq_id : "?", what);
	return -1;
}

/* ---- Reading members ---- */

/* A whole number, from a JSON integer or an integral real. */
static int replay_whole(const json_t *v, int64_t lo, int64_t hi, int64_t *out)
{
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i < lo || i > hi)
			return -1;
		*out = (int64_t)i;
		return 0;
	}
	if (json_is_real(v)) {
		double r = json_real_value(v);
		/* The first test keeps the conversion below defined. */
		if (!(fabs(r) < 0x1p62) || r != floor(r) || r < (double)lo || r > (double)hi)
			return -1;
		*out = (int64_t)r;
		return 0;
	}
	return -1;
}

/*
** A time from obj[epoch_key] (Unix seconds) or else obj[iso_key]. Returns
** 0, 1 when neither is present, or -1 (with the message set) when invalid.
*/
static int replay_time(struct replay_ctx *x, const json_t *obj, const char *epoch_key,
                       const char *iso_key, int64_t *out)
{
	const json_t *e = json_object_get(obj, epoch_key);
	const json_t *s = json_object_get(obj, iso_key);
	if (e && !json_is_null(e)) {
		if (replay_whole(e, -FSRS_TIME_LIMIT, FSRS_TIME_LIMIT, out) != 0)
			return replay_fail(x, "\"%s\" is not a whole number of seconds in range",
			                   epoch_key);
		return 0;
	}
	if (s && !json_is_null(s)) {
		if (!json_is_string(s) || srs_time_parse(json_string_value(s), out) != 0)
			return replay_fail(x, "\"%s\" is not a UTC datetime like "
			                   "2024-01-01T09:00:00Z", iso_key);
		if (*out < -FSRS_TIME_LIMIT || *out > FSRS_TIME_LIMIT)
			return replay_fail(x, "\"%s\" is out of range", iso_key);
		return 0;
	}
	return 1;
}

static int replay_steps(struct replay_ctx *x, const json_t *arr, const char *key,
                        int64_t *steps, size_t *n)
{
	if (!json_is_array(arr))
		return replay_fail(x, "\"%s\" is not an array", key);
	if (json_array_size(arr) > FSRS_MAX_STEPS)
		return replay_fail(x, "\"%s\" has more than %d steps", key, FSRS_MAX_STEPS);
	for (size_t i = 0; i < json_array_size(arr); i++)
		if (replay_whole(json_array_get(arr, i), 0, FSRS_STEP_LIMIT, &steps[i]) != 0)
			return replay_fail(x, "\"%s\"[%zu] is not a whole number of seconds "
			                   "in 0..%lld", key, i, (long long)FSRS_STEP_LIMIT);
	*n = json_array_size(arr);
	return 0;
}

/* Applies the members of a "scheduler" object present in `obj` onto *s. */
static int replay_scheduler(struct replay_ctx *x, const json_t *obj,
                            struct fsrs_scheduler *s)
{
	if (!json_is_object(obj))
		return replay_fail(x, "the scheduler is not an object");
	const json_t *v;
	if ((v = json_object_get(obj, "parameters"))) {
		double w[FSRS_NPARAMS];
		size_t n = json_is_array(v) ? json_array_size(v) : 0;
		if (!json_is_array(v) || n != FSRS_NPARAMS)
			return replay_fail(x, "\"parameters\" is not an array of %d numbers",
			                   FSRS_NPARAMS);
		for (size_t i = 0; i < n; i++) {
			const json_t *e = json_array_get(v, i);
			if (!json_is_number(e))
				return replay_fail(x, "\"parameters\"[%zu] is not a number", i);
			w[i] = json_number_value(e);
		}
		size_t bad = 0;
		if (fsrs_params_validate(w, n, &bad) != 0)
			return replay_fail(x, "parameters[%zu] = %.17g is outside [%g, %g]", bad,
			                   w[bad], fsrs_params_lower[bad], fsrs_params_upper[bad]);
		memcpy(s->w, w, sizeof w);
	}
	if ((v = json_object_get(obj, "desired_retention"))) {
		double r = json_is_number(v) ? json_number_value(v) : NAN;
		if (!(r > 0.0 && r < 1.0))
			return replay_fail(x, "\"desired_retention\" is not a number in (0, 1)");
		s->desired_retention = r;
	}
	if ((v = json_object_get(obj, "learning_steps_seconds")) &&
	    replay_steps(x, v, "learning_steps_seconds", s->learning_steps,
	                 &s->n_learning_steps) != 0)
		return -1;
	if ((v = json_object_get(obj, "relearning_steps_seconds")) &&
	    replay_steps(x, v, "relearning_steps_seconds", s->relearning_steps,
	                 &s->n_relearning_steps) != 0)
		return -1;
	if ((v = json_object_get(obj, "maximum_interval")) &&
	    replay_whole(v, 0, FSRS_MAX_INTERVAL_LIMIT, &s->maximum_interval) != 0)
		return replay_fail(x, "\"maximum_interval\" is not a whole number of days "
		                   "in 0..%lld", (long long)FSRS_MAX_INTERVAL_LIMIT);
	if ((v = json_object_get(obj, "enable_fuzzing"))) {
		if (!json_is_boolean(v))
			return replay_fail(x, "\"enable_fuzzing\" is not a boolean");
		s->enable_fuzzing = json_is_true(v);
	}
	return 0;
}

/* A number or null (stored as 0, fsrs.h's "none") for stability/difficulty. */
static int replay_memory(struct replay_ctx *x, const json_t *card, const char *key,
                         double lo, double hi, double *out)
{
	const json_t *v = json_object_get(card, key);
	*out = 0.0;
	if (v == NULL || json_is_null(v))
		return 0;
	double d = json_is_number(v) ? json_number_value(v) : NAN;
	if (!(d >= lo && d <= hi))
		return replay_fail(x, "initial_card \"%s\" is not null or a number in "
		                   "[%g, %g]", key, lo, hi);
	*out = d;
	return 0;
}

static int replay_initial_card(struct replay_ctx *x, const json_t *obj,
                               int64_t first_review, struct fsrs_card *c)
{
	fsrs_card_init(c, 0, first_review);
	if (obj == NULL || json_is_null(obj))
		return 0;
	if (!json_is_object(obj))
		return replay_fail(x, "\"initial_card\" is not an object");
	const json_t *v;
	int64_t n;
	if ((v = json_object_get(obj, "card_id"))) {
		if (replay_whole(v, INT64_MIN + 1, INT64_MAX, &n) != 0)
			return replay_fail(x, "initial_card \"card_id\" is not an integer");
		c->card_id = n;
	}
	if ((v = json_object_get(obj, "state"))) {
		if (replay_whole(v, FSRS_LEARNING, FSRS_RELEARNING, &n) != 0)
			return replay_fail(x, "initial_card \"state\" is not 1, 2 or 3");
		c->state = (int)n;
	}
	c->step = c->state == FSRS_REVIEW ? -1 : 0;
	if ((v = json_object_get(obj, "step")) && !json_is_null(v)) {
		if (replay_whole(v, 0, FSRS_MAX_STEPS * 4, &n) != 0)
			return replay_fail(x, "initial_card \"step\" is not null or a small "
			                   "whole number");
		c->step = (int)n;
	}
	if (replay_memory(x, obj, "stability", 1e-300, 1e300, &c->stability) != 0 ||
	    replay_memory(x, obj, "difficulty", 1e-300, 1e300, &c->difficulty) != 0)
		return -1;
	if (replay_time(x, obj, "due_epoch", "due", &c->due) < 0 ||
	    replay_time(x, obj, "last_review_epoch", "last_review", &c->last_review) < 0)
		return -1;
	return 0;
}

/* ---- Output ---- */

/*
** Writes s (valid UTF-8, as jansson guarantees) as a JSON string the way
** Python's json.dumps does by default: only printable ASCII stays as is,
** everything else is \uXXXX in lower case, with surrogate pairs.
*/
static void replay_print_string(FILE *out, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	fputc('"', out);
	while (p < end) {
		unsigned c = *p++;
		if (c >= 0x80) {
			int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
			c &= 0x3fu >> extra;
			for (int i = 0; i < extra && p < end; i++)
				c = (c << 6) | (*p++ & 0x3fu);
		}
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", (int)c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c == '\b')
			fputs("\\b", out);
		else if (c == '\f')
			fputs("\\f", out);
		else if (c >= 0x20 && c < 0x7f)
			fputc((int)c, out);
		else if (c < 0x10000)
			fprintf(out, "\\u%04x", c);
		else
			fprintf(out, "\\u%04x\\u%04x", 0xd800 + ((c - 0x10000) >> 10),
			        0xdc00 + ((c - 0x10000) & 0x3ff));
	}
	fputc('"', out);
}

/* The sequence id as it is echoed: a JSON string or integer. */
static void replay_print_id(FILE *out, const json_t *id)
{
	if (json_is_string(id))
		replay_print_string(out, json_string_value(id), json_string_length(id));
	else
		fprintf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(id));
}

static void replay_print_double(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.17g", v);
	else
		fputs("null", out);   /* JSON has no infinity */
}

static int replay_review(struct replay_ctx *x, FILE *out, const json_t *id,
                         const struct fsrs_scheduler *base, const json_t *rv,
                         struct fsrs_card *card)
{
	if (!json_is_object(rv))
		return replay_fail(x, "the review is not an object");
	int64_t rating, now;
	if (replay_whole(json_object_get(rv, "rating"), 1, 4, &rating) != 0)
		return replay_fail(x, "\"rating\" is missing or not 1..4");
	int rc = replay_time(x, rv, "review_epoch", "review_datetime", &now);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return replay_fail(x, "\"review_epoch\" and \"review_datetime\" are missing");

	struct fsrs_scheduler s = *base;
	const json_t *ov = json_object_get(rv, "scheduler_override");
	if (ov && !json_is_null(ov) && replay_scheduler(x, ov, &s) != 0)
		return -1;
	const json_t *probes = json_object_get(rv, "probes");
	if (probes && !json_is_null(probes) && !json_is_array(probes))
		return replay_fail(x, "\"probes\" is not an array");

	if (fsrs_review(&s, card, (int)rating, now, card) != 0)
		return replay_fail(x, "the card cannot be reviewed (inconsistent card, "
		                   "or scheduler out of range)");

	char due[SRS_TIME_BUFSIZE];
	srs_time_format(card->due, due, sizeof due);
	fputs("{\"sequence\": ", out);
	replay_print_id(out, id);
	fprintf(out, ", \"index\": %ld, \"state\": %d, \"step\": ", x->review, card->state);
	if (card->state == FSRS_REVIEW)
		fputs("null", out);
	else
		fprintf(out, "%d", card->step);
	fputs(", \"stability\": ", out);
	replay_print_double(out, card->stability);
	fputs(", \"difficulty\": ", out);
	replay_print_double(out, card->difficulty);
	fprintf(out, ", \"due\": \"%s\", \"retrievability\": [", due);
	for (size_t i = 0; probes && i < json_array_size(probes); i++) {
		const json_t *p = json_array_get(probes, i);
		int64_t t;
		int trc = json_is_object(p) ? replay_time(x, p, "epoch", "datetime", &t) : 1;
		if (trc < 0)
			return -1;
		if (trc > 0)
			return replay_fail(x, "probe %zu has no \"epoch\" or \"datetime\"", i);
		if (i > 0)
			fputs(", ", out);
		replay_print_double(out, fsrs_retrievability(&s, card, t));
	}
	fputs("]}\n", out);
	return 0;
}

static int replay_sequence(struct replay_ctx *x, FILE *out, const json_t *seq)
{
	if (!json_is_object(seq))
		return replay_fail(x, "the sequence is not an object");
	const json_t *id = json_object_get(seq, "id");
	if (!json_is_string(id) && !json_is_integer(id))
		return replay_fail(x, "\"id\" is missing or not a string");
	x->seq_id = json_is_string(id) ? json_string_value(id) : NULL;

	struct fsrs_scheduler s;
	fsrs_scheduler_init(&s);
	s.enable_fuzzing = false;
	const json_t *sched = json_object_get(seq, "scheduler");
	if (sched && !json_is_null(sched) && replay_scheduler(x, sched, &s) != 0)
		return -1;
	const json_t *reviews = json_object_get(seq, "reviews");
	if (!json_is_array(reviews))
		return replay_fail(x, "\"reviews\" is missing or not an array");

	/* A new card is created at its first review unless told otherwise. */
	int64_t first = 0;
	if (json_array_size(reviews) > 0) {
		x->review = 0;
		const json_t *r0 = json_array_get(reviews, 0);
		if (json_is_object(r0) &&
		    replay_time(x, r0, "review_epoch", "review_datetime", &first) < 0)
			return -1;
		x->review = -1;
	}
	struct fsrs_card card;
	if (replay_initial_card(x, json_object_get(seq, "initial_card"), first, &card) != 0)
		return -1;

	int rc = 0;
	for (size_t i = 0; rc == 0 && i < json_array_size(reviews); i++) {
		x->review = (long)i;
		rc = replay_review(x, out, id, &s, json_array_get(reviews, i), &card);
	}
	x->review = -1;
	return rc;
}

/* ---- Entry points ---- */

int srs_replay_file(const char *path, FILE *out, FILE *err)
{
	json_error_t jerr;
	json_t *root = strcmp(path, "-") == 0 ? json_loadf(stdin, 0, &jerr)
	                                      : json_load_file(path, 0, &jerr);
	if (root == NULL) {
		fprintf(err, "cartable srs replay: %s: line %d: %s\n", path, jerr.line,
		        jerr.text);
		return 1;
	}
	struct replay_ctx x = {.review = -1};
	const json_t *seqs = json_object_get(root, "sequences");
	if (!json_is_array(seqs)) {
		fprintf(err, "cartable srs replay: %s: no \"sequences\" array at the top "
		        "level\n", path);
		json_decref(root);
		return 1;
	}

	/* Buffered so that a bad sequence late in the file prints nothing. */
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int rc = mem ? 0 : replay_fail(&x, "out of memory");
	for (size_t i = 0; rc == 0 && i < json_array_size(seqs); i++) {
		x.seq = i;
		x.seq_id = NULL;
		rc = replay_sequence(&x, mem, json_array_get(seqs, i));
	}
	if (mem && fclose(mem) != 0 && rc == 0)
		rc = replay_fail(&x, "out of memory");
	json_decref(root);

	if (rc != 0) {
		fprintf(err, "cartable srs replay: %s: %s\n", path, x.msg);
		free(buf);
		return 1;
	}
	if (len > 0 && fwrite(buf, 1, len, out) != len) {
		fprintf(err, "cartable srs replay: cannot write the output\n");
		free(buf);
		return 1;
	}
	free(buf);
	if (fflush(out) != 0) {
		fprintf(err, "cartable srs replay: cannot write the output\n");
		return 1;
	}
	return 0;
}

int srs_replay_main(int argc, char **argv)
{
	if (argc != 2 || argv[1] == NULL || argv[1][0] == '\0') {
		fprintf(stderr, "usage: cartable srs replay FILE   (FILE may be - for stdin)\n");
		return 2;
	}
	return srs_replay_file(argv[1], stdout, stderr);
}
