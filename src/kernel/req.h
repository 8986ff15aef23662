/*
** req.h - one HTTP request and its response, as handlers see it.
**
** The HTTP layer (http.c) fills a struct req before calling the
** application: method, path, query, cookies, headers, form fields and
** uploaded files (already bounded in size), and the raw body for JSON.
** The application (src/app/) adds who is asking: tenant, person, roles,
** session and CSRF token. A handler reads from it, calls a service, and
** writes its answer with the reply_*() functions or the page/JSON helpers.
**
** Everything here lives in r->arena and dies with the request.
*/
#ifndef CARTABLE_REQ_H
#define CARTABLE_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel/arena.h"
#include "kernel/str.h"

struct route;

/* Roles a person holds in their tenant (DESIGN.md section 1). */
enum role {
	ROLE_LEARNER = 1u << 0,
	ROLE_GUARDIAN = 1u << 1,
	ROLE_TEACHER = 1u << 2,
	ROLE_ADVISOR = 1u << 3,
	ROLE_AUTHOR = 1u << 4,
	ROLE_SCHOOL = 1u << 5,
	ROLE_SUPPORT = 1u << 6,
	ROLE_FINANCE = 1u << 7,
	ROLE_ADMIN = 1u << 8,
};
#define ROLE__COUNT 9

struct kv {
	const char *key;
	const char *val;
};

/*
** An uploaded file, already on disk in a temporary file that is removed when
** the request ends unless a service moved it (files_keep()).
*/
struct upload {
	const char *field;        /* form field name */
	const char *filename;     /* as the browser sent it; never trust it */
	const char *path;         /* temporary file */
	int64_t size;
	unsigned char sha256[32];
	unsigned char head[128];  /* first bytes, to recognise the file type */
	size_t head_len;
	bool truncated;           /* over the limit: the request is refused */
};

struct user {
	int64_t id;               /* 0: nobody signed in */
	const char *login;
	const char *display_name;
	const char *email;        /* may be NULL */
	unsigned roles;           /* enum role bits */
	int64_t school_id;        /* partner school of a school-staff member or pupil, or 0 */
};

struct tenant_ref {
	int64_t id;
	const char *slug;
	const char *name;
	bool is_operator;         /* the operator tenant administers the others */
};

enum lang { LANG_FR = 0, LANG_EN = 1 };

struct req {
	struct arena *arena;
	uint64_t id;
	const char *method;
	const char *path;         /* percent-decoded, without the query */
	const char *raw_query;    /* after '?', still encoded; NULL if none */
	const char *cookie_header;/* the Cookie header, NULL if none */
	const char *client_ip;
	bool secure;              /* came over TLS (or --secure-cookies) */
	int64_t started_us;

	/* routing */
	const struct route *route;
	int route_miss;           /* 404 or 405 when no route matched */
	struct kv params[6];      /* {name} segments of the route pattern */
	int nparams;

	/* body */
	struct kv *form;          /* urlencoded or multipart text fields */
	int nform;
	struct upload *uploads;
	int nuploads;
	struct sb body;           /* raw body when it is not a form (JSON) */
	bool body_too_large;
	bool body_malformed;

	/* who is asking (filled by the application) */
	struct tenant_ref tenant;
	struct user user;
	const char *session_token;/* cookie value, NULL without a session */
	const char *csrf;         /* token expected in forms of this visitor */
	bool via_token;           /* API call authenticated by a bearer token */
	enum lang lang;

	/* response */
	int status;
	const char *content_type;
	struct sb out;
	struct kv *headers;
	int nheaders, headers_cap;
	const char *send_file;    /* path of a file to send instead of out */
	int64_t send_file_size;

	/* parsed on first use by req_query() and req_cookie() */
	struct kv *query, *cookies;
	int nquery, ncookies;
	bool query_parsed, cookies_parsed;

	void *conn;               /* the HTTP library's connection: kernel only */
	void *http_state;         /* kernel only */
};

