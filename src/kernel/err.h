/*
** err.h - status codes and the user-facing error message.
**
** Services return 0 or one of the negative ERR_* codes. When the cause is
** the user's (ERR_INVALID, ERR_CONFLICT...), they also fill a struct err
** with a message meant for the person, in the request's language, and the
** name of the form field at fault if there is one. ERR_INTERNAL is logged
** where it happens; the caller only answers 500.
*/
#ifndef CARTABLE_ERR_H
#define CARTABLE_ERR_H

#include <stdarg.h>

enum {
	ERR_OK = 0,
	ERR_NOT_FOUND = -1, /* missing, or another tenant's: the same to callers */
	ERR_INVALID = -2,   /* bad input; message in struct err */
	ERR_FORBIDDEN = -3, /* exists, but this person may not do that */
	ERR_CONFLICT = -4,  /* duplicate, or the state forbids it */
	ERR_TOO_LARGE = -5, /* body or upload over its limit */
	ERR_THROTTLED = -6, /* too many attempts */
	ERR_INTERNAL = -7,  /* database or system failure, already logged */
};

struct err {
	int code;
	const char *field;  /* form field at fault, or NULL */
	char msg[300];
};

/* err_set() fills e (if not NULL) and returns code, so `return err_set(...)`. */
int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* err_code_name() is the stable code used in JSON errors ("not_found"...). */
const char *err_code_name(int code);

#endif
