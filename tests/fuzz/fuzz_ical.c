/*
** Fuzz target for the agenda's readers of outside input and its iCalendar
** writer (src/agenda/): the input is read as an API time ("from"/"to") and
** as a form's date and time; then escaped as a TEXT value and folded as a
** content line. Every physical line must end with CRLF, hold at most 75
** octets and, when the input is UTF-8, stay UTF-8 on its own; unfolding
** must give the line back; an escaped value holds no control character.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda/agenda.h"
#include "agenda/ical.h"
#include "kernel/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *s = arena_strndup(a, (const char *)data, size); /* stops at a NUL */
	size_t n = strlen(s);
	int64_t t;
	(void)agenda_parse_instant(s, &t);
	const char *sp = strchr(s, ' ');
	if (sp)
		(void)agenda_local_time(arena_strndup(a, s, (size_t)(sp - s)), sp + 1, &t);
	else
		(void)agenda_local_time(s, NULL, &t);

	struct sb esc;
	sb_init(&esc, a, n * 2 + 16);
	sb_adds(&esc, "DESCRIPTION:");
	ical_escape_text(&esc, s);
	for (size_t i = 0; i < esc.len; i++)
		if ((unsigned char)esc.buf[i] < 0x20 || esc.buf[i] == 0x7F)
			abort();
	struct sb out;
	sb_init(&out, a, esc.len * 2 + 16);
	ical_fold(&out, esc.buf, esc.len);
	bool utf8 = utf8_valid(s, n);
	struct sb back;
	sb_init(&back, a, esc.len + 1);
	const char *p = out.buf, *end = out.buf + out.len;
	bool first = true;
	while (p < end) {
		const char *eol = strstr(p, "\r\n");
		if (!eol || eol - p > 75 || (!first && *p != ' '))
			abort();
		if (utf8 && !utf8_valid(p, (size_t)(eol - p)))
			abort();
		sb_add(&back, first ? p : p + 1, (size_t)(eol - p) - (first ? 0 : 1));
		first = false;
		p = eol + 2;
	}
	if (back.len != esc.len || memcmp(back.buf, esc.buf, esc.len) != 0)
		abort();
	arena_free(a);
	return 0;
}
