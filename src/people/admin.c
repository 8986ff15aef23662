/*
** This file implements the administration of people: find, create,
** (de)activate accounts, grant roles and link guardians to learners, all
** within the administrator's tenant.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "people/people.h"
#include "people/web.h"
#include "tenants/tenants.h"

#define PAGE_SIZE 25

static void role_checkboxes(struct html *h, unsigned checked)
{
	html_printf(h, "<fieldset><legend>%s</legend>", _("Rôles"));
	for (unsigned bit = 1; bit < (1u << ROLE__COUNT); bit <<= 1)
		html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"role-%s\" "
		               "name=\"role\" value=\"%s\"%s><label for=\"role-%s\">%s</label></div>",
		            role_code(bit), role_code(bit), checked & bit ? " checked" : "",
		            role_code(bit), role_label(bit));
	html_printf(h, "</fieldset>");
}

static unsigned roles_from_form(struct req *r)
{
	const char *vals[ROLE__COUNT * 2];
	int n = req_form_all(r, "role", vals, ROLE__COUNT * 2);
	unsigned bits = 0;
	for (int i = 0; i < n; i++)
		bits |= role_from_code(vals[i]);
	return bits;
}

static void roles_text(struct html *h, unsigned roles)
{
	bool first = true;
	for (unsigned bit = 1; bit < (1u << ROLE__COUNT); bit <<= 1)
		if (roles & bit) {
			html_printf(h, "%s%s", first ? "" : ", ", role_label(bit));
			first = false;
		}
	if (first)
		html_printf(h, "—");
}

/* GET /admin/personnes?q=&role=&page= */
int people_page_admin_list(struct req *r)
{
	const char *q = req_query(r, "q");
	const char *role_code_q = req_query(r, "role");
	unsigned role = role_from_code(role_code_q);
	int64_t page = 1;
	if (req_query(r, "page") && (!str_to_int64(req_query(r, "page"), &page) || page < 1 ||
	                             page > 100000))
		page = 1;
	struct person *p;
	int n = people_search(r, q, role, (int)(page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &p);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Personnes"));
	html_printf(h, "<h1>%s</h1><p><a class=\"button\" href=\"/admin/personnes/nouvelle\">%s</a></p>",
	            _("Personnes"), _("Créer un compte"));
	html_printf(h, "<form class=\"filters\" method=\"get\" action=\"/admin/personnes\" role=\"search\">"
	               "<div class=\"field\"><label for=\"q\">%s</label>"
	               "<input id=\"q\" name=\"q\" type=\"search\" value=\"%s\"></div>",
	            _("Nom, identifiant ou e-mail"), q ? q : "");
	struct option opts[ROLE__COUNT + 1];
	opts[0] = (struct option){"", _("Tous les rôles")};
	int k = 1;
	for (unsigned bit = 1; bit < (1u << ROLE__COUNT); bit <<= 1)
		opts[k++] = (struct option){role_code(bit), role_label(bit)};
	form_select(h, "role", _("Rôle"), opts, k, role_code_q, NULL);
	html_printf(h, "<button type=\"submit\">%s</button></form>", _("Chercher"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune personne ne correspond."));
	} else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead><tbody>",
		            _("Comptes"), _("Nom"), _("Identifiant"), _("Rôles"), _("État"));
		for (int i = 0; i < n && i < PAGE_SIZE; i++) {
			html_printf(h, "<tr><td><a href=\"/admin/personnes/%lld\">%s %s</a></td><td>%s</td><td>",
			            (long long)p[i].id, p[i].family_name, p[i].given_name, p[i].login);
			roles_text(h, p[i].roles);
			html_printf(h, "</td><td>%s</td></tr>", p[i].active ? _("actif") : _("désactivé"));
		}
		html_printf(h, "</tbody></table>");
	}
	const char *base = arena_printf(r->arena, "q=%s&role=%s", url_encode(r->arena, q ? q : ""),
	                                url_encode(r->arena, role_code_q ? role_code_q : ""));
	pager(h, r, "/admin/personnes", base, (int)page, n > PAGE_SIZE);
	return page_end(r, h);
}

