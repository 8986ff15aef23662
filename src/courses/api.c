/*
** This file implements the courses part of the JSON API: the courses of
** the caller (or of a child or learner they may follow) and one course's
** sections and items with the learner's progress.
*/
#include <string.h>

#include "app/page.h"
#include "courses/courses.h"
#include "courses/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"

static int64_t learner_query(struct req *r, bool *bad)
{
	int64_t id = 0;
	const char *v = req_query(r, "learner_id");
	if (v && (!str_to_int64(v, &id) || id <= 0))
		*bad = true;
	return id;
}

/*
** GET /api/v1/courses[?learner_id=] -> {"courses":[{id,code,title,items,done}]}: the
** courses a learner follows (the caller, or learner_id for a guardian or
** staff), or for teachers the courses they teach.
*/
int courses_api_list(struct req *r)
{
	bool bad = false;
	int64_t learner = learner_query(r, &bad);
	if (bad)
		return reply_json_error(r, 400, "invalid", _("« learner_id » est un entier positif."));
	struct course_summary *c;
	int n;
	if (learner)
		n = courses_for_learner(r, learner, &c);
	else if (r->user.roles & ROLE_LEARNER)
		n = courses_for_learner(r, r->user.id, &c);
	else
		n = courses_for_staff(r, &c);
	if (n == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Apprenant introuvable."));
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:i,s:i}", "id", (json_int_t)c[i].id,
		                                     "code", c[i].code, "title", c[i].title,
		                                     "items", c[i].items, "done", c[i].done));
	return reply_json(r, 200, json_pack("{s:o}", "courses", arr));
}

/* GET /api/v1/courses/{id}[?learner_id=] -> the course, its sections and items */
int courses_api_get(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	bool bad = false;
	int64_t learner = learner_query(r, &bad);
	if (bad)
		return reply_json_error(r, 400, "invalid", _("« learner_id » est un entier positif."));
	struct course_outline o;
	int rc = courses_outline(r, id, learner, &o);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Cours introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *sections = json_array();
	for (int s = 0; s < o.nsections; s++) {
		json_t *items = json_array();
		for (int i = 0; i < o.sections[s].nitems; i++) {
			const struct course_item *it = &o.sections[s].items[i];
			json_t *j = json_pack("{s:I,s:s,s:s,s:b,s:o}", "id", (json_int_t)it->id,
			                      "kind", it->kind, "title", it->title, "published", it->published,
			                      "done_at", it->done_at ? json_string(fmt_iso(r->arena, it->done_at))
			                                             : json_null());
			json_object_set_new(j, "body_md", json_string(it->body_md));
			if (it->url[0])
				json_object_set_new(j, "url", json_string(it->url));
			if (it->file_sha256)
				json_object_set_new(j, "file", json_pack("{s:s,s:s,s:I,s:s}", "name", it->file_name,
				                    "type", it->file_type, "size", (json_int_t)it->file_size,
				                    "href", arena_printf(r->arena, "/mes-cours/%lld/elements/%lld/fichier",
				                                         (long long)o.id, (long long)it->id)));
			json_array_append_new(items, j);
		}
		json_array_append_new(sections, json_pack("{s:I,s:s,s:o}", "id", (json_int_t)o.sections[s].id,
		                                          "title", o.sections[s].title, "items", items));
	}
	return reply_json(r, 200, json_pack("{s:I,s:s,s:s,s:s,s:i,s:i,s:o,s:o}",
		"id", (json_int_t)o.id, "code", o.code, "title", o.title, "summary", o.summary,
		"items", o.items, "done", o.done,
		"next_item_id", o.next ? json_integer(o.next->id) : json_null(),
		"sections", sections));
}
