# The POSIX test programs (included from the top-level Makefile.am): one
# program per area, each self-contained but for tap.h, built with the
# sysroot's compiler and packed into the initrd as /test/posix/NAME
# (tests/integration/test_posix.py runs them under init).
#
# Needs, before this file is included: posix/local.mk (the object rule and
# MOTOR_LINK).

POSIX_TEST_NAMES = badargs dirs environ fileio formats memory stdio timeclock tls pipes procs threads procstress signals poll jobctl pty procinfo portable
POSIX_TESTS = $(addprefix posix/bin/test/,$(POSIX_TEST_NAMES))

posix/bin/test/%: posix/obj/tests/posix/%.o $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK) -lm
