/*
** This file implements doctype.h: recognising homework documents by their
** content, including a small, bounded reader of ZIP central directories
** for ODT and DOCX (APPNOTE.TXT sections 4.3.7, 4.3.12 and 4.3.16).
*/
#include "homework/doctype.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "kernel/files.h"
#include "kernel/i18n.h"
#include "kernel/str.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define EOCD_LEN 22
#define CENTRAL_LEN 46
#define LOCAL_LEN 30

static const char odt_mime[] = "application/vnd.oasis.opendocument.text";

static uint32_t le16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- ZIP ---- */

/* What the central directory says about the entries that matter. */
struct entry {
	int count;                 /* how many entries have this name */
	uint32_t method, flags, csize, usize;
	int64_t local_offset;
};

enum { E_MIMETYPE, E_CONTENT, E_CTYPES, E_DOCUMENT, E_VBA, E__MAX };

static const char *const entry_names[E__MAX] = {
	[E_MIMETYPE] = "mimetype",
	[E_CONTENT] = "content.xml",
	[E_CTYPES] = "[Content_Types].xml",
	[E_DOCUMENT] = "word/document.xml",
	[E_VBA] = "word/vbaProject.bin",
};

/* Finds the end-of-central-directory record: the last signature in the
** file's tail whose record (and comment) fits before the end. */
static int find_eocd(const struct zip_src *src, struct arena *a, unsigned char rec[EOCD_LEN],
                     int64_t *pos)
{
	if (src->size < EOCD_LEN)
		return -1;
	int64_t tail = src->size < EOCD_LEN + 65535 ? src->size : EOCD_LEN + 65535;
	unsigned char *buf = arena_alloc(a, (size_t)tail);
	if (src->read(src->ctx, src->size - tail, buf, (size_t)tail) != 0)
		return -1;
	for (int64_t i = tail - EOCD_LEN; i >= 0; i--) {
		if (le32(buf + i) != SIG_EOCD)
			continue;
		if (i + EOCD_LEN + (int64_t)le16(buf + i + 20) > tail)
			continue;
		memcpy(rec, buf + i, EOCD_LEN);
		*pos = src->size - tail + i;
		return 0;
	}
	return -1;
}

/* Reads the stored bytes of an entry (method 0, small) into out. */
static int read_stored(const struct zip_src *src, const struct entry *e, int64_t limit,
                       unsigned char *out, size_t n)
{
	unsigned char lh[LOCAL_LEN];
	if (e->local_offset + LOCAL_LEN > limit ||
	    src->read(src->ctx, e->local_offset, lh, LOCAL_LEN) != 0 || le32(lh) != SIG_LOCAL)
		return -1;
	int64_t data = e->local_offset + LOCAL_LEN + le16(lh + 26) + le16(lh + 28);
	if (data + (int64_t)n > limit)
		return -1;
	return src->read(src->ctx, data, out, n);
}

enum doctype doctype_zip(const struct zip_src *src, struct arena *a)
{
	unsigned char eocd[EOCD_LEN];
	int64_t eocd_pos;
	if (!src || src->size <= 0 || find_eocd(src, a, eocd, &eocd_pos) != 0)
		return DOCTYPE_NONE;
	uint32_t disk = le16(eocd + 4), cd_disk = le16(eocd + 6);
	uint32_t on_disk = le16(eocd + 8), total = le16(eocd + 10);
	uint32_t cd_size = le32(eocd + 12), cd_off = le32(eocd + 16);
	/* 0xFFFF / 0xFFFFFFFF mark ZIP64 values: refused, as split archives */
	if (disk != 0 || cd_disk != 0 || on_disk != total || total == 0xFFFF ||
	    cd_size == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu)
		return DOCTYPE_NONE;
	if (total == 0 || total > DOCTYPE_ZIP_MAX_ENTRIES || cd_size > DOCTYPE_ZIP_MAX_CD ||
	    cd_size < (uint64_t)total * CENTRAL_LEN || (int64_t)cd_off + cd_size > eocd_pos)
		return DOCTYPE_NONE;
	unsigned char *cd = arena_alloc(a, cd_size + 1);
	if (src->read(src->ctx, cd_off, cd, cd_size) != 0)
		return DOCTYPE_NONE;

	struct entry found[E__MAX];
	memset(found, 0, sizeof found);
	size_t p = 0;
	for (uint32_t k = 0; k < total; k++) {
		if (cd_size - p < CENTRAL_LEN || le32(cd + p) != SIG_CENTRAL)
			return DOCTYPE_NONE;
		const unsigned char *h = cd + p;
		size_t name_len = le16(h + 28), extra_len = le16(h + 30), comment_len = le16(h + 32);
		size_t len = CENTRAL_LEN + name_len + extra_len + comment_len;
		if (len > cd_size - p)
			return DOCTYPE_NONE;
		const char *name = (const char *)h + CENTRAL_LEN;
		for (int i = 0; i < E__MAX; i++) {
			if (strlen(entry_names[i]) != name_len ||
			    memcmp(entry_names[i], name, name_len) != 0)
				continue;
			struct entry *e = &found[i];
			e->count++;
			e->flags = le16(h + 8);
			e->method = le16(h + 10);
			e->csize = le32(h + 20);
			e->usize = le32(h + 24);
			e->local_offset = le32(h + 42);
		}
		p += len;
	}
	for (int i = 0; i < E__MAX; i++)
		if (found[i].count > 1)
			return DOCTYPE_NONE; /* ambiguous archive */

