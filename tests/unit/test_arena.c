/* Unit tests of kernel/arena.c and kernel/str.c. */
#include "test.h"

#include <stdint.h>

#include "kernel/arena.h"
#include "kernel/str.h"

static int cleanups[4], ncleanups;
static void record(void *p) { cleanups[ncleanups++] = (int)(intptr_t)p; }

TEST(alloc_is_zeroed_and_aligned)
{
	struct arena *a = arena_new();
	for (int i = 1; i < 200; i++) {
		unsigned char *p = arena_alloc(a, (size_t)i * 7);
		CHECK(((uintptr_t)p % 16) == 0);
		int zero = 1;
		for (int k = 0; k < i * 7; k++)
			zero &= p[k] == 0;
		CHECK(zero);
		for (int k = 0; k < i * 7; k++)
			p[k] = 0xAB; /* ASan catches writes past what was handed out */
	}
	CHECK(arena_used(a) >= 200 * 7);
	arena_free(a);
}

TEST(big_allocations_get_their_own_block)
{
	struct arena *a = arena_new();
	char *p = arena_alloc(a, 5u << 20);
	p[(5u << 20) - 1] = 1;
	char *q = arena_alloc(a, 10);
	CHECK(q != NULL);
	arena_free(a);
}

TEST(arrays_grow_keeping_their_elements)
{
	struct arena *a = arena_new();
	size_t cap = 0;
	int64_t *v = NULL;
	for (size_t n = 0; n < 1000; n++) {
		int64_t *before = v;
		size_t cap_before = cap;
		v = arena_grow(a, v, n, &cap, sizeof *v);
		CHECK(cap > n);
		CHECK(n < cap_before ? v == before && cap == cap_before : cap == (cap_before ? cap_before * 2 : 8));
		v[n] = (int64_t)n * 3; /* ASan catches a write past the room given */
	}
	int same = 1;
	for (size_t n = 0; n < 1000; n++)
		same &= v[n] == (int64_t)n * 3;
	CHECK(same);
	CHECK(cap == 1024);
	arena_free(a);
}

TEST(strings_and_printf)
{
	struct arena *a = arena_new();
	CHECK_STR(arena_strdup(a, "héllo"), "héllo");
	CHECK(arena_strdup(a, NULL) == NULL);
	CHECK_STR(arena_strndup(a, "abcdef", 3), "abc");
	CHECK_STR(arena_strndup(a, "ab", 10), "ab");
	CHECK_STR(arena_printf(a, "%d-%s", 42, "x"), "42-x");
	arena_free(a);
}

TEST(defers_run_in_reverse_order)
{
	ncleanups = 0;
	struct arena *a = arena_new();
	arena_defer(a, record, (void *)1);
	arena_defer(a, record, (void *)2);
	arena_defer(a, record, (void *)3);
	arena_free(a);
	CHECK_INT(ncleanups, 3);
	CHECK_INT(cleanups[0], 3);
	CHECK_INT(cleanups[2], 1);
	arena_free(NULL); /* harmless */
}

TEST(string_builder_grows)
{
	struct arena *a = arena_new();
	struct sb sb;
	sb_init(&sb, a, 1);
	for (int i = 0; i < 1000; i++)
		sb_printf(&sb, "%d,", i % 10);
	CHECK_INT(sb.len, 2000);
	CHECK(sb.buf[sb.len] == 0);
	sb_truncate(&sb, 4);
	CHECK_STR(sb.buf, "0,1,");
	sb_addc(&sb, 'x');
	sb_adds(&sb, NULL);
	CHECK_STR(sb.buf, "0,1,x");
	arena_free(a);
}

TEST(int_parsing_is_strict)
{
	int64_t v = 7;
	CHECK(str_to_int64("42", &v) && v == 42);
	CHECK(str_to_int64("-5", &v) && v == -5);
	v = 7;
	CHECK(!str_to_int64("", &v));
	CHECK(!str_to_int64(" 4", &v));
	CHECK(!str_to_int64("4 ", &v));
	CHECK(!str_to_int64("4x", &v));
	CHECK(!str_to_int64("99999999999999999999", &v));
	CHECK(!str_to_int64(NULL, &v));
	CHECK_INT(v, 7);
}

TEST(small_helpers)
{
	struct arena *a = arena_new();
	CHECK(str_starts("/admin/x", "/admin"));
	CHECK(!str_starts(NULL, "x"));
	CHECK(str_ends("file.csv", ".csv"));
	CHECK(!str_ends("csv", ".csv"));
	CHECK(str_empty(NULL) && str_empty("  \t") && !str_empty(" a "));
	CHECK_STR(str_trim(a, "  a b \r\n"), "a b");
	char hex[7];
	str_hex((const unsigned char *)"\x01\xab\xff", 3, hex);
	CHECK_STR(hex, "01abff");
	arena_free(a);
}

int main(void)
{
	RUN(alloc_is_zeroed_and_aligned);
	RUN(big_allocations_get_their_own_block);
	RUN(arrays_grow_keeping_their_elements);
	RUN(strings_and_printf);
	RUN(defers_run_in_reverse_order);
	RUN(string_builder_grows);
	RUN(int_parsing_is_strict);
	RUN(small_helpers);
	TEST_END();
}
