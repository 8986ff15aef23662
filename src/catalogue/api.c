/*
** This file implements the catalogue part of the JSON API: search and a
** programme with its courses and required documents.
*/
#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "kernel/markdown.h"

#define PAGE_SIZE 50

static json_t *programme_json(struct req *r, const struct programme *p)
{
	return json_pack("{s:I,s:s,s:s,s:{s:s,s:s},s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}",
		"id", (json_int_t)p->id, "code", p->code, "title", p->title,
		"unit", "code", p->unit_code, "name", p->unit_name,
		"level", p->level, "level_label", catalogue_level_label(p->level),
		"public", p->public_, "public_label", catalogue_public_label(p->public_),
		"duration_months", (json_int_t)p->duration_months,
		"duration_hours", (json_int_t)p->duration_hours,
		"price_cents", (json_int_t)p->price_cents, "summary", p->summary);
}

/* GET /api/v1/programmes?q=&unit=&level=&public=&page= -> {"programmes":[...],"page","has_more"} */
int catalogue_api_programmes(struct req *r)
{
	int page = catalogue_page_number(r);
	struct catalogue_query q = {
		.q = req_query(r, "q"), .unit = req_query(r, "unit"), .level = req_query(r, "level"),
		.public_ = req_query(r, "public"), .offset = (page - 1) * PAGE_SIZE,
		.limit = PAGE_SIZE + 1,
	};
	struct programme *p;
	int n = catalogue_search(r, &q, &p);
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < n && i < PAGE_SIZE; i++)
		json_array_append_new(arr, programme_json(r, &p[i]));
	return reply_json(r, 200, json_pack("{s:o,s:i,s:b}", "programmes", arr, "page", page,
	                                    "has_more", n > PAGE_SIZE));
}

/* GET /api/v1/programmes/{id} -> programme + description, courses, requirements */
int catalogue_api_programme(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct programme p;
	int rc = catalogue_programme_get(r, id, (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0, &p);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Formation introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *o = programme_json(r, &p);
	json_object_set_new(o, "description_md", json_string(p.description_md));
	json_object_set_new(o, "description_html",
	                    json_string(markdown_to_html(r->arena, p.description_md)));
	json_object_set_new(o, "published", json_boolean(p.published));
	struct course *c;
	int nc = catalogue_programme_courses(r, id, false, &c);
	json_t *courses = json_array();
	for (int i = 0; i < nc; i++)
		json_array_append_new(courses, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)c[i].id,
		                                         "code", c[i].code, "title", c[i].title));
	json_object_set_new(o, "courses", courses);
	struct requirement *q;
	int nq = catalogue_requirements(r, id, &q);
	json_t *reqs = json_array();
	for (int i = 0; i < nq; i++)
		json_array_append_new(reqs, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)q[i].id,
		                                      "title", q[i].title, "description", q[i].description));
	json_object_set_new(o, "requirements", reqs);
	return reply_json(r, 200, o);
}
