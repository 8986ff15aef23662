/*
** This file implements the question bank of questions.h: categories,
** questions stored as columns plus a JSON document (answers, pairs, tags,
** feedback), random draws, and media. Every statement is scoped to the
** request's tenant.
*/
#include "questions/questions.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kernel/audit.h"
#include "kernel/db.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/log.h"
#include "kernel/text.h"

bool questions_can_edit(const struct req *r)
{
	return r->user.id && (r->user.roles & (ROLE_AUTHOR | ROLE_TEACHER | ROLE_ADMIN));
}

/* ---- The question as JSON (the `data` column) ---- */

static json_t *answers_json(const struct gift_question *q)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		json_t *o = json_pack("{s:s,s:s,s:f,s:s,s:s}", "text", a->text ? a->text : "",
		                      "format", gift_format_name(a->format), "fraction", a->fraction,
		                      "feedback", a->feedback ? a->feedback : "",
		                      "feedback_format", gift_format_name(a->feedback_format));
		if (q->type == GIFT_NUMERICAL) {
			const char *kind = a->num_kind == GIFT_NUM_VALUE ? "value"
			                   : a->num_kind == GIFT_NUM_RANGE ? "range" : "any";
			json_object_set_new(o, "kind", json_string(kind));
			json_object_set_new(o, "value", json_real(a->value));
			json_object_set_new(o, "tolerance", json_real(a->tolerance));
			json_object_set_new(o, "min", json_real(a->min));
			json_object_set_new(o, "max", json_real(a->max));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static char *data_json(struct arena *a, const struct gift_question *q)
{
	json_t *pairs = json_array(), *tags = json_array();
	for (size_t i = 0; i < q->npairs; i++)
		json_array_append_new(pairs, json_pack("{s:s,s:s,s:s}",
			"left", q->pairs[i].left ? q->pairs[i].left : "",
			"left_format", gift_format_name(q->pairs[i].left_format),
			"right", q->pairs[i].right ? q->pairs[i].right : ""));
	for (size_t i = 0; i < q->ntags; i++)
		json_array_append_new(tags, json_string(q->tags[i] ? q->tags[i] : ""));
	json_t *o = json_pack("{s:o,s:o,s:o,s:b,s:b,s:s,s:s}", "answers", answers_json(q),
	                      "pairs", pairs, "tags", tags, "single", q->single, "correct", q->correct,
	                      "general_feedback", q->general_feedback ? q->general_feedback : "",
	                      "general_feedback_format", gift_format_name(q->general_feedback_format));
	char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(17));
	json_decref(o);
	char *out = arena_strdup(a, s ? s : "{}");
	free(s);
	return out;
}

static const char *jstr(struct arena *a, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return arena_strdup(a, s ? s : "");
}

static double jnum(json_t *o, const char *key)
{
	return json_number_value(json_object_get(o, key));
}

