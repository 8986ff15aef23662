/*
** This file implements the pages of a partner school: its pupils and
** their enrolments, the import of a class list (preview with an error per
** faulty line, then all-or-nothing import), the CSV export, and sign-in
** codes for pupils.
*/
#include <stdio.h>
#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "catalogue/web.h"
#include "enrolment/enrolment.h"
#include "enrolment/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "people/people.h"
#include "tenants/tenants.h"

static void course_select(struct html *h, struct req *r, const char *selected)
{
	struct catalogue_query q = {.limit = 300};
	struct course *c;
	int n = catalogue_courses_search(r, &q, &c);
	struct option opts[301];
	int k = 0;
	opts[k++] = (struct option){"", _("Choisir un cours")};
	for (int i = 0; i < n; i++)
		opts[k++] = (struct option){arena_printf(r->arena, "%lld", (long long)c[i].id),
		                            arena_printf(r->arena, "%s (%s)", c[i].title,
		                                         fmt_money(r->arena, c[i].price_cents))};
	form_select(h, "course_id", _("Cours à la carte"), opts, k, selected, NULL);
}

static void import_form(struct html *h, struct req *r)
{
	html_printf(h, "<h2 id=\"import\">%s</h2><p>%s</p>", _("Inscrire une classe à un cours"),
	            _("Envoyez la liste exportée de votre logiciel de vie scolaire (CSV, séparateur "
	              "point-virgule ou virgule, UTF-8 ou Windows). La première ligne nomme les "
	              "colonnes : nom, prénom, date de naissance, et si vous voulez classe et e-mail. "
	              "Rien n'est enregistré avant votre confirmation."));
	form_open(h, r, "/etablissement/import", true);
	course_select(h, r, req_form(r, "course_id"));
	form_field(h, &(struct field_view){.name = "file", .label = _("Liste des élèves (CSV)"),
	                                   .type = "file", .accept = ".csv,text/csv,text/plain",
	                                   .required = true}, NULL);
	form_close(h, _("Vérifier la liste"));
}

/* GET /etablissement */
int enrolment_page_school(struct req *r)
{
	struct school s;
	if (!r->user.school_id || schools_get(r, r->user.school_id, &s) != 0)
		return page_error(r, 403, _("Accès refusé"),
		                  _("Votre compte n'est rattaché à aucun établissement partenaire."));
	int page = catalogue_page_number(r);
	struct enrolment *e;
	int n = enrolment_for_school(r, s.id, (page - 1) * 50, 51, &e);
	if (n < 0)
		return page_internal_error(r);
	/* one page number walks both lists: 50 enrolments and 100 pupils a page */
	struct person *pupils;
	int np = people_school_pupils(r, s.id, (page - 1) * 100, 101, &pupils);
	bool more = n > 50 || np > 100;
	if (np < 0)
		return page_internal_error(r);
	if (np > 100)
		np = 100;
	struct html *h = page_begin(r, s.name);
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s %s</p>", s.name, s.city,
	            s.uai[0] ? arena_printf(r->arena, "(UAI %s)", s.uai) : "");
	import_form(h, r);
	html_printf(h, "<h2>%s</h2>", _("Inscriptions de vos élèves"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", page > 1 ? _("Aucune autre inscription.")
		                                                      : _("Aucun élève inscrit pour l'instant."));
	else
		enrolment_table(h, r, e, n > 50 ? 50 : n, true);
	pager(h, r, "/etablissement", "", page, more);
	html_printf(h, "<p><a href=\"/etablissement/inscriptions.csv\">%s</a></p>",
	            _("Exporter les inscriptions (CSV)"));
	html_printf(h, "<h2>%s</h2>", _("Codes de connexion des élèves"));
	if (np == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", page > 1 ? _("Aucun autre élève.") : _("Aucun élève."));
	} else {
		html_printf(h, "<p>%s</p><table><caption class=\"visually-hidden\">%s</caption><thead><tr>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Un nouveau code remplace le mot de passe de l'élève ; remettez-le lui."),
		            _("Élèves"), _("Élève"), _("Classe"), _("Identifiant"), _("Code"));
		for (int i = 0; i < np; i++) {
			html_printf(h, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>", pupils[i].family_name,
			            pupils[i].given_name, pupils[i].school_class, pupils[i].login);
			button_form(h, r, arena_printf(r->arena, "/etablissement/eleves/%lld/code",
			                               (long long)pupils[i].id),
			            _("Nouveau code"), "secondary");
			html_printf(h, "</td></tr>");
		}
		html_printf(h, "</tbody></table>");
	}
	pager(h, r, "/etablissement", "", page, more);
	return page_end(r, h);
}

