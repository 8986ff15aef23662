/*
** This file implements the formatting and parsing helpers of fmt.h.
*/
#include "kernel/fmt.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kernel/i18n.h"

char *fmt_date(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	if (i18n_lang() == LANG_EN)
		return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return arena_printf(a, "%02d/%02d/%04d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900);
}

char *fmt_datetime(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	if (i18n_lang() == LANG_EN)
		return arena_printf(a, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
		                    tm.tm_mday, tm.tm_hour, tm.tm_min);
	return arena_printf(a, "%02d/%02d/%04d %02dh%02d", tm.tm_mday, tm.tm_mon + 1,
	                    tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

char *fmt_iso(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	                    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

char *fmt_money(struct arena *a, int64_t cents)
{
	if (cents == 0)
		return arena_strdup(a, _("Gratuit"));
	bool en = i18n_lang() == LANG_EN;
	long long euros = (long long)(cents / 100), rest = (long long)(cents % 100);
	if (rest < 0)
		rest = -rest;
	/* group thousands: "1 234" with a narrow no-break space, or "1,234" */
	char digits[32], grouped[64];
	snprintf(digits, sizeof digits, "%lld", euros < 0 ? -euros : euros);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0) {
			const char *sep = en ? "," : "\u202f";
			size_t sl = strlen(sep);
			memcpy(grouped + o, sep, sl);
			o += sl;
		}
		grouped[o++] = digits[i];
	}
	grouped[o] = 0;
	const char *sign = euros < 0 || cents < 0 ? "-" : "";
	if (en)
		return arena_printf(a, "%s€%s.%02lld", sign, grouped, rest);
	return arena_printf(a, "%s%s,%02lld\u00a0€", sign, grouped, rest);
}

static bool valid_ymd(int y, int m, int d)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	int max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* Reads 1 to `max` digits; returns the count read or 0. */
static int read_num(const char *s, int max, int *v)
{
	int i = 0;
	*v = 0;
	while (i < max && isdigit((unsigned char)s[i]))
		*v = *v * 10 + (s[i++] - '0');
	return i;
}

bool date_parse(const char *s, char out[11])
{
	int a, b, c, n;
	if (!s)
		return false;
	while (*s == ' ')
		s++;
	if ((n = read_num(s, 4, &a)) == 4 && s[4] == '-') {
		/* AAAA-MM-JJ */
		const char *p = s + 5;
		int k = read_num(p, 2, &b);
		if (!k || p[k] != '-')
			return false;
		p += k + 1;
		k = read_num(p, 2, &c);
		if (!k || (p[k] && p[k] != ' '))
			return false;
		if (!valid_ymd(a, b, c))
			return false;
		snprintf(out, 11, "%04u-%02u-%02u", (unsigned)a % 10000u, (unsigned)b % 100u, (unsigned)c % 100u);
		return true;
	}
	if (n < 1 || n > 2)
		return false;
	char sep = s[n];
	if (sep != '/' && sep != '-' && sep != '.')
		return false;
	const char *p = s + n + 1;
	int k = read_num(p, 2, &b);
	if (!k || p[k] != sep)
		return false;
	p += k + 1;
	k = read_num(p, 4, &c);
	if (k != 4 || (p[k] && p[k] != ' '))
		return false;
	if (!valid_ymd(c, b, a))
		return false;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)c % 10000u, (unsigned)b % 100u, (unsigned)a % 100u);
	return true;
}

bool money_parse(const char *s, int64_t *cents)
{
	if (!s)
		return false;
	/* drop spaces (also no-break ones) and the euro sign, then read
	** digits with at most one decimal separator and two decimals */
	char buf[32];
	size_t n = 0;
	for (const char *p = s; *p;) {
		if (*p == ' ') {
			p++;
		} else if (strncmp(p, "\u00a0", 2) == 0 || strncmp(p, "€", 3) == 0 ||
		           strncmp(p, "\u202f", 3) == 0) {
			p += strncmp(p, "\u00a0", 2) == 0 ? 2 : 3;
		} else {
			if (n + 1 >= sizeof buf)
				return false;
			buf[n++] = *p++;
		}
	}
	buf[n] = 0;
	int64_t euros = 0, frac = 0;
	int idigits = 0, fdigits = 0;
	const char *p = buf;
	for (; isdigit((unsigned char)*p); p++) {
		if (++idigits > 9)
			return false;
		euros = euros * 10 + (*p - '0');
	}
	if (*p == ',' || *p == '.') {
		for (p++; isdigit((unsigned char)*p); p++) {
			if (++fdigits > 2)
				return false;
			frac = frac * 10 + (*p - '0');
		}
	}
	if (*p || !idigits)
		return false;
	if (fdigits == 1)
		frac *= 10;
	*cents = euros * 100 + frac;
	return true;
}
