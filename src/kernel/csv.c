/*
** This file implements the CSV reader (encoding and separator detection,
** RFC 4180 quoting with the usual deviations) and the field writer.
*/
#include "kernel/csv.h"

#include <string.h>
#include <strings.h>

#include "kernel/i18n.h"
#include "kernel/text.h"

/* Counts separators on the first line outside quotes; ';' wins ties (French
** spreadsheets), then ',' then tab. */
static char guess_separator(const char *p, size_t n)
{
	int semi = 0, comma = 0, tab = 0;
	bool quoted = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted && c == ';')
			semi++;
		else if (!quoted && c == ',')
			comma++;
		else if (!quoted && c == '\t')
			tab++;
	}
	if (semi >= comma && semi >= tab && semi > 0)
		return ';';
	if (comma >= tab && comma > 0)
		return ',';
	if (tab > 0)
		return '\t';
	return ';';
}

int csv_read(struct arena *a, const char *data, size_t n, struct csv_table *out,
             struct err *e)
{
	memset(out, 0, sizeof *out);
	if (memchr(data, 0, n))
		return err_set(e, ERR_INVALID, NULL, "%s",
		               _("Le fichier n'est pas un fichier texte (CSV)."));
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		n -= 3;
	}
	out->encoding = "UTF-8";
	if (!utf8_valid(data, n)) {
		data = cp1252_to_utf8(a, data, n, &n);
		out->encoding = "Windows-1252";
	}
	char sep = guess_separator(data, n);
	int first_line = 1;
	/* Excel's "sep=;" line names the separator and is not a record */
	if (n >= 6 && strncasecmp(data, "sep=", 4) == 0 && (data[5] == '\n' || data[5] == '\r') &&
	    (data[4] == ';' || data[4] == ',' || data[4] == '\t' || data[4] == '|')) {
		sep = data[4];
		size_t skip = 6 + (data[5] == '\r' && n > 6 && data[6] == '\n');
		data += skip;
		n -= skip;
		first_line = 2;
	}
	out->separator = sep;

	int cap = 64;
	out->rows = arena_array(a, (size_t)cap, sizeof *out->rows);
	struct sb field;
	sb_init(&field, a, 64);
	char *cols[CSV_MAX_COLS];
	int ncols = 0, line = first_line, start_line = first_line;
	bool quoted = false, was_quoted = false, row_has_data = false;

	for (size_t i = 0; i <= n; i++) {
		char c = i < n ? data[i] : '\n';
		bool at_end = i == n;
		if (quoted) {
			if (at_end)
				return err_set(e, ERR_INVALID, NULL,
				               _("Ligne %d : guillemet ouvert jamais refermé."), start_line);
			if (c == '"') {
				if (i + 1 < n && data[i + 1] == '"') {
					sb_addc(&field, '"');
					i++;
				} else {
					quoted = false;
				}
				continue;
			}
			if (c == '\n' || (c == '\r' && !(i + 1 < n && data[i + 1] == '\n')))
				line++;
			if (field.len >= CSV_MAX_FIELD)
				return err_set(e, ERR_INVALID, NULL, _("Ligne %d : champ trop long."),
				               start_line);
			sb_addc(&field, c);
			continue;
		}
		if (c == '"' && field.len == 0 && !was_quoted) {
			quoted = was_quoted = true;
			row_has_data = true;
			continue;
		}
		if (c == sep || c == '\n' || c == '\r') {
			if (ncols >= CSV_MAX_COLS)
				return err_set(e, ERR_INVALID, NULL,
				               _("Ligne %d : trop de colonnes (%d au plus)."), start_line,
				               CSV_MAX_COLS);
			cols[ncols++] = arena_strndup(a, field.buf, field.len);
			if (field.len)
				row_has_data = true;
			sb_truncate(&field, 0);
			was_quoted = false;
			if (c == sep)
				continue;
			if (c == '\r' && i + 1 < n && data[i + 1] == '\n')
				i++;
			if (row_has_data) {
				if (out->nrows >= CSV_MAX_ROWS)
					return err_set(e, ERR_INVALID, NULL,
					               _("Le fichier dépasse %d lignes."), CSV_MAX_ROWS);
				if (out->nrows == cap) {
					cap *= 2;
					struct csv_row *rows = arena_array(a, (size_t)cap, sizeof *rows);
					memcpy(rows, out->rows, (size_t)out->nrows * sizeof *rows);
					out->rows = rows;
				}
				struct csv_row *row = &out->rows[out->nrows++];
				row->line = start_line;
				row->ncols = ncols;
				row->cols = arena_memdup(a, cols, (size_t)ncols * sizeof *cols);
			}
			ncols = 0;
			row_has_data = false;
			line++;
			start_line = line;
			continue;
		}
		if (field.len >= CSV_MAX_FIELD)
			return err_set(e, ERR_INVALID, NULL, _("Ligne %d : champ trop long."), start_line);
		sb_addc(&field, c);
	}
	if (out->nrows == 0)
		return err_set(e, ERR_INVALID, NULL, "%s", _("Le fichier est vide."));
	return 0;
}

void csv_write_field(struct sb *sb, const char *s, char after)
{
	if (!s)
		s = "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@';
	bool quote = formula || strpbrk(s, ";,\"\n\r\t") != NULL;
	if (quote)
		sb_addc(sb, '"');
	if (formula)
		sb_addc(sb, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			sb_addc(sb, '"');
		sb_addc(sb, *p);
	}
	if (quote)
		sb_addc(sb, '"');
	sb_addc(sb, after);
}
