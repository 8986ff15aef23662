/*
** Unit tests of cloze deletions (src/srs/cloze.h): finding "{{cN::...}}"
** with hints, what is not a cloze, the card numbers a text makes, and the
** two sides rendered as HTML (hidden part, marked answer, Markdown, no
** markup from the author, tokens never replaced inside tags).
*/
#include "test.h"

#include "kernel/arena.h"
#include "srs/cloze.h"

static struct arena *a;

TEST(parse_finds_clozes_and_hints)
{
	struct cloze_span *sp;
	const char *src = "La dérivée de {{c1::exp}} est {{c1::exp}} ; {{c2::ln::une fonction}} aussi.";
	int n = cloze_parse(a, src, &sp);
	CHECK_INT(n, 3);
	CHECK_INT(sp[0].number, 1);
	CHECK_INT((int)sp[0].answer_len, 3);
	CHECK(strncmp(sp[0].answer, "exp", 3) == 0);
	CHECK(sp[0].hint == NULL);
	CHECK_INT((int)sp[0].start, (int)strlen("La dérivée de "));
	CHECK_INT(sp[2].number, 2);
	CHECK(strncmp(sp[2].answer, "ln", sp[2].answer_len) == 0 && sp[2].answer_len == 2);
	CHECK(sp[2].hint && strncmp(sp[2].hint, "une fonction", sp[2].hint_len) == 0);
	CHECK_INT((int)sp[2].end, (int)(strstr(src, " aussi") - src));
	/* a single colon belongs to the answer; "}" alone too */
	n = cloze_parse(a, "{{c3::12:30}} et {{c4::$\\frac{1}{2}$}}", &sp);
	CHECK_INT(n, 2);
	CHECK(strncmp(sp[0].answer, "12:30", sp[0].answer_len) == 0 && sp[0].answer_len == 5);
	CHECK(strncmp(sp[1].answer, "$\\frac{1}{2}$", sp[1].answer_len) == 0);
}

TEST(what_is_not_a_cloze)
{
	static const char *const not_clozes[] = {
		"{{c0::zéro}}", "{{c01::zéro devant}}", "{{c100::trop grand}}", "{{c::sans numéro}}",
		"{{c1:un seul deux-points}}", "{{c1::}}", "{{c1::pas de fin", "{{c1::indice sans fin::x",
		"{c1::une accolade}", "{{C1::majuscule}}", "{{c-1::négatif}}", "{{c 1::espace}}", "",
	};
	for (size_t i = 0; i < sizeof not_clozes / sizeof not_clozes[0]; i++) {
		struct cloze_span *sp;
		CHECK_INT(cloze_parse(a, not_clozes[i], &sp), 0);
		int numbers[4];
		CHECK_INT(cloze_numbers(not_clozes[i], numbers, 4), 0);
	}
	struct cloze_span *sp;
	CHECK_INT(cloze_parse(a, NULL, &sp), 0);
	/* a broken one does not hide the next */
	CHECK_INT(cloze_parse(a, "{{c1::a {{c2::b}}", &sp), 1);
	CHECK_INT(sp[0].number, 1);
	CHECK(strncmp(sp[0].answer, "a {{c2", sp[0].answer_len) == 0);
	CHECK_INT(cloze_parse(a, "{{c99::ok}}", &sp), 1);
}

TEST(numbers_make_one_card_each)
{
	int numbers[8];
	CHECK_INT(cloze_numbers("{{c2::b}} {{c1::a}} {{c2::b bis}} {{c7::g}}", numbers, 8), 3);
	CHECK_INT(numbers[0], 1);
	CHECK_INT(numbers[1], 2);
	CHECK_INT(numbers[2], 7);
	/* more than max: counted, only max written */
	CHECK_INT(cloze_numbers("{{c1::a}}{{c2::b}}{{c3::c}}", numbers, 2), 3);
	CHECK_INT(numbers[1], 2);
	CHECK_INT(cloze_numbers("pas de trou", numbers, 8), 0);
}

