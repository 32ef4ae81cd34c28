/*
 * Unit tests for kernel/boot/elf.c.
 *
 * Images are built in memory with the host's <elf.h> (an independent check
 * of elf.c's own struct layouts) and handed over in heap buffers of exactly
 * their length, so AddressSanitizer catches any read past the end. A valid
 * two-segment executable is accepted and described; each way of breaking it
 * is refused with its reason; every truncation and many single-field
 * corruptions are refused or accepted safely.
 *
 * With arguments, `test_elf FILE...` instead checks real executables (the
 * user programs of the initrd, through the generated test_elf_user script):
 * each must be accepted, with its program headers loaded and the R--, R-X,
 * RW- segments of user/user.ld.
 */
#include <elf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/elf.h"
#include "motor/errno.h"
#include "tap.h"

#define MAXPH 24
#define TEXT_VA 0x400000ull
#define DATA_VA 0x601000ull
#define ENTRY (TEXT_VA + 0x100)
#define IMG_LEN 0x1080ull /* the data segment's file bytes end the image */

/* An image under construction: header, up to MAXPH program headers, data. */
struct img {
	Elf64_Ehdr eh;
	Elf64_Phdr ph[MAXPH];
	size_t len;
};

static Elf64_Phdr load(uint32_t flags, uint64_t off, uint64_t va, uint64_t filesz, uint64_t memsz)
{
	Elf64_Phdr p = { .p_type = PT_LOAD, .p_flags = flags, .p_offset = off, .p_vaddr = va,
			 .p_paddr = va, .p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000 };
	return p;
}

/*
 * The valid sample: R-X text at 0x400000 holding the headers (offset 0,
 * one page), RW- data at 0x601000 (0x80 file bytes, 3 pages in memory), and
 * a PT_GNU_STACK that must be ignored.
 */
static void sample(struct img *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->eh.e_ident, ELFMAG, SELFMAG);
	m->eh.e_ident[EI_CLASS] = ELFCLASS64;
	m->eh.e_ident[EI_DATA] = ELFDATA2LSB;
	m->eh.e_ident[EI_VERSION] = EV_CURRENT;
	m->eh.e_type = ET_EXEC;
	m->eh.e_machine = EM_X86_64;
	m->eh.e_version = EV_CURRENT;
	m->eh.e_entry = ENTRY;
	m->eh.e_phoff = sizeof(Elf64_Ehdr);
	m->eh.e_ehsize = sizeof(Elf64_Ehdr);
	m->eh.e_phentsize = sizeof(Elf64_Phdr);
	m->eh.e_phnum = 3;
	m->ph[0] = load(PF_R | PF_X, 0, TEXT_VA, 0x1000, 0x1000);
	m->ph[1] = load(PF_R | PF_W, 0x1000, DATA_VA, 0x80, 0x3000);
	m->ph[2] = (Elf64_Phdr){ .p_type = PT_GNU_STACK, .p_flags = PF_R | PF_W };
	m->len = IMG_LEN;
}

/* Serializes into an exact-size heap buffer at `shift` bytes past malloc's alignment. */
static unsigned char *render(const struct img *m, size_t len, size_t shift, unsigned char **base)
{
	size_t full = m->len;
	unsigned char *flat = calloc(1, full + 1), *b;

	for (size_t i = 0; i < full; i++)
		flat[i] = (unsigned char)(i * 7 + 3); /* recognizable filler */
	memcpy(flat, &m->eh, sizeof(m->eh));
	if (m->eh.e_phoff <= full && m->eh.e_phnum <= MAXPH &&
	    m->eh.e_phnum * sizeof(Elf64_Phdr) <= full - m->eh.e_phoff)
		memcpy(flat + m->eh.e_phoff, m->ph, m->eh.e_phnum * sizeof(Elf64_Phdr));
	*base = malloc(len + shift + 1);
	b = *base + shift;
	memcpy(b, flat, len < full ? len : full);
	free(flat);
	/* Move the buffer's end flush with the allocation's end for ASan. */
	if (shift == 0) {
		unsigned char *exact = malloc(len ? len : 1);

		memcpy(exact, b, len);
		free(*base);
		*base = exact;
		b = exact;
	}
	return b;
}

