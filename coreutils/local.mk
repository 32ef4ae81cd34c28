# Motor's own commands (included from the top-level Makefile.am; paths are
# from the top of the tree): one small static program per command, built
# with the sysroot's compiler like the POSIX programs (posix/local.mk's
# object rule), sharing coreutils/lib/ as a static library, installed in the
# initrd as /bin/NAME (distro/local.mk). poweroff and reboot are one source.
#
# Needs, before this file is included: posix/local.mk.

COREUTILS_NAMES = cat cp date df dmesg echo env free grep head kill ln ls mkdir mount mv \
	poweroff ps pwd reboot rm rmdir sleep sort ss sync tail top touch uname wc
COREUTILS_LIB_SRCS = coreutils/lib/cu.c coreutils/lib/format.c coreutils/lib/mounts.c \
	coreutils/lib/procs.c coreutils/lib/signames.c coreutils/lib/tree.c
COREUTILS_LIB = coreutils/libcu.a
COREUTILS_PROGS = $(addprefix coreutils/bin/,$(COREUTILS_NAMES))

$(COREUTILS_LIB): $(patsubst %.c,posix/obj/%.o,$(COREUTILS_LIB_SRCS))
	$(AM_V_AR)mkdir -p $(@D) && rm -f $@ && $(MOTOR_AR) rcs $@ $^

coreutils/bin/poweroff coreutils/bin/reboot: posix/obj/coreutils/power.o $(COREUTILS_LIB) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK) $(COREUTILS_LIB) -lm
coreutils/bin/%: posix/obj/coreutils/%.o $(COREUTILS_LIB) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK) $(COREUTILS_LIB) -lm

posix/obj/coreutils/%.o posix/obj/coreutils/lib/%.o: $(top_srcdir)/coreutils/lib/cu.h

CLEANDIRS += coreutils/bin
CLEANFILES += $(COREUTILS_LIB)
