/*
** This file implements route matching: a linear scan over the route tables
** comparing path segments, keeping the match with the most literal
** segments. A few hundred routes scan in well under a microsecond.
*/
#include "kernel/router.h"

#include <string.h>

/* Matches one pattern; returns the number of literal segments, or -1. */
static int match_pattern(const char *pat, const char *path, struct req *r, int *nparams)
{
	int literals = 0;
	*nparams = 0;
	while (*pat == '/' && *path == '/') {
		pat++;
		path++;
		/* most routes differ from the path at the first letter of a
		** segment: no need to measure the segments then */
		if (*pat != '{' && *pat != *path)
			return -1;
		const char *pe = strchr(pat, '/');
		size_t pl = pe ? (size_t)(pe - pat) : strlen(pat);
		const char *se = strchr(path, '/');
		size_t sl = se ? (size_t)(se - path) : strlen(path);
		if (pl >= 2 && pat[0] == '{' && pat[pl - 1] == '}') {
			bool rest = pl >= 3 && pat[pl - 2] == '*';
			if (rest)
				sl = strlen(path);
			if (sl == 0 || *nparams >= (int)(sizeof r->params / sizeof r->params[0]))
				return -1;
			size_t nl = pl - 2 - (rest ? 1 : 0);
			r->params[*nparams].key = arena_strndup(r->arena, pat + 1, nl);
			r->params[*nparams].val = arena_strndup(r->arena, path, sl);
			(*nparams)++;
			if (rest)
				return literals;
		} else {
			if (pl != sl || memcmp(pat, path, pl) != 0)
				return -1;
			literals++;
		}
		pat += pl;
		path += sl;
	}
	return (*pat == 0 && *path == 0) ? literals : -1;
}

enum route_match router_match(const struct route *const *tables, const char *method,
                              const char *path, struct req *r, const struct route **out)
{
	const struct route *best = NULL;
	int best_score = -1;
	bool other_method = false;
	struct kv saved[sizeof r->params / sizeof r->params[0]];
	int saved_n = 0;
	const char *m = strcmp(method, "HEAD") == 0 ? "GET" : method;

	for (const struct route *const *t = tables; *t; t++) {
		for (const struct route *rt = *t; rt->method; rt++) {
			int n;
			int score = match_pattern(rt->pattern, path, r, &n);
			if (score < 0)
				continue;
			if (strcmp(rt->method, m) != 0) {
				other_method = true;
				continue;
			}
			if (score > best_score) {
				best = rt;
				best_score = score;
				memcpy(saved, r->params, sizeof saved);
				saved_n = n;
			}
		}
	}
	if (!best) {
		r->nparams = 0;
		return other_method ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
	}
	memcpy(r->params, saved, sizeof saved);
	r->nparams = saved_n;
	*out = best;
	return ROUTE_FOUND;
}
