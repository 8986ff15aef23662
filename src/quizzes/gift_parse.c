/*
** This file implements gift_parse() at the level of the whole file: size,
** BOM and UTF-8 checks, cutting the text into lines and the lines into
** blank-line separated blocks, $CATEGORY lines, and the error list. Each
** question block is handed to gift_question_parse() (gift_question.c).
** Messages are translated where they are formatted (kernel/i18n.h).
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quizzes/gift_internal.h"

/* ---- Errors ---- */

void gift_error_at(struct gift_parser *p, int line, const char *fmt, ...)
{
	struct gift_doc *doc = p->doc;
	if (p->stop)
		return;
	struct gift_error *e = &doc->errors[doc->nerrors++];
	e->line = line;
	if (doc->nerrors == GIFT_MAX_ERRORS) {
		snprintf(e->message, sizeof(e->message),
		         _("trop d'erreurs (plus de %d) : analyse interrompue"),
		         GIFT_MAX_ERRORS - 1);
		p->stop = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	/* vsnprintf may have cut a multibyte character; JSON needs UTF-8. */
	size_t n = strlen(e->message);
	e->message[gift_utf8_valid_prefix(e->message, n)] = '\0';
}

/* ---- Blocks ---- */

struct block {
	struct gift_line *lines, *comments;
	size_t nlines, ncomments;
	size_t cap_lines, cap_comments;
	size_t gap;      /* comment lines since the last non-comment line */
	bool too_long;
};

static int line_push(struct gift_line **v, size_t *n, size_t *cap,
                     const struct gift_line *l)
{
	if (*n == *cap) {
		size_t cap2 = *cap ? *cap * 2 : 16;
		struct gift_line *d = realloc(*v, cap2 * sizeof(**v));
		if (!d)
			return -1;
		*v = d;
		*cap = cap2;
	}
	(*v)[(*n)++] = *l;
	return 0;
}

static int add_question(struct gift_parser *p, const struct gift_question *q)
{
	struct gift_doc *doc = p->doc;
	if (doc->nquestions == p->cap_questions) {
		size_t cap = p->cap_questions ? p->cap_questions * 2 : 32;
		struct gift_question *d = realloc(doc->questions, cap * sizeof(*d));
		if (!d)
			return -1;
		doc->questions = d;
		p->cap_questions = cap;
	}
	doc->questions[doc->nquestions++] = *q;
	return 0;
}

static void flush_block(struct gift_parser *p, struct block *b)
{
	size_t first = 0;
	if (b->nlines == 0 || p->stop)
		goto done;
	if (b->too_long) {
		gift_error_at(p, b->lines[0].no,
		              _("question trop longue (plus de %d lignes) : "
		                "une ligne vide manque-t-elle entre deux questions ?"),
		              GIFT_MAX_LINES);
		goto done;
	}
	const struct gift_line *l0 = &b->lines[0];
	if (l0->n >= 10 && memcmp(l0->s, "$CATEGORY:", 10) == 0) {
		/* Moodle takes the whole block as the path; we take the line
		** only, so a question written right below still counts. */
		const char *s = l0->s + 10;
		size_t n = l0->n - 10;
		gift_trim(&s, &n);
		p->category = gift_arena_strndup(p->arena, s, n);
		if (!p->category) {
			p->nomem = p->stop = true;
			goto done;
		}
		first = 1;
		if (b->nlines == 1)
			goto done;
	}
	if (p->doc->nquestions >= GIFT_MAX_QUESTIONS) {
		gift_error_at(p, b->lines[first].no,
		              _("trop de questions dans le fichier (maximum %d)"),
		              GIFT_MAX_QUESTIONS);
		p->stop = true;
		goto done;
	}
	struct gift_question q;
	memset(&q, 0, sizeof(q));
	if (gift_question_parse(p, b->lines + first, b->nlines - first,
	                        b->comments, b->ncomments, &q) == 0 &&
	    p->doc->nerrors == 0 && add_question(p, &q) != 0)
		p->nomem = p->stop = true;
done:
	b->nlines = b->ncomments = b->gap = 0;
	b->too_long = false;
}

static void split_lines(struct gift_parser *p, const char *s, size_t n)
{
	struct block b;
	memset(&b, 0, sizeof(b));
	size_t i = 0;
	int no = 0;
	while (i < n && !p->stop) {
		size_t j = i;
		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		struct gift_line l = { s + i, j - i, ++no, 0 };
		gift_trim(&l.s, &l.n);
		/* A BOM starting a line is that of a file pasted or
		** concatenated into this one (copy a+b): Moodle keeps it,
		** and then misses the "::title" or "$CATEGORY" after it. */
		while (l.n >= 3 && memcmp(l.s, "\xEF\xBB\xBF", 3) == 0) {
			l.s += 3;
			l.n -= 3;
			gift_trim(&l.s, &l.n);
		}
		if (l.n == 0) {
			flush_block(p, &b);
		} else if (l.n >= 2 && memcmp(l.s, "//", 2) == 0) {
			/* Moodle turns a comment line into a line holding a
			** space: inside a text, that is a blank line. */
			if (b.nlines)
				b.gap++;
			/* Comments hold [id:] and [tag:], usually just above
			** the question: past the limit, keep the latest half. */
			if (b.ncomments == GIFT_MAX_LINES) {
				size_t keep = GIFT_MAX_LINES / 2;
				memmove(b.comments, b.comments + b.ncomments - keep,
				        keep * sizeof(*b.comments));
				b.ncomments = keep;
			}
			if (line_push(&b.comments, &b.ncomments, &b.cap_comments, &l))
				p->nomem = p->stop = true;
		} else if (b.nlines >= GIFT_MAX_LINES) {
			b.too_long = true;
		} else {
			l.gap = b.gap;
			b.gap = 0;
			if (line_push(&b.lines, &b.nlines, &b.cap_lines, &l))
				p->nomem = p->stop = true;
		}
		/* \r\n, \n and a lone \r (old Mac files) all end a line. */
		if (j + 1 < n && s[j] == '\r' && s[j + 1] == '\n')
			j += 2;
		else if (j < n)
			j++;
		i = j;
	}
	flush_block(p, &b);
	free(b.lines);
	free(b.comments);
}

static int line_of_offset(const char *s, size_t off)
{
	int line = 1;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n'))
			line++;
	}
	return line;
}

