# The initrd: a cpio (newc) archive of distro/rootfs/. It grows into the
# distro's root as user space arrives.

distro/initrd.cpio: $(shell find $(srcdir)/distro/rootfs 2>/dev/null)
	$(AM_V_GEN)mkdir -p distro && \
	(cd $(srcdir)/distro/rootfs && find . -mindepth 1 | LC_ALL=C sort | \
		$(CPIO) --quiet -o -H newc --owner=0:0 --reproducible) > $@.tmp && mv $@.tmp $@

CLEANFILES += distro/initrd.cpio
