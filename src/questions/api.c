/*
** This file implements the question bank's JSON API: categories, one
** question in the shape `cartable gift check` prints, and GIFT export and
** import (a dry run answers what would be imported, or every error with
** its line; a real import stores everything or nothing).
*/
#include <string.h>

#include "app/page.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "questions/web.h"

static int internal(struct req *r)
{
	return reply_json_error(r, 500, "internal", _("Erreur interne."));
}

static json_t *question_json(const struct gift_question *q)
{
	json_t *answers = json_array(), *tags = json_array();
	for (size_t i = 0; i < q->nanswers; i++) {
		const struct gift_answer *a = &q->answers[i];
		json_t *o = json_pack("{s:s,s:s,s:f,s:s}", "text", a->text ? a->text : "",
		                      "format", gift_format_name(a->format), "fraction", a->fraction,
		                      "feedback", a->feedback ? a->feedback : "");
		if (q->type == GIFT_NUMERICAL && a->num_kind == GIFT_NUM_VALUE) {
			json_object_set_new(o, "value", json_real(a->value));
			json_object_set_new(o, "tolerance", json_real(a->tolerance));
		} else if (q->type == GIFT_NUMERICAL && a->num_kind == GIFT_NUM_RANGE) {
			json_object_set_new(o, "min", json_real(a->min));
			json_object_set_new(o, "max", json_real(a->max));
		}
		json_array_append_new(answers, o);
	}
	for (size_t i = 0; i < q->npairs; i++)
		json_array_append_new(answers, json_pack("{s:s,s:s}", "left", q->pairs[i].left ? q->pairs[i].left : "",
		                                         "right", q->pairs[i].right ? q->pairs[i].right : ""));
	for (size_t i = 0; i < q->ntags; i++)
		json_array_append_new(tags, json_string(q->tags[i] ? q->tags[i] : ""));
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o,s:s}", "type", gift_type_name(q->type),
	                      "title", q->title ? q->title : "", "text", q->text ? q->text : "",
	                      "format", gift_format_name(q->format), "category", q->category ? q->category : "",
	                      "tags", tags, "idnumber", q->idnumber ? q->idnumber : "", "answers", answers,
	                      "general_feedback", q->general_feedback ? q->general_feedback : "");
	if (q->type == GIFT_MULTICHOICE)
		json_object_set_new(o, "single", json_boolean(q->single));
	if (q->type == GIFT_TRUEFALSE)
		json_object_set_new(o, "correct", json_boolean(q->correct));
	return o;
}

/* GET /api/v1/questions/categories -> {"categories":[{id, path, practice, questions}]} */
int questions_api_categories(struct req *r)
{
	struct question_category *c;
	int n = questions_categories(r, &c);
	if (n < 0)
		return internal(r);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:b,s:I}", "id", (json_int_t)c[i].id,
		                                     "path", c[i].path, "practice", c[i].practice,
		                                     "questions", (json_int_t)c[i].questions));
	return reply_json(r, 200, json_pack("{s:o}", "categories", arr));
}

/* GET /api/v1/questions/{id} -> the question, with id, category_id, media and archived */
int questions_api_question(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct question q;
	int rc = questions_get(r, id, &q);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Question introuvable."));
	if (rc)
		return internal(r);
	json_t *o = question_json(&q.q);
	json_object_set_new(o, "id", json_integer(q.id));
	json_object_set_new(o, "category_id", json_integer(q.category_id));
	json_object_set_new(o, "archived", json_boolean(q.archived));
	json_object_set_new(o, "media", q.media_sha256
		? json_pack("{s:s,s:s,s:I,s:s}", "type", q.media_type, "name", q.media_name,
		            "size", (json_int_t)q.media_size, "alt", q.media_alt ? q.media_alt : "")
		: json_null());
	return reply_json(r, 200, o);
}

/* GET /api/v1/questions/export[?category=ID] -> text/plain GIFT */
int questions_api_export(struct req *r)
{
	int64_t cat = 0;
	const char *c = req_query(r, "category");
	if (c && (!str_to_int64(c, &cat) || cat < 0))
		return reply_json_error(r, 400, "invalid", _("« category » est un entier positif."));
	char *text;
	size_t len;
	int rc = questions_export(r, cat, &text, &len);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Catégorie introuvable."));
	if (rc)
		return internal(r);
	return reply_body(r, 200, "text/plain; charset=utf-8", text, len);
}

/* POST /api/v1/questions/import[?dry_run=1&category=PATH]: the GIFT text as
** the body -> 200 {"questions":[...]} (dry run), 201 {"imported":N,"ids":[...]},
** or 422 {"error":..., "errors":[{line, message}]} with nothing imported */
int questions_api_import(struct req *r)
{
	bool dry = str_eq(req_query(r, "dry_run"), "1") || str_eq(req_query(r, "dry_run"), "true");
	struct question_import imp;
	struct err e = {0};
	if (memchr(r->body.buf, 0, r->body.len))
		return reply_json_error(r, 400, "invalid", _("Ce fichier n'est pas un texte (il contient des octets nuls)."));
	int rc = questions_import(r, r->body.buf, r->body.len, req_query(r, "category"), !dry, &imp, &e);
	if (rc == ERR_FORBIDDEN)
		return reply_json_error(r, 403, "forbidden", e.msg);
	if (rc == ERR_INVALID)
		return reply_json_err(r, &e);
	if (rc)
		return internal(r);
	struct gift_doc *doc = imp.doc;
	if (doc->nerrors) {
		json_t *errs = json_array();
		for (size_t i = 0; i < doc->nerrors; i++)
			json_array_append_new(errs, json_pack("{s:i,s:s}", "line", doc->errors[i].line,
			                                      "message", doc->errors[i].message));
		return reply_json(r, 422, json_pack("{s:{s:s,s:s},s:o}", "error", "code", "gift_errors",
		                                    "message", _("Le fichier a des erreurs : rien n'a été importé."),
		                                    "errors", errs));
	}
	if (dry) {
		json_t *arr = json_array();
		for (size_t i = 0; i < doc->nquestions; i++) {
			json_t *o = question_json(&doc->questions[i]);
			json_object_set_new(o, "line", json_integer(doc->questions[i].line));
			json_array_append_new(arr, o);
		}
		return reply_json(r, 200, json_pack("{s:o}", "questions", arr));
	}
	json_t *ids = json_array();
	for (size_t i = 0; i < doc->nquestions; i++)
		json_array_append_new(ids, json_integer(imp.ids[i]));
	return reply_json(r, 201, json_pack("{s:I,s:o}", "imported", (json_int_t)doc->nquestions, "ids", ids));
}
