/*
** This file implements the partner schools' pages of the certification
** exams: registering the school, importing candidates from class lists
** (preview with an error per faulty line, then all or nothing), candidates
** and their personal codes per class, planning sessions, following a
** session's results per class, certificates as PDF (one, or a whole class
** in one file), and statistics.
*/
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "exams/web.h"
#include "grades/grades.h"
#include "kernel/clock.h"
#include "kernel/csrf.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "questions/web.h"

#define CSV_MAX (2u * 1024u * 1024u)

char *exams_score_text(struct arena *a, int64_t score, int64_t max)
{
	return arena_printf(a, "%s / %s", grades_format(a, (score + 50) / 100), grades_format(a, (max + 50) / 100));
}

static const char *percent(struct arena *a, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return "—";
	return arena_printf(a, "%s %%", grades_format(a, (part * 10000 + whole / 2) / whole));
}

void exams_stats_html(struct html *h, struct req *r, const char *caption, const struct exam_stats *s)
{
	html_printf(h, "<h3>%s</h3><dl class=\"facts\">", caption);
	if (s->schools > 1)
		html_printf(h, "<dt>%s</dt><dd>%lld</dd>", _("Établissements"), (long long)s->schools);
	html_printf(h, "<dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd></dl>",
	            _("Candidats"), (long long)s->candidates, _("Épreuves passées"), (long long)s->attempts,
	            _("Taux de réussite"), percent(r->arena, s->passed, s->candidates), _("Score moyen"),
	            percent(r->arena, s->score_sum, s->max_sum));
	if (s->nhardest == 0)
		return;
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Questions les plus difficiles"), _("Question"), _("Fois posée"), _("Réussite moyenne"));
	for (int i = 0; i < s->nhardest; i++)
		html_printf(h, "<tr><td>%s</td><td>%lld</td><td>%s</td></tr>", s->hardest[i].text,
		            (long long)s->hardest[i].answers,
		            percent(r->arena, s->hardest[i].credit_sum, s->hardest[i].answers * 10000));
	html_printf(h, "</tbody></table>");
}

static int school_or_reply(struct req *r, struct exam_school *s)
{
	int rc = exams_my_school(r, s);
	if (rc == ERR_FORBIDDEN)
		return page_error(r, 403, _("Accès refusé"), _("Votre compte n'est rattaché à aucun établissement partenaire."));
	if (rc)
		return page_internal_error(r);
	return 0;
}

/* ---- Home ---- */

static void import_form(struct html *h, struct req *r, const struct err *e)
{
	html_printf(h, "<p>%s</p>",
	            _("Envoyez la liste exportée de votre logiciel de vie scolaire (CSV, séparateur point-virgule "
	              "ou virgule, UTF-8 ou Windows). La première ligne nomme les colonnes : nom, prénom, classe, "
	              "et si vous voulez date de naissance et tiers-temps (oui/non). Rien n'est enregistré avant "
	              "votre confirmation."));
	form_open(h, r, "/examens/candidats/import", true);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "file", .type = "file", .label = _("Liste des élèves (CSV)"),
	                                   .accept = ".csv,text/csv,text/plain", .required = true}, e);
	form_close(h, _("Vérifier la liste"));
}

