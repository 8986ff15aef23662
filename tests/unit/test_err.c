/* Unit tests of kernel/err.c: messages people read, within bounds. */
#include "test.h"

#include "kernel/err.h"
#include "kernel/text.h"

TEST(set_returns_the_code_and_fills_the_message)
{
	struct err e = {0};
	CHECK_INT(err_set(&e, ERR_INVALID, "login", "Ligne %d : %s", 3, "nom vide"), ERR_INVALID);
	CHECK_STR(e.msg, "Ligne 3 : nom vide");
	CHECK_STR(e.field, "login");
	CHECK_INT(err_set(NULL, ERR_CONFLICT, NULL, "x"), ERR_CONFLICT);
	CHECK_STR(err_code_name(ERR_NOT_FOUND), "not_found");
	CHECK_STR(err_code_name(12345), "internal");
}

TEST(long_messages_are_cut_between_characters)
{
	struct err e = {0};
	char big[1000];
	size_t n = 0;
	while (n + 2 < sizeof big) { /* "é" is two bytes: an odd cut would split one */
		big[n++] = '\xC3';
		big[n++] = '\xA9';
	}
	big[n] = 0;
	for (int shift = 0; shift < 3; shift++) {
		err_set(&e, ERR_INVALID, NULL, "%.*s%s", shift, "xx", big);
		CHECK(strlen(e.msg) < sizeof e.msg);
		CHECK(utf8_valid(e.msg, strlen(e.msg)));
	}
}

int main(void)
{
	RUN(set_returns_the_code_and_fills_the_message);
	RUN(long_messages_are_cut_between_characters);
	TEST_END();
}
