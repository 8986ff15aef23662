/*
** This file implements the translation lookup: po/en.po is parsed once at
** start into a read-only open-addressing table shared by all threads.
*/
#include "kernel/i18n.h"

#include <stdlib.h>
#include <string.h>

#include "kernel/embedded.h"
#include "kernel/log.h"

struct entry {
	char *id, *str;
};

static struct entry *table;
static size_t table_size;
static __thread enum lang current_lang;

static size_t hash(const char *s)
{
	size_t h = 5381;
	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* Reads the quoted string at p into a malloc'd, unescaped copy. */
static char *unquote(const char *p, const char **end)
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"')
		return NULL;
	p++;
	size_t cap = strlen(p) + 1;
	char *out = malloc(cap), *o = out;
	if (!out)
		return NULL;
	for (; *p && *p != '"' && *p != '\n'; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*o++ = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
	if (end)
		*end = *p == '"' ? p + 1 : p;
	return out;
}

/* Appends continuation lines ("...") that follow a msgid or msgstr. */
static char *read_value(const char **pp)
{
	const char *p = *pp, *end;
	char *v = unquote(p, &end);
	if (!v)
		return NULL;
	p = strchr(end, '\n');
	while (p) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '"')
			break;
		char *more = unquote(q, &end);
		if (!more)
			break;
		size_t a = strlen(v), b = strlen(more);
		char *joined = malloc(a + b + 1);
		if (!joined) {
			free(more);
			break;
		}
		memcpy(joined, v, a);
		memcpy(joined + a, more, b + 1);
		free(v);
		free(more);
		v = joined;
		p = strchr(end, '\n');
	}
	*pp = p ? p : end;
	return v;
}

static void insert(char *id, char *str)
{
	size_t i = hash(id) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, id) == 0) {
			free(id);
			free(str);
			return;
		}
		i = (i + 1) & (table_size - 1);
	}
	table[i].id = id;
	table[i].str = str;
}

int i18n_init(void)
{
	const struct embedded_file *f = embedded_find("po/en.po");
	if (!f)
		return 0;
	size_t entries = 0;
	for (const char *p = (const char *)f->data; (p = strstr(p, "msgid ")); p++)
		entries++;
	table_size = 64;
	while (table_size < entries * 2)
		table_size *= 2;
	table = calloc(table_size, sizeof *table);
	if (!table)
		return 0;
	int loaded = 0;
	const char *p = (const char *)f->data;
	char *id = NULL;
	while (p && *p) {
		if (strncmp(p, "msgid ", 6) == 0) {
			p += 6;
			free(id);
			id = read_value(&p);
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			p += 7;
			char *str = read_value(&p);
			if (id && *id && str && *str) {
				insert(id, str);
				loaded++;
			} else {
				free(id);
				free(str);
			}
			id = NULL;
		} else {
			p = strchr(p, '\n');
		}
		if (p && *p == '\n')
			p++;
	}
	free(id);
	return loaded;
}

void i18n_set_lang(enum lang lang)
{
	current_lang = lang;
}

enum lang i18n_lang(void)
{
	return current_lang;
}

const char *i18n_tr(const char *msgid)
{
	if (current_lang == LANG_FR || !table)
		return msgid;
	size_t i = hash(msgid) & (table_size - 1);
	while (table[i].id) {
		if (strcmp(table[i].id, msgid) == 0)
			return table[i].str;
		i = (i + 1) & (table_size - 1);
	}
	return msgid;
}
