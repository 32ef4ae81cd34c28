# The POSIX benchmarks (included from the top-level Makefile.am): files.c, procs.c and waiting.c,
# built with the sysroot's compiler like the POSIX tests and packed into the
# initrd as /bench/NAME; bench/posix/compare.sh runs them on Motor and, from the
# same source, in the Linux guest, and prints the ratios.
#
# Needs, before this file is included: posix/local.mk (the object rule,
# MOTOR_LINK, LIBPOSIX); must come before distro/local.mk, whose initrd rule
# lists MOTOR_BENCH_PROGS.

MOTOR_BENCH_PROGS = posix/bin/bench/files posix/bin/bench/procs posix/bin/bench/waiting

posix/bin/bench/%: posix/obj/bench/posix/%.o $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)

# make bench-posix: the file calls per call on Motor and in the Linux guest,
# as time under TCG and as instructions (-icount), with ratios.
bench-posix: kernel/motor.elf distro/initrd.cpio
	$(top_srcdir)/bench/posix/compare.sh -b $(abs_builddir)

bench: bench-posix

.PHONY: bench-posix
