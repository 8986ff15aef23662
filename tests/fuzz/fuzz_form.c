/*
** Fuzz target for query-string and form parsing (kernel/form.c): the
** input is parsed as urlencoded pairs and percent-decoded as a path; every
** value that comes out is valid UTF-8 without NUL, and the number of
** fields is bounded.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/form.h"
#include "kernel/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	const char *p = (const char *)data;
	struct kv *kv;
	int n = urlencoded_parse(a, p, size, &kv);
	if (n > FORM_MAX_FIELDS)
		abort();
	for (int i = 0; i < n; i++) {
		if (!kv[i].key[0] || !utf8_valid(kv[i].key, strlen(kv[i].key)) ||
		    !utf8_valid(kv[i].val, strlen(kv[i].val)))
			abort();
		if (kv_get(kv, n, kv[i].key) == NULL)
			abort();
	}
	size_t len;
	char *path = percent_decode(a, p, size, 0, &len);
	if (path && (strlen(path) != len || len > size || !utf8_valid(path, len)))
		abort();
	arena_free(a);
	return 0;
}
