/*
** The iCalendar writer (src/agenda/ical.c) against RFC 5545: TEXT escaping
** (section 3.3.11), line folding at 75 octets that never splits a UTF-8
** sequence (section 3.1), CRLF line ends, UTC DATE-TIME values, and the
** VCALENDAR/VEVENT structure.
*/
#include "test.h"

#include <stdlib.h>
#include <time.h>

#include "agenda/ical.h"
#include "kernel/arena.h"
#include "kernel/text.h"

static struct arena *A;

static const char *escaped(const char *s)
{
	struct sb sb;
	sb_init(&sb, A, 64);
	ical_escape_text(&sb, s);
	return sb.buf;
}

static const char *folded(const char *s)
{
	struct sb sb;
	sb_init(&sb, A, 64);
	ical_fold(&sb, s, strlen(s));
	return sb.buf;
}

/* Undoes folding: removes every CRLF followed by one space, then the final CRLF. */
static char *unfold(const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(A, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ') {
			i += 2;
			continue;
		}
		*o++ = s[i];
	}
	*o = 0;
	if (o - out >= 2 && o[-2] == '\r' && o[-1] == '\n')
		o[-2] = 0;
	return out;
}

/* Every physical line ends with CRLF, holds at most 75 octets, is valid
** UTF-8 on its own, and no bare CR or LF appears. Returns the line count. */
static int check_lines(const char *s)
{
	int lines = 0;
	const char *p = s;
	while (*p) {
		const char *end = strstr(p, "\r\n");
		CHECK(end != NULL);
		if (!end)
			return lines;
		size_t len = (size_t)(end - p);
		if (len > 75)
			fprintf(stderr, "  line of %zu octets: %.*s\n", len, (int)len, p);
		CHECK(len <= 75);
		CHECK(utf8_valid(p, len));
		CHECK(memchr(p, '\n', len) == NULL);
		CHECK(memchr(p, '\r', len) == NULL);
		lines++;
		p = end + 2;
	}
	return lines;
}

TEST(escapes_text_values)
{
	CHECK_STR(escaped("Réunion, parents; profs"), "Réunion\\, parents\\; profs");
	CHECK_STR(escaped("C:\\dossier"), "C:\\\\dossier");
	CHECK_STR(escaped("ligne 1\nligne 2"), "ligne 1\\nligne 2");
	CHECK_STR(escaped("ligne 1\r\nligne 2\rligne 3"), "ligne 1\\nligne 2\\nligne 3");
	CHECK_STR(escaped("a\x01" "b\x7f" "c\td"), "abc d");
	CHECK_STR(escaped("\\,;\n"), "\\\\\\,\\;\\n");
	CHECK_STR(escaped(NULL), "");
	CHECK_STR(escaped("« Élève » — 日本"), "« Élève » — 日本");
}

TEST(short_lines_are_not_folded)
{
	CHECK_STR(folded("SUMMARY:court"), "SUMMARY:court\r\n");
	char line[76];
	memset(line, 'a', 75);
	line[75] = 0;
	const char *f = folded(line);
	CHECK_INT(strlen(f), 77); /* exactly 75 octets: one line */
	CHECK_INT(check_lines(f), 1);
}

TEST(long_ascii_lines_fold_at_75_octets)
{
	char line[301];
	for (int i = 0; i < 300; i++)
		line[i] = (char)('a' + i % 26);
	line[300] = 0;
	const char *f = folded(line);
	CHECK_INT(check_lines(f), 5); /* 75 + 74 * 3 = 297, then 3 */
	CHECK(strncmp(f, line, 75) == 0);
	CHECK(strncmp(f + 75, "\r\n ", 3) == 0);
	CHECK_STR(unfold(f), line);
	/* 76 octets: the 76th goes to a continuation line */
	line[76] = 0;
	f = folded(line);
	CHECK_INT(check_lines(f), 2);
	CHECK_INT(strlen(f), 76 + 2 + 3);
	CHECK_STR(unfold(f), line);
}

TEST(folding_never_splits_utf8_sequences)
{
	/* 2-, 3- and 4-byte characters, with an odd prefix so that a plain
	** cut at 75 octets would land inside a sequence */
	const char *chars[] = {"é", "€", "😀"};
	for (int c = 0; c < 3; c++) {
		for (int prefix = 0; prefix < 4; prefix++) {
			struct sb sb;
			sb_init(&sb, A, 1024);
			sb_adds(&sb, "DESCRIPTION:");
			for (int i = 0; i < prefix; i++)
				sb_addc(&sb, 'x');
			for (int i = 0; i < 80; i++)
				sb_adds(&sb, chars[c]);
			const char *f = folded(sb.buf);
			int lines = check_lines(f);
			CHECK(lines >= 3);
			CHECK_STR(unfold(f), sb.buf);
			/* continuation lines start with one space, then a lead byte */
			for (const char *p = strstr(f, "\r\n "); p; p = strstr(p + 3, "\r\n ")) {
				unsigned char b = (unsigned char)p[3];
				CHECK(b == 0 || (b & 0xC0) != 0x80);
			}
		}
	}
}

