/*
** This file implements catalogue editing for authors and admins:
** programmes, courses, which courses a programme holds, and the documents
** asked at enrolment.
*/
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "tenants/tenants.h"

#define PAGE_SIZE 50

static const char *money_value(struct req *r, int64_t cents)
{
	return arena_printf(r->arena, "%lld,%02lld", (long long)(cents / 100), (long long)(cents % 100));
}

/* GET /admin/catalogue?q=&page= */
int catalogue_page_admin(struct req *r)
{
	int page = catalogue_page_number(r);
	struct catalogue_query q = {.q = req_query(r, "q"), .all = true,
	                            .offset = (page - 1) * PAGE_SIZE, .limit = PAGE_SIZE + 1};
	struct programme *p;
	int n = catalogue_search(r, &q, &p);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Gérer le catalogue"));
	html_printf(h, "<h1>%s</h1><p><a class=\"button\" href=\"/admin/catalogue/formations/nouvelle\">"
	               "%s</a> <a href=\"/admin/catalogue/cours\">%s</a></p>",
	            _("Gérer le catalogue"), _("Nouvelle formation"), _("Gérer les cours"));
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"/admin/catalogue\" role=\"search\">"
	               "<div class=\"field\"><label for=\"f-q\">%s</label><input id=\"f-q\" name=\"q\" "
	               "type=\"search\" value=\"%s\"></div><button type=\"submit\">%s</button></form>",
	            _("Chercher une formation"), q.q ? q.q : "", _("Chercher"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune formation."));
	} else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Formations"), _("Intitulé"), _("Code"), _("Pôle"), _("Prix"), _("État"));
		for (int i = 0; i < n && i < PAGE_SIZE; i++)
			html_printf(h, "<tr><td><a href=\"/admin/catalogue/formations/%lld\">%s</a></td>"
			               "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			            (long long)p[i].id, p[i].title, p[i].code, p[i].unit_name,
			            fmt_money(r->arena, p[i].price_cents),
			            p[i].published ? _("publiée") : _("brouillon"));
		html_printf(h, "</tbody></table>");
	}
	pager(h, r, "/admin/catalogue",
	      q.q ? arena_printf(r->arena, "q=%s", url_encode(r->arena, q.q)) : "", page,
	      n > PAGE_SIZE);
	return page_end(r, h);
}

/* GET /admin/catalogue/cours?q=&page= */
int catalogue_page_admin_courses(struct req *r)
{
	int page = catalogue_page_number(r);
	struct catalogue_query q = {.q = req_query(r, "q"), .all = true,
	                            .offset = (page - 1) * PAGE_SIZE, .limit = PAGE_SIZE + 1};
	struct course *c;
	int n = catalogue_courses_search(r, &q, &c);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Gérer les cours"));
	html_printf(h, "<p><a href=\"/admin/catalogue\">%s</a></p><h1>%s</h1>"
	               "<p><a class=\"button\" href=\"/admin/catalogue/cours/nouveau\">%s</a></p>",
	            _("← Formations"), _("Gérer les cours"), _("Nouveau cours"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours."));
	} else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead><tbody>",
		            _("Cours"), _("Intitulé"), _("Code"), _("À la carte"), _("État"));
		for (int i = 0; i < n && i < PAGE_SIZE; i++)
			html_printf(h, "<tr><td><a href=\"/admin/catalogue/cours/%lld\">%s</a></td><td>%s</td>"
			               "<td>%s</td><td>%s</td></tr>",
			            (long long)c[i].id, c[i].title, c[i].code,
			            c[i].a_la_carte ? fmt_money(r->arena, c[i].price_cents) : _("non"),
			            c[i].published ? _("publié") : _("brouillon"));
		html_printf(h, "</tbody></table>");
	}
	pager(h, r, "/admin/catalogue/cours",
	      q.q ? arena_printf(r->arena, "q=%s", url_encode(r->arena, q.q)) : "", page,
	      n > PAGE_SIZE);
	return page_end(r, h);
}

/* ---- Programme form ---- */

static void unit_select(struct html *h, struct req *r, int64_t selected, const struct err *e)
{
	struct unit *u;
	int n = units_list(r, &u);
	struct option opts[40];
	int k = 0;
	opts[k++] = (struct option){"", _("Choisir un pôle")};
	for (int i = 0; i < n && k < 40; i++)
		opts[k++] = (struct option){arena_printf(r->arena, "%lld", (long long)u[i].id), u[i].name};
	form_select(h, "unit_id", _("Pôle"), opts, k,
	            selected ? arena_printf(r->arena, "%lld", (long long)selected) : "", e);
}

