/*
** This file implements the candidates of exams.h: reading the CSV class
** lists schools export (a pure function, fuzzed), importing them all or
** nothing with a personal code for each new pupil, the classes and their
** candidates with their best result, and personal codes (made, printed,
** read back as typed).
*/
#include <string.h>
#include <time.h>

#include "exams/exams.h"
#include "kernel/audit.h"
#include "kernel/auth.h"
#include "kernel/csv.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/text.h"

/* ---- Codes ---- */

char *exams_code_format(struct arena *a, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (n != EXAM_CODE_LEN)
		return arena_strdup(a, code ? code : "");
	return arena_printf(a, "%.4s-%.4s", code, code + 4);
}

char *exams_code_normal(struct arena *a, const char *typed, size_t max)
{
	if (!typed)
		return NULL;
	char *out = arena_alloc(a, max + 1);
	size_t n = 0;
	for (const char *p = typed; *p; p++) {
		char c = *p;
		if (c == ' ' || c == '-' || c == '.' || c == '\t')
			continue;
		/* what phones type for a dash or a space: U+2010-2015 dashes,
		** U+2212 minus, U+00A0 and U+202F no-break spaces */
		const unsigned char *u = (const unsigned char *)p;
		if (u[0] == 0xC2 && u[1] == 0xA0) {
			p += 1;
			continue;
		}
		if (u[0] == 0xE2 && ((u[1] == 0x80 && ((u[2] >= 0x90 && u[2] <= 0x95) || u[2] == 0xAF)) ||
		                     (u[1] == 0x88 && u[2] == 0x92))) {
			p += 2;
			continue;
		}
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) || n == max)
			return NULL;
		out[n++] = c;
	}
	out[n] = 0;
	return n == max ? out : NULL;
}

/* ---- Reading a class list ---- */

enum column { COL_FAMILY, COL_GIVEN, COL_BIRTH, COL_CLASS, COL_EXTRA, COL__MAX };

/* Header names schools' software uses, folded (text_fold()). */
static const char *const column_names[COL__MAX][12] = {
	[COL_FAMILY] = {"nom", "nom de famille", "nom eleve", "nom de l eleve", "nom d usage", "nom famille",
	                "last name", "family name", "surname", NULL},
	[COL_GIVEN] = {"prenom", "prenom eleve", "prenom de l eleve", "prenoms", "prenom 1", "first name",
	               "given name", NULL},
	[COL_BIRTH] = {"date de naissance", "date naissance", "ne e le", "ne le", "naissance", "date de naiss",
	               "date naiss", "ddn", "birth date", "date of birth", NULL},
	[COL_CLASS] = {"classe", "division", "classe eleve", "class", "groupe", NULL},
	[COL_EXTRA] = {"tiers temps", "temps supplementaire", "temps majore", "amenagement", "extra time", NULL},
};

static int column_of(struct arena *a, const char *header)
{
	char *f = text_fold(a, header);
	for (int c = 0; c < COL__MAX; c++)
		for (int i = 0; column_names[c][i]; i++)
			if (strcmp(f, column_names[c][i]) == 0)
				return c;
	return -1;
}

static char *field(struct arena *a, const struct csv_row *row, int col)
{
	if (col < 0 || col >= row->ncols)
		return "";
	return str_trim(a, row->cols[col]);
}

static bool name_ok(const char *s)
{
	return *s && utf8_length(s) <= 100 && text_is_clean(s, false) && !strpbrk(s, "<>\"");
}

/* "oui", "x" -> 33; "non", "" -> 0; "50", "50 %" -> 50; -1 otherwise. */
static int64_t extra_time(struct arena *a, const char *s)
{
	char *f = text_fold(a, s);
	if (!*f || strcmp(f, "non") == 0 || strcmp(f, "n") == 0 || strcmp(f, "no") == 0 || strcmp(f, "0") == 0)
		return 0;
	if (strcmp(f, "oui") == 0 || strcmp(f, "o") == 0 || strcmp(f, "x") == 0 || strcmp(f, "yes") == 0)
		return 33;
	int64_t v = 0;
	int digits = 0;
	for (const char *p = f; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 3)
				return -1;
			v = v * 10 + (*p - '0');
		} else if (*p != ' ')
			return -1;
	}
	return digits && v <= 100 ? v : -1;
}