static int check(const struct img *m, size_t len, struct elf_info *info, const char **why)
{
	unsigned char *base, *b = render(m, len, 0, &base);
	int r = elf_check(b, len, info, why);

	free(base);
	return r;
}

static void expect_reject(const char *name, const struct img *m, const char *reason)
{
	struct elf_info info;
	const char *why = NULL;
	int r = check(m, m->len, &info, &why);

	CHECK_INT(tap_fmt("%s: refused", name), r, -ENOEXEC);
	CHECK_STR(tap_fmt("%s: reason", name), why, reason);
}

static void test_valid(void)
{
	struct img m;
	struct elf_info info;
	const char *why = "untouched";
	int r;

	sample(&m);
	memset(&info, 0xa5, sizeof(info));
	r = check(&m, m.len, &info, &why);
	CHECK_INT("valid two-segment executable accepted", r, 0);
	CHECK_STR("why untouched on success", why, "untouched");
	CHECK_UINT("entry", info.entry, ENTRY);
	CHECK_UINT("program headers loaded with the text", info.phdr_vaddr, TEXT_VA + 64);
	CHECK_UINT("phnum", info.phnum, 3);
	CHECK_UINT("phentsize", info.phentsize, 56);
	CHECK_UINT("two segments (PT_GNU_STACK ignored)", info.nsegments, 2);
	CHECK_UINT("text vaddr", info.seg[0].vaddr, TEXT_VA);
	CHECK_UINT("text memsz", info.seg[0].memsz, 0x1000);
	CHECK_UINT("text offset", info.seg[0].offset, 0);
	CHECK_UINT("text filesz", info.seg[0].filesz, 0x1000);
	CHECK_UINT("text prot R-X", info.seg[0].prot, ELF_PROT_R | ELF_PROT_X);
	CHECK_UINT("data vaddr", info.seg[1].vaddr, DATA_VA);
	CHECK_UINT("data memsz", info.seg[1].memsz, 0x3000);
	CHECK_UINT("data offset", info.seg[1].offset, 0x1000);
	CHECK_UINT("data filesz", info.seg[1].filesz, 0x80);
	CHECK_UINT("data prot RW-", info.seg[1].prot, ELF_PROT_R | ELF_PROT_W);

	CHECK_INT("info and why may be NULL", check(&m, m.len, NULL, NULL), 0);

	/* The same bytes at every misalignment. */
	bool all = true;
	for (size_t shift = 1; shift < 8; shift++) {
		unsigned char *base, *b = render(&m, m.len, shift, &base);

		all &= elf_check(b, m.len, &info, NULL) == 0 && info.entry == ENTRY &&
		       info.nsegments == 2;
		free(base);
	}
	CHECK("accepted at every alignment", all);
}

