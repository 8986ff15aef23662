/*
** This file implements the agenda pages: a person's agenda four weeks at
** a time, planning virtual classes (course staff), events of the school
** year (admins), and the page of the personal iCalendar feed.
*/
#include <string.h>
#include <time.h>

#include "agenda/agenda.h"
#include "agenda/web.h"
#include "app/app.h"
#include "app/page.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "tenants/tenants.h"

#define WEEKS 4

static const char *clock_of(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return r->lang == LANG_EN ? arena_printf(r->arena, "%02d:%02d", tm.tm_hour, tm.tm_min)
	                          : arena_printf(r->arena, "%02dh%02d", tm.tm_hour, tm.tm_min);
}

/* Local midnight of the day of t, moved by `days` days. */
static int64_t day_start(int64_t t, int days)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	tm.tm_mday += days;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

static const char *iso_day(struct req *r, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	localtime_r(&tt, &tm);
	return arena_printf(r->arena, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void status_for(struct req *r, const struct err *e)
{
	if (e && e->code)
		r->status = e->code == ERR_NOT_FOUND ? 404 : e->code == ERR_FORBIDDEN ? 403 : 400;
}

/* ---- The agenda ---- */

static void when(struct html *h, struct req *r, const struct agenda_entry *e)
{
	if (e->kind == AGENDA_DUE)
		html_printf(h, "%s %s", _("avant"), clock_of(r, e->starts_at));
	else if (e->all_day) {
		int64_t last = e->ends_at - 1;
		if (day_start(last, 0) == day_start(e->starts_at, 0))
			html_printf(h, "%s", _("toute la journée"));
		else
			html_printf(h, "%s %s", _("jusqu'au"), fmt_date(r->arena, last));
	} else
		html_printf(h, "%s – %s", clock_of(r, e->starts_at), clock_of(r, e->ends_at));
}

/* GET /agenda[?du=AAAA-MM-JJ]: four weeks from that day (today by default) */
int agenda_page_show(struct req *r)
{
	int64_t from;
	const char *du = req_query(r, "du");
	if (!du || !agenda_local_time(du, NULL, &from))
		from = day_start(time(NULL), 0);
	int64_t to = day_start(from, WEEKS * 7);
	struct agenda_entry *e;
	int n = agenda_for(r, r->user.id, from, to, &e);
	if (n < 0)
		return page_internal_error(r);
	bool for_someone = false;
	for (int i = 0; i < n; i++)
		for_someone |= e[i].learner_id != 0;

	struct html *h = page_begin(r, _("Agenda"));
	html_printf(h, "<h1>%s</h1><ul class=\"actions\">", _("Agenda"));
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR | ROLE_ADMIN))
		html_printf(h, "<li><a href=\"/agenda/classes-virtuelles\">%s</a></li>",
		            _("Planifier une classe virtuelle"));
	if (r->user.roles & ROLE_ADMIN)
		html_printf(h, "<li><a href=\"/agenda/evenements\">%s</a></li>",
		            _("Événements de l'année scolaire"));
	html_printf(h, "<li><a href=\"/agenda/abonnement\">%s</a></li></ul>",
	            _("Recevoir mon agenda dans mon application de calendrier"));
	html_printf(h, "<nav class=\"pager\" aria-label=\"%s\"><a href=\"/agenda?du=%s\">%s</a>"
	               "<a href=\"/agenda\">%s</a><a href=\"/agenda?du=%s\">%s</a></nav>",
	            _("Période"), iso_day(r, day_start(from, -WEEKS * 7)), _("← 4 semaines avant"),
	            _("Aujourd'hui"), iso_day(r, to), _("4 semaines après →"));
	const char *caption = arena_printf(r->arena, _("Du %s au %s"), fmt_date(r->arena, from),
	                                   fmt_date(r->arena, day_start(to, -1)));
	if (n == 0) {
		html_printf(h, "<h2>%s</h2><p class=\"empty\">%s</p>", caption,
		            _("Rien dans votre agenda pour ces quatre semaines : ni devoir à rendre, ni "
		              "classe virtuelle, ni événement."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th>",
	            caption, _("Date"), _("Heure"), _("Type"), _("Intitulé"), _("Cours"));
	if (for_someone)
		html_printf(h, "<th scope=\"col\">%s</th>", _("Pour"));
	html_printf(h, "</tr></thead><tbody>");
	for (int i = 0; i < n; i++) {
		html_printf(h, "<tr><td>%s</td><td>", fmt_date(r->arena, e[i].starts_at));
		when(h, r, &e[i]);
		html_printf(h, "</td><td><span class=\"tag\">%s</span></td><td>",
		            agenda_kind_label(e[i].kind));
		if (e[i].kind == AGENDA_DUE && e[i].url[0])
			html_printf(h, "<a href=\"%s\">%s</a>", e[i].url, e[i].title);
		else
			html_printf(h, "%s", e[i].title);
		if (e[i].kind == AGENDA_CLASS)
			html_printf(h, " — <a href=\"%s\" rel=\"noopener noreferrer\">%s<span class=\"visually-hidden\"> %s</span></a>",
			            e[i].url, _("Rejoindre"), e[i].title);
		if (e[i].unit_name[0])
			html_printf(h, " <span class=\"meta\">(%s)</span>", e[i].unit_name);
		if (e[i].description[0])
			html_printf(h, "<br><span class=\"meta\">%s</span>", e[i].description);
		html_printf(h, "</td><td>%s</td>", e[i].course_title);
		if (for_someone)
			html_printf(h, "<td>%s</td>", e[i].learner_id ? e[i].learner_name
			                              : e[i].kind == AGENDA_EVENT ? "" : _("moi"));
		html_printf(h, "</tr>");
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* ---- Virtual classes ---- */

static int render_classes(struct req *r, const struct err *e)
{
	int64_t *ids;
	char **titles;
	int nc = agenda_class_courses(r, &ids, &titles);
	struct virtual_class *v;
	int nv = agenda_classes(r, day_start(time(NULL), 0), 200, &v);
	if (nc < 0 || nv < 0)
		return page_internal_error(r);
	status_for(r, e);
	struct html *h = page_begin(r, _("Classes virtuelles"));
	html_printf(h, "<p><a href=\"/agenda\">%s</a></p><h1>%s</h1>", _("← Agenda"),
	            _("Classes virtuelles"));
	html_printf(h, "<h2>%s</h2>", _("Planifier une classe"));
	if (nc == 0)
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Vous ne faites partie de l'équipe d'aucun cours : vous ne pouvez pas "
		              "planifier de classe virtuelle."));
	else {
		form_open(h, r, "/agenda/classes-virtuelles", false);
		form_errors(h, e);
		struct option *o = arena_array(r->arena, (size_t)nc, sizeof *o);
		for (int i = 0; i < nc; i++)
			o[i] = (struct option){arena_printf(r->arena, "%lld", (long long)ids[i]), titles[i]};
		form_select(h, "cours", _("Cours"), o, nc, req_form(r, "cours"), e);
		form_field(h, &(struct field_view){.name = "titre", .label = _("Titre"), .required = true,
		                                   .value = req_form(r, "titre")}, e);
		form_field(h, &(struct field_view){.name = "date", .label = _("Date"), .type = "date",
		                                   .required = true, .hint = _("JJ/MM/AAAA"),
		                                   .value = req_form(r, "date")}, e);
		form_field(h, &(struct field_view){.name = "debut", .label = _("Début"), .type = "time",
		                                   .required = true, .hint = _("HH:MM, heure de Paris"),
		                                   .value = req_form(r, "debut")}, e);
		form_field(h, &(struct field_view){.name = "fin", .label = _("Fin"), .type = "time",
		                                   .required = true, .hint = _("HH:MM, heure de Paris"),
		                                   .value = req_form(r, "fin")}, e);
		form_field(h, &(struct field_view){.name = "lien", .label = _("Lien de la classe"),
		                                   .type = "url", .required = true,
		                                   .hint = _("L'adresse https:// où les élèves la rejoignent."),
		                                   .value = req_form(r, "lien")}, e);
		form_close(h, _("Planifier"));
	}
	html_printf(h, "<h2>%s</h2>", _("Classes à venir"));
	if (nv == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune classe virtuelle prévue."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Classes virtuelles à venir de vos cours"), _("Date"), _("Horaire"), _("Cours"),
	            _("Titre"), _("Action"));
	for (int i = 0; i < nv; i++) {
		html_printf(h, "<tr><td>%s</td><td>%s – %s</td><td>%s</td>"
		               "<td><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></td><td>",
		            fmt_date(r->arena, v[i].starts_at), clock_of(r, v[i].starts_at),
		            clock_of(r, v[i].ends_at), v[i].course_title, v[i].url, v[i].title);
		button_form(h, r, arena_printf(r->arena, "/agenda/classes-virtuelles/%lld/supprimer",
		                               (long long)v[i].id),
		            arena_printf(r->arena, _("Supprimer « %s »"), v[i].title), "secondary");
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* GET /agenda/classes-virtuelles */
int agenda_page_classes(struct req *r)
{
	return render_classes(r, NULL);
}

/* POST /agenda/classes-virtuelles: cours, titre, date, debut, fin, lien */
int agenda_page_class_create(struct req *r)
{
	int64_t course = 0;
	const char *c = req_form(r, "cours");
	if (!c || !str_to_int64(c, &course))
		course = 0;
	struct class_input in = {.course_id = course, .title = req_form(r, "titre"),
	                         .date = req_form(r, "date"), .start = req_form(r, "debut"),
	                         .end = req_form(r, "fin"), .url = req_form(r, "lien")};
	struct err e = {0};
	int64_t id;
	int rc = agenda_class_create(r, &in, &id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_classes(r, &e);
	page_flash(r, "ok", _("La classe virtuelle est planifiée ; elle apparaît dans l'agenda des élèves."));
	return reply_redirect(r, "/agenda/classes-virtuelles");
}

/* POST /agenda/classes-virtuelles/{id}/supprimer */
int agenda_page_class_delete(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = agenda_class_delete(r, id);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("La classe virtuelle est supprimée."));
	return reply_redirect(r, "/agenda/classes-virtuelles");
}

/* ---- Events ---- */

static int render_events(struct req *r, const struct err *e)
{
	struct school_event *ev;
	int n = agenda_events(r, day_start(time(NULL), 0), 300, &ev);
	struct unit *u;
	int nu = units_list(r, &u);
	if (n < 0 || nu < 0)
		return page_internal_error(r);
	status_for(r, e);
	struct html *h = page_begin(r, _("Événements de l'année scolaire"));
	html_printf(h, "<p><a href=\"/agenda\">%s</a></p><h1>%s</h1><h2>%s</h2>", _("← Agenda"),
	            _("Événements de l'année scolaire"), _("Ajouter un événement"));
	form_open(h, r, "/agenda/evenements", false);
	form_errors(h, e);
	struct option *o = arena_array(r->arena, (size_t)nu + 1, sizeof *o);
	o[0] = (struct option){"0", _("Tout l'établissement")};
	for (int i = 0; i < nu; i++)
		o[i + 1] = (struct option){arena_printf(r->arena, "%lld", (long long)u[i].id), u[i].name};
	form_select(h, "unite", _("Pour qui"), o, nu + 1, req_form(r, "unite"), e);
	form_field(h, &(struct field_view){.name = "titre", .label = _("Titre"), .required = true,
	                                   .value = req_form(r, "titre")}, e);
	form_field(h, &(struct field_view){.name = "description", .label = _("Description"),
	                                   .type = "textarea", .value = req_form(r, "description")}, e);
	form_field(h, &(struct field_view){.name = "debut", .label = _("Date de début"), .type = "date",
	                                   .required = true, .hint = _("JJ/MM/AAAA"),
	                                   .value = req_form(r, "debut")}, e);
	form_field(h, &(struct field_view){.name = "heure_debut", .label = _("Heure de début"),
	                                   .type = "time", .hint = _("Laissez vide pour des journées entières."),
	                                   .value = req_form(r, "heure_debut")}, e);
	form_field(h, &(struct field_view){.name = "fin", .label = _("Date de fin"), .type = "date",
	                                   .hint = _("Laissez vide pour un seul jour."),
	                                   .value = req_form(r, "fin")}, e);
	form_field(h, &(struct field_view){.name = "heure_fin", .label = _("Heure de fin"),
	                                   .type = "time", .hint = _("HH:MM, heure de Paris"),
	                                   .value = req_form(r, "heure_fin")}, e);
	form_close(h, _("Ajouter"));
	html_printf(h, "<h2>%s</h2>", _("À venir"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun événement à venir."));
		return page_end(r, h);
	}
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "</tr></thead><tbody>",
	            _("Événements à venir"), _("Quand"), _("Titre"), _("Pour qui"), _("Action"));
	for (int i = 0; i < n; i++) {
		const char *span = ev[i].all_day
			? (day_start(ev[i].ends_at - 1, 0) == day_start(ev[i].starts_at, 0)
			   ? fmt_date(r->arena, ev[i].starts_at)
			   : arena_printf(r->arena, _("du %s au %s"), fmt_date(r->arena, ev[i].starts_at),
			                  fmt_date(r->arena, ev[i].ends_at - 1)))
			: arena_printf(r->arena, "%s – %s", fmt_datetime(r->arena, ev[i].starts_at),
			               fmt_datetime(r->arena, ev[i].ends_at));
		html_printf(h, "<tr><td>%s</td><td>%s</td><td>%s</td><td>", span, ev[i].title,
		            ev[i].unit_name[0] ? ev[i].unit_name : _("Tout l'établissement"));
		button_form(h, r, arena_printf(r->arena, "/agenda/evenements/%lld/supprimer",
		                               (long long)ev[i].id),
		            arena_printf(r->arena, _("Supprimer « %s »"), ev[i].title), "secondary");
		html_printf(h, "</td></tr>");
	}
	html_printf(h, "</tbody></table>");
	return page_end(r, h);
}

/* GET /agenda/evenements */
int agenda_page_events(struct req *r)
{
	return render_events(r, NULL);
}

/* POST /agenda/evenements: unite, titre, description, debut, heure_debut, fin, heure_fin */
int agenda_page_event_create(struct req *r)
{
	int64_t unit = 0;
	const char *u = req_form(r, "unite");
	if (u && (!str_to_int64(u, &unit) || unit < 0))
		unit = -1;
	struct event_input in = {.unit_id = unit, .title = req_form(r, "titre"),
	                         .description = req_form(r, "description"),
	                         .start_date = req_form(r, "debut"), .start_time = req_form(r, "heure_debut"),
	                         .end_date = req_form(r, "fin"), .end_time = req_form(r, "heure_fin")};
	struct err e = {0};
	int64_t id;
	int rc = agenda_event_create(r, &in, &id, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		return render_events(r, &e);
	page_flash(r, "ok", _("L'événement est ajouté à l'agenda."));
	return reply_redirect(r, "/agenda/evenements");
}

/* POST /agenda/evenements/{id}/supprimer */
int agenda_page_event_delete(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = agenda_event_delete(r, id);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	page_flash(r, "ok", _("L'événement est supprimé."));
	return reply_redirect(r, "/agenda/evenements");
}

/* ---- The feed's page ---- */

/* The page, with the new address when one was just made (shown once). */
static int render_feed(struct req *r, const char *token)
{
	int64_t since = agenda_feed_since(r);
	struct html *h = page_begin(r, _("Abonnement à mon agenda"));
	html_printf(h, "<p><a href=\"/agenda\">%s</a></p><h1>%s</h1><p>%s</p>", _("← Agenda"),
	            _("Abonnement à mon agenda"),
	            _("Un lien secret permet à votre application de calendrier (téléphone, "
	              "messagerie) d'afficher votre agenda cartable et de le tenir à jour. Ne le "
	              "partagez pas : qui le connaît voit votre agenda."));
	if (token) {
		const char *url = arena_printf(r->arena, "%s/agenda/flux/%s.ics",
		                               app.base_url ? app.base_url : "", token);
		const char *webcal = str_starts(url, "https://") ? arena_printf(r->arena, "webcal://%s", url + 8)
		                   : str_starts(url, "http://") ? arena_printf(r->arena, "webcal://%s", url + 7)
		                                                : url;
		html_printf(h, "<div class=\"flash ok\" role=\"status\"><p>%s</p>"
		               "<p><code class=\"token\">%s</code></p><p><a href=\"%s\">%s</a></p></div>",
		            _("Voici votre lien d'abonnement. Copiez-le dans votre application de "
		              "calendrier (« s'abonner à un calendrier » ou « ajouter par URL ») : il ne "
		              "sera plus affiché."),
		            url, webcal, _("Ouvrir dans mon application de calendrier"));
	} else if (since)
		html_printf(h, "<p>%s</p>",
		            arena_printf(r->arena,
		                         _("Un lien est actif depuis le %s. Il n'est montré qu'une fois : "
		                           "si vous l'avez perdu, créez-en un nouveau, l'ancien cessera "
		                           "de fonctionner."),
		                         fmt_datetime(r->arena, since)));
	else
		html_printf(h, "<p class=\"empty\">%s</p>", _("Vous n'avez pas encore de lien d'abonnement."));
	html_printf(h, "<div class=\"actions\">");
	button_form(h, r, "/agenda/abonnement",
	            since ? _("Créer un nouveau lien (l'ancien cesse de fonctionner)")
	                  : _("Créer mon lien d'abonnement"), NULL);
	if (since)
		button_form(h, r, "/agenda/abonnement/supprimer", _("Désactiver mon lien"), "secondary");
	html_printf(h, "</div>");
	return page_end(r, h);
}

/* GET /agenda/abonnement */
int agenda_page_feed(struct req *r)
{
	return render_feed(r, NULL);
}

/* POST /agenda/abonnement: a new secret, shown on the page it answers */
int agenda_page_feed_issue(struct req *r)
{
	char token[AUTH_TOKEN_LEN];
	if (agenda_feed_issue(r, token) != 0)
		return page_internal_error(r);
	return render_feed(r, token);
}

/* POST /agenda/abonnement/supprimer */
int agenda_page_feed_revoke(struct req *r)
{
	if (agenda_feed_revoke(r) != 0)
		return page_internal_error(r);
	page_flash(r, "ok", _("Votre lien d'abonnement est désactivé."));
	return reply_redirect(r, "/agenda/abonnement");
}
