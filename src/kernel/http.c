/*
** This file implements the HTTP server of http.h over libmicrohttpd: the
** per-request state created from the raw URI, the body read under limits
** (urlencoded forms and JSON kept whole, multipart streamed through MHD's
** post processor, files to temporary files with their SHA-256), the
** response with the security headers, the request log line, and the
** graceful stop.
*/
#include "kernel/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kernel/form.h"
#include "kernel/html.h"
#include "kernel/i18n.h"
#include "kernel/log.h"

#define FIELD_LIMIT (256 * 1024) /* one text field of a multipart form */
#define DRAIN_LIMIT ((int64_t)256 << 20) /* largest refused body still read */

enum body_kind { BODY_NONE, BODY_URLENCODED, BODY_MULTIPART, BODY_RAW };

struct part {
	struct upload *up;
	int fd;
	crypto_hash_sha256_state sha;
};

struct http_state {
	bool started;
	enum body_kind kind;
	size_t limit, received;
	const char *raw_uri;
	struct MHD_PostProcessor *pp;
	struct sb raw;              /* urlencoded body */
	int form_cap, uploads_cap;
	struct part *parts;         /* one per upload, parallel to r->uploads */
	struct part *cur_part;
	int cur_field;              /* index in r->form of the field being read */
	int early;                  /* answer without reading the body */
	/* set by req_suspend(): what answers once req_resume() is called */
	int (*then)(struct req *r, void *arg);
	void *then_arg;
};

/*
** Per-connection state, to free a request that MHD refuses between the URI
** callback (which allocates it) and the access handler (which would own
** it): a request line too long, too many arguments. Without this the
** arena would leak and SIGTERM would wait for a request that never ends.
*/
struct conn_state {
	struct req *pending; /* allocated by on_uri, not yet seen by on_request */
};

static struct http_config cfg;
static struct MHD_Daemon *daemon_;
static atomic_int inflight;
static atomic_ullong next_id;

static int64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- Request state ---- */

static void release_request(struct req *r)
{
	struct http_state *hs = r->http_state;
	if (hs->started)
		atomic_fetch_sub(&inflight, 1);
	arena_free(r->arena);
}

static struct conn_state *conn_state_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = calloc(1, sizeof(struct conn_state));
		return;
	}
	struct conn_state *cs = *socket_context;
	if (cs && cs->pending) {
		log_info("req=%llu - - refused by the HTTP layer", (unsigned long long)cs->pending->id);
		release_request(cs->pending);
	}
	free(cs);
	*socket_context = NULL;
}

/* MHD calls this first with the raw URI; what it returns becomes *req_cls. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct arena *a = arena_new();
	struct req *r = arena_alloc(a, sizeof *r);
	struct http_state *hs = arena_alloc(a, sizeof *hs);
	r->arena = a;
	r->http_state = hs;
	r->conn = conn;
	r->id = atomic_fetch_add(&next_id, 1) + 1;
	r->started_us = now_us();
	r->status = 200;
	sb_init(&r->out, a, 4096);
	sb_init(&r->body, a, 64);
	hs->raw_uri = arena_strdup(a, uri ? uri : "/");
	hs->cur_field = -1;
	struct conn_state *cs = conn_state_of(conn);
	if (cs) {
		if (cs->pending) /* the previous request was refused before the handler */
			release_request(cs->pending);
		cs->pending = r;
	}
	return r;
}

static void close_fd(void *p)
{
	struct part *pt = p;
	if (pt->fd >= 0) {
		close(pt->fd);
		pt->fd = -1;
	}
}

static void unlink_path(void *p)
{
	unlink(p); /* a kept file was renamed away: ENOENT is fine */
}

static void destroy_pp(void *p)
{
	MHD_destroy_post_processor(p);
}

static void add_form_field(struct req *r, const char *key, const char *val, size_t n)
{
	struct http_state *hs = r->http_state;
	if (r->nform == hs->form_cap) {
		int cap = hs->form_cap ? hs->form_cap * 2 : 16;
		struct kv *f = arena_array(r->arena, (size_t)cap, sizeof *f);
		if (r->nform)
			memcpy(f, r->form, (size_t)r->nform * sizeof *f);
		r->form = f;
		hs->form_cap = cap;
	}
	r->form[r->nform].key = arena_strdup(r->arena, key);
	r->form[r->nform].val = arena_strndup(r->arena, val, n);
	r->nform++;
}

static void finish_part(struct http_state *hs)
{
	struct part *pt = hs->cur_part;
	if (!pt)
		return;
	crypto_hash_sha256_final(&pt->sha, pt->up->sha256);
	close_fd(pt);
	hs->cur_part = NULL;
}