static void test_valid_variants(void)
{
	struct img m;
	struct elf_info info;
	const char *why = NULL;

	sample(&m);
	m.ph[1].p_vaddr = DATA_VA + 0x10;
	m.ph[1].p_offset = 0x1010;
	m.ph[1].p_filesz = 0x70;
	CHECK_INT("unaligned vaddr congruent with its offset", check(&m, m.len, &info, &why), 0);
	CHECK_UINT("unaligned vaddr kept as in the file", info.seg[1].vaddr, DATA_VA + 0x10);

	sample(&m);
	m.ph[1].p_vaddr = TEXT_VA + 0x1000;
	CHECK_INT("segments on adjacent pages", check(&m, m.len, &info, &why), 0);

	sample(&m);
	m.ph[1].p_vaddr = ELF_USER_MAX - 0x3000;
	CHECK_INT("segment ending exactly at the top of user space", check(&m, m.len, &info, &why),
		  0);

	sample(&m);
	m.ph[0].p_vaddr = ELF_USER_MIN;
	m.eh.e_entry = ELF_USER_MIN;
	CHECK_INT("segment at ELF_USER_MIN, entry at its first byte",
		  check(&m, m.len, &info, &why), 0);

	sample(&m);
	m.eh.e_entry = TEXT_VA + 0xfff;
	CHECK_INT("entry at the last byte of the text", check(&m, m.len, &info, &why), 0);

	sample(&m);
	m.ph[0].p_memsz = 0x2000;
	m.eh.e_entry = TEXT_VA + 0x1800;
	CHECK_INT("entry in the zero-filled tail of an executable segment",
		  check(&m, m.len, &info, &why), 0);

	sample(&m);
	m.ph[2] = load(PF_R, 0, 0x900000, 0, 0);
	CHECK_INT("empty PT_LOAD ignored", check(&m, m.len, &info, &why), 0);
	CHECK_UINT("empty PT_LOAD not listed", info.nsegments, 2);

	sample(&m);
	m.ph[2] = (Elf64_Phdr){ .p_type = PT_TLS, .p_flags = PF_R, .p_offset = 0x1000,
				.p_vaddr = DATA_VA, .p_filesz = 0x10, .p_memsz = 0x20 };
	CHECK_INT("PT_TLS tolerated", check(&m, m.len, &info, &why), 0);

	sample(&m);
	m.ph[2] = load(0, 0x1000, 0x700000, 0, 0x1000);
	CHECK_INT("segment without permissions", check(&m, m.len, &info, &why), 0);
	CHECK_UINT("its prot is 0", info.seg[2].prot, 0);

	/* Headers in no segment: text moved past them. */
	sample(&m);
	m.ph[0] = load(PF_R | PF_X, 0x1000, TEXT_VA + 0x1000, 0x80, 0x1000);
	m.ph[1] = load(PF_R | PF_W, 0x1000, DATA_VA, 0x80, 0x1000);
	m.eh.e_entry = TEXT_VA + 0x1000;
	CHECK_INT("headers not in a segment", check(&m, m.len, &info, &why), 0);
	CHECK_UINT("then phdr_vaddr is 0", info.phdr_vaddr, 0);

	/* Headers found in the second segment's file bytes. */
	sample(&m);
	m.eh.e_phnum = 2;
	m.ph[0] = load(PF_R | PF_X, 0, TEXT_VA, 0x1000, 0x1000);
	m.ph[1] = load(PF_R, 0x1000, DATA_VA, 0x80, 0x1000);
	m.eh.e_phoff = 0x1000 + 0x10;
	m.ph[1].p_filesz = 0x80;
	m.len = 0x1000 + 0x80;
	{
		/* phoff 0x1010 + 2 * 56 = 0x1080: exactly the end of the data. */
		CHECK_INT("headers inside the data segment", check(&m, m.len, &info, &why), 0);
		CHECK_UINT("phdr_vaddr found in the data segment", info.phdr_vaddr, DATA_VA + 0x10);
	}

	/* Exactly ELF_MAX_SEGMENTS loads; one more is refused. */
	sample(&m);
	m.eh.e_phnum = ELF_MAX_SEGMENTS;
	for (int i = 2; i < ELF_MAX_SEGMENTS; i++)
		m.ph[i] = load(PF_R, 0, 0x10000000 + (uint64_t)i * 0x10000, 0, 0x1000);
	m.eh.e_phoff = sizeof(Elf64_Ehdr);
	m.len = 0x1080;
	CHECK_INT("ELF_MAX_SEGMENTS loads accepted", check(&m, m.len, &info, &why), 0);
	CHECK_UINT("all listed", info.nsegments, ELF_MAX_SEGMENTS);
	m.eh.e_phnum = ELF_MAX_SEGMENTS + 1;
	m.ph[ELF_MAX_SEGMENTS] = load(PF_R, 0, 0x20000000, 0, 0x1000);
	expect_reject("one PT_LOAD too many", &m, "too many loadable segments");
}

