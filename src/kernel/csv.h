/*
** csv.h - reading the CSV files schools export, and writing CSV exports.
**
** csv_read() accepts what spreadsheet and school software produce: UTF-8
** (with or without BOM) or Windows-1252, ';' or ',' or tab as separator
** (guessed from the first line), quoted fields with doubled quotes and line
** breaks inside, CRLF, LF or CR line ends. Empty lines are skipped, and so
** is the "sep=;" line Excel writes first (it names the separator). Every
** record remembers the line of the file where it starts, so errors can
** name it.
*/
#ifndef CARTABLE_CSV_H
#define CARTABLE_CSV_H

#include <stddef.h>

#include "kernel/arena.h"
#include "kernel/err.h"
#include "kernel/str.h"

#define CSV_MAX_ROWS 100000
#define CSV_MAX_COLS 64
#define CSV_MAX_FIELD 4096

struct csv_row {
	int line;        /* 1-based line where the record starts */
	int ncols;
	char **cols;     /* UTF-8, NUL-terminated */
};

struct csv_table {
	const char *encoding; /* "UTF-8" or "Windows-1252" */
	char separator;
	int nrows;
	struct csv_row *rows; /* the header row is rows[0] */
};

/*
** csv_read() parses data[0..n) into *out, allocating in a. Returns 0, or
** ERR_INVALID with a French message naming the line in *e (unterminated
** quote, too many rows/columns, field too long, NUL byte, empty file).
*/
MUST_CHECK int csv_read(struct arena *a, const char *data, size_t n, struct csv_table *out,
                        struct err *e);

/*
** csv_write_field() appends s as one field followed by `after` (the
** separator, or '\n' at the end of a record): quoted when needed, and
** prefixed with ' when it starts with = + - @ so that a spreadsheet does not
** run it as a formula.
*/
void csv_write_field(struct sb *sb, const char *s, char after);

#endif
