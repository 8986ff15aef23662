/*
** This file implements the administration pages that belong to no other
** feature: the overview, organisations (tenants, for the operator's
** admins), partner schools, and the mail outbox.
*/
#include <string.h>

#include "admin/admin.h"
#include "admin/web.h"
#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/mail.h"
#include "people/people.h"
#include "tenants/tenants.h"

/* GET /admin */
int admin_page_home(struct req *r)
{
	struct html *h = page_begin(r, _("Administration"));
	html_printf(h, "<h1>%s</h1><p>%s</p><ul class=\"cards\">", _("Administration"), r->tenant.name);
	html_printf(h, "<li><a href=\"/admin/personnes\">%s</a><p>%s</p></li>", _("Personnes"),
	            _("Comptes, rôles, responsables légaux, désactivation."));
	html_printf(h, "<li><a href=\"/admin/inscriptions\">%s</a><p>%s</p></li>", _("Inscriptions"),
	            _("File des pièces à examiner, états, export."));
	html_printf(h, "<li><a href=\"/admin/catalogue\">%s</a><p>%s</p></li>", _("Catalogue"),
	            _("Formations, cours, pièces demandées."));
	html_printf(h, "<li><a href=\"/admin/etablissements\">%s</a><p>%s</p></li>",
	            _("Établissements partenaires"), _("Écoles et lycées qui inscrivent leurs élèves."));
	html_printf(h, "<li><a href=\"/admin/courrier\">%s</a><p>%s</p></li>", _("Courrier envoyé"),
	            _("Les messages de la plateforme et leur acheminement."));
	if (r->tenant.is_operator)
		html_printf(h, "<li><a href=\"/admin/organisations\">%s</a><p>%s</p></li>",
		            _("Organisations"), _("Universités et réseaux hébergés sur la plateforme."));
	html_printf(h, "</ul>");
	return page_end(r, h);
}

/* ---- Organisations ---- */

static int render_tenants(struct req *r, const struct err *e)
{
	struct tenant *t;
	int n = tenants_list(r, &t);
	if (n == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (n < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, _("Organisations"));
	html_printf(h, "<h1>%s</h1><table><caption class=\"visually-hidden\">%s</caption><thead><tr>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Organisations"), _("Organisations"), _("Nom"), _("Identifiant court"),
	            _("Adresse"), _("Comptes"));
	for (int i = 0; i < n; i++)
		html_printf(h, "<tr><td>%s%s</td><td>%s</td><td>%s</td><td>%lld</td></tr>", t[i].name,
		            t[i].is_operator ? _(" (opérateur)") : "", t[i].slug,
		            t[i].hostname[0] ? t[i].hostname : "—", (long long)t[i].people);
	html_printf(h, "</tbody></table><h2>%s</h2>", _("Nouvelle organisation"));
	form_open(h, r, "/admin/organisations", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "name", .label = _("Nom"), .value = req_form(r, "name"),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "slug", .label = _("Identifiant court"),
	                                   .value = req_form(r, "slug"),
	                                   .hint = _("Lettres minuscules, chiffres et tirets, ex. univ-poitiers."),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "hostname", .label = _("Nom d'hôte (facultatif)"),
	                                   .value = req_form(r, "hostname"),
	                                   .hint = _("Adresse propre à l'organisation, ex. univ.cartable.fr.")}, e);
	html_printf(h, "<fieldset><legend>%s</legend>", _("Premier administrateur"));
	form_field(h, &(struct field_view){.name = "given_name", .label = _("Prénom"),
	                                   .value = req_form(r, "given_name"), .required = true}, e);
	form_field(h, &(struct field_view){.name = "family_name", .label = _("Nom"),
	                                   .value = req_form(r, "family_name"), .required = true}, e);
	form_field(h, &(struct field_view){.name = "login", .label = _("Identifiant"),
	                                   .value = req_form(r, "login"), .required = true}, e);
	form_field(h, &(struct field_view){.name = "email", .label = _("Adresse e-mail"), .type = "email",
	                                   .value = req_form(r, "email"),
	                                   .hint = _("Pour qu'il choisisse son mot de passe avec « mot de passe oublié ».")}, e);
	html_printf(h, "</fieldset>");
	form_close(h, _("Créer l'organisation"));
	return page_end(r, h);
}

/* GET /admin/organisations */
int admin_page_tenants(struct req *r)
{
	return render_tenants(r, NULL);
}