static void test_rejects(void)
{
	struct img m;

	sample(&m);
	m.eh.e_ident[EI_MAG0] = 0x7e;
	expect_reject("bad magic", &m, "not an ELF file");
	sample(&m);
	m.eh.e_ident[EI_MAG3] = 'f';
	expect_reject("bad magic (last byte)", &m, "not an ELF file");
	sample(&m);
	m.eh.e_ident[EI_CLASS] = ELFCLASS32;
	expect_reject("32-bit", &m, "not a 64-bit ELF file");
	sample(&m);
	m.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	expect_reject("big-endian", &m, "not a little-endian ELF file");
	sample(&m);
	m.eh.e_ident[EI_VERSION] = 2;
	expect_reject("ident version 2", &m, "unknown ELF version");
	sample(&m);
	m.eh.e_version = 0;
	expect_reject("header version 0", &m, "unknown ELF version");
	sample(&m);
	m.eh.e_type = ET_DYN;
	expect_reject("ET_DYN (PIE or shared object)", &m, "not an executable (ET_EXEC)");
	sample(&m);
	m.eh.e_type = ET_REL;
	expect_reject("ET_REL (object file)", &m, "not an executable (ET_EXEC)");
	sample(&m);
	m.eh.e_machine = EM_386;
	expect_reject("wrong machine", &m, "not an x86_64 executable");
	sample(&m);
	m.eh.e_phentsize = 64;
	expect_reject("wrong phentsize", &m, "program header size is not 56");
	sample(&m);
	m.eh.e_phentsize = 0;
	expect_reject("phentsize 0", &m, "program header size is not 56");

	sample(&m);
	m.eh.e_phoff = IMG_LEN + 8;
	expect_reject("phoff past the end", &m, "program headers outside the file");
	sample(&m);
	m.eh.e_phoff = UINT64_MAX - 8;
	expect_reject("phoff near 2^64 (sum would wrap)", &m, "program headers outside the file");
	sample(&m);
	m.eh.e_phoff = IMG_LEN - 56 * 3 + 1;
	expect_reject("last program header cut off", &m, "program headers outside the file");
	sample(&m);
	m.eh.e_phnum = 0xffff;
	expect_reject("phnum 0xffff (phnum * phentsize past the end)", &m,
		      "program headers outside the file");
	sample(&m);
	m.eh.e_phnum = 0;
	expect_reject("no program headers", &m, "no loadable segment");
	sample(&m);
	m.ph[0].p_type = PT_NOTE;
	m.ph[1].p_type = PT_NULL;
	expect_reject("no PT_LOAD", &m, "no loadable segment");
	sample(&m);
	m.ph[2] = (Elf64_Phdr){ .p_type = PT_INTERP, .p_flags = PF_R, .p_offset = 0x100,
				.p_vaddr = TEXT_VA + 0x100, .p_filesz = 0x10, .p_memsz = 0x10 };
	expect_reject("PT_INTERP present", &m,
		      "dynamically linked (PT_INTERP) executables are not supported");

	sample(&m);
	m.ph[1].p_filesz = 0x3001;
	m.len = 0x1000 + 0x3001;
	expect_reject("filesz > memsz", &m, "segment file size exceeds its memory size");
	sample(&m);
	m.ph[1].p_filesz = 0x81;
	expect_reject("offset + filesz one past the end", &m, "segment data outside the file");
	sample(&m);
	m.ph[1].p_offset = UINT64_MAX & ~0xfffull;
	m.ph[1].p_vaddr = 0x601000;
	expect_reject("offset near 2^64", &m, "segment data outside the file");
	sample(&m);
	m.ph[1].p_filesz = UINT64_MAX;
	m.ph[1].p_memsz = UINT64_MAX;
	expect_reject("filesz 2^64-1 (sum would wrap)", &m, "segment data outside the file");
	sample(&m);
	m.ph[1].p_vaddr = DATA_VA + 8;
	expect_reject("vaddr and offset not congruent", &m,
		      "segment address and offset differ modulo the page size");

	sample(&m);
	m.ph[1].p_vaddr = 0x7ffffffff000;
	m.ph[1].p_memsz = UINT64_MAX - 0x7ffffffff000 + 0x1001;
	expect_reject("vaddr + memsz overflows", &m, "segment outside user space");
	sample(&m);
	m.ph[1].p_vaddr = ELF_USER_MAX - 0x2000;
	expect_reject("segment running past the top of user space", &m,
		      "segment outside user space");
	sample(&m);
	m.ph[1].p_vaddr = 0xffffffff80101000ull;
	expect_reject("segment in the kernel half", &m, "segment outside user space");
	sample(&m);
	m.ph[1].p_vaddr = 0x0000800000001000ull;
	expect_reject("segment at a non-canonical address", &m, "segment outside user space");
	sample(&m);
	m.ph[0].p_vaddr = 0;
	m.eh.e_entry = 0x100;
	expect_reject("segment at 0 (below ELF_USER_MIN)", &m,
		      "segment below the lowest user address");

	sample(&m);
	m.ph[0].p_flags = PF_R | PF_W | PF_X;
	expect_reject("W+X text", &m, "segment is writable and executable");
	sample(&m);
	m.ph[1].p_flags = PF_W | PF_X;
	expect_reject("W+X data", &m, "segment is writable and executable");

	sample(&m);
	m.ph[1].p_vaddr = TEXT_VA + 0x800;
	m.ph[1].p_offset = 0x800;
	expect_reject("overlapping segments", &m, "segments overlap");
	sample(&m);
	m.ph[1].p_vaddr = TEXT_VA + 0xf80;
	m.ph[1].p_offset = 0xf80;
	m.ph[0].p_memsz = 0xf80;
	m.ph[0].p_filesz = 0xf80;
	expect_reject("segments sharing a page without overlapping bytes", &m, "segments overlap");
	sample(&m);
	m.ph[1].p_vaddr = TEXT_VA - 0x3000 + 0x80;
	m.ph[1].p_offset = 0x1080;
	m.ph[1].p_filesz = 0;
	expect_reject("bss reaching into the next segment's first page", &m, "segments overlap");
	sample(&m);
	m.ph[2] = m.ph[0];
	expect_reject("the same segment twice", &m, "segments overlap");

	sample(&m);
	m.eh.e_entry = DATA_VA;
	expect_reject("entry in the data segment", &m,
		      "entry point is not in an executable segment");
	sample(&m);
	m.eh.e_entry = TEXT_VA + 0x1000;
	expect_reject("entry one past the text", &m, "entry point is not in an executable segment");
	sample(&m);
	m.eh.e_entry = 0;
	expect_reject("entry 0", &m, "entry point is not in an executable segment");
	sample(&m);
	m.eh.e_entry = 0xffffffff80100000ull;
	expect_reject("entry in the kernel", &m, "entry point is not in an executable segment");
}

