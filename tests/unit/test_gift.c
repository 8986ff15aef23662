/*
** This file implements the unit tests of the GIFT module (src/quizzes/gift*):
** one test per construct of the syntax, one per error, round trips through
** gift_export(), the teachers' files of tests/data/gift/ and the "gift check"
** subcommand. Run from the repository root.
*/
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "kernel/i18n.h"
#include "quizzes/gift.h"
#include "quizzes/gift_cli.h"
#include "test.h"

/* ---- Helpers ---- */

/* Parses s, which must succeed; NULL (and a failed check) otherwise. */
static struct gift_doc *ok(const char *s)
{
	struct gift_doc *doc = NULL;
	int rc = gift_parse(s, strlen(s), &doc);
	CHECK_INT(rc, GIFT_OK);
	if (rc != GIFT_OK) {
		for (size_t i = 0; doc && i < doc->nerrors; i++)
			fprintf(stderr, "  line %d: %s\n", doc->errors[i].line,
			        doc->errors[i].message);
		gift_doc_free(doc);
		return NULL;
	}
	return doc;
}

/* Parses s, which must fail; returns the first error (copied to *e). */
static int err(const char *s, struct gift_error *e)
{
	struct gift_doc *doc = NULL;
	int rc = gift_parse(s, strlen(s), &doc);
	CHECK_INT(rc, GIFT_ERR_SYNTAX);
	memset(e, 0, sizeof(*e));
	e->line = -1;
	if (doc && doc->nerrors) {
		*e = doc->errors[0];
		CHECK_INT(doc->nquestions, 0);
	}
	gift_doc_free(doc);
	return e->line;
}

/* The one question of s. */
#define ONE(doc, s)                                                          \
	struct gift_doc *doc = ok(s);                                        \
	if (!doc)                                                            \
		return;                                                      \
	CHECK_INT(doc->nquestions, 1);                                       \
	const struct gift_question *q = &doc->questions[0];             \
	(void)q;

/* Exports doc, parses it again and checks every question is equal. */
static void roundtrip(const struct gift_doc *doc)
{
	char *text = NULL;
	size_t len = 0;
	CHECK_INT(gift_export(doc->questions, doc->nquestions, &text, &len), 0);
	if (!text)
		return;
	CHECK_INT(strlen(text), len);
	struct gift_doc *again = ok(text);
	if (again) {
		CHECK_INT(again->nquestions, doc->nquestions);
		for (size_t i = 0; i < doc->nquestions && i < again->nquestions; i++) {
			if (!gift_question_equal(&doc->questions[i], &again->questions[i])) {
				CHECK(!"question differs after export");
				fprintf(stderr, "  question %zu, export:\n%s\n", i, text);
			}
		}
	}
	gift_doc_free(again);
	free(text);
}

/* Appends x to the string s of capacity cap, cutting if needed. */
static void append(char *s, size_t cap, const char *x)
{
	size_t n = strlen(s);
	snprintf(s + n, cap - n, "%s", x);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(1 << 20);
	size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
	fclose(f);
	if (buf)
		buf[n] = '\0';
	*len = n;
	return buf;
}

/* ---- Multiple choice ---- */

TEST(multichoice_basic)
{
	ONE(doc, "Qui est enterré dans la tombe de Grant ?{~Grant ~Jefferson =personne}");
	CHECK_INT(q->type, GIFT_MULTICHOICE);
	CHECK_STR(q->text, "Qui est enterré dans la tombe de Grant ?");
	CHECK_STR(q->title, "");
	CHECK_INT(q->format, GIFT_FORMAT_MOODLE);
	CHECK_INT(q->nanswers, 3);
	CHECK_STR(q->answers[0].text, "Grant");
	CHECK_NEAR(q->answers[0].fraction, 0, 0);
	CHECK_STR(q->answers[2].text, "personne");
	CHECK_NEAR(q->answers[2].fraction, 1, 0);
	CHECK(q->single);
	CHECK_INT(q->line, 1);
	gift_doc_free(doc);
}

TEST(multichoice_feedback)
{
	ONE(doc, "Couleur entre orange et vert ?{=jaune#Bravo ! ~rouge # Non, c'est jaune. ~bleu}");
	CHECK_STR(q->answers[0].feedback, "Bravo !");
	CHECK_STR(q->answers[1].text, "rouge");
	CHECK_STR(q->answers[1].feedback, "Non, c'est jaune.");
	CHECK_STR(q->answers[2].feedback, "");
	gift_doc_free(doc);
}

TEST(multichoice_weights)
{
	ONE(doc, "Quels nombres sont premiers ?{~%50%2 ~%50%3 ~%-100%4 ~%-33.33333%9 ~1}");
	CHECK(!q->single);
	CHECK_NEAR(q->answers[0].fraction, 0.5, 0);
	CHECK_NEAR(q->answers[2].fraction, -1, 0);
	CHECK_NEAR(q->answers[3].fraction, -0.3333333, 1e-15);
	CHECK_NEAR(q->answers[4].fraction, 0, 0);
	CHECK_STR(q->answers[2].text, "4");
	gift_doc_free(doc);
}

TEST(multichoice_weight_french_comma)
{
	ONE(doc, "Q ?{~%12,5%a ~%87,5%b ~c}");
	CHECK_NEAR(q->answers[0].fraction, 0.125, 0);
	CHECK_NEAR(q->answers[1].fraction, 0.875, 0);
	gift_doc_free(doc);
}

TEST(multichoice_single_rule_is_moodles)
{
	/* "=" anywhere: one choice (radio buttons), even with two "=". */
	ONE(doc, "Q ?{=a =b ~c}");
	CHECK(q->single);
	CHECK_NEAR(q->answers[1].fraction, 1, 0);
	gift_doc_free(doc);
	/* Only "~": check boxes, even with one answer at 100 %. */
	struct gift_doc *d2 = ok("Q ?{~%100%a ~b}");
	if (d2)
		CHECK(!d2->questions[0].single);
	gift_doc_free(d2);
}

TEST(answer_starting_with_percent_is_text)
{
	/* Moodle reads a weight only where "%number%" starts the answer and
	** keeps any other '%' as text: a C course's format specifiers. */
	ONE(doc, "Quel format affiche 3.14 avec deux décimales ? {\n"
	         "=%.2f#Oui.\n~%d\n~%s%d\n~%abc%\n~%\n~%5x%\n~%50%%f}");
	CHECK_INT(q->type, GIFT_MULTICHOICE);
	CHECK(q->single);
	CHECK_INT(q->nanswers, 7);
	if (q->nanswers == 7) {
		CHECK_STR(q->answers[0].text, "%.2f");
		CHECK_NEAR(q->answers[0].fraction, 1, 0);
		CHECK_STR(q->answers[0].feedback, "Oui.");
		CHECK_STR(q->answers[1].text, "%d");
		CHECK_NEAR(q->answers[1].fraction, 0, 0);
		CHECK_STR(q->answers[2].text, "%s%d");
		CHECK_STR(q->answers[3].text, "%abc%");
		CHECK_STR(q->answers[4].text, "%");
		CHECK_STR(q->answers[5].text, "%5x%");
		CHECK_STR(q->answers[6].text, "%f");
		CHECK_NEAR(q->answers[6].fraction, 0.5, 0);
	}
	roundtrip(doc);
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("printf(\"%i\", 3) ? {=%i =%d =%%d}");
	if (d2) {
		const struct gift_question *sa = &d2->questions[0];
		CHECK_INT(sa->type, GIFT_SHORTANSWER);
		CHECK_INT(sa->nanswers, 3);
		CHECK_STR(sa->answers[0].text, "%i");
		CHECK_NEAR(sa->answers[0].fraction, 1, 0);
		CHECK_STR(sa->answers[2].text, "%%d");
		roundtrip(d2);
	}
	gift_doc_free(d2);
}

TEST(multichoice_text_before_first_marker)
{
	/* Moodle reads it as a wrong answer. */
	ONE(doc, "Q ?{a ~b =c}");
	CHECK_INT(q->nanswers, 3);
	CHECK_STR(q->answers[0].text, "a");
	CHECK_NEAR(q->answers[0].fraction, 0, 0);
	gift_doc_free(doc);
}

TEST(missing_word)
{
	ONE(doc, "Grant est {~enterré =inhumé ~vivant} dans sa tombe.");
	CHECK_INT(q->type, GIFT_MULTICHOICE);
	CHECK_STR(q->text, "Grant est _____ dans sa tombe.");
	gift_doc_free(doc);
}

TEST(missing_word_before_punctuation)
{
	ONE(doc, "Deux plus deux font {=quatre =4}.");
	CHECK_INT(q->type, GIFT_SHORTANSWER);
	CHECK_STR(q->text, "Deux plus deux font _____.");
	gift_doc_free(doc);
}

TEST(answers_on_several_lines)
{
	ONE(doc, "Le jour de Thanksgiving est le {\n"
	         "    ~deuxième\n"
	         "    ~troisième\n"
	         "    =quatrième\n"
	         "} jeudi de novembre.\n");
	CHECK_STR(q->text, "Le jour de Thanksgiving est le _____ jeudi de novembre.");
	CHECK_INT(q->nanswers, 3);
	CHECK_STR(q->answers[2].text, "quatrième");
	gift_doc_free(doc);
}

TEST(question_on_several_lines)
{
	ONE(doc, "::Long::Première ligne de l'énoncé,\n"
	         "   deuxième ligne.\n"
	         "{=oui ~non}");
	CHECK_STR(q->text, "Première ligne de l'énoncé,\ndeuxième ligne.");
	gift_doc_free(doc);
}

/* ---- True/false ---- */

TEST(truefalse_forms)
{
	const char *forms[] = { "{T}", "{TRUE}", "{F}", "{FALSE}" };
	for (int i = 0; i < 4; i++) {
		char s[64];
		snprintf(s, sizeof(s), "Le soleil se lève à l'est.%s", forms[i]);
		ONE(doc, s);
		CHECK_INT(q->type, GIFT_TRUEFALSE);
		CHECK(q->correct == (i < 2));
		CHECK_INT(q->nanswers, 2);
		CHECK_STR(q->answers[0].text, "true");
		CHECK_NEAR(q->answers[0].fraction, i < 2 ? 1 : 0, 0);
		CHECK_NEAR(q->answers[1].fraction, i < 2 ? 0 : 1, 0);
		gift_doc_free(doc);
	}
}

TEST(truefalse_feedback)
{
	/* {T#if wrong#if right}: the learner answering false is wrong. */
	ONE(doc, "Paris est en France.{T#Si, elle l'est !#Exact.####Capitale depuis longtemps.}");
	CHECK(q->correct);
	CHECK_STR(q->answers[0].feedback, "Exact.");
	CHECK_STR(q->answers[1].feedback, "Si, elle l'est !");
	CHECK_STR(q->general_feedback, "Capitale depuis longtemps.");
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("Lyon est la capitale.{FALSE#Non, c'est Paris.#Bien vu.}");
	if (d2) {
		CHECK(!d2->questions[0].correct);
		CHECK_STR(d2->questions[0].answers[0].feedback, "Non, c'est Paris.");
		CHECK_STR(d2->questions[0].answers[1].feedback, "Bien vu.");
	}
	gift_doc_free(d2);
}

