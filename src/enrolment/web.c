/*
** This file implements the enrolment pages of families and learners:
** applying to a programme or a course, "my enrolments", a guardian's view
** of their children, and an enrolment's page with its documents, history
** and, for advisors, the decisions.
*/
#include <string.h>

#include "app/app.h"
#include "app/page.h"
#include "catalogue/catalogue.h"
#include "enrolment/enrolment.h"
#include "enrolment/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "people/people.h"

static const char *enrolment_url(struct req *r, int64_t id)
{
	return arena_printf(r->arena, "/inscriptions/%lld", (long long)id);
}

void enrolment_status_tag(struct html *h, const char *status)
{
	html_printf(h, "<span class=\"status status-%s\">%s</span>", status,
	            enrolment_status_label(status));
}

void enrolment_table(struct html *h, struct req *r, const struct enrolment *e, int n,
                     bool with_learner)
{
	html_printf(h, "<table><caption class=\"visually-hidden\">%s</caption><thead><tr>",
	            _("Inscriptions"));
	if (with_learner)
		html_printf(h, "<th scope=\"col\">%s</th>", _("Apprenant"));
	html_printf(h, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead><tbody>",
	            _("Formation ou cours"), _("État"), _("Demandée le"));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<tr>");
		if (with_learner)
			html_printf(h, "<td>%s</td>", e[i].learner_name);
		html_printf(h, "<td><a href=\"/inscriptions/%lld\">%s</a></td><td>", (long long)e[i].id,
		            e[i].title);
		enrolment_status_tag(h, e[i].status);
		if (e[i].docs_pending)
			html_printf(h, " <span class=\"tag\">%s</span>", _("pièce en examen"));
		html_printf(h, "</td><td>%s</td></tr>", fmt_date(r->arena, e[i].created_at));
	}
	html_printf(h, "</tbody></table>");
}

/* ---- Applying ---- */

/* The people the signed-in person may enrol, as options. */
static int candidates(struct req *r, struct option *opts, int max)
{
	int n = 0;
	if ((r->user.roles & ROLE_LEARNER) && n < max)
		opts[n++] = (struct option){arena_printf(r->arena, "%lld", (long long)r->user.id),
		                            arena_printf(r->arena, _("Moi-même (%s)"), r->user.display_name)};
	struct person *p;
	int k = 0;
	if (r->user.roles & ROLE_GUARDIAN)
		k = people_children(r, r->user.id, &p);
	else if ((r->user.roles & ROLE_SCHOOL) && r->user.school_id)
		k = people_school_pupils(r, r->user.school_id, 0, 500, &p);
	for (int i = 0; i < k && n < max; i++)
		opts[n++] = (struct option){arena_printf(r->arena, "%lld", (long long)p[i].id),
		                            arena_printf(r->arena, "%s %s", p[i].given_name, p[i].family_name)};
	return n;
}

