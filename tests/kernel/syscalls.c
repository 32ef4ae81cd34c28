/*
 * User-mode test of every system call in <motor/syscall.h>, with good and
 * hostile arguments: NULL, kernel, non-canonical, unmapped, wrapping and
 * straddling pointers, huge lengths, unknown numbers and selectors. The
 * kernel must answer each with the documented error and keep running; a
 * crash of this program or of the kernel is a failure.
 *
 * Also checks the process start contract (registers, stack alignment,
 * argv/envp/auxv) and that a syscall preserves every register but rax, rcx
 * and r11. Prints TAP; exits 0 when everything passed, 1 otherwise.
 */
#include "rt.h"

#define KERNEL_ADDR 0xffffffff80100000l
#define NONCANON 0x0000800000000000l
#define USER_TOP 0x0000800000000000ul
#define MS 1000000l

/* ELF program header fields used to check AT_PHDR (host <elf.h> is not ours). */
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
#define PT_LOAD 1
#define PF_X 1
#define PF_R 4

extern const unsigned char __ehdr_start[]; /* the linker's name for the loaded ELF header */
void _start(void);

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

static void test_start_state(int argc, char **argv, char **envp)
{
	static const char *const names[16] = { "rax", "rcx", "rdx", "rbx", "rsp", "rbp",
					       "rsi", "rdi", "r8",  "r9",  "r10", "r11",
					       "r12", "r13", "r14", "r15" };
	unsigned long rflags = rt_entry_rflags;

	for (int i = 0; i < 16; i++) {
		if (i != 4)
			is((long)rt_entry_regs[i], 0, tname("start: %s is 0", names[i]));
	}
	is((long)(rt_entry_rsp % 16), 0, "start: rsp is 16-byte aligned");
	ok(rflags & 0x200, "start: interrupts enabled (IF)", "rflags %#lx", rflags);
	ok(!(rflags & 0x400), "start: direction flag clear", "rflags %#lx", rflags);
	is((long)((rflags >> 12) & 3), 0, "start: IOPL 0");
	is((long)(rt_entry_rsp == 0 ? 0 : *(unsigned long *)rt_entry_rsp), argc,
	   "start: argc at rsp");

	ok(argc >= 1, "argv: argc >= 1", "argc %d", argc);
	ok(argc >= 1 && argv[0] && ends_with(argv[0], "syscalls"), "argv: argv[0] names the program",
	   "argv[0] %s", argc >= 1 && argv[0] ? argv[0] : "(null)");
	ok(argv[argc] == NULL, "argv: NULL-terminated", "argv[argc] %p", (void *)argv[argc]);
	ok(envp == argv + argc + 1, "envp: follows argv", "envp %p", (void *)envp);
	for (int i = 1; i < argc; i++)
		diag("argv[%d] = %s", i, argv[i]);

	unsigned long phdr = rt_getauxval(MOTOR_AT_PHDR, 0), phnum = rt_getauxval(MOTOR_AT_PHNUM, 0);
	uint16_t e_phnum;
	uint64_t e_phoff;

	memcpy(&e_phoff, __ehdr_start + 32, 8);
	memcpy(&e_phnum, __ehdr_start + 56, 2);
	is((long)rt_getauxval(MOTOR_AT_PAGESZ, 0), 4096, "auxv: AT_PAGESZ");
	is((long)rt_getauxval(MOTOR_AT_ENTRY, 0), (long)_start, "auxv: AT_ENTRY is _start");
	is((long)rt_getauxval(MOTOR_AT_PHENT, 0), 56, "auxv: AT_PHENT");
	is((long)phnum, e_phnum, "auxv: AT_PHNUM matches the ELF header");
	is((long)phdr, (long)(__ehdr_start + e_phoff), "auxv: AT_PHDR points at the program headers");
	if (phdr && phnum == e_phnum) {
		const struct phdr *ph = (const struct phdr *)phdr;
		bool found = false;

		for (unsigned long i = 0; i < phnum; i++) {
			if (ph[i].type == PT_LOAD && ph[i].flags == (PF_R | PF_X) &&
			    (unsigned long)_start - ph[i].vaddr < ph[i].memsz)
				found = true;
		}
		ok(found, "auxv: AT_PHDR shows the R-X segment holding _start", "not found");
	} else {
		ok(false, "auxv: AT_PHDR shows the R-X segment holding _start", "no usable AT_PHDR");
	}
}

