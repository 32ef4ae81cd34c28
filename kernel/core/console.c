/*
 * Console input: COM1's receive interrupt fills a ring that the monitor or
 * the tty server drains. The ring drops input when full rather than block
 * the interrupt; 4 KiB holds a pasted screenful.
 */
#include "core/console.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/serial.h"
#include "arch/x86_64/trap.h"
#include "ipc/ipc.h"
#include "lib/spinlock.h"

#define RX_SIZE 4096

static uint8_t rx[RX_SIZE];
static unsigned rx_head, rx_tail; /* under lock */
static struct spinlock lock = SPINLOCK_INIT;
static struct notification *listener;
static uint64_t listener_bits;
static bool started;

static void serial_irq(struct trap_frame *tf)
{
	(void)tf;
	int c;
	bool got = false;
	spin_lock(&lock);
	while ((c = serial_getc()) >= 0) {
		unsigned next = (rx_head + 1) % RX_SIZE;
		if (next != rx_tail) {
			rx[rx_head] = (uint8_t)c;
			rx_head = next;
			got = true;
		}
	}
	struct notification *n = got ? listener : NULL;
	uint64_t bits = listener_bits;
	if (n)
		kobject_get(&n->obj);
	spin_unlock(&lock);
	lapic_eoi();
	if (n) {
		notify_signal(n, bits, 0);
		kobject_put(&n->obj);
	}
}

void console_input_start(void)
{
	uint64_t f = spin_lock_irqsave(&lock);
	bool first = !started;
	started = true;
	spin_unlock_irqrestore(&lock, f);
	if (!first)
		return;
	irq_register(VEC_IRQ_BASE + COM1_IRQ, serial_irq);
	if (ioapic_route_isa(COM1_IRQ, VEC_IRQ_BASE + COM1_IRQ, lapic_id()) == 0)
		serial_enable_rx_irq();
}

size_t console_read(uint8_t *buf, size_t len)
{
	size_t n = 0;
	uint64_t f = spin_lock_irqsave(&lock);
	while (n < len && rx_tail != rx_head) {
		buf[n++] = rx[rx_tail];
		rx_tail = (rx_tail + 1) % RX_SIZE;
	}
	spin_unlock_irqrestore(&lock, f);
	return n;
}

int console_getc_wait(void)
{
	for (;;) {
		uint8_t c;
		irq_disable();
		if (console_read(&c, 1)) {
			irq_enable();
			return c;
		}
		cpu_idle(); /* sti; hlt: no lost wake-up between the check and the halt */
	}
}

void console_notify(struct notification *n, uint64_t bits)
{
	if (n)
		kobject_get(&n->obj);
	uint64_t f = spin_lock_irqsave(&lock);
	struct notification *old = listener;
	listener = n;
	listener_bits = bits;
	bool pending = rx_tail != rx_head;
	spin_unlock_irqrestore(&lock, f);
	if (old)
		kobject_put(&old->obj);
	if (n && pending) /* input that came before the binding is not missed */
		notify_signal(n, bits, 0);
}
