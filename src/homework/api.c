/*
** This file implements the homework part of the JSON API: the caller's
** assignments with their due date and status, handing in (multipart
** `file` or `text`) answering the receipt, a copy with its correction once
** returned, its files, a teacher's queue, and correcting a copy. Grades
** are numbers of hundredths ("grade_hundredths": 1450 is 14,5).
*/
#include <string.h>

#include "app/page.h"
#include "homework/doctype.h"
#include "homework/web.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"

static json_t *iso_or_null(struct req *r, int64_t t)
{
	return t ? json_string(fmt_iso(r->arena, t)) : json_null();
}

static int internal(struct req *r)
{
	return reply_json_error(r, 500, "internal", _("Erreur interne."));
}

/* ?name= as a positive id, 0 when absent; -1 when present but bad. */
static int64_t query_id(struct req *r, const char *name)
{
	int64_t v;
	const char *s = req_query(r, name);
	if (!s)
		return 0;
	return str_to_int64(s, &v) && v > 0 ? v : -1;
}

static json_t *assignment_json(struct req *r, const struct homework_row *w)
{
	const struct assignment *a = &w->a;
	json_t *types = json_array();
	for (int i = 0; i < DOCTYPE_COUNT; i++)
		if (a->file_types & (1u << i))
			json_array_append_new(types, json_string(doctype_mime((enum doctype)(1u << i))));
	json_t *sub = json_null();
	if (w->s.id) {
		sub = json_pack("{s:I,s:I,s:o,s:b}", "id", (json_int_t)w->s.id,
		                "version", (json_int_t)w->s.version,
		                "submitted_at", iso_or_null(r, w->s.submitted_at), "late", w->s.late);
		if (w->s.grade >= 0) {
			json_object_set_new(sub, "grade_hundredths", json_integer(w->s.grade));
			json_object_set_new(sub, "max_grade_hundredths", json_integer(w->s.max_grade));
		}
	}
	int64_t due = a->learner_due_at ? a->learner_due_at : a->due_at;
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:o,s:o,s:I,s:I,s:I,s:b,s:b,s:o,s:s,s:b,s:s,s:o}",
		"id", (json_int_t)a->item_id, "course_id", (json_int_t)a->course_id,
		"course_title", a->course_title, "title", a->title,
		"due_at", iso_or_null(r, due), "base_due_at", iso_or_null(r, a->due_at),
		"extra_time_pct", (json_int_t)a->extra_time_pct,
		"max_grade_hundredths", (json_int_t)a->max_grade, "weight_hundredths", (json_int_t)a->weight,
		"accepts_file", a->accepts_file, "accepts_text", a->accepts_text, "file_types", types,
		"late_policy", a->late_policy, "resubmit", a->resubmit,
		"status", homework_status_code(w->status), "submission", sub);
	json_object_set_new(o, "opens_at", iso_or_null(r, a->opens_at));
	json_object_set_new(o, "cutoff_at", iso_or_null(r, a->learner_cutoff_at));
	return o;
}

/* GET /api/v1/assignments[?learner_id=] -> {"assignments":[...]}: the
** homework of every course the caller (or learner_id, for a guardian or
** staff) follows, by due date, with the due date moved by extra time */
int homework_api_assignments(struct req *r)
{
	int64_t learner = query_id(r, "learner_id");
	if (learner < 0)
		return reply_json_error(r, 400, "invalid", _("« learner_id » est un entier positif."));
	if (!learner)
		learner = r->user.id;
	struct homework_row *rows;
	int n = homework_for_learner(r, learner, &rows);
	if (n == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Apprenant introuvable."));
	if (n < 0)
		return internal(r);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, assignment_json(r, &rows[i]));
	return reply_json(r, 200, json_pack("{s:I,s:o}", "learner_id", (json_int_t)learner,
	                                    "assignments", arr));
}

