/*
** This file implements the iCalendar writer of ical.h: escaping of TEXT
** values, folding of content lines at 75 octets on UTF-8 boundaries,
** UTC and DATE values, and the VCALENDAR/VEVENT structure.
*/
#include "agenda/ical.h"

#include <string.h>
#include <time.h>

void ical_escape_text(struct sb *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '\\': sb_add(out, "\\\\", 2); break;
		case ';': sb_add(out, "\\;", 2); break;
		case ',': sb_add(out, "\\,", 2); break;
		case '\n': sb_add(out, "\\n", 2); break;
		case '\r':
			if (p[1] != '\n')
				sb_add(out, "\\n", 2); /* a lone CR is a line break too */
			break;
		case '\t': sb_addc(out, ' '); break;
		default:
			if (*p >= 0x20 && *p != 0x7F)
				sb_addc(out, (char)*p);
		}
	}
}

void ical_fold(struct sb *out, const char *p, size_t n)
{
	size_t room = 75; /* octets on this physical line, the leading space included */
	while (n > room) {
		size_t cut = room;
		while (cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
			cut--; /* p[cut] continues a sequence: cut before its lead byte */
		if (cut == 0)
			cut = room; /* not UTF-8 at all: cut where the limit is */
		sb_add(out, p, cut);
		sb_add(out, "\r\n ", 3);
		p += cut;
		n -= cut;
		room = 74;
	}
	sb_add(out, p, n);
	sb_add(out, "\r\n", 2);
}

#define YEAR_10000 253402300799LL /* 9999-12-31T23:59:59Z: four-digit years only */

void ical_utc(char out[17], int64_t t)
{
	time_t tt = (time_t)(t < 0 ? 0 : t > YEAR_10000 ? YEAR_10000 : t);
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm) != 16)
		memcpy(out, "19700101T000000Z", 17);
}

static void local_date(char out[9], int64_t t)
{
	time_t tt = (time_t)(t < 0 ? 0 : t > YEAR_10000 - 86400 ? YEAR_10000 - 86400 : t);
	struct tm tm;
	localtime_r(&tt, &tm);
	if (strftime(out, 9, "%Y%m%d", &tm) != 8)
		memcpy(out, "19700101", 9);
}

/* Writes NAME:VALUE with the value as it is (already escaped or not TEXT). */
static void prop_raw(struct sb *out, const char *name, const char *value)
{
	struct sb line;
	sb_init(&line, out->arena, 128);
	sb_printf(&line, "%s:%s", name, value);
	ical_fold(out, line.buf, line.len);
}

static void prop_text(struct sb *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	struct sb line;
	sb_init(&line, out->arena, 128);
	sb_printf(&line, "%s:", name);
	ical_escape_text(&line, value);
	ical_fold(out, line.buf, line.len);
}

static void prop_uri(struct sb *out, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	struct sb line;
	sb_init(&line, out->arena, 128);
	sb_printf(&line, "%s:", name);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		if (*p > 0x20 && *p != 0x7F)
			sb_addc(&line, (char)*p);
	ical_fold(out, line.buf, line.len);
}

void ical_begin(struct sb *out, const char *name)
{
	prop_raw(out, "BEGIN", "VCALENDAR");
	prop_raw(out, "VERSION", "2.0");
	prop_raw(out, "PRODID", "-//cartable//agenda//FR");
	prop_raw(out, "CALSCALE", "GREGORIAN");
	prop_raw(out, "METHOD", "PUBLISH");
	prop_text(out, "X-WR-CALNAME", name);
}

void ical_event(struct sb *out, const struct ical_event *ev)
{
	char t[17], d[9];
	prop_raw(out, "BEGIN", "VEVENT");
	struct sb uid;
	sb_init(&uid, out->arena, 64);
	ical_escape_text(&uid, ev->uid);
	prop_raw(out, "UID", uid.buf);
	ical_utc(t, ev->stamp);
	prop_raw(out, "DTSTAMP", t);
	if (ev->all_day) {
		local_date(d, ev->start);
		prop_raw(out, "DTSTART;VALUE=DATE", d);
		if (ev->end > ev->start) {
			local_date(d, ev->end);
			prop_raw(out, "DTEND;VALUE=DATE", d);
		}
	} else {
		ical_utc(t, ev->start);
		prop_raw(out, "DTSTART", t);
		if (ev->end > ev->start) {
			ical_utc(t, ev->end);
			prop_raw(out, "DTEND", t);
		}
	}
	prop_text(out, "SUMMARY", ev->summary && *ev->summary ? ev->summary : "-");
	prop_text(out, "DESCRIPTION", ev->description);
	prop_text(out, "LOCATION", ev->location);
	prop_uri(out, "URL", ev->url);
	prop_raw(out, "END", "VEVENT");
}

void ical_end(struct sb *out)
{
	prop_raw(out, "END", "VCALENDAR");
}
