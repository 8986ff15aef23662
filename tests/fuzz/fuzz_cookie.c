/*
** Fuzz target for the Cookie header parser (kernel/form.c): at most 64
** pairs, each with a non-empty name, and no crash whatever the header.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	char *h = arena_strndup(a, (const char *)data, size); /* headers end at NUL */
	struct kv *kv;
	int n = cookie_parse(a, h, &kv);
	if (n < 0 || n > 64)
		abort();
	for (int i = 0; i < n; i++)
		if (!kv[i].key[0] || strchr(kv[i].key, ';') || strchr(kv[i].val, ';'))
			abort();
	arena_free(a);
	return 0;
}
