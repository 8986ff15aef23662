/*
** This file implements the import of class lists by partner schools: the
** CSV as their software exports it, checked line by line, then pupils'
** accounts and enrolments created in one transaction, all or nothing.
*/
#include <string.h>

#include "catalogue/catalogue.h"
#include "enrolment/internal.h"
#include "kernel/csv.h"
#include "kernel/db.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"
#include "kernel/mail.h"
#include "kernel/text.h"
#include "people/people.h"

#define IMPORT_MAX_PUPILS 2000

enum column { COL_FAMILY, COL_GIVEN, COL_BIRTH, COL_CLASS, COL_EMAIL, COL__MAX };

/* Header names schools' software uses, folded (text_fold()). */
static const char *const column_names[COL__MAX][10] = {
	[COL_FAMILY] = {"nom", "nom de famille", "nom eleve", "nom de l eleve", "nom d usage",
	                "nom famille", "last name", "family name", "surname", NULL},
	[COL_GIVEN] = {"prenom", "prenom eleve", "prenom de l eleve", "prenoms", "prenom 1",
	               "first name", "given name", NULL},
	[COL_BIRTH] = {"date de naissance", "date naissance", "ne e le", "ne le", "naissance",
	               "date de naiss", "birth date", "date of birth", NULL},
	[COL_CLASS] = {"classe", "division", "classe eleve", "class", NULL},
	[COL_EMAIL] = {"email", "e mail", "courriel", "adresse e mail", "mail", NULL},
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

static const char *field(struct arena *a, const struct csv_row *row, int col)
{
	if (col < 0 || col >= row->ncols)
		return "";
	return str_trim(a, row->cols[col]);
}

static bool name_ok(const char *s)
{
	return *s && utf8_length(s) <= 100 && text_is_clean(s, false) && !strpbrk(s, "<>\"");
}

/* Checks one data line into *l; returns its error or NULL. */
static char *check_line(struct req *r, const struct csv_row *row, const int *cols,
                        struct import_line *l)
{
	struct arena *a = r->arena;
	l->line = row->line;
	l->family_name = (char *)field(a, row, cols[COL_FAMILY]);
	l->given_name = (char *)field(a, row, cols[COL_GIVEN]);
	const char *birth = field(a, row, cols[COL_BIRTH]);
	l->school_class = (char *)field(a, row, cols[COL_CLASS]);
	l->email = (char *)field(a, row, cols[COL_EMAIL]);
	l->birth_date = (char *)birth;
	int needed = 0;
	for (int c = 0; c < COL__MAX; c++)
		if (cols[c] + 1 > needed)
			needed = cols[c] + 1;
	if (row->ncols < cols[COL_BIRTH] + 1 || row->ncols < cols[COL_GIVEN] + 1 ||
	    row->ncols < cols[COL_FAMILY] + 1)
		return arena_printf(a, _("il manque des colonnes (%d trouvées, %d attendues)"),
		                    row->ncols, needed);
	if (!*l->family_name)
		return arena_strdup(a, _("le nom est vide"));
	if (!name_ok(l->family_name))
		return arena_strdup(a, _("le nom contient des caractères non autorisés ou dépasse 100 caractères"));
	if (!*l->given_name)
		return arena_strdup(a, _("le prénom est vide"));
	if (!name_ok(l->given_name))
		return arena_strdup(a, _("le prénom contient des caractères non autorisés ou dépasse 100 caractères"));
	char date[11];
	if (!date_parse(birth, date))
		return arena_printf(a, _("la date de naissance « %s » n'est pas une date JJ/MM/AAAA"), birth);
	l->birth_date = arena_strdup(a, date);
	if (*l->school_class && (utf8_length(l->school_class) > 40 || !text_is_clean(l->school_class, false)))
		return arena_strdup(a, _("la classe dépasse 40 caractères"));
	if (*l->email && !mail_address_valid(l->email))
		return arena_printf(a, _("l'adresse e-mail « %s » n'est pas valide"), l->email);
	return NULL;
}

static bool already_enrolled(struct req *r, int64_t learner_id, int64_t course_id)
{
	struct db *db = db_get();
	struct db_stmt *st = db ? db_prepare(db,
		"SELECT 1 FROM enrolments WHERE tenant_id = ? AND learner_id = ? AND course_id = ?"
		" AND status IN ('submitted', 'active', 'suspended')") : NULL;
	if (!st)
		return false;
	db_bind_int(st, 1, r->tenant.id);
	db_bind_int(st, 2, learner_id);
	db_bind_int(st, 3, course_id);
	int rc = db_step(st);
	db_done(st);
	return rc == DB_ROW;
}

/* Creates what is missing for every line, in the caller's transaction. */
static int commit_lines(struct req *r, int64_t course_id, struct import_result *res)
{
	for (int i = 0; i < res->nlines; i++) {
		struct import_line *l = &res->lines[i];
		if (l->already_enrolled) {
			res->nalready++;
			continue;
		}
		struct person p;
		int rc = people_find_pupil(r, r->user.school_id, l->family_name, l->given_name,
		                           l->birth_date, &p);
		int64_t learner_id = p.id;
		struct err e = {0};
		if (rc == ERR_NOT_FOUND) {
			struct person_input in = {
				.given_name = l->given_name, .family_name = l->family_name,
				.birth_date = l->birth_date, .email = *l->email ? l->email : NULL,
				.school_id = r->user.school_id, .school_class = l->school_class,
				.roles = ROLE_LEARNER,
			};
			rc = people_create_in(r, r->tenant.id, &in, &learner_id, &e);
			if (rc == 0)
				res->ncreated++;
		}
		if (rc == 0) {
			int64_t id;
			rc = enrolment_apply(r, learner_id, 0, course_id, NULL, &id, &e);
		}
		if (rc == ERR_CONFLICT) {
			res->nalready++;
			continue;
		}
		if (rc) {
			l->error = arena_strdup(r->arena, e.msg[0] ? e.msg : _("erreur interne"));
			res->nerrors++;
			return rc;
		}
		res->nenrolled++;
	}
	return 0;
}

int enrolment_import(struct req *r, int64_t course_id, const char *data, size_t len, bool commit,
                     struct import_result *res)
{
	memset(res, 0, sizeof *res);
	if (!(r->user.roles & ROLE_SCHOOL) || !r->user.school_id)
		return ERR_FORBIDDEN;
	struct course c;
	if (catalogue_course_get(r, course_id, false, &c) != 0 || !c.a_la_carte)
		return ERR_NOT_FOUND;
	struct csv_table t;
	struct err e = {0};
	if (csv_read(r->arena, data, len, &t, &e) != 0) {
		res->file_error = arena_strdup(r->arena, e.msg);
		return 0;
	}
	res->encoding = t.encoding;
	res->separator = t.separator;
	int cols[COL__MAX] = {-1, -1, -1, -1, -1};
	for (int i = 0; i < t.rows[0].ncols; i++) {
		int col = column_of(r->arena, t.rows[0].cols[i]);
		if (col >= 0 && cols[col] < 0)
			cols[col] = i;
	}
	if (cols[COL_FAMILY] < 0 || cols[COL_GIVEN] < 0 || cols[COL_BIRTH] < 0) {
		res->file_error = arena_printf(r->arena,
			_("Ligne 1 : la première ligne doit nommer les colonnes, dont « nom », « prénom » "
			  "et « date de naissance »%s%s%s."),
			cols[COL_FAMILY] < 0 ? _(" ; « nom » est absente") : "",
			cols[COL_GIVEN] < 0 ? _(" ; « prénom » est absente") : "",
			cols[COL_BIRTH] < 0 ? _(" ; « date de naissance » est absente") : "");
		return 0;
	}
	if (t.nrows < 2) {
		res->file_error = arena_strdup(r->arena, _("Le fichier ne contient aucune ligne d'élève."));
		return 0;
	}
	if (t.nrows - 1 > IMPORT_MAX_PUPILS) {
		res->file_error = arena_printf(r->arena, _("Le fichier dépasse %d élèves : découpez-le."),
		                               IMPORT_MAX_PUPILS);
		return 0;
	}
	res->nlines = t.nrows - 1;
	res->lines = arena_array(r->arena, (size_t)res->nlines, sizeof *res->lines);
	for (int i = 0; i < res->nlines; i++) {
		struct import_line *l = &res->lines[i];
		l->error = check_line(r, &t.rows[i + 1], cols, l);
		for (int j = 0; !l->error && j < i; j++) {
			struct import_line *o = &res->lines[j];
			if (!o->error && strcmp(o->birth_date, l->birth_date) == 0 &&
			    strcmp(text_fold(r->arena, o->family_name), text_fold(r->arena, l->family_name)) == 0 &&
			    strcmp(text_fold(r->arena, o->given_name), text_fold(r->arena, l->given_name)) == 0)
				l->error = arena_printf(r->arena, _("cet élève figure déjà ligne %d"), o->line);
		}
		if (l->error) {
			res->nerrors++;
			continue;
		}
		struct person p;
		if (people_find_pupil(r, r->user.school_id, l->family_name, l->given_name,
		                      l->birth_date, &p) == 0) {
			l->existing = true;
			l->already_enrolled = already_enrolled(r, p.id, course_id);
		}
	}
	if (!commit || res->nerrors)
		return 0;
	struct db *db = db_get();
	if (!db || db_begin(db) != 0)
		return ERR_INTERNAL;
	int rc = commit_lines(r, course_id, res);
	if (rc) {
		db_rollback(db);
		res->ncreated = res->nenrolled = res->nalready = 0;
		return rc == ERR_INTERNAL ? ERR_INTERNAL : 0;
	}
	return db_commit(db);
}
