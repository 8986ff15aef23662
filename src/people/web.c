/*
** This file implements the pages of signing in and out, the person's own
** account (password, language, API tokens) and password reset.
*/
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/session.h"
#include "people/people.h"
#include "people/web.h"

/* A local path to go back to after signing in, never another site. */
static const char *safe_suite(const char *s)
{
	if (!page_local_path(s) || strncmp(s, "/connexion", 10) == 0)
		return "/";
	return s;
}

/* ---- Sign in and out ---- */

static int render_signin(struct req *r, const char *login, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_THROTTLED ? 429 : 400;
	struct html *h = page_begin(r, _("Connexion"));
	html_printf(h, "<h1>%s</h1>", _("Connexion"));
	const char *suite = safe_suite(req_query(r, "suite") ? req_query(r, "suite")
	                                                      : req_form(r, "suite"));
	form_open(h, r, "/connexion", false);
	html_printf(h, "<input type=\"hidden\" name=\"suite\" value=\"%s\">", suite);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "login", .label = _("Identifiant"),
	                                   .value = login, .autocomplete = "username",
	                                   .required = true}, NULL);
	form_field(h, &(struct field_view){.name = "password", .label = _("Mot de passe"),
	                                   .type = "password", .autocomplete = "current-password",
	                                   .required = true}, NULL);
	form_close(h, _("Se connecter"));
	html_printf(h, "<p><a href=\"/mot-de-passe/oubli\">%s</a></p>", _("Mot de passe oublié ?"));
	return page_end(r, h);
}

/* GET /connexion[?suite=/path] */
int people_page_signin(struct req *r)
{
	if (r->user.id)
		return reply_redirect(r, safe_suite(req_query(r, "suite")));
	return render_signin(r, NULL, NULL);
}

/* POST /connexion: login, password, suite */
int people_page_signin_post(struct req *r)
{
	struct err e = {0};
	const char *login = req_form(r, "login");
	int rc = people_sign_in(r, login, req_form(r, "password"), &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_signin(r, login, &e);
	return reply_redirect(r, safe_suite(req_form(r, "suite")));
}

/* POST /deconnexion */
int people_page_signout(struct req *r)
{
	session_close(r);
	page_flash(r, "ok", _("Vous êtes déconnecté."));
	return reply_redirect(r, "/");
}

/* ---- My account ---- */

static void render_password_form(struct html *h, struct req *r, const struct err *e)
{
	html_printf(h, "<h2 id=\"mdp\">%s</h2>", _("Changer de mot de passe"));
	form_open(h, r, "/compte/mot-de-passe", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "current", .label = _("Mot de passe actuel"),
	                                   .type = "password", .autocomplete = "current-password",
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "password", .label = _("Nouveau mot de passe"),
	                                   .type = "password", .autocomplete = "new-password",
	                                   .hint = _("Au moins 10 caractères, avec au moins deux "
	                                             "sortes : minuscules, majuscules, chiffres, "
	                                             "symboles."),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "confirm", .label = _("Confirmez le nouveau mot de passe"),
	                                   .type = "password", .autocomplete = "new-password",
	                                   .required = true}, e);
	form_close(h, _("Changer le mot de passe"));
}

static int render_account(struct req *r, const struct err *e)
{
	struct person p;
	if (people_get(r, r->user.id, &p) != 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_THROTTLED ? 429 : 400;
	struct html *h = page_begin(r, _("Mon compte"));
	html_printf(h, "<h1>%s</h1><dl class=\"facts\">", _("Mon compte"));
	html_printf(h, "<dt>%s</dt><dd>%s %s</dd>", _("Nom"), p.given_name, p.family_name);
	html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Identifiant"), p.login);
	html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Adresse e-mail"),
	            p.email ? p.email : _("aucune"));
	html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Organisation"), r->tenant.name);
	html_printf(h, "<dt>%s</dt><dd>", _("Rôles"));
	for (unsigned bit = 1; bit < (1u << ROLE__COUNT); bit <<= 1)
		if (p.roles & bit)
			html_printf(h, "<span class=\"tag\">%s</span> ", role_label(bit));
	html_printf(h, "</dd></dl>");
	html_printf(h, "<p><a href=\"/compte/jetons\">%s</a></p>",
	            _("Jetons d'accès pour l'application mobile et l'API"));
	render_password_form(h, r, e);
	return page_end(r, h);
}

/* GET /compte */
int people_page_account(struct req *r)
{
	return render_account(r, NULL);
}