TEST(truefalse_is_case_sensitive)
{
	/* As in Moodle, {true} is a short answer accepting "true". */
	ONE(doc, "Vrai ?{true}");
	CHECK_INT(q->type, GIFT_SHORTANSWER);
	CHECK_STR(q->answers[0].text, "true");
	gift_doc_free(doc);
}

/* ---- Short answer ---- */

TEST(shortanswer_basic)
{
	ONE(doc, "Qui est enterré dans la tombe de Grant ?{=personne =aucun#presque}");
	CHECK_INT(q->type, GIFT_SHORTANSWER);
	CHECK_INT(q->nanswers, 2);
	CHECK_STR(q->answers[1].text, "aucun");
	CHECK_STR(q->answers[1].feedback, "presque");
	CHECK_NEAR(q->answers[0].fraction, 1, 0);
	gift_doc_free(doc);
}

TEST(shortanswer_weights)
{
	ONE(doc, "Lieu de naissance de Grant ?{=Point Pleasant =%50%Ohio#L'État, pas la ville.}");
	CHECK_NEAR(q->answers[1].fraction, 0.5, 0);
	CHECK_STR(q->answers[1].text, "Ohio");
	gift_doc_free(doc);
}

TEST(shortanswer_without_equal)
{
	ONE(doc, "Capitale de la France ?{Paris}");
	CHECK_INT(q->type, GIFT_SHORTANSWER);
	CHECK_STR(q->answers[0].text, "Paris");
	CHECK_NEAR(q->answers[0].fraction, 1, 0);
	gift_doc_free(doc);
}

/* ---- Numerical ---- */

TEST(numerical_tolerance)
{
	ONE(doc, "Année de naissance de Grant ?{#1822:5}");
	CHECK_INT(q->type, GIFT_NUMERICAL);
	CHECK_INT(q->answers[0].num_kind, GIFT_NUM_VALUE);
	CHECK_NEAR(q->answers[0].value, 1822, 0);
	CHECK_NEAR(q->answers[0].tolerance, 5, 0);
	CHECK_STR(q->answers[0].text, "1822:5");
	gift_doc_free(doc);
}

TEST(numerical_exact_and_french_decimals)
{
	ONE(doc, "Valeur de pi ?{#3,14159:0,0005}");
	CHECK_NEAR(q->answers[0].value, 3.14159, 0);
	CHECK_NEAR(q->answers[0].tolerance, 0.0005, 0);
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("Deux plus deux ?{#4}");
	if (d2) {
		CHECK_NEAR(d2->questions[0].answers[0].value, 4, 0);
		CHECK_NEAR(d2->questions[0].answers[0].tolerance, 0, 0);
	}
	gift_doc_free(d2);
}

TEST(numerical_range)
{
	ONE(doc, "Un nombre de 1 à 5 ?{#1..5}");
	CHECK_INT(q->answers[0].num_kind, GIFT_NUM_RANGE);
	CHECK_NEAR(q->answers[0].min, 1, 0);
	CHECK_NEAR(q->answers[0].max, 5, 0);
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("Négatif ?{#-5..-1.5}");
	if (d2) {
		CHECK_NEAR(d2->questions[0].answers[0].min, -5, 0);
		CHECK_NEAR(d2->questions[0].answers[0].max, -1.5, 0);
	}
	gift_doc_free(d2);
}