/*
 * sc_regs_check(nr, arg): fills every register the kernel must preserve
 * with a pattern, makes syscall nr with rdi = arg, and stores the registers
 * as they came back into sc_regs[] (same order as rt_entry_regs).
 */
long sc_regs_check(long nr, long arg);
unsigned long sc_regs[16];
__asm__(".text\n"
	".globl sc_regs_check\n"
	".type sc_regs_check, @function\n"
	"sc_regs_check:\n"
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	movq %rdi, %rax\n"
	"	movq %rsi, %rdi\n"
	"	movabsq $0x5151515151515151, %rsi\n"
	"	movabsq $0xd0d0d0d0d0d0d0d0, %rdx\n"
	"	movabsq $0x1010101010101010, %r10\n"
	"	movabsq $0x0808080808080808, %r8\n"
	"	movabsq $0x0909090909090909, %r9\n"
	"	movabsq $0xb0b0b0b0b0b0b0b0, %rbx\n"
	"	movabsq $0xbbbbbbbbbbbbbbbb, %rbp\n"
	"	movabsq $0x1212121212121212, %r12\n"
	"	movabsq $0x1313131313131313, %r13\n"
	"	movabsq $0x1414141414141414, %r14\n"
	"	movabsq $0x1515151515151515, %r15\n"
	"	syscall\n"
	"	movq %rax, sc_regs+0(%rip)\n"
	"	movq %rdx, sc_regs+16(%rip)\n"
	"	movq %rbx, sc_regs+24(%rip)\n"
	"	movq %rbp, sc_regs+40(%rip)\n"
	"	movq %rsi, sc_regs+48(%rip)\n"
	"	movq %rdi, sc_regs+56(%rip)\n"
	"	movq %r8, sc_regs+64(%rip)\n"
	"	movq %r9, sc_regs+72(%rip)\n"
	"	movq %r10, sc_regs+80(%rip)\n"
	"	movq %r12, sc_regs+96(%rip)\n"
	"	movq %r13, sc_regs+104(%rip)\n"
	"	movq %r14, sc_regs+112(%rip)\n"
	"	movq %r15, sc_regs+120(%rip)\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size sc_regs_check, . - sc_regs_check\n");

static void regs_preserved(const char *what, long nr, long arg, long expect)
{
	static const struct {
		int slot;
		const char *name;
		unsigned long value;
	} kept[] = {
		{ 2, "rdx", 0xd0d0d0d0d0d0d0d0 }, { 3, "rbx", 0xb0b0b0b0b0b0b0b0 },
		{ 5, "rbp", 0xbbbbbbbbbbbbbbbb }, { 6, "rsi", 0x5151515151515151 },
		{ 8, "r8", 0x0808080808080808 },  { 9, "r9", 0x0909090909090909 },
		{ 10, "r10", 0x1010101010101010 }, { 12, "r12", 0x1212121212121212 },
		{ 13, "r13", 0x1313131313131313 }, { 14, "r14", 0x1414141414141414 },
		{ 15, "r15", 0x1515151515151515 },
	};
	const char *bad = NULL;
	long r = sc_regs_check(nr, arg);

	is(r, expect, tname("registers: %s result", what));
	for (size_t i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		if (sc_regs[kept[i].slot] != kept[i].value)
			bad = kept[i].name;
	}
	if ((long)sc_regs[7] != arg)
		bad = "rdi";
	ok(!bad, tname("registers: %s preserves all but rax, rcx, r11", what), "%s changed", bad);
}

static void test_registers(void)
{
	long cpus = motor_sys_info(MOTOR_INFO_CPUS);

	regs_preserved("sys_info", SYS_sys_info, MOTOR_INFO_CPUS, cpus);
	regs_preserved("unknown syscall", 9999, 0, -ENOSYS);
	/* rsi (the length) is the pattern: a huge length, the error path. */
	regs_preserved("debug_write with a huge length", SYS_debug_write, (long)"x", -EINVAL);
}

/* A page of fresh memory, or the test dies: later checks depend on it. */
static char *map(long len, long prot)
{
	long p = motor_vm_map(0, len, prot);

	if (p < 0)
		rt_die(1, "vm_map(%ld) failed: %ld", len, p);
	return (char *)p;
}

