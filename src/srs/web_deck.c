/*
** This file implements the deck and card pages: a deck as its learners see
** it (what is due, their desired retention, their own cards) and as its
** staff see it (the cards learners fail most, fitting the course's
** parameters), and as authors edit it (settings and bounds, cards, GIFT
** import); a card (note) with the cards it makes, its edit form, image.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/page.h"
#include "courses/courses.h"
#include "kernel/clock.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "questions/questions.h"
#include "srs/cloze.h"
#include "srs/optimizer.h"
#include "srs/srs.h"
#include "srs/web.h"

#define NOTES_PER_PAGE 50

/* What a failed form held, to show it again with its error. */
struct deck_form {
	const char *which;        /* settings, retention, note, import */
	struct srs_deck_input settings;
	const char *retention;
	struct srs_note_input note;
	const char *gift;
	const char *category;
	const struct err *e;
};

static const char *percent_field(struct arena *a, int per_mille)
{
	char sep = i18n_lang() == LANG_EN ? '.' : ',';
	if (per_mille % 10 == 0)
		return arena_printf(a, "%d", per_mille / 10);
	return arena_printf(a, "%d%c%d", per_mille / 10, sep, per_mille % 10);
}

static const struct err *err_for(const struct deck_form *f, const char *which)
{
	return f && f->which && strcmp(f->which, which) == 0 ? f->e : NULL;
}

static const char *loss_text(struct arena *a, double v)
{
	if (!isfinite(v))
		return "—";
	char *s = arena_printf(a, "%.4f", v);
	if (i18n_lang() != LANG_EN)
		for (char *p = s; *p; p++)
			if (*p == '.')
				*p = ',';
	return s;
}

void srs_fits_table(struct html *h, struct req *r, const struct srs_fit *f, int n)
{
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun calcul pour l'instant : les paramètres par défaut sont utilisés."));
		return;
	}
	html_printf(h, "<table class=\"srs-fits\"><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Calculs des paramètres (perte logarithmique sur des cartes mises de côté : plus bas, c'est mieux)"),
	            _("Demandé le"), _("Révisions lues"), _("Paramètres par défaut"), _("Paramètres ajustés"),
	            _("Résultat"));
	for (int i = 0; i < n; i++) {
		const char *outcome;
		if (f[i].status == SRS_FIT_QUEUED)
			outcome = _("en cours de calcul");
		else if (f[i].status == SRS_FIT_FAILED)
			outcome = _("échec du calcul");
		else if (f[i].outcome == FSRS_OPT_FITTED)
			outcome = _("paramètres ajustés, utilisés désormais");
		else if (f[i].outcome == FSRS_OPT_TOO_FEW_REVIEWS)
			outcome = _("pas assez de révisions : paramètres par défaut");
		else
			outcome = _("les paramètres par défaut prédisent mieux : ils sont gardés");
		html_printf(h, "<tr><th scope=\"row\">%s</th><td>%lld</td><td>%s</td><td>%s</td><td>%s",
		            fmt_datetime(r->arena, f[i].requested_at), (long long)f[i].n_reviews,
		            loss_text(r->arena, f[i].loss_default), loss_text(r->arena, f[i].loss_fitted), outcome);
		if (f[i].status == SRS_FIT_DONE && f[i].n_test)
			html_printf(h, " <span class=\"meta\">%s</span>",
			            arena_printf(r->arena, f[i].held_out ? _("(%lld réponses mises de côté)")
			                                                 : _("(%lld réponses d'entraînement)"),
			                         (long long)f[i].n_test));
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
}

/* ---- The deck page ---- */