static int render_home(struct req *r, const struct err *e)
{
	struct exam_school s;
	int st = school_or_reply(r, &s);
	if (st)
		return st;
	if (e && e->code)
		r->status = 400;
	struct html *h = page_begin(r, _("Attestations de sécurité routière"));
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Attestations de sécurité routière"), s.name);
	if (!s.registered) {
		html_printf(h, "<p>%s</p>",
		            _("Inscrivez l'établissement pour importer vos candidats, planifier les sessions de "
		              "l'épreuve et imprimer les attestations de vos élèves."));
		form_open(h, r, "/examens/inscription", false);
		form_errors(h, e);
		form_field(h, &(struct field_view){.name = "contact_name", .label = _("Personne à contacter"),
		                                   .value = req_form(r, "contact_name") ? req_form(r, "contact_name")
		                                                                        : r->user.display_name,
		                                   .required = true}, e);
		form_field(h, &(struct field_view){.name = "contact_email", .type = "email", .label = _("Son adresse e-mail"),
		                                   .value = req_form(r, "contact_email") ? req_form(r, "contact_email")
		                                                                         : r->user.email}, e);
		form_close(h, _("Inscrire l'établissement"));
		return page_end(r, h);
	}
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
	            _("UAI"), s.uai ? s.uai : "", _("Académie"), s.academy, _("Contact"), s.contact_name);
	struct exam_session *ss;
	int n = exams_sessions(r, &ss);
	if (n < 0)
		return page_internal_error(r);
	html_printf(h, "<h2>%s</h2><p><a class=\"button\" href=\"/examens/sessions/nouvelle\">%s</a></p>",
	            _("Sessions"), _("Planifier une session"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune session pour l'instant."));
	else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Sessions de l'établissement"), _("Session"), _("Code de session"), _("Ouverte du"),
		            _("au"), _("Réussites"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td><a href=\"/examens/sessions/%lld\">%s</a>%s</td><td><code>%s</code></td>"
			               "<td>%s</td><td>%s</td><td>%lld / %lld</td></tr>",
			            (long long)ss[i].id, ss[i].title, ss[i].resit ? _(" (rattrapage)") : "", ss[i].code,
			            fmt_datetime(r->arena, ss[i].opens_at), fmt_datetime(r->arena, ss[i].closes_at),
			            (long long)ss[i].passed, (long long)ss[i].finished);
		html_printf(h, "</tbody></table>");
	}
	struct exam_class *cl;
	int nc = exams_classes(r, &cl);
	if (nc < 0)
		return page_internal_error(r);
	html_printf(h, "<h2>%s</h2>", _("Classes et candidats"));
	if (nc == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun candidat : importez la liste d'une classe."));
	else {
		html_printf(h, "<ul>");
		for (int i = 0; i < nc; i++)
			html_printf(h, "<li><a href=\"/examens/candidats?classe=%s\">%s</a> (%lld)</li>",
			            url_encode(r->arena, cl[i].name), cl[i].name, (long long)cl[i].candidates);
		html_printf(h, "</ul>");
	}
	html_printf(h, "<h3 id=\"import\">%s</h3>", _("Importer une liste de classe"));
	import_form(h, r, e);
	html_printf(h, "<p><a href=\"/examens/statistiques\">%s</a></p>", _("Statistiques de l'établissement et de l'académie"));
	return page_end(r, h);
}

/* GET /examens */
int exams_page_home(struct req *r)
{
	return render_home(r, NULL);
}

/* POST /examens/inscription: contact_name, contact_email */
int exams_page_register(struct req *r)
{
	struct err e = {0};
	int rc = exams_school_register(r, req_form(r, "contact_name"), req_form(r, "contact_email"), &e);
	if (rc == ERR_INVALID)
		return render_home(r, &e);
	if (rc == ERR_FORBIDDEN)
		return page_error(r, 403, _("Accès refusé"), e.msg);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("L'établissement est inscrit. Importez maintenant vos listes de classes."));
	return reply_redirect(r, "/examens");
}

/* ---- Candidates ---- */

