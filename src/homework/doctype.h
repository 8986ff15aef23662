/*
** doctype.h - what a handed-in document really is, whatever its name says.
**
** Homework copies may be PDF, JPEG, PNG, ODT or DOCX. The first three are
** recognised from their first bytes (files_sniff()). ODT and DOCX are ZIP
** archives: doctype_zip() reads the archive's central directory itself
** (no library), bounded everywhere, and decides from its entries:
**
**   - ODT: an entry "mimetype", stored uncompressed, whose bytes are exactly
**     "application/vnd.oasis.opendocument.text", and a "content.xml";
**   - DOCX: "[Content_Types].xml" and "word/document.xml", and no
**     "word/vbaProject.bin" (a macro-enabled document renamed .docx).
**
** An archive naming one of these entries twice is refused: two readers
** could see two different documents in it. ZIP64 archives, split archives
** and encrypted "mimetype" entries are refused too; office suites write
** none of them for documents of a few megabytes.
*/
#ifndef CARTABLE_DOCTYPE_H
#define CARTABLE_DOCTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/arena.h"

/* The document types homework accepts, as bits (assignments store a set). */
enum doctype {
	DOCTYPE_NONE = 0,
	DOCTYPE_PDF = 1 << 0,
	DOCTYPE_JPEG = 1 << 1,
	DOCTYPE_PNG = 1 << 2,
	DOCTYPE_ODT = 1 << 3,
	DOCTYPE_DOCX = 1 << 4,
};
#define DOCTYPE_ALL 31u
#define DOCTYPE_COUNT 5

/* Bounds of the ZIP reader. */
#define DOCTYPE_ZIP_MAX_CD (2u * 1024 * 1024) /* central directory bytes */
#define DOCTYPE_ZIP_MAX_ENTRIES 20000

/*
** Where doctype_zip() reads an archive: read() copies n bytes at offset off
** into buf and returns 0, or -1 when it cannot (out of range, I/O error).
*/
struct zip_src {
	int64_t size;
	int (*read)(void *ctx, int64_t off, void *buf, size_t n);
	void *ctx;
};

/*
** doctype_zip() tells whether the archive is an ODT or a DOCX document:
** DOCTYPE_ODT, DOCTYPE_DOCX, or DOCTYPE_NONE for any other archive and for
** anything malformed. Temporary buffers (at most DOCTYPE_ZIP_MAX_CD plus
** 64 KiB) come from arena a.
*/
enum doctype doctype_zip(const struct zip_src *src, struct arena *a);

/*
** doctype_of_file() recognises the file at path (size bytes, whose first
** head_len bytes are head) by its content: one of the five types, or
** DOCTYPE_NONE (another type, unreadable, empty).
*/
enum doctype doctype_of_file(const char *path, int64_t size, const unsigned char *head,
                             size_t head_len, struct arena *a);

/* doctype_mime() is the media type of one type ("application/pdf"), or NULL. */
const char *doctype_mime(enum doctype t);

/* doctype_from_mime() is the type of a media type doctype_mime() gave. */
enum doctype doctype_from_mime(const char *mime);

/* doctype_label() is a type's name for people ("PDF", "Word (DOCX)"). */
const char *doctype_label(enum doctype t);

/* doctype_list() writes the names of the types in set, "PDF, JPEG, PNG",
** into arena a. */
char *doctype_list(struct arena *a, unsigned set);

/* doctype_accept_attr() is the value of an <input type=file accept=...>
** for the types in set (".pdf,.jpg,.jpeg,..."), in arena a. */
char *doctype_accept_attr(struct arena *a, unsigned set);

/*
** doctype_of_name() is the type a file name claims by its extension
** (case ignored: ".pdf", ".jpg"/".jpeg", ".png", ".odt", ".docx"), or
** DOCTYPE_NONE when it claims none of them. A name claiming one type
** whose content is another is a lie, and refused.
*/
enum doctype doctype_of_name(const char *filename);

#endif
