/*
** This file implements the page layout, error pages, flash messages and
** the form pieces of page.h. Markup aims at RGAA/WCAG 2.1 AA: a skip link,
** landmarks, labels tied to inputs, errors tied with aria-describedby and
** announced with role="alert", the current page marked with aria-current.
*/
#include "app/page.h"

#include <string.h>

#include "app/app.h"
#include "kernel/csrf.h"
#include "kernel/form.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "messaging/messaging.h"
#include "notices/notices.h"

#define FLASH_COOKIE "cartable_flash"
#define NAV_ANYONE 0xFFFFFFFFu

static const struct {
	const char *href;
	const char *label;
	unsigned roles; /* shown to people holding one of these (NAV_ANYONE: all) */
} nav_items[] = {
	{"/", N_("Accueil"), NAV_ANYONE},
	{"/catalogue", N_("Catalogue"), NAV_ANYONE},
	{"/mes-cours", N_("Mes cours"), ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR},
	{"/messages", N_("Messages"), ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR},
	{"/agenda", N_("Agenda"), (1u << ROLE__COUNT) - 1},
	{"/devoirs", N_("Devoirs"), ROLE_LEARNER | ROLE_GUARDIAN},
	{"/corrections", N_("Corrections"), ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN},
	{"/notes", N_("Notes"), ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER},
	{"/revisions", N_("Révisions"), ROLE_LEARNER | ROLE_AUTHOR},
	{"/mes-inscriptions", N_("Mes inscriptions"), ROLE_LEARNER},
	{"/mes-enfants", N_("Mes enfants"), ROLE_GUARDIAN},
	{"/etablissement", N_("Mon établissement"), ROLE_SCHOOL},
	{"/examens", N_("Attestations"), ROLE_SCHOOL},
	{"/admin/inscriptions", N_("Inscriptions"), ROLE_ADVISOR | ROLE_ADMIN},
	{"/admin/catalogue", N_("Gérer le catalogue"), ROLE_AUTHOR | ROLE_ADMIN},
	{"/admin", N_("Administration"), ROLE_ADMIN},
};

static bool nav_current(const char *href, const char *path)
{
	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	size_t n = strlen(href);
	return strncmp(path, href, n) == 0 && (path[n] == 0 || path[n] == '/') &&
	       !(strcmp(href, "/admin") == 0 && path[n] == '/');
}

static void write_flash(struct html *h, struct req *r)
{
	const char *c = req_cookie(r, FLASH_COOKIE);
	if (!c || !*c)
		return;
	char *msg = percent_decode(r->arena, c, strlen(c), 1, NULL);
	req_set_cookie(r, FLASH_COOKIE, "", -1);
	if (!msg || strlen(msg) < 3)
		return;
	bool ok = strncmp(msg, "ok:", 3) == 0;
	html_printf(h, "<div class=\"flash %s\" role=\"%s\"><p>%s</p></div>", ok ? "ok" : "error",
	            ok ? "status" : "alert", msg + (ok ? 3 : 6));
}

struct html *page_begin(struct req *r, const char *title)
{
	struct html *h = arena_alloc(r->arena, sizeof *h);
	html_init(h, r->arena, 8192);
	const char *lang = r->lang == LANG_EN ? "en" : "fr";
	html_printf(h,
		"<!doctype html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		"<title>%s · cartable</title>"
		"<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">"
		"<link rel=\"icon\" href=\"/static/favicon.svg?v=%s\" type=\"image/svg+xml\">"
		"</head><body>",
		lang, title, app_static_version(), app_static_version());
	html_printf(h, "<a class=\"skip\" href=\"#contenu\">%s</a>", _("Aller au contenu"));
	html_printf(h, "<header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">"
	               "cartable</a>");
	if (r->tenant.name)
		html_printf(h, "<span class=\"org\">%s</span>", r->tenant.name);
	html_printf(h, "<nav aria-label=\"%s\"><ul>", _("Navigation principale"));
	for (size_t i = 0; i < sizeof nav_items / sizeof nav_items[0]; i++) {
		unsigned need = nav_items[i].roles;
		if (need != NAV_ANYONE && !(r->user.roles & need))
			continue;
		bool cur = nav_current(nav_items[i].href, r->path);
		int64_t unread = strcmp(nav_items[i].href, "/messages") == 0 ? messages_unread_count(r) : 0;
		if (unread)
			html_printf(h, "<li><a href=\"%s\"%s>%s <span class=\"badge\">%lld"
			               "<span class=\"visually-hidden\"> %s</span></span></a></li>",
			            nav_items[i].href, cur ? " aria-current=page" : "", _(nav_items[i].label),
			            (long long)unread, _("non lus"));
		else
			html_printf(h, "<li><a href=\"%s\"%s>%s</a></li>", nav_items[i].href,
			            cur ? " aria-current=page" : "", _(nav_items[i].label));
	}
	html_printf(h, "</ul></nav><div class=\"who\">");
	if (r->user.id) {
		int64_t unread = notices_unread(r);
		if (unread)
			html_printf(h, "<a href=\"/notifications\">%s <span class=\"badge\">%lld</span></a>",
			            _("Notifications"), (long long)unread);
		else
			html_printf(h, "<a href=\"/notifications\">%s</a>", _("Notifications"));
		html_printf(h, "<a href=\"/compte\"%s>%s</a>",
		            str_starts(r->path, "/compte") ? " aria-current=page" : "",
		            r->user.display_name);
		button_form(h, r, "/deconnexion", _("Se déconnecter"), "link");
	} else if (strcmp(r->path, "/connexion") != 0) {
		html_printf(h, "<a class=\"button\" href=\"/connexion\">%s</a>", _("Se connecter"));
	}
	const char *back = url_encode(r->arena, r->path);
	if (r->lang == LANG_EN)
		html_printf(h, "<a href=\"/langue?l=fr&amp;suite=%s\" lang=\"fr\" hreflang=\"fr\">"
		               "Français</a>", back);
	else
		html_printf(h, "<a href=\"/langue?l=en&amp;suite=%s\" lang=\"en\" hreflang=\"en\">"
		               "English</a>", back);
	html_printf(h, "</div></div></header><main id=\"contenu\" tabindex=\"-1\">");
	write_flash(h, r);
	return h;
}