static int render_apply(struct req *r, bool programme, int64_t id, const struct err *e)
{
	const char *title, *url;
	int64_t price;
	struct requirement *q = NULL;
	int nq = 0;
	if (programme) {
		struct programme p;
		int rc = catalogue_programme_get(r, id, false, &p);
		if (rc == ERR_NOT_FOUND)
			return page_not_found(r);
		if (rc)
			return page_internal_error(r);
		title = p.title;
		price = p.price_cents;
		nq = catalogue_requirements(r, id, &q);
		url = arena_printf(r->arena, "/formations/%lld/inscription", (long long)id);
	} else {
		struct course c;
		int rc = catalogue_course_get(r, id, false, &c);
		if (rc == ERR_NOT_FOUND || (rc == 0 && !c.a_la_carte))
			return page_not_found(r);
		if (rc)
			return page_internal_error(r);
		title = c.title;
		price = c.price_cents;
		url = arena_printf(r->arena, "/cours/%lld/inscription", (long long)id);
	}
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : e->code == ERR_FORBIDDEN ? 403 : 400;
	struct html *h = page_begin(r, _("Inscription"));
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s</p><p>%s %s</p>", _("Inscription"), title,
	            _("Prix :"), fmt_money(r->arena, price));
	if (nq > 0) {
		html_printf(h, "<p>%s</p><ul>", _("Après la demande, vous enverrez ces pièces :"));
		for (int i = 0; i < nq; i++)
			html_printf(h, "<li>%s</li>", q[i].title);
		html_printf(h, "</ul>");
	}
	struct option opts[520];
	int n = candidates(r, opts, 520);
	bool staff = (r->user.roles & ENROLMENT_DECIDERS) != 0;
	if (n == 0 && !staff) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Votre compte ne permet d'inscrire personne : seuls un apprenant, ses "
		              "responsables légaux et son établissement peuvent le faire."));
		return page_end(r, h);
	}
	form_open(h, r, url, false);
	form_errors(h, e);
	if (n > 0)
		form_select(h, "learner_id", _("Personne à inscrire"), opts, n,
		            req_form(r, "learner_id"), e);
	if (staff)
		form_field(h, &(struct field_view){.name = "learner_login",
		                                   .label = _("Ou identifiant de l'apprenant"),
		                                   .value = req_form(r, "learner_login")}, e);
	form_field(h, &(struct field_view){.name = "note", .label = _("Besoins particuliers"),
	                                   .type = "textarea", .value = req_form(r, "note"),
	                                   .hint = _("Facultatif : situation de handicap, sport de haut "
	                                             "niveau, étalement souhaité... Un conseiller vous "
	                                             "répondra.")}, e);
	form_close(h, _("Envoyer la demande d'inscription"));
	return page_end(r, h);
}

static int apply(struct req *r, bool programme)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	if (strcmp(r->method, "GET") == 0)
		return render_apply(r, programme, id, NULL);
	struct err e = {0};
	int64_t learner = 0;
	const char *login = req_form(r, "learner_login");
	if (login && *login && (r->user.roles & ENROLMENT_DECIDERS)) {
		struct person p;
		if (people_find_login(r, login, &p) == 0)
			learner = p.id;
		else
			err_set(&e, ERR_INVALID, "learner_login", "%s", _("Aucun apprenant n'a cet identifiant."));
	} else if (!req_form(r, "learner_id") || !str_to_int64(req_form(r, "learner_id"), &learner)) {
		err_set(&e, ERR_INVALID, "learner_id", "%s", _("Choisissez la personne à inscrire."));
	}
	int64_t enrolment_id;
	int rc = e.code ? e.code
	                : enrolment_apply(r, learner, programme ? id : 0, programme ? 0 : id,
	                                  req_form(r, "note"), &enrolment_id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_apply(r, programme, id, &e);
	page_flash(r, "ok", _("La demande d'inscription est enregistrée."));
	return reply_redirect(r, enrolment_url(r, enrolment_id));
}

/* GET|POST /formations/{id}/inscription: learner_id | learner_login, note */
int enrolment_page_apply_programme(struct req *r)
{
	return apply(r, true);
}

/* GET|POST /cours/{id}/inscription: learner_id | learner_login, note */
int enrolment_page_apply_course(struct req *r)
{
	return apply(r, false);
}

/* ---- Lists ---- */

/* GET /mes-inscriptions */
int enrolment_page_mine(struct req *r)
{
	struct enrolment *e;
	int n = enrolment_for_learner(r, r->user.id, &e);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Mes inscriptions"));
	html_printf(h, "<h1>%s</h1>", _("Mes inscriptions"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s <a href=\"/catalogue\">%s</a></p>",
		            _("Vous n'êtes inscrit à aucune formation pour l'instant."),
		            _("Parcourir le catalogue"));
	else
		enrolment_table(h, r, e, n, false);
	return page_end(r, h);
}

/* GET /mes-enfants */
int enrolment_page_children(struct req *r)
{
	struct person *kids;
	int n = people_children(r, r->user.id, &kids);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Mes enfants"));
	html_printf(h, "<h1>%s</h1>", _("Mes enfants"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Aucun enfant n'est rattaché à votre compte. Contactez votre conseiller "
		              "pour le faire."));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<section><h2>%s %s</h2>", kids[i].given_name, kids[i].family_name);
		struct enrolment *e;
		int k = enrolment_for_learner(r, kids[i].id, &e);
		if (k <= 0)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune inscription."));
		else
			enrolment_table(h, r, e, k, false);
		html_printf(h, "<p><a href=\"/catalogue\">%s</a></p></section>",
		            _("Inscrire cet enfant à une formation"));
	}
	return page_end(r, h);
}

