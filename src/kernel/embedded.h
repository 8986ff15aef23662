/*
** embedded.h - files compiled into the program (tools/embed.c generates
** build/gen/embedded.c): static/ assets, db/migrations/ and po/ catalogues,
** looked up by their path in the source tree, e.g. "static/app.css".
*/
#ifndef CARTABLE_EMBEDDED_H
#define CARTABLE_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *path;
	const unsigned char *data; /* followed by a NUL byte */
	size_t size;               /* without that NUL */
};

/* The table, sorted by path, ending with a zeroed entry. */
extern const struct embedded_file embedded_files[];

/* embedded_find() returns the file at path, or NULL. */
const struct embedded_file *embedded_find(const char *path);

#endif
