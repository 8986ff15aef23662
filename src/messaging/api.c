/*
** This file implements the messages part of the JSON API: the caller's
** threads with unread counts, one thread with its messages, starting a
** thread or replying (JSON, or multipart with files), and attachments.
*/
#include <string.h>

#include "app/page.h"
#include "kernel/files.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/json.h"
#include "messaging/messaging.h"
#include "messaging/web.h"

static json_t *thread_json(struct req *r, const struct message_thread *t)
{
	json_t *people = json_array();
	for (int i = 0; i < t->npeople; i++)
		json_array_append_new(people, json_pack("{s:I,s:s,s:s}", "id", (json_int_t)t->people[i].id,
		                                        "name", t->people[i].name,
		                                        "role", t->people[i].role));
	return json_pack("{s:I,s:s,s:{s:I,s:s},s:{s:I,s:s},s:o,s:I,s:I,s:s,s:s,s:o}",
		"id", (json_int_t)t->id, "subject", t->subject,
		"course", "id", (json_int_t)t->course_id, "title", t->course_title,
		"learner", "id", (json_int_t)t->learner_id, "name", t->learner_name,
		"submission_id", t->submission_id ? json_integer(t->submission_id) : json_null(),
		"unread", (json_int_t)t->unread, "messages", (json_int_t)t->messages,
		"created_at", fmt_iso(r->arena, t->created_at),
		"last_message_at", fmt_iso(r->arena, t->last_message_at),
		"participants", people);
}

/* A query parameter as an integer in [min, max], def when absent. */
static bool query_int(struct req *r, const char *name, int64_t min, int64_t max, int64_t def,
                      int64_t *out)
{
	const char *v = req_query(r, name);
	*out = def;
	return !v || (str_to_int64(v, out) && *out >= min && *out <= max);
}

/* GET /api/v1/messages[?limit=&offset=] -> {"unread": n, "threads": [...]} */
int messages_api_list(struct req *r)
{
	int64_t limit, offset;
	if (!query_int(r, "limit", 1, 100, 50, &limit) || !query_int(r, "offset", 0, 1000000, 0, &offset))
		return reply_json_error(r, 400, "invalid",
		                        _("« limit » va de 1 à 100 et « offset » est un entier positif."));
	struct message_thread *t;
	int n = messages_threads(r, (int)offset, (int)limit, &t);
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *arr = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(arr, thread_json(r, &t[i]));
	return reply_json(r, 200, json_pack("{s:I,s:o}", "unread",
	                                    (json_int_t)messages_unread_count(r), "threads", arr));
}

/* GET /api/v1/messages/{id} -> the thread with "messages" (marks it read) */
int messages_api_get(struct req *r)
{
	int64_t id;
	int st = route_id_or_reply(r, "id", &id);
	if (st)
		return st;
	struct message_thread t;
	struct message *m;
	int n = messages_thread_get(r, id, &t, &m);
	if (n == ERR_NOT_FOUND)
		return reply_json_error(r, 404, "not_found", _("Conversation introuvable."));
	if (n < 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	json_t *msgs = json_array();
	for (int i = 0; i < n; i++) {
		json_t *files = json_array();
		for (int k = 0; k < m[i].nfiles; k++) {
			const struct message_file *f = &m[i].files[k];
			json_array_append_new(files, json_pack("{s:I,s:s,s:s,s:I,s:s}",
				"id", (json_int_t)f->id, "filename", f->filename, "content_type", f->content_type,
				"size", (json_int_t)f->size,
				"href", arena_printf(r->arena, "/api/v1/messages/%lld/attachments/%lld",
				                     (long long)id, (long long)f->id)));
		}
		json_array_append_new(msgs, json_pack("{s:I,s:{s:I,s:s},s:s,s:s,s:b,s:o}",
			"id", (json_int_t)m[i].id, "author", "id", (json_int_t)m[i].author_id,
			"name", m[i].author_name, "body", m[i].body,
			"created_at", fmt_iso(r->arena, m[i].created_at), "unread", m[i].unread,
			"attachments", files));
	}
	json_t *out = thread_json(r, &t);
	json_object_set_new(out, "messages", msgs);
	return reply_json(r, 200, out);
}

static void decref(void *p)
{
	json_decref(p);
}

/* Reads an id member: absent or null is 0; anything but a positive
** integer sets *bad. */
static int64_t json_id(json_t *obj, const char *key, bool *bad)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		*bad = true;
		return 0;
	}
	return json_integer_value(v);
}