static void test_debug_write(void)
{
	static const char msg[] = "# debug_write works\n";
	static char big[4097 + 16];
	static char mis[] = "x# misaligned buffer\n";
	long n = (long)sizeof(msg) - 1;
	char *p, *q;

	is(motor_debug_write((long)msg, n), n, "debug_write returns len");
	is(motor_debug_write((long)msg, 0), 0, "debug_write len 0");
	is(motor_debug_write((long)mis + 1, (long)sizeof(mis) - 2), (long)sizeof(mis) - 2,
	   "debug_write from a misaligned pointer");
	is(motor_debug_write(0, 5), -EFAULT, "debug_write NULL");
	is(motor_debug_write(16, 5), -EFAULT, "debug_write into page 0");
	is(motor_debug_write(KERNEL_ADDR, 16), -EFAULT, "debug_write kernel address");
	is(motor_debug_write(0xffff800000000000l, 16), -EFAULT, "debug_write direct-map address");
	is(motor_debug_write(NONCANON, 16), -EFAULT, "debug_write non-canonical address");
	is(motor_debug_write(-16l, 32), -EFAULT, "debug_write range wrapping past 2^64");
	is(motor_debug_write((long)(USER_TOP - 8), 16), -EFAULT,
	   "debug_write range crossing the top of user space");

	big[0] = '#';
	big[1] = ' ';
	memset(big + 2, '.', 4093);
	big[4095] = '\n';
	is(motor_debug_write((long)big, 4096), 4096, "debug_write len 4096");
	is(motor_debug_write((long)big, 4097), -EINVAL, "debug_write len 4097");
	is(motor_debug_write((long)big, -1l), -EINVAL, "debug_write len -1");

	p = map(2 * PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	is(motor_vm_unmap((long)p, 2 * PAGE_SIZE), 0, "vm_unmap for the unmapped-buffer test");
	is(motor_debug_write((long)p, 8), -EFAULT, "debug_write unmapped user address");

	/* The valid part ends in a newline, in case the kernel prints it before failing. */
	q = map(2 * PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);
	memcpy(q + PAGE_SIZE - 8, "# part\n\n", 8);
	is(motor_vm_unmap((long)q + PAGE_SIZE, PAGE_SIZE), 0, "vm_unmap of the second page");
	is(motor_debug_write((long)q + PAGE_SIZE - 8, 16), -EFAULT,
	   "debug_write straddling into an unmapped page");
	is(motor_debug_write((long)q + PAGE_SIZE - 8, 8), 8, "debug_write up to the unmapped page");
	is(motor_vm_protect((long)q, PAGE_SIZE, 0), 0, "vm_protect to no access");
	is(motor_debug_write((long)q + PAGE_SIZE - 8, 8), -EFAULT,
	   "debug_write from a no-access page");
	motor_vm_unmap((long)q, PAGE_SIZE);
}

static void test_unknown(void)
{
	is(motor_syscall6(SYS_COUNT, 0, 0, 0, 0, 0, 0), -ENOSYS, "syscall SYS_COUNT");
	is(motor_syscall6(9999, 0, 0, 0, 0, 0, 0), -ENOSYS, "syscall 9999");
	is(motor_syscall6(-1, 0, 0, 0, 0, 0, 0), -ENOSYS, "syscall -1");
	is(motor_syscall6(0x7fffffffffffffffl, 0, 0, 0, 0, 0, 0), -ENOSYS, "syscall INT64_MAX");
	/* The number is all of rax: a kernel looking only at eax would run clock_ns. */
	is(motor_syscall6(0x100000000l | SYS_clock_ns, 0, 0, 0, 0, 0, 0), -ENOSYS,
	   "syscall 2^32 + SYS_clock_ns");
}

static void test_vm_map(void)
{
	const long rw = MOTOR_PROT_READ | MOTOR_PROT_WRITE;
	long r, a, b;
	bool zero = true;

	is(motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_WRITE | MOTOR_PROT_EXEC), -EINVAL, "vm_map W|X");
	is(motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE | MOTOR_PROT_EXEC), -EINVAL,
	   "vm_map R|W|X");
	is(motor_vm_map(0, PAGE_SIZE, 8), -EINVAL, "vm_map unknown prot bit");
	is(motor_vm_map(0, 0, rw), -EINVAL, "vm_map len 0");
	r = motor_vm_map(0, 1l << 50, rw);
	ok(r == -ENOMEM || r == -EINVAL, "vm_map 2^50 bytes", "got %ld", r);
	r = motor_vm_map(0, -1l, rw);
	ok(r == -ENOMEM || r == -EINVAL, "vm_map len -1 (rounding up wraps)", "got %ld", r);
	r = motor_vm_map(0, -(long)PAGE_SIZE + 1, rw);
	ok(r == -ENOMEM || r == -EINVAL, "vm_map len 2^64-4095", "got %ld", r);

	a = motor_vm_map(0, 3 * PAGE_SIZE + 1, rw);
	ok(a > 0 && a % PAGE_SIZE == 0 && (unsigned long)a < USER_TOP, "vm_map returns a user page",
	   "got %#lx", a);
	if (a > 0) {
		volatile char *p = (volatile char *)a;

		for (unsigned long i = 0; i < 4 * PAGE_SIZE; i++)
			zero &= p[i] == 0;
		ok(zero, "vm_map memory is zero-filled, rounded up to 4 pages", "nonzero byte");
		for (unsigned long i = 0; i < 4; i++)
			p[i * PAGE_SIZE + 17] = (char)(i + 1);
		ok(p[17] == 1 && p[3 * PAGE_SIZE + 17] == 4, "vm_map memory is writable", "read back");
	}
	b = motor_vm_map(0, PAGE_SIZE, MOTOR_PROT_READ);
	ok(b > 0 && (b + (long)PAGE_SIZE <= a || b >= a + 4 * (long)PAGE_SIZE),
	   "a second vm_map does not overlap the first", "a %#lx b %#lx", a, b);
	r = motor_vm_map(KERNEL_ADDR, PAGE_SIZE, rw);
	ok(r < 0 || (unsigned long)r < USER_TOP, "vm_map with a kernel hint stays in user space",
	   "got %#lx", r);
	if (r > 0)
		motor_vm_unmap(r, PAGE_SIZE);
	if (a > 0)
		is(motor_vm_unmap(a, 4 * PAGE_SIZE), 0, "vm_unmap of a whole mapping");
	if (b > 0)
		motor_vm_unmap(b, PAGE_SIZE);
}

