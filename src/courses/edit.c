/*
** This file implements the pages where authors and admins build a course:
** its sections and items in order, each item's text, link and files,
** publication, copying the course for the next school year, and (admins)
** who teaches it.
*/
#include <string.h>

#include "app/page.h"
#include "catalogue/catalogue.h"
#include "courses/courses.h"
#include "courses/web.h"
#include "kernel/csrf.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "people/people.h"

static const char *edit_url(struct req *r, int64_t course)
{
	return arena_printf(r->arena, "/admin/cours/%lld/contenu", (long long)course);
}

static const struct option kinds[] = {
	{"lesson", N_("Leçon")},
	{"file", N_("Ressource (fichier)")},
	{"link", N_("Lien externe")},
	{"homework", N_("Devoir")},
	{"quiz", N_("Quiz")},
};

static void small_button(struct html *h, struct req *r, const char *action, const char *label,
                         const char *aria)
{
	html_printf(h, "<form method=\"post\" action=\"%s\" class=\"inline\">"
	               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	               "<button type=\"submit\" class=\"secondary\" aria-label=\"%s\">%s</button></form> ",
	            action, csrf_token(r), aria, label);
}

static void staff_section(struct html *h, struct req *r, int64_t course, const struct err *e)
{
	int64_t *ids;
	int n = courses_staff(r, course, &ids);
	html_printf(h, "<h2 id=\"equipe\">%s</h2>", _("Équipe pédagogique"));
	if (n <= 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun enseignant pour l'instant : les devoirs n'ont personne pour les corriger."));
	else
		html_printf(h, "<ul>");
	for (int i = 0; i < n; i++) {
		struct person p;
		if (people_get(r, ids[i], &p) != 0)
			continue;
		html_printf(h, "<li>%s %s (%s) ", p.given_name, p.family_name, p.login);
		if (r->user.roles & ROLE_ADMIN)
			button_form(h, r, arena_printf(r->arena, "/admin/cours/%lld/equipe/%lld/retirer",
			                               (long long)course, (long long)p.id),
			            _("Retirer"), "secondary");
		html_printf(h, "</li>");
	}
	if (n > 0)
		html_printf(h, "</ul>");
	if (!(r->user.roles & ROLE_ADMIN))
		return;
	form_open(h, r, arena_printf(r->arena, "/admin/cours/%lld/equipe", (long long)course), false);
	form_field(h, &(struct field_view){.name = "login", .label = _("Identifiant de l'enseignant ou du conseiller")}, e);
	struct option roles[] = {{"teacher", _("Enseignant")}, {"advisor", _("Conseiller")}};
	form_select(h, "role", _("Rôle dans le cours"), roles, 2, "teacher", NULL);
	form_close(h, _("Ajouter à l'équipe"));
}

static int render_editor(struct req *r, int64_t course, const struct err *e)
{
	struct course_outline o;
	int rc = courses_outline(r, course, 0, &o);
	if (rc == ERR_NOT_FOUND || courses_access(r, course, 0) != COURSE_EDITOR)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_CONFLICT ? 409 : 400;
	struct html *h = page_begin(r, arena_printf(r->arena, _("Contenu : %s"), o.title));
	html_printf(h, "<p><a href=\"/admin/catalogue/cours/%lld\">%s</a> · <a href=\"/mes-cours/%lld\">%s</a></p>"
	               "<h1>%s</h1>",
	            (long long)course, _("← Fiche du cours"), (long long)course, _("Voir comme un apprenant"),
	            arena_printf(r->arena, _("Contenu : %s"), o.title));
	if (o.school_year[0])
		html_printf(h, "<p class=\"meta\">%s %s</p>", _("Année scolaire"), o.school_year);
	form_errors(h, e);
	for (int s = 0; s < o.nsections; s++) {
		struct course_section *sec = &o.sections[s];
		html_printf(h, "<section class=\"course-section\"><h2>%s</h2><div class=\"actions\">", sec->title);
		const char *base = arena_printf(r->arena, "/admin/cours/parties/%lld", (long long)sec->id);
		small_button(h, r, arena_printf(r->arena, "%s/monter", base), "↑",
		             arena_printf(r->arena, _("Monter la partie %s"), sec->title));
		small_button(h, r, arena_printf(r->arena, "%s/descendre", base), "↓",
		             arena_printf(r->arena, _("Descendre la partie %s"), sec->title));
		small_button(h, r, arena_printf(r->arena, "%s/supprimer", base), _("Supprimer"),
		             arena_printf(r->arena, _("Supprimer la partie %s"), sec->title));
		html_printf(h, "</div><ol class=\"items\">");
		for (int i = 0; i < sec->nitems; i++) {
			struct course_item *it = &sec->items[i];
			const char *ib = arena_printf(r->arena, "/admin/cours/elements/%lld", (long long)it->id);
			html_printf(h, "<li><a href=\"%s\">%s</a> <span class=\"tag\">%s</span>%s ", ib, it->title,
			            course_item_kind_label(it->kind), it->published ? "" : _(" (brouillon)"));
			small_button(h, r, arena_printf(r->arena, "%s/monter", ib), "↑",
			             arena_printf(r->arena, _("Monter %s"), it->title));
			small_button(h, r, arena_printf(r->arena, "%s/descendre", ib), "↓",
			             arena_printf(r->arena, _("Descendre %s"), it->title));
			html_printf(h, "</li>");
		}
		html_printf(h, "</ol><details><summary>%s</summary>", _("Ajouter un élément ou renommer la partie"));
		form_open(h, r, arena_printf(r->arena, "%s/elements", base), false);
		enum { NKINDS = sizeof kinds / sizeof kinds[0] };
		struct option opts[NKINDS];
		for (int k = 0; k < NKINDS; k++)
			opts[k] = (struct option){kinds[k].value, _(kinds[k].label)};
		form_select(h, "kind", _("Type"), opts, NKINDS, "lesson", NULL);
		form_field(h, &(struct field_view){.name = "title", .id = arena_printf(r->arena, "title-%lld", (long long)sec->id),
		                                   .label = _("Titre du nouvel élément")}, NULL);
		form_close(h, _("Ajouter l'élément"));
		form_open(h, r, base, false);
		form_field(h, &(struct field_view){.name = "section_title", .id = arena_printf(r->arena, "st-%lld", (long long)sec->id),
		                                   .label = _("Nouveau titre de la partie"), .value = sec->title}, NULL);
		form_close(h, _("Renommer"));
		html_printf(h, "</details></section>");
	}
	html_printf(h, "<h2>%s</h2>", _("Nouvelle partie"));
	form_open(h, r, arena_printf(r->arena, "/admin/cours/%lld/parties", (long long)course), false);
	form_field(h, &(struct field_view){.name = "section_title", .label = _("Titre de la partie"),
	                                   .hint = _("Par exemple : Chapitre 1 — Les fonctions.")}, e);
	form_close(h, _("Ajouter la partie"));
	staff_section(h, r, course, e);
	html_printf(h, "<h2>%s</h2><p>%s</p>", _("Préparer l'année suivante"),
	            _("Copie le cours, ses parties, ses éléments et son équipe dans un nouveau cours "
	              "non publié ; rien des apprenants n'est copié."));
	form_open(h, r, arena_printf(r->arena, "/admin/cours/%lld/copier", (long long)course), false);
	form_field(h, &(struct field_view){.name = "year", .label = _("Année scolaire"),
	                                   .hint = _("AAAA-AAAA, par exemple 2027-2028.")}, e);
	form_close(h, _("Copier le cours"));
	return page_end(r, h);
}

/* GET /admin/cours/{id}/contenu */
int courses_page_edit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_editor(r, id, NULL);
}

