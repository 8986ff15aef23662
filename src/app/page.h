/*
** page.h - the page around every screen, error pages, and form pieces.
**
** page_begin() writes the document head, the skip link, the header with
** the navigation the person's roles call for, the language switch and any
** flash message, then opens <main>; the handler appends its content;
** page_end() closes the page and answers 200 (or r->status if the handler
** set an error status). Everything goes through the escaping builder.
*/
#ifndef CARTABLE_PAGE_H
#define CARTABLE_PAGE_H

#include <stdbool.h>

#include "kernel/err.h"
#include "kernel/html.h"
#include "kernel/req.h"

struct html *page_begin(struct req *r, const char *title);
int page_end(struct req *r, struct html *h);

/* page_error() answers status with a page titled `title` saying message. */
int page_error(struct req *r, int status, const char *title, const char *message);
int page_not_found(struct req *r);
/* page_internal_error() answers 500 with a page asking to try again (the
** cause is already logged where it happened). */
int page_internal_error(struct req *r);
int page_forbidden(struct req *r);

/* page_flash() shows message on the next page this visitor sees (after a
** redirect); `kind` is "ok" or "error". */
void page_flash(struct req *r, const char *kind, const char *message);

/* page_signin_redirect() sends an anonymous visitor to the sign-in page,
** coming back to the current page afterwards. */
int page_signin_redirect(struct req *r);

/* page_local_path() is true when s is a path of this site that is safe to
** redirect to: it starts with one '/', and has no backslash and no control
** character (browsers drop tabs and line breaks, so "/\t/evil.example"
** would lead to another site). */
bool page_local_path(const char *s);

/* route_id_or_reply() reads the {name} segment as a positive id, or answers
** 404 (page or JSON) and returns that status. */
int route_id_or_reply(struct req *r, const char *name, int64_t *id);

/* ---- Forms ---- */

struct field_view {
	const char *name;
	const char *id;            /* element id without "f-"; NULL: the name */
	const char *label;
	const char *type;          /* "text", "password", "email", "number", "date",
	                              "textarea", "file", "search"...; NULL is "text" */
	const char *value;
	const char *hint;          /* help shown under the label */
	const char *autocomplete;
	const char *accept;        /* for file inputs */
	bool required;
};

/* form_open() starts a POST form to action with the CSRF field;
** multipart for file uploads. */
void form_open(struct html *h, struct req *r, const char *action, bool multipart);
/* form_close() adds the submit button and closes the form. */
void form_close(struct html *h, const char *submit_label);

/* form_errors() shows the error of e (if any) at the top of a form, as an
** alert that screen readers announce. */
void form_errors(struct html *h, const struct err *e);

/* form_field() writes a labelled input; the error of e is shown beside it
** when e->field names it. */
void form_field(struct html *h, const struct field_view *f, const struct err *e);

struct option {
	const char *value;
	const char *label;
};

/* form_select() writes a labelled <select> of n options. */
void form_select(struct html *h, const char *name, const char *label, const struct option *opts,
                 int n, const char *selected, const struct err *e);

/* form_checkbox() writes a labelled checkbox sending value "1". */
void form_checkbox(struct html *h, const char *name, const char *label, bool checked);

/* button_form() is a one-button POST form (e.g. "Se déconnecter"). */
void button_form(struct html *h, struct req *r, const char *action, const char *label,
                 const char *css_class);

/* pager() writes "previous / next" links for a list shown page by page;
** base_query is the query string without page= (may be ""). */
void pager(struct html *h, struct req *r, const char *base_path, const char *base_query,
           int page, bool has_next);

#endif
