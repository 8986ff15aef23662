/*
** Fuzz target for path routing (kernel/router.c) over the application's
** real route table: the first byte picks a method, the rest is the path
** as the HTTP layer decodes it. A match must really fit its pattern.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "kernel/form.h"
#include "kernel/router.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "POST", "HEAD", "PUT", "DELETE", "PATCH"};
	if (size < 1)
		return 0;
	struct arena *a = arena_new();
	struct req r = {.arena = a};
	const char *path = percent_decode(a, (const char *)data + 1, size - 1, 0, NULL);
	if (path) {
		const struct route *rt = NULL;
		enum route_match m = router_match(app_routes, methods[data[0] % 6], path, &r, &rt);
		if (m == ROUTE_FOUND) {
			if (!rt || !rt->handler || path[0] != '/')
				abort();
			for (int i = 0; i < r.nparams; i++)
				if (!r.params[i].val[0] || (strchr(r.params[i].val, '/') &&
				                            !strstr(rt->pattern, "*}")))
					abort();
		} else if (rt) {
			abort();
		}
	}
	arena_free(a);
	return 0;
}
