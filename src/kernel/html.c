/*
** This file implements the escaping HTML builder of html.h and URL
** encoding of query values.
*/
#include "kernel/html.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void html_init(struct html *h, struct arena *a, size_t hint)
{
	sb_init(&h->sb, a, hint);
}

static void escape_into(struct sb *sb, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "&<>\"'"); /* whole runs at once: most text has none */
		sb_add(sb, s, n);
		s += n;
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: return; /* the end of s */
		}
		sb_adds(sb, rep);
		s++;
	}
}

/* Writes v in decimal, without printf: pages write many numbers. */
static void add_int(struct sb *sb, long long v)
{
	char buf[24], *p = buf + sizeof buf;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	sb_add(sb, p, (size_t)(buf + sizeof buf - p));
}

void html_text(struct html *h, const char *s)
{
	if (s)
		escape_into(&h->sb, s);
}

void html_raw_trusted(struct html *h, const char *s)
{
	sb_adds(&h->sb, s);
}

void html_elem(struct html *h, const char *tag, const char *text)
{
	sb_printf(&h->sb, "<%s>", tag);
	html_text(h, text);
	sb_printf(&h->sb, "</%s>", tag);
}

void html_vprintf(struct html *h, const char *fmt, va_list ap)
{
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		sb_add(&h->sb, run, (size_t)(p - run));
		p++;
		int lng = 0; /* 1: l, 2: ll, 3: z */
		if (*p == 'l') {
			lng = 1;
			p++;
			if (*p == 'l') {
				lng = 2;
				p++;
			}
		} else if (*p == 'z') {
			lng = 3;
			p++;
		}
		char buf[32];
		switch (*p) {
		case 's':
			html_text(h, va_arg(ap, const char *));
			break;
		case 'c':
			buf[0] = (char)va_arg(ap, int);
			buf[1] = 0;
			html_text(h, buf);
			break;
		case 'd':
		case 'i':
			if (lng == 2)
				add_int(&h->sb, va_arg(ap, long long));
			else if (lng == 1)
				add_int(&h->sb, va_arg(ap, long));
			else if (lng == 3)
				add_int(&h->sb, va_arg(ap, ssize_t));
			else
				add_int(&h->sb, va_arg(ap, int));
			break;
		case 'u':
		case 'x': {
			const char *f = *p == 'u' ? "%llu" : "%llx";
			unsigned long long v;
			if (lng == 2)
				v = va_arg(ap, unsigned long long);
			else if (lng == 1)
				v = va_arg(ap, unsigned long);
			else if (lng == 3)
				v = va_arg(ap, size_t);
			else
				v = va_arg(ap, unsigned);
			snprintf(buf, sizeof buf, f, v);
			sb_adds(&h->sb, buf);
			break;
		}
		case '%':
			sb_addc(&h->sb, '%');
			break;
		default:
			/* unknown conversion: a programming error; print it visibly */
			sb_adds(&h->sb, "%?");
			if (!*p)
				return;
			break;
		}
		run = p + 1;
	}
	sb_adds(&h->sb, run);
}

void html_printf(struct html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(h, fmt, ap);
	va_end(ap);
}

char *html_escape(struct arena *a, const char *s)
{
	struct sb sb;
	sb_init(&sb, a, s ? strlen(s) + 16 : 16);
	if (s)
		escape_into(&sb, s);
	return sb.buf;
}

char *url_encode(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sb sb;
	sb_init(&sb, a, s ? strlen(s) * 3 + 1 : 1);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sb_addc(&sb, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			sb_add(&sb, e, 3);
		}
	}
	return sb.buf;
}
