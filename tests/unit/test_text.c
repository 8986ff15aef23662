/* Unit tests of kernel/text.c: UTF-8, folding for search, Windows-1252. */
#include "test.h"

#include "kernel/text.h"

TEST(utf8_validation)
{
	CHECK(utf8_valid("Lycée", strlen("Lycée")));
	CHECK(utf8_valid("", 0));
	CHECK(!utf8_valid("\xC3", 1));              /* truncated */
	CHECK(!utf8_valid("\xC0\xAF", 2));          /* overlong '/' */
	CHECK(!utf8_valid("\xE0\x80\xAF", 3));      /* overlong */
	CHECK(!utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
	CHECK(!utf8_valid("\xF4\x90\x80\x80", 4));  /* above U+10FFFF */
	CHECK(!utf8_valid("\xFF", 1));
	CHECK(utf8_valid("\xF0\x9F\x98\x80", 4));   /* emoji */
	CHECK_INT(utf8_length("élève"), 5);
}

TEST(clean_text_refuses_controls)
{
	CHECK(text_is_clean("Jean-Édouard", false));
	CHECK(!text_is_clean("a\nb", false));
	CHECK(text_is_clean("a\r\nb\tc", true));
	CHECK(!text_is_clean("a\x01", true));
	CHECK(!text_is_clean("a\x7f", true));
	CHECK(!text_is_clean("\xC2\x85", true)); /* C1 control */
	CHECK(!text_is_clean("\xC3", true));
}

TEST(fold_ignores_case_and_accents)
{
	struct arena *a = arena_new();
	CHECK_STR(text_fold(a, "Lycée"), "lycee");
	CHECK_STR(text_fold(a, "BTS Diététique"), "bts dietetique");
	CHECK_STR(text_fold(a, "Assistant(e) en cybersécurité"), "assistant e en cybersecurite");
	CHECK_STR(text_fold(a, "  ŒUVRE  d'Ærø, Straße "), "oeuvre d aero strasse");
	CHECK_STR(text_fold(a, "l’école – CAP"), "l ecole cap");
	CHECK_STR(text_fold(a, "Ça\xC3"), "ca");                 /* invalid byte dropped */
	CHECK_STR(text_fold(a, "e\xCC\x81t\xC3\xA9"), "ete");    /* decomposed accent */
	CHECK_STR(text_fold(a, "中文 Chinois"), "中文 chinois");  /* other scripts kept */
	CHECK_STR(text_fold(a, ""), "");
	arena_free(a);
}

TEST(windows_1252)
{
	struct arena *a = arena_new();
	size_t n;
	char *s = cp1252_to_utf8(a, "\xE9l\xE8ve \x80 \x9C \x81", 11, &n);
	CHECK_STR(s, "élève € œ \xEF\xBF\xBD");
	CHECK_INT(n, strlen(s));
	arena_free(a);
}

int main(void)
{
	RUN(utf8_validation);
	RUN(clean_text_refuses_controls);
	RUN(fold_ignores_case_and_accents);
	RUN(windows_1252);
	TEST_END();
}
