/*
** This file implements the agenda's JSON API (GET /api/v1/agenda) and its
** iCalendar feed (GET /agenda/flux/{token}), which calendar applications
** fetch without any session: the secret in the address is the credential.
*/
#include <string.h>
#include <time.h>

#include "agenda/agenda.h"
#include "agenda/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"

/*
** GET /api/v1/agenda[?from=&to=&learner_id=] -> {"from","to","entries":[...]}:
** from and to are "AAAA-MM-JJ" (local midnight) or UTC "AAAA-MM-JJTHH:MM:SSZ";
** by default from now for 30 days; learner_id: a guardian's child.
*/
int agenda_api_list(struct req *r)
{
	int64_t from = time(NULL), to, learner = r->user.id;
	const char *f = req_query(r, "from"), *t = req_query(r, "to"), *l = req_query(r, "learner_id");
	if (f && !agenda_parse_instant(f, &from))
		return reply_json_error(r, 400, "invalid",
		                        _("« from » s'écrit AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SSZ."));
	to = from + 30LL * 24 * 3600;
	if (t && !agenda_parse_instant(t, &to))
		return reply_json_error(r, 400, "invalid",
		                        _("« to » s'écrit AAAA-MM-JJ ou AAAA-MM-JJTHH:MM:SSZ."));
	if (to <= from || to - from > AGENDA_MAX_SPAN)
		return reply_json_error(r, 400, "invalid",
		                        _("« to » vient après « from », et 400 jours au plus après."));
	if (l && (!str_to_int64(l, &learner) || learner <= 0))
		return reply_json_error(r, 400, "invalid", _("« learner_id » est un entier positif."));
	struct agenda_entry *e;
	int n = agenda_for(r, learner, from, to, &e);
	if (n == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Apprenant introuvable."));
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < n; i++) {
		json_t *j = json_pack("{s:s,s:I,s:s,s:s,s:s,s:s,s:b,s:s}",
			"kind", agenda_kind_code(e[i].kind), "id", (json_int_t)e[i].id,
			"title", e[i].title, "description", e[i].description,
			"starts_at", fmt_iso(r->arena, e[i].starts_at),
			"ends_at", fmt_iso(r->arena, e[i].ends_at), "all_day", e[i].all_day,
			"url", e[i].url);
		json_object_set_new(j, "course", e[i].course_id
			? json_pack("{s:I,s:s}", "id", (json_int_t)e[i].course_id, "title", e[i].course_title)
			: json_null());
		json_object_set_new(j, "unit", json_strn(e[i].unit_name[0] ? e[i].unit_name : NULL));
		json_object_set_new(j, "learner", e[i].learner_id
			? json_pack("{s:I,s:s}", "id", (json_int_t)e[i].learner_id, "name", e[i].learner_name)
			: json_null());
		json_array_append_new(arr, j);
	}
	return reply_json(r, 200, json_pack("{s:s,s:s,s:o}", "from", fmt_iso(r->arena, from),
	                                    "to", fmt_iso(r->arena, to), "entries", arr));
}

/* GET /agenda/flux/{token}[.ics]: text/calendar */
int agenda_ics(struct req *r)
{
	const char *t = req_param(r, "token");
	size_t n = t ? strlen(t) : 0;
	if (n > 4 && strcmp(t + n - 4, ".ics") == 0)
		t = arena_strndup(r->arena, t, n - 4);
	struct sb out;
	sb_init(&out, r->arena, 16384);
	int rc = agenda_feed(r, t, &out);
	if (rc == ERR_NOT_FOUND) {
		r->user = (struct user){0};
		return reply_body(r, 404, "text/plain; charset=utf-8", "Not found\n", 10);
	}
	if (rc)
		return reply_body(r, 500, "text/plain; charset=utf-8", "Internal error\n", 15);
	req_add_header(r, "Cache-Control", "private, max-age=300");
	req_add_header(r, "Content-Disposition", "inline; filename=\"agenda.ics\"");
	return reply_body(r, 200, "text/calendar; charset=utf-8", out.buf, out.len);
}
