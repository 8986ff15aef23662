/*
** Unit tests of homework's pure rules: recognising documents by content
** (PDF/JPEG/PNG by their first bytes, ODT and DOCX by reading the ZIP
** central directory, archives that lie or are broken refused), what a file
** name claims, due dates moved by extra time, and turnaround percentiles.
*/
#include "test.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "homework/doctype.h"
#include "homework/homework.h"
#include "homework/web.h"
#include "kernel/fmt.h"
#include "kernel/i18n.h"

/* ---- A tiny ZIP writer (stored entries) for the tests ---- */

struct zb {
	unsigned char buf[16384];
	size_t n;
	struct {
		const char *name;
		size_t off, size;
		int method;
	} e[16];
	int ne;
};

static void put16(struct zb *z, unsigned v)
{
	z->buf[z->n++] = (unsigned char)(v & 0xFF);
	z->buf[z->n++] = (unsigned char)(v >> 8 & 0xFF);
}

static void put32(struct zb *z, uint32_t v)
{
	put16(z, v & 0xFFFF);
	put16(z, v >> 16);
}

static void putb(struct zb *z, const void *p, size_t n)
{
	memcpy(z->buf + z->n, p, n);
	z->n += n;
}

static void zb_add_method(struct zb *z, const char *name, const char *data, int method)
{
	size_t len = strlen(data);
	z->e[z->ne].name = name;
	z->e[z->ne].off = z->n;
	z->e[z->ne].size = len;
	z->e[z->ne].method = method;
	z->ne++;
	put32(z, 0x04034b50);
	put16(z, 20);
	put16(z, 0);
	put16(z, (unsigned)method);
	put32(z, 0); /* time, date */
	put32(z, 0); /* crc: not checked */
	put32(z, (uint32_t)len);
	put32(z, (uint32_t)len);
	put16(z, (unsigned)strlen(name));
	put16(z, 0);
	putb(z, name, strlen(name));
	putb(z, data, len);
}

static void zb_add(struct zb *z, const char *name, const char *data)
{
	zb_add_method(z, name, data, 0);
}

/* Writes the central directory and the end record; returns the size. */
static size_t zb_finish(struct zb *z, const char *comment)
{
	size_t cd = z->n;
	for (int i = 0; i < z->ne; i++) {
		put32(z, 0x02014b50);
		put16(z, 20);
		put16(z, 20);
		put16(z, 0);
		put16(z, (unsigned)z->e[i].method);
		put32(z, 0);
		put32(z, 0);
		put32(z, (uint32_t)z->e[i].size);
		put32(z, (uint32_t)z->e[i].size);
		put16(z, (unsigned)strlen(z->e[i].name));
		put16(z, 0);
		put16(z, 0);
		put16(z, 0);
		put16(z, 0);
		put32(z, 0);
		put32(z, (uint32_t)z->e[i].off);
		putb(z, z->e[i].name, strlen(z->e[i].name));
	}
	size_t cd_size = z->n - cd;
	put32(z, 0x06054b50);
	put16(z, 0);
	put16(z, 0);
	put16(z, (unsigned)z->ne);
	put16(z, (unsigned)z->ne);
	put32(z, (uint32_t)cd_size);
	put32(z, (uint32_t)cd);
	put16(z, comment ? (unsigned)strlen(comment) : 0);
	if (comment)
		putb(z, comment, strlen(comment));
	return z->n;
}

struct mem {
	const unsigned char *p;
	size_t n;
};

static int mem_read(void *ctx, int64_t off, void *buf, size_t n)
{
	struct mem *m = ctx;
	if (off < 0 || (uint64_t)off > m->n || n > m->n - (size_t)off)
		return -1;
	memcpy(buf, m->p + off, n);
	return 0;
}

static enum doctype zip_type(const unsigned char *p, size_t n)
{
	struct arena *a = arena_new();
	struct mem m = {p, n};
	struct zip_src src = {.size = (int64_t)n, .read = mem_read, .ctx = &m};
	enum doctype t = doctype_zip(&src, a);
	arena_free(a);
	return t;
}

static const char ODT[] = "application/vnd.oasis.opendocument.text";

