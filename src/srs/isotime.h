/*
** isotime.h - ISO-8601 UTC datetimes <-> Unix seconds, as the FSRS
** reference vectors write them ("2024-01-01T09:00:00Z").
**
** Pure functions on int64_t seconds: no time_t, no locale, no time zone,
** valid far beyond 2038 (FSRS due dates reach the 25th century).
*/
#ifndef CARTABLE_SRS_ISOTIME_H
#define CARTABLE_SRS_ISOTIME_H

#include <stddef.h>
#include <stdint.h>

#define SRS_TIME_EINVAL   (-22)
#define SRS_TIME_BUFSIZE  32     /* enough for any int64_t time */

/*
** srs_time_format() writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (len
** bytes, truncated if shorter than SRS_TIME_BUFSIZE). Years beyond 9999
** get more digits, years before 1 a minus sign. Exact for
** |t| < 2^62 seconds.
*/
void srs_time_format(int64_t t, char *buf, size_t len);

/*
** srs_time_parse() reads "YYYY-MM-DDTHH:MM:SS" (or a space for the 'T'),
** an optional fraction of a second that is dropped, and "Z" or "+00:00",
** nothing more; the date must exist (no 30 February). Returns 0 with *out
** set, or SRS_TIME_EINVAL leaving *out untouched.
*/
int srs_time_parse(const char *s, int64_t *out);

#endif
