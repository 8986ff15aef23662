/*
** Grading rules of every question type (src/questions/grading.c), partial
** credit and penalties included: each question is written in GIFT, parsed,
** then graded against responses in the encoding questions.h describes.
*/
#include "test.h"

#include <stdlib.h>

#include "kernel/arena.h"
#include "questions/questions.h"

static struct gift_doc *doc;

/* Parses one question; the document lives until the next call. */
static const struct gift_question *q(const char *gift)
{
	gift_doc_free(doc);
	doc = NULL;
	if (gift_parse(gift, strlen(gift), &doc) != 0 || doc->nquestions != 1) {
		fprintf(stderr, "cannot parse: %s\n", gift);
		return NULL;
	}
	return &doc->questions[0];
}

#define GRADE(qq, resp, expected) CHECK_NEAR(question_grade((qq), (resp)), (expected), 1e-9)

TEST(multichoice_single_right_wrong_and_none)
{
	const struct gift_question *m = q("Capitale ? {=Paris ~Lyon ~Marseille}");
	CHECK(m->single);
	GRADE(m, "0", 1);
	GRADE(m, "1", 0);
	GRADE(m, "", 0);
	GRADE(m, NULL, 0);
	/* two choices for a one-answer question, a bad index, junk: nothing */
	GRADE(m, "0,1", 0);
	GRADE(m, "3", 0);
	GRADE(m, "-1", 0);
	GRADE(m, "zero", 0);
	GRADE(m, "0,", 0);
}

TEST(multichoice_single_partial_and_penalty)
{
	const struct gift_question *m = q("Vitesse ? {=50 ~%50%45 ~%-25%90 ~130}");
	GRADE(m, "0", 1);
	GRADE(m, "1", 0.5);
	GRADE(m, "2", -0.25);   /* a penalty counts */
	GRADE(m, "3", 0);
	CHECK_INT(question_credit(m, "2"), -2500);
}

TEST(multichoice_multiple_sums_and_clamps)
{
	const struct gift_question *m =
		q("Équipements obligatoires ? {~%50%Freins ~%50%Sonnette ~%-100%Rétroviseur ~%-50%Panier}");
	CHECK(!m->single);
	GRADE(m, "0,1", 1);
	GRADE(m, "0", 0.5);
	GRADE(m, "1,0", 1);         /* order does not matter */
	GRADE(m, "0,1,3", 0.5);     /* a wrong choice takes back */
	GRADE(m, "0,2", 0);         /* never below zero */
	GRADE(m, "2", 0);
	GRADE(m, "0,0", 0);         /* the same choice twice is not a response */
	GRADE(m, "", 0);
}

TEST(multichoice_thirds_keep_precision)
{
	const struct gift_question *m =
		q("Lesquels ? {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}");
	CHECK_NEAR(question_grade(m, "0,1,2"), 1, 1e-9);
	CHECK_INT(question_credit(m, "0"), 3333);
	CHECK_INT(question_credit(m, "0,1,2"), 10000);
}

TEST(truefalse)
{
	const struct gift_question *t = q("Le casque est obligatoire à vélo avant 12 ans. {T}");
	GRADE(t, "true", 1);
	GRADE(t, "false", 0);
	GRADE(t, "", 0);
	GRADE(t, "vrai", 0);
	const struct gift_question *f = q("La nuit, un vélo sans lumière est autorisé. {FALSE#Non.#Exact.}");
	GRADE(f, "false", 1);
	GRADE(f, "true", 0);
}

TEST(shortanswer_ignores_case_accents_and_punctuation)
{
	const struct gift_question *s = q("Couleur du feu qui autorise ? {=vert =%50%verte}");
	GRADE(s, "vert", 1);
	GRADE(s, "VERT", 1);
	GRADE(s, "  Vert. ", 1);
	GRADE(s, "verte", 0.5);
	GRADE(s, "rouge", 0);
	GRADE(s, "", 0);
	const struct gift_question *e = q("Où tourne-t-on ? {=à l'église =%75%eglise}");
	GRADE(e, "A L'EGLISE", 1);
	GRADE(e, "a l eglise", 1);
	GRADE(e, "Église", 0.75);
	/* the first answer that matches gives its credit, as in Moodle */
	const struct gift_question *o = q("Mot ? {=%20%chat =chat}");
	GRADE(o, "chat", 0.2);
}

