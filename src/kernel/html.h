/*
** html.h - the HTML builder: everything is escaped unless the call says raw.
**
** Pages are built into a struct html. html_text() and html_printf() escape
** what they are given (& < > " '), so a value from a person or the database
** can go into text or a quoted attribute safely. The only way to write
** bytes as they are is html_raw_trusted(), meant for fragments the program
** itself produced (rendered Markdown from cmark's safe mode, a nested
** builder); a reviewer greps for it.
*/
#ifndef CARTABLE_HTML_H
#define CARTABLE_HTML_H

#include <stdarg.h>
#include <stddef.h>

#include "kernel/str.h"

struct html {
	struct sb sb;
};

void html_init(struct html *h, struct arena *a, size_t hint);

/* html_text() appends s escaped (NULL appends nothing). */
void html_text(struct html *h, const char *s);

/*
** html_printf() appends fmt with its conversions filled in. The format is
** trusted markup; every %s argument is escaped (NULL prints nothing).
** Supported conversions: %s, %d %i %u %x, with l/ll/z modifiers, %c and %%.
** Because %s is escaped, an optional attribute passed as an argument must
** not contain quotes: write it unquoted, e.g. `cur ? " aria-current=page" : ""`.
*/
void html_printf(struct html *h, const char *fmt, ...);
void html_vprintf(struct html *h, const char *fmt, va_list ap);

/* html_elem() appends <tag>escaped text</tag>; tag is a bare element name. */
void html_elem(struct html *h, const char *tag, const char *text);

/* html_raw_trusted() appends s as it is: only for markup the program made. */
void html_raw_trusted(struct html *h, const char *s);

/* html_escape() returns s escaped, in arena a. */
char *html_escape(struct arena *a, const char *s);

/*
** url_encode() returns s percent-encoded for a query-string value, in
** arena a (unreserved characters kept, space as %20).
*/
char *url_encode(struct arena *a, const char *s);

#endif
