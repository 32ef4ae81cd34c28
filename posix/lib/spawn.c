/*
 * Starting a program in a new process from its ELF image in memory: the
 * image is checked whole first (kernel/boot/elf.c, the same checker the
 * kernel uses for init), then its segments are mapped into the new
 * address space and filled with process_write, a stack gets the System V
 * start block (argc, argv, envp, auxv), and the first thread starts with
 * rdi pointing at that block (crt0 takes it from there).
 */
#include <stdlib.h>
#include <string.h>

#include <motor/spawn.h>
#include <motor/timepage.h>

#include "boot/elf.h"
#include "internal.h"

#define STACK_TOP 0x00007ffffff00000ull
#define STACK_SIZE (8ull << 20)
#define GUARD (64ull << 10)
#define MAX_ARGS 1024
#define MAX_ITEMS 1100 /* a process's descriptors and then some */

static long prot_of(uint32_t p)
{
	return ((p & ELF_PROT_R) ? MOTOR_PROT_READ : 0) | ((p & ELF_PROT_W) ? MOTOR_PROT_WRITE : 0) |
	       ((p & ELF_PROT_X) ? MOTOR_PROT_EXEC : 0);
}

/* Maps [start, start+len) in proc exactly there. */
static long map_at(long proc, uint64_t start, uint64_t len, long prot)
{
	long got = motor_vm_map_into(proc, (long)start, (long)len, prot);
	if (got < 0)
		return got;
	return (uint64_t)got == start ? 0 : -ENOEXEC; /* overlapping segments */
}

static long load(long proc, const uint8_t *image, const struct elf_info *info)
{
	for (size_t i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		uint64_t start = s->vaddr & ~0xfffull;
		uint64_t end = (s->vaddr + s->memsz + 0xfff) & ~0xfffull;
		long r = map_at(proc, start, end - start, prot_of(s->prot));
		for (uint64_t done = 0; r == 0 && done < s->filesz;) {
			uint64_t n = s->filesz - done > (1u << 20) ? (1u << 20) : s->filesz - done;
			r = motor_process_write(proc, (long)(s->vaddr + done),
						(long)(image + s->offset + done), (long)n);
			done += n;
		}
		if (r)
			return r;
	}
	return 0;
}

static size_t count(char *const *v)
{
	size_t n = 0;
	while (v && v[n])
		n++;
	return n;
}

/*
 * The start block, built here and copied to the top of the child's stack:
 * [argc][argv ptrs][0][envp ptrs][0][auxv pairs][AT_NULL 0] then the strings.
 */
