/*
** This file implements the enrolment part of the JSON API: list, read and
** apply, with the same rules as the pages.
*/
#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "enrolment/enrolment.h"
#include "enrolment/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "people/people.h"

static json_t *enrolment_json(struct req *r, const struct enrolment *e)
{
	return json_pack("{s:I,s:{s:I,s:s,s:s},s:o,s:o,s:s,s:s,s:s,s:I,s:{s:I,s:b,s:I,s:s},s:s,s:s,s:I}",
		"id", (json_int_t)e->id,
		"learner", "id", (json_int_t)e->learner_id, "name", e->learner_name, "login", e->learner_login,
		"programme_id", e->programme_id ? json_integer(e->programme_id) : json_null(),
		"course_id", e->course_id ? json_integer(e->course_id) : json_null(),
		"title", e->title, "status", e->status,
		"status_label", enrolment_status_label(e->status),
		"price_cents", (json_int_t)e->price_cents,
		"accommodations", "extra_time_pct", (json_int_t)e->extra_time_pct,
		"reduced_homework", e->reduced_homework, "spread_years", (json_int_t)e->spread_years,
		"note", e->accommodation_note,
		"created_at", fmt_iso(r->arena, e->created_at),
		"updated_at", fmt_iso(r->arena, e->updated_at),
		"documents_pending", (json_int_t)e->docs_pending);
}

static void append_all(struct req *r, json_t *arr, const struct enrolment *e, int n)
{
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, enrolment_json(r, &e[i]));
}

/*
** GET /api/v1/enrolments[?status=&q=&page=] -> {"enrolments":[...]}: the
** caller's own, their children's, their school's pupils', or for staff all
** (filtered, 50 a page).
*/
int enrolment_api_list(struct req *r)
{
	json_t *arr = json_array();
	struct enrolment *e;
	int n;
	bool has_more = false;
	if (r->user.roles & ENROLMENT_STAFF) {
		int page = catalogue_page_number(r);
		struct enrolment_filter f = {.status = req_query(r, "status"), .q = req_query(r, "q"),
		                             .offset = (page - 1) * 50, .limit = 51};
		n = enrolment_search(r, &f, &e);
		if (n < 0)
			goto fail;
		has_more = n > 50;
		append_all(r, arr, e, n > 50 ? 50 : n);
	} else {
		if (r->user.roles & ROLE_LEARNER) {
			n = enrolment_for_learner(r, r->user.id, &e);
			if (n < 0)
				goto fail;
			append_all(r, arr, e, n);
		}
		if (r->user.roles & ROLE_GUARDIAN) {
			struct person *kids;
			int k = people_children(r, r->user.id, &kids);
			for (int i = 0; i < k; i++) {
				n = enrolment_for_learner(r, kids[i].id, &e);
				if (n < 0)
					goto fail;
				append_all(r, arr, e, n);
			}
		}
		if ((r->user.roles & ROLE_SCHOOL) && r->user.school_id) {
			n = enrolment_for_school(r, r->user.school_id, 0, 5000, &e);
			if (n < 0)
				goto fail;
			append_all(r, arr, e, n);
		}
	}
	return reply_json(r, 200, json_pack("{s:o,s:b}", "enrolments", arr, "has_more", has_more));
fail:
	json_decref(arr);
	return reply_json_error(r, 500, "internal", _("Erreur interne."));
}

/* GET /api/v1/enrolments/{id} -> the enrolment with "events" and "documents" */
int enrolment_api_get(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct enrolment e;
	int rc = enrolment_get(r, id, &e);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Inscription introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *o = enrolment_json(r, &e);
	struct enrolment_event *v;
	int nv = enrolment_events(r, id, &v);
	json_t *events = json_array();
	for (int i = 0; i < nv; i++)
		json_array_append_new(events, json_pack("{s:o,s:s,s:s,s:s,s:s}",
			"from", json_strn(v[i].from_status), "to", v[i].to_status, "by", v[i].actor_name,
			"note", v[i].note, "at", fmt_iso(r->arena, v[i].at)));
	json_object_set_new(o, "events", events);
	struct enrolment_doc *d;
	int nd = enrolment_documents(r, id, &d);
	json_t *docs = json_array();
	for (int i = 0; i < nd; i++)
		json_array_append_new(docs, json_pack("{s:I,s:I,s:s,s:s,s:s,s:I,s:s,s:s,s:s}",
			"id", (json_int_t)d[i].id, "requirement_id", (json_int_t)d[i].requirement_id,
			"requirement", d[i].requirement_title, "filename", d[i].filename,
			"content_type", d[i].content_type, "size", (json_int_t)d[i].size,
			"sha256", d[i].sha256, "status", d[i].status,
			"uploaded_at", fmt_iso(r->arena, d[i].uploaded_at)));
	json_object_set_new(o, "documents", docs);
	return reply_json(r, 200, o);
}

static bool json_id(json_t *body, const char *key, int64_t *out, bool *bad)
{
	json_t *v = json_object_get(body, key);
	if (!v || json_is_null(v))
		return false;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		*bad = true;
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

/*
** POST /api/v1/enrolments {"programme_id" | "course_id", "learner_id"?, "note"?}
** -> 201 the enrolment. learner_id defaults to the caller.
*/
int enrolment_api_apply(struct req *r)
{
	json_t *body = req_json_object_or_reply(r);
	if (!body)
		return r->status;
	bool bad = false;
	int64_t programme = 0, course = 0, learner = r->user.id;
	json_id(body, "programme_id", &programme, &bad);
	json_id(body, "course_id", &course, &bad);
	json_id(body, "learner_id", &learner, &bad);
	json_t *note_v = json_object_get(body, "note");
	if (note_v && !json_is_string(note_v) && !json_is_null(note_v))
		bad = true;
	char *note = json_is_string(note_v) ? arena_strdup(r->arena, json_string_value(note_v)) : NULL;
	json_decref(body);
	if (bad)
		return reply_json_error(r, 400, "invalid",
		                        _("« programme_id », « course_id » et « learner_id » sont des "
		                          "entiers positifs ; « note » est une chaîne."));
	struct err e = {0};
	int64_t id;
	int rc = enrolment_apply(r, learner, programme, course, note, &id, &e);
	if (rc)
		return reply_json_err(r, &e);
	struct enrolment en;
	if (enrolment_get(r, id, &en) != 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	req_add_header(r, "Location", arena_printf(r->arena, "/api/v1/enrolments/%lld", (long long)id));
	return reply_json(r, 201, enrolment_json(r, &en));
}