static json_t *file_json(struct req *r, int64_t id, const char *what, const char *name,
                         const char *type, int64_t size)
{
	if (!name)
		return json_null();
	return json_pack("{s:s,s:s,s:I,s:s}", "name", name, "type", type ? type : "",
	                 "size", (json_int_t)size,
	                 "href", arena_printf(r->arena, "/api/v1/submissions/%lld/%s", (long long)id, what));
}

static json_t *submission_json(struct req *r, const struct submission *s, bool with_text)
{
	json_t *o = json_pack("{s:I,s:I,s:I,s:I,s:s,s:s,s:I,s:s,s:o,s:b,s:s,s:o}",
		"id", (json_int_t)s->id, "assignment_id", (json_int_t)s->item_id,
		"course_id", (json_int_t)s->course_id, "learner_id", (json_int_t)s->learner_id,
		"learner_name", s->learner_name ? s->learner_name : "", "title", s->title ? s->title : "",
		"version", (json_int_t)s->version, "sha256", s->sha256,
		"submitted_at", iso_or_null(r, s->submitted_at), "late", s->late,
		"status", homework_status_code(homework_submission_status(s)),
		"file", file_json(r, s->id, "file", s->file_name, s->file_type, s->file_size));
	if (with_text)
		json_object_set_new(o, "text", json_string(s->text_answer));
	json_object_set_new(o, "teacher", s->teacher_id
		? json_pack("{s:I,s:s}", "id", (json_int_t)s->teacher_id,
		            "name", s->teacher_name ? s->teacher_name : "")
		: json_null());
	json_object_set_new(o, "started_at", iso_or_null(r, s->started_at));
	json_t *corr = json_null();
	if (s->returned_at) {
		corr = json_pack("{s:o,s:I,s:s,s:o,s:I,s:o}",
			"grade_hundredths", s->grade >= 0 ? json_integer(s->grade) : json_null(),
			"max_grade_hundredths", (json_int_t)s->max_grade,
			"feedback_md", s->feedback_md ? s->feedback_md : "",
			"returned_at", iso_or_null(r, s->returned_at),
			"turnaround_seconds", (json_int_t)s->turnaround,
			"annotated", file_json(r, s->id, "annotated", s->annotated_name, s->annotated_type,
			                       s->annotated_size));
	}
	json_object_set_new(o, "correction", corr);
	return o;
}

/* A line of a correction queue: what the queue keeps of a copy. */
static json_t *queue_json(struct req *r, const struct submission *s)
{
	return json_pack("{s:I,s:I,s:I,s:s,s:I,s:s,s:s,s:o,s:b,s:s,s:o}",
		"id", (json_int_t)s->id, "assignment_id", (json_int_t)s->item_id,
		"course_id", (json_int_t)s->course_id, "course_title", s->course_title,
		"learner_id", (json_int_t)s->learner_id, "learner_name", s->learner_name,
		"title", s->title, "submitted_at", iso_or_null(r, s->submitted_at), "late", s->late,
		"status", homework_status_code(homework_submission_status(s)),
		"started_at", iso_or_null(r, s->started_at));
}

static int reply_receipt(struct req *r, int status, const struct submission *s)
{
	return reply_json(r, status, json_pack("{s:I,s:s,s:o,s:I,s:b,s:s}",
		"id", (json_int_t)s->id, "sha256", s->sha256,
		"submitted_at", iso_or_null(r, s->submitted_at), "version", (json_int_t)s->version,
		"late", s->late, "status", homework_status_code(homework_submission_status(s))));
}

/* POST /api/v1/assignments/{id}/submissions: multipart `file` and/or `text`
** -> 201 {"id","sha256","submitted_at",...}: the receipt, once the copy is
** stored and committed */
int homework_api_submit(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	struct err e = {0};
	int rc = homework_submit(r, id, req_upload(r, "file"), req_form(r, "text"), &s, &e);
	if (rc == ERR_INTERNAL)
		return internal(r);
	if (rc)
		return reply_json_err(r, &e);
	return reply_receipt(r, 201, &s);
}

