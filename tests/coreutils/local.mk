# The coreutils test driver (included from the top-level Makefile.am): runs
# each of Motor's commands (/bin/NAME) with arguments and checks what a user
# sees: standard output, standard error and the exit status. In the initrd as
# /test/coreutils/run; tests/integration/test_coreutils.py boots it.
#
# Needs, before this file is included: posix/local.mk (the object rule and
# MOTOR_LINK).

COREUTILS_TESTS = posix/bin/test/coreutils/run

posix/bin/test/coreutils/run: posix/obj/tests/coreutils/run.o $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)
