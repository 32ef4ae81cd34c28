/*
 * The kernel's virtual address layout on x86_64.
 *
 *   0000000000000000 - 00007fffffffffff  user space (issue 3), PML4 slots 0..255
 *   ffff800000000000 - ffffbfffffffffff  direct map of physical memory (64 TiB)
 *   ffffc00000000000 - ffffc07fffffffff  kernel stacks, each with an unmapped guard page below
 *   ffffc08000000000 - ffffc0ffffffffff  device MMIO mappings (uncached)
 *   ffffffff80000000 - ffffffffffffffff  the kernel image (-mcmodel=kernel), at 1 MiB physical
 *
 * The upper-half PML4 slots are created once at boot and shared by every
 * address space, so a kernel mapping made later is seen everywhere.
 */
#ifndef ARCH_X86_64_LAYOUT_H
#define ARCH_X86_64_LAYOUT_H

#include <stdint.h>

#define KERNEL_VMA 0xffffffff80000000ull
#define DIRECT_MAP_BASE 0xffff800000000000ull
#define DIRECT_MAP_SIZE (64ull << 40)
#define KSTACK_BASE 0xffffc00000000000ull
#define KSTACK_AREA_SIZE (512ull << 30)
#define MMIO_BASE 0xffffc08000000000ull
#define MMIO_AREA_SIZE (512ull << 30)

/* Physical address -> direct-map pointer (valid once paging_init has run). */
static inline void *p2v(uint64_t phys)
{
	return (void *)(uintptr_t)(phys + DIRECT_MAP_BASE);
}

/* Direct-map or kernel-image pointer -> physical address. */
static inline uint64_t v2p(const void *va)
{
	uint64_t a = (uint64_t)(uintptr_t)va;
	if (a >= KERNEL_VMA)
		return a - KERNEL_VMA;
	return a - DIRECT_MAP_BASE;
}

/* Linker-script symbols: the image's sections (virtual addresses). */
extern char __kernel_phys_start[], __text_start[], __text_end[], __rodata_start[],
	__rodata_end[], __data_start[], __bss_end[], __ksyms_start[], __kernel_end[];

#endif
