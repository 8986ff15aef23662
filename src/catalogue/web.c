/*
** This file implements the public catalogue pages: search with filters,
** a programme's page, courses sold à la carte and a course's page.
*/
#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "tenants/tenants.h"

#define PAGE_SIZE 20

int catalogue_page_number(struct req *r)
{
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!str_to_int64(p, &page) || page < 1 || page > 10000))
		page = 1;
	return (int)page;
}

char *catalogue_duration(struct arena *a, int64_t months, int64_t hours)
{
	if (months && hours)
		return arena_printf(a, _("%lld mois, %lld heures"), (long long)months, (long long)hours);
	if (months)
		return arena_printf(a, _("%lld mois"), (long long)months);
	if (hours)
		return arena_printf(a, _("%lld heures"), (long long)hours);
	return arena_strdup(a, "—");
}

/* The filter form shared by the programme and course lists. */
static void filters(struct html *h, struct req *r, const char *action, bool with_public)
{
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"%s\" role=\"search\">"
	               "<div class=\"field\"><label for=\"f-q\">%s</label>"
	               "<input id=\"f-q\" name=\"q\" type=\"search\" value=\"%s\"></div>",
	            action, _("Mots-clés"), req_query(r, "q") ? req_query(r, "q") : "");
	struct unit *units;
	int nu = units_list(r, &units);
	struct option opts[40];
	int k = 0;
	opts[k++] = (struct option){"", _("Tous les pôles")};
	for (int i = 0; i < nu && k < 40; i++)
		opts[k++] = (struct option){units[i].code, units[i].name};
	form_select(h, "unite", _("Pôle"), opts, k, req_query(r, "unite"), NULL);
	k = 0;
	opts[k++] = (struct option){"", _("Tous les niveaux")};
	for (int i = 0; i < catalogue_nlevels; i++)
		opts[k++] = (struct option){catalogue_levels[i].code, _(catalogue_levels[i].label)};
	form_select(h, "niveau", _("Niveau"), opts, k, req_query(r, "niveau"), NULL);
	if (with_public) {
		k = 0;
		opts[k++] = (struct option){"", _("Tous les publics")};
		for (int i = 0; i < catalogue_npublics; i++)
			opts[k++] = (struct option){catalogue_publics[i].code, _(catalogue_publics[i].label)};
		form_select(h, "public", _("Public"), opts, k, req_query(r, "public"), NULL);
	}
	html_printf(h, "<button type=\"submit\">%s</button></form>", _("Rechercher"));
}

static const char *filter_query(struct req *r)
{
	const char *keys[] = {"q", "unite", "niveau", "public"};
	struct sb sb;
	sb_init(&sb, r->arena, 128);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		const char *v = req_query(r, keys[i]);
		if (v && *v)
			sb_printf(&sb, "%s%s=%s", sb.len ? "&" : "", keys[i], url_encode(r->arena, v));
	}
	return sb.buf;
}

/* GET /catalogue?q=&unite=&niveau=&public=&page= */
int catalogue_page_search(struct req *r)
{
	int page = catalogue_page_number(r);
	struct catalogue_query q = {
		.q = req_query(r, "q"), .unit = req_query(r, "unite"), .level = req_query(r, "niveau"),
		.public_ = req_query(r, "public"), .offset = (page - 1) * PAGE_SIZE, .limit = PAGE_SIZE + 1,
	};
	struct programme *p;
	int n = catalogue_search(r, &q, &p);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Catalogue des formations"));
	html_printf(h, "<h1>%s</h1>", _("Catalogue des formations"));
	filters(h, r, "/catalogue", true);
	html_printf(h, "<p><a href=\"/catalogue/cours\">%s</a></p>",
	            _("Voir les cours à la carte pour les établissements"));
	int shown = n > PAGE_SIZE ? PAGE_SIZE : n;
	html_printf(h, "<h2 id=\"resultats\" aria-live=\"polite\">");
	if (shown == 0)
		html_printf(h, "%s</h2><p class=\"empty\">%s</p>", _("Aucune formation trouvée"),
		            _("Essayez avec moins de mots ou sans filtre."));
	else
		html_printf(h, "%s</h2><ul class=\"results\">",
		            n > PAGE_SIZE || page > 1 ? _("Formations trouvées")
		            : arena_printf(r->arena, shown == 1 ? _("%d formation trouvée")
		                                                : _("%d formations trouvées"), shown));
	for (int i = 0; i < shown; i++) {
		html_printf(h, "<li><h3><a href=\"/formations/%lld\">%s</a></h3><p class=\"meta\">"
		               "%s · %s · %s · %s · %s</p>",
		            (long long)p[i].id, p[i].title, p[i].unit_name,
		            catalogue_level_label(p[i].level), catalogue_public_label(p[i].public_),
		            catalogue_duration(r->arena, p[i].duration_months, p[i].duration_hours),
		            fmt_money(r->arena, p[i].price_cents));
		if (p[i].summary[0])
			html_printf(h, "<p>%s</p>", p[i].summary);
		html_printf(h, "</li>");
	}
	if (shown)
		html_printf(h, "</ul>");
	pager(h, r, "/catalogue", filter_query(r), page, n > PAGE_SIZE);
	return page_end(r, h);
}

