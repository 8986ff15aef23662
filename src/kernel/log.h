/*
** log.h - one line per event on standard error.
**
** Lines start with the UTC time and a level. The HTTP layer writes one line
** per request: id, method, route pattern, status and duration. log_error()
** is for failures a person must look at (database errors, full disk).
*/
#ifndef CARTABLE_LOG_H
#define CARTABLE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* log_set_quiet() turns log_info() off (tests, benchmarks). */
void log_set_quiet(int quiet);

#endif
