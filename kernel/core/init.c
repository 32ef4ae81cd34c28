/*
 * Starts the first user process: finds the program in the initrd, checks it
 * (boot/elf.c), creates its address space from the ELF segments, a lazily
 * growing stack with a guard region below it, and the initial stack the
 * System V ABI describes (argc, argv, envp, auxv), then its first thread.
 */
#include "boot/cpio.h"
#include "boot/elf.h"
#include "core/kernel.h"
#include "core/log.h"
#include "core/panic.h"
#include "arch/x86_64/layout.h"
#include "lib/string.h"
#include "mm/memobj.h"
#include "motor/errno.h"
#include "motor/syscall.h"
#include "motor/timepage.h"
#include "obj/resource.h"
#include "sched/thread.h"

#define MAX_ARGS 32

static uint32_t vm_prot(uint32_t elf_prot)
{
	return ((elf_prot & ELF_PROT_R) ? VM_R : 0) | ((elf_prot & ELF_PROT_W) ? VM_W : 0) |
	       ((elf_prot & ELF_PROT_X) ? VM_X : 0);
}

static int load_segments(struct vm_space *vm, const uint8_t *image, const struct elf_info *info)
{
	for (size_t i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		uint64_t start = s->vaddr & ~0xfffull;
		uint64_t end = (s->vaddr + s->memsz + 0xfff) & ~0xfffull;
		int err = vm_region_add(vm, start, end - start, vm_prot(s->prot));
		if (!err && s->filesz)
			err = vm_poke(vm, s->vaddr, image + s->offset, s->filesz);
		if (err)
			return err;
	}
	return 0;
}

/* Pushes bytes onto the new stack (growing down); returns their address. */
static int push(struct vm_space *vm, uint64_t *sp, const void *data, size_t len, uint64_t *at)
{
	*sp -= len;
	*at = *sp;
	return vm_poke(vm, *sp, data, len);
}

/* Handles init starts with. */
struct init_handles {
	long resource, initrd;
	long self; /* its own process, to observe only (process_info) */
	uint64_t initrd_offset; /* where the archive starts in the initrd object */
};

static int build_stack(struct vm_space *vm, const struct elf_info *info, char **argv, int argc,
		       const struct init_handles *h, uint64_t *rsp)
{
	int err = vm_region_add(vm, USER_STACK_TOP - USER_STACK_MAX, USER_STACK_MAX, VM_R | VM_W);
	if (!err) /* a guard below the stack: nothing is ever mapped there */
		err = vm_region_add(vm, USER_STACK_TOP - USER_STACK_MAX - 0x10000, 0x10000, 0);
	uint64_t sp = USER_STACK_TOP, uargv[MAX_ARGS];
	for (int i = argc - 1; i >= 0 && !err; i--)
		err = push(vm, &sp, argv[i], strlen(argv[i]) + 1, &uargv[i]);
	if (err)
		return err;
	uint64_t words[2 * MAX_ARGS + 16];
	size_t n = 0;
	words[n++] = (uint64_t)argc;
	for (int i = 0; i < argc; i++)
		words[n++] = uargv[i];
	words[n++] = 0; /* end of argv */
	words[n++] = 0; /* envp: empty */
	const uint64_t auxv[][2] = {
		{MOTOR_AT_PHDR, info->phdr_vaddr}, {MOTOR_AT_PHENT, info->phentsize},
		{MOTOR_AT_PHNUM, info->phnum},     {MOTOR_AT_PAGESZ, 4096},
		{MOTOR_AT_ENTRY, info->entry},     {MOTOR_AT_TIMEPAGE, MOTOR_TIME_PAGE},
		{MOTOR_AT_RESOURCE, (uint64_t)h->resource},
		{MOTOR_AT_INITRD, (uint64_t)h->initrd},
		{MOTOR_AT_INITRD_OFFSET, h->initrd_offset},
		{MOTOR_AT_INITRD_SIZE, initrd_len},
		{MOTOR_AT_SELF, (uint64_t)h->self},
		{MOTOR_AT_NULL, 0},
	};
	for (size_t i = 0; i < sizeof(auxv) / sizeof(auxv[0]); i++) {
		words[n++] = auxv[i][0];
		words[n++] = auxv[i][1];
	}
	sp = (sp - n * 8) & ~15ull; /* rsp is 16-byte aligned at entry, pointing at argc */
	*rsp = sp;
	return vm_poke(vm, sp, words, n * 8);
}

