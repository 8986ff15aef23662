/*
** app.h - the application: settings, the request pipeline and the route
** list gathered from every feature.
**
** app_handle() is what the HTTP layer calls for each request: it chooses
** the language, refuses what cannot be served (unknown route, oversized or
** malformed body), finds out who is asking (session cookie for pages,
** bearer token for the API) and which tenant the request acts for, checks
** the route's permission and CSRF flag, then runs the handler. Refusals are
** a French page, or a JSON error with a stable code under /api/.
*/
#ifndef CARTABLE_APP_H
#define CARTABLE_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "kernel/req.h"
#include "kernel/router.h"

struct app_settings {
	const char *base_url;      /* the site's address, for links in mail */
	const char *data_dir;
	bool demo;
	size_t upload_limit;
};

extern struct app_settings app;

/* The route tables of every feature, ending with NULL. */
extern const struct route *const app_routes[];

int app_handle(struct req *r);

/* app_static_version() is a hash of the static files, used in their URLs so
** browsers may cache them for a year. */
const char *app_static_version(void);

/* app_openapi_document() is the OpenAPI document of the API, merged from
** the features' fragments (src/<feature>/openapi.json); NULL if broken. */
const char *app_openapi_document(size_t *len);

/* app_is_api() is true for requests under /api/. */
bool app_is_api(const struct req *r);

/* app_refuse() answers status as a page or as a JSON error under /api/. */
int app_refuse(struct req *r, int status, const char *code, const char *message);

#endif
