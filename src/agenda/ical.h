/*
** ical.h - writing iCalendar (RFC 5545) documents: a VCALENDAR of VEVENTs.
**
** Everything goes through a struct sb. Content lines end with CRLF and
** are folded at 75 octets (continuation lines start with one space),
** never inside a UTF-8 sequence. TEXT values (SUMMARY, DESCRIPTION,
** LOCATION, X-WR-CALNAME) are escaped as section 3.3.11 says: backslash,
** semicolon and comma get a backslash, a line break becomes "\n", other
** control characters are dropped. URL is a URI value (section 3.3.13),
** which has no backslash escaping: it is written as given, control
** characters and spaces dropped. Times are UTC ("20261130T140000Z");
** whole-day events use DATE values in local time.
*/
#ifndef CARTABLE_ICAL_H
#define CARTABLE_ICAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/str.h"

struct ical_event {
	const char *uid;          /* globally unique and stable */
	int64_t stamp;            /* DTSTAMP: when the entry was created or changed */
	int64_t start, end;       /* Unix seconds; end <= start writes no DTEND */
	bool all_day;             /* start and end (exclusive) are local midnights */
	const char *summary;
	const char *description;  /* NULL or "": none */
	const char *location;     /* NULL or "": none */
	const char *url;          /* NULL or "": none */
};

/* ical_begin() opens a VCALENDAR named `name` (X-WR-CALNAME). */
void ical_begin(struct sb *out, const char *name);
/* ical_event() writes one VEVENT. */
void ical_event(struct sb *out, const struct ical_event *ev);
/* ical_end() closes the VCALENDAR. */
void ical_end(struct sb *out);

/* ical_escape_text() appends s escaped as a TEXT value (NULL: nothing). */
void ical_escape_text(struct sb *out, const char *s);

/* ical_fold() appends the content line p[0..n) (without its CRLF), folded
** at 75 octets, followed by CRLF. */
void ical_fold(struct sb *out, const char *p, size_t n);

/* ical_utc() writes t as a UTC DATE-TIME, "YYYYMMDDTHHMMSSZ" (17 bytes). */
void ical_utc(char out[17], int64_t t);

#endif
