/*
** This file implements isotime.h: Unix seconds to and from ISO-8601 UTC
** text, on the proleptic Gregorian calendar (Howard Hinnant's
** days_from_civil and civil_from_days), with no dependence on time_t or
** the time zone, so that any 64-bit date works.
*/
#include "srs/isotime.h"

#include <stdio.h>
#include <string.h>

static int64_t srs_time_days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void srs_time_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

void srs_time_format(int64_t t, char *buf, size_t len)
{
	int64_t days = t / 86400, secs = t % 86400;
	if (secs < 0) {
		secs += 86400;
		days--;
	}
	int64_t y;
	int m, d;
	srs_time_civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
	         (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Reads exactly n digits at *p; returns -1 if they are not all digits. */
static int srs_time_digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

/* Strict on purpose: any other form is refused rather than guessed. */
int srs_time_parse(const char *s, int64_t *out)
{
	const char *p = s;
	int y = srs_time_digits(&p, 4);
	if (y < 0 || *p++ != '-')
		return SRS_TIME_EINVAL;
	int mo = srs_time_digits(&p, 2);
	if (mo < 1 || mo > 12 || *p++ != '-')
		return SRS_TIME_EINVAL;
	int d = srs_time_digits(&p, 2);
	if (d < 1 || d > 31 || (*p != 'T' && *p != ' '))
		return SRS_TIME_EINVAL;
	p++;
	int h = srs_time_digits(&p, 2);
	if (h < 0 || h > 23 || *p++ != ':')
		return SRS_TIME_EINVAL;
	int mi = srs_time_digits(&p, 2);
	if (mi < 0 || mi > 59 || *p++ != ':')
		return SRS_TIME_EINVAL;
	int sec = srs_time_digits(&p, 2);
	if (sec < 0 || sec > 59)
		return SRS_TIME_EINVAL;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return SRS_TIME_EINVAL;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (strcmp(p, "Z") != 0 && strcmp(p, "+00:00") != 0)
		return SRS_TIME_EINVAL;
	int64_t days = srs_time_days_from_civil(y, mo, d);
	int64_t y2;
	int m2, d2;
	srs_time_civil_from_days(days, &y2, &m2, &d2);
	if (m2 != mo || d2 != d)   /* 31 April and friends */
		return SRS_TIME_EINVAL;
	*out = days * 86400 + h * 3600 + mi * 60 + sec;
	return 0;
}
