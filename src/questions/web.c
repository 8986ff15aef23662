/*
** This file implements the pages of the question bank: categories and
** their questions, each question written and corrected as GIFT text (the
** format teachers bring from Moodle, with the line of every error), its
** medium and what it shows, archiving, and the import of a whole GIFT file
** (preview with every error and its line, then all or nothing) and export.
*/
#include <stdio.h>
#include <string.h>

#include "app/page.h"
#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/text.h"
#include "questions/web.h"

#define GIFT_FIELD_MAX (4u * 1024u * 1024u)

char *questions_read_upload(struct req *r, const struct upload *up, size_t max, size_t *len,
                            bool *too_large)
{
	*too_large = false;
	*len = 0;
	if (!up)
		return NULL;
	if (up->size < 0 || (uint64_t)up->size > max) {
		*too_large = true;
		return NULL;
	}
	char *data = arena_alloc(r->arena, (size_t)up->size + 1);
	FILE *f = fopen(up->path, "rb");
	size_t n = f ? fread(data, 1, (size_t)up->size, f) : 0;
	if (f)
		fclose(f);
	if (n != (size_t)up->size)
		return NULL;
	data[n] = 0;
	*len = n;
	return data;
}

static const char *excerpt(struct req *r, const char *s, size_t max)
{
	const char *t = s ? s : "";
	if (utf8_length(t) <= max)
		return t;
	const char *p = t;
	for (size_t i = 0; i < max && *p; i++) {
		size_t left = strlen(p);
		(void)utf8_decode(&p, left);
	}
	return arena_printf(r->arena, "%s…", arena_strndup(r->arena, t, (size_t)(p - t)));
}

static const char *question_label(struct req *r, const struct question *q)
{
	if (q->q.title && *q->q.title)
		return q->q.title;
	return excerpt(r, q->q.text, 80);
}

/* The syntax reminder shown beside every GIFT editor. */
static void gift_help(struct html *h)
{
	html_printf(h, "<details class=\"help\"><summary>%s</summary><p>%s</p><pre>", _("Rappel du format GIFT"),
	            _("Une question par bloc, séparés par une ligne vide. Les réponses sont entre accolades : "
	              "= la bonne, ~ une mauvaise, ~%50% une réponse qui rapporte la moitié des points, "
	              "# un commentaire pour qui la choisit, #### le commentaire général."));
	html_text(h,
		"::Panneau::Que signifie ce panneau ? {\n"
		"  =Interdiction de tourner à gauche #Oui.\n"
		"  ~Sens interdit #Non : c'est un disque rouge à barre blanche.\n"
		"  ####Les panneaux d'interdiction sont ronds à bord rouge.\n"
		"}\n\n"
		"Le casque est obligatoire à vélo avant 12 ans. {T}\n\n"
		"Cochez les équipements obligatoires d'un vélo. {\n"
		"  ~%50%Deux freins ~%50%Un avertisseur sonore ~%-100%Un rétroviseur\n"
		"}\n\n"
		"Quelle couleur a un feu qui autorise à passer ? {=vert =%50%verte}\n\n"
		"Vitesse maximale en agglomération, en km/h ? {#50:0}\n\n"
		"Associez chaque panneau à sa forme. {\n"
		"  =Danger -> triangle\n  =Interdiction -> rond\n  =Indication -> carré\n"
		"}\n\n"
		"Racontez un trajet dangereux et ce que vous auriez dû faire. {}\n");
	html_printf(h, "</pre></details>");
}

/* ---- Bank and categories ---- */

