/*
** This file implements the candidates' JSON API. A candidate has no
** account: POST /api/v1/exam/attempts with the two codes answers the
** attempt's id and a secret (`token`), which every other call sends in the
** X-Exam-Token header (not Authorization, which is for accounts' tokens).
** Questions come without their answers' correctness; each answer is saved
** by its own PUT; the server's clock refuses answers after the time limit.
*/
#include <string.h>

#include "app/page.h"
#include "exams/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "kernel/text.h"
#include "questions/questions.h"

#define TOKEN_HEADER "X-Exam-Token"

static int internal(struct req *r)
{
	return reply_json_error(r, 500, "internal", _("Erreur interne."));
}

/* The attempt {id} of the token header, or a 404 answered. */
static int attempt_or_reply(struct req *r, struct exam_attempt *a)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	int rc = exams_attempt_auth(r, id, req_header(r, TOKEN_HEADER), a);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found",
		                        _("Épreuve introuvable, ou jeton X-Exam-Token absent ou remplacé par une nouvelle entrée."));
	if (rc)
		return internal(r);
	return 0;
}

static json_t *question_json(struct req *r, const struct exam_attempt *a, int i, const struct question *q)
{
	const struct gift_question *g = &q->q;
	json_t *o = json_pack("{s:I,s:i,s:s,s:s,s:s,s:b}", "id", (json_int_t)q->id, "position", i + 1,
	                      "type", gift_type_name(g->type), "text", g->text ? g->text : "",
	                      "format", gift_format_name(g->format), "answered", a->answered[i]);
	json_object_set_new(o, "media", q->media_sha256
		? json_pack("{s:s,s:s,s:s}", "url", arena_printf(r->arena, "/api/v1/exam/attempts/%lld/media/%lld",
		                                                 (long long)a->id, (long long)q->id),
		            "type", q->media_type, "alt", q->media_alt ? q->media_alt : "")
		: json_null());
	if (g->type == GIFT_MULTICHOICE) {
		int n = (int)g->nanswers;
		int *order = arena_array(r->arena, (size_t)(n ? n : 1), sizeof *order);
		question_order(order, n, a->seed, q->id, true);
		json_t *choices = json_array();
		for (int k = 0; k < n; k++)
			json_array_append_new(choices, json_pack("{s:i,s:s}", "id", order[k],
			                                         "text", g->answers[order[k]].text ? g->answers[order[k]].text : ""));
		json_object_set_new(o, "choices", choices);
		json_object_set_new(o, "single", json_boolean(g->single));
	} else if (g->type == GIFT_MATCHING) {
		const char **rights;
		int nr = question_match_choices(r->arena, g, &rights);
		int *order = arena_array(r->arena, (size_t)(nr ? nr : 1), sizeof *order);
		question_order(order, nr, a->seed, q->id + 1, true);
		json_t *stems = json_array(), *choices = json_array();
		for (size_t k = 0; k < g->npairs; k++)
			if (g->pairs[k].left && *g->pairs[k].left)
				json_array_append_new(stems, json_string(g->pairs[k].left));
		for (int k = 0; k < nr; k++)
			json_array_append_new(choices, json_pack("{s:i,s:s}", "id", order[k], "text", rights[order[k]]));
		json_object_set_new(o, "stems", stems);
		json_object_set_new(o, "choices", choices);
	}
	json_object_set_new(o, "response", a->answered[i] ? question_response_json(g, a->responses[i]) : json_null());
	return o;
}

static json_t *attempt_json(struct req *r, struct exam_attempt *a)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s}", "id", (json_int_t)a->id,
	                      "status", a->finished_at ? "finished" : "running", "exam_title", a->exam_title,
	                      "candidate_name", a->candidate_name, "started_at", fmt_iso(r->arena, a->started_at),
	                      "seconds_left", (json_int_t)exams_time_left(a), "deadline_at", fmt_iso(r->arena, a->deadline_at));
	if (a->finished_at) {
		json_object_set_new(o, "result", json_pack("{s:f,s:f,s:b,s:I,s:s}", "score", (double)a->score / CREDIT_ONE,
		                                           "max_score", (double)a->max_score / CREDIT_ONE, "passed", a->passed,
		                                           "pass_mark_percent", (json_int_t)a->pass_pct,
		                                           "finished_at", fmt_iso(r->arena, a->finished_at)));
		return o;
	}
	json_t *qs = json_array();
	for (int i = 0; i < a->nquestions; i++) {
		struct question q;
		if (questions_get(r, a->questions[i], &q) == 0)
			json_array_append_new(qs, question_json(r, a, i, &q));
	}
	json_object_set_new(o, "questions", qs);
	return o;
}

/* ---- Calls ---- */

