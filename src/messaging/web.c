/*
** This file implements the message pages: the list of a person's threads
** with their unread counts, starting a thread (choose what it is about,
** then write), a thread with its messages and the reply form, and the
** download of an attachment.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "messaging/messaging.h"
#include "messaging/web.h"

#define PAGE_SIZE 25

static int page_number(struct req *r)
{
	int64_t page = 1;
	const char *p = req_query(r, "page");
	if (p && (!str_to_int64(p, &page) || page < 1 || page > 10000))
		page = 1;
	return (int)page;
}

/* A positive id from the query or the form, or 0. */
static int64_t id_value(const char *v)
{
	int64_t id = 0;
	if (!v || !str_to_int64(v, &id) || id < 0)
		return 0;
	return id;
}

static const char *role_name(const char *role)
{
	if (str_eq(role, "learner"))
		return _("élève");
	if (str_eq(role, "guardian"))
		return _("responsable légal");
	return _("équipe pédagogique");
}

/* "A (élève), B (équipe pédagogique)": the participants other than me. */
static const char *others(struct req *r, const struct message_thread *t)
{
	struct sb sb;
	sb_init(&sb, r->arena, 128);
	for (int i = 0; i < t->npeople; i++) {
		if (t->people[i].id == r->user.id)
			continue;
		sb_printf(&sb, "%s%s (%s)", sb.len ? ", " : "", t->people[i].name,
		          role_name(t->people[i].role));
	}
	return sb.buf;
}

static void status_for(struct req *r, const struct err *e)
{
	if (!e || !e->code)
		return;
	r->status = e->code == ERR_TOO_LARGE ? 413 : e->code == ERR_NOT_FOUND ? 404 : 400;
}

/* Reads the text, the subject and the files (field "piece", repeatable). */
static void read_input(struct req *r, struct message_input *in)
{
	memset(in, 0, sizeof *in);
	in->subject = req_form(r, "sujet");
	in->body = req_form(r, "texte");
	for (int i = 0; i < r->nuploads; i++)
		if (str_eq(r->uploads[i].field, "piece") && in->nfiles < MESSAGES_MAX_FILES + 1)
			in->files[in->nfiles++] = &r->uploads[i];
}

/* The file input, with "multiple", which form_field() does not write. */
static void files_field(struct html *h, const struct err *e)
{
	bool bad = e && e->code && str_eq(e->field, "piece");
	html_printf(h, "<div class=\"field%s\"><label for=\"f-piece\">%s</label>"
	               "<p class=\"hint\" id=\"f-piece-hint\">%s</p>",
	            bad ? " invalid" : "", _("Pièces jointes (facultatif)"),
	            arena_printf(h->sb.arena, _("Tout type de document : %d fichiers au plus, %d Mo chacun."),
	                         MESSAGES_MAX_FILES, MESSAGES_MAX_FILE_SIZE / (1024 * 1024)));
	if (bad)
		html_printf(h, "<p class=\"error\" id=\"f-piece-err\">%s</p>", e->msg);
	html_printf(h, "<input id=\"f-piece\" name=\"piece\" type=\"file\" multiple"
	               " aria-describedby=\"f-piece-hint%s\"%s></div>",
	            bad ? " f-piece-err" : "", bad ? " aria-invalid=true" : "");
}

/* ---- The list ---- */