/* GET /formations/{id} */
int catalogue_page_programme(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	bool staff = (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0;
	struct programme p;
	int rc = catalogue_programme_get(r, id, staff, &p);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct course *c;
	struct requirement *q;
	int nc = catalogue_programme_courses(r, id, staff, &c);
	int nq = catalogue_requirements(r, id, &q);
	struct html *h = page_begin(r, p.title);
	html_printf(h, "<p><a href=\"/catalogue\">%s</a></p><h1>%s</h1>", _("← Catalogue"), p.title);
	if (!p.published)
		html_printf(h, "<p class=\"tag\">%s</p>", _("Non publiée"));
	if (p.summary[0])
		html_printf(h, "<p class=\"lead\">%s</p>", p.summary);
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd></dl>",
	            _("Pôle"), p.unit_name, _("Niveau"), catalogue_level_label(p.level),
	            _("Public"), catalogue_public_label(p.public_), _("Durée"),
	            catalogue_duration(r->arena, p.duration_months, p.duration_hours),
	            _("Prix"), fmt_money(r->arena, p.price_cents), _("Code"), p.code);
	if (p.published)
		html_printf(h, "<p><a class=\"button\" href=\"/formations/%lld/inscription\">%s</a></p>",
		            (long long)id, _("S'inscrire à cette formation"));
	html_printf(h, "<section class=\"prose\">");
	html_raw_trusted(h, markdown_to_html(r->arena, p.description_md));
	html_printf(h, "</section>");
	if (nc > 0) {
		html_printf(h, "<h2>%s</h2><ul>", _("Cours de la formation"));
		for (int i = 0; i < nc; i++)
			html_printf(h, "<li><a href=\"/cours/%lld\">%s</a></li>", (long long)c[i].id,
			            c[i].title);
		html_printf(h, "</ul>");
	}
	if (nq > 0) {
		html_printf(h, "<h2>%s</h2><ul>", _("Pièces à fournir à l'inscription"));
		for (int i = 0; i < nq; i++)
			html_printf(h, "<li><strong>%s</strong>%s%s</li>", q[i].title,
			            q[i].description[0] ? " : " : "", q[i].description);
		html_printf(h, "</ul>");
	}
	return page_end(r, h);
}

/* GET /catalogue/cours?q=&unite=&niveau=&page= */
int catalogue_page_courses(struct req *r)
{
	int page = catalogue_page_number(r);
	struct catalogue_query q = {
		.q = req_query(r, "q"), .unit = req_query(r, "unite"), .level = req_query(r, "niveau"),
		.offset = (page - 1) * PAGE_SIZE, .limit = PAGE_SIZE + 1,
	};
	struct course *c;
	int n = catalogue_courses_search(r, &q, &c);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Cours à la carte"));
	html_printf(h, "<p><a href=\"/catalogue\">%s</a></p><h1>%s</h1><p>%s</p>",
	            _("← Catalogue des formations"), _("Cours à la carte"),
	            _("Les établissements partenaires inscrivent leurs élèves à ces cours, un par un "
	              "ou par liste."));
	filters(h, r, "/catalogue/cours", false);
	int shown = n > PAGE_SIZE ? PAGE_SIZE : n;
	if (shown == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours trouvé."));
	else
		html_printf(h, "<ul class=\"results\">");
	for (int i = 0; i < shown; i++)
		html_printf(h, "<li><h2><a href=\"/cours/%lld\">%s</a></h2><p class=\"meta\">%s · %s</p>"
		               "<p>%s</p></li>",
		            (long long)c[i].id, c[i].title,
		            c[i].level[0] ? catalogue_level_label(c[i].level) : _("Tous niveaux"),
		            fmt_money(r->arena, c[i].price_cents), c[i].summary);
	if (shown)
		html_printf(h, "</ul>");
	pager(h, r, "/catalogue/cours", filter_query(r), page, n > PAGE_SIZE);
	return page_end(r, h);
}

/* GET /cours/{id} */
int catalogue_page_course(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	bool staff = (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0;
	struct course c;
	int rc = catalogue_course_get(r, id, staff, &c);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct html *h = page_begin(r, c.title);
	html_printf(h, "<h1>%s</h1>", c.title);
	if (c.summary[0])
		html_printf(h, "<p class=\"lead\">%s</p>", c.summary);
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	            _("Code"), c.code, _("Niveau"),
	            c.level[0] ? catalogue_level_label(c.level) : _("Tous niveaux"));
	if (c.a_la_carte)
		html_printf(h, "<p>%s %s. <a class=\"button\" href=\"/cours/%lld/inscription\">%s</a></p>",
		            _("Cours proposé à la carte :"), fmt_money(r->arena, c.price_cents),
		            (long long)id, _("S'inscrire à ce cours"));
	html_printf(h, "<section class=\"prose\">");
	html_raw_trusted(h, markdown_to_html(r->arena, c.description_md));
	html_printf(h, "</section>");
	return page_end(r, h);
}
