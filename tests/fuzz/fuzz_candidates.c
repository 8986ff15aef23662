/*
** Fuzz target for the candidate lists of the certification exams
** (exams_candidates_parse(), src/exams/candidates.c): any bytes give
** either a message for the whole file, or lines each right or with an
** error; a right line has a clean name, first name and class, a birth date
** that is empty or AAAA-MM-JJ, and extra time between 0 and 100 %.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exams/exams.h"
#include "kernel/text.h"

static void check_text(const char *s, size_t max)
{
	if (!s || !*s || !utf8_valid(s, strlen(s)) || utf8_length(s) > max || !text_is_clean(s, false) ||
	    strpbrk(s, "<>\""))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct candidate_import c;
	if (exams_candidates_parse(a, (const char *)data, size, &c) != 0)
		abort();
	if (c.file_error) {
		if (!*c.file_error || c.nlines != 0)
			abort();
	} else {
		int errors = 0;
		if (c.nlines < 1 || c.nlines > EXAM_MAX_CANDIDATES)
			abort();
		for (int i = 0; i < c.nlines; i++) {
			const struct candidate_line *l = &c.lines[i];
			if (l->line < 2 || (i && l->line <= c.lines[i - 1].line))
				abort();
			if (l->error) {
				errors++;
				if (!*l->error || !utf8_valid(l->error, strlen(l->error)))
					abort();
				continue;
			}
			check_text(l->family_name, 100);
			check_text(l->given_name, 100);
			check_text(l->class_name, 40);
			size_t n = strlen(l->birth_date);
			if (n && (n != 10 || l->birth_date[4] != '-' || l->birth_date[7] != '-'))
				abort();
			if (l->extra_time_pct < 0 || l->extra_time_pct > 100)
				abort();
		}
		if (errors != c.nerrors)
			abort();
	}
	arena_free(a);
	return 0;
}
