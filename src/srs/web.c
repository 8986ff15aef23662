/*
** This file implements the learner's spaced-repetition pages: their decks
** (and, for staff, the decks of their courses), the review session (one
** card, its answer in a <details> element, four rating buttons showing
** the next interval; static/srs.js adds the keyboard), ratings and undo,
** and their statistics with inline SVG charts beside their data tables.
*/
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/page.h"
#include "courses/courses.h"
#include "kernel/clock.h"
#include "kernel/csrf.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "srs/cloze.h"
#include "srs/internal.h"
#include "srs/srs.h"
#include "srs/web.h"

static int64_t query_id(struct req *r, const char *name)
{
	int64_t v;
	const char *s = req_query(r, name);
	return s && str_to_int64(s, &v) && v > 0 ? v : 0;
}

static int64_t form_int(struct req *r, const char *name, int64_t fallback)
{
	int64_t v;
	const char *s = req_form(r, name);
	return s && str_to_int64(s, &v) ? v : fallback;
}

static const char *percent(struct arena *a, int per_mille)
{
	char sep = i18n_lang() == LANG_EN ? '.' : ',';
	if (per_mille % 10 == 0)
		return arena_printf(a, "%d %%", per_mille / 10);
	return arena_printf(a, "%d%c%d %%", per_mille / 10, sep, per_mille % 10);
}

static const char *rating_label(int rating)
{
	switch (rating) {
	case 1: return _("À revoir");
	case 2: return _("Difficile");
	case 3: return _("Correct");
	default: return _("Facile");
	}
}

static const char *state_label(const struct srs_queue_card *c)
{
	if (c->is_new)
		return _("Nouvelle carte");
	switch (c->card.state) {
	case FSRS_LEARNING: return _("En apprentissage");
	case FSRS_REVIEW: return _("En révision");
	default: return _("À réapprendre");
	}
}

static const char *session_url(struct req *r, int64_t deck)
{
	return deck ? arena_printf(r->arena, "/revisions/seance?paquet=%lld", (long long)deck)
	            : "/revisions/seance";
}

/* ---- Home ---- */

static void learner_decks(struct html *h, struct req *r, const struct srs_deck *d, int n)
{
	int64_t due = 0, fresh = 0;
	for (int i = 0; i < n; i++) {
		due += d[i].due_now;
		fresh += d[i].new_left;
	}
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>",
		            _("Aucun de vos cours n'a encore de cartes de révision."));
		return;
	}
	html_printf(h, "<p class=\"lead\">%s</p>",
	            due + fresh ? arena_printf(r->arena, _("Aujourd'hui : %lld carte(s) à revoir et %lld nouvelle(s)."),
	                                       (long long)due, (long long)fresh)
	                        : _("Rien à revoir pour l'instant : revenez demain."));
	if (due + fresh)
		html_printf(h, "<p><a class=\"button\" href=\"/revisions/seance\">%s</a></p>", _("Commencer la séance"));
	html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            _("Mes paquets de cartes"), _("Paquet"), _("Cours"), _("À revoir"), _("Nouvelles"),
	            _("Rétention visée"));
	for (int i = 0; i < n; i++)
		html_printf(h, "<tr><th scope=\"row\"><a href=\"/revisions/paquets/%lld\">%s</a></th><td>%s</td>"
		               "<td>%lld</td><td>%lld</td><td>%s</td></tr>",
		            (long long)d[i].id, d[i].title, d[i].course_title, (long long)d[i].due_now,
		            (long long)d[i].new_left,
		            percent(r->arena, d[i].my_retention ? d[i].my_retention : d[i].retention));
	html_printf(h, "</tbody></table><p><a href=\"/revisions/statistiques\">%s</a></p>",
	            _("Mes statistiques et mes paramètres"));
}

static void staff_decks(struct html *h, struct req *r, const struct srs_course_deck *c, int n)
{
	bool editor = (r->user.roles & (ROLE_AUTHOR | ROLE_ADMIN)) != 0;
	html_printf(h, "<h2>%s</h2>", editor ? _("Paquets des cours") : _("Paquets de mes cours"));
	if (n == 0) {
		html_printf(h, "<p class=\"empty\">%s</p>", _("Aucun cours pour l'instant."));
		return;
	}
	html_printf(h, "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
	               "<th scope=\"col\">%s</th></tr></thead><tbody>", _("Cours"), _("Paquet"), _("Cartes"));
	for (int i = 0; i < n; i++) {
		html_printf(h, "<tr><th scope=\"row\">%s</th><td>", c[i].course_title);
		if (c[i].deck_id)
			html_printf(h, "<a href=\"/revisions/paquets/%lld\">%s</a></td><td>%lld</td></tr>",
			            (long long)c[i].deck_id, c[i].deck_title, (long long)c[i].cards);
		else if (editor) {
			button_form(h, r, arena_printf(r->arena, "/revisions/cours/%lld/paquet", (long long)c[i].course_id),
			            _("Créer le paquet"), "secondary");
			html_printf(h, "</td><td>—</td></tr>");
		} else {
			html_printf(h, "<span class=\"meta\">%s</span></td><td>—</td></tr>", _("pas de paquet"));
		}
	}
	html_printf(h, "</tbody></table>");
}

