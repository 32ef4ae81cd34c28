/*
 * Parser for the PVH boot protocol's hvm_start_info (Xen's
 * arch-x86/hvm/start_info.h layout): magic, version, module list, command line,
 * RSDP and, from version 1, the E820-style memory map. Every pointer in it
 * comes from the loader and is checked before use.
 */
#include "boot/bootinfo.h"

#include "lib/string.h"
#include "motor/errno.h"

#define PVH_MAGIC 0x336ec578u

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* version >= 1 */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -EINVAL;
}

static int copy_cmdline(uint64_t phys, const void *(*map)(uint64_t, size_t), char *out,
			const char **why)
{
	out[0] = '\0';
	if (phys == 0)
		return 0;
	/* Map byte by byte-range: the string may end just before unreachable memory. */
	for (size_t i = 0; i < CMDLINE_MAX; i++) {
		const char *c = map(phys + i, 1);
		if (!c)
			return fail(why, "the command line is not in reachable memory");
		out[i] = *c;
		if (*c == '\0')
			return 0;
	}
	out[CMDLINE_MAX - 1] = '\0';
	return fail(why, "the command line is longer than 1023 bytes");
}

int pvh_parse(uint64_t phys, const void *(*map)(uint64_t, size_t), struct boot_info *bi,
	      const char **why)
{
	memset(bi, 0, sizeof(*bi));
	bi->loader = "PVH";
	bi->start_info_phys = phys;
	const struct hvm_start_info *si = map(phys, sizeof(*si));
	if (!si)
		return fail(why, "the PVH start info is not in reachable memory");
	if (si->magic != PVH_MAGIC)
		return fail(why, "the PVH start info has a bad magic number");
	int err = copy_cmdline(si->cmdline_paddr, map, bi->cmdline, why);
	if (err)
		return err;
	bi->rsdp_phys = si->rsdp_paddr;

	if (si->nr_modules > BOOT_MODULES_MAX)
		return fail(why, "the loader passed more than 8 modules");
	if (si->nr_modules) {
		const struct hvm_modlist_entry *mod =
			map(si->modlist_paddr, si->nr_modules * sizeof(*mod));
		if (!mod)
			return fail(why, "the PVH module list is not in reachable memory");
		for (uint32_t i = 0; i < si->nr_modules; i++) {
			if (mod[i].paddr + mod[i].size < mod[i].paddr)
				return fail(why, "a boot module wraps around the address space");
			bi->modules[i].phys = mod[i].paddr;
			bi->modules[i].size = mod[i].size;
		}
		bi->nmodules = si->nr_modules;
	}

	if (si->version < 1 || si->memmap_entries == 0)
		return fail(why, "the loader passed no memory map (PVH start info version 0)");
	if (si->memmap_entries > MEMMAP_MAX)
		return fail(why, "the memory map has more than 128 entries");
	const struct hvm_memmap_entry *e = map(si->memmap_paddr, si->memmap_entries * sizeof(*e));
	if (!e)
		return fail(why, "the memory map is not in reachable memory");
	for (uint32_t i = 0; i < si->memmap_entries; i++) {
		if (memmap_add(&bi->memmap, e[i].addr, e[i].size, e[i].type) < 0)
			return fail(why, "the memory map has an entry that wraps around");
	}
	memmap_sanitize(&bi->memmap);
	return 0;
}