static long build_stack(long proc, const struct elf_info *info, char *const argv[],
			char *const envp[], const unsigned long *aux, const char *const *auxstr,
			size_t naux, uint64_t *block)
{
	size_t argc = count(argv), envc = count(envp);
	if (argc > MAX_ARGS || envc > MAX_ARGS)
		return -E2BIG;
	size_t strings = 0;
	for (size_t i = 0; i < argc; i++)
		strings += strlen(argv[i]) + 1;
	for (size_t i = 0; i < envc; i++)
		strings += strlen(envp[i]) + 1;
	for (size_t i = 0; i < naux; i++)
		strings += auxstr[i] ? strlen(auxstr[i]) + 1 : 0;
	static const size_t base_aux = 6;
	size_t words = 1 + argc + 1 + envc + 1 + 2 * (base_aux + naux + 1);
	size_t total = ((words * 8 + strings) + 15) & ~(size_t)15;
	if (total > 256 * 1024)
		return -E2BIG;
	uint64_t *buf = calloc(1, total);
	if (!buf)
		return -ENOMEM;
	uint64_t start = STACK_TOP - total;
	char *str = (char *)buf + words * 8;
	uint64_t ustr = start + words * 8;
	size_t w = 0;
	buf[w++] = argc;
	for (size_t i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		memcpy(str, argv[i], n);
		buf[w++] = ustr;
		str += n, ustr += n;
	}
	buf[w++] = 0;
	for (size_t i = 0; i < envc; i++) {
		size_t n = strlen(envp[i]) + 1;
		memcpy(str, envp[i], n);
		buf[w++] = ustr;
		str += n, ustr += n;
	}
	buf[w++] = 0;
	const uint64_t base[][2] = {
		{MOTOR_AT_PHDR, info->phdr_vaddr}, {MOTOR_AT_PHENT, info->phentsize},
		{MOTOR_AT_PHNUM, info->phnum},     {MOTOR_AT_PAGESZ, 4096},
		{MOTOR_AT_ENTRY, info->entry},     {MOTOR_AT_TIMEPAGE, MOTOR_TIME_PAGE},
	};
	for (size_t i = 0; i < base_aux; i++) {
		buf[w++] = base[i][0];
		buf[w++] = base[i][1];
	}
	for (size_t i = 0; i < naux; i++) {
		buf[w++] = aux[2 * i];
		buf[w++] = aux[2 * i + 1];
		if (auxstr[i]) { /* a string item: its copy's address */
			size_t n = strlen(auxstr[i]) + 1;
			memcpy(str, auxstr[i], n);
			buf[w - 1] = ustr;
			str += n, ustr += n;
		}
	}
	buf[w++] = MOTOR_AT_NULL;
	buf[w++] = 0;
	long r = map_at(proc, STACK_TOP - STACK_SIZE, STACK_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	if (r == 0)
		r = motor_process_write(proc, (long)start, (long)buf, (long)total);
	free(buf);
	*block = start;
	return r;
}

long spawn_build(const char *name, const void *image, size_t len, char *const argv[],
		 char *const envp[], const struct motor_spawn_item *items, size_t nitems,
		 struct spawn_entry *go)
{
	struct elf_info info;
	const char *why = NULL;
	if (elf_check(image, len, &info, &why))
		return -ENOEXEC;
	if (nitems > MAX_ITEMS)
		return -EINVAL;
	unsigned long *aux = malloc((2 * nitems + 1) * sizeof(*aux));
	const char **auxstr = calloc(nitems + 1, sizeof(*auxstr));
	size_t nlen = strlen(name);
	long proc = aux && auxstr ? motor_process_create((long)name, (long)(nlen > 63 ? 63 : nlen))
				  : -ENOMEM;
	if (proc < 0) {
		free(aux);
		free(auxstr);
		return proc;
	}
	long r = load(proc, image, &info);
	for (size_t i = 0; r == 0 && i < nitems; i++) {
		long v = items[i].value;
		if (items[i].give_rights == MOTOR_SPAWN_STRING) {
			auxstr[i] = (const char *)items[i].value;
		} else if (items[i].give_rights) {
			v = motor_handle_give(proc, items[i].value, items[i].give_rights);
			if (v < 0)
				r = v;
		}
		aux[2 * i] = items[i].type;
		aux[2 * i + 1] = (unsigned long)v;
	}
	uint64_t block = 0;
	if (r == 0)
		r = build_stack(proc, &info, argv, envp, aux, auxstr, nitems, &block);
	free(aux);
	free(auxstr);
	if (r) {
		motor_process_kill(proc, 127);
		motor_handle_close(proc);
		return r;
	}
	go->entry = info.entry;
	go->block = block;
	return proc;
}

long spawn_go(long proc, const struct spawn_entry *go)
{
	/* the kernel pushes a zero return address below the (aligned) stack top */
	long tid = motor_thread_start(proc, (long)go->entry, (long)(go->block & ~15ull),
				      (long)go->block);
	if (tid < 0)
		motor_process_kill(proc, 127);
	return tid < 0 ? tid : 0;
}

long motor_spawn(const char *name, const void *image, size_t len, char *const argv[],
		 char *const envp[], const struct motor_spawn_item *items, size_t nitems)
{
	struct spawn_entry go;
	long proc = spawn_build(name, image, len, argv, envp, items, nitems, &go);
	if (proc < 0)
		return proc;
	long r = spawn_go(proc, &go);
	if (r < 0) {
		motor_handle_close(proc);
		return r;
	}
	return proc;
}
