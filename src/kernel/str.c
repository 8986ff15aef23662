/*
** This file implements the arena string builder and the string helpers of
** str.h.
*/
#include "kernel/str.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sb_init(struct sb *sb, struct arena *a, size_t hint)
{
	sb->arena = a;
	sb->cap = hint < 64 ? 64 : hint;
	sb->buf = arena_alloc(a, sb->cap);
	sb->len = 0;
}

static void sb_grow(struct sb *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap * 2;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	char *nb = arena_alloc(sb->arena, cap);
	memcpy(nb, sb->buf, sb->len + 1);
	sb->buf = nb;
	sb->cap = cap;
}

void sb_add(struct sb *sb, const void *p, size_t n)
{
	sb_grow(sb, n);
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = 0;
}

void sb_adds(struct sb *sb, const char *s)
{
	if (s)
		sb_add(sb, s, strlen(s));
}

void sb_addc(struct sb *sb, char c)
{
	sb_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = 0;
}

void sb_vprintf(struct sb *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	size_t room = sb->cap - sb->len;
	int n = vsnprintf(sb->buf + sb->len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0) {
		sb->buf[sb->len] = 0;
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void sb_printf(struct sb *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sb_truncate(struct sb *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = 0;
	}
}

bool str_starts(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_ends(const char *s, const char *suffix)
{
	if (!s)
		return false;
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool str_empty(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

bool str_to_int64(const char *s, int64_t *out)
{
	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || end == s)
		return false;
	*out = v;
	return true;
}

int64_t *str_ids_parse(struct arena *a, const char *s, int *n)
{
	*n = 0;
	size_t cap = 1;
	for (const char *p = s; p && *p; p++)
		cap += *p == ',';
	int64_t *ids = arena_array(a, cap, sizeof *ids);
	for (const char *p = s; p && *p;) {
		char *end;
		long long v = strtoll(p, &end, 10);
		if (end == p)
			break;
		ids[(*n)++] = v;
		p = *end == ',' ? end + 1 : end;
	}
	return ids;
}

char *str_ids_join(struct arena *a, const int64_t *ids, int n)
{
	struct sb sb;
	sb_init(&sb, a, (size_t)n * 8 + 1);
	for (int i = 0; i < n; i++)
		sb_printf(&sb, "%s%lld", i ? "," : "", (long long)ids[i]);
	return sb.buf;
}

char *str_trim(struct arena *a, const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

void str_hex(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = 0;
}
