/*
** router.h - routes are data: method, path pattern, handler, who may call it.
**
** Each feature lists its routes in its routes.c as an array ending with a
** zeroed entry; src/app/routes.c gathers the arrays. A pattern is a path
** whose segments are literals or {name} captures ("/formations/{id}"); a
** final "{rest*}" captures the rest of the path. When several patterns
** match, the one with the most literal segments wins, so "/admin/new" beats
** "/admin/{id}" whatever the order.
*/
#ifndef CARTABLE_ROUTER_H
#define CARTABLE_ROUTER_H

#include "kernel/req.h"

/* Who may call a route: PERM_PUBLIC, PERM_USER, or a set of enum role bits. */
#define PERM_PUBLIC 0u
#define PERM_USER (1u << 20) /* anybody signed in */

enum route_flags {
	ROUTE_CSRF = 1 << 0,     /* form must carry the visitor's CSRF token */
	ROUTE_API = 1 << 1,      /* JSON API: bearer token, JSON errors */
	ROUTE_UPLOAD = 1 << 2,   /* multipart with files up to the upload limit */
	ROUTE_OPERATOR = 1 << 3, /* only people of the operator tenant */
	ROUTE_STATIC = 1 << 4,   /* no session lookup, cacheable */
};

typedef int route_handler(struct req *r);

struct route {
	const char *method;
	const char *pattern;
	route_handler *handler;
	unsigned perm;
	unsigned flags;
};

enum route_match { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/*
** router_match() finds the route for method and path among the NULL-ended
** list of route tables, filling r->params. HEAD matches GET routes. Returns
** ROUTE_FOUND with *out set, ROUTE_BAD_METHOD when the path exists for
** another method, or ROUTE_NOT_FOUND.
*/
enum route_match router_match(const struct route *const *tables, const char *method,
                              const char *path, struct req *r, const struct route **out);

#endif