TEST(render_hides_one_number_and_marks_its_answer)
{
	char *front, *back;
	const char *src = "**Paris** est la capitale de la {{c1::France}} et {{c2::Rome::ville}} celle de l'{{c3::Italie}}.";
	cloze_render(a, "cloze", src, "Deux capitales.", 2, &front, &back);
	CHECK(strstr(front, "<strong>Paris</strong>") != NULL);
	CHECK(strstr(front, "la France et") != NULL);
	CHECK(strstr(front, "<span class=\"cloze\">[ville]</span>") != NULL);
	CHECK(strstr(front, "Rome") == NULL);
	CHECK(strstr(front, "l&#39;Italie") != NULL || strstr(front, "l'Italie") != NULL);
	CHECK(strstr(back, "<mark class=\"cloze\">Rome</mark>") != NULL);
	CHECK(strstr(back, "Deux capitales.") != NULL);
	CHECK(strstr(back, "QZCLOZE") == NULL && strstr(front, "QZCLOZE") == NULL);
	cloze_render(a, "cloze", src, "", 1, &front, &back);
	CHECK(strstr(front, "<span class=\"cloze\">[…]</span>") != NULL);
	CHECK(strstr(front, "France") == NULL);
	CHECK(strstr(front, "Rome") != NULL);
	/* an answer's Markdown is rendered inside the mark */
	cloze_render(a, "cloze", "Le {{c1::**gras**}} ici", NULL, 1, &front, &back);
	CHECK(strstr(back, "<mark class=\"cloze\"><strong>gras</strong></mark>") != NULL);
	/* a basic card: front is the front, back is the back */
	cloze_render(a, "basic", "Question {{c1::pas un trou ici}}", "*Réponse*", 0, &front, &back);
	CHECK(strstr(front, "{{c1::pas un trou ici}}") != NULL);
	CHECK_STR(back, "<p><em>Réponse</em></p>\n");
}

TEST(render_never_lets_markup_through)
{
	char *front, *back;
	cloze_render(a, "cloze", "<script>alert(1)</script>\n\nTexte {{c1::<img src=x onerror=alert(1)>::\"><b>}}", 
	             "<iframe src=x></iframe>", 1, &front, &back);
	CHECK(strstr(front, "<script>") == NULL);
	CHECK(strstr(front, "<b>") == NULL);
	CHECK(strstr(front, "[&quot;&gt;&lt;b&gt;]") != NULL);
	CHECK(strstr(back, "<img") == NULL);
	CHECK(strstr(back, "<iframe") == NULL);
	/* a cloze in a link's address stays text there, never markup inside the attribute */
	cloze_render(a, "cloze", "[lien](https://exemple.org/{{c1::x}}) et {{c1::y}}", NULL, 1, &front, &back);
	CHECK(strstr(front, "href=\"https://exemple.org/QZCLOZE0QZ\"") != NULL);
	CHECK(strstr(front, "<span class=\"cloze\">[…]</span>") != NULL);
	CHECK(strstr(back, "href=\"https://exemple.org/QZCLOZE0QZ\"") != NULL);
	CHECK(strstr(back, "<mark class=\"cloze\">y</mark>") != NULL);
}

TEST(plain_excerpt)
{
	CHECK_STR(cloze_plain(a, "cloze", "Un {{c1::trou}}\net  {{c2::deux}}", 1, 100), "Un […] et deux");
	CHECK_STR(cloze_plain(a, "basic", "  Question\n\nlongue  ", 0, 100), "Question longue");
	/* cut at a character boundary */
	char *s = cloze_plain(a, "basic", "ééééé", 0, 5);
	CHECK_STR(s, "éé…");
}

int main(void)
{
	a = arena_new();
	RUN(parse_finds_clozes_and_hints);
	RUN(what_is_not_a_cloze);
	RUN(numbers_make_one_card_each);
	RUN(render_hides_one_number_and_marks_its_answer);
	RUN(render_never_lets_markup_through);
	RUN(plain_excerpt);
	arena_free(a);
	TEST_END();
}
