/*
** This file implements the dashboard (dashboard.h): one section per thing
** a person needs to see first, each written by a small function that asks
** one feature.
*/
#include "dashboard/dashboard.h"

#include <string.h>

#include "courses/courses.h"
#include "grades/grades.h"
#include "homework/homework.h"
#include "kernel/fmt.h"
#include "messaging/messaging.h"
#include "news/news.h"
#include "kernel/i18n.h"
#include "notices/notices.h"
#include "people/people.h"
#include "quizzes/quizzes.h"
#include "srs/srs.h"

static void srs_panel(struct html *h, struct req *r);

/* Courses of a learner with progress and the next thing to do. */
static void learner_courses(struct html *h, struct req *r, int64_t learner, const char *heading)
{
	struct course_summary *c;
	int n = courses_for_learner(r, learner, &c);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", heading);
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Aucun cours suivi pour l'instant."));
		return;
	}
	const char *suffix = learner == r->user.id ? ""
	                                          : arena_printf(r->arena, "?eleve=%lld", (long long)learner);
	html_printf(h, "<ul class=\"progress-list\">");
	for (int i = 0; i < n; i++) {
		int pct = c[i].items ? c[i].done * 100 / c[i].items : 0;
		html_printf(h, "<li><a href=\"/mes-cours/%lld%s\">%s</a> <progress max=\"100\" value=\"%d\">",
		            (long long)c[i].id, suffix, c[i].title, pct);
		/* the translated formats (of the program, not of users) written
		** directly: numbers only, no arena_printf() per line */
		html_printf(h, _("%d %%"), pct);
		html_printf(h, "</progress> <span class=\"meta\">");
		html_printf(h, _("%d sur %d"), c[i].done, c[i].items);
		html_printf(h, "</span></li>");
	}
	html_printf(h, "</ul></section>");
}

/* The next homework to hand in, nearest due date first. */
static void deadlines(struct html *h, struct req *r, int64_t learner, const char *heading)
{
	struct homework_row *w;
	int n = homework_next_deadlines(r, learner, 5, &w);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", heading);
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Aucun devoir à rendre."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < n; i++) {
		int64_t due = w[i].a.learner_due_at ? w[i].a.learner_due_at : w[i].a.due_at;
		html_printf(h, "<li><a href=\"/devoirs/%lld%s\">%s</a> <span class=\"meta\">%s",
		            (long long)w[i].a.item_id,
		            learner == r->user.id ? "" : arena_printf(r->arena, "?eleve=%lld", (long long)learner),
		            w[i].a.title, w[i].a.course_title);
		if (due)
			html_printf(h, " · %s %s", _("à rendre le"), fmt_datetime(r->arena, due));
		html_printf(h, "</span>");
		if (w[i].status == HW_LATE)
			html_printf(h, " <span class=\"status status-cancelled\">%s</span>",
			            homework_status_label(w[i].status));
		html_printf(h, "</li>");
	}
	html_printf(h, "</ul><p><a href=\"/devoirs%s\">%s</a></p></section>",
	            learner == r->user.id ? "" : arena_printf(r->arena, "?eleve=%lld", (long long)learner),
	            _("Tous les devoirs"));
}

static void latest_grades(struct html *h, struct req *r, int64_t learner, const char *heading)
{
	struct grade *g;
	int n = grades_latest(r, learner, 5, &g);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", heading);
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Aucune note pour l'instant."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < n; i++)
		html_printf(h, "<li><a href=\"%s\">%s</a> <span class=\"meta\">%s</span> : <strong>%s / %s</strong></li>",
		            g[i].link, g[i].title, g[i].course_title, grades_format(r->arena, g[i].grade),
		            grades_format(r->arena, g[i].max_grade));
	html_printf(h, "</ul><p><a href=\"/notes%s\">%s</a></p></section>",
	            learner == r->user.id ? "" : arena_printf(r->arena, "?eleve=%lld", (long long)learner),
	            _("Toutes les notes"));
}

static void correction_queue(struct html *h, struct req *r)
{
	int64_t pending = 0, oldest = 0;
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Copies à corriger"));
	if (homework_queue_stats(r, r->user.id, &pending, &oldest) != 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Indisponible pour l'instant."));
		return;
	}
	if (pending == 0)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucune copie en attente."));
	else
		html_printf(h, "<p><strong>%s</strong> %s</p>",
		            arena_printf(r->arena, _("%lld copie(s) en attente"), (long long)pending),
		            arena_printf(r->arena, _("; la plus ancienne a été rendue le %s."),
		                         fmt_datetime(r->arena, oldest)));
	html_printf(h, "<p><a href=\"/corrections\">%s</a></p>", _("Ouvrir la file de correction"));
	/* essays of quizzes wait in their quiz, not in the homework queue */
	struct quiz_to_grade *q;
	int nq = quizzes_to_grade(r, &q);
	if (nq > 0) {
		html_printf(h, "<h3>%s</h3><ul>", _("Rédactions de quiz à corriger"));
		for (int i = 0; i < nq; i++)
			html_printf(h, "<li><a href=\"/quiz/%lld/tentatives\">%s</a> (%s) : %s</li>", (long long)q[i].item_id,
			            q[i].title, q[i].course_title,
			            arena_printf(r->arena, _("%lld tentative(s) à corriger"), (long long)q[i].attempts));
		html_printf(h, "</ul>");
	}
	html_printf(h, "</section>");
}

static void messages_panel(struct html *h, struct req *r)
{
	int64_t unread = messages_unread_count(r);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2><p>%s</p><p><a href=\"/messages\">%s</a></p></section>",
	            _("Messages"),
	            unread ? arena_printf(r->arena, _("%lld message(s) non lu(s)."), (long long)unread)
	                   : _("Aucun message non lu."),
	            _("Ouvrir la messagerie"));
}

