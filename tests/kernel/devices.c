/*
 * User-mode tests of the driver system calls: device memory objects and
 * interrupts delivered as notification bits, and thread_cancel. Runs as
 * init (it needs the device-resource handle init gets in its auxv).
 */
#include "rt.h"

#include <motor/handle.h>

#define LAPIC_PHYS 0xfee00000ul
#define PIT_IRQ 0

static void test_device_memory(long res)
{
	is(motor_mem_create_physical(res, 0x200000, 4096), -EACCES, "RAM is refused");
	is(motor_mem_create_physical(res, LAPIC_PHYS + 1, 4096), -EINVAL, "unaligned is refused");
	long noright = motor_handle_dup(res, MOTOR_RIGHT_DUP, 0);
	is(motor_mem_create_physical(noright, LAPIC_PHYS, 4096), -EACCES,
	   "without MANAGE on the resource handle");
	long ep = motor_endpoint_create(0);
	is(motor_mem_create_physical(ep, LAPIC_PHYS, 4096), -EINVAL, "not a resource handle");
	motor_handle_close(ep);
	motor_handle_close(noright);

	long m = motor_mem_create_physical(res, LAPIC_PHYS, 4096);
	ok(m > 0, "the local APIC's page as a memory object", "got %ld", m);
	long va = motor_mem_map(0, m, 0, 4096, MOTOR_PROT_READ, 0);
	ok(va > 0, "mapped", "got %ld", va);
	if (va > 0) {
		/* The version register: version in bits 0-7, highest LVT entry in 16-23. */
		uint32_t version = *(volatile uint32_t *)(va + 0x30);
		ok((version & 0xff) >= 0x10 && (version & 0xff) < 0xff && (version >> 16 & 0xff) >= 3,
		   "reads the device's registers", "version register 0x%x", version);
		is(motor_vm_unmap(va, 4096), 0, "unmapped");
	}
	is(motor_handle_close(m), 0, "closed");
}

static void test_irq(long res)
{
	long n = motor_notification_create();
	is(motor_irq_bind(res, 16, n, 1), -EINVAL, "IRQ 16 is not an ISA IRQ");
	is(motor_irq_bind(res, PIT_IRQ, n, 0), -EINVAL, "no bits");
	is(motor_irq_bind(res, PIT_IRQ, n, 0x10), 0, "bind the PIT's IRQ 0");
	is(motor_irq_bind(res, PIT_IRQ, n, 0x10), -EBUSY, "bind it twice");
	/* The PIT runs at 18.2 Hz since the kernel's calibration: a few ticks arrive. */
	int got = 0;
	for (int i = 0; i < 3; i++) {
		uint64_t bits = 0;
		long r = motor_notify_wait_bits(n, 1000000000ul, &bits);
		if (r == 0 && bits == 0x10)
			got++;
	}
	is(got, 3, "three interrupts arrive as notification bits");
	is(motor_irq_bind(res, PIT_IRQ, 0, 0), 0, "unbind");
	uint64_t bits;
	motor_notify_wait_bits(n, 100000000ul, &bits); /* one may have been in flight */
	is(motor_notify_wait_bits(n, 200000000ul, &bits), -ETIMEDOUT, "no more after unbinding");
	motor_handle_close(n);
}

static long sleeper(long arg)
{
	(void)arg;
	return motor_sleep(MOTOR_FOREVER);
}

static void test_cancel(void)
{
	static char stack[16384] __attribute__((aligned(16)));
	long tid = rt_thread_create(sleeper, 0, stack + sizeof(stack));
	motor_sleep(20000000);
	is(motor_thread_cancel(tid), 0, "thread_cancel");
	long value = 0;
	is(motor_thread_join(tid, (long)&value), 0, "the cancelled thread ends");
	is(value, -ECANCELED, "its sleep returned -ECANCELED");
	is(motor_thread_cancel(tid), -ESRCH, "thread_cancel of a gone thread");
	is(motor_thread_cancel(0), -ESRCH, "thread_cancel of tid 0");
}

/*
 * Console input: the test run types nothing, so reads find no bytes; a bound
 * notification stays quiet. Typed input is tested through the tty server.
 */
static void test_console(long res)
{
	char buf[8];
	long noright = motor_handle_dup(res, MOTOR_RIGHT_DUP, 0);
	is(motor_console_read(noright, (long)buf, sizeof(buf)), -EACCES,
	   "console_read without MANAGE on the resource");
	motor_handle_close(noright);
	is(motor_console_read(res, 8, 4), -EFAULT, "console_read into a bad buffer");
	is(motor_console_read(res, (long)buf, 0), 0, "console_read of nothing");
	long n = motor_notification_create();
	is(motor_console_notify(res, n, 0), -EINVAL, "console_notify without bits");
	is(motor_console_notify(res, 12345, 1), -EBADF, "console_notify with a bad handle");
	is(motor_console_notify(res, n, 4), 0, "console_notify binds");
	is(motor_console_notify(res, 0, 0), 0, "console_notify 0 unbinds");
	motor_handle_close(n);
}

/* power: only hostile calls here (a good one ends the machine: see
 * tests/integration/test_coreutils.py's poweroff). */
static void test_power(long res)
{
	long noright = motor_handle_dup(res, MOTOR_RIGHT_DUP, 0);
	is(motor_power(noright, MOTOR_POWER_OFF), -EACCES, "power without MANAGE on the resource");
	motor_handle_close(noright);
	long ep = motor_endpoint_create(0);
	is(motor_power(ep, MOTOR_POWER_OFF), -EINVAL, "power with an endpoint handle");
	motor_handle_close(ep);
	is(motor_power(12345, MOTOR_POWER_OFF), -EBADF, "power with a bad handle");
	is(motor_power(res, 2), -EINVAL, "power with an unknown request");
	is(motor_power(res, -1), -EINVAL, "power with request -1");
}

int main(void)
{
	long res = (long)rt_getauxval(MOTOR_AT_RESOURCE, 0);
	ok(res > 0, "init gets a resource handle", "auxv MOTOR_AT_RESOURCE is %ld", res);
	test_device_memory(res);
	test_irq(res);
	test_cancel();
	test_console(res);
	test_power(res);
	return done_testing();
}