/* Fills the answers, pairs, tags and flags of q from the `data` column;
** false (logged) when it is not JSON. */
static bool data_decode(struct arena *a, const char *text, struct gift_question *q)
{
	json_error_t je;
	json_t *o = json_loads(text ? text : "{}", 0, &je);
	if (!o) {
		log_error("questions: bad data column: %s", je.text);
		return false;
	}
	json_t *arr = json_object_get(o, "answers");
	size_t n = json_array_size(arr);
	struct gift_answer *ans = arena_array(a, n ? n : 1, sizeof *ans);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(arr, i);
		ans[i].text = jstr(a, x, "text");
		ans[i].format = question_format_from_name(json_string_value(json_object_get(x, "format")));
		ans[i].fraction = jnum(x, "fraction");
		ans[i].feedback = jstr(a, x, "feedback");
		ans[i].feedback_format =
			question_format_from_name(json_string_value(json_object_get(x, "feedback_format")));
		const char *kind = json_string_value(json_object_get(x, "kind"));
		ans[i].num_kind = str_eq(kind, "range") ? GIFT_NUM_RANGE
		                  : str_eq(kind, "any") ? GIFT_NUM_ANY : GIFT_NUM_VALUE;
		ans[i].value = jnum(x, "value");
		ans[i].tolerance = jnum(x, "tolerance");
		ans[i].min = jnum(x, "min");
		ans[i].max = jnum(x, "max");
	}
	q->answers = ans;
	q->nanswers = n;
	arr = json_object_get(o, "pairs");
	n = json_array_size(arr);
	struct gift_pair *pairs = arena_array(a, n ? n : 1, sizeof *pairs);
	for (size_t i = 0; i < n; i++) {
		json_t *x = json_array_get(arr, i);
		pairs[i].left = jstr(a, x, "left");
		pairs[i].left_format = question_format_from_name(json_string_value(json_object_get(x, "left_format")));
		pairs[i].right = jstr(a, x, "right");
	}
	q->pairs = pairs;
	q->npairs = n;
	arr = json_object_get(o, "tags");
	n = json_array_size(arr);
	const char **tags = arena_array(a, n ? n : 1, sizeof *tags);
	for (size_t i = 0; i < n; i++) {
		const char *t = json_string_value(json_array_get(arr, i));
		tags[i] = arena_strdup(a, t ? t : "");
	}
	q->tags = tags;
	q->ntags = n;
	q->single = json_is_true(json_object_get(o, "single"));
	q->correct = json_is_true(json_object_get(o, "correct"));
	q->general_feedback = jstr(a, o, "general_feedback");
	q->general_feedback_format =
		question_format_from_name(json_string_value(json_object_get(o, "general_feedback_format")));
	json_decref(o);
	return true;
}

/* Copies into a what data_decode() filled in `from`. */
static void data_copy(struct arena *a, const struct gift_question *from, struct gift_question *to)
{
	size_t n = from->nanswers;
	struct gift_answer *ans = arena_array(a, n ? n : 1, sizeof *ans);
	for (size_t i = 0; i < n; i++) {
		ans[i] = from->answers[i];
		ans[i].text = arena_strdup(a, from->answers[i].text);
		ans[i].feedback = arena_strdup(a, from->answers[i].feedback);
	}
	to->answers = ans;
	to->nanswers = n;
	n = from->npairs;
	struct gift_pair *pairs = arena_array(a, n ? n : 1, sizeof *pairs);
	for (size_t i = 0; i < n; i++) {
		pairs[i] = from->pairs[i];
		pairs[i].left = arena_strdup(a, from->pairs[i].left);
		pairs[i].right = arena_strdup(a, from->pairs[i].right);
	}
	to->pairs = pairs;
	to->npairs = n;
	n = from->ntags;
	const char **tags = arena_array(a, n ? n : 1, sizeof *tags);
	for (size_t i = 0; i < n; i++)
		tags[i] = arena_strdup(a, from->tags[i]);
	to->tags = tags;
	to->ntags = n;
	to->single = from->single;
	to->correct = from->correct;
	to->general_feedback = arena_strdup(a, from->general_feedback);
	to->general_feedback_format = from->general_feedback_format;
}

/*
** Decoded `data` columns, per thread. Candidates read the same few
** questions again and again (an exam's questions, for thousands of pupils
** at once), and decoding their JSON was a third of the CPU of a request
** that shows them (bench/README.md, certification exams). An entry keeps
** the column's exact text: it is used only when the row holds the same
** text, so an edited question is decoded again, never served stale. Each
** thread has its own table, without a lock; a hit copies the fields into
** the request's arena, so nothing a request holds points into the table.
** The table's arena is emptied when it passes DATA_CACHE_BYTES.
*/
#define DATA_CACHE_SLOTS 256
#define DATA_CACHE_BYTES (1024 * 1024)
#define DATA_CACHE_TEXT_MAX 16384      /* longer columns are decoded each time */

struct data_cache {
	struct arena *arena;
	struct data_slot {
		int64_t id;
		const char *text;              /* NULL: empty */
		struct gift_question q;        /* the data_decode() fields only */
	} slots[DATA_CACHE_SLOTS];
};

static pthread_key_t data_cache_key;
static pthread_once_t data_cache_once = PTHREAD_ONCE_INIT;

static void data_cache_free(void *p)
{
	struct data_cache *c = p;
	if (c)
		arena_free(c->arena);
	free(c);
}