static void preview_table(struct html *h, const struct import_result *res)
{
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Élèves lus dans le fichier"), _("Ligne"), _("Nom"), _("Prénom"),
	            _("Date de naissance"), _("Classe"), _("Vérification"));
	for (int i = 0; i < res->nlines; i++) {
		const struct import_line *l = &res->lines[i];
		html_printf(h, "<tr%s><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		            l->error ? " class=bad" : "", l->line, l->family_name, l->given_name,
		            l->birth_date, l->school_class);
		if (l->error)
			html_printf(h, "<strong>%s %d : %s</strong>", _("Ligne"), l->line, l->error);
		else if (l->already_enrolled)
			html_printf(h, "%s", _("déjà inscrit à ce cours"));
		else if (l->existing)
			html_printf(h, "%s", _("élève connu, sera inscrit"));
		else
			html_printf(h, "%s", _("nouveau compte, sera inscrit"));
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
}

/* One field of checked_list(): quoted when it holds a separator, a quote
** or a line break; never altered otherwise (names may start with '='). */
static void list_field(struct sb *sb, const char *s, char after)
{
	bool quote = strpbrk(s, ";\"\r\n") != NULL;
	if (quote)
		sb_addc(sb, '"');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	if (quote)
		sb_addc(sb, '"');
	sb_addc(sb, after);
}

/*
** The checked lines again, as a small UTF-8 CSV, for the confirmation form:
** the file itself may be Windows-1252 (which this UTF-8 page would garble)
** and, with all its columns, larger than a form may be.
*/
static const char *checked_list(struct req *r, const struct import_result *res)
{
	struct sb sb;
	sb_init(&sb, r->arena, (size_t)res->nlines * 64 + 64);
	sb_adds(&sb, "nom;prénom;date de naissance;classe;e-mail\n");
	for (int i = 0; i < res->nlines; i++) {
		const struct import_line *l = &res->lines[i];
		list_field(&sb, l->family_name, ';');
		list_field(&sb, l->given_name, ';');
		list_field(&sb, l->birth_date, ';');
		list_field(&sb, l->school_class, ';');
		list_field(&sb, l->email, '\n');
	}
	return sb.buf;
}

static int import_page(struct req *r, int64_t course_id, const char *csv, size_t len, bool commit)
{
	struct import_result res;
	int rc = enrolment_import(r, course_id, csv, len, commit, &res);
	if (rc == ERR_NOT_FOUND) {
		r->status = 400;
		struct html *h = page_begin(r, _("Import d'une liste"));
		html_printf(h, "<h1>%s</h1><div class=\"flash error\" role=\"alert\"><p>%s</p></div>",
		            _("Import d'une liste"), _("Choisissez un cours à la carte de la liste."));
		import_form(h, r);
		return page_end(r, h);
	}
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	if (commit && !res.file_error && res.nerrors == 0) {
		page_flash(r, "ok", arena_printf(r->arena,
			_("Import terminé : %d élève(s) inscrit(s), dont %d nouveau(x) compte(s) ; %d déjà inscrit(s)."),
			res.nenrolled, res.ncreated, res.nalready));
		return reply_redirect(r, "/etablissement");
	}
	if (res.file_error || res.nerrors)
		r->status = 422;
	struct html *h = page_begin(r, _("Vérification de la liste"));
	html_printf(h, "<p><a href=\"/etablissement\">%s</a></p><h1>%s</h1>", _("← Mon établissement"),
	            _("Vérification de la liste"));
	if (res.file_error) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p></div>", res.file_error);
		import_form(h, r);
		return page_end(r, h);
	}
	html_printf(h, "<p>%s</p>", arena_printf(r->arena,
		_("Fichier lu en %s, séparateur « %c » : %d élève(s)."), res.encoding,
		res.separator == '\t' ? ' ' : res.separator, res.nlines));
	if (res.nerrors) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
		            arena_printf(r->arena, res.nerrors == 1
		                ? _("%d ligne est à corriger : rien n'a été importé. Corrigez le fichier puis renvoyez-le.")
		                : _("%d lignes sont à corriger : rien n'a été importé. Corrigez le fichier puis renvoyez-le."),
		                res.nerrors));
		for (int i = 0; i < res.nlines; i++)
			if (res.lines[i].error)
				html_printf(h, "<li>%s %d : %s</li>", _("Ligne"), res.lines[i].line, res.lines[i].error);
		html_printf(h, "</ul></div>");
		preview_table(h, &res);
		import_form(h, r);
		return page_end(r, h);
	}
	preview_table(h, &res);
	form_open(h, r, "/etablissement/import/confirmer", false);
	html_printf(h, "<input type=\"hidden\" name=\"course_id\" value=\"%lld\">"
	               "<input type=\"hidden\" name=\"csv\" value=\"%s\">",
	            (long long)course_id, checked_list(r, &res));
	form_close(h, arena_printf(r->arena, _("Confirmer l'inscription de %d élève(s)"), res.nlines));
	return page_end(r, h);
}