/* GET /examens/candidats[?classe=] */
int exams_page_candidates(struct req *r)
{
	struct exam_school s;
	int st = school_or_reply(r, &s);
	if (st)
		return st;
	const char *cls = req_query(r, "classe");
	if (!cls)
		return reply_redirect(r, "/examens");
	struct exam_candidate *c;
	int n = exams_class_candidates(r, cls, &c);
	if (n < 0)
		return page_internal_error(r);
	if (n == 0)
		return page_not_found(r);
	const char *title = arena_printf(r->arena, _("Candidats de la classe %s"), cls);
	struct html *h = page_begin(r, title);
	html_printf(h, "<p><a href=\"/examens\">%s</a></p><h1>%s</h1><p>%s</p>", _("← Attestations"), title,
	            _("Remettez à chaque élève son code personnel : avec le code de la session, il lui permet "
	              "de passer l'épreuve sur /examen, sans compte ni adresse e-mail."));
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead><tbody>",
	            title, _("Élève"), _("Date de naissance"), _("Code personnel"), _("Tiers-temps"), _("Résultat"),
	            _("Action"));
	for (int i = 0; i < n; i++) {
		char iso[11];
		const char *born = *c[i].birth_date && date_parse(c[i].birth_date, iso)
		                   ? arena_printf(r->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso) : "";
		const char *result = c[i].passed ? _("obtenue")
		                     : c[i].attempts ? arena_printf(r->arena, _("non obtenue (%s)"),
		                                                    exams_score_text(r->arena, c[i].best_score, c[i].best_max))
		                                     : _("pas encore passée");
		html_printf(h, "<tr><td>%s %s</td><td>%s</td><td><code class=\"token\">%s</code></td><td>%s</td><td>%s</td><td>",
		            c[i].family_name, c[i].given_name, born, exams_code_format(r->arena, c[i].code),
		            c[i].extra_time_pct ? arena_printf(r->arena, "%lld %%", (long long)c[i].extra_time_pct) : _("non"),
		            result);
		html_printf(h, "<form method=\"post\" action=\"/examens/candidats/%lld/code\" class=\"inline\">"
		               "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" name=\"classe\" value=\"%s\">"
		               "<button type=\"submit\" class=\"secondary\" aria-label=\"%s\">%s</button></form></td></tr>",
		            (long long)c[i].id, csrf_token(r), cls,
		            arena_printf(r->arena, _("Nouveau code pour %s %s"), c[i].given_name, c[i].family_name),
		            _("Nouveau code"));
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* The checked lines again, as a small UTF-8 CSV for the confirmation form
** (the file itself may be Windows-1252). */
static const char *checked_list(struct req *r, const struct candidate_import *res)
{
	struct sb sb;
	sb_init(&sb, r->arena, (size_t)res->nlines * 64 + 64);
	sb_adds(&sb, "nom;prénom;date de naissance;classe;tiers-temps\n");
	for (int i = 0; i < res->nlines; i++) {
		const struct candidate_line *l = &res->lines[i];
		const char *fields[5] = {l->family_name, l->given_name, l->birth_date, l->class_name,
		                         arena_printf(r->arena, "%lld", (long long)l->extra_time_pct)};
		for (int f = 0; f < 5; f++) {
			bool quote = strpbrk(fields[f], ";\"\r\n") != NULL;
			if (quote)
				sb_addc(&sb, '"');
			for (const char *p = fields[f]; *p; p++) {
				if (*p == '"')
					sb_addc(&sb, '"');
				sb_addc(&sb, *p);
			}
			if (quote)
				sb_addc(&sb, '"');
			sb_addc(&sb, f == 4 ? '\n' : ';');
		}
	}
	return sb.buf;
}

static void preview_table(struct html *h, struct req *r, const struct candidate_import *res)
{
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Contenu du fichier"), _("Ligne"), _("Élève"), _("Date de naissance"), _("Classe"), _("Tiers-temps"),
	            _("Déjà candidat"), _("Erreur"));
	for (int i = 0; i < res->nlines && i < 2000; i++) {
		const struct candidate_line *l = &res->lines[i];
		char iso[11];
		const char *born = l->birth_date && *l->birth_date && date_parse(l->birth_date, iso)
		                   ? arena_printf(r->arena, "%.2s/%.2s/%.4s", iso + 8, iso + 5, iso) : "";
		html_printf(h, "<tr%s><td>%d</td><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
		            l->error ? " class=\"bad\"" : "", l->line, l->family_name ? l->family_name : "",
		            l->given_name ? l->given_name : "", born, l->class_name ? l->class_name : "",
		            l->extra_time_pct ? arena_printf(r->arena, "%lld %%", (long long)l->extra_time_pct) : "",
		            l->error ? "" : l->existing ? _("oui") : _("non, nouveau"), l->error ? l->error : "");
	}
	html_printf(h, "</tbody></table>");
}