/* ---- Reading the request ---- */

/* req_param() is the {name} segment captured by the route, or NULL. */
const char *req_param(struct req *r, const char *name);
/* req_query() is a query-string argument, decoded, or NULL. */
const char *req_query(struct req *r, const char *name);
/* req_form() is a form field, or NULL. When a field is repeated, the first. */
const char *req_form(struct req *r, const char *name);
/* req_form_all() fills out[] with every value of a repeated field. */
int req_form_all(struct req *r, const char *name, const char **out, int max);
/* req_upload() is the file sent in field `name`, or NULL if none (empty
** file inputs are ignored). */
const struct upload *req_upload(struct req *r, const char *name);
/* req_header() is a request header, or NULL. */
const char *req_header(struct req *r, const char *name);
/* req_cookie() is a cookie's value, or NULL. */
const char *req_cookie(struct req *r, const char *name);

/* ---- Writing the response ---- */

/* req_add_header() adds a response header (values are copied). */
void req_add_header(struct req *r, const char *name, const char *value);

/*
** req_set_cookie() sets a cookie on "/", HttpOnly, SameSite=Lax, Secure when
** r->secure; max_age 0 makes it a session cookie, -1 deletes it.
*/
void req_set_cookie(struct req *r, const char *name, const char *value, long max_age);

/* reply_text() answers status with a body of the given type (copied). */
int reply_body(struct req *r, int status, const char *content_type, const char *body, size_t n);

/* reply_redirect() answers 303 See Other to location (a local path). */
int reply_redirect(struct req *r, const char *location);

/*
** reply_file() answers 200 with the file at path (opened when the response
** is sent), as content_type; with a download name, as an attachment.
*/
int reply_file(struct req *r, const char *path, const char *content_type,
               const char *download_name);

/* reply_file_inline() is reply_file() for a file the browser may show
** itself (a PDF, an image, a video in a lesson): "inline", with its name. */
int reply_file_inline(struct req *r, const char *path, const char *content_type,
                      const char *name);

/* ---- Remembered for the rest of a request ---- */

/*
** A number a request asks for several times (the unread counts that the
** page frame and the dashboard both show) can be kept in a thread-local
** struct req_memo: req_memo_get() gives it back to the same request of the
** same person (request ids are never reused); the feature calls
** req_memo_forget() whenever it writes what the number counts.
*/
struct req_memo {
	uint64_t req_id;
	int64_t tenant_id, account_id, value;
};

static inline bool req_memo_get(const struct req_memo *m, const struct req *r, int64_t *value)
{
	if (!r->id || m->req_id != r->id || m->tenant_id != r->tenant.id || m->account_id != r->user.id)
		return false;
	*value = m->value;
	return true;
}

static inline void req_memo_set(struct req_memo *m, const struct req *r, int64_t value)
{
	*m = (struct req_memo){r->id, r->tenant.id, r->user.id, value};
}

static inline void req_memo_forget(struct req_memo *m)
{
	m->req_id = 0;
}

/* ---- Answering later ---- */

/*
** A handler whose answer waits on work that many requests share (the group
** commit of exam answers: one fsync for every answer that arrived while
** the previous one ran) should not hold an HTTP thread while it waits:
** with a thread pool of 4, a group could never hold more than 4 answers.
** Such a handler calls req_suspend() BEFORE handing r to the worker (which
** may finish at once), then returns REPLY_LATER. The worker, on any thread,
** calls req_resume(r) exactly once when the work is done; then(r, arg) then
** runs on an HTTP thread, in the request's language, and answers as a
** handler would (reply_*(), returning the status). Until then r, its arena
** and arg stay valid and only the worker may touch what it was given.
** A graceful stop waits for suspended requests like any other.
*/
#define REPLY_LATER 1
void req_suspend(struct req *r, int (*then)(struct req *r, void *arg), void *arg);
void req_resume(struct req *r);

#endif