TEST(shortanswer_wildcard)
{
	const struct gift_question *s = q("Qui priorité ? {=*droite* =%50%pieton*}");
	GRADE(s, "la priorité à droite", 1);
	GRADE(s, "Droite", 1);
	GRADE(s, "piéton qui traverse", 0.5);
	GRADE(s, "gauche", 0);
}

TEST(numerical_tolerance_range_and_any)
{
	const struct gift_question *n = q("Pi ? {#3.14:0.01}");
	GRADE(n, "3.14", 1);
	GRADE(n, "3,15", 1);      /* French decimal comma, on the bound */
	GRADE(n, "3.13", 1);
	GRADE(n, "3.16", 0);
	GRADE(n, "pi", 0);
	GRADE(n, "3.14 km", 0);
	GRADE(n, "", 0);
	GRADE(n, "inf", 0);
	GRADE(n, "nan", 0);
	const struct gift_question *r = q("Entre ? {#1..5}");
	GRADE(r, "1", 1);
	GRADE(r, "5", 1);
	GRADE(r, "5.0001", 0);
	GRADE(r, "-3", 0);
	const struct gift_question *p = q("Vitesse en ville ? {#=50:0 =%50%50:5 ~#Non, relisez le code.}");
	GRADE(p, "50", 1);
	GRADE(p, "53", 0.5);
	GRADE(p, "90", 0);
	CHECK_INT(question_matched_answer(p, "90"), 2);    /* the catch-all, for its feedback */
	const struct gift_question *z = q("Zéro ? {#0}");
	GRADE(z, "0", 1);
	GRADE(z, "-0", 1);
	GRADE(z, "0.000001", 0);
	const struct gift_question *sum = q("0,1 + 0,2 ? {#0.3}");
	GRADE(sum, "0.30000000000000004", 1);
}

TEST(matching_partial_credit)
{
	const struct gift_question *m =
		q("Formes ? {=Danger -> triangle =Interdiction -> rond =Indication -> carré = -> losange}");
	const char **rights;
	struct arena *a = arena_new();
	int nr = question_match_choices(a, m, &rights);
	CHECK_INT(nr, 4);
	CHECK_STR(rights[0], "triangle");
	CHECK_STR(rights[3], "losange");
	arena_free(a);
	GRADE(m, "0,1,2", 1);
	GRADE(m, "0,2,1", 1.0 / 3);
	GRADE(m, "0,1,3", 2.0 / 3);   /* the distractor */
	GRADE(m, "0,-1,-1", 1.0 / 3);
	GRADE(m, "-1,-1,-1", 0);
	GRADE(m, "0,1", 0);           /* one stem short */
	GRADE(m, "0,1,2,3", 0);
	GRADE(m, "0,1,9", 2.0 / 3);   /* out of range: that stem is wrong */
	CHECK(question_answered(m, "0,-1,-1"));
	CHECK(!question_answered(m, "-1,-1,-1"));
	/* stored responses read without their question (lists of answers) */
	CHECK(question_response_blank(""));
	CHECK(question_response_blank("  "));
	CHECK(question_response_blank("-1,-1,-1"));
	CHECK(!question_response_blank("0,-1,-1"));
	CHECK(!question_response_blank("-1,-12"));
	CHECK(!question_response_blank("-1"));       /* a number typed */
	CHECK(!question_response_blank("-1,5"));     /* a decimal number typed */
	CHECK(!question_response_blank("false"));
}