static void code_select(struct html *h, const char *name, const char *label,
                        const struct code_label *t, int n, const char *empty, const char *selected,
                        const struct err *e)
{
	struct option opts[32];
	int k = 0;
	if (empty)
		opts[k++] = (struct option){"", empty};
	for (int i = 0; i < n && k < 32; i++)
		opts[k++] = (struct option){t[i].code, _(t[i].label)};
	form_select(h, name, label, opts, k, selected, e);
}

static struct programme_input programme_from_form(struct req *r)
{
	int64_t unit = 0;
	if (!req_form(r, "unit_id") || !str_to_int64(req_form(r, "unit_id"), &unit))
		unit = 0;
	return (struct programme_input){
		.code = req_form(r, "code"), .title = req_form(r, "title"),
		.level = req_form(r, "level"), .public_ = req_form(r, "public"),
		.summary = req_form(r, "summary"), .description_md = req_form(r, "description_md"),
		.duration_months = req_form(r, "duration_months"),
		.duration_hours = req_form(r, "duration_hours"), .price = req_form(r, "price"),
		.unit_id = unit, .published = req_form(r, "published") != NULL,
	};
}

static void programme_fields(struct html *h, struct req *r, const struct programme_input *in,
                             const struct err *e)
{
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Intitulé"),
	                                   .value = in->title, .required = true}, e);
	form_field(h, &(struct field_view){.name = "code", .label = _("Code"), .value = in->code,
	                                   .hint = _("Court et unique, par exemple BTS-DIET."),
	                                   .required = true}, e);
	unit_select(h, r, in->unit_id, e);
	code_select(h, "level", _("Niveau"), catalogue_levels, catalogue_nlevels, NULL, in->level, e);
	code_select(h, "public", _("Public"), catalogue_publics, catalogue_npublics, NULL, in->public_, e);
	form_field(h, &(struct field_view){.name = "duration_months", .label = _("Durée en mois"),
	                                   .type = "number", .value = in->duration_months}, e);
	form_field(h, &(struct field_view){.name = "duration_hours", .label = _("Durée en heures"),
	                                   .type = "number", .value = in->duration_hours}, e);
	form_field(h, &(struct field_view){.name = "price", .label = _("Prix en euros"),
	                                   .value = in->price, .hint = _("0 pour une formation gratuite.")}, e);
	form_field(h, &(struct field_view){.name = "summary", .label = _("Résumé"),
	                                   .value = in->summary}, e);
	form_field(h, &(struct field_view){.name = "description_md", .label = _("Description"),
	                                   .type = "textarea", .value = in->description_md,
	                                   .hint = _("En Markdown : **gras**, listes avec -, titres avec ##. "
	                                             "Le HTML est ignoré.")}, e);
	form_checkbox(h, "published", _("Publiée dans le catalogue"), in->published);
}

static int render_programme_new(struct req *r, const struct programme_input *in, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, _("Nouvelle formation"));
	html_printf(h, "<p><a href=\"/admin/catalogue\">%s</a></p><h1>%s</h1>", _("← Catalogue"),
	            _("Nouvelle formation"));
	form_open(h, r, "/admin/catalogue/formations", false);
	programme_fields(h, r, in, e);
	form_close(h, _("Créer la formation"));
	return page_end(r, h);
}

/* GET /admin/catalogue/formations/nouvelle */
int catalogue_page_programme_new(struct req *r)
{
	struct programme_input in = {.level = "terminale", .public_ = "free", .published = true};
	return render_programme_new(r, &in, NULL);
}

/* POST /admin/catalogue/formations: the programme fields */
int catalogue_page_programme_create(struct req *r)
{
	struct programme_input in = programme_from_form(r);
	struct err e = {0};
	int64_t id;
	int rc = catalogue_programme_save(r, 0, &in, &id, &e);
	if (rc == ERR_INTERNAL || rc == ERR_NOT_FOUND)
		return page_internal_error(r);
	if (rc)
		return render_programme_new(r, &in, &e);
	page_flash(r, "ok", _("La formation a été créée."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id));
}

