/*
** This file implements the parsers of form.h.
*/
#include "kernel/form.h"

#include <string.h>

#include "kernel/text.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *percent_decode(struct arena *a, const char *p, size_t n, int plus_space, size_t *out_len)
{
	char *out = arena_alloc(a, n + 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '%' && i + 2 < n) {
			int hi = hexval(p[i + 1]), lo = hexval(p[i + 2]);
			if (hi >= 0 && lo >= 0) {
				c = (char)(hi * 16 + lo);
				i += 2;
			}
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == 0)
			return NULL;
		out[o++] = c;
	}
	out[o] = 0;
	if (!utf8_valid(out, o))
		return NULL;
	if (out_len)
		*out_len = o;
	return out;
}

int urlencoded_parse(struct arena *a, const char *p, size_t n, struct kv **out)
{
	size_t fields = 1;
	for (size_t i = 0; i < n; i++)
		if (p[i] == '&')
			fields++;
	if (fields > FORM_MAX_FIELDS)
		return -1;
	struct kv *kv = arena_array(a, fields, sizeof *kv);
	int count = 0;
	const char *end = p + n;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(stop - p));
		if (stop > p) {
			const char *kend = eq ? eq : stop;
			char *k = percent_decode(a, p, (size_t)(kend - p), 1, NULL);
			char *v = eq ? percent_decode(a, eq + 1, (size_t)(stop - eq - 1), 1, NULL)
			             : arena_strdup(a, "");
			if (k && v && *k) {
				kv[count].key = k;
				kv[count].val = v;
				count++;
			}
		}
		p = amp ? amp + 1 : end;
	}
	*out = kv;
	return count;
}

int cookie_parse(struct arena *a, const char *h, struct kv **out)
{
	enum { MAX_COOKIES = 64 };
	struct kv *kv = arena_array(a, MAX_COOKIES, sizeof *kv);
	int count = 0;
	while (h && *h && count < MAX_COOKIES) {
		while (*h == ' ' || *h == '\t' || *h == ';')
			h++;
		if (!*h)
			break;
		const char *semi = strchr(h, ';');
		const char *stop = semi ? semi : h + strlen(h);
		const char *eq = memchr(h, '=', (size_t)(stop - h));
		if (eq && eq > h) {
			const char *ks = h, *ke = eq;
			while (ke > ks && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			const char *vs = eq + 1, *ve = stop;
			while (vs < ve && (*vs == ' ' || *vs == '\t'))
				vs++;
			while (ve > vs && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			if (ke > ks) {
				kv[count].key = arena_strndup(a, ks, (size_t)(ke - ks));
				kv[count].val = arena_strndup(a, vs, (size_t)(ve - vs));
				count++;
			}
		}
		h = semi ? semi + 1 : stop;
	}
	*out = kv;
	return count;
}

const char *kv_get(const struct kv *kv, int n, const char *key)
{
	for (int i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return kv[i].val;
	return NULL;
}
