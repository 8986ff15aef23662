/*
** Fuzz target for cloze deletions (src/srs/cloze.c): any text is parsed
** without crashing; every span found lies in the text, in order, without
** overlap, with a number in 1..CLOZE_MAX_NUMBER and a non-empty answer;
** cloze_numbers() agrees with the spans; both sides of every card render
** through cmark's safe mode without raw <script> or an event attribute
** coming from the text.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "srs/cloze.h"

static int has_number(const struct cloze_span *sp, int n, int number)
{
	for (int i = 0; i < n; i++)
		if (sp[i].number == number)
			return 1;
	return 0;
}

/* No script, frame, javascript: address or event attribute in the markup
** (Markdown images and links are fine). */
static void check_html(const char *h)
{
	if (strstr(h, "<script") || strstr(h, "<iframe"))
		abort();
	int in_tag = 0;
	for (const char *p = h; *p; p++) {
		if (*p == '<')
			in_tag = 1;
		else if (*p == '>')
			in_tag = 0;
		else if (in_tag && strncmp(p, "\"javascript:", 12) == 0)
			abort();
		else if (in_tag && p[0] == ' ' && p[1] == 'o' && p[2] == 'n') {
			const char *q = p + 3;
			while (*q >= 'a' && *q <= 'z')
				q++;
			if (q > p + 3 && *q == '=')
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 20000)
		return 0;
	struct arena *a = arena_new();
	/* the first byte chooses the card; the rest is the text, cut at a NUL */
	int pick = size ? data[0] : 0;
	char *src = arena_strndup(a, size ? (const char *)data + 1 : "", size ? size - 1 : 0);
	size_t len = strlen(src);
	struct cloze_span *sp;
	int n = cloze_parse(a, src, &sp);
	if (n < 0 || n > CLOZE_MAX_SPANS)
		abort();
	size_t at = 0;
	for (int i = 0; i < n; i++) {
		if (sp[i].start < at || sp[i].end <= sp[i].start || sp[i].end > len)
			abort();
		if (sp[i].number < 1 || sp[i].number > CLOZE_MAX_NUMBER || sp[i].answer_len == 0)
			abort();
		if (sp[i].answer < src + sp[i].start || sp[i].answer + sp[i].answer_len > src + sp[i].end)
			abort();
		if (sp[i].hint && sp[i].hint + sp[i].hint_len > src + sp[i].end)
			abort();
		at = sp[i].end;
	}
	int numbers[CLOZE_MAX_NUMBER];
	int k = cloze_numbers(src, numbers, CLOZE_MAX_NUMBER);
	if (k < 0 || k > CLOZE_MAX_NUMBER || (k == 0) != (n == 0))
		abort();
	for (int i = 0; i < k; i++)
		if (!has_number(sp, n, numbers[i]) || (i && numbers[i] <= numbers[i - 1]))
			abort();
	char *front, *back;
	int number = k ? numbers[pick % k] : 1;
	cloze_render(a, (pick & 0x80) ? "basic" : "cloze", src, src, number, &front, &back);
	if (!front || !back)
		abort();
	check_html(front);
	check_html(back);
	char *plain = cloze_plain(a, "cloze", src, number, 100);
	if (!plain || strlen(plain) > 100 + 8)
		abort();
	arena_free(a);
	return 0;
}
