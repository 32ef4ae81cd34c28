# The ports (ports/README.md): `make ports` runs ports/build on every
# recipe of ports/; the builds are cached outside the checkout
# ($MOTOR_CACHE/ports/), so only a changed recipe, patch or sysroot
# (libposix included) rebuilds. What they install is staged in
# ports/root/ (headers, libraries: for programs built on them) and the
# files each recipe's IMAGE names in ports/image/, which the initrd takes
# (distro/local.mk). `../configure --disable-ports` leaves them out.
#
# Needs, before this file is included: posix/local.mk ($(LIBPOSIX)).

if MOTOR_PORTS
PORTS_NAMES = zlib lua make ncurses nano libedit dash
PORTS_STAMP = ports/.stamp
PORTS_IMAGE = ports/image
# The recipes and patches only (a build in the source tree stages into ports/ too).
PORT_FILES = $(srcdir)/ports/build $(srcdir)/ports/local.mk \
	$(wildcard $(srcdir)/ports/*/recipe $(srcdir)/ports/*/patches/*.patch)

$(PORTS_STAMP): $(PORT_FILES) $(LIBPOSIX) sysroot/.base-stamp
	@echo "  PORTS    $(PORTS_NAMES) (from an empty cache: about 2 minutes)"
	@$(srcdir)/ports/build -s $(MOTOR_SYSROOT) -o ports $(PORTS_NAMES) && touch $@
else
PORTS_STAMP =
PORTS_IMAGE =
endif

ports: $(PORTS_STAMP)
.PHONY: ports
CLEANDIRS += ports
