/*
 * COM1 16550 UART driver: 115200 baud, 8N1, FIFOs on. Transmit is polled
 * (the console must work with interrupts off and in crash reports); receive
 * raises IRQ 4 once serial_enable_rx_irq() has run.
 */
#include "arch/x86_64/serial.h"

#include "arch/x86_64/cpu.h"

#define COM1 0x3f8
#define REG_DATA 0
#define REG_IER 1
#define REG_FCR 2
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20

void serial_init(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, 0x80); /* divisor latch */
	outb(COM1 + REG_DATA, 1);   /* 115200 baud */
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, 0x03); /* 8N1 */
	outb(COM1 + REG_FCR, 0xc7); /* FIFOs on, cleared, 14-byte trigger */
	outb(COM1 + REG_MCR, 0x0b); /* DTR, RTS, OUT2 (gates the IRQ line) */
}

void serial_putc(char c)
{
	/* Bounded wait: a stuck UART must not hang a crash report forever. */
	for (int i = 0; i < 100000 && !(inb(COM1 + REG_LSR) & LSR_THR_EMPTY); i++)
		cpu_relax();
	outb(COM1 + REG_DATA, (uint8_t)c);
}

void serial_enable_rx_irq(void)
{
	outb(COM1 + REG_IER, 0x01);
}

int serial_getc(void)
{
	if (!(inb(COM1 + REG_LSR) & LSR_DATA_READY))
		return -1;
	return inb(COM1 + REG_DATA);
}