static void note_form(struct html *h, struct req *r, const char *action, const struct srs_note *n,
                      const struct srs_note_input *typed, const struct err *e, const char *submit)
{
	form_open(h, r, action, true);
	form_errors(h, e);
	if (!n) {
		static const struct option kinds[] = {
			{"basic", N_("Recto-verso : une question, sa réponse")},
			{"cloze", N_("Texte à trous : une carte par trou {{c1::…}}")},
		};
		struct option opts[2] = {{kinds[0].value, _(kinds[0].label)}, {kinds[1].value, _(kinds[1].label)}};
		form_select(h, "kind", _("Type de carte"), opts, 2, typed && typed->kind ? typed->kind : "basic", e);
	}
	bool cloze = n && strcmp(n->kind, "cloze") == 0;
	form_field(h, &(struct field_view){.name = "front", .type = "textarea",
		.label = n ? (cloze ? _("Texte à trous") : _("Recto (question)")) : _("Recto (question), ou texte à trous"),
		.value = typed ? typed->front_md : n ? n->front_md : NULL, .required = true,
		.hint = _("En Markdown. Un trou s'écrit {{c1::réponse}} ou {{c1::réponse::indice}} ; "
		          "le même numéro cache plusieurs passages sur une même carte.")}, e);
	form_field(h, &(struct field_view){.name = "back", .type = "textarea",
		.label = n ? (cloze ? _("Complément montré avec la réponse (facultatif)") : _("Verso (réponse)"))
		           : _("Verso (réponse) ; facultatif pour un texte à trous"),
		.value = typed ? typed->back_md : n ? n->back_md : NULL}, e);
	form_field(h, &(struct field_view){.name = "image", .type = "file", .label = _("Image (facultative)"),
		.accept = "image/png,image/jpeg,image/gif,image/webp", .hint = _("PNG, JPEG, GIF ou WebP, 2 Mo au plus.")}, e);
	form_field(h, &(struct field_view){.name = "image_alt", .label = _("Description de l'image"),
		.value = typed ? typed->image_alt : n ? n->image_alt : NULL,
		.hint = _("Ce que montre l'image, pour qui ne la voit pas.")}, e);
	if (n && n->image_sha256)
		form_checkbox(h, "remove_image", _("Retirer l'image"), false);
	form_close(h, submit);
}

static void notes_list(struct html *h, struct req *r, const struct srs_note *notes, int n)
{
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune carte pour l'instant."));
		return;
	}
	html_printf(h, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>", _("Carte"), _("Type"), _("Modifiée le"));
	for (int i = 0; i < n; i++) {
		bool cloze = strcmp(notes[i].kind, "cloze") == 0;
		html_printf(h, "<tr><th scope=\"row\"><a href=\"/revisions/cartes/%lld\">%s</a></th><td>%s</td><td>%s</td></tr>",
		            (long long)notes[i].id,
		            cloze_plain(r->arena, notes[i].kind, notes[i].front_md, 0, 90),
		            cloze ? arena_printf(r->arena, _("texte à trous, %d carte(s)"), notes[i].ncards)
		                  : _("recto-verso"),
		            fmt_date(r->arena, notes[i].updated_at));
	}
	html_printf(h, "</tbody></table>");
}

static void learner_part(struct html *h, struct req *r, const struct srs_deck *d, const struct deck_form *f)
{
	html_printf(h, "<p class=\"lead\">%s</p>",
	            arena_printf(r->arena, _("Aujourd'hui : %lld carte(s) à revoir et %lld nouvelle(s)."),
	                         (long long)d->due_now, (long long)d->new_left));
	if (d->due_now + d->new_left)
		html_printf(h, "<p><a class=\"button\" href=\"/revisions/seance?paquet=%lld\">%s</a></p>",
		            (long long)d->id, _("Réviser ce paquet"));

	html_printf(h, "<h2>%s</h2><p>%s</p>", _("Ma rétention visée"),
	            arena_printf(r->arena, _("La part des cartes que vous voulez retrouver au moment de les revoir. "
	                                     "Plus elle est haute, plus les révisions sont fréquentes. Le paquet "
	                                     "propose %s %%, vous pouvez choisir entre %s et %s %%."),
	                         percent_field(r->arena, d->retention), percent_field(r->arena, d->retention_min),
	                         percent_field(r->arena, d->retention_max)));
	const struct err *e = err_for(f, "retention");
	form_open(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/retention", (long long)d->id), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "retention", .label = _("Rétention visée (en %)"),
		.value = e ? f->retention : d->my_retention ? percent_field(r->arena, d->my_retention) : "",
		.hint = _("Laissez vide pour suivre le réglage du paquet.")}, e);
	form_close(h, _("Enregistrer"));

	struct srs_note *own;
	int n = srs_notes_list(r, d->id, true, 0, 200, &own);
	html_printf(h, "<h2>%s</h2>", _("Mes propres cartes"));
	if (n > 0)
		notes_list(h, r, own, n);
	else
		html_printf(h, "<p class=\"empty\">%s</p>", _("Ajoutez ici les cartes qui vous aident ; vous seul les voyez."));
	html_printf(h, "<h3>%s</h3>", _("Ajouter une carte"));
	e = err_for(f, "note");
	note_form(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/cartes", (long long)d->id), NULL,
	          e ? &f->note : NULL, e, _("Ajouter la carte"));
}