static struct part *start_upload(struct req *r, const char *key, const char *filename)
{
	struct http_state *hs = r->http_state;
	if (r->nuploads == hs->uploads_cap) {
		int cap = hs->uploads_cap ? hs->uploads_cap * 2 : 4;
		struct upload *u = arena_array(r->arena, (size_t)cap, sizeof *u);
		struct part *p = arena_array(r->arena, (size_t)cap, sizeof *p);
		if (r->nuploads) {
			memcpy(u, r->uploads, (size_t)r->nuploads * sizeof *u);
			memcpy(p, hs->parts, (size_t)r->nuploads * sizeof *p);
		}
		for (int i = 0; i < r->nuploads; i++)
			p[i].up = &u[i];
		r->uploads = u;
		hs->parts = p;
		hs->uploads_cap = cap;
	}
	char *path = arena_printf(r->arena, "%s/upload-XXXXXX", cfg.tmp_dir);
	int fd = mkstemp(path);
	if (fd < 0) {
		log_error("http: cannot create a temporary file in %s: %s", cfg.tmp_dir,
		          strerror(errno));
		return NULL;
	}
	arena_defer(r->arena, unlink_path, path);
	struct upload *up = &r->uploads[r->nuploads];
	struct part *pt = &hs->parts[r->nuploads];
	r->nuploads++;
	memset(up, 0, sizeof *up);
	up->field = arena_strdup(r->arena, key);
	up->filename = arena_strdup(r->arena, filename);
	up->path = path;
	pt->up = up;
	pt->fd = fd;
	crypto_hash_sha256_init(&pt->sha);
	arena_defer(r->arena, close_fd, pt);
	return pt;
}

static enum MHD_Result on_post_part(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *content_type,
                                    const char *transfer_encoding, const char *data,
                                    uint64_t off, size_t size)
{
	struct req *r = cls;
	struct http_state *hs = r->http_state;
	if (!key)
		return MHD_YES;
	if (filename) {
		if (!filename[0] || !(r->route && (r->route->flags & ROUTE_UPLOAD)))
			return MHD_YES; /* empty file input, or a route that takes no file */
		if (off == 0 && (!hs->cur_part || hs->cur_part->up->size > 0 ||
		                 strcmp(hs->cur_part->up->field, key) != 0)) {
			finish_part(hs);
			hs->cur_part = start_upload(r, key, filename);
			if (!hs->cur_part)
				return MHD_NO;
		}
		struct part *pt = hs->cur_part;
		if (!pt || size == 0)
			return MHD_YES;
		struct upload *up = pt->up;
		if ((size_t)up->size + size > cfg.upload_limit) {
			up->truncated = true;
			r->body_too_large = true;
			return MHD_YES; /* keep reading and discarding */
		}
		if (up->head_len < sizeof up->head) {
			size_t take = sizeof up->head - up->head_len;
			if (take > size)
				take = size;
			memcpy(up->head + up->head_len, data, take);
			up->head_len += take;
		}
		crypto_hash_sha256_update(&pt->sha, (const unsigned char *)data, size);
		for (size_t done = 0; done < size;) {
			ssize_t w = write(pt->fd, data + done, size - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				log_error("http: writing an upload failed: %s", strerror(errno));
				return MHD_NO;
			}
			done += (size_t)w;
		}
		up->size += (int64_t)size;
		return MHD_YES;
	}
	/* a text field, possibly in several chunks. MHD may announce a field
	** with an empty call at offset 0, then give its value at offset 0
	** again: an empty field of the same name is continued, not repeated. */
	bool same = hs->cur_field >= 0 && strcmp(r->form[hs->cur_field].key, key) == 0;
	if (!same || (off == 0 && r->form[hs->cur_field].val[0])) {
		if (r->nform >= FORM_MAX_FIELDS) {
			r->body_malformed = true;
			return MHD_YES;
		}
		add_form_field(r, key, "", 0);
		hs->cur_field = r->nform - 1;
	}
	struct kv *f = &r->form[hs->cur_field];
	size_t have = strlen(f->val);
	if (have + size > FIELD_LIMIT) {
		r->body_too_large = true;
		return MHD_YES;
	}
	char *v = arena_alloc(r->arena, have + size + 1);
	memcpy(v, f->val, have);
	memcpy(v + have, data, size);
	f->val = v;
	return MHD_YES;
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
	return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

/* First call for a request: path, route, body kind and limits. */
static void begin_request(struct req *r, struct MHD_Connection *conn, const char *method)
{
	struct http_state *hs = r->http_state;
	r->method = arena_strdup(r->arena, method);

	const char *uri = hs->raw_uri;
	size_t plen = strcspn(uri, "?#");
	if (uri[plen] == '?')
		r->raw_query = arena_strndup(r->arena, uri + plen + 1, strcspn(uri + plen + 1, "#"));
	r->cookie_header = header(conn, MHD_HTTP_HEADER_COOKIE);
	r->path = percent_decode(r->arena, uri, plen, 0, NULL);
	if (!r->path || r->path[0] != '/') {
		/* undecodable: refused as malformed, but in JSON under /api/ */
		r->path = strncmp(uri, "/api/", 5) == 0 ? "/api/" : "/";
		r->body_malformed = true;
	}

	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	char ip[INET6_ADDRSTRLEN] = "?";
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
	}
	r->client_ip = arena_strdup(r->arena, ip);
	r->secure = cfg.secure_cookies;
	if (cfg.trust_proxy) {
		const char *xff = header(conn, "X-Forwarded-For");
		if (xff) {
			const char *last = strrchr(xff, ',');
			r->client_ip = str_trim(r->arena, last ? last + 1 : xff);
		}
		const char *proto = header(conn, "X-Forwarded-Proto");
		if (proto && strcmp(proto, "https") == 0)
			r->secure = true;
	}

	enum route_match m = router_match(cfg.routes, r->method, r->path, r, &r->route);
	if (m != ROUTE_FOUND)
		r->route_miss = m == ROUTE_BAD_METHOD ? 405 : 404;

	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return;
	hs->limit = (r->route && (r->route->flags & ROUTE_UPLOAD))
	                    ? cfg.upload_limit + cfg.body_limit
	                    : cfg.body_limit;
	const char *cl = header(conn, MHD_HTTP_HEADER_CONTENT_LENGTH);
	int64_t declared;
	if (cl && str_to_int64(cl, &declared) && declared > (int64_t)hs->limit) {
		/* Read and drop the body, then answer 413: a browser that is still
		** sending would otherwise see the connection reset instead of the
		** message. Past DRAIN_LIMIT it is not worth it: answer at once. */
		r->body_too_large = true;
		if (declared > DRAIN_LIMIT)
			hs->early = 1;
		return;
	}
	const char *ct = header(conn, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0) {
		hs->kind = BODY_URLENCODED;
		sb_init(&hs->raw, r->arena, 1024);
	} else if (ct && strncasecmp(ct, "multipart/form-data", 19) == 0) {
		hs->kind = BODY_MULTIPART;
		hs->pp = MHD_create_post_processor(conn, 32 * 1024, on_post_part, r);
		if (!hs->pp) {
			r->body_malformed = true;
			hs->early = 1;
			return;
		}
		arena_defer(r->arena, destroy_pp, hs->pp);
	} else {
		hs->kind = BODY_RAW;
	}
}