static void test_short(void)
{
	const char *why = NULL;

	CHECK_INT("NULL image", elf_check(NULL, 64, NULL, &why), -ENOEXEC);
	CHECK_STR("NULL image: reason", why, "not an ELF file");
	CHECK_INT("empty image", elf_check("", 0, NULL, &why), -ENOEXEC);
	CHECK_STR("empty image: reason", why, "not an ELF file");
}

/* Every prefix of the valid image is refused without reading past it. */
static void test_truncation(void)
{
	struct img m;
	const char *bad = NULL;

	sample(&m);
	for (size_t len = 0; len < m.len && !bad; len++) {
		const char *why = NULL;
		int r = check(&m, len, NULL, &why);

		if (r != -ENOEXEC || !why)
			bad = tap_fmt("length %zu: got %d (%s)", len, r, why ? why : "no reason");
	}
	if (bad)
		FAIL("every truncation is refused", bad);
	else
		PASS("every truncation is refused");
	CHECK_INT("the whole image is accepted", check(&m, m.len, NULL, NULL), 0);
}

/* What any accepted image must satisfy, whatever its bytes. */
static const char *invariant_broken(const struct elf_info *in, size_t len)
{
	bool exec_entry = false;

	if (in->nsegments < 1 || in->nsegments > ELF_MAX_SEGMENTS)
		return "segment count out of range";
	for (size_t i = 0; i < in->nsegments; i++) {
		const struct elf_segment *s = &in->seg[i];

		if (s->filesz > s->memsz || s->offset > len || s->filesz > len - s->offset)
			return "segment data outside the image";
		if (s->vaddr < ELF_USER_MIN || s->vaddr >= ELF_USER_MAX ||
		    s->memsz > ELF_USER_MAX - s->vaddr)
			return "segment outside user space";
		if ((s->prot & ELF_PROT_W) && (s->prot & ELF_PROT_X))
			return "W+X segment";
		if ((s->prot & ELF_PROT_X) && in->entry >= s->vaddr &&
		    in->entry - s->vaddr < s->memsz)
			exec_entry = true;
		for (size_t j = 0; j < i; j++) {
			const struct elf_segment *o = &in->seg[j];
			uint64_t a0 = s->vaddr & ~0xfffull;
			uint64_t a1 = (s->vaddr + s->memsz + 0xfff) & ~0xfffull;
			uint64_t b0 = o->vaddr & ~0xfffull;
			uint64_t b1 = (o->vaddr + o->memsz + 0xfff) & ~0xfffull;

			if (a0 < b1 && b0 < a1)
				return "overlapping segments";
		}
	}
	return exec_entry ? NULL : "entry not executable";
}

/*
 * Single-field corruption: each 8-byte word of the header and program
 * headers set to values chosen to break bounds arithmetic. Nothing may be
 * read out of bounds, and anything accepted must still be sane.
 */
