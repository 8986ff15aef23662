/*
** This file implements responses written as JSON (questions.h), for the
** APIs of exams and quizzes: {"choices": [0, 2]}, {"value": true},
** {"matches": [1, 0, -1]}, {"text": "..."}, read into the response text
** every other part of the bank stores and grades, and written back.
*/
#include <stdlib.h>
#include <string.h>

#include "kernel/i18n.h"
#include "kernel/json.h"
#include "kernel/str.h"
#include "kernel/text.h"
#include "questions/questions.h"

static json_t *indices_json(const char *s)
{
	json_t *arr = json_array();
	for (const char *p = s; p && *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		json_array_append_new(arr, json_integer(v));
		p = *end == ',' ? end + 1 : end;
	}
	return arr;
}

json_t *question_response_json(const struct gift_question *q, const char *resp)
{
	switch (q->type) {
	case GIFT_MULTICHOICE: return json_pack("{s:o}", "choices", indices_json(resp));
	case GIFT_TRUEFALSE: return json_pack("{s:b}", "value", str_eq(resp, "true"));
	case GIFT_MATCHING: return json_pack("{s:o}", "matches", indices_json(resp));
	default: return json_pack("{s:s}", "text", resp ? resp : "");
	}
}

int question_response_from_json(struct arena *a, const struct gift_question *q, json_t *body,
                                const char **out, struct err *e)
{
	struct sb sb;
	sb_init(&sb, a, 32);
	switch (q->type) {
	case GIFT_MULTICHOICE: {
		json_t *arr = json_object_get(body, "choices");
		if (!json_is_array(arr) || json_array_size(arr) > q->nanswers || (q->single && json_array_size(arr) > 1))
			return err_set(e, ERR_INVALID, "choices", "%s",
			               _("« choices » est la liste des numéros des réponses choisies (une seule pour cette question)."));
		bool pick[GIFT_MAX_ANSWERS] = {false};
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v) {
			json_int_t x = json_integer_value(v);
			if (!json_is_integer(v) || x < 0 || (size_t)x >= q->nanswers)
				return err_set(e, ERR_INVALID, "choices", "%s", _("Cette réponse ne fait pas partie des choix."));
			pick[x] = true;
		}
		for (size_t k = 0; k < q->nanswers; k++)
			if (pick[k])
				sb_printf(&sb, "%s%zu", sb.len ? "," : "", k);
		break;
	}
	case GIFT_TRUEFALSE: {
		json_t *v = json_object_get(body, "value");
		if (!json_is_boolean(v))
			return err_set(e, ERR_INVALID, "value", "%s", _("« value » vaut true ou false."));
		sb_adds(&sb, json_is_true(v) ? "true" : "false");
		break;
	}
	case GIFT_MATCHING: {
		const char **rights;
		int nr = question_match_choices(a, q, &rights);
		size_t nsub = 0;
		for (size_t k = 0; k < q->npairs; k++)
			nsub += q->pairs[k].left && *q->pairs[k].left;
		json_t *arr = json_object_get(body, "matches");
		if (!json_is_array(arr) || json_array_size(arr) != nsub)
			return err_set(e, ERR_INVALID, "matches", "%s",
			               _("« matches » donne, pour chaque élément, le numéro du choix associé (-1 : aucun)."));
		size_t i;
		json_t *v;
		json_array_foreach(arr, i, v) {
			json_int_t x = json_integer_value(v);
			if (!json_is_integer(v) || x < -1 || x >= nr)
				return err_set(e, ERR_INVALID, "matches", "%s", _("Cette réponse ne fait pas partie des choix."));
			sb_printf(&sb, "%s%lld", i ? "," : "", (long long)x);
		}
		break;
	}
	case GIFT_DESCRIPTION:
		break;
	default: {
		const char *t = json_str(body, "text");
		if (!t || utf8_length(t) > QUESTION_TEXT_MAX || !text_is_clean(t, q->type == GIFT_ESSAY))
			return err_set(e, ERR_INVALID, "text", "%s", _("« text » est la réponse écrite (20 000 caractères au plus)."));
		sb_adds(&sb, t);
		break;
	}
	}
	*out = sb.buf;
	return 0;
}
