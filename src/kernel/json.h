/*
** json.h - JSON answers and bodies of the API (jansson).
**
** Errors of the API always have the shape
**   {"error": {"code": "<stable code>", "message": "<French sentence>"}}
** where the code is one of err_code_name()'s or a more specific one, so a
** program can branch on it and a person can read the message.
*/
#ifndef CARTABLE_JSON_H
#define CARTABLE_JSON_H

#include <jansson.h>

#include "kernel/err.h"
#include "kernel/req.h"

/* reply_json() answers status with v serialised; it takes v's reference. */
int reply_json(struct req *r, int status, json_t *v);

/* reply_json_error() answers status with the error object above. */
int reply_json_error(struct req *r, int status, const char *code, const char *message);

/* reply_json_err() answers a service's error: status chosen from e->code
** (400, 404, 403, 409, 413, 429, 500) and its message. */
int reply_json_err(struct req *r, const struct err *e);

/*
** req_json_object_or_reply() parses the body as a JSON object (jansson
** checks UTF-8, bounds nesting and refuses duplicate keys). Returns a new reference, or NULL after answering 400 itself, in
** which case the caller returns r->status.
*/
json_t *req_json_object_or_reply(struct req *r);

/* json_str() is the string member key of obj, or NULL (absent, not a string). */
const char *json_str(json_t *obj, const char *key);

/* json_strn() is json_string() of s, or JSON null for NULL. */
json_t *json_strn(const char *s);

#endif
