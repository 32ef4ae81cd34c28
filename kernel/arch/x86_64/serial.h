/*
 * The 16550 UART on COM1 (kernel/arch/x86_64/serial.c): the kernel console.
 * Output is polled so it works from the first line of C and in crash reports.
 */
#ifndef ARCH_X86_64_SERIAL_H
#define ARCH_X86_64_SERIAL_H

#include <stdbool.h>

#define COM1_IRQ 4

void serial_init(void);
void serial_putc(char c);
/* Enables the receive interrupt (IRQ 4), for the console's input. */
void serial_enable_rx_irq(void);
/* Next received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