static int render_new(struct req *r, const struct person_input *in, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, _("Créer un compte"));
	html_printf(h, "<h1>%s</h1>", _("Créer un compte"));
	form_open(h, r, "/admin/personnes", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "given_name", .label = _("Prénom"),
	                                   .value = in ? in->given_name : NULL, .required = true}, e);
	form_field(h, &(struct field_view){.name = "family_name", .label = _("Nom"),
	                                   .value = in ? in->family_name : NULL, .required = true}, e);
	form_field(h, &(struct field_view){.name = "login", .label = _("Identifiant"),
	                                   .value = in ? in->login : NULL,
	                                   .hint = _("Laissez vide pour « prénom.nom ».")}, e);
	form_field(h, &(struct field_view){.name = "email", .label = _("Adresse e-mail"),
	                                   .type = "email", .value = in ? in->email : NULL,
	                                   .hint = _("Facultative : les élèves n'en ont pas toujours.")}, e);
	form_field(h, &(struct field_view){.name = "birth_date", .label = _("Date de naissance"),
	                                   .value = in ? in->birth_date : NULL,
	                                   .hint = _("JJ/MM/AAAA, facultative.")}, e);
	form_field(h, &(struct field_view){.name = "password", .label = _("Mot de passe initial"),
	                                   .type = "password", .autocomplete = "new-password",
	                                   .hint = _("Facultatif : sans mot de passe, la personne en "
	                                             "choisit un avec « mot de passe oublié ».")}, e);
	role_checkboxes(h, in ? in->roles : ROLE_LEARNER);
	form_close(h, _("Créer le compte"));
	return page_end(r, h);
}

/* GET /admin/personnes/nouvelle */
int people_page_admin_new(struct req *r)
{
	return render_new(r, NULL, NULL);
}

/* POST /admin/personnes: given_name, family_name, login, email, birth_date, password, role* */
int people_page_admin_create(struct req *r)
{
	struct person_input in = {
		.given_name = req_form(r, "given_name"),
		.family_name = req_form(r, "family_name"),
		.login = req_form(r, "login"),
		.email = req_form(r, "email"),
		.birth_date = req_form(r, "birth_date"),
		.password = req_form(r, "password"),
		.roles = roles_from_form(r),
	};
	struct err e = {0};
	int64_t id;
	int rc = people_create_in(r, r->tenant.id, &in, &id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_new(r, &in, &e);
	page_flash(r, "ok", _("Le compte a été créé."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/personnes/%lld", (long long)id));
}

static void list_people(struct html *h, struct req *r, const struct person *p, int n,
                        int64_t subject, bool subject_is_learner)
{
	html_printf(h, "<ul>");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<li><a href=\"/admin/personnes/%lld\">%s %s</a> (%s) ",
		            (long long)p[i].id, p[i].given_name, p[i].family_name, p[i].login);
		int64_t g = subject_is_learner ? p[i].id : subject;
		int64_t l = subject_is_learner ? subject : p[i].id;
		button_form(h, r, arena_printf(r->arena, "/admin/personnes/%lld/responsables/%lld/retirer",
		                               (long long)l, (long long)g),
		            _("Retirer le lien"), "secondary");
		html_printf(h, "</li>");
	}
	html_printf(h, "</ul>");
}

static int render_person(struct req *r, int64_t id, const struct err *e)
{
	struct person p;
	int rc = people_get(r, id, &p);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = 400;
	const char *name = arena_printf(r->arena, "%s %s", p.given_name, p.family_name);
	struct html *h = page_begin(r, name);
	html_printf(h, "<p><a href=\"/admin/personnes\">%s</a></p><h1>%s</h1>",
	            _("← Toutes les personnes"), name);
	form_errors(h, e);
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
	            _("Identifiant"), p.login, _("Adresse e-mail"), p.email ? p.email : _("aucune"));
	if (p.birth_date)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Date de naissance"), p.birth_date);
	if (p.school_id) {
		struct school s;
		if (schools_get(r, p.school_id, &s) == 0)
			html_printf(h, "<dt>%s</dt><dd>%s %s</dd>", _("Établissement"), s.name,
			            p.school_class);
	}
	html_printf(h, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>", _("Créé le"),
	            fmt_date(r->arena, p.created_at), _("État"),
	            p.active ? _("actif") : _("désactivé"));

	html_printf(h, "<h2>%s</h2>", _("Rôles"));
	form_open(h, r, arena_printf(r->arena, "/admin/personnes/%lld/roles", (long long)id), false);
	role_checkboxes(h, p.roles);
	form_close(h, _("Enregistrer les rôles"));

	struct person *linked;
	if (p.roles & ROLE_LEARNER) {
		int n = people_guardians(r, id, &linked);
		html_printf(h, "<h2>%s</h2>", _("Responsables légaux"));
		if (n > 0)
			list_people(h, r, linked, n, id, true);
		else
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun responsable légal enregistré."));
		form_open(h, r, arena_printf(r->arena, "/admin/personnes/%lld/responsables", (long long)id),
		          false);
		form_field(h, &(struct field_view){.name = "guardian", .label = _("Identifiant du responsable légal"),
		                                   .required = true}, e);
		form_close(h, _("Ajouter ce responsable"));
	}
	if (p.roles & ROLE_GUARDIAN) {
		int n = people_children(r, id, &linked);
		html_printf(h, "<h2>%s</h2>", _("Enfants suivis"));
		if (n > 0)
			list_people(h, r, linked, n, id, false);
		else
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun enfant rattaché."));
	}

	html_printf(h, "<h2>%s</h2>", _("Accès"));
	const char *action = arena_printf(r->arena, "/admin/personnes/%lld/%s", (long long)id,
	                                  p.active ? "desactiver" : "activer");
	button_form(h, r, action, p.active ? _("Désactiver le compte") : _("Réactiver le compte"),
	            p.active ? "danger" : "");
	return page_end(r, h);
}