/* ---- One enrolment ---- */

static void documents_section(struct html *h, struct req *r, const struct enrolment *en,
                              const struct err *e)
{
	struct requirement *q;
	int nq = en->programme_id ? catalogue_requirements(r, en->programme_id, &q) : 0;
	if (nq <= 0)
		return;
	struct enrolment_doc *d;
	int nd = enrolment_documents(r, en->id, &d);
	bool decider = (r->user.roles & ENROLMENT_DECIDERS) != 0;
	bool waiting = strcmp(en->status, "submitted") == 0 || strcmp(en->status, "active") == 0;
	html_printf(h, "<h2 id=\"pieces\">%s</h2>", _("Pièces justificatives"));
	form_errors(h, e);
	for (int i = 0; i < nq; i++) {
		html_printf(h, "<section class=\"doc\"><h3>%s</h3>", q[i].title);
		if (q[i].description[0])
			html_printf(h, "<p class=\"hint\">%s</p>", q[i].description);
		bool ok = false, pending = false;
		for (int j = 0; j < nd; j++) {
			if (d[j].requirement_id != q[i].id)
				continue;
			ok |= strcmp(d[j].status, "accepted") == 0;
			pending |= strcmp(d[j].status, "pending") == 0;
			html_printf(h, "<p><a href=\"/inscriptions/%lld/pieces/%lld\">%s</a> (%s, %s) — ",
			            (long long)en->id, (long long)d[j].id, d[j].filename,
			            fmt_datetime(r->arena, d[j].uploaded_at),
			            arena_printf(r->arena, _("%lld Ko"), (long long)((d[j].size + 1023) / 1024)));
			if (strcmp(d[j].status, "accepted") == 0)
				html_printf(h, "<strong>%s</strong>", _("acceptée"));
			else if (strcmp(d[j].status, "rejected") == 0)
				html_printf(h, "<strong>%s</strong> : %s", _("refusée"), d[j].review_note);
			else
				html_printf(h, "%s", _("en cours d'examen"));
			html_printf(h, "</p>");
			if (decider && strcmp(d[j].status, "pending") == 0) {
				form_open(h, r, arena_printf(r->arena, "/inscriptions/%lld/pieces/%lld/examen",
				                             (long long)en->id, (long long)d[j].id), false);
				form_field(h, &(struct field_view){.name = "note",
				                                   .id = arena_printf(r->arena, "note-%lld", (long long)d[j].id),
				                                   .label = _("Note pour la famille (obligatoire si refus)")}, NULL);
				html_printf(h, "<div class=\"actions\"><button type=\"submit\" name=\"decision\" "
				               "value=\"accept\">%s</button> <button type=\"submit\" name=\"decision\" "
				               "value=\"reject\" class=\"danger\">%s</button></div></form>",
				            _("Accepter"), _("Refuser"));
			}
		}
		if (!ok && !pending && waiting) {
			form_open(h, r, arena_printf(r->arena, "/inscriptions/%lld/pieces", (long long)en->id), true);
			html_printf(h, "<input type=\"hidden\" name=\"requirement_id\" value=\"%lld\">",
			            (long long)q[i].id);
			form_field(h, &(struct field_view){.name = "file",
			                                   .id = arena_printf(r->arena, "file-%lld", (long long)q[i].id),
			                                   .label = arena_printf(r->arena, _("Fichier pour « %s »"), q[i].title),
			                                   .type = "file", .accept = "application/pdf,image/jpeg,image/png",
			                                   .hint = _("PDF, JPEG ou PNG.")}, NULL);
			form_close(h, _("Envoyer la pièce"));
		}
		html_printf(h, "</section>");
	}
}