static int after(struct req *r, int64_t course, int rc, const struct err *e, const char *ok)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_editor(r, course, e);
	if (ok)
		page_flash(r, "ok", ok);
	return reply_redirect(r, edit_url(r, course));
}

/* POST /admin/cours/{id}/parties: section_title */
int courses_page_section_add(struct req *r)
{
	int64_t course, id;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct err e = {0};
	int rc = courses_section_add(r, course, req_form(r, "section_title"), &id, &e);
	return after(r, course, rc, &e, _("La partie a été ajoutée."));
}

static int64_t section_course(struct req *r, int64_t section)
{
	return courses_section_course(r, section);
}

/* POST /admin/cours/parties/{sid}: section_title */
int courses_page_section_rename(struct req *r)
{
	int64_t sid;
	int st = route_id_or_reply(r, "sid", &sid);
	if (st)
		return st;
	int64_t course = section_course(r, sid);
	if (!course)
		return page_not_found(r);
	struct err e = {0};
	int rc = courses_section_rename(r, sid, req_form(r, "section_title"), &e);
	return after(r, course, rc, &e, _("La partie a été renommée."));
}

/* POST /admin/cours/parties/{sid}/supprimer */
int courses_page_section_delete(struct req *r)
{
	int64_t sid;
	int st = route_id_or_reply(r, "sid", &sid);
	if (st)
		return st;
	int64_t course = section_course(r, sid);
	if (!course)
		return page_not_found(r);
	struct err e = {0};
	int rc = courses_section_delete(r, sid, &e);
	return after(r, course, rc, &e, _("La partie a été supprimée."));
}

