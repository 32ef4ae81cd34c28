# newlib for x86_64-motor-elf and its Motor glue (newlib-port/README.md).
# build-newlib builds newlib from Debian's tarball, or takes an identical
# earlier build from ${MOTOR_CACHE:-~/.cache/motor}, and installs its
# headers (with newlib-port/include/ over them) and libc.a/libm.a into the
# sysroot. The crt files are assembled here. sysroot/local.mk (included
# after this file) defines MOTOR_SYSROOT and collects it all.

# (The folders are prerequisites too: removing a file changes their time.)
NEWLIB_PORT_INPUTS = \
	$(srcdir)/newlib-port/build-newlib \
	$(srcdir)/newlib-port/target-cc \
	$(shell find $(srcdir)/newlib-port/patches $(srcdir)/newlib-port/include 2>/dev/null)

sysroot/.newlib-stamp: $(NEWLIB_PORT_INPUTS)
	$(AM_V_GEN)$(srcdir)/newlib-port/build-newlib $(MOTOR_SYSROOT) && touch $@

# _start and the _init/_fini frame: preprocessed assembly (.S), the host
# compiler assembles it.
SYSROOT_CRT = sysroot/lib/crt0.o sysroot/lib/crti.o sysroot/lib/crtn.o

sysroot/lib/%.o: $(srcdir)/newlib-port/%.S
	@$(MKDIR_P) sysroot/lib
	$(AM_V_CPPAS)$(CCAS) -c -o $@ $<

EXTRA_DIST += $(call srcfiles,newlib-port/README.md newlib-port/build-newlib \
	newlib-port/target-cc newlib-port/*.S newlib-port/patches/*.patch \
	newlib-port/include/*.h newlib-port/include/*/*.h)
