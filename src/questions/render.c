/*
** This file implements how a question is shown and answered (questions.h):
** texts in their GIFT format without ever passing an author's markup to
** the browser, the accessible controls of each type (fieldset and legend,
** labels tied to every input), reading a submitted form back into a
** response, and the review of a response with the right answers and
** feedback.
*/
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grades/grades.h"
#include "kernel/i18n.h"
#include "kernel/markdown.h"
#include "kernel/text.h"
#include "questions/questions.h"

/* ---- Texts ---- */

static bool tag_is_block(const char *tag, size_t n)
{
	static const char *const blocks[] = {"p", "br", "div", "li", "tr", "h1", "h2", "h3", "h4",
	                                     "h5", "h6", "ul", "ol", "table", "blockquote", NULL};
	for (int i = 0; blocks[i]; i++)
		if (strlen(blocks[i]) == n && strncasecmp(tag, blocks[i], n) == 0)
			return true;
	return false;
}

/* The text of HTML written by an author: tags dropped (block ones become
** line breaks), the common entities decoded. Never markup again. */
static char *html_to_text(struct arena *a, const char *s)
{
	struct sb sb;
	sb_init(&sb, a, strlen(s) + 1);
	for (const char *p = s; *p;) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (!end)
				break;
			const char *t = p + 1;
			if (*t == '/')
				t++;
			size_t n = 0;
			while (t[n] && ((t[n] >= 'a' && t[n] <= 'z') || (t[n] >= 'A' && t[n] <= 'Z') ||
			                (t[n] >= '0' && t[n] <= '9')))
				n++;
			if (tag_is_block(t, n) && sb.len && sb.buf[sb.len - 1] != '\n')
				sb_addc(&sb, '\n');
			p = end + 1;
			continue;
		}
		if (*p == '&') {
			static const struct { const char *name; const char *text; } ents[] = {
				{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""},
				{"&#39;", "'"}, {"&apos;", "'"}, {"&nbsp;", "\xc2\xa0"},
			};
			bool done = false;
			for (size_t i = 0; i < sizeof ents / sizeof ents[0] && !done; i++)
				if (strncmp(p, ents[i].name, strlen(ents[i].name)) == 0) {
					sb_adds(&sb, ents[i].text);
					p += strlen(ents[i].name);
					done = true;
				}
			if (!done && p[1] == '#') {
				char *end;
				long cp = p[2] == 'x' || p[2] == 'X' ? strtol(p + 3, &end, 16) : strtol(p + 2, &end, 10);
				if (*end == ';' && cp > 0x1F && cp < 0x110000 && !(cp >= 0xD800 && cp < 0xE000)) {
					char u[4];
					sb_add(&sb, u, utf8_encode((uint32_t)cp, u));
					p = end + 1;
					done = true;
				}
			}
			if (done)
				continue;
		}
		sb_addc(&sb, *p++);
	}
	return sb.buf;
}

/* Escaped text with its line breaks. */
static void text_lines(struct html *h, const char *s)
{
	const char *p = s;
	for (;;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			html_text(h, p);
			return;
		}
		struct arena *a = h->sb.arena;
		html_text(h, arena_strndup(a, p, (size_t)(nl - p)));
		html_printf(h, "<br>");
		p = nl + 1;
	}
}

void question_text_html(struct html *h, struct req *r, const char *text, enum gift_format f)
{
	const char *s = text ? text : "";
	switch (f) {
	case GIFT_FORMAT_MARKDOWN:
		html_raw_trusted(h, markdown_to_html(r->arena, s));
		return;
	case GIFT_FORMAT_HTML:
		html_printf(h, "<p>");
		text_lines(h, str_trim(r->arena, html_to_text(r->arena, s)));
		html_printf(h, "</p>");
		return;
	case GIFT_FORMAT_MOODLE:
	case GIFT_FORMAT_PLAIN:
		html_printf(h, "<p>");
		text_lines(h, s);
		html_printf(h, "</p>");
		return;
	}
}