static void test_vm_unmap_protect(void)
{
	const long rw = MOTOR_PROT_READ | MOTOR_PROT_WRITE;
	char *p = map(3 * PAGE_SIZE, rw);
	long r;

	/* Three pages, the third unmapped: p + 2 pages is known to be a hole. */
	is(motor_vm_unmap((long)p + 2 * PAGE_SIZE, PAGE_SIZE), 0, "vm_unmap of a mapping's last page");
	is(motor_vm_unmap((long)p + 2 * PAGE_SIZE, PAGE_SIZE), 0, "vm_unmap of nothing mapped");

	is(motor_vm_unmap((long)p + 1, PAGE_SIZE), -EINVAL, "vm_unmap misaligned address");
	is(motor_vm_unmap(KERNEL_ADDR & ~0xfffl, PAGE_SIZE), -EINVAL, "vm_unmap kernel range");
	is(motor_vm_unmap(0x7ffffffff000l, 2 * PAGE_SIZE), -EINVAL,
	   "vm_unmap crossing the top of user space");
	is(motor_vm_unmap(0x400000, -(long)PAGE_SIZE), -EINVAL, "vm_unmap range wrapping past 2^64");

	is(motor_vm_protect((long)p, PAGE_SIZE, MOTOR_PROT_WRITE | MOTOR_PROT_EXEC), -EINVAL,
	   "vm_protect W|X");
	is(motor_vm_protect((long)p + 1, PAGE_SIZE, MOTOR_PROT_READ), -EINVAL,
	   "vm_protect misaligned address");
	r = motor_vm_protect(KERNEL_ADDR & ~0xfffl, PAGE_SIZE, MOTOR_PROT_READ);
	ok(r == -EINVAL || r == -ENOMEM, "vm_protect kernel range refused", "got %ld", r);
	is(motor_vm_protect((long)p, 3 * PAGE_SIZE, MOTOR_PROT_READ), -ENOMEM,
	   "vm_protect running past the mapping");
	is(motor_vm_protect((long)p, 2 * PAGE_SIZE, MOTOR_PROT_READ), 0, "vm_protect read-only");
	is(motor_vm_protect((long)p, PAGE_SIZE, MOTOR_PROT_READ | MOTOR_PROT_EXEC), 0,
	   "vm_protect R|X");
	is(motor_vm_unmap((long)p, 2 * PAGE_SIZE), 0, "vm_unmap after protect");
	is(motor_vm_protect((long)p, PAGE_SIZE, MOTOR_PROT_READ), -ENOMEM,
	   "vm_protect of an unmapped page");
}