static int render_bank(struct req *r, const struct err *e)
{
	struct question_category *c;
	int n = questions_categories(r, &c);
	if (n < 0)
		return page_internal_error(r);
	if (e && e->code)
		r->status = 400;
	struct html *h = page_begin(r, _("Banque de questions"));
	html_printf(h, "<h1>%s</h1><p>%s</p>", _("Banque de questions"),
	            _("Les questions de votre organisation, rangées par catégorie. Les quiz des cours "
	              "et les examens les tirent au hasard d'une ou plusieurs catégories."));
	html_printf(h, "<p><a class=\"button\" href=\"/banque/import\">%s</a> "
	               "<a href=\"/banque/export\">%s</a></p>",
	            _("Importer un fichier GIFT (Moodle)"), _("Exporter toute la banque en GIFT"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune catégorie pour l'instant."));
	else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Catégories"), _("Catégorie"), _("Questions"), _("Entraînement public"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td><a href=\"/banque/categories/%lld\">%s</a></td><td>%lld</td>"
			               "<td>%s</td></tr>",
			            (long long)c[i].id, c[i].path, (long long)c[i].questions,
			            c[i].practice ? _("ouvert") : _("non"));
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<h2>%s</h2>", _("Nouvelle catégorie"));
	form_open(h, r, "/banque/categories", false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "path", .label = _("Nom de la catégorie"),
	                                   .hint = _("Une barre oblique range une catégorie dans une autre : "
	                                             "« Sécurité routière/Panneaux »."),
	                                   .value = req_form(r, "path"), .required = true}, e);
	form_close(h, _("Créer la catégorie"));
	return page_end(r, h);
}

/* GET /banque */
int questions_page_bank(struct req *r)
{
	return render_bank(r, NULL);
}

/* POST /banque/categories: path */
int questions_page_category_create(struct req *r)
{
	struct err e = {0};
	int64_t id;
	int rc = questions_category_ensure(r, req_form(r, "path"), &id, &e);
	if (rc == ERR_INVALID)
		return render_bank(r, &e);
	if (rc)
		return rc == ERR_FORBIDDEN ? page_forbidden(r) : page_internal_error(r);
	return reply_redirect(r, arena_printf(r->arena, "/banque/categories/%lld", (long long)id));
}

static void category_options(struct req *r, struct html *h, int64_t selected)
{
	struct question_category *c;
	int n = questions_categories(r, &c);
	struct option *opts = arena_array(r->arena, (size_t)(n > 0 ? n : 1), sizeof *opts);
	for (int i = 0; i < n; i++)
		opts[i] = (struct option){arena_printf(r->arena, "%lld", (long long)c[i].id), c[i].path};
	form_select(h, "category_id", _("Catégorie"), opts, n > 0 ? n : 0,
	            arena_printf(r->arena, "%lld", (long long)selected), NULL);
}

static int render_category(struct req *r, int64_t id, const char *gift, const struct gift_doc *doc,
                           const struct err *e)
{
	struct question_category c;
	int rc = questions_category_get(r, id, &c);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	struct question *qs;
	int n = questions_in_category(r, id, true, &qs);
	if (n < 0)
		return page_internal_error(r);
	if ((e && e->code) || (doc && doc->nerrors))
		r->status = 422;
	struct html *h = page_begin(r, c.path);
	html_printf(h, "<p><a href=\"/banque\">%s</a></p><h1>%s</h1>", _("← Banque de questions"), c.path);
	html_printf(h, "<p>%s <a href=\"/banque/export?categorie=%lld\">%s</a></p>",
	            c.practice ? _("Ouverte à l'entraînement public : tout le monde peut s'exercer sur ces questions, sans compte.")
	                       : _("Réservée aux quiz et examens."),
	            (long long)id, _("Exporter cette catégorie en GIFT"));
	form_open(h, r, arena_printf(r->arena, "/banque/categories/%lld/entrainement", (long long)id), false);
	html_printf(h, "<input type=\"hidden\" name=\"practice\" value=\"%s\">", c.practice ? "0" : "1");
	form_close(h, c.practice ? _("Fermer à l'entraînement public") : _("Ouvrir à l'entraînement public"));
	if (n == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune question dans cette catégorie."));
	else {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "</tr></thead><tbody>",
		            _("Questions"), _("Question"), _("Type"), _("Média"), _("État"));
		for (int i = 0; i < n; i++)
			html_printf(h, "<tr><td><a href=\"/banque/questions/%lld\">%s</a></td><td>%s</td><td>%s</td>"
			               "<td>%s</td></tr>",
			            (long long)qs[i].id, question_label(r, &qs[i]), question_type_label(qs[i].q.type),
			            qs[i].media_type ? qs[i].media_type : "", qs[i].archived ? _("archivée") : _("active"));
		html_printf(h, "</tbody></table>");
	}
	html_printf(h, "<h2 id=\"nouvelle\">%s</h2>", _("Ajouter une question"));
	form_open(h, r, "/banque/questions", false);
	html_printf(h, "<input type=\"hidden\" name=\"category_id\" value=\"%lld\">", (long long)id);
	form_errors(h, e);
	if (doc && doc->nerrors) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
		            _("La question n'a pas été enregistrée :"));
		for (size_t i = 0; i < doc->nerrors; i++)
			html_printf(h, "<li>%s</li>", arena_printf(r->arena, _("Ligne %d : %s"), doc->errors[i].line,
			                                           doc->errors[i].message));
		html_printf(h, "</ul></div>");
	}
	form_field(h, &(struct field_view){.name = "gift", .type = "textarea", .label = _("Question au format GIFT"),
	                                   .value = gift, .required = true}, e);
	form_close(h, _("Ajouter la question"));
	gift_help(h);
	return page_end(r, h);
}

