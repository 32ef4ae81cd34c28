# Benchmarks (included from the top-level Makefile.am, so paths are relative
# to the top of the tree). kbench, the kernel microbenchmark, is a user
# program built like tests/kernel's and packed into the initrd as
# /bench/kbench (distro/local.mk); bench/kernel.sh boots it under QEMU.
#
# Needs, before this file is included: user/local.mk (USER_CFLAGS,
# USER_LINK_FLAGS, USER_LIBS) and `noinst_PROGRAMS =`; must come before
# distro/local.mk, whose initrd rule lists BENCH_PROGS.

BENCH_PROGS = %reldir%/kbench

noinst_PROGRAMS += $(BENCH_PROGS)

%canon_reldir%_kbench_SOURCES = %reldir%/kbench.c
%canon_reldir%_kbench_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_kbench_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_kbench_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_kbench_DEPENDENCIES = $(top_srcdir)/user/user.ld

# make bench-kernel: kbench's figures as instructions (-icount) and as time
# under TCG. `make bench` runs it before the boot-time benchmark.
bench-kernel: kernel/motor.elf distro/initrd.cpio
	$(top_srcdir)/bench/kernel.sh -b $(abs_builddir)

bench: bench-kernel bench-prompt

# make bench-prompt: boot to the shell's prompt beside QEMU's floor and the
# Linux guest's, then `free` at the idle prompt and the image's contents.
bench-prompt: kernel/motor.elf distro/initrd.cpio
	$(top_srcdir)/bench/prompt.sh -b $(abs_builddir)

.PHONY: bench-kernel bench-prompt