static void test_fs_base(void)
{
	static unsigned long block[2];

	is(motor_set_fs_base(KERNEL_ADDR), -EINVAL, "set_fs_base kernel address");
	is(motor_set_fs_base(0xffff800000000000l), -EINVAL, "set_fs_base lowest kernel address");
	is(motor_set_fs_base(NONCANON), -EINVAL, "set_fs_base 2^47 (non-canonical)");
	is(motor_set_fs_base(0x8000000000000000l), -EINVAL, "set_fs_base 2^63 (non-canonical)");
	is(motor_set_fs_base((long)block), 0, "set_fs_base user address");
	is(motor_set_fs_base(0), 0, "set_fs_base 0");
}

static volatile long self_tid;
static long self_join;

static long joins_itself(long arg)
{
	while (!__atomic_load_n(&self_tid, __ATOMIC_ACQUIRE))
		motor_yield();
	self_join = motor_thread_join(self_tid, 0);
	return arg;
}

static long returns(long arg)
{
	return arg;
}

static void test_thread_join(void)
{
	const long rw = MOTOR_PROT_READ | MOTOR_PROT_WRITE;
	char *stacks = map(4 * 16384, rw);
	long tid, r, value = 0, *lazy;

	r = motor_thread_join(0, 0);
	ok(r == -ESRCH || r == -EINVAL, "thread_join tid 0", "got %ld", r);
	r = motor_thread_join(-1, 0);
	ok(r == -ESRCH || r == -EINVAL, "thread_join tid -1", "got %ld", r);
	is(motor_thread_join(12345, 0), -ESRCH, "thread_join tid 12345");

	tid = rt_thread_create(joins_itself, 7, stacks + 16384);
	ok(tid > 0, "thread_create", "got %ld", tid);
	__atomic_store_n(&self_tid, tid, __ATOMIC_RELEASE);
	is(motor_thread_join(tid, (long)&value), 0, "thread_join of a thread that joined itself");
	is(self_join, -EINVAL, "thread_join of itself");
	is(value, 7, "thread_join gets the exit value");
	is(motor_thread_join(tid, 0), -ESRCH, "thread_join twice (the record is gone)");

	/* Bad value pointers: the kernel must check its own writes to user memory. */
	static const long rodata = 1;
	const struct {
		const char *what;
		long ptr;
	} bad[] = { { "kernel", KERNEL_ADDR }, { "read-only", (long)&rodata },
		    { "NULL + 8", 8 }, { "non-canonical", NONCANON } };
	for (int i = 0; i < 4; i++) {
		tid = rt_thread_create(returns, i, stacks + (long)(i % 3 + 1) * 16384 + 16384);
		is(motor_thread_join(tid, bad[i].ptr), -EFAULT,
		   tname("thread_join with a %s value pointer", bad[i].what));
		r = motor_thread_join(tid, 0); /* whether the failed join consumed it is open */
		ok(r == 0 || r == -EINVAL, tname("thread_join after the %s pointer", bad[i].what),
		   "got %ld", r);
	}

	/* The value lands in a page the kernel must fault in itself. */
	lazy = (long *)map(PAGE_SIZE, rw);
	tid = rt_thread_create(returns, 42, stacks + 16384);
	is(motor_thread_join(tid, (long)(lazy + 3)), 0, "thread_join into an untouched page");
	is(lazy[3], 42, "the value arrived in the untouched page");
	motor_vm_unmap((long)lazy, PAGE_SIZE);
	motor_vm_unmap((long)stacks, 4 * 16384);
}