/* GET /messages[?page=] */
int messages_page_list(struct req *r)
{
	int page = page_number(r);
	struct message_thread *t;
	int n = messages_threads(r, (page - 1) * PAGE_SIZE, PAGE_SIZE + 1, &t);
	if (n < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Messages"));
	html_printf(h, "<h1>%s</h1><p><a class=\"button\" href=\"/messages/nouveau\">%s</a></p>",
	            _("Messages"), _("Écrire un message"));
	if (n == 0 && page == 1) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Aucune conversation pour l'instant. Les messages échangés avec l'équipe "
		              "pédagogique de vos cours apparaîtront ici."));
		return page_end(r, h);
	}
	int64_t unread = messages_unread_count(r);
	if (unread)
		html_printf(h, "<p class=\"lead\">%s</p>",
		            arena_printf(r->arena, unread > 1 ? _("%lld messages non lus.")
		                                              : _("%lld message non lu."),
		                         (long long)unread));
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Vos conversations, les plus récentes d'abord"), _("Sujet"), _("Cours"),
	            _("Élève"), _("Avec"), _("Dernier message"), _("Non lus"));
	for (int i = 0; i < n && i < PAGE_SIZE; i++) {
		if (t[i].unread)
			html_printf(h, "<tr class=\"unread\"><td><strong><a href=\"/messages/%lld\">%s</a>"
			               "</strong> <span class=\"tag\">%s</span></td>",
			            (long long)t[i].id, t[i].subject, _("nouveau"));
		else
			html_printf(h, "<tr><td><a href=\"/messages/%lld\">%s</a></td>", (long long)t[i].id,
			            t[i].subject);
		html_printf(h, "<td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%lld</td></tr>",
		            t[i].course_title, t[i].learner_name, others(r, &t[i]),
		            fmt_datetime(r->arena, t[i].last_message_at), (long long)t[i].unread);
	}
	html_printf(h, "</tbody></table>");
	pager(h, r, "/messages", "", page, n > PAGE_SIZE);
	return page_end(r, h);
}

/* ---- A new thread ---- */

static void choose(struct html *h, struct req *r, const struct message_contact *c, int n,
                   int64_t copie)
{
	const char *copy = copie ? arena_printf(r->arena, "&copie=%lld", (long long)copie) : "";
	html_printf(h, "<h2>%s</h2>", _("À quel sujet écrivez-vous ?"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Vous ne suivez ni n'enseignez aucun cours : il n'y a personne à qui "
		              "écrire pour l'instant."));
		return;
	}
	html_printf(h, "<ul class=\"results\">");
	for (int i = 0; i < n; i++) {
		if (c[i].learner_id)
			html_printf(h, "<li><a href=\"/messages/nouveau?cours=%lld&amp;eleve=%lld%s\">%s</a>"
			               "<p class=\"meta\">%s</p></li>",
			            (long long)c[i].course_id, (long long)c[i].learner_id, copy,
			            c[i].course_title,
			            c[i].learner_id == r->user.id
			                    ? _("Écrire à l'équipe pédagogique du cours")
			                    : arena_printf(r->arena, _("Écrire à l'équipe pédagogique au sujet de %s"),
			                                   c[i].learner_name));
		else
			html_printf(h, "<li><a href=\"/messages/nouveau?cours=%lld%s\">%s</a>"
			               "<p class=\"meta\">%s</p></li>",
			            (long long)c[i].course_id, copy, c[i].course_title,
			            _("Écrire à un élève de ce cours"));
	}
	html_printf(h, "</ul>");
}

