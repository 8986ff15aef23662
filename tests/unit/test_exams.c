/*
** The pure parts of the certification exams: reading the CSV class lists
** schools export (exams_candidates_parse(): columns found by their names,
** encodings, an error per faulty line, duplicates), and personal codes as
** pupils type them.
*/
#include "test.h"

#include <stdlib.h>

#include "exams/exams.h"
#include "kernel/arena.h"

static struct arena *a;

static struct candidate_import parse(const char *csv)
{
	struct candidate_import out;
	CHECK_INT(exams_candidates_parse(a, csv, strlen(csv), &out), 0);
	return out;
}

TEST(a_plain_list)
{
	struct candidate_import c = parse("\xEF\xBB\xBFNom;Prénom;Date de naissance;Classe;Tiers-temps\r\n"
	                                  "Lemaître;Anaïs;12/05/2012;4e C;non\r\n"
	                                  "Renaud;Théo;2012-02-28;4e C;oui\r\n"
	                                  "Brun;Élodie;;4e C;50 %\r\n");
	CHECK(c.file_error == NULL);
	CHECK_INT(c.nlines, 3);
	CHECK_INT(c.nerrors, 0);
	CHECK_STR(c.encoding, "UTF-8");
	CHECK_INT(c.separator, ';');
	CHECK_STR(c.lines[0].family_name, "Lemaître");
	CHECK_STR(c.lines[0].birth_date, "2012-05-12");
	CHECK_INT(c.lines[0].line, 2);
	CHECK_INT(c.lines[1].extra_time_pct, 33);
	CHECK_STR(c.lines[2].birth_date, "");
	CHECK_INT(c.lines[2].extra_time_pct, 50);
}

TEST(columns_by_name_in_any_order)
{
	struct candidate_import c = parse("DIVISION,Prénom de l'élève,NOM DE FAMILLE\n5e A,Léo,Roux\n");
	CHECK(c.file_error == NULL);
	CHECK_INT(c.nerrors, 0);
	CHECK_STR(c.lines[0].class_name, "5e A");
	CHECK_STR(c.lines[0].given_name, "Léo");
	CHECK_STR(c.lines[0].family_name, "Roux");
	CHECK_INT(c.lines[0].extra_time_pct, 0);
}

TEST(windows_1252)
{
	struct candidate_import c = parse("Nom;Pr\xe9nom;Classe\nL\xe9vy;Zo\xe9;3e B\n");
	CHECK(c.file_error == NULL);
	CHECK_STR(c.encoding, "Windows-1252");
	CHECK_STR(c.lines[0].given_name, "Zoé");
}

TEST(columns_of_other_exports_and_those_left_unread)
{
	/* a school's software: "DATE NAISS", and an INE column that is not read */
	struct candidate_import c = parse("NOM;PRENOM;DATE NAISS;DIVISION;INE\r\n"
	                                  "Roux;Léo;04/04/2013;5e A;070803012AB\r\n"
	                                  "Roux;Léa;2013-13-01;5e A;070803013CD\r\n");
	CHECK(c.file_error == NULL);
	CHECK_STR(c.lines[0].birth_date, "2013-04-04");
	CHECK(c.lines[1].error && strstr(c.lines[1].error, "2013-13-01") != NULL);
	CHECK_STR(c.ignored, "« INE »");
	c = parse("Nom;Prénom;Classe\nRoux;Léo;5e A\n");
	CHECK(c.ignored == NULL);
}

TEST(a_missing_column_refuses_the_file)
{
	struct candidate_import c = parse("Nom;Prénom;Date de naissance\nRoux;Léo;04/04/2013\n");
	CHECK(c.file_error != NULL);
	CHECK(strstr(c.file_error, "Ligne 1") != NULL);
	CHECK(strstr(c.file_error, "classe") != NULL);
	c = parse("Nom;Prénom;Classe\n");
	CHECK(c.file_error != NULL);
	c = parse("");
	CHECK(c.file_error != NULL);
	c = parse("Nom;Prénom;Classe\n\"Roux;Léo;5e A\n");
	CHECK(c.file_error != NULL); /* an open quote */
}