static char *check_line(struct arena *a, const struct csv_row *row, const int *cols, struct candidate_line *l)
{
	l->line = row->line;
	l->family_name = field(a, row, cols[COL_FAMILY]);
	l->given_name = field(a, row, cols[COL_GIVEN]);
	l->class_name = field(a, row, cols[COL_CLASS]);
	const char *birth = field(a, row, cols[COL_BIRTH]);
	const char *extra = field(a, row, cols[COL_EXTRA]);
	l->birth_date = "";
	if (row->ncols <= cols[COL_FAMILY] || row->ncols <= cols[COL_GIVEN] || row->ncols <= cols[COL_CLASS])
		return arena_printf(a, _("il manque des colonnes (%d trouvées)"), row->ncols);
	if (!*l->family_name)
		return arena_strdup(a, _("le nom est vide"));
	if (!name_ok(l->family_name))
		return arena_strdup(a, _("le nom contient des caractères non autorisés ou dépasse 100 caractères"));
	if (!*l->given_name)
		return arena_strdup(a, _("le prénom est vide"));
	if (!name_ok(l->given_name))
		return arena_strdup(a, _("le prénom contient des caractères non autorisés ou dépasse 100 caractères"));
	if (!*l->class_name)
		return arena_strdup(a, _("la classe est vide"));
	if (utf8_length(l->class_name) > 40 || !text_is_clean(l->class_name, false) || strpbrk(l->class_name, "<>\""))
		return arena_strdup(a, _("la classe dépasse 40 caractères ou contient des caractères non autorisés"));
	if (*birth) {
		char date[11];
		if (!date_parse(birth, date))
			return arena_printf(a, _("la date de naissance « %s » n'est pas une date JJ/MM/AAAA"), birth);
		l->birth_date = arena_strdup(a, date);
	}
	l->extra_time_pct = extra_time(a, extra);
	if (l->extra_time_pct < 0)
		return arena_printf(a, _("le tiers-temps « %s » n'est ni « oui », ni « non », ni un pourcentage"), extra);
	return NULL;
}

static bool same_pupil(struct arena *a, const struct candidate_line *x, const struct candidate_line *y)
{
	if (strcmp(x->birth_date, y->birth_date) != 0)
		return false;
	if (!*x->birth_date && strcmp(x->class_name, y->class_name) != 0)
		return false;
	return strcmp(text_fold(a, x->family_name), text_fold(a, y->family_name)) == 0 &&
	       strcmp(text_fold(a, x->given_name), text_fold(a, y->given_name)) == 0;
}

int exams_candidates_parse(struct arena *a, const char *data, size_t len, struct candidate_import *out)
{
	memset(out, 0, sizeof *out);
	struct csv_table t;
	struct err e = {0};
	if (csv_read(a, data, len, &t, &e) != 0) {
		out->file_error = arena_strdup(a, e.msg);
		return 0;
	}
	out->encoding = t.encoding;
	out->separator = t.separator;
	int cols[COL__MAX] = {-1, -1, -1, -1, -1};
	struct sb ignored;
	sb_init(&ignored, a, 64);
	for (int i = 0; i < t.rows[0].ncols; i++) {
		int c = column_of(a, t.rows[0].cols[i]);
		if (c >= 0 && cols[c] < 0)
			cols[c] = i;
		else if (!str_empty(t.rows[0].cols[i]))
			sb_printf(&ignored, "%s« %s »", ignored.len ? ", " : "", str_trim(a, t.rows[0].cols[i]));
	}
	out->ignored = ignored.len ? ignored.buf : NULL;
	if (cols[COL_FAMILY] < 0 || cols[COL_GIVEN] < 0 || cols[COL_CLASS] < 0) {
		out->file_error = arena_printf(a,
			_("Ligne 1 : la première ligne doit nommer les colonnes, dont « nom », « prénom » et « classe »%s%s%s."),
			cols[COL_FAMILY] < 0 ? _(" ; la colonne « nom » manque") : "",
			cols[COL_GIVEN] < 0 ? _(" ; la colonne « prénom » manque") : "",
			cols[COL_CLASS] < 0 ? _(" ; la colonne « classe » manque") : "");
		return 0;
	}
	if (t.nrows < 2) {
		out->file_error = arena_strdup(a, _("Le fichier ne contient aucune ligne d'élève."));
		return 0;
	}
	if (t.nrows - 1 > EXAM_MAX_CANDIDATES) {
		out->file_error = arena_printf(a, _("Le fichier dépasse %d élèves : découpez-le."), EXAM_MAX_CANDIDATES);
		return 0;
	}
	out->nlines = t.nrows - 1;
	out->lines = arena_array(a, (size_t)out->nlines, sizeof *out->lines);
	for (int i = 0; i < out->nlines; i++) {
		struct candidate_line *l = &out->lines[i];
		l->error = check_line(a, &t.rows[i + 1], cols, l);
		for (int j = 0; !l->error && j < i; j++)
			if (!out->lines[j].error && same_pupil(a, &out->lines[j], l))
				l->error = arena_printf(a, _("cet élève figure déjà ligne %d"), out->lines[j].line);
		if (l->error)
			out->nerrors++;
	}
	return 0;
}

