/*
** This file implements cloze.h: finding "{{cN::answer::hint}}" in card
** text, and rendering the two sides of a card, Markdown included, with
** the hidden parts replaced after cmark has rendered the text.
*/
#include "srs/cloze.h"

#include <string.h>

#include "kernel/html.h"
#include "kernel/markdown.h"
#include "kernel/str.h"

/* ---- Parsing ---- */

/* Reads one cloze starting at s[i] ("{{c"); 0 when it is not one. */
static int parse_one(const char *s, size_t i, struct cloze_span *out)
{
	if (strncmp(s + i, "{{c", 3) != 0)
		return 0;
	size_t p = i + 3;
	if (s[p] < '1' || s[p] > '9')
		return 0;
	int number = 0;
	while (s[p] >= '0' && s[p] <= '9') {
		number = number * 10 + (s[p] - '0');
		if (number > CLOZE_MAX_NUMBER)
			return 0;
		p++;
	}
	if (s[p] != ':' || s[p + 1] != ':')
		return 0;
	p += 2;
	const char *answer = s + p;
	size_t alen = 0;
	while (answer[alen] && strncmp(answer + alen, "::", 2) != 0 && strncmp(answer + alen, "}}", 2) != 0)
		alen++;
	if (!answer[alen] || alen == 0)
		return 0;
	const char *hint = NULL;
	size_t hlen = 0;
	p += alen;
	if (s[p] == ':') {
		hint = s + p + 2;
		while (hint[hlen] && strncmp(hint + hlen, "}}", 2) != 0)
			hlen++;
		if (!hint[hlen])
			return 0;
		p += 2 + hlen;
	}
	/* p is at "}}" */
	*out = (struct cloze_span){
		.start = i, .end = p + 2, .number = number, .answer = answer, .answer_len = alen,
		.hint = hint, .hint_len = hlen,
	};
	return 1;
}

int cloze_parse(struct arena *a, const char *src, struct cloze_span **out)
{
	*out = NULL;
	if (!src)
		return 0;
	int n = 0;
	size_t cap = 0;
	struct cloze_span *spans = NULL, one;
	for (size_t i = 0; src[i] && n < CLOZE_MAX_SPANS;) {
		if (src[i] == '{' && parse_one(src, i, &one)) {
			spans = arena_grow(a, spans, (size_t)n, &cap, sizeof *spans);
			spans[n++] = one;
			i = one.end;
		} else {
			i++;
		}
	}
	*out = spans;
	return n;
}

int cloze_numbers(const char *src, int *numbers, int max)
{
	if (!src)
		return 0;
	unsigned char seen[CLOZE_MAX_NUMBER + 1] = {0};
	struct cloze_span one;
	int spans = 0;
	for (size_t i = 0; src[i] && spans < CLOZE_MAX_SPANS;) {
		if (src[i] == '{' && parse_one(src, i, &one)) {
			seen[one.number] = 1;
			spans++;
			i = one.end;
		} else {
			i++;
		}
	}
	int n = 0;
	for (int k = 1; k <= CLOZE_MAX_NUMBER; k++)
		if (seen[k]) {
			if (n < max)
				numbers[n] = k;
			n++;
		}
	return n;
}

/* ---- Rendering ---- */

/*
** The hidden parts are replaced by a token made of letters and digits,
** which cmark leaves alone, and the token by markup after rendering, in
** text only (never inside a tag, where it could break an attribute).
*/
#define TOKEN "QZCLOZE"
#define TOKEN_END "QZ"

/* An answer as inline HTML: its Markdown rendered, without the <p>. */
static const char *inline_html(struct arena *a, const char *text, size_t len)
{
	char *md = arena_strndup(a, text, len);
	char *h = markdown_to_html(a, md);
	size_t n = strlen(h);
	if (n >= 8 && strncmp(h, "<p>", 3) == 0 && strcmp(h + n - 5, "</p>\n") == 0) {
		char *inner = arena_strndup(a, h + 3, n - 8);
		if (!strstr(inner, "<p>"))
			return inner;
	}
	return html_escape(a, md);
}

