/* Unit tests of kernel/router.c. */
#include "test.h"

#include "kernel/router.h"

static int h1(struct req *r) { (void)r; return 1; }
static int h2(struct req *r) { (void)r; return 2; }
static int h3(struct req *r) { (void)r; return 3; }
static int h4(struct req *r) { (void)r; return 4; }
static int h5(struct req *r) { (void)r; return 5; }

static const struct route table_a[] = {
	{"GET", "/admin/{id}", h1, 0, 0},
	{"GET", "/admin/new", h2, 0, 0},
	{"POST", "/admin/{id}/roles", h3, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};
static const struct route table_b[] = {
	{"GET", "/", h4, 0, 0},
	{"GET", "/static/{path*}", h5, 0, 0},
	{NULL, NULL, NULL, 0, 0},
};
static const struct route *const tables[] = {table_a, table_b, NULL};

static int match(struct req *r, const char *method, const char *path)
{
	const struct route *rt = NULL;
	enum route_match m = router_match(tables, method, path, r, &rt);
	if (m == ROUTE_NOT_FOUND)
		return -404;
	if (m == ROUTE_BAD_METHOD)
		return -405;
	return rt->handler(r);
}

TEST(literal_beats_parameter)
{
	struct req r = {.arena = arena_new()};
	CHECK_INT(match(&r, "GET", "/admin/new"), 2);
	CHECK_INT(match(&r, "GET", "/admin/42"), 1);
	CHECK_STR(req_param(&r, "id"), "42");
	CHECK_INT(match(&r, "POST", "/admin/7/roles"), 3);
	CHECK_STR(req_param(&r, "id"), "7");
	arena_free(r.arena);
}

TEST(methods_and_misses)
{
	struct req r = {.arena = arena_new()};
	CHECK_INT(match(&r, "HEAD", "/"), 4);
	CHECK_INT(match(&r, "DELETE", "/admin/7"), -405);
	CHECK_INT(match(&r, "GET", "/admin"), -404);
	CHECK_INT(match(&r, "GET", "/admin/"), -404);
	CHECK_INT(match(&r, "GET", "/admin/7/"), -404);
	CHECK_INT(match(&r, "GET", "//"), -404);
	CHECK_INT(match(&r, "GET", ""), -404);
	CHECK_INT(match(&r, "GET", "nope"), -404);
	arena_free(r.arena);
}

TEST(rest_parameter)
{
	struct req r = {.arena = arena_new()};
	CHECK_INT(match(&r, "GET", "/static/css/app.css"), 5);
	CHECK_STR(req_param(&r, "path"), "css/app.css");
	CHECK_INT(match(&r, "GET", "/static/"), -404);
	CHECK(req_param(&r, "nope") == NULL);
	arena_free(r.arena);
}

int main(void)
{
	RUN(literal_beats_parameter);
	RUN(methods_and_misses);
	RUN(rest_parameter);
	TEST_END();
}