/*
** The page of a new thread: without a course, the list of what the person
** may write about; with one, the form. Answers 404 for a course or learner
** that is not theirs to write about.
*/
static int render_new(struct req *r, int64_t course, int64_t learner, int64_t copie,
                      const struct err *e)
{
	struct message_contact *c;
	int n = messages_contacts(r, &c);
	if (n < 0)
		return page_internal_error(r);
	const struct message_contact *fixed = NULL;
	for (int i = 0; course && i < n && !fixed; i++)
		if (c[i].course_id == course && c[i].learner_id &&
		    (c[i].learner_id == learner || (!learner && c[i].learner_id == r->user.id)))
			fixed = &c[i];
	struct message_contact *pupils = NULL;
	int npupils = 0;
	if (course && !fixed) {
		npupils = messages_course_learners(r, course, &pupils);
		if (npupils == ERR_NOT_FOUND)
			return page_not_found(r);
		if (npupils < 0)
			return page_internal_error(r);
		if (learner) {
			for (int i = 0; i < npupils && !fixed; i++)
				if (pupils[i].learner_id == learner)
					fixed = &pupils[i];
			if (!fixed)
				return page_not_found(r);
		}
	}
	status_for(r, e);
	struct html *h = page_begin(r, _("Nouveau message"));
	html_printf(h, "<p><a href=\"/messages\">%s</a></p><h1>%s</h1>", _("← Messages"),
	            _("Nouveau message"));
	if (!course) {
		choose(h, r, c, n, copie);
		return page_end(r, h);
	}
	bool staff_form = pupils != NULL; /* staff writing to a learner of their course */
	const char *title = fixed ? fixed->course_title : npupils > 0 ? pupils[0].course_title : "";
	form_open(h, r, "/messages", true);
	form_errors(h, e);
	html_printf(h, "<input type=\"hidden\" name=\"cours\" value=\"%lld\">", (long long)course);
	if (copie)
		html_printf(h, "<input type=\"hidden\" name=\"copie\" value=\"%lld\">", (long long)copie);
	if (title[0])
		html_printf(h, "<p class=\"meta\">%s %s</p>", _("Cours :"), title);
	if (fixed) {
		html_printf(h, "<input type=\"hidden\" name=\"eleve\" value=\"%lld\">",
		            (long long)fixed->learner_id);
		if (staff_form)
			html_printf(h, "<p class=\"meta\">%s %s</p>", _("Élève :"), fixed->learner_name);
		else if (fixed->learner_id != r->user.id)
			html_printf(h, "<p class=\"meta\">%s %s</p>", _("Au sujet de :"), fixed->learner_name);
		if (!staff_form)
			html_printf(h, "<p class=\"meta\">%s</p>",
			            _("Votre message est adressé à l'équipe pédagogique du cours."));
	} else if (npupils == 0) {
		html_printf(h, "<p class=\"empty\">%s</p></form>", _("Aucun élève ne suit ce cours."));
		return page_end(r, h);
	} else {
		struct option *o = arena_array(r->arena, (size_t)npupils, sizeof *o);
		for (int i = 0; i < npupils; i++)
			o[i] = (struct option){arena_printf(r->arena, "%lld", (long long)pupils[i].learner_id),
			                       pupils[i].learner_name};
		form_select(h, "eleve", _("Élève"), o, npupils, req_form(r, "eleve"), e);
	}
	if (staff_form)
		form_checkbox(h, "responsables", _("Inclure ses responsables légaux dans la conversation"),
		              req_form(r, "responsables") != NULL);
	form_field(h, &(struct field_view){.name = "sujet", .label = _("Sujet"), .required = true,
	                                   .value = req_form(r, "sujet")}, e);
	form_field(h, &(struct field_view){.name = "texte", .label = _("Message"), .type = "textarea",
	                                   .required = true, .value = req_form(r, "texte")}, e);
	files_field(h, e);
	form_close(h, _("Envoyer"));
	return page_end(r, h);
}

/* GET /messages/nouveau[?cours=&eleve=&copie=] */
int messages_page_new(struct req *r)
{
	return render_new(r, id_value(req_query(r, "cours")), id_value(req_query(r, "eleve")),
	                  id_value(req_query(r, "copie")), NULL);
}

