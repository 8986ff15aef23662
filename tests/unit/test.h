/*
** test.h - the tiny harness every tests/unit/test_*.c uses.
**
** Each test file is its own program: it defines TEST(name) functions and a
** main() made of RUN(name) lines ending in TEST_END(). A failed CHECK prints
** file, line and the expression, and the test goes on; the program prints
** "N passed, N failed" (counting tests, not checks) and exits non-zero when
** any test failed. Nothing here allocates.
*/
#ifndef CARTABLE_TEST_H
#define CARTABLE_TEST_H

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_passed, test_failed, test_cur_failed;
static const char *test_cur_name;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                          \
	do {                                                                 \
		if (!(cond)) {                                               \
			test_cur_failed = 1;                                 \
			fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n",     \
			        __FILE__, __LINE__, test_cur_name, #cond);   \
		}                                                            \
	} while (0)

#define CHECK_INT(a, b)                                                      \
	do {                                                                 \
		long long a_ = (long long)(a), b_ = (long long)(b);          \
		if (a_ != b_) {                                              \
			test_cur_failed = 1;                                 \
			fprintf(stderr, "%s:%d: %s: %s == %lld, expected %lld\n", \
			        __FILE__, __LINE__, test_cur_name, #a, a_, b_); \
		}                                                            \
	} while (0)

#define CHECK_STR(a, b)                                                      \
	do {                                                                 \
		const char *a_ = (a), *b_ = (b);                             \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                     \
			test_cur_failed = 1;                                 \
			fprintf(stderr, "%s:%d: %s: %s == \"%s\", expected \"%s\"\n", \
			        __FILE__, __LINE__, test_cur_name, #a,       \
			        a_ ? a_ : "(null)", b_ ? b_ : "(null)");     \
		}                                                            \
	} while (0)

#define CHECK_NEAR(a, b, eps)                                                \
	do {                                                                 \
		double a_ = (a), b_ = (b);                                   \
		if (!(fabs(a_ - b_) <= (eps))) {                             \
			test_cur_failed = 1;                                 \
			fprintf(stderr, "%s:%d: %s: %s == %.10g, expected %.10g\n", \
			        __FILE__, __LINE__, test_cur_name, #a, a_, b_); \
		}                                                            \
	} while (0)

#define RUN(name)                                                            \
	do {                                                                 \
		test_cur_name = #name;                                       \
		test_cur_failed = 0;                                         \
		name();                                                      \
		if (test_cur_failed)                                         \
			test_failed++;                                       \
		else                                                         \
			test_passed++;                                       \
	} while (0)

#define TEST_END()                                                           \
	do {                                                                 \
		printf("%s: %d passed, %d failed\n", __FILE__, test_passed,  \
		       test_failed);                                         \
		return test_failed ? 1 : 0;                                  \
	} while (0)

#endif
