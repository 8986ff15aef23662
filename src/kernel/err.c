/*
** This file implements the helpers of err.h.
*/
#include "kernel/err.h"

#include <stdio.h>

int err_set(struct err *e, int code, const char *field, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		if (n >= (int)sizeof e->msg) {
			/* cut at a character boundary, never inside a UTF-8 sequence:
			** find where the last character starts, and drop it if the
			** bytes it needs were cut off */
			size_t len = sizeof e->msg - 1, start = len;
			while (start > 0 && ((unsigned char)e->msg[start - 1] & 0xC0) == 0x80)
				start--;
			if (start > 0) {
				unsigned char lead = (unsigned char)e->msg[start - 1];
				size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
				if (len - (start - 1) < need)
					e->msg[start - 1] = 0;
			}
		}
		e->code = code;
		e->field = field;
	}
	return code;
}

const char *err_code_name(int code)
{
	switch (code) {
	case ERR_OK: return "ok";
	case ERR_NOT_FOUND: return "not_found";
	case ERR_INVALID: return "invalid";
	case ERR_FORBIDDEN: return "forbidden";
	case ERR_CONFLICT: return "conflict";
	case ERR_TOO_LARGE: return "too_large";
	case ERR_THROTTLED: return "throttled";
	default: return "internal";
	}
}