static void data_cache_init(void)
{
	if (pthread_key_create(&data_cache_key, data_cache_free) != 0)
		log_error("questions: no cache of decoded questions");
}

static struct data_cache *data_cache_get(void)
{
	if (pthread_once(&data_cache_once, data_cache_init) != 0)
		return NULL;
	struct data_cache *c = pthread_getspecific(data_cache_key);
	if (c)
		return c;
	c = calloc(1, sizeof *c);
	if (!c || !(c->arena = arena_new()) || pthread_setspecific(data_cache_key, c) != 0) {
		data_cache_free(c);
		return NULL;
	}
	return c;
}

/* Fills the data_decode() fields of q (question id) from its `data` column
** text, in a, decoding it only when this thread has not already. */
static void data_read(struct arena *a, int64_t id, const char *text, struct gift_question *q)
{
	if (!text)
		text = "{}";
	struct data_cache *c = strlen(text) <= DATA_CACHE_TEXT_MAX ? data_cache_get() : NULL;
	if (!c) {
		(void)data_decode(a, text, q);
		return;
	}
	struct data_slot *s = &c->slots[(uint64_t)id % DATA_CACHE_SLOTS];
	if (!s->text || s->id != id || strcmp(s->text, text) != 0) {
		if (arena_used(c->arena) > DATA_CACHE_BYTES) {
			arena_free(c->arena);
			memset(c, 0, sizeof *c);
			c->arena = arena_new();
		}
		s->text = NULL;
		memset(&s->q, 0, sizeof s->q);
		if (!data_decode(c->arena, text, &s->q))
			return;
		s->id = id;
		s->text = arena_strdup(c->arena, text);
	}
	data_copy(a, &s->q, q);
}

/* ---- Categories ---- */

