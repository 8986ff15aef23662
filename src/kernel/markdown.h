/*
** markdown.h - Markdown written by authors, shown as HTML (cmark).
**
** cmark's safe mode drops raw HTML and javascript:/data: links, so what an
** author types can never run script in a learner's browser; the result is
** the one fragment pages may write with html_raw_trusted().
*/
#ifndef CARTABLE_MARKDOWN_H
#define CARTABLE_MARKDOWN_H

#include "kernel/arena.h"

/* markdown_to_html() renders md (NULL: "") into arena a. */
char *markdown_to_html(struct arena *a, const char *md);

#endif
