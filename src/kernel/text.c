/*
** This file implements UTF-8 validation and decoding, the accent- and
** case-folding used by search, and Windows-1252 conversion.
*/
#include "kernel/text.h"

#include <string.h>

#include "kernel/str.h"

int32_t utf8_decode(const char **pp, size_t n)
{
	const unsigned char *p = (const unsigned char *)*pp;
	if (n == 0)
		return -1;
	unsigned c = p[0];
	int32_t cp;
	size_t len;
	if (c < 0x80) {
		*pp += 1;
		return (int32_t)c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		cp = c & 0x07;
	} else {
		*pp += 1;
		return -1;
	}
	if (n < len) {
		*pp += 1;
		return -1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*pp += 1;
			return -1;
		}
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF)) {
		*pp += 1;
		return -1;
	}
	*pp += len;
	return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

bool utf8_valid(const char *p, size_t n)
{
	const char *end = p + n;
	while (p < end)
		if (utf8_decode(&p, (size_t)(end - p)) < 0)
			return false;
	return true;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

bool text_is_clean(const char *s, bool multiline)
{
	size_t n = strlen(s);
	const char *end = s + n;
	while (s < end) {
		int32_t cp = utf8_decode(&s, (size_t)(end - s));
		if (cp < 0)
			return false;
		if (cp == '\t')
			continue;
		if ((cp == '\n' || cp == '\r') && multiline)
			continue;
		if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
			return false;
	}
	return true;
}

/* Folded forms of U+00C0..U+017F; NULL keeps the character as it is. */
static const char *const fold_latin[0x180 - 0xC0] = {
	/* C0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* D0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	/* E0 */ "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	/* F0 */ "d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	/* 100 */ "a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	/* 110 */ "d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	/* 120 */ "g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	/* 130 */ "i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	/* 140 */ "l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	/* 150 */ "o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	/* 160 */ "s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	/* 170 */ "u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

char *text_fold(struct arena *a, const char *s)
{
	struct sb out;
	size_t n = strlen(s);
	const char *end = s + n;
	sb_init(&out, a, n + 1);
	bool space = true; /* true: drop spaces (start, or after a space) */
	while (s < end) {
		int32_t cp = utf8_decode(&s, (size_t)(end - s));
		if (cp < 0)
			continue;
		if (cp < 0x80) {
			char c = (char)cp;
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				sb_addc(&out, c);
				space = false;
			} else if (!space) {
				sb_addc(&out, ' ');
				space = true;
			}
			continue;
		}
		if (cp >= 0x300 && cp <= 0x36F)
			continue; /* combining accents of decomposed text */
		if (cp >= 0xC0 && cp < 0x180 && fold_latin[cp - 0xC0]) {
			sb_adds(&out, fold_latin[cp - 0xC0]);
			space = false;
			continue;
		}
		if (cp == 0xA0 || cp == 0x2019 || cp == 0x2018 || cp == 0xAB || cp == 0xBB ||
		    (cp >= 0x2000 && cp <= 0x206F)) {
			if (!space) {
				sb_addc(&out, ' '); /* spaces, quotes and dashes separate words */
				space = true;
			}
			continue;
		}
		char buf[4];
		sb_add(&out, buf, utf8_encode((uint32_t)cp, buf));
		space = false;
	}
	if (out.len && out.buf[out.len - 1] == ' ')
		sb_truncate(&out, out.len - 1);
	return out.buf;
}

/* Windows-1252 0x80..0x9F; 0 marks the five undefined bytes. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

char *cp1252_to_utf8(struct arena *a, const char *p, size_t n, size_t *out_len)
{
	struct sb out;
	sb_init(&out, a, n * 2 + 1);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		uint32_t cp = c;
		if (c >= 0x80 && c < 0xA0)
			cp = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xFFFD;
		char buf[4];
		sb_add(&out, buf, utf8_encode(cp, buf));
	}
	*out_len = out.len;
	return out.buf;
}
