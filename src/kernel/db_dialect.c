/*
** This file implements the dialect differences between SQLite and
** PostgreSQL, in one place: parameter placeholders for queries, and the
** few type names of migrations. Features and migrations are written once,
** in the common subset described in db.h.
*/
#include "kernel/db.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char *db_dialect_placeholders(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	/* each '?' (1 byte) becomes at most "$99999" (6 bytes) */
	char *out = malloc(n * 6 + 1);
	if (!out)
		return NULL;
	char *o = out;
	char quote = 0;
	int count = 0;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			o += snprintf(o, 7, "$%d", ++count);
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	*nparams = count;
	return out;
}

/* Replaces whole-word, case-insensitive occurrences of `from` with `to`. */
static char *replace_words(const char *s, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = strlen(s);
	size_t cap = n + 1 + (tl > fl ? (n / fl + 1) * (tl - fl) : 0);
	char *out = malloc(cap);
	if (!out)
		return NULL;
	char *o = out;
	for (const char *p = s; *p;) {
		bool word_start = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
		if (word_start && strncasecmp(p, from, fl) == 0 &&
		    !(isalnum((unsigned char)p[fl]) || p[fl] == '_')) {
			memcpy(o, to, tl);
			o += tl;
			p += fl;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

char *db_dialect_ddl(const char *sql, enum db_engine engine)
{
	if (engine == DB_SQLITE)
		return strdup(sql);
	char *a = replace_words(sql, "INTEGER PRIMARY KEY", "BIGSERIAL PRIMARY KEY");
	if (!a)
		return NULL;
	char *b = replace_words(a, "BLOB", "BYTEA");
	free(a);
	if (!b)
		return NULL;
	/* WITHOUT ROWID only changes SQLite's storage layout */
	char *c = replace_words(b, "WITHOUT ROWID", "");
	free(b);
	return c;
}

const char *db_dialect_skip_locked(void)
{
	return db_engine() == DB_POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
}
