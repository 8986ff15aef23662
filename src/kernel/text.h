/*
** text.h - UTF-8 text: validation, folding for search, and conversion from
** Windows-1252 (what French school software often exports).
**
** text_fold() is what makes search ignore case and accents the same way on
** SQLite and PostgreSQL: the catalogue stores a folded copy of what can be
** searched, and folds the query the same way, so the database only ever
** compares plain ASCII-like bytes with LIKE.
*/
#ifndef CARTABLE_TEXT_H
#define CARTABLE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/arena.h"

/* utf8_valid() is true when p[0..n) is well-formed UTF-8 (no overlong forms,
** no surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *p, size_t n);

/*
** utf8_decode() reads one code point at *p (at most `n` bytes), advancing *p.
** Returns the code point, or -1 for an invalid sequence (advancing one byte).
*/
int32_t utf8_decode(const char **p, size_t n);

/* utf8_encode() writes cp as UTF-8 into out (4 bytes room); returns length. */
size_t utf8_encode(uint32_t cp, char *out);

/* utf8_length() counts code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

/*
** text_is_clean() is true when s is valid UTF-8 without control characters
** (tab, and with multiline CR/LF, allowed). Form fields pass through it.
*/
bool text_is_clean(const char *s, bool multiline);

/*
** text_fold() returns, in arena a, s lowercased with accents removed
** (é→e, ç→c, œ→oe, ß→ss), every run of non-alphanumeric ASCII turned into
** one space, and no leading or trailing space. Letters outside Latin are
** kept as they are. Invalid UTF-8 bytes are dropped.
*/
char *text_fold(struct arena *a, const char *s);

/*
** cp1252_to_utf8() converts Windows-1252 bytes to UTF-8 in arena a, setting
** *out_len. Bytes undefined in Windows-1252 become U+FFFD.
*/
char *cp1252_to_utf8(struct arena *a, const char *p, size_t n, size_t *out_len);

#endif