/* ---- Import ---- */

static char *sort_key(struct arena *a, const char *family, const char *given)
{
	return text_fold(a, arena_printf(a, "%s %s", family, given));
}

/* The id of the school's candidate who is this pupil, or 0. */
static int64_t find_candidate(struct req *r, int64_t school, const struct candidate_line *l)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT id, class_name FROM exam_candidates WHERE tenant_id = ?"
	                                         " AND school_id = ? AND sort_key = ? AND birth_date = ? ORDER BY id") : NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, school);
	db_bind_text(st, 3, sort_key(r->arena, l->family_name, l->given_name));
	db_bind_text(st, 4, l->birth_date);
	int64_t id = 0;
	while (db_step(st) == DB_ROW) {
		/* without a birth date, the same names in the same class */
		if (!*l->birth_date && strcmp(db_text(st, 1), l->class_name) != 0)
			continue;
		id = db_int(st, 0);
		db_done(st);
		break;
	}
	return id;
}

static int insert_candidate(struct req *r, int64_t school, const struct candidate_line *l)
{
	struct db *db = db_get();
	if (!db)
		return ERR_INTERNAL;
	for (int attempt = 0; attempt < 6; attempt++) {
		char code[EXAM_CODE_LEN + 1];
		auth_random_code(code, EXAM_CODE_LEN);
		/* a savepoint: a code already given in the school is drawn again
		** without losing the import (PostgreSQL aborts a transaction on a
		** unique violation) */
		if (db_begin(db) != 0)
			return ERR_INTERNAL;
		struct db_stmt *st = db_prepare(db,
			"INSERT INTO exam_candidates (tenant_id, school_id, class_name, family_name, given_name, birth_date,"
			" sort_key, code, extra_time_pct, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
		if (!st) {
			db_rollback(db);
			return ERR_INTERNAL;
		}
		db_bind_int(st, 1, r->tenant.id);
		db_bind_int(st, 2, school);
		db_bind_text(st, 3, l->class_name);
		db_bind_text(st, 4, l->family_name);
		db_bind_text(st, 5, l->given_name);
		db_bind_text(st, 6, l->birth_date);
		db_bind_text(st, 7, sort_key(r->arena, l->family_name, l->given_name));
		db_bind_text(st, 8, code);
		db_bind_int(st, 9, l->extra_time_pct);
		db_bind_int(st, 10, (int64_t)time(NULL));
		int rc = db_run(st);
		if (rc == 0)
			return db_commit(db);
		db_rollback(db);
		if (rc != ERR_CONFLICT)
			return rc;
	}
	return ERR_INTERNAL;
}

int exams_candidates_import(struct req *r, const char *data, size_t len, bool commit, struct candidate_import *out)
{
	struct exam_school s;
	int rc = exams_my_school(r, &s);
	if (rc)
		return rc;
	if (!s.registered)
		return ERR_FORBIDDEN;
	exams_candidates_parse(r->arena, data, len, out);
	if (out->file_error)
		return 0;
	for (int i = 0; i < out->nlines; i++)
		if (!out->lines[i].error)
			out->lines[i].existing = find_candidate(r, s.school_id, &out->lines[i]) != 0;
	if (!commit || out->nerrors)
		return 0;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	for (int i = 0; i < out->nlines; i++) {
		const struct candidate_line *l = &out->lines[i];
		int64_t id = find_candidate(r, s.school_id, l);
		if (id) {
			struct db_stmt *st = db_prepare(db, "UPDATE exam_candidates SET class_name = ?, extra_time_pct = ?,"
			                                    " family_name = ?, given_name = ? WHERE tenant_id = ? AND id = ?");
			if (!st)
				goto fail;
			db_bind_text(st, 1, l->class_name);
			db_bind_int(st, 2, l->extra_time_pct);
			db_bind_text(st, 3, l->family_name);
			db_bind_text(st, 4, l->given_name);
			db_bind_int(st, 5, r->tenant.id);
			db_bind_int(st, 6, id);
			if (db_run(st) != 0)
				goto fail;
			out->nupdated++;
		} else {
			if (insert_candidate(r, s.school_id, l) != 0)
				goto fail;
			out->ncreated++;
		}
	}
	audit_record(r, "exam.candidates.import", "school", s.school_id,
	             arena_printf(r->arena, "%d+%d", out->ncreated, out->nupdated));
	return db_commit(db) == 0 ? 0 : ERR_INTERNAL;
fail:
	db_rollback(db);
	out->ncreated = out->nupdated = 0;
	return ERR_INTERNAL;
}

/* ---- Lists ---- */

int exams_classes(struct req *r, struct exam_class **out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT class_name, COUNT(*) FROM exam_candidates"
	                                         " WHERE tenant_id = ? AND school_id = ? GROUP BY class_name"
	                                         " ORDER BY class_name") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.school_id);
	size_t cap = 16;
	int n = 0, rc;
	struct exam_class *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		list[n].name = db_text_dup(st, 0, r->arena);
		list[n].candidates = db_int(st, 1);
		n++;
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