TEST(odt_by_its_mimetype_entry)
{
	struct zb z = {0};
	zb_add(&z, "mimetype", ODT);
	zb_add(&z, "content.xml", "<office:document-content/>");
	zb_add(&z, "META-INF/manifest.xml", "<manifest/>");
	size_t n = zb_finish(&z, NULL);
	CHECK_INT(zip_type(z.buf, n), DOCTYPE_ODT);
	/* with an archive comment after the end record */
	struct zb c = {0};
	zb_add(&c, "mimetype", ODT);
	zb_add(&c, "content.xml", "x");
	n = zb_finish(&c, "made by a test");
	CHECK_INT(zip_type(c.buf, n), DOCTYPE_ODT);
}

TEST(other_opendocuments_and_compressed_mimetype_refused)
{
	struct zb s = {0};
	zb_add(&s, "mimetype", "application/vnd.oasis.opendocument.spreadsheet");
	zb_add(&s, "content.xml", "x");
	CHECK_INT(zip_type(s.buf, zb_finish(&s, NULL)), DOCTYPE_NONE);
	struct zb t = {0};
	zb_add(&t, "mimetype", "application/vnd.oasis.opendocument.text-template");
	zb_add(&t, "content.xml", "x");
	CHECK_INT(zip_type(t.buf, zb_finish(&t, NULL)), DOCTYPE_NONE);
	struct zb d = {0};
	zb_add_method(&d, "mimetype", ODT, 8); /* "deflated": not readable as is */
	zb_add(&d, "content.xml", "x");
	CHECK_INT(zip_type(d.buf, zb_finish(&d, NULL)), DOCTYPE_NONE);
	struct zb m = {0};
	zb_add(&m, "mimetype", ODT); /* no content.xml */
	CHECK_INT(zip_type(m.buf, zb_finish(&m, NULL)), DOCTYPE_NONE);
}

TEST(docx_by_its_parts_and_macros_refused)
{
	struct zb z = {0};
	zb_add(&z, "[Content_Types].xml", "<Types/>");
	zb_add(&z, "_rels/.rels", "<Relationships/>");
	zb_add(&z, "word/document.xml", "<w:document/>");
	CHECK_INT(zip_type(z.buf, zb_finish(&z, NULL)), DOCTYPE_DOCX);
	struct zb m = {0};
	zb_add(&m, "[Content_Types].xml", "<Types/>");
	zb_add(&m, "word/document.xml", "<w:document/>");
	zb_add(&m, "word/vbaProject.bin", "macro");
	CHECK_INT(zip_type(m.buf, zb_finish(&m, NULL)), DOCTYPE_NONE);
	struct zb x = {0}; /* a spreadsheet */
	zb_add(&x, "[Content_Types].xml", "<Types/>");
	zb_add(&x, "xl/workbook.xml", "<workbook/>");
	CHECK_INT(zip_type(x.buf, zb_finish(&x, NULL)), DOCTYPE_NONE);
	struct zb p = {0}; /* a plain archive */
	zb_add(&p, "readme.txt", "hello");
	CHECK_INT(zip_type(p.buf, zb_finish(&p, NULL)), DOCTYPE_NONE);
}

TEST(ambiguous_archives_refused)
{
	struct zb z = {0};
	zb_add(&z, "[Content_Types].xml", "<Types/>");
	zb_add(&z, "word/document.xml", "<w:document/>");
	zb_add(&z, "word/document.xml", "<w:document>other</w:document>");
	CHECK_INT(zip_type(z.buf, zb_finish(&z, NULL)), DOCTYPE_NONE);
	struct zb o = {0};
	zb_add(&o, "mimetype", ODT);
	zb_add(&o, "mimetype", "application/zip");
	zb_add(&o, "content.xml", "x");
	CHECK_INT(zip_type(o.buf, zb_finish(&o, NULL)), DOCTYPE_NONE);
}