TEST(numerical_as_moodle_grades_it)
{
	/* Moodle grades with |tolerance| and reads "5..1" as 3 +/- 2. */
	ONE(doc, "Q ?{#=2:-1 =%50%5..1}");
	CHECK_NEAR(q->answers[0].tolerance, 1, 0);
	CHECK_STR(q->answers[0].text, "2:1");
	CHECK_INT(q->answers[1].num_kind, GIFT_NUM_RANGE);
	CHECK_NEAR(q->answers[1].min, 1, 0);
	CHECK_NEAR(q->answers[1].max, 5, 0);
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(numerical_several_answers)
{
	ONE(doc, "Quand Grant est-il né ?{#\n"
	         "   =1822:0 #Exact.\n"
	         "   =%50%1822:2 #À deux ans près.\n"
	         "   ~#Revoyez le cours.\n"
	         "}");
	CHECK_INT(q->nanswers, 3);
	CHECK_NEAR(q->answers[0].fraction, 1, 0);
	CHECK_STR(q->answers[0].feedback, "Exact.");
	CHECK_NEAR(q->answers[1].fraction, 0.5, 0);
	CHECK_NEAR(q->answers[1].tolerance, 2, 0);
	CHECK_INT(q->answers[2].num_kind, GIFT_NUM_ANY);
	CHECK_NEAR(q->answers[2].fraction, 0, 0);
	CHECK_STR(q->answers[2].feedback, "Revoyez le cours.");
	CHECK_STR(q->answers[2].text, "*");
	gift_doc_free(doc);
}

TEST(numerical_exponent)
{
	ONE(doc, "Charge de l'électron ?{#1.602e-19:0.001e-19}");
	CHECK_NEAR(q->answers[0].value, 1.602e-19, 0);
	gift_doc_free(doc);
}

/* ---- Matching ---- */

TEST(matching_basic)
{
	ONE(doc, "Associez les pays et leurs capitales.{\n"
	         "=Canada -> Ottawa\n=Italie -> Rome\n=Japon->Tokyo\n"
	         "####Géographie}");
	CHECK_INT(q->type, GIFT_MATCHING);
	CHECK_INT(q->npairs, 3);
	CHECK_INT(q->nanswers, 0);
	CHECK_STR(q->pairs[0].left, "Canada");
	CHECK_STR(q->pairs[0].right, "Ottawa");
	CHECK_STR(q->pairs[2].left, "Japon");
	CHECK_STR(q->pairs[2].right, "Tokyo");
	CHECK_STR(q->general_feedback, "Géographie");
	gift_doc_free(doc);
}

TEST(matching_two_pairs_and_distractor)
{
	/* Moodle's importer accepts two pairs (its docs say three); an empty
	** left side is an extra wrong choice. */
	ONE(doc, "Associez.{=chat -> croquettes =chien -> os = -> graines}");
	CHECK_INT(q->npairs, 3);
	CHECK_STR(q->pairs[2].left, "");
	CHECK_STR(q->pairs[2].right, "graines");
	gift_doc_free(doc);
}

TEST(matching_hash_is_text)
{
	/* Moodle's matching has no feedback: "#" is kept in the pair. */
	ONE(doc, "Associez.{=C# -> langage de Microsoft =Do# -> note =Python -> langage####Fin}");
	CHECK_INT(q->type, GIFT_MATCHING);
	CHECK_INT(q->npairs, 3);
	CHECK_STR(q->pairs[0].left, "C#");
	CHECK_STR(q->pairs[1].left, "Do#");
	CHECK_STR(q->general_feedback, "Fin");
	struct gift_doc *d2 = ok("Associez.{=a -> 1#un =b -> 2}");
	if (d2) {
		CHECK_STR(d2->questions[0].pairs[0].right, "1#un");
		roundtrip(d2);
	}
	roundtrip(doc);
	gift_doc_free(doc);
	gift_doc_free(d2);
}

/* ---- Essay, description ---- */

TEST(essay)
{
	ONE(doc, "::Vacances::Racontez vos vacances.{}");
	CHECK_INT(q->type, GIFT_ESSAY);
	CHECK_STR(q->title, "Vacances");
	CHECK_INT(q->nanswers, 0);
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("Racontez.{####Merci !}");
	if (d2) {
		CHECK_INT(d2->questions[0].type, GIFT_ESSAY);
		CHECK_STR(d2->questions[0].general_feedback, "Merci !");
	}
	gift_doc_free(d2);
}

TEST(description)
{
	ONE(doc, "::Consigne::Lisez le texte suivant attentivement.");
	CHECK_INT(q->type, GIFT_DESCRIPTION);
	CHECK_STR(q->text, "Lisez le texte suivant attentivement.");
	gift_doc_free(doc);
}

/* ---- Title, category, comments, metadata ---- */

TEST(title)
{
	ONE(doc, "::Origine des kanjis :: Les caractères japonais viennent de {=Chine ~Inde}.");
	CHECK_STR(q->title, "Origine des kanjis");
	CHECK_STR(q->text, "Les caractères japonais viennent de _____.");
	gift_doc_free(doc);
	struct gift_doc *d2 = ok("::Heure \\: 12\\:30::Quelle heure ?{=midi et demi}");
	if (d2)
		CHECK_STR(d2->questions[0].title, "Heure : 12:30");
	gift_doc_free(d2);
}

TEST(category)
{
	struct gift_doc *doc = ok("Q1 ?{T}\n\n$CATEGORY: $course$/top/Histoire\n\n"
	                          "Q2 ?{T}\n\n$CATEGORY:   Géo/Europe  \nQ3 ?{F}\n\n"
	                          "$CATEGORY:\n\nQ4 ?{T}\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 4);
	CHECK_STR(doc->questions[0].category, "");
	CHECK_STR(doc->questions[1].category, "$course$/top/Histoire");
	/* Unlike Moodle, a question right under the line still counts. */
	CHECK_STR(doc->questions[2].category, "Géo/Europe");
	CHECK_INT(doc->questions[2].line, 8);
	CHECK_STR(doc->questions[3].category, "");
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(comments)
{
	struct gift_doc *doc = ok("// Un commentaire seul\n\n"
	                          "   // indenté, dans la question\n"
	                          "Voir http://example.org/a//b ?{\n"
	                          "// entre les réponses\n"
	                          "=oui // pas un commentaire\n"
	                          "~non}\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 1);
	const struct gift_question *q = &doc->questions[0];
	CHECK_STR(q->text, "Voir http://example.org/a//b ?");
	CHECK_INT(q->nanswers, 2);
	CHECK_STR(q->answers[0].text, "oui // pas un commentaire");
	CHECK_INT(q->line, 4);
	gift_doc_free(doc);
}

TEST(comment_inside_a_text_leaves_a_blank_line)
{
	/* Moodle replaces each comment line by a line holding a space, then
	** trims the question: inside a text, that is a paragraph break. */
	struct gift_doc *doc = ok("// [id:P-1] avant la question\n"
	                          "::Paragraphes::Premier paragraphe.\n"
	                          "// note pour moi [tag:relu]\n"
	                          "Second paragraphe.\n"
	                          "// deux commentaires\n"
	                          "// de suite\n"
	                          "Troisième. {\n"
	                          "=oui#Bien.\n"
	                          "// entre les réponses : sans effet\n"
	                          "~non#Non :\n"
	                          "// au milieu d'un feedback\n"
	                          "relisez.\n"
	                          "}\n"
	                          "// après la question : sans effet\n\n"
	                          "Une description\n// coupée\nen deux.\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 2);
	const struct gift_question *q = &doc->questions[0];
	CHECK_STR(q->text, "Premier paragraphe.\n \nSecond paragraphe.\n \n \nTroisième.");
	CHECK_STR(q->answers[0].text, "oui");
	CHECK_STR(q->answers[0].feedback, "Bien.");
	CHECK_STR(q->answers[1].text, "non");
	CHECK_STR(q->answers[1].feedback, "Non :\n \nrelisez.");
	CHECK_STR(q->idnumber, "P-1");
	CHECK_INT(q->ntags, 1);
	CHECK_INT(q->line, 2);
	CHECK_STR(doc->questions[1].text, "Une description\n \nen deux.");
	roundtrip(doc);
	gift_doc_free(doc);
	/* a comment between $CATEGORY and its question changes nothing */
	struct gift_doc *d2 = ok("$CATEGORY: Cat\n// [id:X]\nQ ?{T}\n");
	if (d2) {
		CHECK_STR(d2->questions[0].text, "Q ?");
		CHECK_STR(d2->questions[0].category, "Cat");
		CHECK_STR(d2->questions[0].idnumber, "X");
	}
	gift_doc_free(d2);
	/* an error on the line after a comment names that line */
	struct gift_error e;
	CHECK_INT(err("Q ?\n// c\n{~a}", &e), 3);
}

TEST(metadata_id_and_tags)
{
	ONE(doc, "// question: 12  name: Grant\n"
	         "// [id:HIST-12] [tag:histoire] [tag: facile ]\n"
	         "// [tag:] [id:ignoré] [tag:a\\]b]\n"
	         "Qui ?{=personne ~Grant}");
	CHECK_STR(q->idnumber, "HIST-12");
	CHECK_INT(q->ntags, 3);
	if (q->ntags == 3) {
		CHECK_STR(q->tags[0], "histoire");
		CHECK_STR(q->tags[1], "facile");
		CHECK_STR(q->tags[2], "a]b");
	}
	gift_doc_free(doc);
}

TEST(metadata_only_from_the_question_block)
{
	ONE(doc, "// [id:loin] [tag:loin]\n\nQ ?{T}");
	CHECK_STR(q->idnumber, "");
	CHECK_INT(q->ntags, 0);
	gift_doc_free(doc);
}

TEST(metadata_scan_is_linear)
{
	/* 1 MB of "[id:" never closed: a naive rescan would take minutes. */
	size_t n = 1 << 20, k = 3;
	char *s = malloc(n + 64);
	if (!s)
		return;
	memcpy(s, "// ", 3);
	for (; k + 4 <= n; k += 4)
		memcpy(s + k, "[id:", 4);
	snprintf(s + k, 64, "\nQ ?{T}");
	struct gift_doc *doc = ok(s);
	free(s);
	if (doc) {
		CHECK_INT(doc->nquestions, 1);
		CHECK_STR(doc->questions[0].idnumber, "");
	}
	gift_doc_free(doc);
}

TEST(long_comment_header)
{
	/* Comments do not count toward the lines of a question. */
	size_t cap = (GIFT_MAX_LINES + 500) * 16;
	char *s = malloc(cap);
	if (!s)
		return;
	s[0] = '\0';
	for (int i = 0; i < GIFT_MAX_LINES + 500; i++)
		append(s, cap, "// licence\n");
	append(s, cap, "// [tag:fin]\nQ ?{T}");
	struct gift_doc *doc = ok(s);
	free(s);
	if (doc) {
		CHECK_INT(doc->questions[0].line, GIFT_MAX_LINES + 502);
		CHECK_INT(doc->questions[0].ntags, 1);
	}
	gift_doc_free(doc);
}

/* ---- Formats ---- */

TEST(format_prefixes)
{
	ONE(doc, "[html]<p>Quelle <b>couleur</b> ?</p>{\n"
	         "=[plain]bleu#[markdown]**oui**\n"
	         "~rouge#non\n"
	         "####[moodle]Fin}");
	CHECK_INT(q->format, GIFT_FORMAT_HTML);
	CHECK_STR(q->text, "<p>Quelle <b>couleur</b> ?</p>");
	CHECK_INT(q->answers[0].format, GIFT_FORMAT_PLAIN);
	CHECK_INT(q->answers[0].feedback_format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q->answers[0].feedback, "**oui**");
	/* Parts without prefix take the question's format. */
	CHECK_INT(q->answers[1].format, GIFT_FORMAT_HTML);
	CHECK_INT(q->answers[1].feedback_format, GIFT_FORMAT_HTML);
	CHECK_INT(q->general_feedback_format, GIFT_FORMAT_MOODLE);
	gift_doc_free(doc);
}

TEST(format_unknown_prefix_is_text)
{
	ONE(doc, "[latex]$x$ ?{T}");
	CHECK_INT(q->format, GIFT_FORMAT_MOODLE);
	CHECK_STR(q->text, "[latex]$x$ ?");
	gift_doc_free(doc);
}

TEST(format_markdown_after_title)
{
	ONE(doc, "::T::[markdown]Un *texte*.");
	CHECK_INT(q->format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q->text, "Un *texte*.");
	gift_doc_free(doc);
}

/* ---- Escapes ---- */

TEST(escapes)
{
	ONE(doc, "Caractères \\~ \\= \\# \\{ \\} \\: \\\\ fin\\nligne 2 ?{=a\\=b#c\\#d ~\\~e}");
	CHECK_STR(q->text, "Caractères ~ = # { } : \\ fin\nligne 2 ?");
	CHECK_STR(q->answers[0].text, "a=b");
	CHECK_STR(q->answers[0].feedback, "c#d");
	CHECK_STR(q->answers[1].text, "~e");
	gift_doc_free(doc);
}

TEST(escape_unknown_is_kept)
{
	/* Moodle keeps other backslashes, so LaTeX survives (its braces
	** must still be escaped). */
	struct gift_doc *d2 = ok("Que vaut \\(\\frac\\{1\\}\\{2\\}\\) \\$ \\a ?");
	if (d2) {
		CHECK_INT(d2->questions[0].type, GIFT_DESCRIPTION);
		CHECK_STR(d2->questions[0].text, "Que vaut \\(\\frac{1}{2}\\) \\$ \\a ?");
	}
	gift_doc_free(d2);
}

TEST(escape_backslash_before_special)
{
	/* "\\~" is a backslash then a real tilde. */
	ONE(doc, "Q ?{=a\\\\~b}");
	CHECK_INT(q->type, GIFT_MULTICHOICE);
	CHECK_STR(q->answers[0].text, "a\\");
	CHECK_STR(q->answers[1].text, "b");
	gift_doc_free(doc);
}

TEST(backslash_at_line_end_is_text)
{
	/* GIFT has no line continuation: as in Moodle, a backslash ending a
	** line stays in the text and the line break is kept. */
	ONE(doc, "Le chemin C\\:\\Cours\\ \t\nest-il valide ?\\\n{T}");
	CHECK_STR(q->text, "Le chemin C:\\Cours\\\nest-il valide ?\\");
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(escaped_newline_at_ends_is_trimmed)
{
	ONE(doc, "\\nTexte\\n{T}");
	CHECK_STR(q->text, "Texte");
	gift_doc_free(doc);
}

/* ---- File level ---- */

TEST(several_questions_and_blank_lines)
{
	struct gift_doc *doc = ok("\n\nQ1 ?{T}\n\n\n   \t\nQ2 ?{F}\n \nQ3 ?{=a}\n\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 3);
	CHECK_INT(doc->questions[0].line, 3);
	CHECK_INT(doc->questions[1].line, 7);
	CHECK_INT(doc->questions[2].line, 9);
	gift_doc_free(doc);
}

TEST(windows_line_endings_and_bom)
{
	struct gift_doc *doc = ok("\xEF\xBB\xBF::T1::Q1 ?{\r\n=a\r\n~b\r\n}\r\n\r\nQ2 ?{T}\r\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 2);
	CHECK_STR(doc->questions[0].title, "T1");
	CHECK_STR(doc->questions[0].answers[0].text, "a");
	CHECK_INT(doc->questions[1].line, 6);
	gift_doc_free(doc);
}

TEST(bom_of_concatenated_files)
{
	/* "copy /b a.gift+b.gift": each part keeps its BOM, at a line start. */
	struct gift_doc *doc = ok("\xEF\xBB\xBF$CATEGORY: A\r\n\r\n::T1::Q1 ?{T}\r\n\r\n"
	                          "\xEF\xBB\xBF$CATEGORY: B\r\n\r\n"
	                          "\xEF\xBB\xBF \xEF\xBB\xBF::T2::Q2 ?{F}\r\n"
	                          "\xEF\xBB\xBF\r\n"
	                          "Q3 ?\\n\xEF\xBB\xBFsuite{T}\r\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 3);
	if (doc->nquestions == 3) {
		CHECK_STR(doc->questions[0].category, "A");
		CHECK_STR(doc->questions[1].category, "B");
		CHECK_STR(doc->questions[1].title, "T2");
		CHECK_STR(doc->questions[1].text, "Q2 ?");
		CHECK_INT(doc->questions[2].line, 9);
		/* inside a text, an escaped newline keeps it */
		CHECK_STR(doc->questions[2].text, "Q3 ?\n\xEF\xBB\xBFsuite");
		roundtrip(doc);
	}
	gift_doc_free(doc);
}

TEST(error_category_inside_a_block)
{
	/* Without the blank line, Moodle would keep it in the text. */
	struct gift_error e;
	CHECK_INT(err("::T1::Q1 ?{T}\n\xEF\xBB\xBF$CATEGORY: B\n\n::T2::Q2 ?{F}\n", &e), 2);
	CHECK(strstr(e.message, "$CATEGORY") != NULL);
	CHECK_INT(err("$CATEGORY: A\n$CATEGORY: B\n\nQ ?{T}\n", &e), 2);
	/* right under it, a question still counts (see category) */
	struct gift_doc *doc = ok("$CATEGORY: A\n// [id:X]\nQ ?{T}\n");
	if (doc)
		CHECK_STR(doc->questions[0].category, "A");
	gift_doc_free(doc);
}

TEST(old_mac_line_endings)
{
	struct gift_doc *doc = ok("Q1 ?{T}\r\rQ2 ?{F}\r");
	if (doc) {
		CHECK_INT(doc->nquestions, 2);
		CHECK_INT(doc->questions[1].line, 3);
	}
	gift_doc_free(doc);
}

TEST(free_null_and_bad_arguments)
{
	gift_doc_free(NULL);
	struct gift_doc *doc = (struct gift_doc *)1;
	CHECK_INT(gift_parse(NULL, 3, &doc), GIFT_ERR_ARG);
	CHECK(doc == NULL);
	CHECK_INT(gift_parse("Q{T}", 4, NULL), GIFT_ERR_ARG);
	char *out = NULL;
	CHECK_INT(gift_export(NULL, 1, &out, NULL), GIFT_ERR_ARG);
	CHECK_INT(gift_export(NULL, 0, &out, NULL), 0);
	CHECK_STR(out, "");
	free(out);
}

TEST(input_not_nul_terminated)
{
	char buf[] = { 'Q', ' ', '?', '{', 'T', '}', 'X', 'Y' };
	struct gift_doc *doc = NULL;
	CHECK_INT(gift_parse(buf, 6, &doc), GIFT_OK);
	if (doc)
		CHECK_STR(doc->questions[0].text, "Q ?");
	gift_doc_free(doc);
}

/* ---- Errors ---- */

TEST(error_unclosed_brace)
{
	struct gift_error e;
	CHECK_INT(err("Q1 ?{T}\n\n::Capitale::Capitale de l'Italie ?\n{=Rome ~Milan\n~Naples\n", &e), 4);
	CHECK(strstr(e.message, "non fermée") != NULL);
}

TEST(error_closing_brace_without_opening)
{
	struct gift_error e;
	CHECK_INT(err("Question } ouverte ?", &e), 1);
	CHECK(strstr(e.message, "« } »") != NULL);
}

TEST(error_nested_brace)
{
	struct gift_error e;
	CHECK_INT(err("Q ?{=a\n{=b}", &e), 2);
	CHECK(strstr(e.message, "l'intérieur") != NULL);
}

TEST(error_two_answer_blocks)
{
	/* The classic forgotten blank line between two questions. */
	struct gift_error e;
	CHECK_INT(err("Q1 ?{T}\nQ2 ?{F}\n", &e), 2);
	CHECK(strstr(e.message, "ligne vide") != NULL);
	/* Unescaped LaTeX braces: the message says how to write them. */
	CHECK_INT(err("Calculez \\( \\frac{1}{2} + 1 \\) {#1.5}", &e), 1);
	CHECK(strstr(e.message, "\\{ et \\}") != NULL);
}

TEST(error_unclosed_title)
{
	struct gift_error e;
	CHECK_INT(err("\n::Titre sans fin Question ?{T}", &e), 2);
	CHECK(strstr(e.message, "titre") != NULL);
}

TEST(error_bad_weight)
{
	struct gift_error e;
	CHECK_INT(err("Q ?{~% 50%a ~b}", &e), 1);
	CHECK(strstr(e.message, "poids invalide") != NULL);
	CHECK_INT(err("Q ?{~%1e2%a ~b}", &e), 1);
	CHECK_INT(err("Q ?{~a ~%50}", &e), 1);
	CHECK_INT(err("Q ?{=a =%50 b}", &e), 1);
	CHECK_INT(err("Q ?{\n~%150%a\n~b}", &e), 2);
	CHECK(strstr(e.message, "%150%") != NULL);
	CHECK_INT(err("Q ?{~%50 a ~b}", &e), 1);
	CHECK_INT(err("Q ?{=%-101%a}", &e), 1);
}

TEST(error_weight_after_equal_in_multichoice)
{
	/* Moodle would give 100 % to an answer named "%50%a". */
	struct gift_error e;
	CHECK_INT(err("Q ?{=%50%a ~b}", &e), 1);
	CHECK(strstr(e.message, "~%50%") != NULL);
}

TEST(error_multichoice_one_answer)
{
	struct gift_error e;
	CHECK_INT(err("Q ?{~seule}", &e), 1);
	CHECK(strstr(e.message, "au moins deux") != NULL);
}

TEST(error_empty_answer)
{
	/* An empty answer with a feedback or a weight was surely meant to
	** say something: an error. */
	struct gift_error e;
	CHECK_INT(err("Q ?{=a ~b ~#pourquoi ?}", &e), 1);
	CHECK(strstr(e.message, "vide") != NULL);
	CHECK_INT(err("Q ?{=a ~b ~%50%}", &e), 1);
	CHECK_INT(err("Q ?{=a =#rien}", &e), 1);
	CHECK_INT(err("Q ?{~a\n~}", &e), 1);
	CHECK(strstr(e.message, "au moins deux") != NULL);
	CHECK_INT(err("Q ?{= =}", &e), 1);
	CHECK_INT(err("Q ?{=a =%50%}", &e), 1);
	CHECK(strstr(e.message, "vide") != NULL);
}

TEST(stray_markers_are_dropped)
{
	/* Moodle drops a blank answer (no text, no weight, no feedback)
	** when it saves the question; a stray "~" or "=" does not stop the
	** import. */
	struct gift_doc *doc = ok("Q ?{\n=a\n~b\n~\n}\n\nR ?{=Paris =}");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 2);
	CHECK_INT(doc->questions[0].type, GIFT_MULTICHOICE);
	CHECK_INT(doc->questions[0].nanswers, 2);
	CHECK_STR(doc->questions[0].answers[1].text, "b");
	CHECK_INT(doc->questions[1].type, GIFT_SHORTANSWER);
	CHECK_INT(doc->questions[1].nanswers, 1);
	CHECK_STR(doc->questions[1].answers[0].text, "Paris");
	roundtrip(doc);
	gift_doc_free(doc);
	/* A pair "= ->" with nothing on either side, likewise. */
	doc = ok("Associez.{=a -> 1 = -> =b -> 2 = -> 3}");
	if (!doc)
		return;
	CHECK_INT(doc->questions[0].npairs, 3);
	CHECK_STR(doc->questions[0].pairs[2].right, "3");
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(error_bad_numerical)
{
	struct gift_error e;
	CHECK_INT(err("Q ?{#deux}", &e), 1);
	CHECK(strstr(e.message, "numérique invalide") != NULL);
	CHECK_INT(err("Q ?{#1..}", &e), 1);
	CHECK_INT(err("Q ?{#2:abc}", &e), 1);
	CHECK_INT(err("Q ?{#1e999}", &e), 1);
	CHECK_INT(err("Q ?{#nan}", &e), 1);
	CHECK_INT(err("Q ?{#0x10}", &e), 1);
	CHECK_INT(err("Q ?{#}", &e), 1);
	CHECK(strstr(e.message, "aucune réponse") != NULL);
	CHECK_INT(err("Q ?{#2 ~autre#x}", &e), 1);
	CHECK_INT(err("Q ?{#\n=2\n=%50%\n}", &e), 3);
}

TEST(error_matching_without_pairs)
{
	struct gift_error e;
	CHECK_INT(err("Associez.{=chat -> miaou}", &e), 1);
	CHECK(strstr(e.message, "au moins deux paires") != NULL);
	CHECK_INT(err("Associez.{=chat -> miaou = -> ouaf}", &e), 1);
	CHECK_INT(err("Associez.{\n=chat -> miaou\n=chien\n}", &e), 3);
	CHECK(strstr(e.message, "flèche") != NULL);
	CHECK_INT(err("Associez.{=chat -> =chien -> ouaf =a -> b}", &e), 1);
	CHECK(strstr(e.message, "vide") != NULL);
}

TEST(error_answer_outside_braces)
{
	struct gift_error e;
	CHECK_INT(err("Quelle couleur ?\n=bleu\n~rouge\n", &e), 2);
	CHECK(strstr(e.message, "hors des accolades") != NULL);
	CHECK_INT(err("Quelle couleur ?{=bleu}\n~rouge\n", &e), 2);
	/* Forgotten braces: answers with a weight, a feedback or a pair. */
	CHECK_INT(err("Lesquels ?\n~%50%a\n~%50%b\n", &e), 2);
	CHECK_INT(err("Capitale ?\n=Paris#Bravo\n", &e), 2);
	CHECK_INT(err("Associez :\n=chat -> miaou\n=chien -> ouaf\n", &e), 2);
	/* A worked calculation in a description is text, as in Moodle. */
	struct gift_doc *calc = ok("::Exemple::Développons (x + 1)² :\n(x + 1)² = (x + 1)(x + 1)\n"
	                           "= x² + x + x + 1\n= x² + 2x + 1\n\n"
	                           "Mesure :\n~ 5 km à vol d'oiseau\n~ 7 km par la route\n");
	if (calc) {
		CHECK_INT(calc->nquestions, 2);
		CHECK_INT(calc->questions[0].type, GIFT_DESCRIPTION);
		CHECK_STR(calc->questions[0].text, "Développons (x + 1)² :\n(x + 1)² = (x + 1)(x + 1)\n"
		          "= x² + x + x + 1\n= x² + 2x + 1");
		CHECK_INT(calc->questions[1].type, GIFT_DESCRIPTION);
		roundtrip(calc);
	}
	gift_doc_free(calc);
	/* Escaped, it is text. */
	struct gift_doc *doc = ok("Environ :\n\\~ 5 km\n");
	gift_doc_free(doc);
	/* Before the answers, it is question text, as in Moodle. */
	doc = ok("::Tableur::Dans la cellule C1, on écrit :\n=A1+B1\n~ environ 5 km\n"
	         "Que calcule cette formule ?{=la somme de A1 et B1 ~le produit de A1 et B1}");
	if (doc) {
		CHECK_INT(doc->questions[0].type, GIFT_MULTICHOICE);
		CHECK_STR(doc->questions[0].text, "Dans la cellule C1, on écrit :\n=A1+B1\n"
		          "~ environ 5 km\nQue calcule cette formule ?");
		CHECK_INT(doc->questions[0].nanswers, 2);
		roundtrip(doc);
	}
	gift_doc_free(doc);
}

TEST(error_no_question_text)
{
	struct gift_error e;
	CHECK_INT(err("::Titre::{T}", &e), 1);
	CHECK(strstr(e.message, "énoncé") != NULL);
}

TEST(error_empty_file)
{
	struct gift_error e;
	CHECK_INT(err("", &e), 0);
	CHECK(strstr(e.message, "aucune question") != NULL);
	CHECK_INT(err("// seulement un commentaire\n\n$CATEGORY: x\n", &e), 0);
}

TEST(error_not_utf8)
{
	struct gift_error e;
	CHECK_INT(err("Q1 ?{T}\n\nEst-ce \xE9t\xE9 ?{T}\n", &e), 3);
	CHECK(strstr(e.message, "UTF-8") != NULL);
}

TEST(error_nul_byte)
{
	struct gift_doc *doc = NULL;
	CHECK_INT(gift_parse("Q\n?{T}\0", 7, &doc), GIFT_ERR_SYNTAX);
	if (doc && doc->nerrors)
		CHECK_INT(doc->errors[0].line, 2);
	gift_doc_free(doc);
}

TEST(error_file_too_big)
{
	size_t n = GIFT_MAX_INPUT + 1;
	char *big = malloc(n);
	if (!big)
		return;
	memset(big, 'a', n);
	struct gift_doc *doc = NULL;
	CHECK_INT(gift_parse(big, n, &doc), GIFT_ERR_SYNTAX);
	if (doc && doc->nerrors)
		CHECK(strstr(doc->errors[0].message, "volumineux") != NULL);
	gift_doc_free(doc);
	free(big);
}

TEST(error_too_many_answers)
{
	char s[2048] = "Q ?{";
	for (int i = 0; i <= GIFT_MAX_ANSWERS; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), "~r%d ", i);
	snprintf(s + strlen(s), sizeof(s) - strlen(s), "=ok}");
	struct gift_error e;
	CHECK_INT(err(s, &e), 1);
	CHECK(strstr(e.message, "trop de réponses") != NULL);
}

TEST(error_question_too_long)
{
	size_t cap = (GIFT_MAX_LINES + 10) * 8;
	char *s = malloc(cap);
	if (!s)
		return;
	snprintf(s, cap, "\nQ ?{\n");
	for (int i = 0; i < GIFT_MAX_LINES + 5; i++)
		append(s, cap, "~r\n");
	append(s, cap, "}");
	struct gift_error e;
	CHECK_INT(err(s, &e), 2);
	CHECK(strstr(e.message, "trop longue") != NULL);
	free(s);
}

/* Counts the characters (code points) of a UTF-8 string. */
static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

TEST(long_title_is_shortened)
{
	/* Moodle shortens a name over 255 characters (clean_question_name),
	** on a word boundary when it can, and imports the question. */
	char s[2048] = "::";
	for (int i = 0; i < 300; i++)
		append(s, sizeof(s), "é");
	append(s, sizeof(s), "::Q ?{T}\n\n::");
	for (int i = 0; i < 60; i++)
		append(s, sizeof(s), "Titre long ");
	append(s, sizeof(s), "::R ?{F}");
	struct gift_doc *doc = ok(s);
	if (!doc)
		return;
	const char *t = doc->questions[0].title;
	CHECK_INT(utf8_chars(t), 251);
	CHECK(strncmp(t, "éé", 4) == 0);
	CHECK(strcmp(t + strlen(t) - 3, "...") == 0);
	t = doc->questions[1].title;
	CHECK(utf8_chars(t) <= 251);
	CHECK(strcmp(t + strlen(t) - 8, "Titre...") == 0
	      || strcmp(t + strlen(t) - 7, "long...") == 0);
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(error_idnumber_too_long)
{
	char s[512] = "// [id:";
	for (int i = 0; i < 120; i++)
		append(s, sizeof(s), "x");
	append(s, sizeof(s), "]\nQ ?{T}");
	struct gift_error e;
	CHECK_INT(err(s, &e), 1);
	CHECK(strstr(e.message, "[id:]") != NULL);
}

TEST(errors_are_all_reported_and_nothing_imported)
{
	struct gift_doc *doc = NULL;
	const char *s = "Bon ?{T}\n\nMauvais ?{~%150%a ~b}\n\nBon ?{F}\n\nMauvais ?{#abc}\n";
	CHECK_INT(gift_parse(s, strlen(s), &doc), GIFT_ERR_SYNTAX);
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 0);
	CHECK_INT(doc->nerrors, 2);
	if (doc->nerrors == 2) {
		CHECK_INT(doc->errors[0].line, 3);
		CHECK_INT(doc->errors[1].line, 7);
	}
	gift_doc_free(doc);
}

TEST(errors_are_capped)
{
	char *s = malloc(100 * 16);
	if (!s)
		return;
	s[0] = '\0';
	for (int i = 0; i < 100; i++)
		append(s, 100 * 16, "Q ?{#x}\n\n");
	struct gift_doc *doc = NULL;
	CHECK_INT(gift_parse(s, strlen(s), &doc), GIFT_ERR_SYNTAX);
	if (doc) {
		CHECK_INT(doc->nerrors, GIFT_MAX_ERRORS);
		CHECK(strstr(doc->errors[GIFT_MAX_ERRORS - 1].message, "trop d'erreurs") != NULL);
	}
	gift_doc_free(doc);
	free(s);
}

/* Messages are formatted in the thread's language: English for a request
** made in English (po/en.po), French otherwise, the CLI included. */
TEST(errors_in_english)
{
	const char *s = "::A::Deux plus deux ? {=4 ~3\n\n::B::Poids ? {~%150%a =b}\n\n"
	                "::C::Sans fin ::\n";
	struct gift_doc *doc = NULL;
	CHECK(i18n_init() > 0);
	i18n_set_lang(LANG_EN);
	CHECK_INT(gift_parse(s, strlen(s), &doc), GIFT_ERR_SYNTAX);
	i18n_set_lang(LANG_FR);
	if (!doc)
		return;
	CHECK_INT(doc->nerrors, 2);
	if (doc->nerrors == 2) {
		CHECK_INT(doc->errors[0].line, 1);
		CHECK_STR(doc->errors[0].message, "unclosed brace ‘{’: the ‘}’ ending the "
		          "answers is missing");
		CHECK_INT(doc->errors[1].line, 3);
		CHECK_STR(doc->errors[1].message, "invalid weight ‘%150%’: expected a "
		          "percentage from -100 to 100 between two %, for example ~%50%answer");
	}
	gift_doc_free(doc);
	/* back in French */
	struct gift_error e;
	CHECK_INT(err("Q ?{=a", &e), 1);
	CHECK(strstr(e.message, "accolade « { » non fermée") != NULL);
	/* every message has its translation: a sample of each kind */
	const char *bad[] = { "", "Q ?{~a}", "Q ?{#x}", "Q ?{=a -> }", "Q ?{T}\n=a", "::T", "Q}" };
	i18n_set_lang(LANG_EN);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK_INT(err(bad[i], &e) >= 0, 1);
		/* no French word left: the accents and guillemets are gone */
		CHECK(strstr(e.message, "«") == NULL && strstr(e.message, "é") == NULL);
	}
	i18n_set_lang(LANG_FR);
}

/* ---- Export ---- */

static const char rich[] =
	"// [id:R1] [tag:un] [tag:deux\\]]\n"
	"::Riche \\: titre::[html]<p>Texte \\{ riche \\}</p>{\n"
	"=bon#[plain]fb\n~%50%moitié\n~%-33.33333%faux\n####[markdown]*gf*}\n\n"
	"$CATEGORY: cat/sous-cat\n\n"
	"Trou {=a =%25%b#x} au milieu.\n\n"
	"Multi {~%50%a ~%50%b ~%-100%c}\n\n"
	"VF {F#non#oui####g}\n\n"
	"VF2 {T##seulement juste}\n\n"
	"Num {#=1.5:0.1 =%50%1..2 =%10%* ~#autre}\n\n"
	"Assoc {=[html]<b>a</b> -> 1 =b -> 2 = -> 3}\n\n"
	"Essai {####corrigé}\n\n"
	"Essai2 {}\n\n"
	"Description avec \\\\ et \\n ligne\n\n"
	"Flèche {a->b#c->d}\n\n"
	"[html]<i>x</i>{T}\n\n"
	"::[html]::[moodle][html] texte {~%0%%a ~[plain]%b =[c}\n";

TEST(export_roundtrip_rich)
{
	struct gift_doc *doc = ok(rich);
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 13);
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(export_layout)
{
	ONE(doc, "// [id:Q1] [tag:t]\n::T::Q ?{=a#bien ~%50%b ~c####fin}");
	char *text = NULL;
	CHECK_INT(gift_export(doc->questions, doc->nquestions, &text, NULL), 0);
	CHECK_STR(text, "// [id:Q1]\n// [tag:t]\n::T::Q ?{\n\t=a#bien\n\t~%50%b\n\t~c\n\t####fin\n}\n\n");
	free(text);
	gift_doc_free(doc);
}

TEST(export_escapes_special_characters)
{
	struct gift_answer ans[2] = {
		{ .text = "x = {1}", .fraction = 1, .feedback = "a#b~c" },
		{ .text = "C:\\dir\nligne", .fraction = 0 },
	};
	struct gift_question q = {
		.type = GIFT_MULTICHOICE, .title = "a::b", .text = "// pas un commentaire",
		.answers = ans, .nanswers = 2, .single = true,
	};
	char *text = NULL;
	CHECK_INT(gift_export(&q, 1, &text, NULL), 0);
	CHECK(text && strstr(text, "\\=a") == NULL);
	CHECK(text && strstr(text, "x \\= \\{1\\}#a\\#b\\~c") != NULL);
	CHECK(text && strstr(text, "C\\:\\\\dir\\nligne") != NULL);
	CHECK(text && strstr(text, "::a\\:\\:b::[moodle]// pas") != NULL);
	struct gift_doc *doc = text ? ok(text) : NULL;
	if (doc)
		CHECK(gift_question_equal(&q, &doc->questions[0]));
	gift_doc_free(doc);
	free(text);
}

TEST(export_multichoice_all_right)
{
	/* Every answer at 100 %: one is written ~%100% to stay a multiple
	** choice rather than a short answer. */
	struct gift_answer ans[2] = { { .text = "a", .fraction = 1 }, { .text = "b", .fraction = 1 } };
	struct gift_question q = { .type = GIFT_MULTICHOICE, .text = "Q", .answers = ans,
	                           .nanswers = 2, .single = true };
	char *text = NULL;
	CHECK_INT(gift_export(&q, 1, &text, NULL), 0);
	struct gift_doc *doc = text ? ok(text) : NULL;
	if (doc) {
		CHECK_INT(doc->questions[0].type, GIFT_MULTICHOICE);
		CHECK(gift_question_equal(&q, &doc->questions[0]));
	}
	gift_doc_free(doc);
	free(text);
}

TEST(export_refuses_what_gift_cannot_say)
{
	char *text = NULL;
	struct gift_answer one = { .text = "a", .fraction = 1 };
	struct gift_question mc = { .type = GIFT_MULTICHOICE, .text = "Q", .answers = &one,
	                            .nanswers = 1, .single = true };
	CHECK_INT(gift_export(&mc, 1, &text, NULL), GIFT_ERR_ARG);
	CHECK(text == NULL);
	struct gift_pair pairs[2] = { { .left = "a->b", .right = "1" }, { .left = "c", .right = "2" } };
	struct gift_question m = { .type = GIFT_MATCHING, .text = "Q", .pairs = pairs, .npairs = 2 };
	CHECK_INT(gift_export(&m, 1, &text, NULL), GIFT_ERR_ARG);
	struct gift_question d = { .type = GIFT_DESCRIPTION, .text = "D", .general_feedback = "x" };
	CHECK_INT(gift_export(&d, 1, &text, NULL), GIFT_ERR_ARG);
	struct gift_question c = { .type = GIFT_ESSAY, .text = "E", .category = "a\nb" };
	CHECK_INT(gift_export(&c, 1, &text, NULL), GIFT_ERR_ARG);
	const char *tags[] = { "<script>" };
	struct gift_question t = { .type = GIFT_ESSAY, .text = "E", .tags = tags, .ntags = 1 };
	CHECK_INT(gift_export(&t, 1, &text, NULL), GIFT_ERR_ARG);
	struct gift_answer bad = { .text = "a", .fraction = 1.5 };
	struct gift_question sa = { .type = GIFT_SHORTANSWER, .text = "Q", .answers = &bad, .nanswers = 1 };
	CHECK_INT(gift_export(&sa, 1, &text, NULL), GIFT_ERR_ARG);
	struct gift_question empty = { .type = GIFT_ESSAY, .text = "" };
	CHECK_INT(gift_export(&empty, 1, &text, NULL), GIFT_ERR_ARG);
}

TEST(question_equal_sees_differences)
{
	struct gift_doc *a = ok("::T::Q ?{=a#f ~b}"), *b = ok("::T::Q ?{=a#f ~b}");
	if (!a || !b) {
		gift_doc_free(a);
		gift_doc_free(b);
		return;
	}
	struct gift_question q = a->questions[0];
	CHECK(gift_question_equal(&q, &b->questions[0]));
	struct gift_answer ans[2] = { q.answers[0], q.answers[1] };
	q.answers = ans;
	ans[1].fraction = 0.5;
	CHECK(!gift_question_equal(&q, &b->questions[0]));
	ans[1].fraction = 0;
	ans[0].feedback = "autre";
	CHECK(!gift_question_equal(&q, &b->questions[0]));
	ans[0].feedback = "f";
	q.single = false;
	CHECK(!gift_question_equal(&q, &b->questions[0]));
	q.single = true;
	q.title = NULL;
	CHECK(!gift_question_equal(&q, &b->questions[0]));
	q.title = "T";
	q.line = 99;   /* ignored */
	CHECK(gift_question_equal(&q, &b->questions[0]));
	gift_doc_free(a);
	gift_doc_free(b);
}

/* ---- Moodle's own importer tests ---- */

/*
** The import cases of Moodle's tests (question/format/gift/tests/
** giftformat_test.php), with the values Moodle expects. Moodle's tests call
** readquestion() on untrimmed lines; a real import trims every line first
** (qformat_default::readquestions()), as gift_parse() does, so the <pre>
** case loses its indentation here as it does in Moodle's import.
*/
TEST(moodle_test_cases)
{
	struct gift_doc *doc = ok(
		"// essay\n::Q8:: How are you? {}\n\n"
		"// question: 2  name: Moodle activities\n"
		"::Moodle activities::[html]Match the <b>activity</b> to the description.{\n"
		"    =[html]An activity supporting asynchronous discussions. -> Forum\n"
		"    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n"
		"    =[plain]A bank of record entries which participants can add to. -> Database\n"
		"    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n"
		"    = -> Chat\n}\n\n"
		"// multiple choice with specified feedback for right and wrong answers\n"
		"::Q2:: What's between orange and green in the spectrum?\n{\n"
		"    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n"
		"    ~[plain]blue # wrong, it's yellow\n}\n\n"
		"::colours:: What's between orange and green in the spectrum?\n{\n"
		"    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n"
		"    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}\n\n"
		"::colours:: What's between orange and green in the spectrum?\n{\n"
		"    ~%100%yellow # right; good!\n    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}\n\n"
		"// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}\n\n"
		"// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n"
		"    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n"
		"    =%0%*#Completely wrong\n    ####[html]Here is some general feedback!\n}\n\n"
		"// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\n"
		"FALSE#42 is the Ultimate Answer.#You gave the right answer.}\n\n"
		"// name 0-11\n::2-08 TSL::TSL is blablabla.{T}\n\n"
		"// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}\n\n"
		"::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n"
		"    public void test() \\{\n        method1();\n    \\}\n</pre>\n{}\n\n"
		"// This question is to test importing tags: [tag:tag] [tag:other-tag].\n"
		"// And an idnumber: [id:myid].\n::Question name:: How are you? {}\n\n"
		"// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.\nQ {}\n\n"
		"// Ceci n'est pas une [tag:\n// \\ frog].\nQ {}\n\n"
		"// [id:i\\]d]. [tag:t\\]ag].\nQ {}\n");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 15);
	if (doc->nquestions != 15) {
		gift_doc_free(doc);
		return;
	}
	const struct gift_question *q = doc->questions;
	CHECK_INT(q[0].type, GIFT_ESSAY);
	CHECK_STR(q[0].title, "Q8");
	CHECK_STR(q[0].text, "How are you?");

	CHECK_INT(q[1].type, GIFT_MATCHING);
	CHECK_INT(q[1].format, GIFT_FORMAT_HTML);
	CHECK_STR(q[1].text, "Match the <b>activity</b> to the description.");
	CHECK_INT(q[1].npairs, 5);
	CHECK_STR(q[1].pairs[0].left, "An activity supporting asynchronous discussions.");
	CHECK_INT(q[1].pairs[0].left_format, GIFT_FORMAT_HTML);
	CHECK_INT(q[1].pairs[1].left_format, GIFT_FORMAT_MOODLE);
	CHECK_INT(q[1].pairs[2].left_format, GIFT_FORMAT_PLAIN);
	CHECK_INT(q[1].pairs[3].left_format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q[1].pairs[3].right, "Wiki");
	CHECK_STR(q[1].pairs[4].left, "");
	CHECK_INT(q[1].pairs[4].left_format, GIFT_FORMAT_HTML);
	CHECK_STR(q[1].pairs[4].right, "Chat");

	CHECK_INT(q[2].type, GIFT_MULTICHOICE);
	CHECK(q[2].single);
	CHECK_STR(q[2].text, "What's between orange and green in the spectrum?");
	CHECK_STR(q[2].answers[0].text, "yellow");
	CHECK_STR(q[2].answers[0].feedback, "right; good!");
	CHECK_INT(q[2].answers[1].feedback_format, GIFT_FORMAT_HTML);
	CHECK_STR(q[2].answers[1].feedback, "wrong, it's yellow");
	CHECK_INT(q[2].answers[2].format, GIFT_FORMAT_PLAIN);
	CHECK_INT(q[2].answers[2].feedback_format, GIFT_FORMAT_MOODLE);
	CHECK_NEAR(q[2].answers[0].fraction, 1, 0);
	CHECK_NEAR(q[2].answers[1].fraction, 0, 0);

	CHECK(!q[3].single);
	CHECK_INT(q[3].nanswers, 4);
	CHECK_NEAR(q[3].answers[0].fraction, 0.5, 0);
	CHECK_NEAR(q[3].answers[1].fraction, -1, 0);
	CHECK_STR(q[3].answers[2].text, "off-beige");
	CHECK_INT(q[3].answers[3].format, GIFT_FORMAT_PLAIN);
	CHECK(!q[4].single);
	CHECK_NEAR(q[4].answers[0].fraction, 1, 0);
	CHECK_NEAR(q[4].answers[2].fraction, -0.5, 0);

	CHECK_INT(q[5].type, GIFT_NUMERICAL);
	CHECK_INT(q[5].nanswers, 2);
	CHECK_NEAR(q[5].answers[0].value, 3, 0);
	CHECK_NEAR(q[5].answers[0].tolerance, 2, 0);
	CHECK_INT(q[5].answers[1].num_kind, GIFT_NUM_ANY);
	CHECK_NEAR(q[5].answers[1].fraction, 0, 0);
	CHECK_STR(q[5].answers[1].feedback, "Completely wrong");

	CHECK_INT(q[6].type, GIFT_SHORTANSWER);
	CHECK_STR(q[6].answers[2].text, "*");
	CHECK_NEAR(q[6].answers[1].fraction, 0.5, 0);
	CHECK_NEAR(q[6].answers[2].fraction, 0, 0);
	CHECK_STR(q[6].general_feedback, "Here is some general feedback!");
	CHECK_INT(q[6].general_feedback_format, GIFT_FORMAT_HTML);

	/* feedbacktrue is shown to who answers "true": the wrong answer here */
	CHECK_INT(q[7].type, GIFT_TRUEFALSE);
	CHECK(!q[7].correct);
	CHECK_STR(q[7].answers[0].feedback, "42 is the Ultimate Answer.");
	CHECK_STR(q[7].answers[1].feedback, "You gave the right answer.");
	CHECK(q[8].correct);
	CHECK_STR(q[8].title, "2-08 TSL");

	CHECK_STR(q[9].text, "A \\ B \\\\ C");
	CHECK_STR(q[10].text, "<p>What would running the test method print?</p>\n<pre>\n"
	          "public void test() {\nmethod1();\n}\n</pre>");
	CHECK_INT(q[10].general_feedback_format, GIFT_FORMAT_HTML);

	CHECK_STR(q[11].idnumber, "myid");
	CHECK_INT(q[11].ntags, 2);
	CHECK_STR(q[11].tags[0], "tag");
	CHECK_STR(q[11].tags[1], "other-tag");
	CHECK_STR(q[12].idnumber, "four");
	CHECK_INT(q[12].ntags, 2);
	CHECK_STR(q[12].tags[0], "basic");
	CHECK_STR(q[12].tags[1], "add");
	CHECK_INT(q[13].ntags, 0);          /* a tag cannot span two lines */
	CHECK_STR(q[13].idnumber, "");
	CHECK_STR(q[14].idnumber, "i]d");
	CHECK_INT(q[14].ntags, 1);
	CHECK_STR(q[14].tags[0], "t]ag");
	roundtrip(doc);
	gift_doc_free(doc);
}

/* ---- Teachers' files ---- */

TEST(teacher_file_histoire_geo)
{
	size_t len = 0;
	char *s = read_file("tests/data/gift/histoire_geo_4e.gift", &len);
	CHECK(s != NULL);
	if (!s)
		return;
	struct gift_doc *doc = ok(s);
	free(s);
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 11);
	const struct gift_question *q = &doc->questions[0];
	CHECK_STR(q->title, "Prise de la Bastille");
	CHECK_STR(q->idnumber, "HG4-REV-01");
	CHECK_INT(q->ntags, 2);
	CHECK_STR(q->category, "$course$/top/Histoire/Révolution française");
	CHECK_STR(q->general_feedback, "Le 14 juillet 1789, le peuple parisien prend la Bastille.");
	CHECK_STR(doc->questions[1].text,
	          "La Déclaration des droits de l'homme et du citoyen est adoptée le _____ 1789.");
	CHECK_STR(doc->questions[3].answers[0].feedback,
	          "Non : elle a été écrite à Strasbourg par Rouget de Lisle.");
	CHECK(!doc->questions[4].single);
	CHECK_NEAR(doc->questions[4].answers[3].fraction, -1, 0);
	CHECK_INT(doc->questions[5].type, GIFT_SHORTANSWER);
	CHECK_STR(doc->questions[5].category, "$course$/top/Géographie");
	CHECK_INT(doc->questions[6].type, GIFT_MATCHING);
	CHECK_INT(doc->questions[6].npairs, 4);
	CHECK_INT(doc->questions[8].nanswers, 3);
	CHECK_INT(doc->questions[9].type, GIFT_DESCRIPTION);
	CHECK_INT(doc->questions[10].type, GIFT_ESSAY);
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(teacher_file_windows)
{
	size_t len = 0;
	char *s = read_file("tests/data/gift/sciences_windows.gift", &len);
	CHECK(s != NULL);
	if (!s)
		return;
	struct gift_doc *doc = ok(s);
	free(s);
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 7);
	const struct gift_question *q = &doc->questions[0];
	CHECK_STR(q->idnumber, "SCI-01");
	CHECK_INT(q->ntags, 1);
	CHECK_INT(q->format, GIFT_FORMAT_HTML);
	CHECK_INT(q->line, 4);
	CHECK_NEAR(q->answers[1].value, 299792.458, 0);
	CHECK_STR(doc->questions[2].text, "Résoudre \\(2x + 1 = 5\\) : x vaut _____ .");
	CHECK_STR(doc->questions[5].answers[2].text, "{");
	CHECK_STR(doc->questions[5].text, "Dans un programme C, un bloc commence par _____ et finit par }.");
	CHECK_STR(doc->questions[6].text, "Rédigez le compte rendu du TP.\nIndiquez le matériel utilisé.");
	roundtrip(doc);
	gift_doc_free(doc);
}

/* Parses a file of tests/data/gift/, which must succeed; NULL otherwise. */
static struct gift_doc *ok_file(const char *path)
{
	size_t len = 0;
	char *s = read_file(path, &len);
	CHECK(s != NULL);
	if (!s)
		return NULL;
	struct gift_doc *doc = NULL;
	int rc = gift_parse(s, len, &doc);
	free(s);
	CHECK_INT(rc, GIFT_OK);
	if (rc != GIFT_OK) {
		for (size_t i = 0; doc && i < doc->nerrors; i++)
			fprintf(stderr, "  %s line %d: %s\n", path, doc->errors[i].line,
			        doc->errors[i].message);
		gift_doc_free(doc);
		return NULL;
	}
	return doc;
}

TEST(teacher_file_moodle_export)
{
	/* As Moodle 4 exports a bank: "// question:" comments, categories
	** switched in their own blocks, HTML with escaped = and :, weights
	** written "=%100%", a "~#" catch-all, a question of a type GIFT
	** cannot hold (Cloze) left as comments only. */
	struct gift_doc *doc = ok_file("tests/data/gift/moodle_export_hg_4e.gift");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 14);
	const struct gift_question *q = doc->questions;
	CHECK_STR(q[0].category, "$course$/top/Défaut pour 4e B/Révolution française");
	CHECK_STR(q[0].idnumber, "HG4-REV-01");
	CHECK_INT(q[0].ntags, 2);
	CHECK_INT(q[0].format, GIFT_FORMAT_HTML);
	CHECK_STR(q[0].text, "<p dir=\"ltr\" style=\"text-align: left;\">En quelle "
	          "année a eu lieu la prise de la Bastille ?<br></p>");
	CHECK_INT(q[0].answers[0].format, GIFT_FORMAT_HTML);
	CHECK(strstr(q[1].text, "</p>\n<p><img src=\"@@PLUGINFILE@@/marianne.png\"") != NULL);
	CHECK(!q[1].single);
	CHECK_NEAR(q[1].answers[0].fraction, 0.3333333, 0);
	CHECK_NEAR(q[1].answers[3].fraction, -1, 0);
	CHECK(q[2].correct);
	CHECK_STR(q[2].answers[0].feedback, "<p>Exact.</p>");
	CHECK_STR(q[2].answers[1].feedback, "<p>Si, le 21 janvier 1793.</p>");
	CHECK(!q[3].correct);
	CHECK_STR(q[3].answers[0].feedback, "<p>Non, à Strasbourg, par Rouget de Lisle.</p>");
	CHECK(strstr(q[4].text, "adoptée le _____ 1789.") != NULL);
	CHECK_STR(q[5].category, "$course$/top/Défaut pour 4e B/Géographie");
	CHECK_INT(q[5].type, GIFT_SHORTANSWER);
	CHECK_INT(q[5].nanswers, 3);
	CHECK_NEAR(q[5].answers[2].fraction, 0, 0);
	CHECK_STR(q[5].answers[2].feedback, "<p>Capitale de 1901 à 1927 seulement.</p>");
	CHECK_INT(q[6].type, GIFT_NUMERICAL);
	CHECK_INT(q[6].nanswers, 3);
	CHECK_STR(q[6].idnumber, "GEO-ALT");
	CHECK_NEAR(q[6].answers[1].tolerance, 50, 0);
	CHECK_INT(q[6].answers[2].num_kind, GIFT_NUM_ANY);
	CHECK_STR(q[6].answers[2].feedback, "<p>Revoyez la leçon sur les Alpes.</p>");
	CHECK_INT(q[7].type, GIFT_MATCHING);
	CHECK_INT(q[7].npairs, 4);
	CHECK_STR(q[7].pairs[0].left, "<p>La Seine</p>");
	CHECK_STR(q[7].pairs[3].left, "");
	CHECK_INT(q[8].type, GIFT_DESCRIPTION);
	CHECK_INT(q[9].type, GIFT_ESSAY);
	CHECK_STR(q[10].title, "Population : France");
	CHECK_INT(q[11].format, GIFT_FORMAT_MARKDOWN);
	CHECK_INT(q[12].format, GIFT_FORMAT_PLAIN);
	CHECK(strstr(q[13].text, "{près des pôles} sont = agrandies") != NULL);
	CHECK_INT(q[13].general_feedback_format, GIFT_FORMAT_PLAIN);
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(teacher_file_hand_written)
{
	/* Written by hand under Windows: BOM, CRLF, tabs and trailing blanks,
	** comments everywhere, feedback on its own line, every true/false
	** spelling, missing words, numbers with a decimal comma, ranges and
	** exponents, "#" in a matching pair, escapes, LaTeX, formats, an
	** unknown [HTML] prefix, Unicode, a stray "~". */
	struct gift_doc *doc = ok_file("tests/data/gift/prof_sciences_5e_windows.gift");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 31);
	const struct gift_question *q = doc->questions;
	CHECK_STR(q[0].category, "Sciences/Physique-chimie");
	CHECK_INT(q[0].line, 8);
	CHECK_STR(q[0].answers[2].feedback, "Oui : c'est de la vapeur d'eau.");
	CHECK_STR(q[1].answers[1].text, "le gramme");
	CHECK_STR(q[1].answers[1].feedback, "C'est un sous-multiple.");
	CHECK(strncmp(q[1].general_feedback, "Depuis 2019", 11) == 0);
	CHECK(!q[2].single);
	CHECK_NEAR(q[2].answers[0].fraction, 0.33333, 0);
	CHECK_NEAR(q[2].answers[2].fraction, 0.33334, 0);
	CHECK(!q[3].correct);
	CHECK(q[4].correct);
	CHECK_STR(q[4].answers[0].feedback, "Bravo.");
	CHECK_STR(q[4].answers[1].feedback, "Si, 1 L d'air a une masse d'environ 1,2 g.");
	CHECK_STR(q[5].general_feedback, "Les molécules d'eau restent les mêmes.");
	CHECK_STR(q[7].text, "Lors de la combustion du carbone, il se forme du _____ et de l'énergie.");
	CHECK_INT(q[7].type, GIFT_SHORTANSWER);
	CHECK_STR(q[8].text, "La transformation de l'état liquide à l'état gazeux s'appelle la _____.");
	CHECK_NEAR(q[9].answers[2].fraction, 0.5, 0);
	CHECK_INT(q[10].type, GIFT_SHORTANSWER);
	CHECK_STR(q[10].answers[0].text, "oxygène");
	CHECK_STR(q[11].category, "Sciences/Mathématiques");
	CHECK_NEAR(q[11].answers[0].value, 3.14, 0);
	CHECK_NEAR(q[11].answers[0].tolerance, 0.005, 0);
	CHECK_INT(q[12].answers[0].num_kind, GIFT_NUM_RANGE);
	CHECK_INT(q[13].nanswers, 3);
	CHECK_NEAR(q[14].answers[0].value, -39, 0);
	CHECK_NEAR(q[15].answers[0].value, 1.602e-19, 0);
	CHECK_STR(q[16].pairs[0].left, "C#");
	CHECK_STR(q[17].general_feedback, "Révisez la carte d'Europe.");
	CHECK_STR(q[18].title, "Caractères : spéciaux");
	CHECK_STR(q[18].text, "Dans le fichier, on écrit { et } pour des accolades, ~ pour "
	          "un tilde, = pour un égal et # pour un dièse.");
	CHECK_STR(q[19].answers[0].text, "\\( \\frac{3}{4} \\)");
	CHECK_STR(q[20].text, "Le chemin C:\\Cours\\Sciences contient une barre oblique "
	          "inversée.\nVrai ?");
	CHECK_INT(q[21].format, GIFT_FORMAT_HTML);
	CHECK_INT(q[21].answers[1].feedback_format, GIFT_FORMAT_PLAIN);
	CHECK_INT(q[22].general_feedback_format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q[23].text, "[HTML]Un format inconnu reste dans le texte.");
	CHECK(strstr(q[24].text, "~4,5 milliards") != NULL);
	CHECK(strstr(q[24].text, "https://fr.wikipedia.org/wiki/Terre") != NULL);
	CHECK_STR(q[26].answers[0].text, "💧");
	CHECK_INT(q[27].nanswers, 3);
	CHECK_INT(q[28].type, GIFT_ESSAY);
	CHECK_INT(q[29].type, GIFT_DESCRIPTION);
	CHECK_STR(q[30].text, "Question sans titre avec un texte\nsur plusieurs lignes\n"
	          "et des réponses plus loin :");
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(teacher_file_moodle_documentation)
{
	/* Written by hand from Moodle's GIFT documentation: "$course$/top/"
	** categories, a comment inside a text, [markdown], [html], [plain]
	** and [moodle], every escape and \n, numerical answers with partial
	** credit, a range and a catch-all, missing words of each kind,
	** {TRUE#...#...}, {F####...}, matching with a distractor, short
	** answers with weights, essays, descriptions (one a worked
	** calculation), a very long line, a title with escaped colons, C
	** format specifiers as answers, a comment right after a question. */
	struct gift_doc *doc = ok_file("tests/data/gift/prof_maths_francais_3e.gift");
	if (!doc)
		return;
	CHECK_INT(doc->nquestions, 23);
	if (doc->nquestions != 23) {
		gift_doc_free(doc);
		return;
	}
	const struct gift_question *q = doc->questions;
	CHECK_STR(q[0].category, "$course$/top/Défaut pour 3e A/Calcul");
	CHECK_STR(q[0].idnumber, "M3-CALC-01");
	CHECK_INT(q[0].ntags, 2);
	CHECK_INT(q[0].format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q[0].text, "Combien vaut **1/2 + 1/4** ?\n \nDonnez la fraction *irréductible*.");
	CHECK_INT(q[0].answers[1].format, GIFT_FORMAT_MARKDOWN);
	CHECK_STR(q[0].answers[0].feedback, "Bravo : on réduit au même dénominateur.");
	CHECK_STR(q[0].general_feedback, "On écrit $\\frac{1}{2} = \\frac{2}{4}$.");
	CHECK(!q[1].single);
	CHECK_NEAR(q[1].answers[2].fraction, -0.5, 0);
	CHECK_STR(q[1].answers[2].feedback, "9 = 3 × 3.");
	CHECK_INT(q[2].type, GIFT_NUMERICAL);
	CHECK_INT(q[2].nanswers, 3);
	CHECK_NEAR(q[2].answers[0].value, 3.142, 0);
	CHECK_NEAR(q[2].answers[0].tolerance, 0.0005, 0);
	CHECK_NEAR(q[2].answers[1].fraction, 0.5, 0);
	CHECK_INT(q[2].answers[2].num_kind, GIFT_NUM_ANY);
	CHECK_STR(q[2].answers[2].feedback, "Revoyez la leçon sur le cercle.");
	CHECK_INT(q[3].answers[0].num_kind, GIFT_NUM_RANGE);
	CHECK_NEAR(q[4].answers[0].tolerance, 0, 0);
	CHECK_INT(q[5].type, GIFT_DESCRIPTION);
	CHECK_STR(q[5].text, "Développons (x + 3)² avec l'identité remarquable :\n"
	          "(x + 3)² = x² + 2 × 3 × x + 3²\n= x² + 6x + 9");
	CHECK_STR(q[6].text, "La Révolution française commence en _____ avec la prise de la Bastille.");
	CHECK_STR(q[7].category, "$course$/top/Défaut pour 3e A/Français");
	CHECK_STR(q[7].text, "Les fleurs que j'ai _____ sont fanées.");
	CHECK_INT(q[8].type, GIFT_SHORTANSWER);
	CHECK_NEAR(q[8].answers[1].fraction, 0.5, 0);
	CHECK(q[9].correct);
	CHECK_STR(q[9].answers[0].feedback, "Oui.");
	CHECK_STR(q[9].answers[1].feedback, "Si : il s'accorde avec le COD placé avant.");
	CHECK(!q[10].correct);
	CHECK_STR(q[10].general_feedback, "C'est Charles Baudelaire (1857).");
	CHECK(q[11].correct);
	CHECK_STR(q[11].general_feedback, "Il répond à la question « quoi ? ».");
	CHECK_INT(q[12].npairs, 4);
	CHECK_STR(q[12].pairs[3].left, "");
	CHECK_STR(q[12].pairs[3].right, "litote");
	CHECK_STR(q[12].general_feedback, "Une litote dit moins pour suggérer plus.");
	CHECK_INT(q[13].nanswers, 4);
	CHECK_NEAR(q[13].answers[3].fraction, 0, 0);
	CHECK_INT(q[14].type, GIFT_ESSAY);
	CHECK_STR(q[14].general_feedback, "Barème : 10 points pour la langue, 10 pour le récit.");
	CHECK_INT(q[15].type, GIFT_ESSAY);
	CHECK_INT(q[16].type, GIFT_DESCRIPTION);
	CHECK(strlen(q[17].text) > 2000);
	CHECK_STR(q[18].text, "Dans GIFT, on écrit { et } pour des accolades, ~ pour un tilde, = pour "
	          "un égal, # pour un dièse et : pour deux-points\nsur une nouvelle ligne.");
	CHECK_STR(q[19].title, "Heure:: titre avec deux-points");
	CHECK_STR(q[19].text, "Quelle heure est-il à 12:30 ?");
	CHECK_INT(q[20].format, GIFT_FORMAT_HTML);
	CHECK(strstr(q[20].text, "<img src=\"@@PLUGINFILE@@/img.png\" alt=\"image\" />") != NULL);
	CHECK_INT(q[20].answers[0].format, GIFT_FORMAT_PLAIN);
	CHECK_INT(q[20].answers[2].format, GIFT_FORMAT_MOODLE);
	CHECK_STR(q[21].answers[0].text, "%d");
	CHECK_STR(q[21].answers[3].text, "%.2f");
	CHECK_STR(q[22].title, "");
	roundtrip(doc);
	gift_doc_free(doc);
}

TEST(teacher_file_with_errors)
{
	size_t len = 0;
	char *s = read_file("tests/data/gift/erreurs.gift", &len);
	CHECK(s != NULL);
	if (!s)
		return;
	struct gift_doc *doc = NULL;
	CHECK_INT(gift_parse(s, len, &doc), GIFT_ERR_SYNTAX);
	free(s);
	if (!doc)
		return;
	CHECK_INT(doc->nerrors, 4);
	if (doc->nerrors == 4) {
		CHECK_INT(doc->errors[0].line, 3);
		CHECK_INT(doc->errors[1].line, 5);
		CHECK_INT(doc->errors[2].line, 7);
		CHECK_INT(doc->errors[3].line, 9);
	}
	gift_doc_free(doc);
}

/* ---- The "gift check" subcommand ---- */

/* Runs gift_cli_main with stdout and stderr sent to files; returns its
** status and the captured stdout (malloc'd) in *out. */
static int run_cli(const char *file, char **out)
{
	char outpath[] = "/tmp/test_gift_outXXXXXX", errpath[] = "/tmp/test_gift_errXXXXXX";
	int ofd = mkstemp(outpath), efd = mkstemp(errpath);
	*out = NULL;
	if (ofd < 0 || efd < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	int saved_out = dup(1), saved_err = dup(2);
	dup2(ofd, 1);
	dup2(efd, 2);
	char *argv[] = { "check", (char *)file, NULL };
	int status = gift_cli_main(2, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	close(saved_out);
	close(saved_err);
	close(ofd);
	close(efd);
	size_t len;
	*out = read_file(outpath, &len);
	unlink(outpath);
	unlink(errpath);
	return status;
}

TEST(cli_check_prints_questions)
{
	char *out = NULL;
	CHECK_INT(run_cli("tests/data/gift/histoire_geo_4e.gift", &out), 0);
	json_error_t je;
	json_t *v = out ? json_loads(out, 0, &je) : NULL;
	CHECK(json_is_array(v));
	CHECK_INT(json_array_size(v), 11);
	json_t *q0 = json_array_get(v, 0);
	CHECK_STR(json_string_value(json_object_get(q0, "type")), "multichoice");
	CHECK_STR(json_string_value(json_object_get(q0, "idnumber")), "HG4-REV-01");
	CHECK(json_is_true(json_object_get(q0, "single")));
	json_t *a = json_array_get(json_object_get(q0, "answers"), 1);
	CHECK_NEAR(json_real_value(json_object_get(a, "fraction")), 1, 0);
	CHECK_STR(json_string_value(json_object_get(a, "feedback")), "Bravo !");
	json_t *num = json_array_get(json_object_get(json_array_get(v, 8), "answers"), 1);
	CHECK_NEAR(json_real_value(json_object_get(num, "min")), 67, 0);
	json_t *pair = json_array_get(json_object_get(json_array_get(v, 6), "answers"), 0);
	CHECK_STR(json_string_value(json_object_get(pair, "right")), "Paris");
	json_t *tf = json_array_get(v, 2);
	CHECK(json_is_true(json_object_get(tf, "correct")));
	/* One question per line. */
	size_t lines = 0;
	for (const char *p = out ? out : ""; *p; p++)
		lines += *p == '\n';
	CHECK_INT(lines, 13);
	json_decref(v);
	free(out);
}

TEST(cli_check_prints_errors)
{
	char *out = NULL;
	CHECK_INT(run_cli("tests/data/gift/erreurs.gift", &out), 1);
	json_error_t je;
	json_t *v = out ? json_loads(out, 0, &je) : NULL;
	json_t *errs = json_object_get(v, "errors");
	CHECK_INT(json_array_size(errs), 4);
	CHECK_INT(json_integer_value(json_object_get(json_array_get(errs, 1), "line")), 5);
	CHECK(strstr(json_string_value(json_object_get(json_array_get(errs, 1), "message")) ?
	             json_string_value(json_object_get(json_array_get(errs, 1), "message")) : "",
	             "poids") != NULL);
	json_decref(v);
	free(out);
}

TEST(cli_usage_and_missing_file)
{
	char *out = NULL;
	CHECK_INT(run_cli("tests/data/gift/nexiste-pas.gift", &out), 2);
	free(out);
	char *argv[] = { "export", NULL };
	fflush(stderr);
	int saved = dup(2), fd = open("/dev/null", O_WRONLY);
	dup2(fd, 2);
	CHECK_INT(gift_cli_main(1, argv), 2);
	dup2(saved, 2);
	close(saved);
	close(fd);
}

int main(void)
{
	RUN(multichoice_basic);
	RUN(multichoice_feedback);
	RUN(multichoice_weights);
	RUN(multichoice_weight_french_comma);
	RUN(multichoice_single_rule_is_moodles);
	RUN(answer_starting_with_percent_is_text);
	RUN(multichoice_text_before_first_marker);
	RUN(missing_word);
	RUN(missing_word_before_punctuation);
	RUN(answers_on_several_lines);
	RUN(question_on_several_lines);
	RUN(truefalse_forms);
	RUN(truefalse_feedback);
	RUN(truefalse_is_case_sensitive);
	RUN(shortanswer_basic);
	RUN(shortanswer_weights);
	RUN(shortanswer_without_equal);
	RUN(numerical_tolerance);
	RUN(numerical_exact_and_french_decimals);
	RUN(numerical_range);
	RUN(numerical_as_moodle_grades_it);
	RUN(numerical_several_answers);
	RUN(numerical_exponent);
	RUN(matching_basic);
	RUN(matching_two_pairs_and_distractor);
	RUN(matching_hash_is_text);
	RUN(essay);
	RUN(description);
	RUN(title);
	RUN(category);
	RUN(comments);
	RUN(comment_inside_a_text_leaves_a_blank_line);
	RUN(metadata_id_and_tags);
	RUN(metadata_only_from_the_question_block);
	RUN(metadata_scan_is_linear);
	RUN(long_comment_header);
	RUN(format_prefixes);
	RUN(format_unknown_prefix_is_text);
	RUN(format_markdown_after_title);
	RUN(escapes);
	RUN(escape_unknown_is_kept);
	RUN(escape_backslash_before_special);
	RUN(backslash_at_line_end_is_text);
	RUN(escaped_newline_at_ends_is_trimmed);
	RUN(several_questions_and_blank_lines);
	RUN(windows_line_endings_and_bom);
	RUN(bom_of_concatenated_files);
	RUN(error_category_inside_a_block);
	RUN(old_mac_line_endings);
	RUN(free_null_and_bad_arguments);
	RUN(input_not_nul_terminated);
	RUN(error_unclosed_brace);
	RUN(error_closing_brace_without_opening);
	RUN(error_nested_brace);
	RUN(error_two_answer_blocks);
	RUN(error_unclosed_title);
	RUN(error_bad_weight);
	RUN(error_weight_after_equal_in_multichoice);
	RUN(error_multichoice_one_answer);
	RUN(error_empty_answer);
	RUN(stray_markers_are_dropped);
	RUN(error_bad_numerical);
	RUN(error_matching_without_pairs);
	RUN(error_answer_outside_braces);
	RUN(error_no_question_text);
	RUN(error_empty_file);
	RUN(error_not_utf8);
	RUN(error_nul_byte);
	RUN(error_file_too_big);
	RUN(error_too_many_answers);
	RUN(error_question_too_long);
	RUN(long_title_is_shortened);
	RUN(error_idnumber_too_long);
	RUN(errors_are_all_reported_and_nothing_imported);
	RUN(errors_are_capped);
	RUN(errors_in_english);
	RUN(export_roundtrip_rich);
	RUN(export_layout);
	RUN(export_escapes_special_characters);
	RUN(export_multichoice_all_right);
	RUN(export_refuses_what_gift_cannot_say);
	RUN(question_equal_sees_differences);
	RUN(moodle_test_cases);
	RUN(teacher_file_histoire_geo);
	RUN(teacher_file_windows);
	RUN(teacher_file_moodle_export);
	RUN(teacher_file_hand_written);
	RUN(teacher_file_moodle_documentation);
	RUN(teacher_file_with_errors);
	RUN(cli_check_prints_questions);
	RUN(cli_check_prints_errors);
	RUN(cli_usage_and_missing_file);
	TEST_END();
}