static void staff_part(struct html *h, struct req *r, const struct srs_deck *d)
{
	struct srs_lapse_card *lc;
	int n = srs_lapse_cards(r, d->id, 5, 20, &lc);
	html_printf(h, "<h2>%s</h2>", _("Cartes les plus souvent oubliées"));
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Pas encore assez de révisions (5 au moins par carte connue)."));
	} else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Part des révisions de cartes connues où les élèves ont répondu « À revoir »"),
		            _("Carte"), _("Taux d'oubli"), _("Oublis"), _("Révisions"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><th scope=\"row\"><a href=\"/revisions/cartes/%lld\">%s</a></th><td>%lld %%</td>"
			               "<td>%lld</td><td>%lld</td></tr>",
			            (long long)lc[i].note_id, lc[i].excerpt,
			            (long long)((lc[i].lapses * 100 + lc[i].reviews / 2) / lc[i].reviews),
			            (long long)lc[i].lapses, (long long)lc[i].reviews);
		html_printf(h, "</tbody></table>");
	}
	struct srs_fit *fits;
	int nf = srs_fits_list(r, d->id, 5, &fits);
	html_printf(h, "<h2>%s</h2><p>%s</p>", _("Paramètres du cours"),
	            _("Ajuster les paramètres FSRS sur les révisions des élèves du cours ; ils servent à ceux qui "
	              "n'ont pas encore leurs propres paramètres."));
	button_form(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/ajuster", (long long)d->id),
	            _("Ajuster les paramètres du cours"), NULL);
	if (nf >= 0)
		srs_fits_table(h, r, fits, nf);
}

