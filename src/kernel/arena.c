/*
** This file implements the per-request arena: a chain of blocks served
** by bumping a pointer, plus a list of deferred cleanups run at free time.
** The first block is allocated with the arena itself so that a small
** request costs one malloc.
*/
#include "kernel/arena.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_BLOCK 8192
#define ARENA_ALIGN 16

struct block {
	struct block *next;
	size_t size, used, pad_; /* 32 bytes: data[] starts 16-aligned */
	unsigned char data[];
};

struct deferred {
	struct deferred *next;
	void (*fn)(void *);
	void *p;
};

struct arena {
	struct block *head;
	struct deferred *defers;
	size_t used;
	/* must stay last: its data[] is the memory that follows the struct */
	_Alignas(ARENA_ALIGN) struct block first;
};

_Static_assert(sizeof(struct block) % ARENA_ALIGN == 0, "block header");
_Static_assert(offsetof(struct arena, first) % ARENA_ALIGN == 0, "first block");

static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (!p) {
		fprintf(stderr, "cartable: out of memory (%zu bytes)\n", n);
		abort();
	}
	return p;
}

struct arena *arena_new(void)
{
	struct arena *a = xmalloc(sizeof *a + ARENA_FIRST_BLOCK);
	a->first.next = NULL;
	a->first.size = ARENA_FIRST_BLOCK;
	a->first.used = 0;
	a->head = &a->first;
	a->defers = NULL;
	a->used = 0;
	return a;
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	while (a->defers) {
		struct deferred *d = a->defers;
		a->defers = d->next; /* d itself lives in a block, freed below */
		d->fn(d->p);
	}
	struct block *b = a->head;
	while (b && b != &a->first) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (need < size) {
		fprintf(stderr, "cartable: arena size overflow\n");
		abort();
	}
	struct block *b = a->head;
	if (b->size - b->used < need) {
		size_t bsize = b->size * 2;
		if (bsize < need)
			bsize = need;
		if (bsize > (1u << 20) && need <= (1u << 20))
			bsize = 1u << 20; /* cap growth; big requests get their own */
		struct block *nb = xmalloc(sizeof *nb + bsize);
		nb->size = bsize;
		nb->used = 0;
		nb->next = a->head;
		a->head = nb;
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->used += need;
	memset(p, 0, size);
	return p;
}

void *arena_array(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size) {
		fprintf(stderr, "cartable: arena array overflow\n");
		abort();
	}
	return arena_alloc(a, n * size);
}

void *arena_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	size_t bigger = *cap ? *cap * 2 : 8;
	void *q = arena_array(a, bigger, size);
	if (n)
		memcpy(q, p, n * size);
	*cap = bigger;
	return q;
}

void *arena_memdup(struct arena *a, const void *p, size_t n)
{
	void *q = arena_alloc(a, n + 1);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	size_t len = strnlen(s, n);
	return arena_memdup(a, s, len); /* memdup leaves a NUL after the copy */
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_memdup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	char *s = arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return s;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *p)
{
	struct deferred *d = arena_alloc(a, sizeof *d);
	d->fn = fn;
	d->p = p;
	d->next = a->defers;
	a->defers = d;
}

size_t arena_used(const struct arena *a)
{
	return a->used;
}