static int64_t form_id(struct req *r, const char *key, bool *bad)
{
	const char *v = req_form(r, key);
	int64_t id = 0;
	if (v && *v && (!str_to_int64(v, &id) || id <= 0))
		*bad = true;
	return v && *v ? id : 0;
}

/*
** POST /api/v1/messages: {"thread_id", "body"} replies;
** {"course_id", "learner_id"?, "subject", "body", "submission_id"?,
** "copy_guardians"?} starts a thread. The same fields may come as
** multipart/form-data, with files in "file" (repeatable).
** -> 201 {"thread_id", "message_id"}
*/
int messages_api_post(struct req *r)
{
	struct message_input in;
	memset(&in, 0, sizeof in);
	int64_t thread;
	bool bad = false;
	const char *ct = req_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		thread = form_id(r, "thread_id", &bad);
		in.course_id = form_id(r, "course_id", &bad);
		in.learner_id = form_id(r, "learner_id", &bad);
		in.submission_id = form_id(r, "submission_id", &bad);
		in.subject = req_form(r, "subject");
		in.body = req_form(r, "body");
		const char *cg = req_form(r, "copy_guardians");
		in.copy_guardians = cg && (strcmp(cg, "1") == 0 || strcmp(cg, "true") == 0);
		for (int i = 0; i < r->nuploads; i++)
			if (str_eq(r->uploads[i].field, "file") && in.nfiles < MESSAGES_MAX_FILES + 1)
				in.files[in.nfiles++] = &r->uploads[i];
	} else {
		json_t *body = req_json_object_or_reply(r);
		if (!body)
			return r->status;
		arena_defer(r->arena, decref, body);
		thread = json_id(body, "thread_id", &bad);
		in.course_id = json_id(body, "course_id", &bad);
		in.learner_id = json_id(body, "learner_id", &bad);
		in.submission_id = json_id(body, "submission_id", &bad);
		in.subject = json_str(body, "subject");
		in.body = json_str(body, "body");
		in.copy_guardians = json_is_true(json_object_get(body, "copy_guardians"));
	}
	if (bad)
		return reply_json_error(r, 400, "invalid",
		                        _("Les identifiants (thread_id, course_id, learner_id, "
		                          "submission_id) sont des entiers positifs."));
	if (!thread && !in.course_id)
		return reply_json_error(r, 400, "invalid",
		                        _("Indiquez « thread_id » pour répondre, ou « course_id » pour "
		                          "commencer une conversation."));
	struct err e = {0};
	int64_t mid = 0;
	int rc = thread ? messages_reply(r, thread, &in, &mid, &e)
	                : messages_thread_create(r, &in, &thread, &e);
	if (rc == ERR_INTERNAL)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	if (rc)
		return reply_json_err(r, &e);
	json_t *out = json_pack("{s:I}", "thread_id", (json_int_t)thread);
	if (mid)
		json_object_set_new(out, "message_id", json_integer(mid));
	return reply_json(r, 201, out);
}

/* GET /api/v1/messages/{id}/attachments/{file}: the file, as a download */
int messages_api_attachment(struct req *r)
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
		return reply_json_error(r, 404, "not_found", _("Pièce jointe introuvable."));
	if (rc)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	req_add_header(r, "Cache-Control", "private, no-store");
	return reply_file(r, files_path(r->arena, f.sha256), f.content_type, f.filename);
}
