/* Unit tests of kernel/csv.c: what schools' software exports. */
#include "test.h"

#include "kernel/csv.h"

static struct csv_table read_ok(struct arena *a, const char *s)
{
	struct csv_table t;
	struct err e = {0};
	int rc = csv_read(a, s, strlen(s), &t, &e);
	CHECK_INT(rc, 0);
	if (rc)
		fprintf(stderr, "  csv error: %s\n", e.msg);
	return t;
}

TEST(semicolons_and_windows_1252)
{
	struct arena *a = arena_new();
	struct csv_table t = read_ok(a, "Nom;Pr\xE9nom;Date\r\nL\xE9vy;Ga\xEBl;01/02/2012\r\n");
	CHECK_STR(t.encoding, "Windows-1252");
	CHECK_INT(t.separator, ';');
	CHECK_INT(t.nrows, 2);
	CHECK_STR(t.rows[0].cols[1], "Prénom");
	CHECK_STR(t.rows[1].cols[0], "Lévy");
	CHECK_STR(t.rows[1].cols[1], "Gaël");
	CHECK_INT(t.rows[1].line, 2);
	arena_free(a);
}

TEST(commas_bom_quotes_and_line_breaks)
{
	struct arena *a = arena_new();
	struct csv_table t = read_ok(a, "\xEF\xBB\xBFnom,prénom,classe\n"
	                                "\"Dupont, dit \"\"Jo\"\"\",Zoé,\"3e\nB\"\n"
	                                "\n"
	                                "Martin,Léo,4e A\n");
	CHECK_STR(t.encoding, "UTF-8");
	CHECK_INT(t.separator, ',');
	CHECK_INT(t.nrows, 3);
	CHECK_STR(t.rows[0].cols[0], "nom");
	CHECK_STR(t.rows[1].cols[0], "Dupont, dit \"Jo\"");
	CHECK_STR(t.rows[1].cols[2], "3e\nB");
	CHECK_INT(t.rows[2].line, 5); /* the quoted line break and the empty line count */
	CHECK_STR(t.rows[2].cols[1], "Léo");
	arena_free(a);
}

TEST(tabs_cr_only_and_missing_final_newline)
{
	struct arena *a = arena_new();
	struct csv_table t = read_ok(a, "a\tb\rc\td");
	CHECK_INT(t.separator, '\t');
	CHECK_INT(t.nrows, 2);
	CHECK_STR(t.rows[1].cols[1], "d");
	arena_free(a);
}

TEST(excel_sep_line)
{
	struct arena *a = arena_new();
	/* Excel's first line names the separator; lines keep their numbers */
	struct csv_table t = read_ok(a, "sep=,\r\nNom,Pr\xE9nom;x,Classe\r\nRoux,L\xE9o;y,5e A\r\n");
	CHECK_INT(t.separator, ',');
	CHECK_INT(t.nrows, 2);
	CHECK_STR(t.rows[0].cols[0], "Nom");
	CHECK_STR(t.rows[0].cols[1], "Prénom;x");
	CHECK_INT(t.rows[0].line, 2);
	CHECK_INT(t.rows[1].line, 3);
	t = read_ok(a, "SEP=;\nNom;Classe\nRoux;5e A\n");
	CHECK_INT(t.separator, ';');
	CHECK_STR(t.rows[0].cols[0], "Nom");
	struct err e = {0};
	const char *s = "sep=;\nnom;prenom\n\"C;D\n";
	CHECK_INT(csv_read(a, s, strlen(s), &t, &e), ERR_INVALID);
	CHECK(strstr(e.msg, "Ligne 3") != NULL);
	arena_free(a);
}

TEST(errors_name_the_line)
{
	struct arena *a = arena_new();
	struct csv_table t;
	struct err e = {0};
	const char *s = "nom;prenom\nA;B\n\"C;D\n";
	CHECK_INT(csv_read(a, s, strlen(s), &t, &e), ERR_INVALID);
	CHECK(strstr(e.msg, "Ligne 3") != NULL);
	CHECK_INT(csv_read(a, "", 0, &t, &e), ERR_INVALID);
	CHECK_INT(csv_read(a, "\n\n", 2, &t, &e), ERR_INVALID);
	CHECK_INT(csv_read(a, "a\0b", 3, &t, &e), ERR_INVALID);
	arena_free(a);
}

TEST(limits)
{
	struct arena *a = arena_new();
	struct sb sb;
	sb_init(&sb, a, 1024);
	for (int i = 0; i < CSV_MAX_COLS + 1; i++)
		sb_adds(&sb, "x;");
	struct csv_table t;
	struct err e = {0};
	CHECK_INT(csv_read(a, sb.buf, sb.len, &t, &e), ERR_INVALID);
	sb_truncate(&sb, 0);
	for (int i = 0; i < CSV_MAX_FIELD + 1; i++)
		sb_addc(&sb, 'y');
	CHECK_INT(csv_read(a, sb.buf, sb.len, &t, &e), ERR_INVALID);
	arena_free(a);
}

TEST(writer_quotes_and_defuses_formulas)
{
	struct arena *a = arena_new();
	struct sb sb;
	sb_init(&sb, a, 64);
	csv_write_field(&sb, "plain", ';');
	csv_write_field(&sb, "a;b", ';');
	csv_write_field(&sb, "say \"hi\"", ';');
	csv_write_field(&sb, "=HYPERLINK(\"x\")", ';');
	csv_write_field(&sb, NULL, '\n');
	CHECK_STR(sb.buf, "plain;\"a;b\";\"say \"\"hi\"\"\";\"'=HYPERLINK(\"\"x\"\")\";\n");
	/* what the writer writes, the reader reads back */
	struct csv_table t;
	struct err e = {0};
	CHECK_INT(csv_read(a, sb.buf, sb.len, &t, &e), 0);
	CHECK_STR(t.rows[0].cols[2], "say \"hi\"");
	arena_free(a);
}

int main(void)
{
	RUN(semicolons_and_windows_1252);
	RUN(commas_bom_quotes_and_line_breaks);
	RUN(tabs_cr_only_and_missing_final_newline);
	RUN(excel_sep_line);
	RUN(errors_name_the_line);
	RUN(limits);
	RUN(writer_quotes_and_defuses_formulas);
	TEST_END();
}
