/*
** This file serves the OpenAPI document of the JSON API, kept beside the
** static files (static/openapi.json) and compiled into the program.
*/
#include "app/app.h"
#include "kernel/embedded.h"
#include "kernel/i18n.h"

/* GET /api/v1/openapi.json */
static int api_openapi(struct req *r)
{
	const struct embedded_file *f = embedded_find("static/openapi.json");
	if (!f)
		return app_refuse(r, 404, "not_found", _("Ressource introuvable."));
	r->out.buf = (char *)f->data;
	r->out.len = f->size;
	r->out.cap = f->size + 1;
	r->content_type = "application/json";
	req_add_header(r, "Cache-Control", "public, max-age=300");
	return 200;
}

const struct route openapi_routes[] = {
	{"GET", "/api/v1/openapi.json", api_openapi, PERM_PUBLIC, ROUTE_API | ROUTE_STATIC},
	{NULL, NULL, NULL, 0, 0},
};