static void feed_body(struct req *r, const char *data, size_t size)
{
	struct http_state *hs = r->http_state;
	hs->received += size;
	if (hs->received > hs->limit) {
		r->body_too_large = true;
		return;
	}
	if (r->body_too_large)
		return;
	switch (hs->kind) {
	case BODY_URLENCODED:
		sb_add(&hs->raw, data, size);
		break;
	case BODY_RAW:
		sb_add(&r->body, data, size);
		break;
	case BODY_MULTIPART:
		if (MHD_post_process(hs->pp, data, size) != MHD_YES)
			r->body_malformed = true;
		break;
	case BODY_NONE:
		break;
	}
}

static void finish_body(struct req *r)
{
	struct http_state *hs = r->http_state;
	if (hs->kind == BODY_MULTIPART)
		finish_part(hs);
	if (hs->kind == BODY_URLENCODED && !r->body_too_large) {
		int n = urlencoded_parse(r->arena, hs->raw.buf, hs->raw.len, &r->form);
		if (n < 0)
			r->body_malformed = true;
		else
			r->nform = n;
	}
}

/* ---- Response ---- */

static const struct kv security_headers[] = {
	{"Content-Security-Policy",
	 "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
	 "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{NULL, NULL},
};

static enum MHD_Result send_response(struct req *r, struct MHD_Connection *conn)
{
	struct MHD_Response *resp = NULL;
	if (r->send_file) {
		int fd = open(r->send_file, O_RDONLY | O_CLOEXEC);
		struct stat st;
		if (fd >= 0 && fstat(fd, &st) == 0) {
			resp = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
			if (!resp)
				close(fd);
		} else {
			if (fd >= 0)
				close(fd);
			log_error("http: cannot send %s: %s", r->send_file, strerror(errno));
			r->status = 500;
			r->content_type = "text/plain; charset=utf-8";
			sb_truncate(&r->out, 0);
			sb_adds(&r->out, "Erreur interne.\n");
		}
	}
	if (!resp)
		resp = MHD_create_response_from_buffer(r->out.len, r->out.buf, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	if (r->content_type)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	for (const struct kv *h = security_headers; h->key; h++)
		MHD_add_response_header(resp, h->key, h->val);
	for (int i = 0; i < r->nheaders; i++)
		MHD_add_response_header(resp, r->headers[i].key, r->headers[i].val);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
	struct req *r = *req_cls;
	if (!r)
		return MHD_NO;
	struct http_state *hs = r->http_state;
	if (!hs->started) {
		/* in flight from here: a graceful stop waits for it */
		hs->started = true;
		atomic_fetch_add(&inflight, 1);
		struct conn_state *cs = conn_state_of(conn);
		if (cs && cs->pending == r)
			cs->pending = NULL; /* from now on MHD calls on_completed for it */
		begin_request(r, conn, method);
		if (!hs->early)
			return MHD_YES;
		/* refused before reading the body (declared too large, or not a
		** multipart MHD can parse): answer now; MHD then closes the
		** connection instead of reading a body nobody wants */
		r->status = cfg.handle(r);
		enum MHD_Result ret = send_response(r, conn);
		if (cfg.request_end)
			cfg.request_end();
		return ret;
	}
	if (*upload_data_size) {
		feed_body(r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (hs->then) { /* resumed (req_resume()): the handler's second half answers */
		int (*then)(struct req *, void *) = hs->then;
		hs->then = NULL;
		i18n_set_lang(r->lang);
		r->status = then(r, hs->then_arg);
	} else {
		finish_body(r);
		r->status = cfg.handle(r);
		if (r->status == REPLY_LATER && hs->then) {
			/* suspended: MHD calls again once resumed */
			if (cfg.request_end)
				cfg.request_end();
			return MHD_YES;
		}
	}
	if (r->status < 100 || r->status > 599)
		r->status = 500;
	/* uploads the handler did not keep are gone before the answer leaves */
	for (int i = 0; i < r->nuploads; i++)
		unlink(r->uploads[i].path);
	enum MHD_Result ret = send_response(r, conn);
	if (cfg.request_end)
		cfg.request_end();
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct req *r = *req_cls;
	if (!r)
		return;
	*req_cls = NULL;
	struct conn_state *cs = conn_state_of(conn);
	if (cs && cs->pending == r)
		cs->pending = NULL;
	double ms = (double)(now_us() - r->started_us) / 1000.0;
	log_info("req=%llu %s %s %d %.2fms%s", (unsigned long long)r->id,
	         r->method ? r->method : "-", r->route ? r->route->pattern : "-", r->status, ms,
	         toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (interrupted)");
	release_request(r);
}

static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	buf[strcspn(buf, "\n")] = 0;
	log_warn("http: %s", buf);
}

/* ---- Start and stop ---- */

int http_start(const struct http_config *c)
{
	cfg = *c;
	struct sockaddr_in addr = {0};
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg.port);
	if (inet_pton(AF_INET, cfg.bind_address, &addr.sin_addr) != 1) {
		log_error("http: bad listen address %s", cfg.bind_address);
		return -1;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
	                 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG;
	daemon_ = MHD_start_daemon(
		flags, (uint16_t)cfg.port, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg.threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)4096,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)1024,
		/* MHD keeps the request line, headers and query arguments in this
		** pool, and clears it for every request of a kept-alive connection:
		** a bigger pool costs CPU on every request (measured: 1 MiB added
		** ~100 us; 64 KiB instead of 32 KiB, 3-5% of a dashboard's CPU).
		** 32 KiB still takes headers of well over 8 KiB (nginx's default
		** limit for one line); requests that do not fit are refused by MHD
		** (431). */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_LISTENING_ADDRESS_REUSE, (unsigned)1,
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_END);
	if (!daemon_) {
		log_error("http: cannot listen on %s:%d (port in use?)", cfg.bind_address, cfg.port);
		return -1;
	}
	return 0;
}

void http_stop(int grace_seconds)
{
	if (!daemon_)
		return;
	MHD_socket fd = MHD_quiesce_daemon(daemon_);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	int64_t deadline = now_us() + (int64_t)grace_seconds * 1000000;
	while (atomic_load(&inflight) > 0 && now_us() < deadline) {
		struct timespec ts = {0, 20 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&inflight) > 0)
		log_warn("http: stopping with %d request(s) still running", atomic_load(&inflight));
	MHD_stop_daemon(daemon_);
	daemon_ = NULL;
}

/* ---- Answering later (req.h) ---- */

void req_suspend(struct req *r, int (*then)(struct req *r, void *arg), void *arg)
{
	struct http_state *hs = r->http_state;
	hs->then = then;
	hs->then_arg = arg;
	MHD_suspend_connection(r->conn);
}

void req_resume(struct req *r)
{
	MHD_resume_connection(r->conn);
}

/* ---- Accessors of req.h ---- */

const char *req_param(struct req *r, const char *name)
{
	return kv_get(r->params, r->nparams, name);
}

const char *req_query(struct req *r, const char *name)
{
	if (!r->query_parsed) {
		r->query_parsed = true;
		if (r->raw_query) {
			r->nquery = urlencoded_parse(r->arena, r->raw_query, strlen(r->raw_query), &r->query);
			if (r->nquery < 0)
				r->nquery = 0;
		}
	}
	return kv_get(r->query, r->nquery, name);
}

const char *req_form(struct req *r, const char *name)
{
	return kv_get(r->form, r->nform, name);
}

int req_form_all(struct req *r, const char *name, const char **out, int max)
{
	int n = 0;
	for (int i = 0; i < r->nform && n < max; i++)
		if (strcmp(r->form[i].key, name) == 0)
			out[n++] = r->form[i].val;
	return n;
}

const struct upload *req_upload(struct req *r, const char *name)
{
	for (int i = 0; i < r->nuploads; i++)
		if (strcmp(r->uploads[i].field, name) == 0)
			return &r->uploads[i];
	return NULL;
}

const char *req_header(struct req *r, const char *name)
{
	return r->conn ? header(r->conn, name) : NULL;
}

const char *req_cookie(struct req *r, const char *name)
{
	if (!r->cookies_parsed) {
		r->cookies_parsed = true;
		r->ncookies = cookie_parse(r->arena, r->cookie_header, &r->cookies);
	}
	return kv_get(r->cookies, r->ncookies, name);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
	if (r->nheaders == r->headers_cap) {
		int cap = r->headers_cap ? r->headers_cap * 2 : 8;
		struct kv *h = arena_array(r->arena, (size_t)cap, sizeof *h);
		if (r->nheaders)
			memcpy(h, r->headers, (size_t)r->nheaders * sizeof *h);
		r->headers = h;
		r->headers_cap = cap;
	}
	r->headers[r->nheaders].key = arena_strdup(r->arena, name);
	r->headers[r->nheaders].val = arena_strdup(r->arena, value);
	r->nheaders++;
}

void req_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	char *c;
	if (max_age < 0)
		c = arena_printf(r->arena, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s", name,
		                 r->secure ? "; Secure" : "");
	else if (max_age == 0)
		c = arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name, value,
		                 r->secure ? "; Secure" : "");
	else
		c = arena_printf(r->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
		                 name, value, max_age, r->secure ? "; Secure" : "");
	req_add_header(r, "Set-Cookie", c);
}

