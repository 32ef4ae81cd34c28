# Motor's own commands (included from the top-level Makefile.am; paths are
# from the top of the tree): one static multi-call program,
# coreutils/bin/coreutils, that runs the command its argv[0] names
# (coreutils/coreutils.c); the initrd has it as /bin/coreutils and a
# symbolic link /bin/NAME -> coreutils for each command (distro/local.mk).
# coreutils/commands.def is the one list: each CU_COMMAND(NAME, FILE) line
# gives a command's NAME and its source FILE.c (whose FILE_main runs it;
# poweroff and reboot are both power.c), read here for the sources and the
# links. Built with the sysroot's compiler like the POSIX programs
# (posix/local.mk's object rule), with coreutils/lib/ as a static library.
#
# Needs, before this file is included: posix/local.mk.

COREUTILS_DEF = $(top_srcdir)/coreutils/commands.def
COREUTILS_NAMES := $(shell sed -n 's/^CU_COMMAND(\([a-z0-9_]*\), *[a-z0-9_]*)$$/\1/p' $(COREUTILS_DEF))
COREUTILS_FILES := $(sort $(shell sed -n 's/^CU_COMMAND([a-z0-9_]*, *\([a-z0-9_]*\))$$/\1/p' $(COREUTILS_DEF)))
COREUTILS_SRCS = coreutils/coreutils.c $(patsubst %,coreutils/%.c,$(COREUTILS_FILES))
COREUTILS_LIB_SRCS = coreutils/lib/count.c coreutils/lib/cu.c coreutils/lib/format.c \
	coreutils/lib/input.c coreutils/lib/mounts.c coreutils/lib/procs.c \
	coreutils/lib/signames.c coreutils/lib/tree.c
COREUTILS_LIB = coreutils/libcu.a
COREUTILS_PROG = coreutils/bin/coreutils

$(COREUTILS_LIB): $(patsubst %.c,posix/obj/%.o,$(COREUTILS_LIB_SRCS))
	$(AM_V_AR)mkdir -p $(@D) && rm -f $@ && $(MOTOR_AR) rcs $@ $^

$(COREUTILS_PROG): $(patsubst %.c,posix/obj/%.o,$(COREUTILS_SRCS)) $(COREUTILS_LIB) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK) $(COREUTILS_LIB) -lm

posix/obj/coreutils/%.o posix/obj/coreutils/lib/%.o: $(top_srcdir)/coreutils/lib/cu.h $(COREUTILS_DEF)

CLEANDIRS += coreutils/bin
CLEANFILES += $(COREUTILS_LIB)