/* GET /banque/categories/{id} */
int questions_page_category(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_category(r, id, NULL, NULL, NULL);
}

/* POST /banque/categories/{id}/entrainement: practice=1|0 */
int questions_page_category_practice(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = questions_category_set_practice(r, id, str_eq(req_form(r, "practice"), "1"));
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", str_eq(req_form(r, "practice"), "1")
	                    ? _("La catégorie est ouverte à l'entraînement public.")
	                    : _("La catégorie n'est plus ouverte à l'entraînement public."));
	return reply_redirect(r, arena_printf(r->arena, "/banque/categories/%lld", (long long)id));
}

/* ---- One question ---- */

static void doc_free(void *p)
{
	gift_doc_free(p);
}

/* Parses the GIFT text of the editor: exactly one question, else errors. */
static struct gift_doc *parse_one(struct req *r, const char *gift, struct err *e)
{
	struct gift_doc *doc = NULL;
	if (!gift || str_empty(gift)) {
		err_set(e, ERR_INVALID, "gift", "%s", _("Écrivez la question au format GIFT."));
		return NULL;
	}
	int rc = gift_parse(gift, strlen(gift), &doc);
	if (!doc) {
		err_set(e, ERR_INTERNAL, NULL, "%s", _("Erreur interne."));
		return NULL;
	}
	arena_defer(r->arena, doc_free, doc);
	if (rc == 0 && doc->nquestions != 1)
		err_set(e, ERR_INVALID, "gift", "%s",
		        _("Le texte contient plusieurs questions : ajoutez-les une à une, ou importez le fichier."));
	return doc;
}

/* POST /banque/questions: category_id, gift */
int questions_page_question_create(struct req *r)
{
	int64_t cat = 0, id;
	if (!str_to_int64(req_form(r, "category_id"), &cat) || cat <= 0)
		return page_not_found(r);
	const char *gift = req_form(r, "gift");
	struct err e = {0};
	struct gift_doc *doc = parse_one(r, gift, &e);
	if (e.code == ERR_INTERNAL)
		return page_internal_error(r);
	if (e.code || !doc || doc->nerrors)
		return render_category(r, cat, gift, doc, &e);
	int rc = questions_save(r, 0, cat, &doc->questions[0], &id, &e);
	if (rc == ERR_INVALID)
		return render_category(r, cat, gift, NULL, &e);
	if (rc)
		return rc == ERR_FORBIDDEN ? page_forbidden(r) : page_internal_error(r);
	page_flash(r, "ok", _("La question a été ajoutée."));
	return reply_redirect(r, arena_printf(r->arena, "/banque/questions/%lld", (long long)id));
}

