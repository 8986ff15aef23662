/* Unit tests of kernel/form.c: query strings, forms, paths, cookies. */
#include "test.h"

#include "kernel/form.h"

TEST(percent_decoding)
{
	struct arena *a = arena_new();
	size_t n;
	CHECK_STR(percent_decode(a, "lyc%C3%A9e+x", 12, 1, &n), "lycée x");
	CHECK_INT(n, 8);
	CHECK_STR(percent_decode(a, "a+b", 3, 0, NULL), "a+b");
	CHECK_STR(percent_decode(a, "100%", 4, 0, NULL), "100%");   /* kept literally */
	CHECK_STR(percent_decode(a, "%zz%4", 5, 0, NULL), "%zz%4");
	CHECK(percent_decode(a, "a%00b", 5, 0, NULL) == NULL);      /* NUL refused */
	CHECK(percent_decode(a, "%C3", 3, 0, NULL) == NULL);        /* invalid UTF-8 */
	arena_free(a);
}

TEST(urlencoded_pairs)
{
	struct arena *a = arena_new();
	struct kv *kv;
	const char *s = "q=lyc%C3%A9e&role=learner&role=guardian&empty=&flag&=nokey&bad=%FF";
	int n = urlencoded_parse(a, s, strlen(s), &kv);
	CHECK_INT(n, 5);
	CHECK_STR(kv_get(kv, n, "q"), "lycée");
	CHECK_STR(kv_get(kv, n, "role"), "learner");
	CHECK_STR(kv_get(kv, n, "empty"), "");
	CHECK_STR(kv_get(kv, n, "flag"), "");
	CHECK(kv_get(kv, n, "bad") == NULL);
	CHECK(kv_get(kv, n, "") == NULL);
	CHECK_INT(urlencoded_parse(a, "", 0, &kv), 0);
	CHECK_INT(urlencoded_parse(a, "&&&", 3, &kv), 0);
	arena_free(a);
}

TEST(too_many_fields)
{
	struct arena *a = arena_new();
	struct sb sb;
	sb_init(&sb, a, 8192);
	for (int i = 0; i <= FORM_MAX_FIELDS; i++)
		sb_printf(&sb, "a%d=1&", i);
	struct kv *kv;
	CHECK_INT(urlencoded_parse(a, sb.buf, sb.len, &kv), -1);
	arena_free(a);
}

TEST(cookies)
{
	struct arena *a = arena_new();
	struct kv *kv;
	int n = cookie_parse(a, "cartable_session=abc; lang=en;visit=\"q\" ; junk; =x; a = b ", &kv);
	CHECK_STR(kv_get(kv, n, "cartable_session"), "abc");
	CHECK_STR(kv_get(kv, n, "lang"), "en");
	CHECK_STR(kv_get(kv, n, "visit"), "q");
	CHECK_STR(kv_get(kv, n, "a"), "b");
	CHECK(kv_get(kv, n, "junk") == NULL);
	CHECK_INT(cookie_parse(a, NULL, &kv), 0);
	CHECK_INT(cookie_parse(a, ";;;", &kv), 0);
	arena_free(a);
}

int main(void)
{
	RUN(percent_decoding);
	RUN(urlencoded_pairs);
	RUN(too_many_fields);
	RUN(cookies);
	TEST_END();
}
