# The POSIX side (included from the top-level Makefile.am; paths are from
# the top of the tree): libposix, installed into the sysroot as libposix.a,
# and the programs built with the sysroot's compiler: init and the servers
# (vfsd, ttyd), later the POSIX test programs. Every object gets a .d file
# (-MMD) so header changes rebuild what they touch.
#
# Needs, before this file is included: sysroot/local.mk (MOTOR_SYSROOT,
# MOTOR_CC, MOTOR_AR, sysroot/.base-stamp).

MOTOR_CFLAGS = -std=gnu11 -O2 -g -Wall -Wextra -Werror -fno-omit-frame-pointer -MMD -MP
POSIX_CPPFLAGS = -I$(top_srcdir)/posix/lib/include -I$(top_srcdir)/posix/lib \
	-I$(top_srcdir)/posix -I$(top_srcdir)/kernel
LIBPOSIX = $(MOTOR_SYSROOT)/lib/libposix.a

LIBPOSIX_SRCS = \
	posix/lib/auxv.c \
	posix/lib/call.c \
	posix/lib/compat.c \
	posix/lib/dirents.c \
	posix/lib/epoll.c \
	posix/lib/exec.c \
	posix/lib/fd.c \
	posix/lib/flockfile.c \
	posix/lib/futex.c \
	posix/lib/getlogin.c \
	posix/lib/group.c \
	posix/lib/io.c \
	posix/lib/issetugid.c \
	posix/lib/jobctl.c \
	posix/lib/mem.c \
	posix/lib/mounts.c \
	posix/lib/path.c \
	posix/lib/pathconf.c \
	posix/lib/pipe.c \
	posix/lib/posix_spawn.c \
	posix/lib/poll.c \
	posix/lib/power.c \
	posix/lib/proc.c \
	posix/lib/process.c \
	posix/lib/procinfo.c \
	posix/lib/progname.c \
	posix/lib/pthread_attr.c \
	posix/lib/pty.c \
	posix/lib/pthread_barrier.c \
	posix/lib/pthread_cancel.c \
	posix/lib/pthread_cond.c \
	posix/lib/pthread_create.c \
	posix/lib/pthread_key.c \
	posix/lib/pthread_misc.c \
	posix/lib/pthread_mutex.c \
	posix/lib/pthread_once.c \
	posix/lib/pthread_rwlock.c \
	posix/lib/pthread_spin.c \
	posix/lib/readfile.c \
	posix/lib/readiness.c \
	posix/lib/reent.c \
	posix/lib/rusage.c \
	posix/lib/select.c \
	posix/lib/semaphore.c \
	posix/lib/sigjmp.c \
	posix/lib/signal.c \
	posix/lib/sigmask.c \
	posix/lib/sigsend.c \
	posix/lib/sigset.c \
	posix/lib/spawn.c \
	posix/lib/start.c \
	posix/lib/stat.c \
	posix/lib/statvfs.c \
	posix/lib/time.c \
	posix/lib/termios.c \
	posix/lib/tls.c \
	posix/lib/ttyname.c \
	posix/lib/umask.c \
	posix/lib/utimes.c \
	kernel/boot/elf.c
LIBPOSIX_INCLUDES = posix/lib/include/motor/libposix.h posix/lib/include/motor/spawn.h \
	posix/lib/include/motor/procinfo.h
LIBPOSIX_OBJS = $(patsubst %.c,posix/obj/%.o,$(LIBPOSIX_SRCS))

# Objects of user programs: posix/obj/<path of the source>.o
posix/obj/%.o: $(top_srcdir)/%.c sysroot/.base-stamp
	@mkdir -p $(@D)
	$(AM_V_CC)$(MOTOR_CC) $(MOTOR_CFLAGS) $(POSIX_CPPFLAGS) \
		-DMOTOR_RELEASE='"$(PACKAGE_VERSION)"' -c -o $@ $<

$(LIBPOSIX): $(LIBPOSIX_OBJS) $(addprefix $(top_srcdir)/,$(LIBPOSIX_INCLUDES))
	@mkdir -p $(MOTOR_SYSROOT)/include/motor $(@D)
	cp $(addprefix $(top_srcdir)/,$(LIBPOSIX_INCLUDES)) $(MOTOR_SYSROOT)/include/motor/
	$(AM_V_AR)rm -f $@ && $(MOTOR_AR) rcs $@ $(LIBPOSIX_OBJS)

# Links a program from its objects (the prerequisites ending in .o).
MOTOR_LINK = mkdir -p $(@D) && $(MOTOR_CC) -o $@ $(filter %.o,$^)

INIT_SRCS = posix/init/init.c posix/init/inittab.c posix/init/servers.c posix/init/shutdown.c \
	posix/init/spawn.c posix/init/supervise.c kernel/boot/cpio.c
VFSD_SRCS = \
	posix/vfsd/devices.c \
	posix/vfsd/fifo.c \
	posix/vfsd/main.c \
	posix/vfsd/memfs.c \
	posix/vfsd/namespace.c \
	posix/vfsd/ops_file.c \
	posix/vfsd/ops_path.c \
	posix/vfsd/pipe.c \
	posix/vfsd/procfs.c \
	posix/vfsd/procfs_text.c \
	posix/vfsd/session.c \
	posix/server/reply.c \
	posix/server/watch.c \
	kernel/boot/cpio.c

PROCD_SRCS = \
	posix/procd/ctty.c \
	posix/procd/groups.c \
	posix/procd/main.c \
	posix/procd/ops.c \
	posix/procd/stat.c \
	posix/procd/signal.c \
	posix/procd/power.c \
	posix/procd/table.c \
	posix/server/reply.c

posix/bin/init: $(patsubst %.c,posix/obj/%.o,$(INIT_SRCS)) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)
posix/bin/vfsd: $(patsubst %.c,posix/obj/%.o,$(VFSD_SRCS)) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)

posix/bin/procd: $(patsubst %.c,posix/obj/%.o,$(PROCD_SRCS)) $(LIBPOSIX)
	$(AM_V_CCLD)$(MOTOR_LINK)

# Programs that go into the initrd's /sbin.
SBIN_PROGS = posix/bin/init posix/bin/vfsd posix/bin/procd
include $(srcdir)/posix/ttyd/local.mk

-include $(shell find posix/obj -name '*.d' 2>/dev/null)
CLEANDIRS += posix/obj posix/bin