static int render_programme_edit(struct req *r, int64_t id, const struct programme_input *edited,
                                 const struct err *e)
{
	struct programme p;
	int rc = catalogue_programme_get(r, id, true, &p);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct programme_input in = edited ? *edited : (struct programme_input){
		.code = p.code, .title = p.title, .level = p.level, .public_ = p.public_,
		.summary = p.summary, .description_md = p.description_md,
		.duration_months = arena_printf(r->arena, "%lld", (long long)p.duration_months),
		.duration_hours = arena_printf(r->arena, "%lld", (long long)p.duration_hours),
		.price = money_value(r, p.price_cents), .unit_id = p.unit_id, .published = p.published,
	};
	struct html *h = page_begin(r, p.title);
	html_printf(h, "<p><a href=\"/admin/catalogue\">%s</a> · <a href=\"/formations/%lld\">%s</a></p>"
	               "<h1>%s</h1>",
	            _("← Catalogue"), (long long)id, _("Voir la page publique"), p.title);
	form_open(h, r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id), false);
	programme_fields(h, r, &in, e);
	form_close(h, _("Enregistrer"));

	/* courses of the programme: every course of the tenant, checked if in it */
	struct course *in_prog, *all;
	int nin = catalogue_programme_courses(r, id, true, &in_prog);
	struct catalogue_query q = {.all = true, .limit = 500};
	int nall = catalogue_courses_search(r, &q, &all);
	html_printf(h, "<h2>%s</h2>", _("Cours de la formation"));
	form_open(h, r, arena_printf(r->arena, "/admin/catalogue/formations/%lld/cours", (long long)id), false);
	html_printf(h, "<fieldset><legend>%s</legend>", _("Cochez les cours que contient la formation"));
	for (int i = 0; i < nall; i++) {
		bool checked = false;
		for (int j = 0; j < nin; j++)
			checked |= in_prog[j].id == all[i].id;
		html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"c-%lld\" "
		               "name=\"course_id\" value=\"%lld\"%s><label for=\"c-%lld\">%s (%s)</label></div>",
		            (long long)all[i].id, (long long)all[i].id, checked ? " checked" : "",
		            (long long)all[i].id, all[i].title, all[i].code);
	}
	html_printf(h, "</fieldset>");
	form_close(h, _("Enregistrer les cours"));

	struct requirement *req;
	int nr = catalogue_requirements(r, id, &req);
	html_printf(h, "<h2>%s</h2>", _("Pièces demandées à l'inscription"));
	if (nr <= 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune pièce demandée."));
	else
		html_printf(h, "<ul>");
	for (int i = 0; i < nr; i++) {
		html_printf(h, "<li>%s ", req[i].title);
		button_form(h, r, arena_printf(r->arena, "/admin/catalogue/formations/%lld/pieces/%lld/supprimer",
		                               (long long)id, (long long)req[i].id),
		            _("Retirer"), "secondary");
		html_printf(h, "</li>");
	}
	if (nr > 0)
		html_printf(h, "</ul>");
	form_open(h, r, arena_printf(r->arena, "/admin/catalogue/formations/%lld/pieces", (long long)id), false);
	form_field(h, &(struct field_view){.name = "req_title", .label = _("Pièce demandée"),
	                                   .hint = _("Par exemple : justificatif de scolarité réglementée.")}, NULL);
	form_field(h, &(struct field_view){.name = "req_description", .label = _("Explication pour la famille")}, NULL);
	form_close(h, _("Ajouter la pièce"));
	return page_end(r, h);
}

/* GET /admin/catalogue/formations/{id} */
int catalogue_page_programme_edit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_programme_edit(r, id, NULL, NULL);
}

