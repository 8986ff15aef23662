/*
** This file serves the OpenAPI document of the JSON API. Each feature
** documents its own operations in src/<feature>/openapi.json, beside the
** code that serves them; src/app/openapi.json holds what they share. The
** fragments are compiled into the program and merged once, on first use.
*/
#include "app/app.h"

#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/embedded.h"
#include "kernel/i18n.h"
#include "kernel/log.h"

#define BASE "src/app/openapi.json"

static char *merged;
static size_t merged_len;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static json_t *load(const struct embedded_file *f)
{
	json_error_t e;
	json_t *v = json_loadb((const char *)f->data, f->size, 0, &e);
	if (!v)
		log_error("openapi: %s:%d: %s", f->path, e.line, e.text);
	return v;
}

/* Copies every member of src[key] into dst[key] (creating it). */
static void merge_member(json_t *dst, json_t *src, const char *key)
{
	json_t *from = json_object_get(src, key);
	if (!json_is_object(from))
		return;
	json_t *to = json_object_get(dst, key);
	if (!json_is_object(to)) {
		to = json_object();
		json_object_set_new(dst, key, to);
	}
	json_object_update(to, from);
}

static void build(void)
{
	const struct embedded_file *base = embedded_find(BASE);
	json_t *doc = base ? load(base) : NULL;
	if (!doc)
		return;
	for (const struct embedded_file *f = embedded_files; f->path; f++) {
		if (strncmp(f->path, "src/", 4) != 0 || !str_ends(f->path, "/openapi.json") ||
		    strcmp(f->path, BASE) == 0)
			continue;
		json_t *part = load(f);
		if (!part)
			continue;
		merge_member(doc, part, "paths");
		json_t *comp = json_object_get(doc, "components");
		merge_member(comp, json_object_get(part, "components"), "schemas");
		json_decref(part);
	}
	merged = json_dumps(doc, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	merged_len = merged ? strlen(merged) : 0;
	json_decref(doc);
}

const char *app_openapi_document(size_t *len)
{
	pthread_once(&once, build);
	*len = merged_len;
	return merged;
}

/* GET /api/v1/openapi.json */
static int api_openapi(struct req *r)
{
	size_t len;
	const char *doc = app_openapi_document(&len);
	if (!doc)
		return app_refuse(r, 500, "internal", _("Erreur interne."));
	r->out.buf = (char *)doc; /* built once, lives as long as the program */
	r->out.len = len;
	r->out.cap = len + 1;
	r->content_type = "application/json";
	req_add_header(r, "Cache-Control", "public, max-age=300");
	return 200;
}

const struct route openapi_routes[] = {
	{"GET", "/api/v1/openapi.json", api_openapi, PERM_PUBLIC, ROUTE_API | ROUTE_STATIC},
	{NULL, NULL, NULL, 0, 0},
};
