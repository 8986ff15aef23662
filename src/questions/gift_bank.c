/*
** This file implements the GIFT import and export of the question bank
** (questions.h): a file is parsed with gift_parse() (all or nothing, errors
** with their lines), then every question is stored in one transaction with
** the categories its $CATEGORY lines name; an export writes the bank back
** with gift_export(), so that importing it again gives the same questions.
*/
#include <stdlib.h>
#include <string.h>

#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "questions/questions.h"

static void doc_free(void *p)
{
	gift_doc_free(p);
}

/*
** The bank path of a $CATEGORY written by Moodle. Moodle's exports start
** the path with the context and its top category ("$course$/top/Défaut
** pour 4e B/Géographie"; "$system$/", "$cat1$/", "$module$/" and paths
** without "top/" from older versions too): neither names a category for
** us, so they are dropped. Returns a pointer into path; when nothing but
** blanks and slashes is left, the import's default category is used.
*/
static const char *bank_path(const char *path)
{
	const char *p = path;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '$')
		return path;
	const char *end = strchr(p + 1, '$');
	if (!end || end == p + 1 || (end[1] != '/' && end[1] != '\0'))
		return path;
	for (const char *c = p + 1; c < end; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')))
			return path;
	p = end + 1;
	if (*p == '/')
		p++;
	/* Then Moodle's invisible "top" category, when written. */
	const char *q = p;
	while (*q == ' ')
		q++;
	if (strncmp(q, "top", 3) == 0) {
		const char *r = q + 3;
		while (*r == ' ')
			r++;
		if (*r == '/' || *r == '\0')
			p = *r ? r + 1 : r;
	}
	return p;
}

const char *questions_import_category(const struct gift_question *q, const char *default_category)
{
	const char *path = q->category ? bank_path(q->category) : "";
	if (path[strspn(path, " \t/")] != '\0')
		return path;
	return default_category && !str_empty(default_category) ? default_category : _("Importées");
}

int questions_import(struct req *r, const char *data, size_t len, const char *default_category,
                     bool commit, struct question_import *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs et enseignants."));
	struct gift_doc *doc = NULL;
	int rc = gift_parse(data ? data : "", data ? len : 0, &doc);
	if (!doc)
		return ERR_INTERNAL;
	arena_defer(r->arena, doc_free, doc);
	out->doc = doc;
	if (rc != 0 || !commit)
		return 0;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	out->ids = arena_array(r->arena, doc->nquestions, sizeof *out->ids);
	const char *last_path = NULL;
	int64_t cat = 0;
	for (size_t i = 0; i < doc->nquestions; i++) {
		const struct gift_question *q = &doc->questions[i];
		const char *path = questions_import_category(q, default_category);
		if (!last_path || strcmp(path, last_path) != 0) {
			rc = questions_category_ensure(r, path, &cat, e);
			if (rc)
				goto fail;
			last_path = path;
		}
		rc = questions_save(r, 0, cat, q, &out->ids[i], e);
		if (rc) {
			if (rc == ERR_INVALID)
				err_set(e, ERR_INVALID, NULL, _("Ligne %d : %s"), q->line, e->msg);
			goto fail;
		}
	}
	audit_record(r, "question.import", "question_category", cat,
	             arena_printf(r->arena, "%zu", doc->nquestions));
	if (db_commit(db) != 0)
		return ERR_INTERNAL;
	return 0;
fail:
	db_rollback(db);
	out->ids = NULL;
	return rc;
}

char *questions_gift_of(struct req *r, const struct question *q)
{
	struct gift_question copy = q->q;
	copy.category = "";
	char *text = NULL;
	size_t len = 0;
	if (gift_export(&copy, 1, &text, &len) != 0) {
		free(text);
		return arena_strdup(r->arena, "");
	}
	char *out = arena_strndup(r->arena, text, len);
	free(text);
	return out;
}

int questions_export(struct req *r, int64_t category_id, char **out, size_t *len)
{
	if (!questions_can_edit(r))
		return ERR_FORBIDDEN;
	struct question_category *cats;
	int ncats = 0;
	if (category_id) {
		cats = arena_alloc(r->arena, sizeof *cats);
		int rc = questions_category_get(r, category_id, cats);
		if (rc)
			return rc;
		ncats = 1;
	} else {
		ncats = questions_categories(r, &cats);
		if (ncats < 0)
			return ncats;
	}
	size_t cap = 64, n = 0;
	struct gift_question *all = arena_array(r->arena, cap, sizeof *all);
	for (int c = 0; c < ncats; c++) {
		struct question *qs;
		int k = questions_in_category(r, cats[c].id, false, &qs);
		if (k < 0)
			return k;
		for (int i = 0; i < k; i++) {
			all = arena_grow(r->arena, all, (size_t)n, &cap, sizeof *all);
			all[n] = qs[i].q;
			all[n].category = cats[c].path;
			n++;
		}
	}
	char *text = NULL;
	size_t tlen = 0;
	if (n == 0) {
		*out = arena_strdup(r->arena, "");
		*len = 0;
		return 0;
	}
	if (gift_export(all, n, &text, &tlen) != 0) {
		free(text);
		return ERR_INTERNAL;
	}
	*out = arena_strndup(r->arena, text, tlen);
	*len = tlen;
	free(text);
	return 0;
}