static void editor_part(struct html *h, struct req *r, const struct srs_deck *d, const struct deck_form *f,
                        int page)
{
	html_printf(h, "<h2>%s</h2>", _("Réglages du paquet"));
	const struct err *e = err_for(f, "settings");
	const struct srs_deck_input *in = e ? &f->settings : NULL;
	form_open(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/reglages", (long long)d->id), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Titre"), .required = true,
		.value = in ? in->title : d->title}, e);
	form_field(h, &(struct field_view){.name = "description", .type = "textarea", .label = _("Présentation"),
		.value = in ? in->description_md : d->description_md}, e);
	html_printf(h, "<fieldset><legend>%s</legend><p class=\"hint\">%s</p>", _("Rétention visée (en %)"),
	            _("Entre 70 % et 99 %. Les élèves choisissent la leur entre le minimum et le maximum."));
	form_field(h, &(struct field_view){.name = "retention", .label = _("Proposée aux élèves"), .required = true,
		.value = in ? in->retention : percent_field(r->arena, d->retention)}, e);
	form_field(h, &(struct field_view){.name = "retention_min", .label = _("Minimum"), .required = true,
		.value = in ? in->retention_min : percent_field(r->arena, d->retention_min)}, e);
	form_field(h, &(struct field_view){.name = "retention_max", .label = _("Maximum"), .required = true,
		.value = in ? in->retention_max : percent_field(r->arena, d->retention_max)}, e);
	html_printf(h, "</fieldset>");
	form_field(h, &(struct field_view){.name = "new_per_day", .type = "number", .required = true,
		.label = _("Nouvelles cartes par jour et par élève"),
		.value = in ? in->new_per_day : arena_printf(r->arena, "%d", d->new_per_day)}, e);
	form_checkbox(h, "published", _("Paquet visible des élèves"), in ? in->published : d->published);
	form_close(h, _("Enregistrer les réglages"));

	html_printf(h, "<h2>%s</h2>", _("Ajouter une carte"));
	e = err_for(f, "note");
	note_form(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/cartes", (long long)d->id), NULL,
	          e ? &f->note : NULL, e, _("Ajouter la carte"));

	html_printf(h, "<h2>%s</h2><p>%s</p>", _("Importer des questions (GIFT)"),
	            _("Collez des questions au format GIFT de Moodle : une question à trou devient un texte à "
	              "trous, une question d'appariement une carte par paire, les autres une question et sa "
	              "bonne réponse. Les questions ouvertes sont ignorées."));
	e = err_for(f, "import");
	form_open(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/import", (long long)d->id), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "gift", .type = "textarea", .label = _("Questions GIFT"),
		.value = e ? f->gift : NULL, .required = true}, e);
	form_close(h, _("Importer"));

	struct question_category *cats;
	int nc = questions_categories(r, &cats);
	html_printf(h, "<h2>%s</h2>", _("Depuis la banque de questions"));
	if (nc <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("La banque de questions est vide."));
	} else {
		struct option *opts = arena_array(r->arena, (size_t)nc, sizeof *opts);
		for (int i = 0; i < nc; i++) {
			opts[i].value = arena_printf(r->arena, "%lld", (long long)cats[i].id);
			opts[i].label = arena_printf(r->arena, _("%s (%lld questions)"), cats[i].path,
			                             (long long)cats[i].questions);
		}
		e = err_for(f, "bank");
		form_open(h, r, arena_printf(r->arena, "/revisions/paquets/%lld/banque", (long long)d->id), false);
		form_errors(h, e);
		html_printf(h, "<p class=\"hint\">%s</p>",
		            _("Chaque question de la catégorie devient une ou plusieurs cartes, avec son image ; "
		              "les questions déjà transformées ne sont pas reprises."));
		form_select(h, "category", _("Catégorie"), opts, nc, e ? f->category : NULL, e);
		form_close(h, _("Transformer en cartes"));
	}

	struct srs_note *notes;
	int n = srs_notes_list(r, d->id, false, (page - 1) * NOTES_PER_PAGE, NOTES_PER_PAGE + 1, &notes);
	html_printf(h, "<h2>%s</h2>", arena_printf(r->arena, _("Cartes du paquet (%lld)"), (long long)d->cards));
	if (n >= 0) {
		notes_list(h, r, notes, n > NOTES_PER_PAGE ? NOTES_PER_PAGE : n);
		pager(h, r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)d->id), "", page,
		      n > NOTES_PER_PAGE);
	}
}

static int render_deck(struct req *r, int64_t id, const struct deck_form *f)
{
	struct srs_deck d;
	int rc = srs_deck_get(r, id, clock_now(), &d);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (f && f->e && f->e->code)
		r->status = f->e->code == ERR_TOO_LARGE ? 413 : 400;
	int page = 1;
	const char *p = req_query(r, "page");
	int64_t v;
	if (p && str_to_int64(p, &v) && v > 0 && v < 100000)
		page = (int)v;
	struct html *h = page_begin(r, d.title);
	html_printf(h, "<p><a href=\"/revisions\">%s</a></p><h1>%s</h1><p class=\"meta\">%s</p>",
	            _("← Révisions"), d.title,
	            arena_printf(r->arena, _("Cours : %s · %lld cartes%s"), d.course_title, (long long)d.cards,
	                         d.published ? "" : _(" · caché aux élèves")));
	if (d.description_md[0]) {
		html_printf(h, "<div class=\"prose\">");
		html_raw_trusted(h, markdown_to_html(r->arena, d.description_md));
		html_printf(h, "</div>");
	}
	if (d.access == COURSE_LEARNER)
		learner_part(h, r, &d, f);
	if (d.access >= COURSE_STAFF)
		staff_part(h, r, &d);
	if (d.access == COURSE_EDITOR)
		editor_part(h, r, &d, f, page);
	return page_end(r, h);
}

/* GET /revisions/paquets/{id}[?page=] */
int srs_page_deck(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	return render_deck(r, id, NULL);
}

/* The answer to a deck form: back to the deck with a message, or the deck
** page again with the form and its error. */
static int after_deck(struct req *r, int64_t id, int rc, const struct deck_form *f, const char *ok)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_deck(r, id, f);
	page_flash(r, "ok", ok);
	return reply_redirect(r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)id));
}