static void decisions_section(struct html *h, struct req *r, const struct enrolment *en)
{
	static const char *const targets[] = {"active", "suspended", "completed", "cancelled"};
	html_printf(h, "<h2>%s</h2>", _("Décision"));
	form_open(h, r, arena_printf(r->arena, "/inscriptions/%lld/statut", (long long)en->id), false);
	struct option opts[4];
	int n = 0;
	for (size_t i = 0; i < 4; i++)
		if (strcmp(targets[i], en->status) != 0)
			opts[n++] = (struct option){targets[i], enrolment_status_label(targets[i])};
	form_select(h, "status", _("Nouvel état"), opts, n, NULL, NULL);
	form_field(h, &(struct field_view){.name = "note", .label = _("Note")}, NULL);
	form_close(h, _("Changer l'état"));

	html_printf(h, "<h2>%s</h2>", _("Aménagements"));
	form_open(h, r, arena_printf(r->arena, "/inscriptions/%lld/amenagements", (long long)en->id), false);
	form_field(h, &(struct field_view){.name = "extra_time_pct", .label = _("Temps supplémentaire sur les échéances (%)"),
	                                   .type = "number",
	                                   .value = arena_printf(r->arena, "%lld", (long long)en->extra_time_pct)}, NULL);
	form_checkbox(h, "reduced_homework", _("Devoirs allégés"), en->reduced_homework);
	form_field(h, &(struct field_view){.name = "spread_years", .label = _("Formation étalée sur (années)"),
	                                   .type = "number",
	                                   .value = arena_printf(r->arena, "%lld", (long long)en->spread_years)}, NULL);
	form_field(h, &(struct field_view){.name = "accommodation_note", .label = _("Note sur les aménagements"),
	                                   .type = "textarea", .value = en->accommodation_note}, NULL);
	form_close(h, _("Enregistrer les aménagements"));
}

int enrolment_render(struct req *r, int64_t id, const struct err *e)
{
	struct enrolment en;
	int rc = enrolment_get(r, id, &en);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_TOO_LARGE ? 413 : e->code == ERR_FORBIDDEN ? 403 : 400;
	struct html *h = page_begin(r, en.title);
	html_printf(h, "<h1>%s</h1><dl class=\"facts\"><dt>%s</dt><dd>%s (%s)</dd><dt>%s</dt><dd>",
	            en.title, _("Apprenant"), en.learner_name, en.learner_login, _("État"));
	enrolment_status_tag(h, en.status);
	html_printf(h, "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>", _("Demandée le"),
	            fmt_datetime(r->arena, en.created_at), _("Prix"), fmt_money(r->arena, en.price_cents));
	if (en.extra_time_pct || en.reduced_homework || en.spread_years > 1) {
		html_printf(h, "<dt>%s</dt><dd>", _("Aménagements"));
		if (en.extra_time_pct)
			html_printf(h, _("%lld %% de temps en plus sur les échéances. "), (long long)en.extra_time_pct);
		if (en.reduced_homework)
			html_printf(h, "%s ", _("Devoirs allégés."));
		if (en.spread_years > 1)
			html_printf(h, _("Formation étalée sur %lld ans."), (long long)en.spread_years);
		html_printf(h, "</dd>");
	}
	if (en.accommodation_note[0])
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("Besoins particuliers"), en.accommodation_note);
	html_printf(h, "</dl>");
	if (!e || e->field == NULL || strcmp(e->field, "file") != 0)
		form_errors(h, e);
	documents_section(h, r, &en, e && e->field && strcmp(e->field, "file") == 0 ? e : NULL);
	bool decider = (r->user.roles & ENROLMENT_DECIDERS) != 0;
	if (decider)
		decisions_section(h, r, &en);
	else if (strcmp(en.status, "submitted") == 0)
		button_form(h, r, arena_printf(r->arena, "/inscriptions/%lld/annuler", (long long)id),
		            _("Annuler la demande"), "danger");

	struct enrolment_event *v;
	int nv = enrolment_events(r, id, &v);
	html_printf(h, "<h2>%s</h2><ol class=\"history\">", _("Historique"));
	for (int i = 0; i < nv; i++) {
		html_printf(h, "<li><time>%s</time> — %s", fmt_datetime(r->arena, v[i].at),
		            arena_printf(r->arena, _("%s : %s"), v[i].actor_name,
		                         enrolment_status_label(v[i].to_status)));
		if (v[i].note[0])
			html_printf(h, " (%s)", v[i].note);
		html_printf(h, "</li>");
	}
	html_printf(h, "</ol>");
	return page_end(r, h);
}