	const struct entry *m = &found[E_MIMETYPE];
	if (m->count && found[E_CONTENT].count) {
		size_t n = sizeof odt_mime - 1;
		unsigned char bytes[sizeof odt_mime];
		if (m->method == 0 && !(m->flags & 1) && m->csize == n && m->usize == n &&
		    read_stored(src, m, cd_off, bytes, n) == 0 && memcmp(bytes, odt_mime, n) == 0)
			return DOCTYPE_ODT;
		return DOCTYPE_NONE;
	}
	if (found[E_CTYPES].count && found[E_DOCUMENT].count && !found[E_VBA].count &&
	    !m->count)
		return DOCTYPE_DOCX;
	return DOCTYPE_NONE;
}

/* ---- Files ---- */

struct fd_ctx {
	int fd;
};

static int fd_read(void *ctx, int64_t off, void *buf, size_t n)
{
	int fd = ((struct fd_ctx *)ctx)->fd;
	size_t done = 0;
	while (done < n) {
		ssize_t got = pread(fd, (char *)buf + done, n - done, (off_t)(off + (int64_t)done));
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		done += (size_t)got;
	}
	return 0;
}

enum doctype doctype_of_file(const char *path, int64_t size, const unsigned char *head,
                             size_t head_len, struct arena *a)
{
	if (size <= 0 || !head)
		return DOCTYPE_NONE;
	const char *sniffed = files_sniff(head, head_len);
	if (sniffed)
		return doctype_from_mime(sniffed); /* NONE for GIF, audio, video... */
	if (head_len < 4 || le32(head) != SIG_LOCAL || !path)
		return DOCTYPE_NONE;
	struct fd_ctx ctx = {.fd = open(path, O_RDONLY | O_CLOEXEC)};
	if (ctx.fd < 0)
		return DOCTYPE_NONE;
	struct zip_src src = {.size = size, .read = fd_read, .ctx = &ctx};
	enum doctype t = doctype_zip(&src, a);
	close(ctx.fd);
	return t;
}

/* ---- Names ---- */

static const struct {
	enum doctype type;
	const char *mime, *label, *exts;
} types[DOCTYPE_COUNT] = {
	{DOCTYPE_PDF, "application/pdf", "PDF", ".pdf"},
	{DOCTYPE_JPEG, "image/jpeg", "JPEG", ".jpg,.jpeg"},
	{DOCTYPE_PNG, "image/png", "PNG", ".png"},
	{DOCTYPE_ODT, odt_mime, N_("Texte OpenDocument (ODT)"), ".odt"},
	{DOCTYPE_DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	 N_("Word (DOCX)"), ".docx"},
};

const char *doctype_mime(enum doctype t)
{
	for (int i = 0; i < DOCTYPE_COUNT; i++)
		if (types[i].type == t)
			return types[i].mime;
	return NULL;
}

enum doctype doctype_from_mime(const char *mime)
{
	for (int i = 0; mime && i < DOCTYPE_COUNT; i++)
		if (strcmp(types[i].mime, mime) == 0)
			return types[i].type;
	return DOCTYPE_NONE;
}

const char *doctype_label(enum doctype t)
{
	for (int i = 0; i < DOCTYPE_COUNT; i++)
		if (types[i].type == t)
			return _(types[i].label);
	return "?";
}

char *doctype_list(struct arena *a, unsigned set)
{
	struct sb sb;
	sb_init(&sb, a, 64);
	for (int i = 0; i < DOCTYPE_COUNT; i++) {
		if (!(set & (unsigned)types[i].type))
			continue;
		if (sb.len)
			sb_adds(&sb, ", ");
		sb_adds(&sb, _(types[i].label));
	}
	return sb.buf;
}

char *doctype_accept_attr(struct arena *a, unsigned set)
{
	struct sb sb;
	sb_init(&sb, a, 64);
	for (int i = 0; i < DOCTYPE_COUNT; i++) {
		if (!(set & (unsigned)types[i].type))
			continue;
		if (sb.len)
			sb_addc(&sb, ',');
		sb_adds(&sb, types[i].exts);
		sb_addc(&sb, ',');
		sb_adds(&sb, types[i].mime);
	}
	return sb.buf;
}

enum doctype doctype_of_name(const char *filename)
{
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	if (!dot || strchr(dot, '/') || strchr(dot, '\\'))
		return DOCTYPE_NONE;
	for (int i = 0; i < DOCTYPE_COUNT; i++) {
		const char *e = types[i].exts;
		while (*e) {
			size_t n = strcspn(e, ",");
			if (strlen(dot) == n && strncasecmp(dot, e, n) == 0)
				return types[i].type;
			e += n + (e[n] == ',');
		}
	}
	return DOCTYPE_NONE;
}