/* Source with cloze `number` as tokens (k = index of the span) and the
** others as their answers; for_plain writes "[…]" instead of tokens. */
static char *substitute(struct arena *a, const char *src, const struct cloze_span *sp, int n,
                        int number, int mode)
{
	struct sb out;
	sb_init(&out, a, strlen(src) + 32);
	size_t at = 0;
	for (int k = 0; k < n; k++) {
		sb_add(&out, src + at, sp[k].start - at);
		if (sp[k].number == number) {
			if (mode == 1)
				sb_adds(&out, "[…]");
			else
				sb_printf(&out, TOKEN "%d" TOKEN_END, k);
		} else {
			sb_add(&out, sp[k].answer, sp[k].answer_len);
		}
		at = sp[k].end;
	}
	sb_adds(&out, src + at);
	return out.buf;
}

/* Replaces tokens found in text (outside tags) of html: hidden (front)
** or marked answers (back). */
static char *replace_tokens(struct arena *a, const char *html, const struct cloze_span *sp, int n,
                            int back)
{
	struct sb out;
	sb_init(&out, a, strlen(html) + 64);
	bool in_tag = false;
	for (const char *p = html; *p;) {
		if (*p == '<')
			in_tag = true;
		else if (*p == '>')
			in_tag = false;
		if (!in_tag && strncmp(p, TOKEN, strlen(TOKEN)) == 0) {
			const char *q = p + strlen(TOKEN);
			int k = 0, digits = 0;
			while (*q >= '0' && *q <= '9' && digits < 4) {
				k = k * 10 + (*q - '0');
				q++;
				digits++;
			}
			if (digits && strncmp(q, TOKEN_END, strlen(TOKEN_END)) == 0 && k < n) {
				if (back) {
					sb_printf(&out, "<mark class=\"cloze\">%s</mark>",
					          inline_html(a, sp[k].answer, sp[k].answer_len));
				} else if (sp[k].hint && sp[k].hint_len) {
					sb_printf(&out, "<span class=\"cloze\">[%s]</span>",
					          html_escape(a, arena_strndup(a, sp[k].hint, sp[k].hint_len)));
				} else {
					sb_adds(&out, "<span class=\"cloze\">[…]</span>");
				}
				p = q + strlen(TOKEN_END);
				continue;
			}
		}
		sb_addc(&out, *p);
		p++;
	}
	return out.buf;
}

void cloze_render(struct arena *a, const char *kind, const char *src, const char *extra,
                  int number, char **front_html, char **back_html)
{
	if (!src)
		src = "";
	if (!kind || strcmp(kind, "cloze") != 0) {
		*front_html = markdown_to_html(a, src);
		*back_html = markdown_to_html(a, extra);
		return;
	}
	struct cloze_span *sp;
	int n = cloze_parse(a, src, &sp);
	const char *with_tokens = substitute(a, src, sp, n, number, 0);
	const char *rendered = markdown_to_html(a, with_tokens);
	*front_html = replace_tokens(a, rendered, sp, n, 0);
	char *back = replace_tokens(a, rendered, sp, n, 1);
	if (extra && *extra)
		back = arena_printf(a, "%s%s", back, markdown_to_html(a, extra));
	*back_html = back;
}

char *cloze_plain(struct arena *a, const char *kind, const char *src, int number, size_t max_bytes)
{
	if (!src)
		src = "";
	const char *text = src;
	if (kind && strcmp(kind, "cloze") == 0) {
		struct cloze_span *sp;
		int n = cloze_parse(a, src, &sp);
		text = substitute(a, src, sp, n, number, 1);
	}
	/* one line: runs of blanks become one space */
	struct sb out;
	sb_init(&out, a, max_bytes + 8);
	bool space = false;
	for (const char *p = text; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			space = out.len > 0;
			continue;
		}
		if (space)
			sb_addc(&out, ' ');
		space = false;
		sb_addc(&out, (char)c);
	}
	if (out.len > max_bytes) {
		size_t cut = max_bytes;
		while (cut > 0 && ((unsigned char)out.buf[cut] & 0xC0) == 0x80)
			cut--;
		sb_truncate(&out, cut);
		sb_adds(&out, "…");
	}
	return out.buf;
}