/* GET /revisions - a learner's decks with what is due; the decks of the
** courses staff teach (authors and admins: every course) */
int srs_page_home(struct req *r)
{
	struct html *h = page_begin(r, _("Révisions"));
	html_printf(h, "<h1>%s</h1>", _("Révisions"));
	if (r->user.roles & ROLE_LEARNER) {
		struct srs_deck *d;
		int n = srs_decks_for_learner(r, clock_now(), &d);
		if (n < 0)
			return page_internal_error(r);
		learner_decks(h, r, d, n);
	}
	if (r->user.roles & (ROLE_TEACHER | ROLE_ADVISOR | ROLE_AUTHOR | ROLE_ADMIN)) {
		struct srs_course_deck *c;
		int n = srs_decks_for_staff(r, &c);
		if (n < 0)
			return page_internal_error(r);
		staff_decks(h, r, c, n);
	}
	return page_end(r, h);
}

/* ---- Session ---- */

static void card_block(struct html *h, struct req *r, const struct srs_queue_card *c, int64_t deck,
                       int64_t now)
{
	char *front, *back;
	cloze_render(r->arena, c->kind, c->front_md, c->back_md, c->ord, &front, &back);
	html_printf(h, "<article class=\"srs-card\" aria-labelledby=\"srs-q\"><p class=\"meta\">%s · %s</p>"
	               "<h2 id=\"srs-q\" class=\"visually-hidden\">%s</h2><div class=\"srs-front\">",
	            c->deck_title, state_label(c), _("Question"));
	html_raw_trusted(h, front); /* cmark safe mode, see cloze.h */
	if (c->has_image)
		html_printf(h, "<img src=\"/revisions/cartes/%lld/image\" alt=\"%s\">", (long long)c->note_id,
		            c->image_alt);
	html_printf(h, "</div><details class=\"srs-answer\"><summary>%s</summary>"
	               "<div class=\"srs-back\" tabindex=\"-1\"><h2 class=\"visually-hidden\">%s</h2>",
	            _("Voir la réponse"), _("Réponse"));
	html_raw_trusted(h, back);
	html_printf(h, "</div><form method=\"post\" action=\"/revisions/reponses\" class=\"srs-rate\">"
	               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
	               "<input type=\"hidden\" name=\"carte\" value=\"%lld\">"
	               "<input type=\"hidden\" name=\"v\" value=\"%lld\">",
	            csrf_token(r), (long long)c->card_id, (long long)c->version);
	if (deck)
		html_printf(h, "<input type=\"hidden\" name=\"paquet\" value=\"%lld\">", (long long)deck);
	html_printf(h, "<fieldset><legend>%s</legend><div class=\"srs-buttons\">",
	            _("Vous en êtes-vous souvenu ?"));
	for (int k = 1; k <= 4; k++)
		html_printf(h, "<button type=\"submit\" name=\"note\" value=\"%d\" class=\"rate-%d\" data-rating=\"%d\""
		               " aria-keyshortcuts=\"%d\">%s <span class=\"ivl\">%s</span></button>",
		            k, k, k, k, rating_label(k), srs_interval_label(r->arena, c->next_due[k - 1] - now));
	html_printf(h, "</div></fieldset></form></details></article>");
}

