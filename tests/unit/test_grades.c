/*
** Unit tests of grades' numbers: grades and weights typed by people,
** shown in French and English, and weighted averages on /20.
*/
#include "test.h"

#include "grades/grades.h"
#include "kernel/i18n.h"

TEST(parse)
{
	int64_t v = -1;
	CHECK(grades_parse("14", &v));
	CHECK_INT(v, 1400);
	CHECK(grades_parse("14,5", &v));
	CHECK_INT(v, 1450);
	CHECK(grades_parse("14.25", &v));
	CHECK_INT(v, 1425);
	CHECK(grades_parse(" 8 ", &v));
	CHECK_INT(v, 800);
	CHECK(grades_parse("0", &v));
	CHECK_INT(v, 0);
	CHECK(grades_parse("0,05", &v));
	CHECK_INT(v, 5);
	CHECK(grades_parse("1000", &v));
	CHECK_INT(v, 100000);
	v = 77;
	CHECK(!grades_parse("", &v));
	CHECK(!grades_parse(NULL, &v));
	CHECK(!grades_parse("-1", &v));
	CHECK(!grades_parse("14,", &v));
	CHECK(!grades_parse(",5", &v));
	CHECK(!grades_parse("14,555", &v));
	CHECK(!grades_parse("14/20", &v));
	CHECK(!grades_parse("1e3", &v));
	CHECK(!grades_parse("1001", &v));
	CHECK(!grades_parse("99999999999999999999", &v));
	CHECK(!grades_parse("14 5", &v));
	CHECK_INT(v, 77); /* untouched on failure */
}

TEST(format)
{
	struct arena *a = arena_new();
	i18n_set_lang(LANG_FR);
	CHECK_STR(grades_format(a, 1450), "14,5");
	CHECK_STR(grades_format(a, 1425), "14,25");
	CHECK_STR(grades_format(a, 2000), "20");
	CHECK_STR(grades_format(a, 5), "0,05");
	CHECK_STR(grades_format(a, 0), "0");
	CHECK_STR(grades_format(a, -150), "-1,5");
	i18n_set_lang(LANG_EN);
	CHECK_STR(grades_format(a, 1450), "14.5");
	i18n_set_lang(LANG_FR);
	arena_free(a);
}

TEST(weighted_average)
{
	int64_t g[] = {1000, 1500}, m[] = {2000, 2000}, w[] = {100, 200};
	CHECK_INT(grades_average(g, m, w, 2), 1333); /* (10 + 2 × 15) / 3 */
	int64_t g2[] = {5000, 1000}, m2[] = {10000, 2000}, w2[] = {100, 100};
	CHECK_INT(grades_average(g2, m2, w2, 2), 1000); /* 50/100 is 10/20 */
	int64_t g3[] = {-1, 1200, 1800}, m3[] = {2000, 2000, 0}, w3[] = {100, 50, 100};
	CHECK_INT(grades_average(g3, m3, w3, 3), 1200); /* missing and broken ones skipped */
	int64_t g4[] = {-1}, m4[] = {2000}, w4[] = {100};
	CHECK_INT(grades_average(g4, m4, w4, 1), -1);
	CHECK_INT(grades_average(g4, m4, w4, 0), -1);
	int64_t g5[] = {1}, m5[] = {3}, w5[] = {100};
	CHECK_INT(grades_average(g5, m5, w5, 1), 667); /* 6,666... rounded */
	int64_t g6[] = {2000, 0}, m6[] = {2000, 2000}, w6[] = {100, 0};
	CHECK_INT(grades_average(g6, m6, w6, 2), 2000); /* weight 0 does not count */
}

int main(void)
{
	RUN(parse);
	RUN(format);
	RUN(weighted_average);
	TEST_END();
}
