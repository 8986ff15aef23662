/*
** http.h - the HTTP server: libmicrohttpd with an epoll thread pool.
**
** http_start() listens and hands each complete request to cfg->handle on
** one of the pool's threads, with the body already read and bounded (forms
** parsed, files streamed to temporary files, JSON kept raw). The handler
** fills the response in the struct req; http.c adds the security headers
** every response carries, sends it, and logs one line per request.
** No feature includes microhttpd.h.
*/
#ifndef CARTABLE_HTTP_H
#define CARTABLE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/req.h"
#include "kernel/router.h"

struct http_config {
	const char *bind_address;   /* "127.0.0.1" by default */
	int port;
	int threads;                /* size of the thread pool */
	size_t body_limit;          /* bytes, for forms and JSON */
	size_t upload_limit;        /* bytes, for ROUTE_UPLOAD routes */
	const char *tmp_dir;        /* where uploads are streamed */
	bool secure_cookies;        /* mark cookies Secure (HTTPS in front) */
	bool trust_proxy;           /* believe X-Forwarded-For/-Proto */
	const struct route *const *routes;
	/* handle() runs the application for a request whose body is read;
	** it returns the HTTP status it answered. */
	int (*handle)(struct req *r);
	/* request_end() runs after the response is queued (db cleanup). */
	void (*request_end)(void);
};

/* http_start() starts serving; returns 0, or -1 with the reason logged. */
int http_start(const struct http_config *cfg);

/*
** http_stop() stops accepting connections, lets the requests in flight
** finish (waiting at most `grace_seconds`), then stops the threads.
*/
void http_stop(int grace_seconds);

/* http_status_text() is the reason phrase of a status code. */
const char *http_status_text(int status);

#endif
