# The kernel: compiled into a static library, then linked twice. The first
# link has an empty symbol table; its symbols become the table (.ksyms) of the
# second link. .ksyms is the last section, so no other address moves; the
# build checks that.

KERNEL_CFLAGS = -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-stack-protector \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables -fno-common \
	-I$(top_srcdir)/kernel -I$(top_srcdir)/abi/include
KERNEL_LINK_FLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,max-page-size=4096 \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments -Wl,-T,$(top_srcdir)/kernel/arch/x86_64/kernel.ld

noinst_LIBRARIES += kernel/libkernel.a
kernel_libkernel_a_CFLAGS = $(KERNEL_CFLAGS)
kernel_libkernel_a_CCASFLAGS = $(KERNEL_CFLAGS)
kernel_libkernel_a_SOURCES = \
	kernel/arch/x86_64/boot/pvh.S \
	kernel/arch/x86_64/ap_trampoline.S \
	kernel/arch/x86_64/isr.S \
	kernel/arch/x86_64/clock.c \
	kernel/arch/x86_64/gdt.c \
	kernel/arch/x86_64/idt.c \
	kernel/arch/x86_64/ioapic.c \
	kernel/arch/x86_64/lapic.c \
	kernel/arch/x86_64/paging.c \
	kernel/arch/x86_64/pagetable.c \
	kernel/arch/x86_64/syscall.S \
	kernel/arch/x86_64/power.c \
	kernel/arch/x86_64/rtc.c \
	kernel/arch/x86_64/serial.c \
	kernel/arch/x86_64/smp.c \
	kernel/arch/x86_64/trap.c \
	kernel/arch/x86_64/uaccess_copy.S \
	kernel/arch/x86_64/uaccess.c \
	kernel/acpi/acpi.c \
	kernel/acpi/fadt.c \
	kernel/acpi/madt.c \
	kernel/boot/cmdline.c \
	kernel/boot/cpio.c \
	kernel/boot/elf.c \
	kernel/boot/pvh.c \
	kernel/core/init.c \
	kernel/core/log.c \
	kernel/core/main.c \
	kernel/core/console.c \
	kernel/core/console.h \
	kernel/core/monitor.c \
	kernel/core/options.c \
	kernel/core/panic.c \
	kernel/core/syscall.c \
	kernel/core/sys_ipc.c \
	kernel/core/sys_proc.c \
	kernel/core/sys_signal.c \
	kernel/core/sys_dev.c \
	kernel/core/sys_log.c \
	kernel/core/sys_info.c \
	kernel/ipc/endpoint.c \
	kernel/ipc/notification.c \
	kernel/ipc/waitset.c \
	kernel/lib/format.c \
	kernel/lib/ksyms.c \
	kernel/lib/ksyms_kernel.c \
	kernel/lib/string.c \
	kernel/mm/heap.c \
	kernel/mm/kstack.c \
	kernel/mm/memmap.c \
	kernel/mm/memobj.c \
	kernel/mm/page.c \
	kernel/mm/pmm.c \
	kernel/mm/vm.c \
	kernel/obj/handle.c \
	kernel/obj/resource.c \
	kernel/sched/futex.c \
	kernel/sched/sched.c \
	kernel/sched/signal.c \
	kernel/sched/thread.c \
	kernel/sched/waitq.c \
	kernel/test/crash.c \
	kernel/test/selftest.c \
	kernel/test/test_cpu.c \
	kernel/test/test_memory.c \
	kernel/test/test_paging.c
EXTRA_DIST += kernel/arch/x86_64/kernel.ld \
	$(call srcfiles,kernel/*/*.h kernel/arch/x86_64/*.h)

KERNEL_LINK = $(CC) $(KERNEL_LINK_FLAGS) -o
KERNEL_LIBS = -Wl,--whole-archive kernel/libkernel.a -Wl,--no-whole-archive

kernel/motor.elf: kernel/libkernel.a $(top_srcdir)/kernel/arch/x86_64/kernel.ld $(top_srcdir)/tools/gen-ksyms
	$(AM_V_GEN)$(top_srcdir)/tools/gen-ksyms $(NM) > kernel/ksyms0.S && \
	$(CC) -c -o kernel/ksyms0.o kernel/ksyms0.S && \
	$(KERNEL_LINK) kernel/motor.elf.0 $(KERNEL_LIBS) kernel/ksyms0.o && \
	$(top_srcdir)/tools/gen-ksyms $(NM) kernel/motor.elf.0 > kernel/ksyms.S && \
	$(CC) -c -o kernel/ksyms.o kernel/ksyms.S && \
	$(KERNEL_LINK) $@.tmp $(KERNEL_LIBS) kernel/ksyms.o && \
	$(NM) -n $@.tmp | grep -v ' [rR] ' | grep -iv ksym > kernel/syms.1 && \
	$(NM) -n kernel/motor.elf.0 | grep -v ' [rR] ' | grep -iv ksym > kernel/syms.0 && \
	{ cmp -s kernel/syms.0 kernel/syms.1 || { echo "gen-ksyms: addresses moved between links" >&2; exit 1; }; } && \
	mv $@.tmp $@

CLEANFILES += kernel/motor.elf kernel/motor.elf.0 kernel/motor.elf.tmp kernel/ksyms0.S \
	kernel/ksyms0.o kernel/ksyms.S kernel/ksyms.o kernel/syms.0 kernel/syms.1
