/*
** arena.h - per-request memory.
**
** An arena hands out memory that lives until arena_free(): every request
** owns one, so a handler allocates freely and never frees by hand. Other
** resources a request acquires (a temporary file, a transaction, a lock)
** are registered with arena_defer() the moment they are acquired and are
** released, last registered first, when the arena is freed.
**
** Allocation never fails: on out-of-memory the process logs and aborts,
** since a server that cannot allocate 8 KiB cannot answer anyway.
*/
#ifndef CARTABLE_ARENA_H
#define CARTABLE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

/* arena_new() creates an empty arena. Release it with arena_free(). */
struct arena *arena_new(void);

/*
** arena_free() runs the deferred cleanups in reverse order, then releases
** every block. arena_free(NULL) does nothing.
*/
void arena_free(struct arena *a);

/* arena_alloc() returns `size` bytes aligned for any type, zero-filled. */
void *arena_alloc(struct arena *a, size_t size);

/* arena_array() allocates n elements of `size` bytes, checking overflow. */
void *arena_array(struct arena *a, size_t n, size_t size);

/*
** arena_grow() makes room for one more element in an array of n elements
** being filled: while n < *cap it returns p as is; otherwise it copies the
** n elements into a new array of twice the room (8 when *cap is 0), sets
** *cap and returns it. The old array stays until the arena is freed.
**     list = arena_grow(a, list, n, &cap, sizeof *list);
**     list[n++] = ...;
*/
void *arena_grow(struct arena *a, void *p, size_t n, size_t *cap, size_t size);

/* arena_strdup() copies s (NULL gives NULL); arena_strndup() at most n bytes. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
void *arena_memdup(struct arena *a, const void *p, size_t n);

/* arena_printf() formats like snprintf into a new string. */
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* arena_defer() registers fn(p) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *p);

/* arena_used() is the number of bytes handed out, for tests and logs. */
size_t arena_used(const struct arena *a);

#endif
