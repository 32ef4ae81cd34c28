# The generated sysroot, $(MOTOR_SYSROOT) (sysroot/README.md): headers,
# libc/libm, crt files, libgcc, libposix and the x86_64-motor-elf-* front
# ends, built in the build directory, never in the source tree.
#
#   make sysroot                 everything, libposix included
#   sysroot/.base-stamp          everything but libposix: what building
#                                libposix with $(MOTOR_CC) needs
# posix/local.mk has the rule for $(MOTOR_SYSROOT)/lib/libposix.a.

MOTOR_SYSROOT = $(abs_builddir)/sysroot
MOTOR_CC = $(MOTOR_SYSROOT)/bin/x86_64-motor-elf-gcc
MOTOR_AR = $(MOTOR_SYSROOT)/bin/x86_64-motor-elf-ar

SYSROOT_FRONTEND_FILES = $(addprefix $(srcdir)/sysroot/, install-frontends \
	frontend-gcc.sh frontend-clang.sh frontend-ld.sh frontend-pkg-config.sh \
	frontend-env.sh clang-link-gcc.sh motor-gcc.specs toolchain.cmake \
	cmake/Platform/Motor.cmake cross.meson.in config.site)
MOTOR_ABI_FILES = $(wildcard $(srcdir)/abi/include/motor/*.h)

# The front ends, then the kernel ABI headers as <motor/*.h>.
sysroot/.base-stamp: sysroot/.newlib-stamp $(SYSROOT_CRT) $(SYSROOT_FRONTEND_FILES) \
		$(MOTOR_ABI_FILES)
	$(AM_V_GEN)$(srcdir)/sysroot/install-frontends $(MOTOR_SYSROOT) && \
	$(MKDIR_P) sysroot/include/motor && \
	cp $(MOTOR_ABI_FILES) sysroot/include/motor/ && touch $@

sysroot: sysroot/.base-stamp $(MOTOR_SYSROOT)/lib/libposix.a

.PHONY: sysroot
# tests/hello: where tests/toolchain/hello-port.sh builds by default.
CLEANDIRS += sysroot tests/hello
# (tests/toolchain/: the GNU hello cross build that test_sysroot.py runs.)
EXTRA_DIST += $(call srcfiles,sysroot/README.md sysroot/install-frontends \
	sysroot/frontend-*.sh sysroot/clang-link-gcc.sh sysroot/motor-gcc.specs \
	sysroot/toolchain.cmake sysroot/cmake/Platform/*.cmake sysroot/cross.meson.in \
	sysroot/config.site tests/toolchain/*.sh)