/* POST /api/v1/exam/attempts {"session_code","candidate_code"} -> the attempt,
** started or resumed, with its new token */
int exams_api_start(struct req *r)
{
	json_t *body = req_json_object_or_reply(r);
	if (!body)
		return r->status;
	struct err e = {0};
	int64_t id;
	char token[64];
	int rc = exams_enter(r, json_str(body, "session_code"), json_str(body, "candidate_code"), &id, token, &e);
	json_decref(body);
	if (rc == ERR_INVALID)
		return reply_json_error(r, 400, "invalid_codes", e.msg);
	if (rc == ERR_CONFLICT)
		return reply_json_error(r, 409, "conflict", e.msg);
	if (rc == ERR_THROTTLED)
		return reply_json_error(r, 429, "throttled", e.msg);
	if (rc)
		return internal(r);
	struct exam_attempt a;
	if (exams_attempt_auth(r, id, token, &a) != 0 || exams_attempt_answers(r, &a) != 0)
		return internal(r);
	json_t *o = attempt_json(r, &a);
	json_object_set_new(o, "token", json_string(token));
	return reply_json(r, 200, o);
}

/* GET /api/v1/exam/attempts/{id} (X-Exam-Token) -> questions without correctness, time left */
int exams_api_attempt(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_reply(r, &a);
	if (st)
		return st;
	if (exams_attempt_answers(r, &a) != 0)
		return internal(r);
	return reply_json(r, 200, attempt_json(r, &a));
}

struct saved_answer {
	struct exam_attempt a;
	int64_t question_id;
};

/* The second half of exams_api_answer(), once the answer is on disk. */
static int answer_saved(struct req *r, int rc, void *arg)
{
	struct saved_answer *s = arg;
	if (rc)
		return internal(r);
	return reply_json(r, 200, json_pack("{s:I,s:b,s:I}", "question_id", (json_int_t)s->question_id, "saved", 1,
	                                    "seconds_left", (json_int_t)exams_time_left(&s->a)));
}

/* PUT /api/v1/exam/attempts/{id}/answers/{question_id} (X-Exam-Token)
** {"choices":[..]} | {"value":true} | {"text":".."} | {"matches":[..]} */
int exams_api_answer(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_reply(r, &a);
	if (st)
		return st;
	int64_t qid;
	st = route_id_or_reply(r, "question_id", &qid);
	if (st)
		return st;
	bool in = false;
	for (int i = 0; i < a.nquestions && !in; i++)
		in = a.questions[i] == qid;
	if (!in)
		return reply_json_error(r, 404, "not_found", _("Cette question ne fait pas partie de l'épreuve."));
	struct err e = {0};
	if (a.finished_at || exams_time_left(&a) == 0) {
		int refused = exams_answer_save(r, &a, qid, "", &e); /* for its message */
		(void)refused;
		return reply_json_error(r, 409, "time_up", e.msg);
	}
	json_t *body = req_json_object_or_reply(r);
	if (!body)
		return r->status;
	struct question q;
	if (questions_get(r, qid, &q) != 0) {
		json_decref(body);
		return internal(r);
	}
	const char *resp = "";
	int rc = question_response_from_json(r->arena, &q.q, body, &resp, &e);
	json_decref(body);
	if (rc == 0) {
		struct saved_answer *s = arena_alloc(r->arena, sizeof *s);
		s->a = a;
		s->question_id = qid;
		rc = exams_answer_save_later(r, &a, &q, resp, &e, answer_saved, s);
		if (rc == 0)
			return REPLY_LATER; /* answer_saved() answers once it is on disk */
	}
	if (rc == ERR_INVALID)
		return reply_json_error(r, 400, "invalid", e.msg);
	if (rc == ERR_CONFLICT)
		return reply_json_error(r, 409, "time_up", e.msg);
	return internal(r);
}

/* POST /api/v1/exam/attempts/{id}/finish (X-Exam-Token) -> the result */
int exams_api_finish(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_reply(r, &a);
	if (st)
		return st;
	if (exams_attempt_finish(r, &a) != 0)
		return internal(r);
	return reply_json(r, 200, attempt_json(r, &a));
}

/* GET /api/v1/exam/attempts/{id}/media/{question_id} (X-Exam-Token) */
int exams_api_media(struct req *r)
{
	struct exam_attempt a;
	int st = attempt_or_reply(r, &a);
	if (st)
		return st;
	int64_t qid;
	st = route_id_or_reply(r, "question_id", &qid);
	if (st)
		return st;
	bool in = false;
	for (int i = 0; i < a.nquestions && !in; i++)
		in = a.questions[i] == qid;
	struct question q;
	if (!in || questions_get(r, qid, &q) != 0 || !q.media_sha256)
		return reply_json_error(r, 404, "not_found", _("Ressource introuvable."));
	return reply_file_inline(r, files_path(r->arena, q.media_sha256), q.media_type, q.media_name);
}