/* GET /api/v1/submissions/{id} -> the copy, with its correction once returned */
int homework_api_submission(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	int rc = homework_submission_get(r, id, &s, NULL);
	if (rc == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Copie introuvable."));
	if (rc)
		return internal(r);
	return reply_json(r, 200, submission_json(r, &s, true));
}

static int api_file(struct req *r, bool annotated)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct submission s;
	int rc = homework_submission_get(r, id, &s, NULL);
	const char *sha = rc ? NULL : annotated ? s.annotated_sha256 : s.file_sha256;
	if (rc == ERR_INTERNAL)
		return internal(r);
	if (!sha)
		return reply_json_error(r, 404, "not_found", _("Fichier introuvable."));
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_file(r, files_path(r->arena, sha), annotated ? s.annotated_type : s.file_type,
	                  annotated ? s.annotated_name : s.file_name);
}

/* GET /api/v1/submissions/{id}/file -> the learner's file */
int homework_api_submission_file(struct req *r)
{
	return api_file(r, false);
}

/* GET /api/v1/submissions/{id}/annotated -> the annotated copy, once returned */
int homework_api_submission_annotated(struct req *r)
{
	return api_file(r, true);
}

/* GET /api/v1/corrections[?teacher_id=&offset=&limit=] -> the queue, oldest first */
int homework_api_queue(struct req *r)
{
	int64_t teacher = query_id(r, "teacher_id"), offset = 0, limit = 50;
	const char *o = req_query(r, "offset"), *l = req_query(r, "limit");
	if (teacher < 0 || (o && (!str_to_int64(o, &offset) || offset < 0 || offset > 1000000)) ||
	    (l && (!str_to_int64(l, &limit) || limit < 1 || limit > 200)))
		return reply_json_error(r, 400, "invalid", _("Paramètres incorrects : teacher_id, offset "
		                                            "(0 ou plus) et limit (1 à 200) sont des entiers."));
	bool manager = r->user.roles & (ROLE_ADMIN | ROLE_ADVISOR);
	if (!teacher && !manager)
		teacher = r->user.id;
	if (!manager && teacher != r->user.id)
		return reply_json_error(r, 403, "forbidden", _("Un enseignant ne lit que sa propre file."));
	struct submission *s;
	int n = homework_queue(r, teacher, (int)offset, (int)limit, &s);
	if (n < 0)
		return internal(r);
	int64_t pending = 0, oldest = 0;
	if (teacher && homework_queue_stats(r, teacher, &pending, &oldest) != 0)
		return internal(r);
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, queue_json(r, &s[i]));
	return reply_json(r, 200, json_pack("{s:o,s:I,s:o,s:o}",
		"teacher_id", teacher ? json_integer(teacher) : json_null(), "pending", (json_int_t)pending,
		"oldest_at", iso_or_null(r, oldest), "corrections", arr));
}

/* POST /api/v1/submissions/{id}/correction: multipart `grade` ("14,5"),
** `feedback` (Markdown), optional `file` (annotated copy), optional
** `draft=1` (save without returning) -> the copy */
int homework_api_correct(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	const char *draft = req_form(r, "draft");
	struct correction_input in = {
		.grade = req_form(r, "grade"), .feedback_md = req_form(r, "feedback"),
		.annotated = req_upload(r, "file"),
		.give_back = !draft || strcmp(draft, "1") != 0,
	};
	struct err e = {0};
	int rc = homework_correct(r, id, &in, &e);
	if (rc == ERR_INTERNAL)
		return internal(r);
	if (rc)
		return reply_json_err(r, &e);
	struct submission s;
	if (homework_submission_get(r, id, &s, NULL) != 0)
		return internal(r);
	return reply_json(r, 200, submission_json(r, &s, false));
}