TEST(an_error_per_faulty_line)
{
	struct candidate_import c = parse("Nom;Prénom;Date de naissance;Classe;Tiers-temps\n"
	                                  ";Léo;04/04/2013;5e A;non\n"
	                                  "Roux;;04/04/2013;5e A;non\n"
	                                  "Roux;Léo;31/02/2013;5e A;non\n"
	                                  "Roux;Léo;04/04/2013;;non\n"
	                                  "Roux;Léo;04/04/2013;5e A;peut-être\n"
	                                  "<b>Roux</b>;Léo;04/04/2013;5e A;non\n"
	                                  "Garcia;Chloé\n"
	                                  "Roux;Léo;04/04/2013;5e A;150\n"
	                                  "Bon;Élève;01/01/2013;5e A;non\n");
	CHECK(c.file_error == NULL);
	CHECK_INT(c.nlines, 9);
	CHECK_INT(c.nerrors, 8);
	CHECK(strstr(c.lines[0].error, "nom est vide") != NULL);
	CHECK(strstr(c.lines[1].error, "prénom est vide") != NULL);
	CHECK(strstr(c.lines[2].error, "31/02/2013") != NULL);
	CHECK(strstr(c.lines[3].error, "classe est vide") != NULL);
	CHECK(strstr(c.lines[4].error, "peut-être") != NULL);
	CHECK(strstr(c.lines[5].error, "caractères non autorisés") != NULL);
	CHECK(strstr(c.lines[6].error, "colonnes") != NULL);
	CHECK(strstr(c.lines[7].error, "150") != NULL);
	CHECK(c.lines[8].error == NULL);
	CHECK_INT(c.lines[8].line, 10);
}

TEST(duplicates_within_the_file)
{
	struct candidate_import c = parse("Nom;Prénom;Date de naissance;Classe\n"
	                                  "Roux;Léo;04/04/2013;5e A\n"
	                                  "ROUX;Leo;04/04/2013;5e B\n"       /* the same pupil */
	                                  "Roux;Léo;05/05/2013;5e A\n"       /* a namesake */
	                                  "Petit;Inès;;5e A\n"
	                                  "petit;ines;;5e A\n"               /* no birth date: same class */
	                                  "Petit;Inès;;5e B\n");             /* another class */
	CHECK_INT(c.nerrors, 2);
	CHECK(c.lines[1].error && strstr(c.lines[1].error, "ligne 2") != NULL);
	CHECK(c.lines[2].error == NULL);
	CHECK(c.lines[4].error && strstr(c.lines[4].error, "ligne 5") != NULL);
	CHECK(c.lines[5].error == NULL);
}

TEST(too_many_pupils)
{
	size_t n = (EXAM_MAX_CANDIDATES + 1) * 16 + 32;
	char *csv = arena_alloc(a, n);
	char *p = csv + sprintf(csv, "Nom;Prénom;Classe\n");
	for (int i = 0; i <= EXAM_MAX_CANDIDATES; i++)
		p += sprintf(p, "N%d;P;5e\n", i);
	struct candidate_import c;
	CHECK_INT(exams_candidates_parse(a, csv, (size_t)(p - csv), &c), 0);
	CHECK(c.file_error != NULL);
}

TEST(codes_as_typed)
{
	CHECK_STR(exams_code_normal(a, "ab23-cd45", EXAM_CODE_LEN), "AB23CD45");
	CHECK_STR(exams_code_normal(a, " AB23 CD45 ", EXAM_CODE_LEN), "AB23CD45");
	CHECK(exams_code_normal(a, "AB23CD4", EXAM_CODE_LEN) == NULL);
	CHECK(exams_code_normal(a, "AB23CD456", EXAM_CODE_LEN) == NULL);
	CHECK(exams_code_normal(a, "AB23_CD45", EXAM_CODE_LEN) == NULL);
	CHECK(exams_code_normal(a, "AB23CDé5", EXAM_CODE_LEN) == NULL);
	CHECK(exams_code_normal(a, NULL, EXAM_CODE_LEN) == NULL);
	CHECK_STR(exams_code_normal(a, "casque", EXAM_SESSION_CODE_LEN), "CASQUE");
	/* a phone's dashes and no-break spaces */
	CHECK_STR(exams_code_normal(a, "AB23\xE2\x80\x94" "CD45", EXAM_CODE_LEN), "AB23CD45");
	CHECK_STR(exams_code_normal(a, "AB23\xE2\x80\x93" "CD45", EXAM_CODE_LEN), "AB23CD45");
	CHECK_STR(exams_code_normal(a, "AB23\xC2\xA0" "CD45", EXAM_CODE_LEN), "AB23CD45");
	CHECK(exams_code_normal(a, "AB23\xE2\x80" , EXAM_CODE_LEN) == NULL);
	CHECK_STR(exams_code_format(a, "AB23CD45"), "AB23-CD45");
}

int main(void)
{
	a = arena_new();
	RUN(a_plain_list);
	RUN(columns_by_name_in_any_order);
	RUN(windows_1252);
	RUN(columns_of_other_exports_and_those_left_unread);
	RUN(a_missing_column_refuses_the_file);
	RUN(an_error_per_faulty_line);
	RUN(duplicates_within_the_file);
	RUN(too_many_pupils);
	RUN(codes_as_typed);
	arena_free(a);
	TEST_END();
}