static void news_panel(struct html *h, struct req *r)
{
	struct news_item *n;
	int count = news_latest(r, 3, &n);
	if (count <= 0)
		return;
	html_printf(h, "<section class=\"panel\"><h2>%s</h2><ul>", _("Actualités"));
	for (int i = 0; i < count; i++)
		html_printf(h, "<li><a href=\"/actualites/%lld\">%s</a> <span class=\"meta\">%s%s%s</span></li>",
		            (long long)n[i].id, n[i].title, fmt_date(r->arena, n[i].published_at),
		            n[i].where[0] ? " · " : "", n[i].where);
	html_printf(h, "</ul><p><a href=\"/actualites\">%s</a></p></section>", _("Toutes les actualités"));
}

/* An advisor's cohort: for each course they follow, who has homework overdue. */
static void advisor_overdue(struct html *h, struct req *r)
{
	struct course_summary *c;
	int n = courses_for_staff(r, &c);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Devoirs en retard dans mes cours"));
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>",
		            _("Vous ne suivez aucun cours : un administrateur vous ajoute à l'équipe d'un cours."));
		return;
	}
	bool any = false;
	for (int i = 0; i < n; i++) {
		struct overdue *o;
		int k = homework_overdue(r, c[i].id, 20, &o);
		if (k <= 0)
			continue;
		any = true;
		html_printf(h, "<h3>%s</h3><ul>", c[i].title);
		for (int j = 0; j < k; j++)
			html_printf(h, "<li><a href=\"/devoirs?eleve=%lld\">%s %s</a> : %s</li>",
			            (long long)o[j].learner_id, o[j].given_name, o[j].family_name,
			            arena_printf(r->arena, _("%d devoir(s) en retard depuis le %s"), o[j].count,
			                         fmt_date(r->arena, o[j].oldest_due)));
		html_printf(h, "</ul>");
	}
	if (!any)
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun apprenant n'a de devoir en retard."));
	html_printf(h, "</section>");
}

static void staff_courses(struct html *h, struct req *r)
{
	struct course_summary *c;
	int n = courses_for_staff(r, &c);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Mes cours"));
	if (n <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>",
		            _("Vous ne faites partie de l'équipe d'aucun cours."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < n; i++)
		html_printf(h, "<li><a href=\"/mes-cours/%lld\">%s</a></li>", (long long)c[i].id, c[i].title);
	html_printf(h, "</ul></section>");
}

static void notices_panel(struct html *h, struct req *r)
{
	struct notice *n;
	int count = notices_list(r, 0, 5, &n);
	int64_t unread = notices_unread(r);
	html_printf(h, "<section class=\"panel\"><h2>%s</h2>", _("Dernières notifications"));
	if (count <= 0) {
		html_printf(h, "<p class=\"empty\">%s</p></section>", _("Rien de nouveau."));
		return;
	}
	html_printf(h, "<ul>");
	for (int i = 0; i < count; i++) {
		bool local = n[i].link[0] == '/' && n[i].link[1] != '/';
		html_printf(h, "<li>%s", n[i].read_at ? "" : "● ");
		if (local)
			html_printf(h, "<a href=\"%s\">%s</a>", n[i].link, n[i].title);
		else
			html_printf(h, "%s", n[i].title);
		html_printf(h, "</li>");
	}
	html_printf(h, "</ul><p><a href=\"/notifications\">%s</a>%s</p></section>",
	            _("Toutes les notifications"),
	            unread ? arena_printf(r->arena, _(" (%lld non lues)"), (long long)unread) : "");
}

void dashboard_render(struct html *h, struct req *r)
{
	html_printf(h, "<h1>%s</h1><p class=\"lead\">%s, %s.</p><div class=\"dashboard\">",
	            _("Tableau de bord"), _("Bonjour"), r->user.display_name);
	if (r->user.roles & ROLE_LEARNER) {
		deadlines(h, r, r->user.id, _("Prochaines échéances"));
		learner_courses(h, r, r->user.id, _("Mes cours"));
		latest_grades(h, r, r->user.id, _("Dernières notes"));
		srs_panel(h, r);
	}
	if (r->user.roles & ROLE_GUARDIAN) {
		struct person *kids;
		int k = people_children(r, r->user.id, &kids);
		for (int i = 0; i < k; i++) {
			deadlines(h, r, kids[i].id, arena_printf(r->arena, _("Échéances de %s"), kids[i].given_name));
			learner_courses(h, r, kids[i].id,
			                arena_printf(r->arena, _("Cours de %s"), kids[i].given_name));
			latest_grades(h, r, kids[i].id,
			              arena_printf(r->arena, _("Dernières notes de %s"), kids[i].given_name));
		}
	}
	if (r->user.roles & ROLE_TEACHER)
		correction_queue(h, r);
	if (r->user.roles & ROLE_ADVISOR)
		advisor_overdue(h, r);
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR))
		staff_courses(h, r);
	if (r->user.roles & (ROLE_LEARNER | ROLE_GUARDIAN | ROLE_TEACHER | ROLE_ADVISOR))
		messages_panel(h, r);
	news_panel(h, r);
	notices_panel(h, r);
	html_printf(h, "</div>");
}

/* Spaced repetition: what is left to review today (srs.h), if anything. */
static void srs_panel(struct html *h, struct req *r)
{
	int64_t n = srs_due_today(r, r->user.id);
	if (n <= 0)
		return;
	html_printf(h, "<section class=\"panel\"><h2>%s</h2><p>%s</p><p><a href=\"/revisions/seance\">%s</a></p>"
	               "</section>",
	            _("Révisions"), arena_printf(r->arena, _("%lld carte(s) à revoir aujourd'hui."), (long long)n),
	            _("Commencer la séance"));
}