/* ---- Entry points ---- */

int gift_parse(const char *buf, size_t len, struct gift_doc **out)
{
	if (!out)
		return GIFT_ERR_ARG;
	*out = NULL;
	if (!buf && len)
		return GIFT_ERR_ARG;
	struct gift_doc *doc = calloc(1, sizeof(*doc));
	if (!doc)
		return GIFT_ERR_NOMEM;
	doc->arena = gift_arena_new();
	if (!doc->arena ||
	    !(doc->errors = gift_arena_alloc(doc->arena,
	                                     GIFT_MAX_ERRORS * sizeof(*doc->errors)))) {
		gift_doc_free(doc);
		return GIFT_ERR_NOMEM;
	}
	struct gift_parser p;
	memset(&p, 0, sizeof(p));
	p.doc = doc;
	p.arena = doc->arena;
	p.category = "";

	const char *s = buf ? buf : "";
	size_t n = len;
	if (n > GIFT_MAX_INPUT) {
		gift_error_at(&p, 0, _("fichier trop volumineux (%zu octets, maximum %u)"),
		              n, GIFT_MAX_INPUT);
	} else {
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
		size_t valid = gift_utf8_valid_prefix(s, n);
		const char *nul = memchr(s, '\0', n);
		if (valid != n) {
			gift_error_at(&p, line_of_offset(s, valid),
			              _("le fichier n'est pas encodé en UTF-8 (octet invalide) : "
			                "enregistrez-le en UTF-8 et réessayez"));
		} else if (nul) {
			gift_error_at(&p, line_of_offset(s, (size_t)(nul - s)),
			              _("caractère nul dans le fichier : ce n'est pas un fichier texte"));
		} else {
			split_lines(&p, s, n);
		}
	}
	if (p.nomem) {
		gift_doc_free(doc);
		return GIFT_ERR_NOMEM;
	}
	if (doc->nerrors == 0 && doc->nquestions == 0)
		gift_error_at(&p, 0, _("le fichier ne contient aucune question"));
	if (doc->nerrors) {
		doc->nquestions = 0;
		*out = doc;
		return GIFT_ERR_SYNTAX;
	}
	*out = doc;
	return GIFT_OK;
}

void gift_doc_free(struct gift_doc *doc)
{
	if (!doc)
		return;
	free(doc->questions);
	gift_arena_free(doc->arena);
	free(doc);
}