static void test_fuzz(void)
{
	static const uint64_t values[] = { 0, 1, 0xfff, 0x1000, 0x1001, 0x7fffffffffff,
					   0x800000000000, 0xffffffff80000000ull,
					   0x8000000000000000ull, UINT64_MAX, UINT64_MAX - 0xfff,
					   IMG_LEN, IMG_LEN - 1, IMG_LEN + 1 };
	size_t words = (64 + 3 * 56) / 8, accepted = 0;
	const char *bad = NULL;
	struct img m;

	for (size_t w = 0; w < words && !bad; w++) {
		for (size_t v = 0; v < sizeof(values) / sizeof(values[0]) && !bad; v++) {
			struct elf_info info;
			unsigned char *base, *b;
			const char *why = NULL, *broken;
			int r;

			sample(&m);
			b = render(&m, m.len, 0, &base);
			memcpy(b + w * 8, &values[v], 8);
			r = elf_check(b, m.len, &info, &why);
			if (r == 0 && (broken = invariant_broken(&info, m.len)) != NULL)
				bad = tap_fmt("word %zu = %#llx accepted with %s", w,
					      (unsigned long long)values[v], broken);
			else if (r != 0 && (r != -ENOEXEC || !why))
				bad = tap_fmt("word %zu = %#llx: got %d", w,
					      (unsigned long long)values[v], r);
			accepted += r == 0;
			free(base);
		}
	}
	if (bad)
		FAIL("corrupted fields are refused or accepted sanely", bad);
	else
		PASS("corrupted fields are refused or accepted sanely");
	CHECK("some corruptions are harmless (filler words)", accepted > 0);

	/* Random bytes over the headers, reproducibly. */
	uint32_t seed = 12345;
	bad = NULL;
	for (int round = 0; round < 20000 && !bad; round++) {
		struct elf_info info;
		unsigned char *base, *b;
		const char *broken;

		sample(&m);
		b = render(&m, m.len, 0, &base);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % (64 + 3 * 56)] = (unsigned char)(seed >> 20);
		}
		if (elf_check(b, m.len, &info, NULL) == 0 &&
		    (broken = invariant_broken(&info, m.len)) != NULL)
			bad = tap_fmt("round %d accepted with %s", round, broken);
		free(base);
	}
	if (bad)
		FAIL("random header bytes are refused or accepted sanely", bad);
	else
		PASS("random header bytes are refused or accepted sanely");
}

/* `test_elf FILE...`: real executables must be accepted. */
static int check_files(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf = NULL;
		struct elf_info info;
		const char *why = NULL;
		long size = -1;

		if (f && fseek(f, 0, SEEK_END) == 0)
			size = ftell(f);
		if (size < 0 || fseek(f, 0, SEEK_SET) != 0 || !(buf = malloc((size_t)size + 1)) ||
		    fread(buf, 1, (size_t)size, f) != (size_t)size) {
			FAIL(tap_fmt("%s: read", argv[i]), "cannot read the file");
			if (f)
				fclose(f);
			free(buf);
			continue;
		}
		fclose(f);
		int r = elf_check(buf, (size_t)size, &info, &why);

		if (CHECK_INT(tap_fmt("%s: accepted", argv[i]), r, 0)) {
			const char *broken = invariant_broken(&info, (size_t)size);

			if (!CHECK(tap_fmt("%s: segments sane", argv[i]), broken == NULL))
				tap_diag("%s", broken);
			CHECK(tap_fmt("%s: program headers loaded", argv[i]), info.phdr_vaddr != 0);
			/* What user/user.ld lays out. */
			CHECK(tap_fmt("%s: segments R--, R-X, RW-", argv[i]),
			      info.nsegments == 3 && info.seg[0].prot == ELF_PROT_R &&
				      info.seg[1].prot == (ELF_PROT_R | ELF_PROT_X) &&
				      info.seg[2].prot == (ELF_PROT_R | ELF_PROT_W));
		} else {
			tap_diag("why: %s", why ? why : "-");
		}
		free(buf);
	}
	return tap_done();
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return check_files(argc, argv);
	test_valid();
	test_valid_variants();
	test_rejects();
	test_short();
	test_truncation();
	test_fuzz();
	return tap_done();
}