/* GET /inscriptions/{id} */
int enrolment_page_show(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : enrolment_render(r, id, NULL);
}

static int after_change(struct req *r, int64_t id, int rc, const struct err *e, const char *ok)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return enrolment_render(r, id, e);
	page_flash(r, "ok", ok);
	return reply_redirect(r, enrolment_url(r, id));
}

/* POST /inscriptions/{id}/pieces (multipart): requirement_id, file */
int enrolment_page_upload(struct req *r)
{
	int64_t id, req_id = 0;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	if (!req_form(r, "requirement_id") || !str_to_int64(req_form(r, "requirement_id"), &req_id))
		req_id = 0;
	struct err e = {0};
	int rc = enrolment_document_add(r, id, req_id, req_upload(r, "file"), &e);
	return after_change(r, id, rc, &e, _("La pièce a été envoyée ; un conseiller va l'examiner."));
}

/* GET /inscriptions/{id}/pieces/{doc}: the file */
int enrolment_page_document(struct req *r)
{
	int64_t id, doc;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "doc", &doc);
	if (st)
		return st;
	struct enrolment_doc d;
	int rc = enrolment_document_get(r, id, doc, &d);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_file(r, files_path(r->arena, d.sha256), d.content_type, d.filename);
}

/* POST /inscriptions/{id}/pieces/{doc}/examen: decision=accept|reject, note */
int enrolment_page_review(struct req *r)
{
	int64_t id, doc;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "doc", &doc);
	if (st)
		return st;
	struct enrolment_doc d;
	if (enrolment_document_get(r, id, doc, &d) != 0)
		return page_not_found(r);
	const char *decision = req_form(r, "decision");
	bool accept = decision && strcmp(decision, "accept") == 0;
	struct err e = {0};
	int rc = enrolment_document_review(r, doc, accept, req_form(r, "note"), &e);
	return after_change(r, id, rc, &e, accept ? _("La pièce est acceptée.") : _("La pièce est refusée."));
}

/* POST /inscriptions/{id}/statut: status, note */
int enrolment_page_status(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = enrolment_set_status(r, id, req_form(r, "status"), req_form(r, "note"), &e);
	return after_change(r, id, rc, &e, _("L'état de l'inscription a été changé."));
}

/* POST /inscriptions/{id}/annuler */
int enrolment_page_cancel(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = enrolment_set_status(r, id, "cancelled", _("Annulée par la famille."), &e);
	return after_change(r, id, rc, &e, _("La demande d'inscription est annulée."));
}

/* POST /inscriptions/{id}/amenagements: extra_time_pct, reduced_homework, spread_years, accommodation_note */
int enrolment_page_accommodations(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = enrolment_set_accommodations(r, id, req_form(r, "extra_time_pct"),
	                                      req_form(r, "reduced_homework") != NULL,
	                                      req_form(r, "spread_years"),
	                                      req_form(r, "accommodation_note"), &e);
	return after_change(r, id, rc, &e, _("Les aménagements ont été enregistrés."));
}
