/*
 * Freestanding memory and string routines with ISO C semantics.
 *
 * The memory functions move eight bytes at a time once the pointers are
 * aligned (word accesses go through a may_alias type, so they are valid on
 * any object); the string functions are simple byte loops. The file is also
 * compiled into tests/unit/test_string.c under renamed symbols, which is
 * why it includes nothing but freestanding headers and lib/string.h.
 */
#include <stddef.h>
#include <stdint.h>

#include "lib/string.h"

/*
 * GCC turns byte loops into calls to memset/memcpy when not freestanding,
 * which inside memset itself would recurse forever. Forbid it here so the
 * file is safe whatever flags it is built with.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-tree-loop-distribute-patterns")
#endif

typedef uint64_t __attribute__((__may_alias__)) word_t;

#define WSIZE sizeof(word_t)
#define WMASK (WSIZE - 1)

static int same_alignment(const void *a, const void *b)
{
	return (((uintptr_t)a ^ (uintptr_t)b) & WMASK) == 0;
}

/* Forward copy; correct for overlap when dst is below src. */
static void copy_forward(unsigned char *d, const unsigned char *s, size_t n)
{
	if (same_alignment(d, s)) {
		for (; n && ((uintptr_t)d & WMASK); n--)
			*d++ = *s++;
		for (; n >= WSIZE; n -= WSIZE, d += WSIZE, s += WSIZE)
			*(word_t *)d = *(const word_t *)s;
	}
	while (n--)
		*d++ = *s++;
}

/* Backward copy from the ends; correct for overlap when dst is above src. */
static void copy_backward(unsigned char *d, const unsigned char *s, size_t n)
{
	d += n;
	s += n;
	if (same_alignment(d, s)) {
		for (; n && ((uintptr_t)d & WMASK); n--)
			*--d = *--s;
		for (; n >= WSIZE; n -= WSIZE) {
			d -= WSIZE;
			s -= WSIZE;
			*(word_t *)d = *(const word_t *)s;
		}
	}
	while (n--)
		*--d = *--s;
}

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	copy_forward(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Compare as integers: the pointers may be into different objects. */
	if ((uintptr_t)d <= (uintptr_t)s || (uintptr_t)d - (uintptr_t)s >= n)
		copy_forward(d, s, n);
	else
		copy_backward(d, s, n);
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	unsigned char b = (unsigned char)c;
	word_t w = (word_t)b * 0x0101010101010101ULL;

	for (; n && ((uintptr_t)d & WMASK); n--)
		*d++ = b;
	for (; n >= WSIZE; n -= WSIZE, d += WSIZE)
		*(word_t *)d = w;
	while (n--)
		*d++ = b;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t i = 0;

	while (i < max && s[i])
		i++;
	return i;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y ? 0 : (*x < *y ? -1 : 1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *x = (const unsigned char *)a;
	const unsigned char *y = (const unsigned char *)b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
		if (!*x)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	char ch = (char)c;

	for (;; s++) {
		if (*s == ch)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