static int move(struct req *r, const char *param, bool section, int delta)
{
	int64_t id;
	int st = route_id_or_reply(r, param, &id);
	if (st)
		return st;
	int64_t course = section ? section_course(r, id) : courses_item_course(r, id);
	if (!course)
		return page_not_found(r);
	int rc = courses_move(r, id, section, delta);
	return after(r, course, rc, NULL, NULL);
}

/* POST /admin/cours/parties/{sid}/monter and /descendre */
int courses_page_section_up(struct req *r) { return move(r, "sid", true, -1); }
int courses_page_section_down(struct req *r) { return move(r, "sid", true, +1); }
/* POST /admin/cours/elements/{iid}/monter and /descendre */
int courses_page_item_up(struct req *r) { return move(r, "iid", false, -1); }
int courses_page_item_down(struct req *r) { return move(r, "iid", false, +1); }

/* POST /admin/cours/parties/{sid}/elements: kind, title */
int courses_page_item_add(struct req *r)
{
	int64_t sid, id;
	int st = route_id_or_reply(r, "sid", &sid);
	if (st)
		return st;
	int64_t course = section_course(r, sid);
	if (!course)
		return page_not_found(r);
	struct course_item_input in = {.kind = req_form(r, "kind"), .title = req_form(r, "title")};
	struct err e = {0};
	int rc = courses_item_add(r, sid, &in, &id, &e);
	if (rc)
		return after(r, course, rc, &e, NULL);
	page_flash(r, "ok", _("L'élément a été ajouté, en brouillon : complétez-le puis publiez-le."));
	return reply_redirect(r, arena_printf(r->arena, "/admin/cours/elements/%lld", (long long)id));
}

static int render_item(struct req *r, int64_t id, const struct course_item_input *edited,
                       const struct err *e)
{
	struct course_item it;
	int rc = courses_item_get(r, id, 0, &it);
	if (rc == ERR_NOT_FOUND || (rc == 0 && courses_access(r, it.course_id, 0) != COURSE_EDITOR))
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	if (e && e->code)
		r->status = e->code == ERR_TOO_LARGE ? 413 : 400;
	struct course_item_input in = edited ? *edited
	                                     : (struct course_item_input){.title = it.title, .body_md = it.body_md,
	                                                                  .url = it.url, .published = it.published};
	struct html *h = page_begin(r, it.title);
	html_printf(h, "<p><a href=\"%s\">%s</a></p><h1>%s</h1><p class=\"meta\">%s</p>",
	            edit_url(r, it.course_id), _("← Contenu du cours"), it.title, course_item_kind_label(it.kind));
	form_open(h, r, arena_printf(r->arena, "/admin/cours/elements/%lld", (long long)id), false);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "title", .label = _("Titre"), .value = in.title,
	                                   .required = true}, e);
	form_field(h, &(struct field_view){.name = "body_md", .type = "textarea",
	                                   .label = strcmp(it.kind, "lesson") == 0 ? _("Texte de la leçon") : _("Présentation"),
	                                   .value = in.body_md,
	                                   .hint = _("En Markdown : ## titre, **gras**, - liste, [lien](https://...), "
	                                             "![image](adresse d'un fichier joint). Le HTML est ignoré.")}, e);
	if (strcmp(it.kind, "link") == 0 || strcmp(it.kind, "file") == 0)
		form_field(h, &(struct field_view){.name = "url", .label = _("Adresse (https://...)"), .type = "url",
		                                   .value = in.url,
		                                   .hint = strcmp(it.kind, "file") == 0 ? _("Facultative : ou déposez le fichier ci-dessous.") : NULL}, e);
	form_checkbox(h, "published", _("Publié : visible des apprenants"), in.published);
	form_close(h, _("Enregistrer"));
	if (strcmp(it.kind, "homework") == 0)
		html_printf(h, "<p><a class=\"button\" href=\"/devoirs/%lld/parametres\">%s</a></p>", (long long)id,
		            _("Consignes, échéance et barème du devoir"));
	if (strcmp(it.kind, "quiz") == 0)
		html_printf(h, "<p><a class=\"button\" href=\"/quiz/%lld/parametres\">%s</a></p>", (long long)id,
		            _("Paramètres et questions du quiz"));
	if (strcmp(it.kind, "file") == 0) {
		html_printf(h, "<h2>%s</h2>", _("Fichier de la ressource"));
		if (it.file_sha256)
			html_printf(h, "<p>%s (%s)</p>", it.file_name, it.file_type);
		form_open(h, r, arena_printf(r->arena, "/admin/cours/elements/%lld/fichier", (long long)id), true);
		form_field(h, &(struct field_view){.name = "file", .label = _("Fichier (PDF, audio, vidéo...)"), .type = "file"}, NULL);
		form_close(h, it.file_sha256 ? _("Remplacer le fichier") : _("Déposer le fichier"));
	}
	struct course_file *f;
	int nf = courses_item_files(r, id, 0, &f);
	html_printf(h, "<h2>%s</h2>", _("Fichiers joints"));
	if (nf <= 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun fichier joint."));
	else
		html_printf(h, "<ul>");
	for (int i = 0; i < nf; i++)
		html_printf(h, "<li>%s — <code>/mes-cours/%lld/elements/%lld/pieces/%lld</code></li>", f[i].filename,
		            (long long)it.course_id, (long long)id, (long long)f[i].id);
	if (nf > 0)
		html_printf(h, "</ul><p class=\"hint\">%s</p>", _("Utilisez ces adresses dans le texte pour afficher une image ou faire un lien."));
	form_open(h, r, arena_printf(r->arena, "/admin/cours/elements/%lld/pieces", (long long)id), true);
	form_field(h, &(struct field_view){.name = "file", .id = "attachment", .label = _("Joindre un fichier ou une image"),
	                                   .type = "file"}, NULL);
	form_close(h, _("Joindre"));
	html_printf(h, "<h2>%s</h2>", _("Supprimer"));
	button_form(h, r, arena_printf(r->arena, "/admin/cours/elements/%lld/supprimer", (long long)id),
	            _("Supprimer cet élément"), "danger");
	return page_end(r, h);
}