/* A short text (an answer, a pair) inside a label: phrasing content only. */
static void text_inline(struct html *h, struct req *r, const char *text, enum gift_format f)
{
	const char *s = text ? text : "";
	if (f == GIFT_FORMAT_HTML)
		s = str_trim(r->arena, html_to_text(r->arena, s));
	else if (f == GIFT_FORMAT_MARKDOWN) {
		/* one paragraph of Markdown: its inline markup without the <p> */
		char *m = markdown_to_html(r->arena, s);
		size_t n = strlen(m);
		while (n && m[n - 1] == '\n')
			n--;
		if (n > 7 && strncmp(m, "<p>", 3) == 0 && strncmp(m + n - 4, "</p>", 4) == 0 &&
		    !strstr(m + 3, "<p>")) {
			html_raw_trusted(h, arena_strndup(r->arena, m + 3, n - 7));
			return;
		}
		s = str_trim(r->arena, html_to_text(r->arena, m));
	}
	text_lines(h, s);
}

static char *credit_text(struct arena *a, int64_t credit)
{
	return grades_format(a, (credit >= 0 ? credit + 50 : credit - 50) / 100);
}

/* ---- Controls ---- */

static void media_html(struct html *h, const struct question *q, const char *url)
{
	if (!url || !q->media_sha256)
		return;
	const char *type = q->media_type ? q->media_type : "";
	const char *alt = q->media_alt && *q->media_alt ? q->media_alt : _("Illustration de la question");
	html_printf(h, "<figure class=\"qmedia\">");
	if (str_starts(type, "image/"))
		html_printf(h, "<img src=\"%s\" alt=\"%s\">", url, alt);
	else if (str_starts(type, "video/"))
		html_printf(h, "<video controls preload=\"metadata\" src=\"%s\" aria-label=\"%s\"></video>"
		               "<figcaption>%s</figcaption>", url, alt, alt);
	else if (str_starts(type, "audio/"))
		html_printf(h, "<audio controls preload=\"metadata\" src=\"%s\" aria-label=\"%s\"></audio>", url, alt);
	html_printf(h, "</figure>");
}

/* Is index i among the indices of response "0,2"? */
static bool chosen(const char *response, int i)
{
	if (!response)
		return false;
	for (const char *p = response; *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			return false;
		if (v == i)
			return true;
		p = *end == ',' ? end + 1 : end;
		if (*end && *end != ',')
			return false;
	}
	return false;
}

/* The i-th integer of a "2,0,-1" list, -1 when absent. */
static long nth_index(const char *response, int i)
{
	if (!response)
		return -1;
	const char *p = response;
	for (int k = 0; *p; k++) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			return -1;
		if (k == i)
			return v;
		if (*end != ',')
			return -1;
		p = end + 1;
	}
	return -1;
}

static void choices_html(struct html *h, struct req *r, const struct question *q,
                         const struct question_view *v, const char *qid)
{
	const struct gift_question *g = &q->q;
	int n = (int)g->nanswers;
	int *order = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *order);
	question_order(order, n, v->seed, q->id, v->shuffle);
	const char *type = g->single ? "radio" : "checkbox";
	html_printf(h, "<fieldset class=\"choices\" aria-describedby=\"%s-text\"><legend>%s</legend>", qid,
	            g->single ? _("Choisissez une réponse.") : _("Choisissez une ou plusieurs réponses."));
	for (int k = 0; k < n; k++) {
		int i = order[k];
		html_printf(h, "<div class=\"choice\"><input type=\"%s\" id=\"%s-%d\" name=\"%s\" value=\"%d\"%s%s>"
		               "<label for=\"%s-%d\">",
		            type, qid, i, v->field, i, chosen(v->response, i) ? " checked" : "",
		            v->disabled ? " disabled" : "", qid, i);
		text_inline(h, r, g->answers[i].text, g->answers[i].format);
		html_printf(h, "</label></div>");
	}
	html_printf(h, "</fieldset>");
}

