/*
** This file implements the JSON helpers of json.h.
*/
#include "kernel/json.h"

#include <stdlib.h>
#include <string.h>

#include "kernel/i18n.h"

static int dump_to_sb(const char *buf, size_t n, void *sb)
{
	sb_add(sb, buf, n);
	return 0;
}

int reply_json(struct req *r, int status, json_t *v)
{
	/* written straight into the answer: json_dumps() would grow a buffer
	** of its own by reallocation, then the answer would copy it */
	sb_truncate(&r->out, 0);
	int rc = v ? json_dump_callback(v, dump_to_sb, &r->out, JSON_COMPACT) : -1;
	json_decref(v);
	if (rc != 0)
		return reply_json_error(r, 500, "internal", _("Erreur interne."));
	r->content_type = "application/json";
	r->status = status;
	req_add_header(r, "Cache-Control", "no-store");
	return status;
}

int reply_json_error(struct req *r, int status, const char *code, const char *message)
{
	json_t *v = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", message);
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;
	json_decref(v);
	sb_truncate(&r->out, 0);
	sb_adds(&r->out, s ? s : "{\"error\":{\"code\":\"internal\",\"message\":\"\"}}");
	free(s);
	r->content_type = "application/json";
	r->status = status;
	return status;
}

int reply_json_err(struct req *r, const struct err *e)
{
	int status;
	switch (e->code) {
	case ERR_NOT_FOUND: status = 404; break;
	case ERR_INVALID: status = 400; break;
	case ERR_FORBIDDEN: status = 403; break;
	case ERR_CONFLICT: status = 409; break;
	case ERR_TOO_LARGE: status = 413; break;
	case ERR_THROTTLED: status = 429; break;
	default: status = 500; break;
	}
	const char *msg = e->msg[0] ? e->msg : _("Erreur interne.");
	return reply_json_error(r, status, err_code_name(e->code), msg);
}

json_t *req_json_object_or_reply(struct req *r)
{
	json_error_t jerr;
	json_t *v = json_loadb(r->body.buf, r->body.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v || !json_is_object(v)) {
		json_decref(v);
		reply_json_error(r, 400, "malformed_json",
		                 _("Le corps de la requête doit être un objet JSON valide."));
		return NULL;
	}
	return v;
}

const char *json_str(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

json_t *json_strn(const char *s)
{
	return s ? json_string(s) : json_null();
}
