/*
** This file implements the analysis of one GIFT question block, following
** Moodle's importer (question/format/gift/format.php): escapes are first
** replaced by placeholder bytes, then the title, the single {answers} block
** and the general feedback are found on what remains; gift_answers.c reads
** the answers. The "[id:]" and "[tag:]" metadata come from the block's
** comment lines. Where Moodle silently imports something the teacher
** surely did not mean (unclosed title, two answer blocks, an answer line
** outside the braces...), we report an error instead.
*/
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quizzes/gift_internal.h"

#define BLANK_MARK "_____"

/* ---- Helpers shared with gift_answers.c ---- */

static int line_at(const struct gift_qctx *c, size_t pos)
{
	size_t lo = 0, hi = c->nl;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->lstart[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return c->lno[lo];
}

void gift_qerr(struct gift_qctx *c, size_t pos, const char *fmt, ...)
{
	char msg[GIFT_ERROR_MSG];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	gift_error_at(c->p, line_at(c, pos), "%s", msg);
	c->failed = true;
}

void gift_qnomem(struct gift_qctx *c)
{
	c->p->nomem = c->p->stop = true;
	c->failed = true;
}

static char decode_char(char ch)
{
	switch (ch) {
	case GIFT_PH_COLON: return ':';
	case GIFT_PH_HASH: return '#';
	case GIFT_PH_EQUAL: return '=';
	case GIFT_PH_LBRACE: return '{';
	case GIFT_PH_RBRACE: return '}';
	case GIFT_PH_TILDE: return '~';
	case GIFT_PH_NL: return '\n';
	default: return ch;
	}
}

const char *gift_excerpt(const struct gift_qctx *c, struct gift_span s,
                         char *out, size_t cap)
{
	size_t k = 0;
	bool cut = false;
	for (size_t i = s.a; i < s.b; i++) {
		if (k + 5 >= cap || k >= 60) {
			cut = true;
			break;
		}
		char ch = decode_char(c->t[i]);
		out[k++] = ch == '\n' ? ' ' : ch;
	}
	k = gift_utf8_valid_prefix(out, k);   /* drop a cut character */
	if (cut) {
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

struct gift_span gift_span_trim(const struct gift_qctx *c, struct gift_span s)
{
	while (s.a < s.b && gift_is_blank(c->t[s.a]))
		s.a++;
	while (s.b > s.a && gift_is_blank(c->t[s.b - 1]))
		s.b--;
	return s;
}

size_t gift_span_find(const struct gift_qctx *c, struct gift_span s, char ch)
{
	const char *f = s.b > s.a ? memchr(c->t + s.a, ch, s.b - s.a) : NULL;
	return f ? (size_t)(f - c->t) : s.b;
}

static const char *make_text(struct gift_qctx *c, const char *s, size_t n,
                             bool with_format, enum gift_format *fmt)
{
	gift_trim(&s, &n);
	if (with_format) {
		*fmt = c->qformat;
		const char *close = n && s[0] == '[' ? memchr(s, ']', n) : NULL;
		enum gift_format f;
		if (close && gift_format_from_name(s + 1, (size_t)(close - s - 1), &f)) {
			*fmt = f;
			n -= (size_t)(close + 1 - s);
			s = close + 1;
		}
	}
	char *d = gift_arena_alloc(c->arena, n + 1);
	if (!d) {
		gift_qnomem(c);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		d[i] = decode_char(s[i]);
	/* Trim again: an escaped \n at either end goes, as in Moodle. */
	const char *r = d;
	gift_trim(&r, &n);
	d[(size_t)(r - d) + n] = '\0';
	return r;
}

const char *gift_span_text(struct gift_qctx *c, struct gift_span s,
                           bool with_format, enum gift_format *fmt)
{
	return make_text(c, c->t + s.a, s.b - s.a, with_format, fmt);
}

/* ---- Building the block text ---- */

/* Appends a line with its escapes replaced by placeholders. Moodle does
** the same on the whole block; no escape spans two lines, so it is equal.
** Unknown escapes (\a, \( ...) stay as they are. */
static void decode_line(struct gift_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char e = 0;
		if (s[i] == '\\' && i + 1 < n) {
			switch (s[i + 1]) {
			case '\\': e = '\\'; break;
			case ':': e = GIFT_PH_COLON; break;
			case '#': e = GIFT_PH_HASH; break;
			case '=': e = GIFT_PH_EQUAL; break;
			case '{': e = GIFT_PH_LBRACE; break;
			case '}': e = GIFT_PH_RBRACE; break;
			case '~': e = GIFT_PH_TILDE; break;
			case 'n': e = GIFT_PH_NL; break;
			default: break;
			}
		}
		if (e) {
			gift_buf_addc(b, e);
			i++;
		} else {
			gift_buf_addc(b, s[i]);
		}
	}
}

static size_t count_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/*
** A title over GIFT_MAX_TITLE characters is shortened as Moodle's importer
** does (clean_question_name(), shorten_text()): cut on a word boundary when
** there is one near the end, then "..." appended; at most 251 characters.
** NULL when out of memory.
*/
static const char *shorten_title(struct gift_qctx *c, const char *title)
{
	enum { KEEP = 248 };               /* characters kept before "..." */
	size_t bytes = 0, chars = 0, space = 0;
	while (title[bytes] && chars < KEEP) {
		if (title[bytes] == ' ' && chars >= KEEP - 50)
			space = bytes;
		bytes++;
		while (((unsigned char)title[bytes] & 0xC0) == 0x80)
			bytes++;
		chars++;
	}
	if (space)
		bytes = space;
	const char *s = title;
	size_t n = bytes;
	gift_trim(&s, &n);
	char *d = gift_arena_alloc(c->arena, n + 4);
	if (!d) {
		gift_qnomem(c);
		return NULL;
	}
	memcpy(d, s, n);
	memcpy(d + n, "...", 4);
	return d;
}

/* ---- Metadata: "// [id:...]" and "// [tag:...]" ---- */

/* Finds the end of a token whose content starts at s[j]: the first ']' not
** escaped as "\]". Like Moodle's regular expression, when no such ']' comes
** before a control character (or '<', '>', '`' in a tag) or the end of the
** line, the last "\]" is read as a backslash closing the token. *stop is
** then where the scan stopped: a later token of the same kind starting
** before it cannot close either (this keeps the scan linear). */
static bool token_end(const char *s, size_t n, size_t j, bool tag, size_t *end,
                      size_t *stop)
{
	size_t last_esc = SIZE_MAX, k = j;
	while (k < n) {
		unsigned char ch = (unsigned char)s[k];
		if (ch == ']') {
			*end = k;
			return true;
		}
		if (ch == '\\' && k + 1 < n && s[k + 1] == ']') {
			last_esc = k;
			k += 2;
			continue;
		}
		if (ch < 0x20 || ch == 0x7F || (tag && (ch == '<' || ch == '>' || ch == '`')))
			break;
		k++;
	}
	*stop = k;
	if (last_esc == SIZE_MAX)
		return false;
	*end = last_esc + 1;
	return true;
}

/* The token's content, trimmed, with "\]" turned into "]". */
static char *token_text(struct gift_qctx *c, const char *s, size_t n)
{
	gift_trim(&s, &n);
	char *d = gift_arena_alloc(c->arena, n + 1);
	if (!d) {
		gift_qnomem(c);
		return NULL;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == ']')
			i++;
		d[k++] = s[i];
	}
	d[k] = '\0';
	return d;
}

static void parse_meta(struct gift_qctx *c, const struct gift_line *cm,
                       size_t ncm, struct gift_question *q)
{
	const char **tags = NULL;
	bool have_id = false;
	q->idnumber = "";
	for (size_t l = 0; l < ncm && !c->p->stop; l++) {
		const char *s = cm[l].s;
		size_t n = cm[l].n, i = 0, end;
		size_t dead[2] = { 0, 0 };      /* [0] ids, [1] tags: see token_end() */
		while (i < n) {
			bool is_id = n - i >= 4 && memcmp(s + i, "[id:", 4) == 0;
			bool is_tag = n - i >= 5 && memcmp(s + i, "[tag:", 5) == 0;
			size_t from = i + (is_id ? 4 : 5), stop = 0;
			if ((!is_id && !is_tag) || from < dead[is_tag]) {
				i++;
				continue;
			}
			bool found = token_end(s, n, from, is_tag, &end, &stop);
			if (stop > dead[is_tag])
				dead[is_tag] = stop;
			/* Tokens do not overlap: "[id:[tag:x]" is one id. */
			if (!found || (is_id && end == from)) {
				i++;
				continue;
			}
			i = end + 1;
			if (is_id && have_id)
				continue;
			char *v = token_text(c, s + from, end - from);
			if (!v)
				return;
			if (is_id) {
				have_id = true;
				q->idnumber = v;
				if (count_chars(v) > GIFT_MAX_IDNUMBER)
					gift_error_at(c->p, cm[l].no, _("identifiant [id:] trop long "
					                "(%d caractères au maximum)"), GIFT_MAX_IDNUMBER);
				continue;
			}
			if (!v[0])
				continue;
			if (count_chars(v) > GIFT_MAX_TAG) {
				gift_error_at(c->p, cm[l].no, _("étiquette [tag:] trop longue "
				                "(%d caractères au maximum)"), GIFT_MAX_TAG);
				c->failed = true;
				continue;
			}
			if (q->ntags == GIFT_MAX_TAGS) {
				gift_error_at(c->p, cm[l].no, _("trop d'étiquettes [tag:] pour "
				                "une question (%d au maximum)"), GIFT_MAX_TAGS);
				c->failed = true;
				return;
			}
			if (!tags) {
				tags = gift_arena_alloc(c->arena, GIFT_MAX_TAGS * sizeof(*tags));
				if (!tags) {
					gift_qnomem(c);
					return;
				}
				q->tags = tags;
			}
			tags[q->ntags++] = v;
		}
	}
	if (have_id && count_chars(q->idnumber) > GIFT_MAX_IDNUMBER)
		c->failed = true;
}

/* ---- The question ---- */

/* The end of the line holding t[at]. */
static size_t line_end(const struct gift_qctx *c, size_t at, size_t limit)
{
	const char *nl = at < limit ? memchr(c->t + at, '\n', limit - at) : NULL;
	return nl ? (size_t)(nl - c->t) : limit;
}

/* Whether the line at t[at] holds the string s. */
static bool line_has(const struct gift_qctx *c, size_t at, size_t limit, const char *s)
{
	size_t e = line_end(c, at, limit);
	return memmem(c->t + at, e - at, s, strlen(s)) != NULL;
}

/*
** Reports the first line that starts like an answer where none can be:
** after the closing brace (closed too early), or in a question without
** braces when its lines read as a forgotten answer list: both "=" and "~"
** lines, or one with a weight "%", a feedback "#" or a pair "->". Other
** lines starting with "=" or "~" are text, as in Moodle: before the braces
** (a spreadsheet formula "=A1+B1", "~ 5 km"), or a worked calculation in a
** description ("= x² + 2x + 1").
*/
static void check_outside(struct gift_qctx *c, struct gift_span rest,
                          bool braces, size_t close)
{
	size_t first = SIZE_MAX;
	bool eq = false, tilde = false, marked = false;
	for (size_t i = 0; i <= c->nl; i++) {
		size_t at = i == 0 ? rest.a : c->lstart[i - 1];
		if (at < rest.a || at >= rest.b || (i > 0 && at == rest.a))
			continue;
		if (braces && at <= close)
			continue;
		char ch = c->t[at];
		if (ch != '~' && ch != '=')
			continue;
		if (first == SIZE_MAX)
			first = at;
		if (braces)
			break;
		eq |= ch == '=';
		tilde |= ch == '~';
		marked |= (at + 1 < rest.b && c->t[at + 1] == '%') ||
		          line_has(c, at, rest.b, "#") || line_has(c, at, rest.b, "->");
	}
	if (first == SIZE_MAX || (!braces && !(eq && tilde) && !marked))
		return;
	char ch = c->t[first];
	gift_qerr(c, first, _("réponse hors des accolades : la ligne commence "
	            "par « %c » ; mettez les réponses entre { } (ou écrivez "
	            "\\%c pour un %c littéral)"), ch, ch, ch);
}

static int parse_body(struct gift_qctx *c, struct gift_question *q)
{
	const char *t = c->t;
	size_t pos = 0;
	q->title = "";
	if (c->n >= 2 && t[0] == ':' && t[1] == ':') {
		size_t e = 2;
		while (e + 1 < c->n && !(t[e] == ':' && t[e + 1] == ':'))
			e++;
		if (e + 1 >= c->n) {
			gift_qerr(c, 0, _("titre non fermé : le titre commence par « :: » "
			            "et doit se terminer par « :: »"));
			return -1;
		}
		q->title = gift_span_text(c, (struct gift_span){ 2, e }, false, NULL);
		if (!q->title)
			return -1;
		if (count_chars(q->title) > GIFT_MAX_TITLE)
			q->title = shorten_title(c, q->title);
		if (!q->title)
			return -1;
		pos = e + 2;
	}
	struct gift_span rest = gift_span_trim(c, (struct gift_span){ pos, c->n });
	size_t open = gift_span_find(c, rest, '{');
	size_t close = gift_span_find(c, rest, '}');
	bool braces = open < rest.b || close < rest.b;
	if (close < open) {
		gift_qerr(c, close, _("accolade « } » sans accolade « { » avant elle "
		            "(écrivez \\} pour une accolade littérale)"));
		return -1;
	}
	if (braces && close == rest.b) {
		gift_qerr(c, open, _("accolade « { » non fermée : il manque « } » "
		            "à la fin des réponses"));
		return -1;
	}
	if (braces) {
		size_t inner = gift_span_find(c, (struct gift_span){ open + 1, close }, '{');
		if (inner < close) {
			gift_qerr(c, inner, _("accolade « { » à l'intérieur des réponses "
			            "(écrivez \\{ pour une accolade littérale)"));
			return -1;
		}
		struct gift_span after = { close + 1, rest.b };
		size_t more = gift_span_find(c, after, '{');
		size_t more2 = gift_span_find(c, after, '}');
		if (more2 < more)
			more = more2;
		if (more < rest.b) {
			gift_qerr(c, more, _("une question n'a qu'un bloc de réponses { } : "
			            "une ligne vide manque-t-elle entre deux questions ? "
			            "(écrivez \\{ et \\} pour des accolades dans le texte, "
			            "par exemple en LaTeX)"));
			return -1;
		}
	}
	check_outside(c, rest, braces, close);
	if (c->failed)
		return -1;

	q->general_feedback = "";
	if (!braces) {
		q->type = GIFT_DESCRIPTION;
		q->text = gift_span_text(c, rest, true, &q->format);
		if (!q->text)
			return -1;
		q->general_feedback_format = q->format;
	} else {
		/* The braces vanish when they end the text, otherwise they
		** leave the blank of a missing-word question. */
		struct gift_buf b = {0};
		gift_buf_add(&b, t + rest.a, open - rest.a);
		if (close + 1 < rest.b) {
			gift_buf_adds(&b, BLANK_MARK);
			gift_buf_add(&b, t + close + 1, rest.b - close - 1);
		}
		if (b.failed) {
			gift_buf_release(&b);
			gift_qnomem(c);
			return -1;
		}
		q->text = make_text(c, b.data ? b.data : "", b.len, true, &q->format);
		gift_buf_release(&b);
		if (!q->text)
			return -1;
		c->qformat = q->format;
		q->general_feedback_format = q->format;
		struct gift_span ans = gift_span_trim(c, (struct gift_span){ open + 1, close });
		for (size_t i = ans.b; i >= ans.a + 4; i--) {
			if (memcmp(t + i - 4, "####", 4) == 0) {
				q->general_feedback = gift_span_text(c, (struct gift_span){ i, ans.b },
				                                     true, &q->general_feedback_format);
				if (!q->general_feedback)
					return -1;
				ans = gift_span_trim(c, (struct gift_span){ ans.a, i - 4 });
				break;
			}
		}
		if (gift_answers_parse(c, ans, q) != 0)
			return -1;
	}
	if (!q->text[0])
		gift_qerr(c, rest.a, _("la question n'a pas d'énoncé"));
	return c->failed ? -1 : 0;
}

int gift_question_parse(struct gift_parser *p, const struct gift_line *lines,
                        size_t nlines, const struct gift_line *comments,
                        size_t ncomments, struct gift_question *q)
{
	/* A $CATEGORY line inside a question (Moodle: its text) is surely
	** a block that lost its blank line, e.g. two files pasted together. */
	for (size_t i = 0; i < nlines; i++) {
		if (lines[i].n >= 10 && memcmp(lines[i].s, "$CATEGORY:", 10) == 0) {
			gift_error_at(p, lines[i].no, _("« $CATEGORY: » doit être seul dans son "
			              "bloc : une ligne vide manque-t-elle avant cette ligne ?"));
			return -1;
		}
	}
	struct gift_buf b = {0};
	size_t *lstart = malloc(nlines * sizeof(*lstart));
	int *lno = malloc(nlines * sizeof(*lno));
	int rc = -1;
	if (!lstart || !lno) {
		p->nomem = p->stop = true;
		goto out;
	}
	for (size_t i = 0; i < nlines; i++) {
		/* Comment lines inside the question: " " lines, as Moodle
		** leaves them (they belong to the line above for messages). */
		for (size_t k = 0; i > 0 && k < lines[i].gap; k++)
			gift_buf_add(&b, " \n", 2);
		lstart[i] = b.len;
		lno[i] = lines[i].no;
		decode_line(&b, lines[i].s, lines[i].n);
		if (i + 1 < nlines)
			gift_buf_addc(&b, '\n');
	}
	if (b.failed) {
		p->nomem = p->stop = true;
		goto out;
	}
	struct gift_qctx c = {
		.p = p, .arena = p->arena, .t = b.data ? b.data : "", .n = b.len,
		.lstart = lstart, .lno = lno, .nl = nlines,
		.qformat = GIFT_FORMAT_MOODLE,
	};
	q->line = lines[0].no;
	q->category = p->category;
	q->idnumber = "";
	parse_body(&c, q);
	if (!p->nomem)
		parse_meta(&c, comments, ncomments, q);
	rc = c.failed ? -1 : 0;
out:
	gift_buf_release(&b);
	free(lstart);
	free(lno);
	return rc;
}
