# The initrd: a cpio (newc) archive of distro/rootfs/ plus
#   /sbin/NAME       init and the servers (posix/local.mk's SBIN_PROGS)
#   /test/NAME       the kernel's user test programs (USER_TESTS)
#   /test/posix/NAME the POSIX test programs (POSIX_TESTS)
#   /bench/NAME      the benchmark programs (BENCH_PROGS, MOTOR_BENCH_PROGS)
#   /bin/coreutils   Motor's commands, one program (coreutils/local.mk's
#                    COREUTILS_PROG), and /bin/NAME -> coreutils, a symbolic
#                    link for each command (COREUTILS_NAMES), made last: a
#                    program of the same name elsewhere is an error
#   ports/image/     the ports' programs and data (/bin/lua, /bin/make,
#                    /bin/nano, /usr/share/terminfo; ports/local.mk) and
#   /test/ports/     their tests (tests/ports/local.mk), unless configured
#                    with --disable-ports
# and, last, the folder OVERLAY names if set (`make OVERLAY=~/myroot`: your
# own programs and files on top).
#
# The tree is staged afresh in the build directory (distro/rootfs-gen/, never
# in the source tree); the C library's programs go in stripped (a fifth of
# their size: the build directory keeps them whole, for gdb and addr2line);
# tools/mkinitrd packs it reproducibly (sorted names,
# owner 0:0, normalized modes, mtime 0). Any change to a program or to
# distro/rootfs/ rebuilds it.

ROOTFS_GEN = distro/rootfs-gen
CLEANDIRS += $(ROOTFS_GEN)
OVERLAY ?=

distro/initrd.cpio: $(shell find $(srcdir)/distro/rootfs $(OVERLAY) 2>/dev/null) \
		$(USER_TESTS) $(BENCH_PROGS) $(MOTOR_BENCH_PROGS) $(SBIN_PROGS) $(POSIX_TESTS) \
		$(COREUTILS_PROG) $(COREUTILS_TESTS) $(PORTS_STAMP) $(PORTS_TESTS) \
		$(top_srcdir)/tools/mkinitrd $(if $(OVERLAY),FORCE)
	$(AM_V_GEN)rm -rf $(ROOTFS_GEN) && \
	mkdir -p $(ROOTFS_GEN)/test/posix $(ROOTFS_GEN)/bench $(ROOTFS_GEN)/sbin \
		$(ROOTFS_GEN)/bin $(ROOTFS_GEN)/tmp $(ROOTFS_GEN)/dev $(ROOTFS_GEN)/proc $(ROOTFS_GEN)/root && \
	cp -R $(srcdir)/distro/rootfs/. $(ROOTFS_GEN)/ && \
	cp $(USER_TESTS) $(ROOTFS_GEN)/test/ && \
	cp $(BENCH_PROGS) $(MOTOR_BENCH_PROGS) $(ROOTFS_GEN)/bench/ && \
	cp $(SBIN_PROGS) $(ROOTFS_GEN)/sbin/ && \
	cp $(COREUTILS_PROG) $(ROOTFS_GEN)/bin/ && \
	$(if $(COREUTILS_TESTS),mkdir -p $(ROOTFS_GEN)/test/coreutils && cp $(COREUTILS_TESTS) $(ROOTFS_GEN)/test/coreutils/ &&) \
	$(if $(POSIX_TESTS),cp $(POSIX_TESTS) $(ROOTFS_GEN)/test/posix/ &&) \
	$(if $(PORTS_IMAGE),cp -R $(PORTS_IMAGE)/. $(ROOTFS_GEN)/ &&) \
	$(if $(PORTS_TESTS),mkdir -p $(ROOTFS_GEN)/test/ports && cp $(PORTS_TESTS) $(ROOTFS_GEN)/test/ports/ &&) \
	$(MOTOR_SYSROOT)/bin/x86_64-motor-elf-strip $(ROOTFS_GEN)/sbin/* $(ROOTFS_GEN)/bin/* \
		$(if $(COREUTILS_TESTS),$(ROOTFS_GEN)/test/coreutils/*) \
		$(if $(POSIX_TESTS),$(ROOTFS_GEN)/test/posix/*) \
		$(if $(PORTS_TESTS),$(ROOTFS_GEN)/test/ports/zlib) \
		$(addprefix $(ROOTFS_GEN)/bench/,$(notdir $(MOTOR_BENCH_PROGS))) && \
	(cd $(ROOTFS_GEN)/bin && for n in $(COREUTILS_NAMES); do ln -s coreutils $$n || exit 1; done) && \
	$(top_srcdir)/tools/mkinitrd -o $@ $(ROOTFS_GEN) $(OVERLAY)

# `make initrd`: just the archive (e.g. after changing OVERLAY).
initrd: distro/initrd.cpio
FORCE:
.PHONY: initrd FORCE

CLEANFILES += distro/initrd.cpio
