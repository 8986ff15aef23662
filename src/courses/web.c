/*
** This file implements the pages of following a course: "my courses"
** (learners, their guardians, teachers), a course's outline with the
** progress and what to do next, an item (lesson, resource, link,
** homework), marking it done, and its files.
*/
#include <string.h>

#include "app/page.h"
#include "courses/courses.h"
#include "courses/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "people/people.h"

/* The learner whose course is shown: ?eleve= (guardians, staff), else 0. */
static int64_t learner_param(struct req *r)
{
	int64_t id = 0;
	const char *v = req_query(r, "eleve");
	if (!v || !str_to_int64(v, &id) || id < 0)
		return 0;
	return id;
}

static const char *learner_suffix(struct req *r, int64_t learner)
{
	return learner ? arena_printf(r->arena, "?eleve=%lld", (long long)learner) : "";
}

/* A progress bar with its figures in words, for screen readers too. */
static void progress(struct html *h, int done, int total)
{
	int pct = total ? done * 100 / total : 0;
	html_printf(h, "<p class=\"progress\"><progress max=\"100\" value=\"%d\">%s</progress> "
	               "%s</p>",
	            pct, arena_printf(h->sb.arena, _("%d %%"), pct),
	            arena_printf(h->sb.arena, _("%d élément(s) fait(s) sur %d"), done, total));
}

static void course_cards(struct html *h, struct req *r, const struct course_summary *c, int n,
                         int64_t learner)
{
	html_printf(h, "<ul class=\"cards\">");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<li><a href=\"/mes-cours/%lld%s\">%s</a>", (long long)c[i].id,
		            learner_suffix(r, learner), c[i].title);
		progress(h, c[i].done, c[i].items);
		html_printf(h, "</li>");
	}
	html_printf(h, "</ul>");
}

/* GET /mes-cours */
int courses_page_mine(struct req *r)
{
	struct html *h = page_begin(r, _("Mes cours"));
	html_printf(h, "<h1>%s</h1>", _("Mes cours"));
	bool shown = false;
	struct course_summary *c;
	if (r->user.roles & ROLE_LEARNER) {
		int n = courses_for_learner(r, r->user.id, &c);
		if (n < 0)
			return page_internal_error(r);
		if (n == 0)
			html_printf(h, "<p class=\"empty\">%s <a href=\"/catalogue\">%s</a></p>",
			            _("Vous ne suivez aucun cours pour l'instant."), _("Parcourir le catalogue"));
		else
			course_cards(h, r, c, n, 0);
		shown = true;
	}
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int k = people_children(r, r->user.id, &kids);
		for (int i = 0; i < k; i++) {
			html_printf(h, "<h2>%s %s</h2>", kids[i].given_name, kids[i].family_name);
			int n = courses_for_learner(r, kids[i].id, &c);
			if (n <= 0)
				html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours suivi."));
			else
				course_cards(h, r, c, n, kids[i].id);
		}
		shown = true;
	}
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR)) {
		int n = courses_for_staff(r, &c);
		if (n < 0)
			return page_internal_error(r);
		html_printf(h, "<h2>%s</h2>", _("Cours dont je fais partie de l'équipe"));
		if (n == 0)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours pour l'instant."));
		else {
			html_printf(h, "<ul>");
			for (int i = 0; i < n; i++)
				html_printf(h, "<li><a href=\"/mes-cours/%lld\">%s</a></li>", (long long)c[i].id,
				            c[i].title);
			html_printf(h, "</ul>");
		}
		shown = true;
	}
	if (!shown)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Votre compte ne suit ni n'enseigne aucun cours."));
	return page_end(r, h);
}

static const char *item_url(struct req *r, const struct course_item *it, int64_t learner)
{
	return arena_printf(r->arena, "/mes-cours/%lld/elements/%lld%s", (long long)it->course_id,
	                    (long long)it->id, learner_suffix(r, learner));
}

