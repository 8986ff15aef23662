/*
** This file implements the pages that belong to no feature: the home page,
** the language switch and the static files compiled into the program.
*/
#include "app/home.h"

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "dashboard/dashboard.h"
#include "kernel/embedded.h"
#include "kernel/i18n.h"
#include "people/people.h"
#include "tenants/tenants.h"

/* ---- Static files ---- */

static char static_version[17];

const char *app_static_version(void)
{
	if (!static_version[0]) {
		uint64_t h = 1469598103934665603ull;
		for (const struct embedded_file *f = embedded_files; f->path; f++)
			if (strncmp(f->path, "static/", 7) == 0)
				for (size_t i = 0; i < f->size; i++)
					h = (h ^ f->data[i]) * 1099511628211ull;
		snprintf(static_version, sizeof static_version, "%016llx", (unsigned long long)h);
	}
	return static_version;
}

static const char *mime_for(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".json", "application/json"},
		{".txt", "text/plain; charset=utf-8"},
		{".woff2", "font/woff2"},
	};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (str_ends(path, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static int serve_embedded(struct req *r, const char *path)
{
	const struct embedded_file *f = embedded_find(path);
	if (!f)
		return app_refuse(r, 404, "not_found", _("Fichier introuvable."));
	const char *etag = arena_printf(r->arena, "\"%s\"", app_static_version());
	const char *inm = req_header(r, "If-None-Match");
	const char *v = req_query(r, "v");
	req_add_header(r, "ETag", etag);
	req_add_header(r, "Cache-Control", v && strcmp(v, app_static_version()) == 0
	                                           ? "public, max-age=31536000, immutable"
	                                           : "public, max-age=300");
	if (inm && strcmp(inm, etag) == 0) {
		r->status = 304;
		return 304;
	}
	/* the embedded bytes live as long as the program: no copy */
	r->out.buf = (char *)f->data;
	r->out.len = f->size;
	r->out.cap = f->size + 1;
	r->content_type = mime_for(path);
	r->status = 200;
	return 200;
}

/* GET /static/{path*} */
static int page_static(struct req *r)
{
	return serve_embedded(r, arena_printf(r->arena, "static/%s", req_param(r, "path")));
}

/* GET /favicon.ico: browsers ask for it whatever the page says */
static int page_favicon(struct req *r)
{
	return serve_embedded(r, "static/favicon.svg");
}

/* GET /robots.txt */
static int page_robots(struct req *r)
{
	return serve_embedded(r, "static/robots.txt");
}

/* ---- Language ---- */

/* GET /langue?l=fr|en&suite=/path: remembers the choice and goes back */
static int page_language(struct req *r)
{
	const char *l = req_query(r, "l");
	const char *suite = req_query(r, "suite");
	bool en = l && strcmp(l, "en") == 0;
	req_set_cookie(r, "lang", en ? "en" : "fr", 365L * 24 * 3600);
	if (r->user.id)
		people_set_lang(r, r->user.id, en ? "en" : "fr");
	if (!page_local_path(suite))
		suite = "/"; /* only local paths: no open redirect */
	return reply_redirect(r, suite);
}

/* ---- Home ---- */

static void home_anonymous(struct html *h, struct req *r)
{
	html_printf(h, "<section class=\"hero\"><h1>%s</h1><p>%s</p>",
	            _("Apprendre à distance, à votre rythme"),
	            _("Des formations de l'école maternelle à l'enseignement supérieur, pour les "
	              "élèves, les étudiants et les adultes en reconversion."));
	html_printf(h, "<form class=\"search\" method=\"get\" action=\"/catalogue\" role=\"search\">"
	               "<label for=\"q\">%s</label><input id=\"q\" name=\"q\" type=\"search\">"
	               "<button type=\"submit\">%s</button></form></section>",
	            _("Chercher une formation"), _("Rechercher"));
	struct unit *units;
	int n = units_list(r, &units);
	if (n > 0) {
		html_printf(h, "<h2>%s</h2><ul class=\"cards\">", _("Nos pôles de formation"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<li><a href=\"/catalogue?unite=%s\">%s</a></li>", units[i].code,
			            units[i].name);
		html_printf(h, "</ul>");
	}
	html_printf(h, "<p><a class=\"button\" href=\"/connexion\">%s</a></p>",
	            _("Se connecter à son espace"));
	html_printf(h, "<h2>%s</h2><ul class=\"cards\"><li><a href=\"/entrainement\">%s</a><p>%s</p></li>"
	               "<li><a href=\"/examen\">%s</a><p>%s</p></li><li><a href=\"/verify\">%s</a><p>%s</p></li></ul>",
	            _("Attestations de sécurité routière"), _("S'entraîner"),
	            _("Des séries de questions, sans compte."), _("Passer l'épreuve"),
	            _("Avec le code de la session et votre code personnel."), _("Vérifier une attestation"),
	            _("Avec le code QR ou le code de vérification."));
}

static const struct {
	unsigned roles;
	const char *href, *label, *text;
} shortcuts[] = {
	{ROLE_LEARNER, "/mes-inscriptions", N_("Mes inscriptions"),
	 N_("Vos formations, leur état et les pièces à fournir.")},
	{ROLE_GUARDIAN, "/mes-enfants", N_("Mes enfants"),
	 N_("Les inscriptions de vos enfants et leurs démarches.")},
	{ROLE_SCHOOL, "/etablissement", N_("Mon établissement"),
	 N_("Inscrire vos élèves à des cours à la carte, importer une liste.")},
	{ROLE_SCHOOL, "/examens", N_("Attestations de sécurité routière"),
	 N_("Candidats, sessions, résultats et attestations de vos élèves.")},
	{ROLE_AUTHOR | ROLE_TEACHER | ROLE_ADMIN, "/banque", N_("Banque de questions"),
	 N_("Questions des quiz et des examens, import et export GIFT (Moodle).")},
	{ROLE_AUTHOR | ROLE_ADVISOR | ROLE_ADMIN, "/examens/gestion", N_("Examens de certification"),
	 N_("Examens, statistiques par académie.")},
	{ROLE_ADVISOR | ROLE_ADMIN, "/admin/inscriptions", N_("Inscriptions à traiter"),
	 N_("Pièces justificatives à valider, inscriptions à activer.")},
	{ROLE_AUTHOR | ROLE_ADMIN, "/admin/catalogue", N_("Gérer le catalogue"),
	 N_("Formations, cours et pièces demandées.")},
	{ROLE_ADMIN, "/admin/personnes", N_("Personnes"),
	 N_("Créer des comptes, attribuer des rôles, désactiver.")},
	{ROLE_TEACHER | ROLE_SUPPORT | ROLE_FINANCE, "/catalogue", N_("Catalogue"),
	 N_("Les formations proposées.")},
	{~0u, "/compte", N_("Mon compte"), N_("Mot de passe, langue, jetons d'accès pour l'API.")},
};

static void home_signed_in(struct html *h, struct req *r)
{
	dashboard_render(h, r);
	html_printf(h, "<h2>%s</h2><ul class=\"cards\">", _("Raccourcis"));
	for (size_t i = 0; i < sizeof shortcuts / sizeof shortcuts[0]; i++)
		if (r->user.roles & shortcuts[i].roles)
			html_printf(h, "<li><a href=\"%s\">%s</a><p>%s</p></li>", shortcuts[i].href,
			            _(shortcuts[i].label), _(shortcuts[i].text));
	html_printf(h, "</ul>");
}

/* GET / */
static int page_home(struct req *r)
{
	struct html *h = page_begin(r, r->user.id ? _("Tableau de bord") : _("Accueil"));
	if (r->user.id)
		home_signed_in(h, r);
	else
		home_anonymous(h, r);
	return page_end(r, h);
}

const struct route home_routes[] = {
	{"GET", "/", page_home, PERM_PUBLIC, 0},
	{"GET", "/langue", page_language, PERM_PUBLIC, 0},
	{"GET", "/static/{path*}", page_static, PERM_PUBLIC, ROUTE_STATIC},
	{"GET", "/favicon.ico", page_favicon, PERM_PUBLIC, ROUTE_STATIC},
	{"GET", "/robots.txt", page_robots, PERM_PUBLIC, ROUTE_STATIC},
	{NULL, NULL, NULL, 0, 0},
};