static int import_page(struct req *r, const char *csv, size_t len, bool commit)
{
	struct candidate_import res;
	int rc = exams_candidates_import(r, csv, len, commit, &res);
	if (rc == ERR_FORBIDDEN)
		return page_error(r, 403, _("Accès refusé"), _("Inscrivez d'abord l'établissement."));
	if (rc)
		return page_internal_error(r);
	if (commit && !res.file_error && res.nerrors == 0) {
		page_flash(r, "ok", arena_printf(r->arena, _("Import terminé : %d candidat(s) ajouté(s), %d mis à jour."),
		                                 res.ncreated, res.nupdated));
		return reply_redirect(r, "/examens");
	}
	if (res.file_error || res.nerrors)
		r->status = 422;
	struct html *h = page_begin(r, _("Vérification de la liste"));
	html_printf(h, "<p><a href=\"/examens\">%s</a></p><h1>%s</h1>", _("← Attestations"), _("Vérification de la liste"));
	if (res.file_error) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p></div>", res.file_error);
		import_form(h, r, NULL);
		return page_end(r, h);
	}
	html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("Fichier lu en %s, séparateur %s : %d élève(s)."),
	                                         res.encoding, res.separator == '\t' ? _("tabulation")
	                                         : arena_printf(r->arena, _("« %c »"), res.separator), res.nlines));
	if (res.ignored)
		html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("Colonnes non lues : %s. Seules comptent nom, prénom, "
		                                                     "classe, date de naissance et tiers-temps."), res.ignored));
	if (res.nerrors) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
		            arena_printf(r->arena, _("%d ligne(s) à corriger : rien n'a été importé. Corrigez le fichier puis renvoyez-le."),
		                         res.nerrors));
		for (int i = 0; i < res.nlines; i++)
			if (res.lines[i].error)
				html_printf(h, "<li>%s</li>", arena_printf(r->arena, _("Ligne %d : %s"), res.lines[i].line,
				                                           res.lines[i].error));
		html_printf(h, "</ul></div>");
		preview_table(h, r, &res);
		import_form(h, r, NULL);
		return page_end(r, h);
	}
	preview_table(h, r, &res);
	form_open(h, r, "/examens/candidats/import/confirmer", false);
	html_printf(h, "<input type=\"hidden\" name=\"csv\" value=\"%s\">", checked_list(r, &res));
	form_close(h, arena_printf(r->arena, _("Confirmer l'import de %d candidat(s)"), res.nlines));
	return page_end(r, h);
}

/* POST /examens/candidats/import (multipart): file */
int exams_page_import(struct req *r)
{
	const struct upload *up = req_upload(r, "file");
	struct err e = {0};
	size_t len = 0;
	bool too_large = false;
	char *data = up ? questions_read_upload(r, up, CSV_MAX, &len, &too_large) : NULL;
	if (!up || (!data && !too_large && up->size == 0))
		err_set(&e, ERR_INVALID, "file", "%s", _("Choisissez le fichier de la liste des élèves."));
	else if (too_large)
		err_set(&e, ERR_TOO_LARGE, "file", "%s", _("Une liste de classe ne dépasse pas 2 Mo."));
	else if (!data)
		return page_internal_error(r);
	if (e.code) {
		int st = render_home(r, &e);
		r->status = e.code == ERR_TOO_LARGE ? 413 : 400;
		return st == 200 ? r->status : st;
	}
	return import_page(r, data, len, false);
}

/* POST /examens/candidats/import/confirmer: csv (the checked text) */
int exams_page_import_confirm(struct req *r)
{
	const char *csv = req_form(r, "csv");
	if (!csv)
		return page_error(r, 400, _("Requête incorrecte"), _("La liste à importer manque."));
	return import_page(r, csv, strlen(csv), true);
}

/* POST /examens/candidats/{id}/code: classe (where to come back) */
int exams_page_candidate_code(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	char code[EXAM_CODE_LEN + 1];
	int rc = exams_candidate_new_code(r, id, code);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct exam_candidate c;
	if (exams_candidate_get(r, id, &c) != 0)
		return page_not_found(r);
	page_flash(r, "ok", arena_printf(r->arena, _("Nouveau code de %s %s : %s. L'ancien ne fonctionne plus."),
	                                 c.given_name, c.family_name, exams_code_format(r->arena, code)));
	return reply_redirect(r, arena_printf(r->arena, "/examens/candidats?classe=%s", url_encode(r->arena, c.class_name)));
}

/* ---- Sessions ---- */