/* GET /revisions/seance[?paquet=] - the next card of the learner's queue */
int srs_page_session(struct req *r)
{
	int64_t deck = query_id(r, "paquet"), now = clock_now();
	struct srs_queue q;
	int rc = srs_queue_build(r, deck, now, 1, &q);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc)
		return page_internal_error(r);
	int64_t last_card = 0, last_at = 0;
	int last_rating = 0;
	int undo = srs_last_review(r, now, &last_card, &last_at, &last_rating);
	struct html *h = page_begin(r, _("Séance de révision"));
	html_printf(h, "<p><a href=\"/revisions\">%s</a></p><h1>%s</h1>", _("← Révisions"),
	            _("Séance de révision"));
	html_printf(h, "<p class=\"srs-counts\">%s</p>",
	            arena_printf(r->arena, _("%lld à revoir · %lld nouvelle(s)"), (long long)q.due,
	                         (long long)q.fresh));
	if (undo == 1) {
		html_printf(h, "<form method=\"post\" action=\"/revisions/annuler\" class=\"srs-undo\">"
		               "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		               "<input type=\"hidden\" name=\"carte\" value=\"%lld\">"
		               "<input type=\"hidden\" name=\"quand\" value=\"%lld\">",
		            csrf_token(r), (long long)last_card, (long long)last_at);
		if (deck)
			html_printf(h, "<input type=\"hidden\" name=\"paquet\" value=\"%lld\">", (long long)deck);
		html_printf(h, "<button type=\"submit\" class=\"secondary\" aria-keyshortcuts=\"u\">%s</button></form>",
		            arena_printf(r->arena, _("Annuler la dernière réponse (« %s »)"), rating_label(last_rating)));
	}
	if (q.ncards == 0) {
		html_printf(h, "<div class=\"srs-done\"><p class=\"lead\">%s</p>",
		            _("Bravo ! Plus rien à revoir pour l'instant."));
		if (q.later_today)
			html_printf(h, "<p>%s</p>",
			            arena_printf(r->arena, _("%lld carte(s) reviendront plus tard dans la journée."),
			                         (long long)q.later_today));
		html_printf(h, "<p><a href=\"/revisions/statistiques\">%s</a></p></div>", _("Voir mes statistiques"));
		return page_end(r, h);
	}
	card_block(h, r, &q.cards[0], deck, now);
	html_printf(h, "<p class=\"hint\">%s</p>",
	            _("Au clavier : Espace montre la réponse, puis 1, 2, 3 ou 4 pour répondre ; U annule la dernière réponse."));
	html_printf(h, "<script src=\"/static/srs.js?v=%s\" defer></script>", app_static_version());
	return page_end(r, h);
}