/* POST /messages: cours, eleve, copie, responsables, sujet, texte, piece* */
int messages_page_create(struct req *r)
{
	struct message_input in;
	read_input(r, &in);
	in.course_id = id_value(req_form(r, "cours"));
	in.learner_id = id_value(req_form(r, "eleve"));
	in.submission_id = id_value(req_form(r, "copie"));
	in.copy_guardians = req_form(r, "responsables") != NULL;
	struct err e = {0};
	int64_t id;
	int rc = messages_thread_create(r, &in, &id, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_new(r, in.course_id, in.learner_id, in.submission_id, &e);
	page_flash(r, "ok", _("Votre message est envoyé."));
	return reply_redirect(r, arena_printf(r->arena, "/messages/%lld", (long long)id));
}

/* ---- A thread ---- */

static void message_files(struct html *h, struct req *r, int64_t thread, const struct message *m)
{
	if (!m->nfiles)
		return;
	html_printf(h, "<ul class=\"files\" aria-label=\"%s\">", _("Pièces jointes"));
	for (int i = 0; i < m->nfiles; i++)
		html_printf(h, "<li><a href=\"/messages/%lld/pieces/%lld\" download>%s</a> (%s)</li>",
		            (long long)thread, (long long)m->files[i].id, m->files[i].filename,
		            arena_printf(r->arena, _("%lld Ko"),
		                         (long long)((m->files[i].size + 1023) / 1024)));
	html_printf(h, "</ul>");
}

static int render_thread(struct req *r, int64_t id, const struct err *e)
{
	struct message_thread t;
	struct message *m;
	int n = messages_thread_get(r, id, &t, &m);
	if (n == ERR_NOT_FOUND)
		return page_not_found(r);
	if (n < 0)
		return page_internal_error(r);
	status_for(r, e);
	struct html *h = page_begin(r, t.subject);
	html_printf(h, "<p><a href=\"/messages\">%s</a></p><h1>%s</h1>", _("← Messages"), t.subject);
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
	               "<dt>%s</dt><dd>%s</dd>",
	            _("Cours"), t.course_title, _("Élève"), t.learner_name, _("Avec"), others(r, &t));
	if (t.submission_id)
		html_printf(h, "<dt>%s</dt><dd>%s</dd>", _("À propos de"),
		            arena_printf(r->arena, _("la copie n° %lld"), (long long)t.submission_id));
	html_printf(h, "</dl><h2>%s</h2><ol class=\"thread\">", _("Messages"));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<li><article class=\"mail%s\"><h3>%s <span class=\"meta\">— "
		               "<time datetime=\"%s\">%s</time></span>",
		            m[i].unread ? " unread" : "", m[i].author_name,
		            fmt_iso(r->arena, m[i].created_at), fmt_datetime(r->arena, m[i].created_at));
		if (m[i].unread)
			html_printf(h, " <span class=\"tag\">%s</span>", _("nouveau"));
		html_printf(h, "</h3><pre class=\"msg-body\">%s</pre>", m[i].body);
		message_files(h, r, id, &m[i]);
		html_printf(h, "</article></li>");
	}
	html_printf(h, "</ol><h2 id=\"repondre\">%s</h2>", _("Répondre"));
	form_open(h, r, arena_printf(r->arena, "/messages/%lld", (long long)id), true);
	form_errors(h, e);
	form_field(h, &(struct field_view){.name = "texte", .label = _("Votre réponse"),
	                                   .type = "textarea", .required = true,
	                                   .value = e && e->code ? req_form(r, "texte") : NULL}, e);
	files_field(h, e);
	form_close(h, _("Envoyer la réponse"));
	return page_end(r, h);
}

/* GET /messages/{id}: the thread, marked read */
int messages_page_thread(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	return st ? st : render_thread(r, id, NULL);
}

/* POST /messages/{id}: texte, piece* */
int messages_page_reply(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct message_input in;
	read_input(r, &in);
	struct err e = {0};
	int rc = messages_reply(r, id, &in, NULL, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_thread(r, id, &e);
	page_flash(r, "ok", _("Votre réponse est envoyée."));
	return reply_redirect(r, arena_printf(r->arena, "/messages/%lld", (long long)id));
}

/* GET /messages/{id}/pieces/{file}: downloaded, never shown inline */
int messages_page_attachment(struct req *r)
{
	int64_t id, file;
	int st = route_id_or_reply(r, "id", &id);
	if (!st)
		st = route_id_or_reply(r, "file", &file);
	if (st)
		return st;
	struct message_file f;
	int rc = messages_attachment_get(r, id, file, &f);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_file(r, files_path(r->arena, f.sha256), f.content_type, f.filename);
}
