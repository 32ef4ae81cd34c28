/*
 * Static thread-local storage, the x86_64 ELF way (TLS variant II): a
 * thread's copy of the executable's PT_TLS segment ends right below its
 * thread pointer, %fs holds that pointer, and the word at %fs:0 is the
 * pointer itself (gcc's local-exec and initial-exec code read variables at
 * negative offsets from it, and `&var` through %fs:0). The thread control
 * block (struct posix_tcb) starts at the thread pointer.
 *
 * The executable's segment is found once through AT_PHDR; tls_create makes
 * a block for a thread (the main one at start, pthread_create the others).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PT_TLS 7

/* An ELF64 program header, as far as it is read here. */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

int posix_tp_ready;

static const void *tdata;     /* the initial image (filesz bytes) */
static size_t tdata_len, tls_size, tls_align = 1;

static void tls_find(void)
{
	const struct phdr *ph = (const struct phdr *)motor_getauxval(MOTOR_AT_PHDR);
	unsigned long n = motor_getauxval(MOTOR_AT_PHNUM);
	if (!ph || motor_getauxval(MOTOR_AT_PHENT) != sizeof(*ph))
		return;
	for (unsigned long i = 0; i < n; i++) {
		if (ph[i].type != PT_TLS)
			continue;
		tdata = (const void *)ph[i].vaddr;
		tdata_len = ph[i].filesz;
		if (ph[i].align > 1)
			tls_align = ph[i].align;
		/* The linker puts the block at tp - memsz rounded up to the segment's alignment. */
		tls_size = (ph[i].memsz + tls_align - 1) & ~(tls_align - 1);
		return;
	}
}

int tls_create(struct posix_tcb **out)
{
	/* tp aligned for the block and for the control block; padding in front. */
	size_t align = tls_align > 16 ? tls_align : 16;
	size_t front = (tls_size + align - 1) & ~(align - 1);
	char *mem = NULL;
	if (posix_memalign((void **)&mem, align, front + sizeof(struct posix_tcb)))
		return -ENOMEM;
	char *block = mem + front - tls_size;
	memset(mem, 0, front - tls_size);
	memcpy(block, tdata, tdata_len);
	memset(block + tdata_len, 0, tls_size - tdata_len);
	struct posix_tcb *tcb = (struct posix_tcb *)(mem + front);
	memset(tcb, 0, sizeof(*tcb));
	tcb->self = tcb;
	tcb->block = mem;
	/* Not a secret worth the name, but not a constant either; the low byte
	 * is zero, as glibc's, so a string overflow cannot reproduce it. */
	tcb->stack_guard = ((uintptr_t)motor_clock_ns() * 0x9e3779b97f4a7c15ull ^ (uintptr_t)tcb) << 8;
	*out = tcb;
	return 0;
}

void tls_destroy(struct posix_tcb *tcb)
{
	free(tcb->block);
}

void tls_init_main(void)
{
	struct posix_tcb *tcb;
	tls_find();
	if (tls_create(&tcb) || motor_set_fs_base((long)tcb)) {
		static const char msg[] = "libposix: no memory for thread-local storage\n";
		motor_debug_write((long)msg, sizeof(msg) - 1);
		motor_process_exit(127);
	}
	tcb->reent = _impure_ptr;
	tcb->tid = 1; /* the kernel numbers a process's threads from 1: main is the first */
	tcb->detach = THREAD_JOINABLE;
	__atomic_store_n(&posix_tp_ready, 1, __ATOMIC_RELEASE);
}