/* Splits "path" + "a b c" into argv (in place in a static buffer). */
static int split_args(const char *path, const char *args, char **argv)
{
	static char buf[CMDLINE_MAX + 128];
	size_t plen = strlen(path), alen = strlen(args);
	if (plen + alen + 2 > sizeof(buf))
		return -E2BIG;
	memcpy(buf, path, plen + 1);
	memcpy(buf + plen + 1, args, alen + 1);
	int argc = 0;
	argv[argc++] = buf;
	for (char *p = buf + plen + 1; *p;) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		if (argc == MAX_ARGS)
			return -E2BIG;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	return argc;
}

/*
 * init holds the device resources (it hands them to drivers) and a read-only
 * memory object over the initrd, from which its servers build the root.
 */
static int give_handles(struct process *p, struct init_handles *h)
{
	h->resource = handle_install(&p->handles, resource_object(),
				     MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_MANAGE, 0);
	if (h->resource < 0)
		return (int)h->resource;
	uint64_t phys = v2p(initrd) & ~4095ull;
	h->initrd_offset = v2p(initrd) & 4095;
	uint64_t size = (h->initrd_offset + initrd_len + 4095) & ~4095ull;
	struct memobj *m;
	int err = memobj_create_fixed(phys, size, &m);
	if (err)
		return err;
	h->initrd = handle_install(&p->handles, &m->obj,
				   MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_READ, 0);
	kobject_put(&m->obj);
	if (h->initrd < 0)
		return (int)h->initrd;
	/* So the process server can tell ps about init as about any other, and
	 * pass it signals (poweroff's); init gets only those it catches. */
	h->self = handle_install(&p->handles, &p->obj,
				 MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER | MOTOR_RIGHT_WAIT |
					 MOTOR_RIGHT_SIGNAL,
				 0);
	return h->self < 0 ? (int)h->self : 0;
}

bool init_present(const char *path)
{
	struct cpio_entry e;
	return initrd_len && cpio_find(initrd, initrd_len, path, &e) == 0;
}

void init_start(const char *path, const char *args)
{
	struct cpio_entry e;
	int err = cpio_find(initrd, initrd_len, path, &e);
	if (err)
		fatal_input("init: %s: not in the initrd", path);
	struct elf_info info;
	const char *why = "";
	if (elf_check(e.data, e.size, &info, &why))
		fatal_input("init: %s: not a Motor executable: %s", path, why);
	char *argv[MAX_ARGS];
	int argc = split_args(path, args, argv);
	if (argc < 0)
		fatal_input("init: too many arguments (at most %d)", MAX_ARGS - 1);
	struct process *p;
	uint64_t rsp;
	err = process_create(path, &p);
	if (!err)
		err = load_segments(p->vm, e.data, &info);
	struct init_handles h = {0};
	if (!err)
		err = give_handles(p, &h);
	if (!err)
		err = build_stack(p->vm, &info, argv, argc, &h, &rsp);
	if (err)
		panic("init: cannot build the first process (%d)", err);
	p->is_init = true;
	err = thread_create_user(p, info.entry, rsp, 0, NULL);
	kobject_put(&p->obj); /* its thread keeps it now */
	if (err < 0)
		panic("init: cannot start its thread (%d)", err);
	if (!kopt.quiet)
		kprintf("init: started %s as process %u\n", path, p->pid);
}
