/*
** This file implements the people part of the JSON API: API tokens
** (obtain, list, revoke) and /me, the caller's identity.
*/
#include <string.h>

#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "app/page.h"
#include "people/people.h"
#include "people/web.h"

/* POST /api/v1/auth/token {"login","password","label"?} -> 201 {"token","id"} */
int people_api_token_create(struct req *r)
{
	json_t *body = req_json_object_or_reply(r);
	if (!body)
		return r->status;
	const char *login = json_str(body, "login"), *password = json_str(body, "password");
	const char *label = json_str(body, "label");
	struct err e = {0};
	int64_t tenant_id, account_id, id;
	int rc;
	if (!login || !password)
		rc = err_set(&e, ERR_INVALID, "login", "%s",
		             _("Indiquez « login » et « password » (chaînes)."));
	else
		rc = people_check_credentials(r, login, password, &tenant_id, &account_id, &e);
	char token[AUTH_TOKEN_LEN];
	if (rc == 0)
		rc = people_token_create(r, tenant_id, account_id, label ? label : "API", token, &id);
	json_decref(body);
	if (rc == ERR_INVALID && login && password)
		return reply_json_error(r, 401, "invalid_credentials", e.msg);
	if (rc)
		return reply_json_err(r, &e);
	return reply_json(r, 201, json_pack("{s:s,s:I}", "token", token, "id", (json_int_t)id));
}

/* GET /api/v1/auth/tokens -> {"tokens":[{"id","label","created_at","last_used_at","revoked_at"}]} */
int people_api_token_list(struct req *r)
{
	struct api_token *t;
	int n = people_token_list(r, &t);
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:o,s:o}",
			"id", (json_int_t)t[i].id, "label", t[i].label,
			"created_at", fmt_iso(r->arena, t[i].created_at),
			"last_used_at", t[i].last_used_at ? json_string(fmt_iso(r->arena, t[i].last_used_at)) : json_null(),
			"revoked_at", t[i].revoked_at ? json_string(fmt_iso(r->arena, t[i].revoked_at)) : json_null()));
	return reply_json(r, 200, json_pack("{s:o}", "tokens", arr));
}

/* DELETE /api/v1/auth/tokens/{id} -> 204 */
int people_api_token_revoke(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = people_token_revoke(r, id);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Jeton introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	r->status = 204;
	return 204;
}

/* GET /api/v1/me -> the caller: id, login, names, email, roles, tenant, children */
int people_api_me(struct req *r)
{
	struct person p;
	if (people_get(r, r->user.id, &p) != 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *roles = json_array();
	for (unsigned bit = 1; bit < (1u << ROLE__COUNT); bit <<= 1)
		if (p.roles & bit)
			json_array_append_new(roles, json_string(role_code(bit)));
	json_t *me = json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:s,s:o}",
		"id", (json_int_t)p.id, "login", p.login, "given_name", p.given_name,
		"family_name", p.family_name, "email", json_strn(p.email), "roles", roles,
		"lang", p.lang,
		"tenant", json_pack("{s:I,s:s,s:s}", "id", (json_int_t)r->tenant.id,
		                    "slug", r->tenant.slug, "name", r->tenant.name));
	if (p.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int n = people_children(r, p.id, &kids);
		json_t *arr = json_array();
		for (int i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:I,s:s,s:s,s:s}",
				"id", (json_int_t)kids[i].id, "login", kids[i].login,
				"given_name", kids[i].given_name, "family_name", kids[i].family_name));
		json_object_set_new(me, "children", arr);
	}
	return reply_json(r, 200, me);
}