static int render_session_form(struct req *r, const struct err *e)
{
	struct exam_school s;
	int st = school_or_reply(r, &s);
	if (st)
		return st;
	if (!s.registered)
		return reply_redirect(r, "/examens");
	struct exam *x;
	int nx = exams_list(r, false, &x);
	struct exam_class *cl;
	int nc = exams_classes(r, &cl);
	if (nx < 0 || nc < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = 400;
	struct html *h = page_begin(r, _("Planifier une session"));
	html_printf(h, "<p><a href=\"/examens\">%s</a></p><h1>%s</h1>", _("← Attestations"), _("Planifier une session"));
	if (nc == 0) {
		html_printf(h, "<p class=\"empty\">%s <a href=\"/examens#import\">%s</a></p>",
		            _("Importez d'abord la liste d'une classe."), _("Importer une liste de classe"));
		return page_end(r, h);
	}
	form_open(h, r, "/examens/sessions", false);
	form_errors(h, e);
	struct option *opts = arena_array(r->arena, (size_t)(nx ? nx : 1), sizeof *opts);
	for (int i = 0; i < nx; i++)
		opts[i] = (struct option){arena_printf(r->arena, "%lld", (long long)x[i].id),
		                          arena_printf(r->arena, _("%s (%lld questions, %lld min)"), x[i].title,
		                                       (long long)x[i].question_count, (long long)(x[i].time_limit / 60))};
	form_select(h, "exam_id", _("Examen"), opts, nx, req_form(r, "exam_id"), e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Nom de la session (facultatif)"),
	                                   .value = req_form(r, "title")}, e);
	form_field(h, &(struct field_view){.name = "opens_date", .label = _("Ouverture : date (JJ/MM/AAAA)"),
	                                   .value = req_form(r, "opens_date"), .required = true}, e);
	form_field(h, &(struct field_view){.name = "opens_time", .label = _("Ouverture : heure (HH:MM)"),
	                                   .value = req_form(r, "opens_time") ? req_form(r, "opens_time") : "08:00"}, e);
	form_field(h, &(struct field_view){.name = "closes_date", .label = _("Fermeture : date (JJ/MM/AAAA)"),
	                                   .value = req_form(r, "closes_date"), .required = true}, e);
	form_field(h, &(struct field_view){.name = "closes_time", .label = _("Fermeture : heure (HH:MM)"),
	                                   .value = req_form(r, "closes_time") ? req_form(r, "closes_time") : "18:00"}, e);
	bool bad = e && e->code && str_eq(e->field, "classes");
	html_printf(h, "<fieldset%s><legend>%s</legend>", bad ? " class=\"invalid\"" : "", _("Classes convoquées"));
	if (bad)
		html_printf(h, "<p class=\"error\">%s</p>", e->msg);
	const char *picked[200];
	int np = req_form_all(r, "classes", picked, 200);
	for (int i = 0; i < nc; i++) {
		bool on = false;
		for (int k = 0; k < np; k++)
			on |= strcmp(picked[k], cl[i].name) == 0;
		html_printf(h, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-class-%d\" name=\"classes\" value=\"%s\"%s>"
		               "<label for=\"f-class-%d\">%s (%lld)</label></div>",
		            i, cl[i].name, on ? " checked" : "", i, cl[i].name, (long long)cl[i].candidates);
	}
	html_printf(h, "</fieldset>");
	form_field(h, &(struct field_view){.name = "supervisors", .type = "textarea", .label = _("Surveillants"),
	                                   .hint = _("Un nom par ligne."), .value = req_form(r, "supervisors")}, e);
	form_checkbox(h, "resit", _("Session de rattrapage : seuls les élèves qui n'ont pas encore l'attestation"),
	              str_eq(req_form(r, "resit"), "1"));
	form_close(h, _("Planifier la session"));
	return page_end(r, h);
}

/* GET /examens/sessions/nouvelle */
int exams_page_session_new(struct req *r)
{
	return render_session_form(r, NULL);
}

/* POST /examens/sessions: exam_id, title, opens_date, opens_time, closes_date,
** closes_time, classes (repeated), supervisors, resit */
int exams_page_session_create(struct req *r)
{
	const char *classes[200];
	struct exam_session_input in = {
		.title = req_form(r, "title"), .opens_date = req_form(r, "opens_date"),
		.opens_time = req_form(r, "opens_time"), .closes_date = req_form(r, "closes_date"),
		.closes_time = req_form(r, "closes_time"), .classes = classes,
		.nclasses = req_form_all(r, "classes", classes, 200), .supervisors = req_form(r, "supervisors"),
		.resit = str_eq(req_form(r, "resit"), "1"),
	};
	if (!str_to_int64(req_form(r, "exam_id"), &in.exam_id))
		in.exam_id = 0;
	struct err e = {0};
	int64_t id;
	int rc = exams_session_create(r, &in, &id, &e);
	if (rc == ERR_INVALID || rc == ERR_CONFLICT)
		return render_session_form(r, &e);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("La session est planifiée. Donnez son code aux surveillants."));
	return reply_redirect(r, arena_printf(r->arena, "/examens/sessions/%lld", (long long)id));
}

