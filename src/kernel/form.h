/*
** form.h - parsers of what browsers send outside the body's files:
** query strings and urlencoded forms, percent-encoded paths, cookies.
**
** They are pure functions over a buffer, bounded and allocation-only in
** the given arena, so that the fuzz targets (tests/fuzz/) exercise exactly
** the code the server runs. Results keep only pairs whose key and value are
** valid UTF-8 without NUL bytes; other pairs are dropped and counted.
*/
#ifndef CARTABLE_FORM_H
#define CARTABLE_FORM_H

#include <stddef.h>

#include "kernel/arena.h"
#include "kernel/req.h"

#define FORM_MAX_FIELDS 512

/*
** percent_decode() decodes %XX escapes (and '+' as space when plus_space)
** of p[0..n) into a new NUL-terminated string in arena a; *out_len gets its
** length. A malformed escape is kept literally. Returns NULL when the result
** would contain a NUL byte or invalid UTF-8.
*/
char *percent_decode(struct arena *a, const char *p, size_t n, int plus_space, size_t *out_len);

/*
** urlencoded_parse() splits "k=v&k2=v2" (a query string or a form body)
** into at most FORM_MAX_FIELDS pairs allocated in a; sets *out and returns
** the count. Returns -1 when there are more fields than that.
*/
int urlencoded_parse(struct arena *a, const char *p, size_t n, struct kv **out);

/*
** cookie_parse() splits a Cookie header ("a=1; b=2") into at most 64 pairs
** in arena a; values may be double-quoted. Returns the count.
*/
int cookie_parse(struct arena *a, const char *header, struct kv **out);

/* kv_get() returns the value of the first pair named key, or NULL. */
const char *kv_get(const struct kv *kv, int n, const char *key);

#endif
