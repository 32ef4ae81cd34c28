/*
 * What the kernel learns from its loader, independent of the boot protocol.
 * PVH (kernel/boot/pvh.c) fills it today; the distro's MBR loader hands over
 * a PVH start info too, so there is one path.
 */
#ifndef BOOT_BOOTINFO_H
#define BOOT_BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#include "mm/memmap.h"

#define CMDLINE_MAX 1024
#define BOOT_MODULES_MAX 8

struct boot_module {
	uint64_t phys;
	uint64_t size;
};

struct boot_info {
	const char *loader;          /* "PVH" */
	char cmdline[CMDLINE_MAX];   /* copied; empty when none */
	struct memmap memmap;        /* as the firmware gave it, sanitized */
	struct boot_module modules[BOOT_MODULES_MAX];
	size_t nmodules;             /* the first module is the initrd */
	uint64_t rsdp_phys;          /* 0 when the loader did not say */
	uint64_t start_info_phys;
};

/*
 * Reads a PVH hvm_start_info at `phys`. `map(phys, len)` must return a pointer
 * to that physical range or NULL when it cannot be reached. Returns 0, or a
 * negative errno with *why set to a one-line reason (bad magic, a table that
 * cannot be reached, a command line that is too long, no memory map, ...).
 */
int pvh_parse(uint64_t phys, const void *(*map)(uint64_t phys, size_t len), struct boot_info *bi,
	      const char **why);

#endif
