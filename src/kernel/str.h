/*
** str.h - growable strings in an arena, and small string helpers.
**
** A `struct sb` (string builder) always holds a NUL-terminated string in
** buf (never NULL after sb_init()), grows by doubling inside its arena and
** dies with it. Use it for anything built piece by piece: HTML pages, CSV
** exports, mail bodies.
*/
#ifndef CARTABLE_STR_H
#define CARTABLE_STR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/arena.h"

#define MUST_CHECK __attribute__((warn_unused_result))

struct sb {
	struct arena *arena;
	char *buf;  /* always NUL-terminated */
	size_t len; /* bytes before the NUL */
	size_t cap; /* bytes available, NUL included */
};

/* sb_init() starts an empty builder in arena `a` with room for `hint`. */
void sb_init(struct sb *sb, struct arena *a, size_t hint);
void sb_add(struct sb *sb, const void *p, size_t n);
void sb_adds(struct sb *sb, const char *s);
void sb_addc(struct sb *sb, char c);
void sb_printf(struct sb *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sb *sb, const char *fmt, va_list ap);
/* sb_truncate() shortens the string to len bytes (no-op if longer). */
void sb_truncate(struct sb *sb, size_t len);

/* ---- Helpers ---- */

static inline bool str_eq(const char *a, const char *b)
{
	return a && b && __builtin_strcmp(a, b) == 0;
}
bool str_starts(const char *s, const char *prefix);
bool str_ends(const char *s, const char *suffix);
/* str_empty() is true for NULL and for strings of only spaces. */
bool str_empty(const char *s);

/*
** str_to_int64() parses a whole decimal integer (optional sign, no spaces,
** no trailing bytes) into *out. Returns false and leaves *out alone
** otherwise, including on overflow.
*/
MUST_CHECK bool str_to_int64(const char *s, int64_t *out);

/* str_trim() returns s without leading/trailing ASCII space, in arena a. */
char *str_trim(struct arena *a, const char *s);

/*
** str_ids_parse() reads a list of ids written "12,7,30" (how attempts keep
** the questions they drew) into a new array in a, setting *n; stops at the
** first thing that is not a number. NULL or "" give an empty list.
** str_ids_join() writes ids[0..n) back in that form.
*/
int64_t *str_ids_parse(struct arena *a, const char *s, int *n);
char *str_ids_join(struct arena *a, const int64_t *ids, int n);

/* str_hex() writes n bytes as 2n lowercase hex digits plus NUL into out. */
void str_hex(const unsigned char *p, size_t n, char *out);

#endif