/* GET /admin/personnes/{id} */
int people_page_admin_show(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_person(r, id, NULL);
}

static int after_change(struct req *r, int64_t id, int rc, const struct err *e, const char *ok)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_person(r, id, e);
	page_flash(r, "ok", ok);
	return reply_redirect(r, arena_printf(r->arena, "/admin/personnes/%lld", (long long)id));
}

/* POST /admin/personnes/{id}/roles: role* */
int people_page_admin_roles(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = people_set_roles(r, id, roles_from_form(r), &e);
	return after_change(r, id, rc, &e, _("Les rôles ont été enregistrés."));
}

static int set_active(struct req *r, bool active)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = people_set_active(r, id, active, &e);
	return after_change(r, id, rc, &e,
	                    active ? _("Le compte a été réactivé.")
	                           : _("Le compte a été désactivé ; ses sessions et jetons sont fermés."));
}

/* POST /admin/personnes/{id}/desactiver */
int people_page_admin_deactivate(struct req *r)
{
	return set_active(r, false);
}

/* POST /admin/personnes/{id}/activer */
int people_page_admin_activate(struct req *r)
{
	return set_active(r, true);
}

/* POST /admin/personnes/{id}/responsables: guardian (a login) */
int people_page_admin_link(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct person g;
	int rc = people_find_login(r, req_form(r, "guardian") ? req_form(r, "guardian") : "", &g);
	if (rc == ERR_NOT_FOUND)
		rc = err_set(&e, ERR_INVALID, "guardian", "%s",
		             _("Aucun compte de votre organisation n'a cet identifiant."));
	else if (rc == 0)
		rc = people_link_guardian(r, g.id, id, &e);
	if (rc == ERR_NOT_FOUND)
		rc = err_set(&e, ERR_INVALID, "guardian", "%s", _("Compte introuvable."));
	return after_change(r, id, rc, &e, _("Le responsable légal a été rattaché."));
}

/* POST /admin/personnes/{id}/responsables/{guardian}/retirer */
int people_page_admin_unlink(struct req *r)
{
	int64_t id, gid;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "guardian", &gid);
	if (st)
		return st;
	int rc = people_unlink_guardian(r, gid, id);
	return after_change(r, id, rc, NULL, _("Le lien a été retiré."));
}