/* POST /compte/mot-de-passe: current, password, confirm */
int people_page_password(struct req *r)
{
	struct err e = {0};
	int rc = people_change_password(r, req_form(r, "current"), req_form(r, "password"),
	                                req_form(r, "confirm"), &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_account(r, &e);
	page_flash(r, "ok", _("Votre mot de passe a été changé. Vos autres sessions ont été fermées."));
	return reply_redirect(r, "/compte");
}

/* ---- API tokens ---- */

static int render_tokens(struct req *r, const char *fresh)
{
	struct api_token *t;
	int n = people_token_list(r, &t);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Jetons d'accès"));
	html_printf(h, "<h1>%s</h1><p>%s</p>", _("Jetons d'accès"),
	            _("Un jeton permet à l'application mobile ou à un programme d'agir en votre "
	              "nom avec l'API. Révoquez ceux que vous n'utilisez plus."));
	if (fresh)
		html_printf(h, "<div class=\"flash ok\" role=\"status\"><p>%s</p>"
		               "<p><code class=\"token\">%s</code></p></div>",
		            _("Voici votre nouveau jeton. Copiez-le maintenant : il ne sera plus affiché."),
		            fresh);
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Vous n'avez aucun jeton."));
	} else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead><tbody>",
		            _("Vos jetons"), _("Nom"), _("Créé le"), _("Dernière utilisation"), _("État"));
		for (int i = 0; i < n; i++) {
			html_printf(h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
			            t[i].label[0] ? t[i].label : _("(sans nom)"),
			            fmt_datetime(r->arena, t[i].created_at),
			            t[i].last_used_at ? fmt_datetime(r->arena, t[i].last_used_at) : "—");
			if (t[i].revoked_at)
				html_printf(h, "%s %s", _("révoqué le"), fmt_date(r->arena, t[i].revoked_at));
			else
				button_form(h, r, arena_printf(r->arena, "/compte/jetons/%lld/revoquer",
				                               (long long)t[i].id),
				            _("Révoquer"), "secondary");
			html_printf(h, "</td></tr>");
		}
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<h2>%s</h2>", _("Nouveau jeton"));
	form_open(h, r, "/compte/jetons", false);
	form_field(h, &(struct field_view){.name = "label", .label = _("Nom du jeton"),
	                                   .hint = _("Par exemple : téléphone de Lina.")}, NULL);
	form_close(h, _("Créer un jeton"));
	return page_end(r, h);
}

/* GET /compte/jetons */
int people_page_tokens(struct req *r)
{
	return render_tokens(r, NULL);
}

/* POST /compte/jetons: label */
int people_page_token_create(struct req *r)
{
	char token[AUTH_TOKEN_LEN];
	int64_t id;
	if (people_token_create(r, r->tenant.id, r->user.id, req_form(r, "label"), token, &id) != 0)
		return page_internal_error(r);
	return render_tokens(r, token);
}

/* POST /compte/jetons/{id}/revoquer */
int people_page_token_revoke(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = people_token_revoke(r, id);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Le jeton a été révoqué."));
	return reply_redirect(r, "/compte/jetons");
}

/* ---- Password reset ---- */

/* GET /mot-de-passe/oubli */
int people_page_forgot(struct req *r)
{
	struct html *h = page_begin(r, _("Mot de passe oublié"));
	html_printf(h, "<h1>%s</h1><p>%s</p>", _("Mot de passe oublié"),
	            _("Indiquez votre identifiant ou votre adresse e-mail. Si votre compte possède "
	              "une adresse e-mail, vous recevrez un lien pour choisir un nouveau mot de "
	              "passe."));
	form_open(h, r, "/mot-de-passe/oubli", false);
	form_field(h, &(struct field_view){.name = "who", .label = _("Identifiant ou adresse e-mail"),
	                                   .autocomplete = "username", .required = true}, NULL);
	form_close(h, _("Recevoir un lien"));
	return page_end(r, h);
}

/* POST /mot-de-passe/oubli: who */
int people_page_forgot_post(struct req *r)
{
	people_reset_request(r, req_form(r, "who"), app.base_url);
	struct html *h = page_begin(r, _("Mot de passe oublié"));
	html_printf(h, "<h1>%s</h1><div class=\"flash ok\" role=\"status\"><p>%s</p></div><p>%s</p>",
	            _("Mot de passe oublié"),
	            _("Si un compte correspond et possède une adresse e-mail, un message contenant "
	              "un lien valable une heure vient de lui être envoyé."),
	            _("Les élèves sans adresse e-mail s'adressent à leur conseiller, à leur "
	              "établissement ou à leur responsable légal."));
	return page_end(r, h);
}

static int render_reset(struct req *r, const char *token, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_NOT_FOUND ? 410 : 400;
	struct html *h = page_begin(r, _("Nouveau mot de passe"));
	html_printf(h, "<h1>%s</h1>", _("Nouveau mot de passe"));
	if (!people_reset_valid(r, token)) {
		if (r->status < 400)
			r->status = 410;
		html_printf(h, "<p>%s</p><p><a href=\"/mot-de-passe/oubli\">%s</a></p>",
		            _("Ce lien n'est plus valable : il a déjà servi ou il a expiré."),
		            _("Demander un nouveau lien"));
		return page_end(r, h);
	}
	form_open(h, r, "/mot-de-passe/nouveau", false);
	html_printf(h, "<input type=\"hidden\" name=\"jeton\" value=\"%s\">", token);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "password", .label = _("Nouveau mot de passe"),
	                                   .type = "password", .autocomplete = "new-password",
	                                   .hint = _("Au moins 10 caractères, avec au moins deux "
	                                             "sortes : minuscules, majuscules, chiffres, "
	                                             "symboles."),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "confirm", .label = _("Confirmez le mot de passe"),
	                                   .type = "password", .autocomplete = "new-password",
	                                   .required = true}, e);
	form_close(h, _("Enregistrer le mot de passe"));
	return page_end(r, h);
}

/* GET /mot-de-passe/nouveau?jeton=... */
int people_page_reset(struct req *r)
{
	return render_reset(r, req_query(r, "jeton"), NULL);
}

/* POST /mot-de-passe/nouveau: jeton, password, confirm */
int people_page_reset_post(struct req *r)
{
	struct err e = {0};
	const char *token = req_form(r, "jeton");
	int rc = people_reset_complete(r, token, req_form(r, "password"), req_form(r, "confirm"), &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_reset(r, token, &e);
	page_flash(r, "ok", _("Votre mot de passe a été enregistré. Connectez-vous avec."));
	return reply_redirect(r, "/connexion");
}