static void truefalse_html(struct html *h, const struct question_view *v, const char *qid)
{
	html_printf(h, "<fieldset class=\"choices\" aria-describedby=\"%s-text\"><legend>%s</legend>", qid,
	            _("Cette affirmation est-elle vraie ou fausse ?"));
	static const char *const vals[] = {"true", "false"};
	for (int i = 0; i < 2; i++)
		html_printf(h, "<div class=\"choice\"><input type=\"radio\" id=\"%s-%s\" name=\"%s\" value=\"%s\"%s%s>"
		               "<label for=\"%s-%s\">%s</label></div>",
		            qid, vals[i], v->field, vals[i], str_eq(v->response, vals[i]) ? " checked" : "",
		            v->disabled ? " disabled" : "", qid, vals[i], i == 0 ? _("Vrai") : _("Faux"));
	html_printf(h, "</fieldset>");
}

static void matching_html(struct html *h, struct req *r, const struct question *q,
                          const struct question_view *v, const char *qid)
{
	const struct gift_question *g = &q->q;
	const char **rights;
	int nr = question_match_choices(r->arena, g, &rights);
	int *order = arena_array(r->arena, (size_t)(nr ? nr : 1), sizeof *order);
	question_order(order, nr, v->seed, q->id + 1, v->shuffle);
	html_printf(h, "<fieldset class=\"matching\" aria-describedby=\"%s-text\"><legend>%s</legend>", qid,
	            _("Associez chaque élément à sa réponse."));
	int k = 0;
	for (size_t i = 0; i < g->npairs; i++) {
		if (!g->pairs[i].left || !*g->pairs[i].left)
			continue;
		long cur = nth_index(v->response, k);
		html_printf(h, "<div class=\"field\"><label for=\"%s-m%d\">", qid, k);
		text_inline(h, r, g->pairs[i].left, g->pairs[i].left_format);
		html_printf(h, "</label><select id=\"%s-m%d\" name=\"%s%d\"%s><option value=\"-1\">%s</option>",
		            qid, k, v->field, k, v->disabled ? " disabled" : "", _("— choisir —"));
		for (int j = 0; j < nr; j++)
			html_printf(h, "<option value=\"%d\"%s>%s</option>", order[j],
			            cur == order[j] ? " selected" : "", rights[order[j]]);
		html_printf(h, "</select></div>");
		k++;
	}
	html_printf(h, "</fieldset>");
}

void question_render(struct html *h, struct req *r, const struct question *q,
                     const struct question_view *v)
{
	const struct gift_question *g = &q->q;
	const char *qid = arena_printf(r->arena, "q%lld", (long long)q->id);
	html_printf(h, "<div class=\"question\">");
	if (v->number)
		html_printf(h, "<h2>%s</h2>", arena_printf(r->arena, _("Question %d"), v->number));
	html_printf(h, "<div class=\"qtext\" id=\"%s-text\">", qid);
	question_text_html(h, r, g->text, g->format);
	html_printf(h, "</div>");
	media_html(h, q, v->media_url);
	const char *resp = v->response ? v->response : "";
	switch (g->type) {
	case GIFT_MULTICHOICE:
		choices_html(h, r, q, v, qid);
		break;
	case GIFT_TRUEFALSE:
		truefalse_html(h, v, qid);
		break;
	case GIFT_SHORTANSWER:
	case GIFT_NUMERICAL:
		html_printf(h, "<div class=\"field\"><label for=\"%s-r\">%s</label>"
		               "<input id=\"%s-r\" name=\"%s\" type=\"text\" value=\"%s\" autocomplete=\"off\"%s%s"
		               " aria-describedby=\"%s-text\"></div>",
		            qid, g->type == GIFT_NUMERICAL ? _("Votre réponse (un nombre)") : _("Votre réponse"),
		            qid, v->field, resp, g->type == GIFT_NUMERICAL ? " inputmode=decimal" : "",
		            v->disabled ? " disabled" : "", qid);
		break;
	case GIFT_MATCHING:
		matching_html(h, r, q, v, qid);
		break;
	case GIFT_ESSAY:
		html_printf(h, "<div class=\"field\"><label for=\"%s-r\">%s</label>"
		               "<textarea id=\"%s-r\" name=\"%s\" rows=\"10\"%s aria-describedby=\"%s-text\">%s"
		               "</textarea></div>",
		            qid, _("Votre réponse"), qid, v->field, v->disabled ? " disabled" : "", qid, resp);
		break;
	case GIFT_DESCRIPTION:
		break;
	}
	html_printf(h, "</div>");
}