/* GET /admin/cours/elements/{iid} */
int courses_page_item_edit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "iid", &id);
	return st ? st : render_item(r, id, NULL, NULL);
}

static int after_item(struct req *r, int64_t id, int rc, const struct err *e, const char *ok)
{
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_item(r, id, NULL, e);
	page_flash(r, "ok", ok);
	return reply_redirect(r, arena_printf(r->arena, "/admin/cours/elements/%lld", (long long)id));
}

/* POST /admin/cours/elements/{iid}: title, body_md, url, published */
int courses_page_item_update(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "iid", &id);
	if (st)
		return st;
	struct course_item_input in = {.title = req_form(r, "title"), .body_md = req_form(r, "body_md"),
	                               .url = req_form(r, "url"), .published = req_form(r, "published") != NULL};
	struct err e = {0};
	int rc = courses_item_update(r, id, &in, &e);
	if (rc && rc != ERR_NOT_FOUND && rc != ERR_INTERNAL && rc != ERR_FORBIDDEN)
		return render_item(r, id, &in, &e);
	return after_item(r, id, rc, &e, _("L'élément a été enregistré."));
}

/* POST /admin/cours/elements/{iid}/fichier (multipart): file */
int courses_page_item_upload(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "iid", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = courses_item_set_file(r, id, req_upload(r, "file"), &e);
	return after_item(r, id, rc, &e, _("Le fichier a été déposé."));
}

/* POST /admin/cours/elements/{iid}/pieces (multipart): file */
int courses_page_item_attach(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "iid", &id);
	if (st)
		return st;
	struct err e = {0};
	int rc = courses_item_attach(r, id, req_upload(r, "file"), &e);
	return after_item(r, id, rc, &e, _("Le fichier a été joint."));
}

/* POST /admin/cours/elements/{iid}/supprimer */
int courses_page_item_delete(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "iid", &id);
	if (st)
		return st;
	int64_t course = courses_item_course(r, id);
	if (!course)
		return page_not_found(r);
	struct err e = {0};
	int rc = courses_item_delete(r, id, &e);
	return after(r, course, rc, &e, _("L'élément a été supprimé."));
}

/* POST /admin/cours/{id}/copier: year */
int courses_page_copy(struct req *r)
{
	int64_t course, copy;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct err e = {0};
	int rc = courses_copy(r, course, req_form(r, "year"), &copy, &e);
	if (rc)
		return after(r, course, rc, &e, NULL);
	page_flash(r, "ok", _("Le cours a été copié pour l'année suivante, non publié."));
	return reply_redirect(r, edit_url(r, copy));
}

/* POST /admin/cours/{id}/equipe: login, role */
int courses_page_staff_add(struct req *r)
{
	int64_t course;
	int st = route_id_or_reply(r, "id", &course);
	if (st)
		return st;
	struct err e = {0};
	int rc = courses_staff_add(r, course, req_form(r, "login"), req_form(r, "role"), &e);
	return after(r, course, rc, &e, _("L'équipe du cours a été mise à jour."));
}

/* POST /admin/cours/{id}/equipe/{aid}/retirer */
int courses_page_staff_remove(struct req *r)
{
	int64_t course, account;
	int st = route_id_or_reply(r, "id", &course);
	if (!st)
		st = route_id_or_reply(r, "aid", &account);
	if (st)
		return st;
	int rc = courses_staff_remove(r, course, account);
	return after(r, course, rc, NULL, _("L'équipe du cours a été mise à jour."));
}
