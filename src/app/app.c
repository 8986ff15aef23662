/*
** This file implements the request pipeline of app.h: language, refusals
** before the handler, identification, tenant, permission and CSRF.
*/
#include "app/app.h"

#include <string.h>
#include <strings.h>

#include "app/page.h"
#include "kernel/csrf.h"
#include "kernel/db.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "kernel/session.h"
#include "people/people.h"
#include "tenants/tenants.h"

struct app_settings app;

bool app_is_api(const struct req *r)
{
	return strncmp(r->path, "/api/", 5) == 0;
}

int app_refuse(struct req *r, int status, const char *code, const char *message)
{
	if (app_is_api(r))
		return reply_json_error(r, status, code, message);
	const char *title;
	switch (status) {
	case 400: title = _("Requête incorrecte"); break;
	case 401: title = _("Connexion nécessaire"); break;
	case 403: title = _("Accès refusé"); break;
	case 404: title = _("Page introuvable"); break;
	case 405: title = _("Méthode non autorisée"); break;
	case 413: title = _("Envoi trop volumineux"); break;
	default: title = _("Erreur"); break;
	}
	return page_error(r, status, title, message);
}

/*
** French unless the visitor chose English (the "lang" cookie); programs
** calling the API without that cookie may ask for English with
** Accept-Language. A signed-in person's own choice applies later.
*/
static void choose_language(struct req *r)
{
	const char *c = req_cookie(r, "lang");
	if (c)
		r->lang = strcmp(c, "en") == 0 ? LANG_EN : LANG_FR;
	else if (app_is_api(r)) {
		const char *al = req_header(r, "Accept-Language");
		r->lang = al && strncasecmp(al, "en", 2) == 0 ? LANG_EN : LANG_FR;
	} else
		r->lang = LANG_FR;
	i18n_set_lang(r->lang);
}

/* Finds who is asking; 0, or the status already answered. */
static int identify(struct req *r)
{
	if (app_is_api(r)) {
		const char *auth = req_header(r, "Authorization");
		if (auth) {
			if (strncmp(auth, "Bearer ", 7) != 0)
				return reply_json_error(r, 401, "invalid_token",
				                        _("L'en-tête Authorization doit être « Bearer <jeton> »."));
			int rc = people_identify_bearer(r, auth + 7);
			if (rc == ERR_NOT_FOUND)
				return reply_json_error(r, 401, "invalid_token",
				                        _("Ce jeton est inconnu, révoqué, ou son compte est désactivé."));
			if (rc)
				return reply_json_error(r, 500, "internal", _("Erreur interne."));
		}
	} else {
		int64_t tenant_id, account_id;
		int rc = session_resume(r, &tenant_id, &account_id);
		if (rc == 0) {
			rc = people_identify(r, tenant_id, account_id);
			if (rc == ERR_NOT_FOUND)
				session_close(r); /* account deactivated since */
		}
		if (rc == ERR_INTERNAL)
			return page_internal_error(r);
	}
	if (!r->tenant.id) {
		int rc = tenants_for_host(r, req_header(r, "Host"), &r->tenant);
		if (rc)
			return app_refuse(r, 503, "not_ready",
			                  _("La plateforme n'est pas encore configurée."));
	}
	i18n_set_lang(r->lang); /* the account may prefer another language */
	return 0;
}

static int check_permission(struct req *r)
{
	const struct route *rt = r->route;
	if (rt->perm == PERM_PUBLIC)
		return 0;
	if (!r->user.id) {
		if (app_is_api(r))
			return reply_json_error(r, 401, "unauthenticated",
			                        _("Authentification nécessaire : envoyez un jeton Bearer."));
		return page_signin_redirect(r);
	}
	bool ok = rt->perm == PERM_USER || (r->user.roles & rt->perm);
	if (ok && (rt->flags & ROUTE_OPERATOR))
		ok = r->tenant.is_operator;
	if (!ok)
		return app_refuse(r, 403, "forbidden",
		                  _("Votre compte n'a pas accès à cette page."));
	return 0;
}

int app_handle(struct req *r)
{
	choose_language(r);
	if (r->body_malformed)
		return app_refuse(r, 400, "bad_request", _("La requête est mal formée."));
	if (!r->route) {
		if (r->route_miss == 405)
			return app_refuse(r, 405, "method_not_allowed",
			                  _("Cette adresse n'accepte pas cette méthode."));
		if (app_is_api(r))
			return reply_json_error(r, 404, "not_found", _("Ressource introuvable."));
		/* a 404 page shows the navigation of the person, if signed in */
		int st = identify(r);
		return st ? st : page_not_found(r);
	}
	if (r->body_too_large)
		return app_refuse(r, 413, "too_large",
		                  _("L'envoi dépasse la taille autorisée. Réduisez la taille du fichier "
		                    "et réessayez."));
	if (r->route->flags & ROUTE_STATIC)
		return r->route->handler(r);
	if (strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0)
		db_read_begin(); /* one snapshot for the whole page */
	int st = identify(r);
	if (st)
		return st;
	st = check_permission(r);
	if (st)
		return st;
	if ((r->route->flags & ROUTE_CSRF) && !csrf_valid(r))
		return app_refuse(r, 403, "csrf",
		                  _("Ce formulaire a expiré ou ne vient pas de cartable. Rechargez la "
		                    "page et recommencez."));
	return r->route->handler(r);
}
