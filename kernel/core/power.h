/*
 * Powering the VM off with an exit status (kernel/arch/x86_64/power.c).
 *
 * Status 0 uses ACPI (QEMU then exits 0). A nonzero status is first written
 * to QEMU's isa-debug-exit port (QEMU exits with status*2+1, which the
 * launcher turns back into the status); where no such device exists the
 * write is ignored and ACPI poweroff follows, then a keyboard-controller
 * reset, then a halt loop. QEMU's own exit code has 8 bits, so a status
 * above 127 (128 + signal, for a killed init) reaches the host as status & 127;
 * the console line "motor: power off (status N)" has the whole value.
 */
#ifndef CORE_POWER_H
#define CORE_POWER_H

enum exit_status {
	EXIT_OK = 0,
	EXIT_TEST_FAILED = 1,
	EXIT_BAD_INPUT = 2,
	EXIT_PANIC = 3,
};

__attribute__((noreturn)) void power_off(int status);
__attribute__((noreturn)) void power_reboot(void);

struct acpi_info;
/* Lets power_off use the ACPI registers once the tables have been read. */
void power_set_acpi(const struct acpi_info *info);

#endif
