/*
 * Kernel heap (kernel/mm/heap.c): kmalloc/kfree for kernel objects.
 * Sizes up to 2 KiB come from per-size-class slabs (16, 32, ... 2048 bytes),
 * larger ones from whole page blocks. Every object is 16-byte aligned.
 * kfree(NULL) does nothing; freeing anything not from kmalloc is detected
 * where cheap (a header magic) and reported with a panic.
 */
#ifndef MM_HEAP_H
#define MM_HEAP_H

#include <stddef.h>
#include <stdint.h>

void *kmalloc(size_t size); /* NULL when out of memory or size is 0 */
void *kzalloc(size_t size);
void kfree(void *p);

/* Bytes handed out and not yet freed (for leak checks in self-tests). */
uint64_t heap_bytes_in_use(void);

#endif