TEST(matching_with_repeated_right_sides)
{
	const struct gift_question *m = q("Pairs ? {=un -> impair =deux -> pair =trois -> impair}");
	const char **rights;
	struct arena *a = arena_new();
	CHECK_INT(question_match_choices(a, m, &rights), 2);
	arena_free(a);
	GRADE(m, "0,1,0", 1);
	GRADE(m, "1,1,0", 2.0 / 3);
}

TEST(essay_and_description_earn_nothing_automatically)
{
	const struct gift_question *e = q("Racontez. {}");
	CHECK(question_needs_teacher(e));
	CHECK(question_scored(e));
	GRADE(e, "Une longue réponse", 0);
	CHECK(question_answered(e, "texte"));
	CHECK(!question_answered(e, "   "));
	const struct gift_question *d = q("Lisez ce texte avant les questions.");
	CHECK_INT(d->type, GIFT_DESCRIPTION);
	CHECK(!question_scored(d));
	GRADE(d, "", 0);
}

TEST(order_is_a_stable_permutation)
{
	int a[10], b[10], c[10];
	question_order(a, 10, 42, 7, true);
	question_order(b, 10, 42, 7, true);
	question_order(c, 10, 43, 7, true);
	int seen[10] = {0}, same = 1, differs = 0;
	for (int i = 0; i < 10; i++) {
		seen[a[i]]++;
		same &= a[i] == b[i];
		differs |= a[i] != c[i];
	}
	for (int i = 0; i < 10; i++)
		CHECK_INT(seen[i], 1);
	CHECK(same);
	CHECK(differs);
	question_order(a, 10, 42, 7, false);
	for (int i = 0; i < 10; i++)
		CHECK_INT(a[i], i);
}

TEST(import_category_leaves_moodle_context_out)
{
	/* $CATEGORY paths as Moodle exports them, and as teachers write them. */
	static const char *const cases[][2] = {
		{ "$course$/top/Défaut pour 4e B/Géographie", "Défaut pour 4e B/Géographie" },
		{ "$system$/top/Sciences", "Sciences" },
		{ "$cat1$/top/Banque commune", "Banque commune" },
		{ "$module$/top/Défaut pour Quiz 1", "Défaut pour Quiz 1" },
		{ "$course$/Défaut pour 3e", "Défaut pour 3e" },   /* Moodle 1.9 */
		{ "Maths/Suites", "Maths/Suites" },
		{ "top/Maths", "top/Maths" },
		{ "$ 5 $/Maths", "$ 5 $/Maths" },
		{ "$course$/top", "Importées" },
		{ "$course$/top/", "Importées" },
		{ "", "Importées" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct gift_question g = { .category = cases[i][0] };
		CHECK_STR(questions_import_category(&g, NULL), cases[i][1]);
	}
	struct gift_question g = { .category = "$course$/top" };
	CHECK_STR(questions_import_category(&g, "Importées en mai"), "Importées en mai");
}

TEST(names)
{
	enum gift_type t;
	CHECK(question_type_from_name("matching", &t) && t == GIFT_MATCHING);
	CHECK(!question_type_from_name("quiz", &t));
	CHECK(!question_type_from_name(NULL, &t));
	CHECK_INT(question_format_from_name("markdown"), GIFT_FORMAT_MARKDOWN);
	CHECK_INT(question_format_from_name(NULL), GIFT_FORMAT_MOODLE);
}

int main(void)
{
	RUN(multichoice_single_right_wrong_and_none);
	RUN(multichoice_single_partial_and_penalty);
	RUN(multichoice_multiple_sums_and_clamps);
	RUN(multichoice_thirds_keep_precision);
	RUN(truefalse);
	RUN(shortanswer_ignores_case_accents_and_punctuation);
	RUN(shortanswer_wildcard);
	RUN(numerical_tolerance_range_and_any);
	RUN(matching_partial_credit);
	RUN(matching_with_repeated_right_sides);
	RUN(essay_and_description_earn_nothing_automatically);
	RUN(order_is_a_stable_permutation);
	RUN(import_category_leaves_moodle_context_out);
	RUN(names);
	gift_doc_free(doc);
	TEST_END();
}