/* GET /mes-cours/{id}[?eleve=] */
int courses_page_course(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int64_t learner = learner_param(r);
	struct course_outline o;
	int rc = courses_outline(r, id, learner, &o);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	enum course_access acc = courses_access(r, id, learner);
	struct html *h = page_begin(r, o.title);
	html_printf(h, "<p><a href=\"/mes-cours\">%s</a></p><h1>%s</h1>", _("← Mes cours"), o.title);
	if (learner && learner != r->user.id) {
		struct person p;
		if (people_get(r, learner, &p) == 0)
			html_printf(h, "<p class=\"lead\">%s %s %s</p>", _("Progression de"), p.given_name,
			            p.family_name);
	}
	if (acc == COURSE_EDITOR)
		html_printf(h, "<p><a class=\"button\" href=\"/admin/cours/%lld/contenu\">%s</a></p>",
		            (long long)id, _("Modifier le contenu"));
	progress(h, o.done, o.items);
	if (acc == COURSE_LEARNER || acc == COURSE_STAFF)
		html_printf(h, "<p class=\"actions\"><a href=\"/forums/%lld\">%s</a> "
		               "<a href=\"/messages/nouveau?cours=%lld\">%s</a></p>",
		            (long long)id, _("Forum du cours"), (long long)id,
		            acc == COURSE_LEARNER ? _("Écrire à l'équipe du cours") : _("Écrire à un apprenant"));
	if (o.next && acc <= COURSE_LEARNER)
		html_printf(h, "<p class=\"next\">%s <a href=\"%s\">%s</a> (%s)</p>", _("À faire ensuite :"),
		            item_url(r, o.next, learner), o.next->title, course_item_kind_label(o.next->kind));
	else if (o.items && o.done == o.items)
		html_printf(h, "<p class=\"next\">%s</p>", _("Tout est fait dans ce cours. Bravo !"));
	if (o.nsections == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Ce cours n'a pas encore de contenu."));
	for (int s = 0; s < o.nsections; s++) {
		struct course_section *sec = &o.sections[s];
		html_printf(h, "<section class=\"course-section\"><h2>%s</h2>", sec->title);
		if (sec->nitems == 0) {
			html_printf(h, "<p class=\"empty\">%s</p></section>", _("Rien dans cette partie pour l'instant."));
			continue;
		}
		html_printf(h, "<ol class=\"items\">");
		for (int i = 0; i < sec->nitems; i++) {
			struct course_item *it = &sec->items[i];
			html_printf(h, "<li class=\"item%s\"><a href=\"%s\">%s</a> <span class=\"tag\">%s</span>",
			            it->done_at ? " done" : "", item_url(r, it, learner), it->title,
			            course_item_kind_label(it->kind));
			if (it->done_at)
				html_printf(h, " <span class=\"status status-active\">%s</span>", _("fait"));
			if (!it->published)
				html_printf(h, " <span class=\"tag\">%s</span>", _("non publié"));
			html_printf(h, "</li>");
		}
		html_printf(h, "</ol></section>");
	}
	return page_end(r, h);
}

static void file_resource(struct html *h, struct req *r, const struct course_item *it, int64_t learner)
{
	if (!it->file_sha256) {
		if (!it->url[0])
			html_printf(h, "<p class=\"empty\">%s</p>", _("Le fichier n'a pas encore été déposé."));
		return;
	}
	const char *href = arena_printf(r->arena, "/mes-cours/%lld/elements/%lld/fichier%s",
	                                (long long)it->course_id, (long long)it->id,
	                                learner_suffix(r, learner));
	const char *type = it->file_type ? it->file_type : "";
	if (str_starts(type, "video/"))
		html_printf(h, "<video controls preload=\"metadata\" src=\"%s\"></video>", href);
	else if (str_starts(type, "audio/"))
		html_printf(h, "<audio controls preload=\"metadata\" src=\"%s\"></audio>", href);
	else if (str_starts(type, "image/"))
		html_printf(h, "<img src=\"%s\" alt=\"%s\">", href, it->title);
	html_printf(h, "<p><a class=\"button\" href=\"%s\">%s</a> (%s, %s)</p>", href,
	            _("Ouvrir le fichier"), it->file_name,
	            arena_printf(r->arena, _("%lld Ko"), (long long)((it->file_size + 1023) / 1024)));
}

/* GET /mes-cours/{id}/elements/{item}[?eleve=] */
int courses_page_item(struct req *r)
{
	int64_t course, id;
	int st = route_id_or_reply(r, "id", &course);
	if (!st)
		st = route_id_or_reply(r, "item", &id);
	if (st)
		return st;
	int64_t learner = learner_param(r);
	struct course_item it;
	int rc = courses_item_get(r, id, learner, &it);
	if (rc == ERR_NOT_FOUND || (rc == 0 && it.course_id != course))
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	enum course_access acc = courses_access(r, course, learner);
	struct html *h = page_begin(r, it.title);
	html_printf(h, "<p><a href=\"/mes-cours/%lld%s\">%s</a></p><h1>%s</h1><p class=\"meta\">%s</p>",
	            (long long)course, learner_suffix(r, learner), _("← Sommaire du cours"), it.title,
	            course_item_kind_label(it.kind));
	html_printf(h, "<section class=\"prose\">");
	html_raw_trusted(h, markdown_to_html(r->arena, it.body_md));
	html_printf(h, "</section>");
	if (strcmp(it.kind, "file") == 0)
		file_resource(h, r, &it, learner);
	if (it.url[0])
		html_printf(h, "<p><a class=\"button\" href=\"%s\" rel=\"noopener noreferrer\">%s</a></p>",
		            it.url, _("Ouvrir le lien"));
	if (strcmp(it.kind, "homework") == 0)
		html_printf(h, "<p><a class=\"button\" href=\"/devoirs/%lld%s\">%s</a></p>", (long long)it.id,
		            learner_suffix(r, learner),
		            acc == COURSE_LEARNER ? _("Voir le devoir et le rendre") : _("Voir le devoir"));
	if (strcmp(it.kind, "quiz") == 0 && acc != COURSE_GUARDIAN)
		html_printf(h, "<p><a class=\"button\" href=\"/quiz/%lld\">%s</a></p>", (long long)it.id,
		            _("Ouvrir le quiz"));
	struct course_file *f;
	int nf = courses_item_files(r, id, learner, &f);
	if (nf > 0) {
		html_printf(h, "<h2>%s</h2><ul>", _("Fichiers joints"));
		for (int i = 0; i < nf; i++)
			html_printf(h, "<li><a href=\"/mes-cours/%lld/elements/%lld/pieces/%lld%s\">%s</a></li>",
			            (long long)course, (long long)id, (long long)f[i].id,
			            learner_suffix(r, learner), f[i].filename);
		html_printf(h, "</ul>");
	}
	if (acc == COURSE_LEARNER && strcmp(it.kind, "homework") != 0 && strcmp(it.kind, "quiz") != 0) {
		const char *action = arena_printf(r->arena, "/mes-cours/%lld/elements/%lld/fait",
		                                  (long long)course, (long long)id);
		form_open(h, r, action, false);
		html_printf(h, "<input type=\"hidden\" name=\"done\" value=\"%s\">", it.done_at ? "0" : "1");
		form_close(h, it.done_at ? _("Marquer comme à refaire") : _("Marquer comme fait"));
	} else if (it.done_at) {
		html_printf(h, "<p>%s %s</p>", _("Fait le"), fmt_datetime(r->arena, it.done_at));
	}
	if (acc == COURSE_EDITOR)
		html_printf(h, "<p><a href=\"/admin/cours/elements/%lld\">%s</a></p>", (long long)id,
		            _("Modifier cet élément"));
	return page_end(r, h);
}

/* POST /mes-cours/{id}/elements/{item}/fait: done=1|0 */
int courses_page_item_done(struct req *r)
{
	int64_t course, id;
	int st = route_id_or_reply(r, "id", &course);
	if (!st)
		st = route_id_or_reply(r, "item", &id);
	if (st)
		return st;
	const char *done = req_form(r, "done");
	int rc = courses_mark_done(r, id, !done || strcmp(done, "0") != 0);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_FORBIDDEN)
		return page_forbidden(r);
	if (rc)
		return page_internal_error(r);
	return reply_redirect(r, arena_printf(r->arena, "/mes-cours/%lld", (long long)course));
}

