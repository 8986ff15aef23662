/* Unit tests of kernel/fmt.c: dates and money, read and shown. */
#include "test.h"

#include <stdlib.h>
#include <time.h>

#include "kernel/fmt.h"
#include "kernel/i18n.h"

TEST(dates_are_checked)
{
	char d[11];
	CHECK(date_parse("14/03/2012", d) && strcmp(d, "2012-03-14") == 0);
	CHECK(date_parse("4/3/2012", d) && strcmp(d, "2012-03-04") == 0);
	CHECK(date_parse("29.02.2024", d) && strcmp(d, "2024-02-29") == 0);
	CHECK(date_parse("2012-03-14", d) && strcmp(d, "2012-03-14") == 0);
	CHECK(date_parse(" 01-12-2010", d) && strcmp(d, "2010-12-01") == 0);
	CHECK(!date_parse("29/02/2023", d));
	CHECK(!date_parse("31/04/2012", d));
	CHECK(!date_parse("14/13/2012", d));
	CHECK(!date_parse("14/03/12", d));
	CHECK(!date_parse("14/03-2012", d));
	CHECK(!date_parse("hier", d));
	CHECK(!date_parse("", d));
	CHECK(!date_parse(NULL, d));
}

TEST(money_is_read_in_cents)
{
	int64_t c = -1;
	CHECK(money_parse("12", &c) && c == 1200);
	CHECK(money_parse("12,5", &c) && c == 1250);
	CHECK(money_parse("1 234.56 €", &c) && c == 123456);
	CHECK(money_parse("0", &c) && c == 0);
	c = -1;
	CHECK(!money_parse("-3", &c));
	CHECK(!money_parse("1,234", &c));
	CHECK(!money_parse("abc", &c));
	CHECK(!money_parse("", &c));
	CHECK(!money_parse("12,", &c) || c == 1200);
	CHECK(!money_parse("9999999999", &c));
}

TEST(money_and_dates_are_shown_in_the_language)
{
	struct arena *a = arena_new();
	i18n_set_lang(LANG_FR);
	CHECK_STR(fmt_money(a, 123456), "1\u202f234,56\u00a0€");
	CHECK_STR(fmt_money(a, 0), "Gratuit");
	CHECK_STR(fmt_iso(a, 0), "1970-01-01T00:00:00Z");
	CHECK_STR(fmt_date(a, 1700000000), "14/11/2023"); /* Europe/Paris */
	CHECK_STR(fmt_datetime(a, 1700000000), "14/11/2023 23h13");
	i18n_set_lang(LANG_EN);
	CHECK_STR(fmt_money(a, 123456), "€1,234.56");
	CHECK_STR(fmt_date(a, 1700000000), "2023-11-14");
	i18n_set_lang(LANG_FR);
	arena_free(a);
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	RUN(dates_are_checked);
	RUN(money_is_read_in_cents);
	RUN(money_and_dates_are_shown_in_the_language);
	TEST_END();
}