int page_end(struct req *r, struct html *h)
{
	html_printf(h, "</main><footer class=\"site\"><p>cartable · %s · "
	               "<a href=\"/api/v1/openapi.json\">API</a></p></footer></body></html>\n",
	            _("plateforme d'enseignement à distance"));
	sb_truncate(&r->out, 0);
	sb_add(&r->out, h->sb.buf, h->sb.len);
	r->content_type = "text/html; charset=utf-8";
	if (r->status < 100)
		r->status = 200;
	req_add_header(r, "Cache-Control", r->user.id ? "private, no-store" : "no-cache");
	req_add_header(r, "Content-Language", r->lang == LANG_EN ? "en" : "fr");
	return r->status;
}

int page_error(struct req *r, int status, const char *title, const char *message)
{
	r->status = status;
	struct html *h = page_begin(r, title);
	html_printf(h, "<h1>%s</h1><p>%s</p><p><a href=\"/\">%s</a></p>", title, message,
	            _("Revenir à l'accueil"));
	return page_end(r, h);
}

int page_not_found(struct req *r)
{
	return page_error(r, 404, _("Page introuvable"),
	                  _("Cette page n'existe pas, ou vous n'y avez pas accès."));
}

int page_internal_error(struct req *r)
{
	return page_error(r, 500, _("Erreur"), _("Erreur interne. Réessayez dans un instant."));
}

int page_forbidden(struct req *r)
{
	return page_error(r, 403, _("Accès refusé"), _("Votre compte n'a pas accès à cette page."));
}

void page_flash(struct req *r, const char *kind, const char *message)
{
	const char *v = arena_printf(r->arena, "%s:%s", strcmp(kind, "ok") == 0 ? "ok" : "error",
	                             message);
	req_set_cookie(r, FLASH_COOKIE, url_encode(r->arena, v), 0);
}

int page_signin_redirect(struct req *r)
{
	const char *suite = strcmp(r->method, "GET") == 0 ? r->path : "/";
	return reply_redirect(r, arena_printf(r->arena, "/connexion?suite=%s",
	                                      url_encode(r->arena, suite)));
}

bool page_local_path(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/')
		return false;
	for (const char *p = s; *p; p++)
		if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7F)
			return false;
	return true;
}

int route_id_or_reply(struct req *r, const char *name, int64_t *id)
{
	const char *v = req_param(r, name);
	if (v && str_to_int64(v, id) && *id > 0)
		return 0;
	if (app_is_api(r))
		return reply_json_error(r, 404, "not_found", _("Ressource introuvable."));
	return page_not_found(r);
}

/* ---- Forms ---- */

void form_open(struct html *h, struct req *r, const char *action, bool multipart)
{
	html_printf(h, "<form method=\"post\" action=\"%s\"%s novalidate>"
	               "<input type=\"hidden\" name=\"" CSRF_FIELD "\" value=\"%s\">",
	            action, multipart ? " enctype=multipart/form-data" : "", csrf_token(r));
}

void form_close(struct html *h, const char *submit_label)
{
	html_printf(h, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
	            submit_label);
}

void form_errors(struct html *h, const struct err *e)
{
	if (!e || !e->code)
		return;
	html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p></div>", e->msg);
}