/* GET /mes-cours/{id}/elements/{item}/fichier[?eleve=] */
int courses_page_item_file(struct req *r)
{
	int64_t course, id;
	int st = route_id_or_reply(r, "id", &course);
	if (!st)
		st = route_id_or_reply(r, "item", &id);
	if (st)
		return st;
	struct course_item it;
	if (courses_item_get(r, id, learner_param(r), &it) != 0 || it.course_id != course ||
	    !it.file_sha256)
		return page_not_found(r);
	req_add_header(r, "Cache-Control", "private, max-age=3600");
	return reply_file_inline(r, files_path(r->arena, it.file_sha256), it.file_type, it.file_name);
}

/* GET /mes-cours/{id}/elements/{item}/pieces/{file}[?eleve=] */
int courses_page_item_attachment(struct req *r)
{
	int64_t course, id, file;
	int st = route_id_or_reply(r, "id", &course);
	if (!st)
		st = route_id_or_reply(r, "item", &id);
	if (!st)
		st = route_id_or_reply(r, "file", &file);
	if (st)
		return st;
	struct course_item it;
	struct course_file *f;
	if (courses_item_get(r, id, learner_param(r), &it) != 0 || it.course_id != course)
		return page_not_found(r);
	int n = courses_item_files(r, id, learner_param(r), &f);
	for (int i = 0; i < n; i++)
		if (f[i].id == file) {
			req_add_header(r, "Cache-Control", "private, max-age=3600");
			return reply_file_inline(r, files_path(r->arena, f[i].sha256), f[i].content_type,
			                         f[i].filename);
		}
	return page_not_found(r);
}
