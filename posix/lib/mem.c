/*
 * Memory: the heap for newlib's malloc is one region reserved at start
 * (lazily backed by the kernel: untouched pages cost nothing) that sbrk
 * moves through; anonymous mmap/munmap/mprotect are the kernel's vm calls.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#define HEAP_MAX (1ul << 32) /* 4 GiB of address space, backed on touch */

static char *heap_base, *heap_brk, *heap_end;

void posix_heap_init(void)
{
	/* Less on machines whose address space or memory cannot take it. */
	for (unsigned long size = HEAP_MAX; size >= (16ul << 20); size >>= 2) {
		long p = motor_vm_map(0, (long)size, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
		if (p > 0) {
			heap_base = heap_brk = (char *)p;
			heap_end = heap_base + size;
			return;
		}
	}
}

void *sbrk(ptrdiff_t incr)
{
	if (!heap_base) {
		errno = ENOMEM;
		return (void *)-1;
	}
	if ((incr > 0 && incr > heap_end - heap_brk) || (incr < 0 && -incr > heap_brk - heap_base)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	char *old = heap_brk;
	heap_brk += incr;
	return old;
}

static long motor_prot(int prot)
{
	return ((prot & PROT_READ) ? MOTOR_PROT_READ : 0) |
	       ((prot & PROT_WRITE) ? MOTOR_PROT_WRITE | MOTOR_PROT_READ : 0) |
	       ((prot & PROT_EXEC) ? MOTOR_PROT_EXEC | MOTOR_PROT_READ : 0);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	(void)off;
	if (!(flags & MAP_ANONYMOUS) || fd != -1) {
		errno = fd_get(fd) ? ENODEV : EBADF; /* file mappings come later */
		return MAP_FAILED;
	}
	if (len == 0 || !(flags & (MAP_PRIVATE | MAP_SHARED))) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	long p = motor_vm_map((long)addr, (long)len, motor_prot(prot));
	if (p < 0) {
		errno = (int)-p;
		return MAP_FAILED;
	}
	if ((flags & MAP_FIXED) && (void *)p != addr) {
		motor_vm_unmap(p, (long)len);
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return (void *)p;
}

int munmap(void *addr, size_t len)
{
	if (len == 0)
		return (int)posix_ret(-EINVAL);
	return (int)posix_ret(motor_vm_unmap((long)addr, (long)((len + 4095) & ~4095ul)));
}

int mprotect(void *addr, size_t len, int prot)
{
	return (int)posix_ret(motor_vm_protect((long)addr, (long)((len + 4095) & ~4095ul),
					       motor_prot(prot)));
}
