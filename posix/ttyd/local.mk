# The tty server (posix/ttyd/README.md): a program built with the sysroot's
# compiler like the other servers. Included from posix/local.mk after its
# rules (posix/obj/%.o, MOTOR_LINK, LIBPOSIX) and SBIN_PROGS, so paths are
# from the top of the tree. Its line discipline is also a host unit test
# (tests/unit/test_ldisc).

TTYD_SRCS = \
	posix/ttyd/console.c \
	posix/ttyd/ldisc.c \
	posix/ttyd/ops.c \
	posix/server/reply.c \
	posix/server/watch.c \
	posix/ttyd/session.c \
	posix/ttyd/tty.c \
	posix/ttyd/ttyd.c

posix/bin/ttyd: $(patsubst %.c,posix/obj/%.o,$(TTYD_SRCS)) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)

SBIN_PROGS += posix/bin/ttyd
