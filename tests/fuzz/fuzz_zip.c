/*
** Fuzz target for the ZIP reader that recognises ODT and DOCX copies
** (homework/doctype.c): the input is the whole file. The reader must stay
** within its bounds (ASan watches every read) and answer one of ODT, DOCX
** or nothing; the same bytes must always give the same answer.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "homework/doctype.h"

struct mem {
	const uint8_t *p;
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct mem m = {data, size};
	struct zip_src src = {.size = (int64_t)size, .read = mem_read, .ctx = &m};
	enum doctype t = doctype_zip(&src, a);
	if (t != DOCTYPE_NONE && t != DOCTYPE_ODT && t != DOCTYPE_DOCX)
		abort();
	if (doctype_zip(&src, a) != t)
		abort();
	arena_free(a);
	return 0;
}