static void test_sys_info(void)
{
	long cpus = motor_sys_info(MOTOR_INFO_CPUS), cpu = motor_sys_info(MOTOR_INFO_CURRENT_CPU);
	long total = motor_sys_info(MOTOR_INFO_TOTAL_PAGES);
	long free = motor_sys_info(MOTOR_INFO_FREE_PAGES);

	is(motor_sys_info(99), -EINVAL, "sys_info 99");
	is(motor_sys_info(-1), -EINVAL, "sys_info -1");
	is(motor_sys_info(MOTOR_INFO_SWITCHES + 1), -EINVAL, "sys_info one past the last");
	ok(cpus >= 1 && cpus <= 1024, "sys_info CPUs >= 1", "got %ld", cpus);
	ok(cpu >= 0 && cpu < cpus, "sys_info current CPU < CPUs", "cpu %ld of %ld", cpu, cpus);
	ok(total >= 4096, "sys_info total pages (at least 16 MiB)", "got %ld", total);
	ok(free > 0 && free <= total, "sys_info 0 < free pages <= total", "free %ld total %ld", free,
	   total);
	diag("%ld CPU(s), %ld of %ld pages free", cpus, free, total);
}

/* Whether s[0..n) holds the bytes of w. */
static bool holds(const char *s, long n, const char *w)
{
	long wl = 0;
	while (w[wl])
		wl++;
	for (long i = 0; i + wl <= n; i++) {
		long k = 0;
		while (k < wl && s[i + k] == w[k])
			k++;
		if (k == wl)
			return true;
	}
	return false;
}

/* log_read: the kernel log ring; this program's own console output is in it. */
static void test_log_read(void)
{
	static char buf[MOTOR_LOG_SIZE];
	static const char mark[] = "log_read marker 7361\n";
	motor_debug_write((long)mark, sizeof(mark) - 1);
	long n = motor_log_read((long)buf, sizeof(buf));
	ok(n >= (long)sizeof(mark) - 1 && n <= MOTOR_LOG_SIZE, "log_read of the whole ring",
	   "got %ld", n);
	ok(holds(buf, n, mark), "the log holds what was written", "marker not in %ld bytes", n);
	motor_debug_write((long)mark, sizeof(mark) - 1);
	long m = motor_log_read((long)buf, 5);
	ok(m == 5 && holds(buf, m, "7361\n"), "log_read of 5 bytes gives the newest", "got %ld", m);
	is(motor_log_read((long)buf, 0), 0, "log_read of nothing");
	is(motor_log_read((long)buf, MOTOR_LOG_SIZE + 1), -EINVAL, "log_read longer than the ring");
	is(motor_log_read(-4096l, 16), -EFAULT, "log_read into a kernel address");
	is(motor_log_read(8, 16), -EFAULT, "log_read into unmapped memory");
	is(motor_log_read((long)mark, 4), -EFAULT, "log_read into read-only memory");
}

static void test_time(void)
{
	long first = motor_clock_ns(), prev = first, t0, t1, back = 0;

	ok(first > 0, "clock_ns > 0", "got %ld", first);
	for (int i = 0; i < 1000; i++) {
		long t = motor_clock_ns();

		if (t < prev)
			back++;
		prev = t;
	}
	is(back, 0, "clock_ns never goes back over 1000 calls");
	ok(prev > first, "clock_ns advances", "first %ld last %ld", first, prev);

	is(motor_yield(), 0, "yield");
	is(motor_sleep(0), 0, "sleep 0");
	is(motor_sleep(1), 0, "sleep 1 ns");
	t0 = motor_clock_ns();
	is(motor_sleep(20 * MS), 0, "sleep 20 ms");
	t1 = motor_clock_ns();
	ok(t1 - t0 >= 20 * MS, "sleep 20 ms takes at least 20 ms", "took %ld ns", t1 - t0);
	ok(t1 - t0 < 5000 * MS, "sleep 20 ms takes less than 5 s", "took %ld ns", t1 - t0);
}

int main(int argc, char **argv, char **envp)
{
	test_start_state(argc, argv, envp);
	test_registers();
	test_debug_write();
	test_unknown();
	test_vm_map();
	test_vm_unmap_protect();
	test_fs_base();
	test_thread_join();
	test_sys_info();
	test_log_read();
	test_time();
	return done_testing();
}