TEST(broken_archives_refused)
{
	struct zb z = {0};
	zb_add(&z, "[Content_Types].xml", "<Types/>");
	zb_add(&z, "word/document.xml", "<w:document/>");
	size_t n = zb_finish(&z, NULL);
	/* every truncation of a good archive is refused, without reading out of bounds */
	for (size_t k = 0; k < n; k++)
		CHECK_INT(zip_type(z.buf, k), DOCTYPE_NONE);
	/* every single corrupted byte of the end record or directory: no crash */
	for (size_t k = n - 22 - 100; k < n; k++) {
		unsigned char copy[sizeof z.buf];
		memcpy(copy, z.buf, n);
		copy[k] ^= 0xFF;
		(void)zip_type(copy, n);
	}
	/* ZIP64 markers */
	unsigned char copy[sizeof z.buf];
	memcpy(copy, z.buf, n);
	copy[n - 22 + 10] = 0xFF;
	copy[n - 22 + 11] = 0xFF;
	CHECK_INT(zip_type(copy, n), DOCTYPE_NONE);
	memcpy(copy, z.buf, n);
	memset(copy + n - 22 + 16, 0xFF, 4);
	CHECK_INT(zip_type(copy, n), DOCTYPE_NONE);
	/* directory pointing past itself */
	memcpy(copy, z.buf, n);
	copy[n - 22 + 16] += 1;
	CHECK_INT(zip_type(copy, n), DOCTYPE_NONE);
	/* a multi-disk archive */
	memcpy(copy, z.buf, n);
	copy[n - 22 + 4] = 1;
	CHECK_INT(zip_type(copy, n), DOCTYPE_NONE);
	CHECK_INT(zip_type((const unsigned char *)"PK\x05\x06", 4), DOCTYPE_NONE);
	CHECK_INT(zip_type((const unsigned char *)"", 0), DOCTYPE_NONE);
}

TEST(files_by_content)
{
	char path[] = "/tmp/cartable-doctype-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	struct zb z = {0};
	zb_add(&z, "mimetype", ODT);
	zb_add(&z, "content.xml", "x");
	size_t n = zb_finish(&z, NULL);
	CHECK_INT(write(fd, z.buf, n), (long long)n);
	close(fd);
	struct arena *a = arena_new();
	CHECK_INT(doctype_of_file(path, (int64_t)n, z.buf, 128, a), DOCTYPE_ODT);
	unlink(path);
	const unsigned char pdf[] = "%PDF-1.4\n%\xe2\xe3";
	CHECK_INT(doctype_of_file(NULL, 20, pdf, sizeof pdf - 1, a), DOCTYPE_PDF);
	const unsigned char png[] = "\x89PNG\r\n\x1a\n....";
	CHECK_INT(doctype_of_file(NULL, 20, png, sizeof png - 1, a), DOCTYPE_PNG);
	const unsigned char jpg[] = "\xff\xd8\xff\xe0..JFIF";
	CHECK_INT(doctype_of_file(NULL, 20, jpg, sizeof jpg - 1, a), DOCTYPE_JPEG);
	const unsigned char gif[] = "GIF89a....";
	CHECK_INT(doctype_of_file(NULL, 20, gif, sizeof gif - 1, a), DOCTYPE_NONE);
	const unsigned char txt[] = "Bonjour, voici ma copie";
	CHECK_INT(doctype_of_file(NULL, 20, txt, sizeof txt - 1, a), DOCTYPE_NONE);
	const unsigned char exe[] = "MZ\x90\x00";
	CHECK_INT(doctype_of_file(NULL, 20, exe, 4, a), DOCTYPE_NONE);
	/* a ZIP head whose file cannot be read */
	CHECK_INT(doctype_of_file("/nonexistent/x", (int64_t)n, z.buf, 128, a), DOCTYPE_NONE);
	CHECK_INT(doctype_of_file(NULL, 0, pdf, sizeof pdf - 1, a), DOCTYPE_NONE);
	arena_free(a);
}

TEST(names_claim_types)
{
	CHECK_INT(doctype_of_name("copie.pdf"), DOCTYPE_PDF);
	CHECK_INT(doctype_of_name("Scan.JPG"), DOCTYPE_JPEG);
	CHECK_INT(doctype_of_name("photo.jpeg"), DOCTYPE_JPEG);
	CHECK_INT(doctype_of_name("a.b.png"), DOCTYPE_PNG);
	CHECK_INT(doctype_of_name("devoir.odt"), DOCTYPE_ODT);
	CHECK_INT(doctype_of_name("devoir.DOCX"), DOCTYPE_DOCX);
	CHECK_INT(doctype_of_name("devoir.doc"), DOCTYPE_NONE);
	CHECK_INT(doctype_of_name("devoir.pdf.exe"), DOCTYPE_NONE);
	CHECK_INT(doctype_of_name("devoir"), DOCTYPE_NONE);
	CHECK_INT(doctype_of_name("dir.pdf/devoir"), DOCTYPE_NONE);
	CHECK_INT(doctype_of_name(NULL), DOCTYPE_NONE);
	CHECK_INT(doctype_of_name(".pdfx"), DOCTYPE_NONE);
	struct arena *a = arena_new();
	CHECK_STR(doctype_list(a, DOCTYPE_PDF | DOCTYPE_PNG), "PDF, PNG");
	CHECK_STR(doctype_accept_attr(a, DOCTYPE_PDF), ".pdf,application/pdf");
	CHECK_STR(doctype_mime(DOCTYPE_ODT), ODT);
	CHECK_INT(doctype_from_mime("image/png"), DOCTYPE_PNG);
	CHECK_INT(doctype_from_mime("image/gif"), DOCTYPE_NONE);
	arena_free(a);
}