/* The time of day of t ("14h05"), from fmt_datetime(). */
static const char *clock_of(struct arena *a, int64_t t)
{
	const char *dt = fmt_datetime(a, t);
	const char *sp = strrchr(dt, ' ');
	return sp ? sp + 1 : dt;
}

/* The lines of s joined by ", " (the supervisors, typed one per line). */
static char *one_line(struct arena *a, const char *s)
{
	struct sb sb;
	sb_init(&sb, a, strlen(s) + 16);
	bool sep = false;
	for (const char *p = s; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			sep = sb.len > 0;
			continue;
		}
		if (sep)
			sb_adds(&sb, ", ");
		sep = false;
		sb_addc(&sb, *p);
	}
	return sb.buf;
}

/* GET /examens/sessions/{id} */
int exams_page_session(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct exam_session s;
	int rc = exams_session_get(r, id, &s);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	/* results first: reading them closes the attempts whose time is up */
	struct exam_result **res = arena_array(r->arena, (size_t)(s.nclasses ? s.nclasses : 1), sizeof *res);
	int *nres = arena_array(r->arena, (size_t)(s.nclasses ? s.nclasses : 1), sizeof *nres);
	for (int c = 0; c < s.nclasses; c++) {
		nres[c] = exams_session_results(r, id, s.classes[c], &res[c]);
		if (nres[c] < 0)
			return page_internal_error(r);
	}
	if (exams_session_get(r, id, &s) != 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, s.title);
	html_printf(h, "<p><a href=\"/examens\">%s</a></p><h1>%s</h1>", _("← Attestations"), s.title);
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd><code class=\"token\">%s</code></dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s — %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld / %lld / %lld</dd></dl>",
	            _("Code de session"), s.code, _("Examen"),
	            s.resit ? arena_printf(r->arena, "%s%s", s.exam_title, _(" (rattrapage)")) : s.exam_title, _("Ouverte"),
	            fmt_datetime(r->arena, s.opens_at), fmt_datetime(r->arena, s.closes_at), _("Surveillants"),
	            *s.supervisors ? one_line(r->arena, s.supervisors) : _("non précisés"), _("Commencées / terminées / réussies"),
	            (long long)s.started, (long long)s.finished, (long long)s.passed);
	html_printf(h, "<p>%s <strong>%s/examen</strong></p>",
	            _("Les élèves entrent le code de session et leur code personnel sur"), app.base_url ? app.base_url : "");
	/* to follow the session while pupils sit it */
	html_printf(h, "<p>%s <a href=\"/examens/sessions/%lld\">%s</a></p>",
	            arena_printf(r->arena, _("Résultats à %s."), clock_of(r->arena, clock_now())), (long long)id,
	            _("Actualiser"));
	for (int c = 0; c < s.nclasses; c++) {
		const char *cls = s.classes[c];
		html_printf(h, "<h2>%s</h2>", arena_printf(r->arena, _("Classe %s"), cls));
		int npassed = 0;
		for (int i = 0; i < nres[c]; i++)
			npassed += res[c][i].passed;
		html_printf(h, "<p><a href=\"/examens/sessions/%lld/convocations?classe=%s\">%s</a> · ",
		            (long long)id, url_encode(r->arena, cls), _("Convocations à imprimer"));
		/* no link to a PDF that would have no page */
		if (npassed)
			html_printf(h, "<a href=\"/examens/sessions/%lld/attestations.pdf?classe=%s\">%s</a>",
			            (long long)id, url_encode(r->arena, cls), _("Attestations de la classe (PDF)"));
		else
			html_printf(h, "%s", _("Pas encore d'attestation : aucun élève de la classe n'a réussi."));
		html_printf(h, " · <a href=\"/examens/candidats?classe=%s\">%s</a></p>", url_encode(r->arena, cls),
		            _("Codes personnels des élèves"));
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            arena_printf(r->arena, _("Résultats de la classe %s"), cls), _("Élève"), _("État"), _("Score"),
		            _("Résultat"), _("Attestation"));
		for (int i = 0; i < nres[c]; i++) {
			const struct exam_result *x = &res[c][i];
			const char *state = x->attempt_id ? (x->running ? arena_printf(r->arena, _("en cours, jusqu'à %s"),
			                                                               clock_of(r->arena, x->deadline_at))
			                                                : _("terminée"))
			                    : x->passed_before ? _("attestation déjà obtenue") : _("pas commencée");
			html_printf(h, "<tr><td>%s %s</td><td>%s</td><td>%s</td><td>%s</td><td>", x->family_name, x->given_name,
			            state, x->attempt_id && !x->running ? exams_score_text(r->arena, x->score, x->max_score) : "",
			            x->attempt_id && !x->running ? (x->passed ? _("admis") : _("non admis")) : "");
			if (x->passed)
				html_printf(h, "<a href=\"/examens/attestations/%lld\">%s</a>", (long long)x->attempt_id,
				            arena_printf(r->arena, _("PDF de %s %s"), x->given_name, x->family_name));
			html_printf(h, "</td></tr>");
		}
		html_printf(h, "</tbody></table>");
	}
	return page_end(r, h);
}

