/*
 * ELF64 executable checker (kernel/boot/elf.c): validates a static x86_64
 * executable image completely before anything is loaded from it, and
 * describes its loadable segments.
 *
 * Accepted: ELFCLASS64, little-endian, EV_CURRENT, ET_EXEC, EM_X86_64, with
 * program headers of the standard size inside the file. Each PT_LOAD segment
 * must have filesz <= memsz, its file bytes inside the image, vaddr and
 * offset congruent modulo 4096, [vaddr, vaddr+memsz) inside user space
 * [ELF_USER_MIN, ELF_USER_MAX) without overflow, not both writable and
 * executable, and no overlap (at page granularity) with another segment.
 * The entry point must lie in an executable segment. At least one and at
 * most ELF_MAX_SEGMENTS PT_LOAD segments. PT_INTERP (dynamic linking) and
 * PT_TLS are reported, not supported: an image with PT_INTERP is refused.
 */
#ifndef BOOT_ELF_H
#define BOOT_ELF_H

#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16
#define ELF_USER_MIN 0x1000ull
#define ELF_USER_MAX 0x0000800000000000ull

#define ELF_PROT_R 1
#define ELF_PROT_W 2
#define ELF_PROT_X 4

struct elf_segment {
	uint64_t vaddr;  /* as in the file (may be unaligned) */
	uint64_t memsz;
	uint64_t offset; /* into the image */
	uint64_t filesz;
	uint32_t prot;   /* ELF_PROT_* */
};

struct elf_info {
	uint64_t entry;
	uint64_t phdr_vaddr; /* user address of the program headers (for AT_PHDR), 0 if not loaded */
	uint16_t phnum, phentsize;
	size_t nsegments;
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Checks `image` (len bytes). Returns 0 with *info filled, or -ENOEXEC with
 * *why (when not NULL) set to a short static reason ("not an ELF file",
 * "segment is writable and executable", ...).
 */
int elf_check(const void *image, size_t len, struct elf_info *info, const char **why);

#endif