/* POST /admin/catalogue/formations/{id}: the programme fields */
int catalogue_page_programme_update(struct req *r)
{
	int64_t id, out;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct programme_input in = programme_from_form(r);
	struct err e = {0};
	int rc = catalogue_programme_save(r, id, &in, &out, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_programme_edit(r, id, &in, &e);
	page_flash(r, "ok", _("La formation a été enregistrée."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id));
}

/* POST /admin/catalogue/formations/{id}/cours: course_id* */
int catalogue_page_programme_courses(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *vals[500];
	int n = req_form_all(r, "course_id", vals, 500);
	int64_t ids[500];
	for (int i = 0; i < n; i++)
		if (!str_to_int64(vals[i], &ids[i]))
			return app_refuse(r, 400, "bad_request", _("La requête est mal formée."));
	int rc = catalogue_set_courses(r, id, ids, n);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Les cours de la formation ont été enregistrés."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id));
}

/* POST /admin/catalogue/formations/{id}/pieces: req_title, req_description */
int catalogue_page_requirement_add(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = catalogue_requirement_add(r, id, req_form(r, "req_title"),
	                                   req_form(r, "req_description"), &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_programme_edit(r, id, NULL, &e);
	page_flash(r, "ok", _("La pièce a été ajoutée."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id));
}

/* POST /admin/catalogue/formations/{id}/pieces/{rid}/supprimer */
int catalogue_page_requirement_remove(struct req *r)
{
	int64_t id, rid;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "rid", &rid);
	if (st)
		return st;
	int rc = catalogue_requirement_remove(r, id, rid);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_CONFLICT)
		page_flash(r, "error", _("Des familles ont déjà envoyé cette pièce : elle ne peut plus être retirée."));
	else if (rc)
		return page_internal_error(r);
	else
		page_flash(r, "ok", _("La pièce a été retirée."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/formations/%lld", (long long)id));
}

/* ---- Course form ---- */

static struct course_input course_from_form(struct req *r)
{
	int64_t unit = 0;
	if (!req_form(r, "unit_id") || !str_to_int64(req_form(r, "unit_id"), &unit))
		unit = 0;
	return (struct course_input){
		.code = req_form(r, "code"), .title = req_form(r, "title"), .level = req_form(r, "level"),
		.summary = req_form(r, "summary"), .description_md = req_form(r, "description_md"),
		.price = req_form(r, "price"), .unit_id = unit,
		.a_la_carte = req_form(r, "a_la_carte") != NULL,
		.published = req_form(r, "published") != NULL,
	};
}

static int render_course_form(struct req *r, int64_t id, const struct course_input *in,
                              const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	const char *title = id ? in->title : _("Nouveau cours");
	struct html *h = page_begin(r, title);
	html_printf(h, "<p><a href=\"/admin/catalogue/cours\">%s</a></p><h1>%s</h1>", _("← Cours"), title);
	if (id)
		html_printf(h, "<p><a class=\"button\" href=\"/admin/cours/%lld/contenu\">%s</a></p>",
		            (long long)id, _("Contenu du cours : parties, leçons, devoirs"));
	form_open(h, r, id ? arena_printf(r->arena, "/admin/catalogue/cours/%lld", (long long)id)
	                   : "/admin/catalogue/cours", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Intitulé"), .value = in->title,
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "code", .label = _("Code"), .value = in->code,
	                                   .required = true}, e);
	unit_select(h, r, in->unit_id, e);
	code_select(h, "level", _("Niveau"), catalogue_levels, catalogue_nlevels, _("Tous niveaux"),
	            in->level, e);
	form_field(h, &(struct field_view){.name = "summary", .label = _("Résumé"), .value = in->summary}, e);
	form_field(h, &(struct field_view){.name = "description_md", .label = _("Description"),
	                                   .type = "textarea", .value = in->description_md,
	                                   .hint = _("En Markdown ; le HTML est ignoré.")}, e);
	form_checkbox(h, "a_la_carte", _("Proposé à la carte aux établissements"), in->a_la_carte);
	form_field(h, &(struct field_view){.name = "price", .label = _("Prix à la carte en euros"),
	                                   .value = in->price}, e);
	form_checkbox(h, "published", _("Publié"), in->published);
	form_close(h, id ? _("Enregistrer") : _("Créer le cours"));
	return page_end(r, h);
}

/* GET /admin/catalogue/cours/nouveau */
int catalogue_page_course_new(struct req *r)
{
	struct course_input in = {.published = true};
	return render_course_form(r, 0, &in, NULL);
}

static int save_course(struct req *r, int64_t id)
{
	struct course_input in = course_from_form(r);
	struct err e = {0};
	int64_t out;
	int rc = catalogue_course_save(r, id, &in, &out, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_course_form(r, id, &in, &e);
	page_flash(r, "ok", _("Le cours a été enregistré."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/catalogue/cours/%lld", (long long)out));
}

/* POST /admin/catalogue/cours: the course fields */
int catalogue_page_course_create(struct req *r)
{
	return save_course(r, 0);
}

/* GET /admin/catalogue/cours/{id} */
int catalogue_page_course_edit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct course c;
	int rc = catalogue_course_get(r, id, true, &c);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct course_input in = {
		.code = c.code, .title = c.title, .level = c.level, .summary = c.summary,
		.description_md = c.description_md, .price = money_value(r, c.price_cents),
		.unit_id = c.unit_id, .a_la_carte = c.a_la_carte, .published = c.published,
	};
	return render_course_form(r, id, &in, NULL);
}

/* POST /admin/catalogue/cours/{id}: the course fields */
int catalogue_page_course_update(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : save_course(r, id);
}