/* GET /examens/sessions/{id}/convocations?classe=: one slip per pupil of
** the class (session code, personal code, where and when), to print and
** cut; not for those who have the certificate from another session. */
int exams_page_convocations(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct exam_session s;
	int rc = exams_session_get(r, id, &s);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	const char *cls = req_query(r, "classe");
	bool invited = false;
	for (int i = 0; cls && i < s.nclasses; i++)
		invited |= strcmp(s.classes[i], cls) == 0;
	if (!invited)
		return page_not_found(r);
	struct exam x;
	struct exam_school school;
	st = school_or_reply(r, &school);
	if (st)
		return st;
	if (exams_get(r, s.exam_id, &x) != 0)
		return page_internal_error(r);
	struct exam_candidate *c;
	int n = exams_class_candidates(r, cls, &c);
	struct exam_result *res;
	int nres = n < 0 ? n : exams_session_results(r, id, cls, &res);
	if (n < 0 || nres < 0)
		return page_internal_error(r);
	const char *title = arena_printf(r->arena, _("Convocations de la classe %s"), cls);
	struct html *h = page_begin(r, title);
	html_printf(h, "<div class=\"no-print\"><p><a href=\"/examens/sessions/%lld\">← %s</a></p><h1>%s</h1><p>%s</p></div>",
	            (long long)id, s.title, title,
	            _("Une convocation par élève, à imprimer (commande Imprimer du navigateur) puis à découper. "
	              "Chaque code personnel est secret : remettez-le à son élève seulement."));
	const char *url = arena_printf(r->arena, "%s/examen", app.base_url ? app.base_url : "");
	int printed = 0;
	for (int i = 0; i < n; i++) {
		bool admitted = true; /* not who has the certificate from another session */
		for (int k = 0; k < nres; k++)
			if (res[k].candidate_id == c[i].id)
				admitted = !res[k].passed_before;
		if (!admitted)
			continue;
		printed++;
		int64_t minutes = (x.time_limit + x.time_limit * c[i].extra_time_pct / 100 + 59) / 60;
		html_printf(h, "<section class=\"slip\"><h2>%s</h2>",
		            arena_printf(r->arena, _("Convocation : %s %s"), c[i].given_name, c[i].family_name));
		html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		               "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code class=\"token\">%s</code></dd>"
		               "<dt>%s</dt><dd><code class=\"token\">%s</code></dd></dl>",
		            _("Épreuve"), s.exam_title, _("Établissement"),
		            arena_printf(r->arena, _("%s, classe %s"), school.name, cls), _("Quand"),
		            arena_printf(r->arena, _("entre le %s et le %s, à l'heure donnée par l'établissement"),
		                         fmt_datetime(r->arena, s.opens_at), fmt_datetime(r->arena, s.closes_at)),
		            _("Durée"),
		            arena_printf(r->arena, c[i].extra_time_pct ? _("%lld minutes (avec le temps supplémentaire), %lld questions")
		                                                       : _("%lld minutes, %lld questions"),
		                         (long long)minutes, (long long)x.question_count),
		            _("Adresse"), url, _("Code de la session"), s.code, _("Votre code personnel"),
		            exams_code_format(r->arena, c[i].code));
		html_printf(h, "<p>%s</p></section>",
		            _("Gardez votre code personnel pour vous. Les lettres peuvent être tapées en minuscules, "
		              "avec ou sans le tiret."));
	}
	if (printed == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Tous les élèves de la classe ont déjà l'attestation."));
	return page_end(r, h);
}

