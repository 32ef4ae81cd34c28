# The initrd: a cpio (newc) archive of distro/rootfs/ plus the user test
# programs as /test/NAME (tests/kernel/local.mk's USER_TESTS) and the
# benchmark programs as /bench/NAME (bench/local.mk's BENCH_PROGS). It
# grows into the distro's root as user space arrives.
#
# The tree is staged afresh in the build directory (distro/rootfs-gen/, never
# in the source tree) and normalized so the archive depends only on the
# contents: sorted names, owner 0:0, modes 755/644 by the execute bit, every
# mtime 0. Any change to a program or to distro/rootfs/ rebuilds it.

ROOTFS_GEN = distro/rootfs-gen
CLEANDIRS += $(ROOTFS_GEN)

distro/initrd.cpio: $(shell find $(srcdir)/distro/rootfs 2>/dev/null) $(USER_TESTS) \
		$(BENCH_PROGS)
	$(AM_V_GEN)rm -rf $(ROOTFS_GEN) && mkdir -p $(ROOTFS_GEN)/test $(ROOTFS_GEN)/bench && \
	cp -R $(srcdir)/distro/rootfs/. $(ROOTFS_GEN)/ && \
	cp $(USER_TESTS) $(ROOTFS_GEN)/test/ && \
	cp $(BENCH_PROGS) $(ROOTFS_GEN)/bench/ && \
	chmod -R u=rwX,go=rX $(ROOTFS_GEN) && \
	find $(ROOTFS_GEN) -exec touch -h -d @0 {} + && \
	(cd $(ROOTFS_GEN) && find . -mindepth 1 | LC_ALL=C sort | \
		$(CPIO) --quiet -o -H newc --owner=0:0 --reproducible) > $@.tmp && mv $@.tmp $@

CLEANFILES += distro/initrd.cpio