static int64_t form_course(struct req *r)
{
	int64_t id = 0;
	if (!req_form(r, "course_id") || !str_to_int64(req_form(r, "course_id"), &id))
		return 0;
	return id;
}

/* POST /etablissement/import (multipart): course_id, file */
int enrolment_page_import(struct req *r)
{
	const struct upload *up = req_upload(r, "file");
	struct err e = {0};
	if (!up || up->size == 0)
		err_set(&e, ERR_INVALID, "file", "%s", _("Choisissez le fichier de la liste des élèves."));
	else if (up->size > 2 * 1024 * 1024)
		err_set(&e, ERR_TOO_LARGE, "file", "%s", _("Une liste de classe ne dépasse pas 2 Mo."));
	char *data = NULL;
	size_t len = 0;
	if (!e.code) {
		FILE *f = fopen(up->path, "rb");
		data = arena_alloc(r->arena, (size_t)up->size + 1);
		len = f ? fread(data, 1, (size_t)up->size, f) : 0;
		if (f)
			fclose(f);
		if (len != (size_t)up->size)
			return page_internal_error(r);
	}
	if (e.code) {
		r->status = e.code == ERR_TOO_LARGE ? 413 : 400;
		struct html *h = page_begin(r, _("Import d'une liste"));
		html_printf(h, "<h1>%s</h1>", _("Import d'une liste"));
		form_errors(h, &e);
		import_form(h, r);
		return page_end(r, h);
	}
	return import_page(r, form_course(r), data, len, false);
}

/* POST /etablissement/import/confirmer: course_id, csv (the checked text) */
int enrolment_page_import_confirm(struct req *r)
{
	const char *csv = req_form(r, "csv");
	if (!csv)
		return page_error(r, 400, _("Requête incorrecte"), _("La liste à importer manque."));
	return import_page(r, form_course(r), csv, strlen(csv), true);
}

/* GET /etablissement/inscriptions.csv */
int enrolment_page_school_csv(struct req *r)
{
	struct enrolment *e;
	int n = enrolment_for_school(r, r->user.school_id, 0, 20000, &e);
	if (n < 0)
		return page_internal_error(r);
	struct sb out;
	sb_init(&out, r->arena, 4096);
	enrolment_csv_rows(r, e, n, &out);
	req_add_header(r, "Content-Disposition", "attachment; filename=\"inscriptions.csv\"");
	return reply_body(r, 200, "text/csv; charset=utf-8", out.buf, out.len);
}

/* POST /etablissement/eleves/{id}/code */
int enrolment_page_pupil_code(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	char code[11];
	int rc = people_issue_code(r, id, code);
	if (rc == ERR_NOT_FOUND || rc == ERR_FORBIDDEN)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct person p;
	if (people_get(r, id, &p) != 0)
		return page_not_found(r);
	struct html *h = page_begin(r, _("Nouveau code de connexion"));
	html_printf(h, "<h1>%s</h1><p>%s</p><dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd>"
	               "<dt>%s</dt><dd><code>%s</code></dd><dt>%s</dt><dd><code class=\"token\">%s</code></dd></dl>"
	               "<p><a href=\"/etablissement\">%s</a></p>",
	            _("Nouveau code de connexion"),
	            _("Notez ce code maintenant : il ne sera plus affiché. L'élève se connecte avec "
	              "son identifiant et ce code, puis peut choisir son mot de passe."),
	            _("Élève"), p.given_name, p.family_name, _("Identifiant"), p.login, _("Code"), code,
	            _("← Mon établissement"));
	return page_end(r, h);
}