TEST(utc_times)
{
	char t[17];
	ical_utc(t, 0);
	CHECK_STR(t, "19700101T000000Z");
	ical_utc(t, 1796083200 + 3600 * 14 + 60 * 5 + 9); /* 2026-12-01T14:05:09Z */
	CHECK_STR(t, "20261201T140509Z");
	ical_utc(t, -5);
	CHECK_STR(t, "19700101T000000Z");
}

TEST(a_calendar_with_events)
{
	struct sb sb;
	sb_init(&sb, A, 4096);
	ical_begin(&sb, "cartable · Lina, Martin");
	struct ical_event class_ = {
		.uid = "class-12-0@operateur.cartable",
		.stamp = 1796083200,
		.start = 1796083200 + 14 * 3600,
		.end = 1796083200 + 15 * 3600,
		.summary = "Classe virtuelle : Suites, limites; méthode",
		.description = "Mathématiques\nApportez vos questions.",
		.url = "https://visio.example.org/salle?id=1,2;x=3",
	};
	ical_event(&sb, &class_);
	struct ical_event due = {
		.uid = "due-4-0@operateur.cartable",
		.stamp = 1796083200,
		.start = 1796083200 + 23 * 3600,
		.end = 1796083200 + 23 * 3600,
		.summary = "À rendre : Devoir 1",
	};
	ical_event(&sb, &due);
	ical_end(&sb);
	const char *s = sb.buf;
	check_lines(s);
	CHECK(strncmp(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37) == 0);
	CHECK(str_ends(s, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	CHECK(strstr(s, "X-WR-CALNAME:cartable · Lina\\, Martin\r\n") != NULL);
	CHECK(strstr(s, "\r\nUID:class-12-0@operateur.cartable\r\n") != NULL);
	CHECK(strstr(s, "\r\nDTSTAMP:20261201T000000Z\r\n") != NULL);
	CHECK(strstr(s, "\r\nDTSTART:20261201T140000Z\r\nDTEND:20261201T150000Z\r\n") != NULL);
	CHECK(strstr(s, "\r\nSUMMARY:Classe virtuelle : Suites\\, limites\\; méthode\r\n") != NULL);
	CHECK(strstr(s, "\r\nDESCRIPTION:Mathématiques\\nApportez vos questions.\r\n") != NULL);
	/* URL is a URI value: no backslash escaping (RFC 5545, 3.3.13) */
	CHECK(strstr(s, "\r\nURL:https://visio.example.org/salle?id=1,2;x=3\r\n") != NULL);
	/* a due date has no DTEND (it would have to come after DTSTART) */
	const char *due_at = strstr(s, "UID:due-4-0");
	CHECK(due_at && strstr(due_at, "DTSTART:20261201T230000Z\r\nSUMMARY:") != NULL);
	CHECK(due_at && strstr(due_at, "DTEND") == NULL);
	/* one BEGIN:VEVENT per event, balanced */
	int begins = 0, ends = 0;
	for (const char *p = s; (p = strstr(p, "BEGIN:VEVENT")); p++)
		begins++;
	for (const char *p = s; (p = strstr(p, "END:VEVENT")); p++)
		ends++;
	CHECK_INT(begins, 2);
	CHECK_INT(ends, 2);
}

TEST(whole_day_events_use_dates)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	struct sb sb;
	sb_init(&sb, A, 1024);
	/* 2026-12-19 00:00 to 2027-01-04 00:00, Paris time */
	struct ical_event ev = {.uid = "event-3-0@t.cartable", .stamp = 0, .start = 1797634800,
	                        .end = 1799017200, .all_day = true, .summary = "Vacances de Noël"};
	ical_event(&sb, &ev);
	check_lines(sb.buf);
	CHECK(strstr(sb.buf, "\r\nDTSTART;VALUE=DATE:20261219\r\nDTEND;VALUE=DATE:20270104\r\n") != NULL);
}

TEST(long_summaries_fold_inside_a_document)
{
	struct sb sb;
	sb_init(&sb, A, 4096);
	struct sb title;
	sb_init(&title, A, 512);
	for (int i = 0; i < 40; i++)
		sb_adds(&title, "Révisions, ");
	struct ical_event ev = {.uid = "x@y", .stamp = 0, .start = 0, .end = 3600,
	                        .summary = title.buf, .description = title.buf};
	ical_event(&sb, &ev);
	CHECK(check_lines(sb.buf) > 12);
	/* unfolded, the SUMMARY line is the escaped title */
	char *all = unfold(sb.buf);
	struct sb want;
	sb_init(&want, A, 1024);
	sb_adds(&want, "SUMMARY:");
	ical_escape_text(&want, title.buf);
	CHECK(strstr(all, want.buf) != NULL);
}

int main(void)
{
	A = arena_new();
	RUN(escapes_text_values);
	RUN(short_lines_are_not_folded);
	RUN(long_ascii_lines_fold_at_75_octets);
	RUN(folding_never_splits_utf8_sequences);
	RUN(utc_times);
	RUN(a_calendar_with_events);
	RUN(whole_day_events_use_dates);
	RUN(long_summaries_fold_inside_a_document);
	arena_free(A);
	TEST_END();
}