static int render_question(struct req *r, int64_t id, const char *gift, const struct gift_doc *doc,
                           const struct err *e)
{
	struct question q;
	int rc = questions_get(r, id, &q);
	if (rc)
		return rc == ERR_NOT_FOUND ? page_not_found(r) : page_internal_error(r);
	if ((e && e->code) || (doc && doc->nerrors))
		r->status = e && e->code == ERR_TOO_LARGE ? 413 : 422;
	const char *label = question_label(r, &q);
	struct html *h = page_begin(r, label);
	html_printf(h, "<p><a href=\"/banque/categories/%lld\">← %s</a></p><h1>%s</h1><p class=\"meta\">%s%s</p>",
	            (long long)q.category_id, q.category, label, question_type_label(q.q.type),
	            q.archived ? _(" · archivée : plus tirée au sort") : "");
	html_printf(h, "<h2>%s</h2><div class=\"preview\">", _("Aperçu"));
	const char *media = q.media_sha256 ? arena_printf(r->arena, "/banque/questions/%lld/media", (long long)id) : NULL;
	question_render(h, r, &q, &(struct question_view){.field = "apercu", .media_url = media, .disabled = true});
	question_review(h, r, &q, "", 0, true);
	html_printf(h, "</div>");

	html_printf(h, "<h2>%s</h2>", _("Modifier"));
	form_open(h, r, arena_printf(r->arena, "/banque/questions/%lld", (long long)id), false);
	form_errors(h, e && e->field && strcmp(e->field, "gift") == 0 ? e : NULL);
	if (doc && doc->nerrors) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
		            _("La question n'a pas été enregistrée :"));
		for (size_t i = 0; i < doc->nerrors; i++)
			html_printf(h, "<li>%s</li>", arena_printf(r->arena, _("Ligne %d : %s"), doc->errors[i].line,
			                                           doc->errors[i].message));
		html_printf(h, "</ul></div>");
	}
	category_options(r, h, q.category_id);
	form_field(h, &(struct field_view){.name = "gift", .type = "textarea", .label = _("Question au format GIFT"),
	                                   .value = gift ? gift : questions_gift_of(r, &q), .required = true}, NULL);
	form_close(h, _("Enregistrer"));
	gift_help(h);

	html_printf(h, "<h2>%s</h2>", _("Image, son ou vidéo"));
	if (q.media_sha256)
		html_printf(h, "<p>%s (%s)</p>", q.media_name, q.media_type);
	form_open(h, r, arena_printf(r->arena, "/banque/questions/%lld/media", (long long)id), true);
	form_errors(h, e && e->field && strcmp(e->field, "gift") != 0 ? e : NULL);
	form_field(h, &(struct field_view){.name = "media", .type = "file", .label = _("Fichier"),
	                                   .accept = "image/*,audio/*,video/*",
	                                   .hint = _("PNG, JPEG, GIF, WebP, MP3, OGG, WAV, MP4 ou WebM ; 50 Mo au plus.")}, e);
	form_field(h, &(struct field_view){.name = "alt", .label = _("Ce que montre le média"),
	                                   .hint = _("Lu aux élèves qui ne voient pas l'image : décrivez ce qui "
	                                             "est utile pour répondre, sans donner la réponse."),
	                                   .value = q.media_alt}, e);
	if (q.media_sha256)
		form_checkbox(h, "remove", _("Retirer le média"), false);
	form_close(h, _("Enregistrer le média"));

	form_open(h, r, arena_printf(r->arena, "/banque/questions/%lld/archiver", (long long)id), false);
	html_printf(h, "<input type=\"hidden\" name=\"archived\" value=\"%s\">", q.archived ? "0" : "1");
	form_close(h, q.archived ? _("Remettre en service") : _("Archiver (ne plus tirer au sort)"));
	return page_end(r, h);
}

/* GET /banque/questions/{id} */
int questions_page_question(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_question(r, id, NULL, NULL, NULL);
}

/* POST /banque/questions/{id}: category_id, gift */
int questions_page_question_save(struct req *r)
{
	int64_t id, cat = 0, out;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	if (!str_to_int64(req_form(r, "category_id"), &cat))
		cat = 0;
	const char *gift = req_form(r, "gift");
	struct err e = {0};
	struct gift_doc *doc = parse_one(r, gift, &e);
	if (e.code == ERR_INTERNAL)
		return page_internal_error(r);
	if (e.code || !doc || doc->nerrors)
		return render_question(r, id, gift, doc, &e);
	int rc = questions_save(r, id, cat, &doc->questions[0], &out, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INVALID)
		return render_question(r, id, gift, NULL, &e);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("La question a été enregistrée."));
	return reply_redirect(r, arena_printf(r->arena, "/banque/questions/%lld", (long long)id));
}