/* ---- Reading a form ---- */

int question_response_from_form(struct req *r, const struct gift_question *q, const char *field,
                                const char **out, struct err *e)
{
	*out = "";
	switch (q->type) {
	case GIFT_MULTICHOICE: {
		const char *vals[GIFT_MAX_ANSWERS];
		int n = req_form_all(r, field, vals, GIFT_MAX_ANSWERS);
		bool pick[GIFT_MAX_ANSWERS] = {false};
		for (int i = 0; i < n; i++) {
			int64_t v;
			if (!str_to_int64(vals[i], &v) || v < 0 || (size_t)v >= q->nanswers)
				return err_set(e, ERR_INVALID, field, "%s", _("Cette réponse ne fait pas partie des choix."));
			pick[v] = true;
		}
		if (q->single && n > 1)
			return err_set(e, ERR_INVALID, field, "%s", _("Une seule réponse est possible."));
		struct sb sb;
		sb_init(&sb, r->arena, 32);
		for (size_t i = 0; i < q->nanswers; i++)
			if (pick[i])
				sb_printf(&sb, "%s%zu", sb.len ? "," : "", i);
		*out = sb.buf;
		return 0;
	}
	case GIFT_TRUEFALSE: {
		const char *v = req_form(r, field);
		if (v && !str_eq(v, "true") && !str_eq(v, "false"))
			return err_set(e, ERR_INVALID, field, "%s", _("Répondez « vrai » ou « faux »."));
		*out = v ? v : "";
		return 0;
	}
	case GIFT_SHORTANSWER:
	case GIFT_NUMERICAL:
	case GIFT_ESSAY: {
		const char *v = req_form(r, field);
		if (!v)
			return 0;
		bool multi = q->type == GIFT_ESSAY;
		if (utf8_length(v) > QUESTION_TEXT_MAX || !text_is_clean(v, multi))
			return err_set(e, ERR_INVALID, field, "%s",
			               _("La réponse dépasse 20 000 caractères ou contient des caractères de contrôle."));
		*out = multi ? v : str_trim(r->arena, v);
		return 0;
	}
	case GIFT_MATCHING: {
		const char **rights;
		int nr = question_match_choices(r->arena, q, &rights);
		struct sb sb;
		sb_init(&sb, r->arena, 32);
		int k = 0;
		for (size_t i = 0; i < q->npairs; i++) {
			if (!q->pairs[i].left || !*q->pairs[i].left)
				continue;
			const char *v = req_form(r, arena_printf(r->arena, "%s%d", field, k));
			int64_t c = -1;
			if (v && (!str_to_int64(v, &c) || c < -1 || c >= nr))
				return err_set(e, ERR_INVALID, field, "%s", _("Cette réponse ne fait pas partie des choix."));
			sb_printf(&sb, "%s%lld", k ? "," : "", (long long)c);
			k++;
		}
		*out = sb.buf;
		return 0;
	}
	case GIFT_DESCRIPTION:
		return 0;
	}
	return 0;
}

/* ---- Review ---- */

static void feedback_html(struct html *h, struct req *r, const char *text, enum gift_format f)
{
	if (!text || !*text)
		return;
	html_printf(h, "<div class=\"feedback\">");
	question_text_html(h, r, text, f);
	html_printf(h, "</div>");
}