void form_field(struct html *h, const struct field_view *f, const struct err *e)
{
	const char *type = f->type ? f->type : "text";
	const char *id = f->id ? f->id : f->name;
	bool bad = e && e->code && e->field && strcmp(e->field, f->name) == 0;
	html_printf(h, "<div class=\"field%s\"><label for=\"f-%s\">%s", bad ? " invalid" : "",
	            id, f->label);
	if (f->required)
		html_printf(h, " <span class=\"req\">(%s)</span>", _("obligatoire"));
	html_printf(h, "</label>");
	if (f->hint)
		html_printf(h, "<p class=\"hint\" id=\"f-%s-hint\">%s</p>", id, f->hint);
	if (bad)
		html_printf(h, "<p class=\"error\" id=\"f-%s-err\">%s</p>", id, e->msg);
	const char *described = NULL;
	if (f->hint && bad)
		described = arena_printf(h->sb.arena, "f-%s-hint f-%s-err", id, id);
	else if (f->hint)
		described = arena_printf(h->sb.arena, "f-%s-hint", id);
	else if (bad)
		described = arena_printf(h->sb.arena, "f-%s-err", id);
	if (strcmp(type, "textarea") == 0)
		html_printf(h, "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\"", id, f->name);
	else
		html_printf(h, "<input id=\"f-%s\" name=\"%s\" type=\"%s\"", id, f->name, type);
	if (described)
		html_printf(h, " aria-describedby=\"%s\"", described);
	if (bad)
		html_printf(h, " aria-invalid=\"true\"");
	if (f->required)
		html_printf(h, " required");
	if (f->autocomplete)
		html_printf(h, " autocomplete=\"%s\"", f->autocomplete);
	if (f->accept)
		html_printf(h, " accept=\"%s\"", f->accept);
	if (strcmp(type, "textarea") == 0)
		html_printf(h, ">%s</textarea></div>", f->value ? f->value : "");
	else if (strcmp(type, "password") == 0 || strcmp(type, "file") == 0)
		html_printf(h, "></div>");
	else
		html_printf(h, " value=\"%s\"></div>", f->value ? f->value : "");
}

void form_select(struct html *h, const char *name, const char *label, const struct option *opts,
                 int n, const char *selected, const struct err *e)
{
	bool bad = e && e->code && e->field && strcmp(e->field, name) == 0;
	html_printf(h, "<div class=\"field%s\"><label for=\"f-%s\">%s</label>", bad ? " invalid" : "",
	            name, label);
	if (bad)
		html_printf(h, "<p class=\"error\" id=\"f-%s-err\">%s</p>", name, e->msg);
	html_printf(h, "<select id=\"f-%s\" name=\"%s\"", name, name);
	if (bad)
		html_printf(h, " aria-invalid=\"true\" aria-describedby=\"f-%s-err\"", name);
	html_printf(h, ">");
	for (int i = 0; i < n; i++)
		html_printf(h, "<option value=\"%s\"%s>%s</option>", opts[i].value,
		            selected && strcmp(selected, opts[i].value) == 0 ? " selected" : "",
		            opts[i].label);
	html_printf(h, "</select></div>");
}

void form_checkbox(struct html *h, const char *name, const char *label, bool checked)
{
	html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-%s\" name=\"%s\" "
	               "value=\"1\"%s><label for=\"f-%s\">%s</label></div>",
	            name, name, checked ? " checked" : "", name, label);
}

void button_form(struct html *h, struct req *r, const char *action, const char *label,
                 const char *css_class)
{
	html_printf(h, "<form method=\"post\" action=\"%s\" class=\"inline\">"
	               "<input type=\"hidden\" name=\"" CSRF_FIELD "\" value=\"%s\">"
	               "<button type=\"submit\" class=\"%s\">%s</button></form>",
	            action, csrf_token(r), css_class ? css_class : "", label);
}

void pager(struct html *h, struct req *r, const char *base_path, const char *base_query,
           int page, bool has_next)
{
	if (page <= 1 && !has_next)
		return;
	const char *amp = base_query && *base_query ? "&" : "";
	html_printf(h, "<nav class=\"pager\" aria-label=\"%s\">", _("Pages"));
	if (page > 1)
		html_printf(h, "<a href=\"%s?%s%spage=%d\" rel=\"prev\">%s</a>", base_path,
		            base_query ? base_query : "", amp, page - 1, _("Page précédente"));
	html_printf(h, "<span>%s %d</span>", _("Page"), page);
	if (has_next)
		html_printf(h, "<a href=\"%s?%s%spage=%d\" rel=\"next\">%s</a>", base_path,
		            base_query ? base_query : "", amp, page + 1, _("Page suivante"));
	html_printf(h, "</nav>");
}