static int pdf_reply(struct req *r, struct exam_certificate *c, int n, const char *name)
{
	if (n == 0)
		return page_error(r, 404, _("Aucune attestation"), _("Aucun élève n'a encore réussi l'épreuve."));
	char *pdf;
	size_t len;
	const char *base = app.base_url ? app.base_url : "";
	if (exams_certificates_pdf(r, c, n, base, &pdf, &len) != 0)
		return page_internal_error(r);
	req_add_header(r, "Content-Disposition", arena_printf(r->arena, "inline; filename=\"%s\"", name));
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_body(r, 200, "application/pdf", pdf, len);
}

/* GET /examens/sessions/{id}/attestations.pdf?classe= */
int exams_page_session_pdf(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct exam_session s;
	if (exams_session_get(r, id, &s) != 0)
		return page_not_found(r);
	struct exam_certificate *c;
	int n = exams_certificates(r, 0, id, req_query(r, "classe"), &c);
	if (n < 0)
		return n == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	return pdf_reply(r, c, n, "attestations.pdf");
}

/* GET /examens/attestations/{id}: the certificate of one attempt */
int exams_page_certificate_pdf(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct exam_certificate *c;
	int n = exams_certificates(r, id, 0, NULL, &c);
	if (n < 0)
		return n == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if (n == 0)
		return page_not_found(r);
	return pdf_reply(r, c, n, "attestation.pdf");
}

/* ---- Statistics ---- */

/* GET /examens/statistiques[?examen=&academie=] */
int exams_page_stats(struct req *r)
{
	struct exam *x;
	int nx = exams_list(r, true, &x);
	if (nx < 0)
		return page_internal_error(r);
	struct exam_school s = {0};
	bool school = (r->user.roles & ROLE_SCHOOL) && exams_my_school(r, &s) == 0 && s.registered;
	bool all = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	const char *academy = req_query(r, "academie");
	if (!all || !academy)
		academy = school ? s.academy : academy;
	struct html *h = page_begin(r, _("Statistiques des attestations"));
	if (r->user.roles & ROLE_SCHOOL)
		html_printf(h, "<p><a href=\"/examens\">%s</a></p>", _("← Attestations"));
	html_printf(h, "<h1>%s</h1>", _("Statistiques des attestations"));
	if (!school && !all && !(academy && *academy)) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            (r->user.roles & ROLE_SCHOOL)
		            ? _("Les statistiques de l'établissement et de son académie paraissent une fois l'établissement inscrit.")
		            : _("Aucune statistique à montrer."));
		return page_end(r, h);
	}
	if (all) {
		char **acs;
		int na = exams_academies(r, &acs);
		html_printf(h, "<form method=\"get\" action=\"/examens/statistiques\">");
		struct option *opts = arena_array(r->arena, (size_t)(na > 0 ? na : 1), sizeof *opts);
		for (int i = 0; i < na; i++)
			opts[i] = (struct option){acs[i], acs[i]};
		form_select(h, "academie", _("Académie"), opts, na > 0 ? na : 0, academy, NULL);
		html_printf(h, "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>", _("Afficher"));
	}
	for (int i = 0; i < nx; i++) {
		html_printf(h, "<h2>%s</h2>", x[i].title);
		struct exam_stats st;
		if (school) {
			if (exams_stats_school(r, 0, x[i].id, &st) != 0)
				return page_internal_error(r);
			exams_stats_html(h, r, arena_printf(r->arena, _("Établissement : %s"), s.name), &st);
		}
		if (academy && *academy) {
			if (exams_stats_academy(r, academy, x[i].id, &st) != 0)
				return page_internal_error(r);
			exams_stats_html(h, r, arena_printf(r->arena, _("Académie : %s"), academy), &st);
		}
	}
	return page_end(r, h);
}