/* POST /banque/questions/{id}/media (multipart): media, alt, remove */
int questions_page_question_media(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct err e = {0};
	const struct upload *up = req_upload(r, "media");
	int rc;
	if (str_eq(req_form(r, "remove"), "1"))
		rc = questions_set_media(r, id, NULL, NULL, &e);
	else if (up)
		rc = questions_set_media(r, id, up, req_form(r, "alt"), &e);
	else
		rc = questions_set_media_alt(r, id, req_form(r, "alt"), &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INVALID || rc == ERR_TOO_LARGE)
		return render_question(r, id, NULL, NULL, &e);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("Le média a été enregistré."));
	return reply_redirect(r, arena_printf(r->arena, "/banque/questions/%lld", (long long)id));
}

/* POST /banque/questions/{id}/archiver: archived=1|0 */
int questions_page_question_archive(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = questions_archive(r, id, str_eq(req_form(r, "archived"), "1"));
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", str_eq(req_form(r, "archived"), "1") ? _("La question est archivée.")
	                                                        : _("La question est remise en service."));
	return reply_redirect(r, arena_printf(r->arena, "/banque/questions/%lld", (long long)id));
}

/* GET /banque/questions/{id}/media: editors, or anyone for a practice category */
int questions_page_media(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct question q;
	if (questions_get(r, id, &q) != 0 || !q.media_sha256 || !questions_media_visible(r, &q))
		return page_not_found(r);
	req_add_header(r, "Cache-Control", "private, max-age=3600");
	return reply_file_inline(r, files_path(r->arena, q.media_sha256), q.media_type, q.media_name);
}

/* ---- Import and export ---- */

static void import_form(struct html *h, struct req *r, const struct err *e)
{
	form_open(h, r, "/banque/import", true);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "file", .type = "file", .label = _("Fichier GIFT (.txt, .gift)"),
	                                   .accept = ".txt,.gift,text/plain"}, e);
	form_field(h, &(struct field_view){.name = "gift", .type = "textarea", .label = _("ou collez le texte GIFT"),
	                                   .value = NULL}, e);
	form_field(h, &(struct field_view){.name = "category", .label = _("Catégorie des questions sans $CATEGORY"),
	                                   .value = req_form(r, "category") ? req_form(r, "category") : _("Importées")}, e);
	form_close(h, _("Vérifier le fichier"));
}

/* GET /banque/import */
int questions_page_import(struct req *r)
{
	struct html *h = page_begin(r, _("Importer des questions"));
	html_printf(h, "<p><a href=\"/banque\">%s</a></p><h1>%s</h1><p>%s</p>", _("← Banque de questions"),
	            _("Importer des questions"),
	            _("Exportez vos questions de Moodle au format GIFT, puis envoyez le fichier. Vous verrez "
	              "d'abord ce qui a été compris, avec chaque erreur et sa ligne ; rien n'est importé tant "
	              "qu'il reste une erreur, ni avant votre confirmation."));
	import_form(h, r, NULL);
	gift_help(h);
	return page_end(r, h);
}