/* POST /revisions/reponses: carte, note (1-4), v (version), paquet */
int srs_page_rate(struct req *r)
{
	int64_t card = form_int(r, "carte", 0), rating = form_int(r, "note", 0);
	int64_t deck = form_int(r, "paquet", 0), version = form_int(r, "v", -1);
	struct srs_review_result res;
	struct err e = {0};
	int rc = srs_review(r, card, rating >= 1 && rating <= 4 ? (int)rating : 0, version, clock_now(),
	                    &res, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		page_flash(r, "error", e.msg);
	return reply_redirect(r, session_url(r, deck > 0 ? deck : 0));
}

/* POST /revisions/annuler: carte, quand (the review to take back), paquet */
int srs_page_undo(struct req *r)
{
	int64_t deck = form_int(r, "paquet", 0);
	struct srs_undo_result res;
	struct err e = {0};
	int rc = srs_undo(r, form_int(r, "carte", 0), form_int(r, "quand", 0), clock_now(), &res, &e);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	if (rc)
		page_flash(r, "error", e.msg);
	else
		page_flash(r, "ok", _("Dernière réponse annulée : la carte est à nouveau à revoir."));
	return reply_redirect(r, session_url(r, deck > 0 ? deck : 0));
}

/* ---- Statistics ---- */

static const char *day_label(struct arena *a, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[16] = "";
	if (localtime_r(&tt, &tm))
		strftime(buf, sizeof buf, i18n_lang() == LANG_EN ? "%m-%d" : "%d/%m", &tm);
	return arena_strdup(a, buf);
}

/* An inline SVG bar chart with its data table beside it. */
static void chart(struct html *h, struct req *r, const char *id, const char *title,
                  const char *value_label, const int64_t *values, const int64_t *days, int n)
{
	int64_t max = 1;
	for (int i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	int width = 40 + n * 20;
	html_printf(h, "<figure class=\"srs-chart\"><figcaption id=\"%s-cap\">%s</figcaption>"
	               "<div class=\"srs-chart-body\"><svg viewBox=\"0 0 %d 160\" role=\"img\""
	               " aria-labelledby=\"%s-cap\" focusable=\"false\">"
	               "<text x=\"0\" y=\"12\" class=\"axis-label\">%lld</text>"
	               "<line x1=\"30\" y1=\"130\" x2=\"%d\" y2=\"130\" class=\"axis\"></line>",
	            id, title, width, id, (long long)max, width);
	for (int i = 0; i < n; i++) {
		int bh = (int)(values[i] * 120 / max);
		html_printf(h, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"%d\" class=\"bar\"></rect>",
		            32 + i * 20, 130 - bh, bh);
		if (i % 7 == 0 || i == n - 1)
			html_printf(h, "<text x=\"%d\" y=\"150\" class=\"axis-label\">%s</text>", 30 + i * 20,
			            day_label(r->arena, days[i]));
	}
	html_printf(h, "</svg><div class=\"srs-chart-data\" tabindex=\"0\" role=\"region\" aria-label=\"%s\">"
	               "<table><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
	            arena_printf(r->arena, _("Données : %s"), title), _("Jour"), value_label);
	for (int i = 0; i < n; i++)
		html_printf(h, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>", fmt_date(r->arena, days[i]),
		            (long long)values[i]);
	html_printf(h, "</tbody></table></div></div></figure>");
}

/* GET /revisions/statistiques - retention, reviews per day, cards due,
** streak, and the learner's parameter fits */
int srs_page_stats(struct req *r)
{
	int64_t now = clock_now();
	struct srs_stats s;
	if (srs_stats_learner(r, now, &s) != 0)
		return page_internal_error(r);
	struct srs_fit *fits;
	int nfits = srs_fits_list(r, 0, 5, &fits);
	if (nfits < 0)
		return page_internal_error(r);
	struct html *h = page_begin(r, _("Mes statistiques de révision"));
	html_printf(h, "<p><a href=\"/revisions\">%s</a></p><h1>%s</h1>", _("← Révisions"),
	            _("Mes statistiques de révision"));
	html_printf(h, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd>",
	            _("Série"),
	            s.streak ? arena_printf(r->arena, _("%d jour(s) d'affilée"), s.streak) : _("aucune pour l'instant"),
	            _("Révisions en tout"), (long long)s.total_reviews, _("Cartes vues"), (long long)s.cards_seen);
	html_printf(h, "<dt>%s</dt><dd>", _("Rétention réelle (30 jours)"));
	if (s.graded)
		html_printf(h, "%s", arena_printf(r->arena, _("%s des cartes connues retrouvées (%lld sur %lld), pour %s visés"),
		                                  percent(r->arena, (int)(s.recalled * 1000 / s.graded)),
		                                  (long long)s.recalled, (long long)s.graded,
		                                  percent(r->arena, s.desired)));
	else
		html_printf(h, "%s", _("pas encore de carte connue revue"));
	html_printf(h, "</dd></dl>");
	if (s.ndecks) {
		html_printf(h, "<table><caption>%s</caption><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		               "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		            _("Rétention par paquet, sur 30 jours"), _("Paquet"), _("Visée"), _("Réelle"),
		            _("Révisions de cartes connues"));
		for (int i = 0; i < s.ndecks; i++) {
			const struct srs_deck_retention *d = &s.decks[i];
			html_printf(h, "<tr><th scope=\"row\"><a href=\"/revisions/paquets/%lld\">%s</a></th><td>%s</td>"
			               "<td>%s</td><td>%lld</td></tr>",
			            (long long)d->deck_id, d->title, percent(r->arena, d->desired),
			            d->reviews ? percent(r->arena, (int)(d->recalled * 1000 / d->reviews)) : "—",
			            (long long)d->reviews);
		}
		html_printf(h, "</tbody></table>");
	}
	chart(h, r, "srs-reviews", _("Révisions par jour, 30 derniers jours"), _("Révisions"),
	      s.reviews_per_day, s.day_start, SRS_STATS_DAYS);
	int64_t next[SRS_STATS_DAYS];
	for (int i = 0; i < SRS_STATS_DAYS; i++)
		next[i] = srs_day_start(now, i);
	chart(h, r, "srs-due", _("Cartes à revoir, 30 prochains jours"), _("Cartes"), s.due_per_day, next,
	      SRS_STATS_DAYS);

	html_printf(h, "<h2>%s</h2><p>%s</p>", _("Mes paramètres de mémoire"),
	            _("Le planificateur FSRS peut apprendre de vos révisions comment vous oubliez. Le calcul garde "
	              "une partie de vos cartes de côté et n'adopte les nouveaux paramètres que s'ils prédisent "
	              "mieux vos réponses sur ces cartes que les paramètres par défaut (perte logarithmique plus basse)."));
	button_form(h, r, "/revisions/ajuster", _("Ajuster mes paramètres"), NULL);
	srs_fits_table(h, r, fits, nfits);
	return page_end(r, h);
}

/* POST /revisions/ajuster - queue the fitting of the learner's parameters */
int srs_page_fit_mine(struct req *r)
{
	int64_t id;
	struct err e = {0};
	int rc = srs_fit_request(r, 0, &id, &e);
	if (rc == ERR_NOT_FOUND)
		return page_not_found(r);
	if (rc == ERR_INTERNAL)
		return page_internal_error(r);
	page_flash(r, rc ? "error" : "ok",
	           rc ? e.msg : _("Calcul demandé : le résultat s'affichera ici dans un instant."));
	return reply_redirect(r, "/revisions/statistiques");
}
