/*
** This file implements Markdown rendering with cmark in safe mode.
*/
#include "kernel/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

char *markdown_to_html(struct arena *a, const char *md)
{
	if (!md || !*md)
		return arena_strdup(a, "");
	/* CMARK_OPT_SAFE is the default since 0.29; say it anyway */
	char *html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	if (!html)
		return arena_strdup(a, "");
	char *copy = arena_strdup(a, html);
	free(html);
	return copy;
}