#define CANDIDATE_COLS "c.id, c.school_id, c.class_name, c.family_name, c.given_name, c.birth_date, c.code," \
	" c.extra_time_pct," \
	" (SELECT COUNT(*) FROM exam_attempts a WHERE a.tenant_id = c.tenant_id AND a.candidate_id = c.id" \
	"  AND a.finished_at > 0)," \
	" (SELECT MAX(a.passed) FROM exam_attempts a WHERE a.tenant_id = c.tenant_id AND a.candidate_id = c.id)," \
	" (SELECT MAX(a.score) FROM exam_attempts a WHERE a.tenant_id = c.tenant_id AND a.candidate_id = c.id" \
	"  AND a.finished_at > 0)," \
	" (SELECT MAX(a.max_score) FROM exam_attempts a WHERE a.tenant_id = c.tenant_id AND a.candidate_id = c.id)"

static void candidate_read(struct db_stmt *st, struct arena *a, struct exam_candidate *c)
{
	c->id = db_int(st, 0);
	c->school_id = db_int(st, 1);
	c->class_name = db_text_dup(st, 2, a);
	c->family_name = db_text_dup(st, 3, a);
	c->given_name = db_text_dup(st, 4, a);
	c->birth_date = db_text_dup(st, 5, a);
	c->code = db_text_dup(st, 6, a);
	c->extra_time_pct = db_int(st, 7);
	c->attempts = db_int(st, 8);
	c->passed = db_int(st, 9) != 0;
	c->best_score = db_is_null(st, 10) ? -1 : db_int(st, 10);
	c->best_max = db_int(st, 11);
}

int exams_class_candidates(struct req *r, const char *class_name, struct exam_candidate **out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_FORBIDDEN;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " CANDIDATE_COLS " FROM exam_candidates c"
	                                         " WHERE c.tenant_id = ? AND c.school_id = ? AND c.class_name = ?"
	                                         " ORDER BY c.sort_key, c.id") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, r->user.school_id);
	db_bind_text(st, 3, class_name ? class_name : "");
	size_t cap = 32;
	int n = 0, rc;
	struct exam_candidate *list = arena_array(r->arena, cap, sizeof *list);
	while ((rc = db_step(st)) == DB_ROW) {
		list = arena_grow(r->arena, list, (size_t)n, &cap, sizeof *list);
		candidate_read(st, r->arena, &list[n++]);
		if (n >= EXAM_MAX_CANDIDATES) {
			db_done(st);
			rc = DB_DONE;
			break;
		}
	}
	if (rc < 0)
		return rc;
	*out = list;
	return n;
}

int exams_candidate_get(struct req *r, int64_t id, struct exam_candidate *out)
{
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_NOT_FOUND;
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db, "SELECT " CANDIDATE_COLS " FROM exam_candidates c"
	                                         " WHERE c.tenant_id = ? AND c.id = ? AND c.school_id = ?") : NULL;
	if (!st)
		return ERR_INTERNAL;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, id);
	db_bind_int(st, 3, r->user.school_id);
	int rc = db_step(st);
	if (rc != DB_ROW)
		return rc == DB_DONE ? ERR_NOT_FOUND : rc;
	candidate_read(st, r->arena, out);
	db_done(st);
	return 0;
}

int exams_candidate_new_code(struct req *r, int64_t id, char code[EXAM_CODE_LEN + 1])
{
	struct exam_candidate c;
	int rc = exams_candidate_get(r, id, &c);
	if (rc)
		return rc;
	struct db *db = db_get();
	for (int attempt = 0; attempt < 6; attempt++) {
		auth_random_code(code, EXAM_CODE_LEN);
		struct db_stmt *st = db ? db_prepare(db, "UPDATE exam_candidates SET code = ? WHERE tenant_id = ? AND id = ?") : NULL;
		if (!st)
			return ERR_INTERNAL;
		db_bind_text(st, 1, code);
		db_bind_int(st, 2, r->tenant.id);
		db_bind_int(st, 3, id);
		rc = db_run(st);
		if (rc == 0) {
			audit_record(r, "exam.candidate.code", "exam_candidate", id, "");
			return 0;
		}
		if (rc != ERR_CONFLICT)
			return rc;
	}
	return ERR_INTERNAL;
}
