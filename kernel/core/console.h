/*
 * Console input (kernel/core/console.c): bytes received on COM1, buffered by
 * its interrupt handler for the kernel monitor or for the user-space tty
 * server, which reads them with console_read and hears of them through a
 * bound notification. Output stays the kernel's (kprintf, debug_write).
 */
#ifndef CORE_CONSOLE_H
#define CORE_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

struct notification;

/* Routes COM1's interrupt here (once; later calls do nothing). */
void console_input_start(void);
/* Waits for the next byte with interrupts enabled (the monitor's loop). */
int console_getc_wait(void);
/* Takes up to len buffered bytes without waiting. -> how many. */
size_t console_read(uint8_t *buf, size_t len);
/* Input now signals bits on n (NULL unbinds). A reference to n is kept. */
void console_notify(struct notification *n, uint64_t bits);

#endif
