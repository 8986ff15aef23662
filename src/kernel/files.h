/*
** files.h - stored files (documents, copies, attachments).
**
** Files live under <data-dir>/files/ named by their SHA-256, so the same
** content is stored once and a row that points to a file can check it. An
** upload arrives as a temporary file (http.c); files_keep() fsyncs it and
** renames it into place, then fsyncs the directory, before the caller
** commits the row that points to it: an acknowledged file survives a crash.
*/
#ifndef CARTABLE_FILES_H
#define CARTABLE_FILES_H

#include <stddef.h>

#include "kernel/req.h"

/* files_init() creates <data_dir>/files and <data_dir>/tmp. 0 or ERR_INTERNAL. */
MUST_CHECK int files_init(const char *data_dir);

/* files_tmp_dir() is where uploads are streamed. */
const char *files_tmp_dir(void);

/*
** files_sniff() recognises a file from its first bytes, whatever its name
** says: "application/pdf", "image/png", "image/jpeg", "image/gif",
** "image/webp", "audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4",
** "video/mp4", "video/webm", or NULL. Callers decide which they accept.
*/
const char *files_sniff(const unsigned char *head, size_t n);

/*
** files_keep() stores an upload for good and writes its SHA-256 in hex into
** sha_hex. Returns 0 or ERR_INTERNAL (logged).
*/
MUST_CHECK int files_keep(const struct upload *up, char sha_hex[65]);

/* files_path() is the path of a stored file, in arena a. */
char *files_path(struct arena *a, const char *sha_hex);

#endif