/* Trims every part of a path and joins them with '/'; NULL when empty. */
static char *normal_path(struct arena *a, const char *path)
{
	struct sb sb;
	sb_init(&sb, a, 64);
	const char *p = path ? path : "";
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *part = str_trim(a, arena_strndup(a, p, n));
		if (*part) {
			if (sb.len)
				sb_addc(&sb, '/');
			sb_adds(&sb, part);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return sb.len ? sb.buf : NULL;
}

#define CATEGORY_COLS "c.id, c.path, c.practice, " \
	"(SELECT COUNT(*) FROM questions q WHERE q.tenant_id = c.tenant_id AND q.category_id = c.id" \
	" AND q.archived = 0)"

static void category_read(struct db_stmt *st, struct arena *a, struct question_category *c)
{
	c->id = db_int(st, 0);
	c->path = db_text_dup(st, 1, a);
	c->practice = db_int(st, 2) != 0;
	c->questions = db_int(st, 3);
}

static int categories_list(struct req *r, const char *sql, struct question_category **out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, sql) : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	size_t cap = 16;
	int n = 0, rc;
	struct question_category *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		category_read(st, r->arena, &list[n++]);
		if (n >= 2000) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int questions_categories(struct req *r, struct question_category **out)
{
	return categories_list(r, "SELECT " CATEGORY_COLS " FROM question_categories c"
	                          " WHERE c.tenant_id = ? ORDER BY c.sort_key, c.id", out);
}

int questions_practice_categories(struct req *r, struct question_category **out)
{
	struct question_category *all;
	int n = categories_list(r, "SELECT " CATEGORY_COLS " FROM question_categories c"
	                           " WHERE c.tenant_id = ? AND c.practice = 1 ORDER BY c.sort_key, c.id",
	                        &all);
	if (n < 0)
		return n;
	int k = 0;
	for (int i = 0; i < n; i++)
		if (all[i].questions > 0)
			all[k++] = all[i];
	*out = all;
	return k;
}

int questions_category_get(struct req *r, int64_t id, struct question_category *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " CATEGORY_COLS " FROM question_categories c"
	                                         " WHERE c.tenant_id = ? AND c.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	category_read(st, r->arena, out);
	db_done(st);
	return 0;
}

int questions_category_ensure(struct req *r, const char *path, int64_t *id, struct err *e)
{
	if (!questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs et enseignants."));
	char *p = normal_path(r->arena, path);
	if (!p)
		return err_set(e, ERR_INVALID, "category", "%s", _("Donnez un nom à la catégorie."));
	if (utf8_length(p) > 255 || !text_is_clean(p, false))
		return err_set(e, ERR_INVALID, "category", "%s",
		               _("Le nom de la catégorie dépasse 255 caractères ou contient des caractères de contrôle."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id FROM question_categories"
	                                         " WHERE tenant_id = ? AND path = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, p);
	int rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_int(st, 0);
		db_done(st);
		return 0;
	}
	if (rc < 0)
		return rc;
	st = db_prepare(db, "INSERT INTO question_categories (tenant_id, path, sort_key, created_at)"
	                    " VALUES (?, ?, ?, ?) RETURNING id");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_text(st, 2, p);
	db_bind_text(st, 3, text_fold(r->arena, p));
	db_bind_int(st, 4, (int64_t)time(NULL));
	if (db_step(st) != DB_ROW)
		return ERR_INTERNAL;
	*id = db_int(st, 0);
	db_done(st);
	return 0;
}

int questions_category_set_practice(struct req *r, int64_t id, bool practice)
{
	if (!questions_can_edit(r))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE question_categories SET practice = ?"
	                                         " WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, practice);
	db_bind_int(st, 2, r->tenant.id);
	db_bind_int(st, 3, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : ERR_NOT_FOUND;
}

/* ---- Questions ---- */

#define QUESTION_COLS "q.id, q.category_id, c.path, q.type, q.title, q.text, q.format, q.idnumber," \
	" q.data, q.media_sha256, q.media_name, q.media_type, q.media_size, q.archived, q.updated_at," \
	" q.media_alt"

static void question_read(struct db_stmt *st, struct arena *a, struct question *out)
{
	memset(out, 0, sizeof *out);
	out->id = db_int(st, 0);
	out->category_id = db_int(st, 1);
	out->category = db_text_dup(st, 2, a);
	enum gift_type t = GIFT_DESCRIPTION;
	if (!question_type_from_name(db_text(st, 3), &t))
		log_error("questions: unknown type %s", db_text(st, 3));
	out->q.type = t;
	out->q.title = db_text_dup(st, 4, a);
	out->q.text = db_text_dup(st, 5, a);
	out->q.format = question_format_from_name(db_text(st, 6));
	out->q.idnumber = db_text_dup(st, 7, a);
	out->q.category = out->category;
	data_read(a, out->id, db_text(st, 8), &out->q);
	if (!db_is_null(st, 9)) {
		out->media_sha256 = db_text_dup(st, 9, a);
		out->media_name = db_text_dup(st, 10, a);
		out->media_type = db_text_dup(st, 11, a);
		out->media_size = db_int(st, 12);
	}
	out->archived = db_int(st, 13) != 0;
	out->updated_at = db_int(st, 14);
	out->media_alt = db_text_dup(st, 15, a);
}

int questions_get(struct req *r, int64_t id, struct question *out)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " QUESTION_COLS " FROM questions q"
		" JOIN question_categories c ON c.tenant_id = q.tenant_id AND c.id = q.category_id"
		" WHERE q.tenant_id = ? AND q.id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	question_read(st, r->arena, out);
	db_done(st);
	return 0;
}

int questions_get_many(struct req *r, const int64_t *ids, int n, struct question *out)
{
	for (int i = 0; i < n; i++) {
		int rc = questions_get(r, ids[i], &out[i]);
		if (rc)
			return rc;
	}
	return 0;
}

int questions_in_category(struct req *r, int64_t category_id, bool with_archived,
                          struct question **out)
{
	if (!questions_can_edit(r))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " QUESTION_COLS " FROM questions q"
		" JOIN question_categories c ON c.tenant_id = q.tenant_id AND c.id = q.category_id"
		" WHERE q.tenant_id = ? AND q.category_id = ? AND q.archived <= ? ORDER BY q.id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, category_id);
	db_bind_int(st, 3, with_archived ? 1 : 0);
	size_t cap = 32;
	int n = 0, rc;
	struct question *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		question_read(st, r->arena, &list[n++]);
		if (n >= GIFT_MAX_QUESTIONS) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int questions_draw(struct req *r, const int64_t *cats, int ncats, int n, const int64_t *exclude,
                   int nexclude, uint64_t seed, int64_t *ids)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	size_t cap = 256;
	int total = 0;
	int64_t *pool = arena_array(r->arena, cap, sizeof *pool);
	for (int c = 0; c < ncats; c++) {
		struct db_stmt *st = db_prepare(db, "SELECT id FROM questions WHERE tenant_id = ?"
		                                    " AND category_id = ? AND archived = 0"
		                                    " AND type <> 'description' ORDER BY id");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, cats[c]);
		int rc;
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t id = db_int(st, 0);
			bool skip = false;
			for (int i = 0; i < nexclude && !skip; i++)
				skip = exclude[i] == id;
			for (int i = 0; i < total && !skip; i++)
				skip = pool[i] == id;
			if (skip)
				continue;
			pool = arena_grow(r->arena, pool, (size_t)total, &cap, sizeof *pool);
			pool[total++] = id;
		}
		if (rc < 0)
			return rc;
	}
	int *order = arena_array(r->arena, (size_t)(total ? total : 1), sizeof *order);
	question_order(order, total, seed, 0x5eed, true);
	int k = n < total ? n : total;
	for (int i = 0; i < k; i++)
		ids[i] = pool[order[i]];
	return k;
}

int questions_save(struct req *r, int64_t id, int64_t category_id, const struct gift_question *q,
                   int64_t *out_id, struct err *e)
{
	if (!questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs et enseignants."));
	struct question_category cat;
	int rc = questions_category_get(r, category_id, &cat);
	if (rc)
		return rc == ERR_NOT_FOUND ? err_set(e, ERR_INVALID, "category", "%s",
		                                     _("Cette catégorie n'existe pas.")) : rc;
	/* what GIFT cannot write back could not be exported: refuse it now */
	struct gift_question copy = *q;
	copy.category = "";
	char *gift = NULL;
	if (gift_export(&copy, 1, &gift, NULL) != 0) {
		free(gift);
		return err_set(e, ERR_INVALID, "gift", "%s",
		               _("Cette question ne peut pas s'écrire en GIFT (par exemple un choix multiple "
		                 "de moins de deux réponses) : corrigez-la."));
	}
	free(gift);
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	int64_t now = (int64_t)time(NULL);
	struct db_stmt *st;
	if (id == 0) {
		st = db_prepare(db, "INSERT INTO questions (tenant_id, category_id, type, title, text, format,"
		                    " idnumber, data, created_by, created_at, updated_at)"
		                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
		if (!st)
			return ERR_INTERNAL;
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, category_id);
		db_bind_text(st, 3, gift_type_name(q->type));
		db_bind_text(st, 4, q->title ? q->title : "");
		db_bind_text(st, 5, q->text ? q->text : "");
		db_bind_text(st, 6, gift_format_name(q->format));
		db_bind_text(st, 7, q->idnumber ? q->idnumber : "");
		db_bind_text(st, 8, data_json(r->arena, q));
		db_bind_int(st, 9, r->user.id);
		db_bind_int(st, 10, now);
		db_bind_int(st, 11, now);
		if (db_step(st) != DB_ROW)
			return ERR_INTERNAL;
		*out_id = db_int(st, 0);
		db_done(st);
		return 0;
	}
	st = db_prepare(db, "UPDATE questions SET category_id = ?, type = ?, title = ?, text = ?,"
	                    " format = ?, idnumber = ?, data = ?, updated_at = ?"
	                    " WHERE tenant_id = ? AND id = ?");
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, category_id);
	db_bind_text(st, 2, gift_type_name(q->type));
	db_bind_text(st, 3, q->title ? q->title : "");
	db_bind_text(st, 4, q->text ? q->text : "");
	db_bind_text(st, 5, gift_format_name(q->format));
	db_bind_text(st, 6, q->idnumber ? q->idnumber : "");
	db_bind_text(st, 7, data_json(r->arena, q));
	db_bind_int(st, 8, now);
	db_bind_int(st, 9, r->tenant.id);
	db_bind_int(st, 10, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (!db_changes(st))
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Question introuvable."));
	*out_id = id;
	audit_record(r, "question.update", "question", id, "");
	return 0;
}

int questions_set_media_raw(struct req *r, int64_t id, const char *sha256, const char *name,
                            const char *type, int64_t size, const char *alt)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE questions SET media_sha256 = ?, media_name = ?,"
	                                         " media_type = ?, media_size = ?, media_alt = ?,"
	                                         " updated_at = ? WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, sha256);
	db_bind_text(st, 2, name);
	db_bind_text(st, 3, type);
	db_bind_int(st, 4, size);
	db_bind_text(st, 5, alt ? alt : "");
	db_bind_int(st, 6, (int64_t)time(NULL));
	db_bind_int(st, 7, r->tenant.id);
	db_bind_int(st, 8, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : ERR_NOT_FOUND;
}

static bool alt_ok(const char *alt)
{
	return !alt || (utf8_length(alt) <= 1000 && text_is_clean(alt, false));
}

int questions_set_media_alt(struct req *r, int64_t id, const char *alt, struct err *e)
{
	if (!questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs et enseignants."));
	if (!alt_ok(alt))
		return err_set(e, ERR_INVALID, "alt", "%s",
		               _("La description du média tient sur une ligne de 1000 caractères au plus."));
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE questions SET media_alt = ?, updated_at = ?"
	                                         " WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_text(st, 1, alt ? str_trim(r->arena, alt) : "");
	db_bind_int(st, 2, (int64_t)time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	return db_changes(st) ? 0 : err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Question introuvable."));
}

int questions_set_media(struct req *r, int64_t id, const struct upload *up, const char *alt,
                        struct err *e)
{
	if (!questions_can_edit(r))
		return err_set(e, ERR_FORBIDDEN, NULL, "%s", _("Réservé aux auteurs et enseignants."));
	if (!up)
		return questions_set_media_raw(r, id, NULL, NULL, NULL, 0, "");
	if (!alt_ok(alt))
		return err_set(e, ERR_INVALID, "alt", "%s",
		               _("La description du média tient sur une ligne de 1000 caractères au plus."));
	const char *type = files_sniff(up->head, up->head_len);
	if (!type || !(str_starts(type, "image/") || str_starts(type, "audio/") || str_starts(type, "video/")))
		return err_set(e, ERR_INVALID, "media", "%s",
		               _("Le fichier n'est ni une image (PNG, JPEG, GIF, WebP), ni un son, ni une vidéo "
		                 "(MP4, WebM) : son contenu ne correspond à aucun de ces formats."));
	if (up->size > QUESTION_MEDIA_MAX)
		return err_set(e, ERR_TOO_LARGE, "media", "%s", _("Le média dépasse 50 Mo."));
	char sha[65];
	if (files_keep(up, sha) != 0)
		return ERR_INTERNAL;
	const char *name = up->filename && *up->filename && text_is_clean(up->filename, false)
	                   ? up->filename : "media";
	int rc = questions_set_media_raw(r, id, sha, name, type, up->size,
	                                 alt ? str_trim(r->arena, alt) : "");
	if (rc == ERR_NOT_FOUND)
		return err_set(e, ERR_NOT_FOUND, NULL, "%s", _("Question introuvable."));
	return rc;
}

int questions_archive(struct req *r, int64_t id, bool archived)
{
	if (!questions_can_edit(r))
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "UPDATE questions SET archived = ?, updated_at = ?"
	                                         " WHERE tenant_id = ? AND id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, archived);
	db_bind_int(st, 2, (int64_t)time(NULL));
	db_bind_int(st, 3, r->tenant.id);
	db_bind_int(st, 4, id);
	if (db_run(st) != 0)
		return ERR_INTERNAL;
	if (!db_changes(st))
		return ERR_NOT_FOUND;
	audit_record(r, archived ? "question.archive" : "question.restore", "question", id, "");
	return 0;
}

bool questions_media_visible(struct req *r, const struct question *q)
{
	if (questions_can_edit(r))
		return true;
	struct question_category c;
	return questions_category_get(r, q->category_id, &c) == 0 && c.practice;
}