/* POST /admin/organisations: name, slug, hostname, given_name, family_name, login, email */
int admin_page_tenant_create(struct req *r)
{
	struct err e = {0};
	struct person_input admin = {
		.given_name = req_form(r, "given_name"), .family_name = req_form(r, "family_name"),
		.login = req_form(r, "login"), .email = req_form(r, "email"), .roles = ROLE_ADMIN,
	};
	int64_t tenant_id;
	int rc = admin_tenant_create(r, req_form(r, "slug"), req_form(r, "name"),
	                             req_form(r, "hostname"), &admin, &tenant_id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_tenants(r, &e);
	page_flash(r, "ok", _("L'organisation et son administrateur ont été créés."));
	return reply_redirect(r, "/admin/organisations");
}

/* ---- Partner schools ---- */

static int render_schools(struct req *r, const struct err *e)
{
	struct school *s;
	int n = schools_list(r, &s);
	if (n < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, _("Établissements partenaires"));
	html_printf(h, "<h1>%s</h1>", _("Établissements partenaires"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun établissement partenaire."));
	else {
		html_printf(h, "<table><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Établissements"), _("Nom"), _("UAI"), _("Ville"), _("Académie"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", s[i].name,
			            s[i].uai, s[i].city, s[i].academy);
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<p>%s</p><h2>%s</h2>",
	            _("Pour qu'un membre du personnel d'un établissement inscrive ses élèves, créez son "
	              "compte avec le rôle « Établissement partenaire » puis rattachez-le ici."),
	            _("Nouvel établissement"));
	form_open(h, r, "/admin/etablissements", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "name", .label = _("Nom"), .value = req_form(r, "name"),
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "uai", .label = _("Code UAI"), .value = req_form(r, "uai")}, e);
	form_field(h, &(struct field_view){.name = "city", .label = _("Ville"), .value = req_form(r, "city")}, e);
	form_field(h, &(struct field_view){.name = "academy", .label = _("Académie"),
	                                   .value = req_form(r, "academy")}, e);
	form_field(h, &(struct field_view){.name = "staff_login", .label = _("Identifiant d'un membre du personnel (facultatif)"),
	                                   .value = req_form(r, "staff_login")}, e);
	form_close(h, _("Ajouter l'établissement"));
	return page_end(r, h);
}

/* GET /admin/etablissements */
int admin_page_schools(struct req *r)
{
	return render_schools(r, NULL);
}

/* POST /admin/etablissements: name, uai, city, academy, staff_login */
int admin_page_school_create(struct req *r)
{
	struct err e = {0};
	int64_t id;
	struct person staff = {0};
	const char *login = req_form(r, "staff_login");
	if (login && *login && people_find_login(r, login, &staff) != 0) {
		err_set(&e, ERR_INVALID, "staff_login", "%s", _("Aucun compte de votre organisation n'a cet identifiant."));
		return render_schools(r, &e);
	}
	int rc = schools_create(r, req_form(r, "name"), req_form(r, "uai"), req_form(r, "city"),
	                        req_form(r, "academy"), &id, &e);
	if (rc == 0 && staff.id)
		rc = people_attach_school(r, staff.id, id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_schools(r, &e);
	page_flash(r, "ok", _("L'établissement a été ajouté."));
	return reply_redirect(r, "/admin/etablissements");
}

/* ---- Outbox ---- */

/* GET /admin/courrier */
int admin_page_outbox(struct req *r)
{
	struct outbox_item *m;
	int n = mail_outbox_list(r->arena, r->tenant.id, 100, &m);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Courrier envoyé"));
	html_printf(h, "<h1>%s</h1><p>%s</p>", _("Courrier envoyé"),
	            _("Les 100 derniers messages. « Retenu » : aucun relais SMTP n'est configuré "
	              "(mode démonstration), le message n'est pas parti."));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun message."));
	for (int i = 0; i < n; i++) {
		const char *status = strcmp(m[i].status, "sent") == 0 ? _("envoyé")
		                   : strcmp(m[i].status, "held") == 0 ? _("retenu")
		                                                       : _("en attente");
		html_printf(h, "<article class=\"mail\"><h2>%s</h2><p class=\"meta\">%s %s · %s · %s</p>"
		               "<pre>%s</pre>",
		            m[i].subject, _("À"), m[i].to, fmt_datetime(r->arena, m[i].created_at), status,
		            m[i].body);
		if (m[i].last_error[0])
			html_printf(h, "<p class=\"error\">%s</p>", m[i].last_error);
		html_printf(h, "</article>");
	}
	return page_end(r, h);
}