/* POST /revisions/cours/{id}/paquet - give a course its deck */
int srs_page_deck_create(struct req *r)
{
	int64_t course, id = 0;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct err e = {0};
	int rc = srs_deck_create(r, course, req_form(r, "title"), &id, &e);
	if (rc == ERR_CONFLICT && id)
		return reply_redirect(r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)id));
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Le paquet est créé : ajoutez-lui des cartes."));
	return reply_redirect(r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)id));
}

/* POST /revisions/paquets/{id}/reglages: title, description, retention,
** retention_min, retention_max, new_per_day, published */
int srs_page_deck_settings(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct deck_form f = {.which = "settings", .e = &e, .settings = {
		.title = req_form(r, "title"), .description_md = req_form(r, "description"),
		.retention = req_form(r, "retention"), .retention_min = req_form(r, "retention_min"),
		.retention_max = req_form(r, "retention_max"), .new_per_day = req_form(r, "new_per_day"),
		.published = req_form(r, "published") != NULL}};
	int rc = srs_deck_update(r, id, &f.settings, &e);
	return after_deck(r, id, rc, &f, _("Les réglages sont enregistrés."));
}

/* POST /revisions/paquets/{id}/retention: retention (the learner's own) */
int srs_page_deck_retention(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct deck_form f = {.which = "retention", .e = &e, .retention = req_form(r, "retention")};
	int rc = srs_learner_retention_set(r, id, f.retention, &e);
	return after_deck(r, id, rc, &f, _("Votre rétention visée est enregistrée."));
}

/* POST /revisions/paquets/{id}/ajuster - fit the course's parameters */
int srs_page_deck_fit(struct req *r)
{
	int64_t id, fit;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = srs_fit_request(r, id, &fit, &e);
	if (rc == ERR_CONFLICT) {
		page_flash(r, "error", e.msg);
		return reply_redirect(r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)id));
	}
	return after_deck(r, id, rc, NULL, _("Calcul demandé : le résultat s'affichera ici dans un instant."));
}

static struct srs_note_input note_input(struct req *r)
{
	return (struct srs_note_input){
		.kind = req_form(r, "kind"), .front_md = req_form(r, "front"), .back_md = req_form(r, "back"),
		.image = req_upload(r, "image"), .image_alt = req_form(r, "image_alt"),
		.remove_image = req_form(r, "remove_image") != NULL,
	};
}

/* POST /revisions/paquets/{id}/cartes (multipart): kind, front, back,
** image, image_alt */
int srs_page_note_add(struct req *r)
{
	int64_t id, note;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct deck_form f = {.which = "note", .e = &e, .note = note_input(r)};
	int ncards = 0;
	int rc = srs_note_add(r, id, &f.note, &note, &ncards, &e);
	return after_deck(r, id, rc, &f,
	                  ncards > 1 ? arena_printf(r->arena, _("La carte est ajoutée (%d cartes, une par trou)."), ncards)
	                             : _("La carte est ajoutée."));
}

/* POST /revisions/paquets/{id}/import: gift */
int srs_page_import(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct deck_form f = {.which = "import", .e = &e, .gift = req_form(r, "gift")};
	struct srs_import_result res = {0};
	int rc = srs_import_gift(r, id, f.gift, &res, &e);
	return after_deck(r, id, rc, &f,
	                  arena_printf(r->arena, _("%d question(s) lue(s) : %d carte(s) créée(s), %d ignorée(s)."),
	                               res.questions, res.cards, res.skipped));
}

/* POST /revisions/paquets/{id}/banque: category (of the question bank) */
int srs_page_import_bank(struct req *r)
{
	int64_t id, cat = 0;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	struct deck_form f = {.which = "bank", .e = &e, .category = req_form(r, "category")};
	if (!f.category || !str_to_int64(f.category, &cat) || cat <= 0)
		cat = 0;
	struct srs_import_result res = {0};
	int rc = cat ? srs_import_bank(r, id, cat, &res, &e)
	             : err_set(&e, ERR_INVALID, "category", "%s", _("Choisissez une catégorie."));
	if (rc == ERR_NOT_FOUND && cat) {
		struct srs_deck d;
		if (srs_deck_get(r, id, 0, &d) == 0) /* the deck exists: the category does not */
			rc = err_set(&e, ERR_INVALID, "category", "%s", _("Catégorie introuvable."));
	}
	return after_deck(r, id, rc, &f,
	                  arena_printf(r->arena, _("%d question(s) lue(s) : %d carte(s) créée(s), %d ignorée(s), "
	                                           "%d déjà dans le paquet."),
	                               res.questions, res.cards, res.skipped, res.already));
}