static int import_result(struct req *r, const char *gift, size_t len, bool commit)
{
	struct question_import imp;
	struct err e = {0};
	const char *category = req_form(r, "category");
	int rc = questions_import(r, gift, len, category, commit, &imp, &e);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (commit && rc == 0 && imp.doc->nerrors == 0) {
		page_flash(r, "ok", arena_printf(r->arena, _("%zu question(s) importée(s)."), imp.doc->nquestions));
		return reply_redirect(r, "/banque");
	}
	struct gift_doc *doc = imp.doc;
	if (rc || doc->nerrors)
		r->status = 422;
	struct html *h = page_begin(r, _("Vérification du fichier"));
	html_printf(h, "<p><a href=\"/banque\">%s</a></p><h1>%s</h1>", _("← Banque de questions"),
	            _("Vérification du fichier"));
	if (rc) {
		form_errors(h, &e);
		import_form(h, r, NULL);
		return page_end(r, h);
	}
	if (doc->nerrors) {
		html_printf(h, "<div class=\"flash error\" role=\"alert\"><p>%s</p><ul>",
		            arena_printf(r->arena, _("%zu erreur(s) : rien n'a été importé. Corrigez le fichier puis renvoyez-le."),
		                         doc->nerrors));
		for (size_t i = 0; i < doc->nerrors; i++)
			html_printf(h, "<li>%s</li>", doc->errors[i].line
				? arena_printf(r->arena, _("Ligne %d : %s"), doc->errors[i].line, doc->errors[i].message)
				: doc->errors[i].message);
		html_printf(h, "</ul></div>");
		import_form(h, r, NULL);
		return page_end(r, h);
	}
	const char *fallback = category && !str_empty(category) ? category : _("Importées");
	html_printf(h, "<p>%s</p>", arena_printf(r->arena, _("%zu question(s) comprise(s), sans erreur."),
	                                         doc->nquestions));
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Ce qui sera importé"), _("Ligne"), _("Catégorie"), _("Type"), _("Question"), _("Réponses"));
	for (size_t i = 0; i < doc->nquestions && i < 1000; i++) {
		const struct gift_question *q = &doc->questions[i];
		struct question view = {.q = *q};
		html_printf(h, "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%zu</td></tr>", q->line,
		            questions_import_category(q, category), question_type_label(q->type),
		            question_label(r, &view), q->type == GIFT_MATCHING ? q->npairs : q->nanswers);
	}
	html_printf(h, "</tbody></table>");
	if (doc->nquestions > 1000)
		html_printf(h, "<p>%s</p>", _("(les 1000 premières seulement)"));
	form_open(h, r, "/banque/import/confirmer", false);
	html_printf(h, "<input type=\"hidden\" name=\"category\" value=\"%s\">"
	               "<input type=\"hidden\" name=\"gift\" value=\"%s\">", fallback, gift);
	form_close(h, arena_printf(r->arena, _("Importer les %zu question(s)"), doc->nquestions));
	return page_end(r, h);
}

/* POST /banque/import (multipart): file or gift, category */
int questions_page_import_check(struct req *r)
{
	const struct upload *up = req_upload(r, "file");
	size_t len = 0;
	bool too_large = false;
	const char *gift = NULL;
	struct err e = {0};
	if (up) {
		gift = questions_read_upload(r, up, GIFT_FIELD_MAX, &len, &too_large);
		if (!gift && !too_large)
			return page_internal_error(r);
	} else if (req_form(r, "gift") && !str_empty(req_form(r, "gift"))) {
		gift = req_form(r, "gift");
		len = strlen(gift);
	}
	if (too_large)
		err_set(&e, ERR_TOO_LARGE, "file", "%s", _("Un fichier GIFT ne dépasse pas 4 Mo."));
	else if (!gift)
		err_set(&e, ERR_INVALID, "file", "%s", _("Choisissez un fichier, ou collez le texte GIFT."));
	else if (memchr(gift, 0, len))
		err_set(&e, ERR_INVALID, "file", "%s", _("Ce fichier n'est pas un texte (il contient des octets nuls)."));
	if (e.code) {
		r->status = e.code == ERR_TOO_LARGE ? 413 : 400;
		struct html *h = page_begin(r, _("Importer des questions"));
		html_printf(h, "<h1>%s</h1>", _("Importer des questions"));
		import_form(h, r, &e);
		return page_end(r, h);
	}
	return import_result(r, gift, len, false);
}

/* POST /banque/import/confirmer: gift (the text checked), category */
int questions_page_import_confirm(struct req *r)
{
	const char *gift = req_form(r, "gift");
	if (!gift)
		return page_error(r, 400, _("Requête incorrecte"), _("Le texte à importer manque."));
	return import_result(r, gift, strlen(gift), true);
}

/* GET /banque/export[?categorie=ID] */
int questions_page_export(struct req *r)
{
	int64_t cat = 0;
	const char *c = req_query(r, "categorie");
	if (c && (!str_to_int64(c, &cat) || cat < 0))
		return page_not_found(r);
	char *text;
	size_t len;
	int rc = questions_export(r, cat, &text, &len);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	req_add_header(r, "Content-Disposition", "attachment; filename=\"questions.gift.txt\"");
	return reply_body(r, 200, "text/plain; charset=utf-8", text, len);
}