void question_review(struct html *h, struct req *r, const struct question *q, const char *response,
                     int64_t credit, bool show_right)
{
	const struct gift_question *g = &q->q;
	const char *resp = response ? response : "";
	html_printf(h, "<div class=\"review\">");
	if (question_scored(g)) {
		if (credit < 0 && question_needs_teacher(g))
			html_printf(h, "<p class=\"meta\">%s</p>", _("En attente de la correction de l'enseignant."));
		else
			html_printf(h, "<p class=\"meta\">%s</p>",
			            arena_printf(r->arena, _("Points : %s sur 1"), credit_text(r->arena, credit)));
	}
	switch (g->type) {
	case GIFT_MULTICHOICE:
		html_printf(h, "<ul class=\"answers\">");
		for (size_t i = 0; i < g->nanswers; i++) {
			bool mine = chosen(resp, (int)i);
			bool right = g->answers[i].fraction > 0;
			if (!mine && !(show_right && right))
				continue;
			html_printf(h, "<li>");
			text_inline(h, r, g->answers[i].text, g->answers[i].format);
			if (mine)
				html_printf(h, " <span class=\"tag\">%s</span>", _("votre réponse"));
			if (show_right)
				html_printf(h, " <span class=\"tag %s\">%s</span>", right ? "ok" : "bad",
				            right ? _("juste") : _("fausse"));
			if (show_right && mine)
				feedback_html(h, r, g->answers[i].feedback, g->answers[i].feedback_format);
			html_printf(h, "</li>");
		}
		html_printf(h, "</ul>");
		if (!*resp)
			html_printf(h, "<p class=\"empty\">%s</p>", _("Pas de réponse."));
		break;
	case GIFT_TRUEFALSE:
		html_printf(h, "<p>%s %s</p>", _("Votre réponse :"),
		            str_eq(resp, "true") ? _("Vrai") : str_eq(resp, "false") ? _("Faux") : _("aucune"));
		if (show_right) {
			html_printf(h, "<p>%s %s</p>", _("La bonne réponse :"), g->correct ? _("Vrai") : _("Faux"));
			int idx = str_eq(resp, "true") ? 0 : str_eq(resp, "false") ? 1 : -1;
			if (idx >= 0 && (size_t)idx < g->nanswers)
				feedback_html(h, r, g->answers[idx].feedback, g->answers[idx].feedback_format);
		}
		break;
	case GIFT_SHORTANSWER:
	case GIFT_NUMERICAL:
	case GIFT_ESSAY:
		html_printf(h, "<p>%s</p><blockquote class=\"response\">", _("Votre réponse :"));
		if (*resp)
			text_lines(h, resp);
		else
			html_printf(h, "<span class=\"empty\">%s</span>", _("aucune"));
		html_printf(h, "</blockquote>");
		if (show_right && g->type != GIFT_ESSAY) {
			html_printf(h, "<p>%s</p><ul class=\"answers\">", _("Réponses acceptées :"));
			for (size_t i = 0; i < g->nanswers; i++)
				if (g->answers[i].fraction > 0)
					html_printf(h, "<li>%s (%s %%)</li>", g->answers[i].text,
					            grades_format(r->arena, (int64_t)(g->answers[i].fraction * 10000 + 0.5) / 100));
			html_printf(h, "</ul>");
			int best = question_matched_answer(g, resp);
			if (best >= 0)
				feedback_html(h, r, g->answers[best].feedback, g->answers[best].feedback_format);
		}
		break;
	case GIFT_MATCHING: {
		const char **rights;
		int nr = question_match_choices(r->arena, g, &rights);
		html_printf(h, "<ul class=\"answers\">");
		int k = 0;
		for (size_t i = 0; i < g->npairs; i++) {
			if (!g->pairs[i].left || !*g->pairs[i].left)
				continue;
			long c = nth_index(resp, k++);
			html_printf(h, "<li>");
			text_inline(h, r, g->pairs[i].left, g->pairs[i].left_format);
			html_printf(h, " → %s", c >= 0 && c < nr ? rights[c] : _("(sans réponse)"));
			if (show_right)
				html_printf(h, " <span class=\"tag\">%s %s</span>", _("attendu :"), g->pairs[i].right);
			html_printf(h, "</li>");
		}
		html_printf(h, "</ul>");
		break;
	}
	case GIFT_DESCRIPTION:
		break;
	}
	if (show_right)
		feedback_html(h, r, g->general_feedback, g->general_feedback_format);
	html_printf(h, "</div>");
}