TEST(due_date_moved_by_extra_time)
{
	int64_t opens = 1000000, week = 7 * 86400;
	CHECK_INT(homework_due_for(opens + week, opens, 0), opens + week);
	CHECK_INT(homework_due_for(opens + week, opens, 33), opens + week + week * 33 / 100);
	CHECK_INT(homework_due_for(opens + week, opens, 100), opens + 2 * week);
	CHECK_INT(homework_due_for(opens + week, opens, 250), opens + 2 * week); /* capped */
	CHECK_INT(homework_due_for(0, opens, 33), 0);                           /* no due date */
	CHECK_INT(homework_due_for(opens - 10, opens, 33), opens - 10);         /* before opening */
	CHECK_INT(homework_due_for(opens + week, 0, 33), opens + week);
	CHECK_INT(homework_due_for(opens + week, opens, -5), opens + week);
}

TEST(percentiles)
{
	const int64_t one[] = {7};
	const int64_t four[] = {1, 2, 3, 4};
	const int64_t ten[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
	CHECK_INT(homework_percentile(one, 0, 50), -1);
	CHECK_INT(homework_percentile(one, 1, 50), 7);
	CHECK_INT(homework_percentile(one, 1, 90), 7);
	CHECK_INT(homework_percentile(four, 4, 50), 2); /* 2.5 rounded down */
	CHECK_INT(homework_percentile(ten, 10, 50), 55);
	CHECK_INT(homework_percentile(ten, 10, 90), 91);
	CHECK_INT(homework_percentile(ten, 10, 0), 10);
	CHECK_INT(homework_percentile(ten, 10, 100), 100);
	const int64_t days[] = {86400, 2 * 86400, 3 * 86400};
	CHECK_INT(homework_percentile(days, 3, 50), 2 * 86400);
}

TEST(statuses)
{
	CHECK_STR(homework_status_code(HW_TODO), "todo");
	CHECK_STR(homework_status_code(HW_RETURNED), "returned");
	struct submission s = {.id = 1};
	CHECK_INT(homework_submission_status(&s), HW_SUBMITTED);
	s.started_at = 5;
	CHECK_INT(homework_submission_status(&s), HW_CORRECTING);
	s.returned_at = 6;
	CHECK_INT(homework_submission_status(&s), HW_RETURNED);
}

TEST(fast_datetime_matches_fmt_datetime)
{
	struct arena *a = arena_new();
	const int64_t times[] = {0, 1700000000, 1711846799, 1711846800, 1711850400, 1729990800,
	                         1729994400, 4102444799, 1234567890, 86399};
	for (int lang = 0; lang < 2; lang++) {
		i18n_set_lang(lang ? LANG_EN : LANG_FR);
		for (size_t i = 0; i < sizeof times / sizeof times[0]; i++)
			CHECK_STR(hw_datetime(a, times[i]), fmt_datetime(a, times[i]));
		for (int64_t t = 1700000000; t < 1700000000 + 400 * 86400; t += 86400 * 7 + 3599)
			CHECK_STR(hw_datetime(a, t), fmt_datetime(a, t));
	}
	i18n_set_lang(LANG_FR);
	CHECK_STR(hw_duration(a, 3 * 86400 + 5 * 3600), "3 j 5 h");
	CHECK_STR(hw_duration(a, 2 * 3600 + 60), "2 h 1 min");
	CHECK_STR(hw_duration(a, -1), "—");
	arena_free(a);
}

int main(void)
{
	RUN(odt_by_its_mimetype_entry);
	RUN(other_opendocuments_and_compressed_mimetype_refused);
	RUN(docx_by_its_parts_and_macros_refused);
	RUN(ambiguous_archives_refused);
	RUN(broken_archives_refused);
	RUN(files_by_content);
	RUN(names_claim_types);
	RUN(due_date_moved_by_extra_time);
	RUN(percentiles);
	RUN(statuses);
	RUN(fast_datetime_matches_fmt_datetime);
	TEST_END();
}