/* ---- A note ---- */

static int render_note(struct req *r, int64_t id, const struct srs_note_input *typed, const struct err *e)
{
	struct srs_note n;
	int rc = srs_note_get(r, id, &n);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	struct srs_deck d;
	rc = srs_deck_get(r, n.deck_id, clock_now(), &d);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = 400;
	bool editable = n.owner_id ? n.owner_id == r->user.id : d.access == COURSE_EDITOR;
	bool cloze = strcmp(n.kind, "cloze") == 0;
	struct html *h = page_begin(r, _("Carte"));
	html_printf(h, "<p><a href=\"/revisions/paquets/%lld\">%s</a></p><h1>%s</h1>", (long long)d.id,
	            arena_printf(r->arena, _("← %s"), d.title),
	            cloze ? _("Texte à trous") : _("Carte recto-verso"));
	int numbers[CLOZE_MAX_NUMBER];
	int count = cloze ? cloze_numbers(n.front_md, numbers, CLOZE_MAX_NUMBER) : 1;
	if (!cloze)
		numbers[0] = 0;
	for (int i = 0; i < count && i < CLOZE_MAX_NUMBER; i++) {
		char *front, *back;
		cloze_render(r->arena, n.kind, n.front_md, n.back_md, numbers[i], &front, &back);
		html_printf(h, "<section class=\"srs-card\"><h2>%s</h2><h3>%s</h3><div class=\"srs-front\">",
		            cloze ? arena_printf(r->arena, _("Carte %d"), numbers[i]) : _("Aperçu"), _("Question"));
		html_raw_trusted(h, front);
		if (n.image_sha256)
			html_printf(h, "<img src=\"/revisions/cartes/%lld/image\" alt=\"%s\">", (long long)n.id, n.image_alt);
		html_printf(h, "</div><h3>%s</h3><div class=\"srs-back\">", _("Réponse"));
		html_raw_trusted(h, back);
		html_printf(h, "</div></section>");
	}
	if (editable) {
		html_printf(h, "<h2>%s</h2><p class=\"hint\">%s</p>", _("Modifier"),
		            _("Les élèves gardent leur historique : une carte modifiée reste la même carte. "
		              "Un trou retiré n'est plus proposé ; un trou ajouté devient une nouvelle carte."));
		note_form(h, r, arena_printf(r->arena, "/revisions/cartes/%lld", (long long)id), &n, typed, e,
		          _("Enregistrer la carte"));
		button_form(h, r, arena_printf(r->arena, "/revisions/cartes/%lld/supprimer", (long long)id),
		            _("Supprimer cette carte"), "danger");
	}
	return page_end(r, h);
}

/* GET /revisions/cartes/{id} - a note, its cards, and its edit form */
int srs_page_note(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	return render_note(r, id, NULL, NULL);
}

/* POST /revisions/cartes/{id} (multipart): front, back, image, image_alt,
** remove_image */
int srs_page_note_update(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct srs_note_input in = note_input(r);
	struct err e = {0};
	int rc = srs_note_update(r, id, &in, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_note(r, id, &in, &e);
	page_flash(r, "ok", _("La carte est enregistrée."));
	return reply_redirect(r, arena_printf(r->arena, "/revisions/cartes/%lld", (long long)id));
}

/* POST /revisions/cartes/{id}/supprimer */
int srs_page_note_delete(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct srs_note n;
	int rc = srs_note_get(r, id, &n);
	struct err e = {0};
	if (rc == 0)
		rc = srs_note_delete(r, id, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("La carte est supprimée ; les révisions déjà faites restent dans l'historique."));
	return reply_redirect(r, arena_printf(r->arena, "/revisions/paquets/%lld", (long long)n.deck_id));
}

/* GET /revisions/cartes/{id}/image */
int srs_page_note_image(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *path, *type;
	int rc = srs_note_image(r, id, &path, &type);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	req_add_header(r, "Cache-Control", "private, max-age=86400");
	return reply_file_inline(r, path, type, "image");
}