int reply_body(struct req *r, int status, const char *content_type, const char *body, size_t n)
{
	sb_truncate(&r->out, 0);
	sb_add(&r->out, body, n);
	r->content_type = content_type;
	r->status = status;
	return status;
}

int reply_redirect(struct req *r, const char *location)
{
	req_add_header(r, "Location", location);
	r->content_type = "text/plain; charset=utf-8";
	sb_truncate(&r->out, 0);
	r->status = 303;
	return 303;
}

/* A file name safe inside a quoted header value. */
static char *header_safe_name(struct arena *a, const char *name)
{
	char *safe = arena_strdup(a, name);
	for (char *p = safe; *p; p++)
		if (*p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = '_';
	return safe;
}

static int send_file(struct req *r, const char *path, const char *content_type,
                     const char *disposition, const char *name)
{
	r->send_file = arena_strdup(r->arena, path);
	r->content_type = content_type;
	if (name)
		req_add_header(r, "Content-Disposition",
		               arena_printf(r->arena, "%s; filename=\"%s\"; filename*=UTF-8''%s",
		                            disposition, header_safe_name(r->arena, name),
		                            url_encode(r->arena, name)));
	r->status = 200;
	return 200;
}

int reply_file(struct req *r, const char *path, const char *content_type,
               const char *download_name)
{
	return send_file(r, path, content_type, "attachment", download_name);
}

int reply_file_inline(struct req *r, const char *path, const char *content_type,
                      const char *name)
{
	return send_file(r, path, content_type, "inline", name);
}

const char *http_status_text(int status)
{
	const char *s = MHD_get_reason_phrase_for((unsigned)status);
	return s && *s ? s : "Unknown";
}
