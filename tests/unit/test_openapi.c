/*
** The OpenAPI document says what the server does: every API route of the
** router table is in static/openapi.json with its method, and every
** operation of the document is a route. Public routes are the operations
** whose "security" allows no token.
*/
#include "test.h"

#include <jansson.h>

#include "app/app.h"

static json_t *doc;

static json_t *operation(const char *pattern, const char *method)
{
	char m[8];
	size_t i = 0;
	for (; method[i] && i < sizeof m - 1; i++)
		m[i] = (char)(method[i] - 'A' + 'a');
	m[i] = 0;
	return json_object_get(json_object_get(json_object_get(doc, "paths"), pattern), m);
}

static bool allows_anonymous(json_t *op)
{
	json_t *sec = json_object_get(op, "security");
	if (json_is_array(sec) && json_array_size(sec) == 0)
		return true; /* "security": [] overrides the global bearer */
	size_t i;
	json_t *v;
	json_array_foreach(sec, i, v)
		if (json_object_size(v) == 0)
			return true;
	return false;
}

TEST(every_api_route_is_documented)
{
	for (const struct route *const *t = app_routes; *t; t++)
		for (const struct route *rt = *t; rt->method; rt++) {
			if (!(rt->flags & ROUTE_API))
				continue;
			json_t *op = operation(rt->pattern, rt->method);
			if (!op)
				fprintf(stderr, "  undocumented: %s %s\n", rt->method, rt->pattern);
			CHECK(op != NULL);
			if (op && allows_anonymous(op) != (rt->perm == PERM_PUBLIC))
				fprintf(stderr, "  security differs: %s %s\n", rt->method, rt->pattern);
			CHECK(!op || allows_anonymous(op) == (rt->perm == PERM_PUBLIC));
		}
}

TEST(every_documented_operation_is_a_route)
{
	const char *path;
	json_t *item;
	json_object_foreach(json_object_get(doc, "paths"), path, item) {
		const char *method;
		json_t *op;
		json_object_foreach(item, method, op) {
			bool found = false;
			for (const struct route *const *t = app_routes; *t; t++)
				for (const struct route *rt = *t; rt->method; rt++)
					if ((rt->flags & ROUTE_API) && strcmp(rt->pattern, path) == 0 &&
					    strcasecmp(rt->method, method) == 0)
						found = true;
			if (!found)
				fprintf(stderr, "  documented but not served: %s %s\n", method, path);
			CHECK(found);
			CHECK(json_object_get(op, "responses") != NULL);
		}
	}
}

int main(void)
{
	size_t len;
	const char *text = app_openapi_document(&len);
	json_error_t e;
	doc = text ? json_loadb(text, len, 0, &e) : NULL;
	CHECK(doc != NULL);
	if (!doc)
		TEST_END();
	CHECK_STR(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
	RUN(every_api_route_is_documented);
	RUN(every_documented_operation_is_a_route);
	json_decref(doc);
	TEST_END();
}
