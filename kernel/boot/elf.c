/*
 * ELF64 executable checker: everything in the image is treated as hostile.
 *
 * Headers are read with memcpy into local structs (the image may sit at any
 * alignment). Every offset and size is checked against the image length in
 * the form `n > len - pos` with pos <= len, and every address range against
 * the user space limits in the form `size > max - start` with start < max, so
 * no sum can wrap. Only when the whole image has passed is it described in
 * *info; the loader can then copy and map the segments without checking
 * anything again.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/elf.h"
#include "lib/string.h"
#include "motor/errno.h"

#define PAGE_SIZE 4096ull
#define PAGE_MASK (PAGE_SIZE - 1)

/* Just the parts of the ELF64 format used here (no <elf.h>: freestanding). */
#define EI_NIDENT 16
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_X86_64 62

#define PT_LOAD 1
#define PT_INTERP 3

#define PF_X 1
#define PF_W 2
#define PF_R 4

struct ehdr {
	unsigned char ident[EI_NIDENT];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

/* The on-disk sizes; the structs above have no padding, which these pin down. */
#define EHDR_SIZE 64
#define PHDR_SIZE 56
_Static_assert(sizeof(struct ehdr) == EHDR_SIZE, "ELF64 header layout");
_Static_assert(sizeof(struct phdr) == PHDR_SIZE, "ELF64 program header layout");

static int bad(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -ENOEXEC;
}

static int check_ehdr(const struct ehdr *e, uint64_t len, const char **why)
{
	if (e->ident[EI_CLASS] != ELFCLASS64)
		return bad(why, "not a 64-bit ELF file");
	if (e->ident[EI_DATA] != ELFDATA2LSB)
		return bad(why, "not a little-endian ELF file");
	if (e->ident[EI_VERSION] != EV_CURRENT || e->version != EV_CURRENT)
		return bad(why, "unknown ELF version");
	if (e->type != ET_EXEC)
		return bad(why, "not an executable (ET_EXEC)");
	if (e->machine != EM_X86_64)
		return bad(why, "not an x86_64 executable");
	if (e->phentsize != PHDR_SIZE)
		return bad(why, "program header size is not 56");
	/* phnum * 56 < 2^22: no overflow; phoff is checked before the sum. */
	if (e->phoff > len || (uint64_t)e->phnum * PHDR_SIZE > len - e->phoff)
		return bad(why, "program headers outside the file");
	return 0;
}

/* Checks one PT_LOAD header on its own and turns it into a segment. */
static int check_load(const struct phdr *p, uint64_t len, struct elf_segment *s, const char **why)
{
	if (p->filesz > p->memsz)
		return bad(why, "segment file size exceeds its memory size");
	if (p->offset > len || p->filesz > len - p->offset)
		return bad(why, "segment data outside the file");
	if ((p->vaddr & PAGE_MASK) != (p->offset & PAGE_MASK))
		return bad(why, "segment address and offset differ modulo the page size");
	if (p->vaddr < ELF_USER_MIN)
		return bad(why, "segment below the lowest user address");
	/* ELF_USER_MAX is page-aligned, so the rounded-up end cannot pass it either. */
	if (p->vaddr >= ELF_USER_MAX || p->memsz > ELF_USER_MAX - p->vaddr)
		return bad(why, "segment outside user space");
	if ((p->flags & PF_W) && (p->flags & PF_X))
		return bad(why, "segment is writable and executable");
	s->vaddr = p->vaddr;
	s->memsz = p->memsz;
	s->offset = p->offset;
	s->filesz = p->filesz;
	s->prot = ((p->flags & PF_R) ? ELF_PROT_R : 0) | ((p->flags & PF_W) ? ELF_PROT_W : 0) |
		  ((p->flags & PF_X) ? ELF_PROT_X : 0);
	return 0;
}

static uint64_t page_start(const struct elf_segment *s)
{
	return s->vaddr & ~PAGE_MASK;
}

/* Cannot wrap: vaddr + memsz <= ELF_USER_MAX, which is page-aligned. */
static uint64_t page_end(const struct elf_segment *s)
{
	return (s->vaddr + s->memsz + PAGE_MASK) & ~PAGE_MASK;
}

/* Two segments sharing a page would need two protections for it. */
static bool overlaps_any(const struct elf_info *info, const struct elf_segment *s)
{
	for (size_t i = 0; i < info->nsegments; i++) {
		const struct elf_segment *o = &info->seg[i];

		if (page_start(s) < page_end(o) && page_start(o) < page_end(s))
			return true;
	}
	return false;
}

static bool entry_executable(const struct elf_info *info)
{
	for (size_t i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];

		if ((s->prot & ELF_PROT_X) && info->entry >= s->vaddr &&
		    info->entry - s->vaddr < s->memsz)
			return true;
	}
	return false;
}

/*
 * Where the program headers appear in user memory: inside the file-backed
 * part of some segment, or nowhere (0). Derived from the PT_LOADs rather
 * than trusted from PT_PHDR, so AT_PHDR always points at what was loaded.
 */
static uint64_t find_phdr_vaddr(const struct elf_info *info, uint64_t phoff, uint64_t size)
{
	for (size_t i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];

		if (phoff >= s->offset && phoff - s->offset <= s->filesz &&
		    size <= s->filesz - (phoff - s->offset))
			return s->vaddr + (phoff - s->offset);
	}
	return 0;
}

int elf_check(const void *image, size_t len, struct elf_info *info, const char **why)
{
	static const unsigned char magic[4] = { 0x7f, 'E', 'L', 'F' };
	const unsigned char *img = image;
	struct elf_info scratch;
	struct ehdr e;
	int r;

	if (!info)
		info = &scratch; /* the segment list is needed for the overlap check */
	if (!img || len < sizeof(magic) || memcmp(img, magic, sizeof(magic)) != 0)
		return bad(why, "not an ELF file");
	if (len < EHDR_SIZE)
		return bad(why, "truncated ELF header");
	memcpy(&e, img, EHDR_SIZE);
	r = check_ehdr(&e, len, why);
	if (r)
		return r;

	info->entry = e.entry;
	info->phnum = e.phnum;
	info->phentsize = e.phentsize;
	info->nsegments = 0;
	for (unsigned i = 0; i < e.phnum; i++) {
		struct elf_segment s;
		struct phdr p;

		memcpy(&p, img + e.phoff + (uint64_t)i * PHDR_SIZE, PHDR_SIZE);
		if (p.type == PT_INTERP)
			return bad(why, "dynamically linked (PT_INTERP) executables are not supported");
		if (p.type != PT_LOAD)
			continue; /* PT_TLS, PT_GNU_STACK, notes...: nothing to load */
		r = check_load(&p, len, &s, why);
		if (r)
			return r;
		if (s.memsz == 0)
			continue; /* maps nothing */
		if (info->nsegments == ELF_MAX_SEGMENTS)
			return bad(why, "too many loadable segments");
		if (overlaps_any(info, &s))
			return bad(why, "segments overlap");
		info->seg[info->nsegments++] = s;
	}
	if (info->nsegments == 0)
		return bad(why, "no loadable segment");
	if (!entry_executable(info))
		return bad(why, "entry point is not in an executable segment");
	info->phdr_vaddr = find_phdr_vaddr(info, e.phoff, (uint64_t)e.phnum * PHDR_SIZE);
	return 0;
}
