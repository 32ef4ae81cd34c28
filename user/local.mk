# The user-mode runtime (user/librt.a) that Motor's own test programs link
# against until newlib arrives, and the flags of every such program: built
# by the host gcc as static, freestanding x86_64 executables with the link
# map user/user.ld (R--, R-X and RW- segments, nothing W+X).
#
# kernel/lib/format.c and string.c are compiled a second time here: the
# kernel's objects use -mcmodel=kernel. -mgeneral-regs-only keeps user code
# off the SSE/x87 registers, so it does not depend on the kernel saving
# them (or enabling SSE) yet. libgcc supplies what gcc calls implicitly
# (__popcountdi2, ...); it needs no libc.

USER_CFLAGS = -std=c11 -Wall -Wextra -Werror -O2 -g -ffreestanding -fno-pic -fno-pie \
	-mgeneral-regs-only -fno-stack-protector -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-common \
	-I$(top_srcdir)/abi/include -I$(top_srcdir)/kernel -I$(top_srcdir)/user/rt
USER_LINK_FLAGS = -nostdlib -static -no-pie -Wl,-T,$(top_srcdir)/user/user.ld \
	-Wl,--build-id=none -Wl,-z,noexecstack -Wl,-z,max-page-size=4096
USER_LIBS = user/librt.a -lgcc

noinst_LIBRARIES += user/librt.a
user_librt_a_CFLAGS = $(USER_CFLAGS)
user_librt_a_CCASFLAGS = $(USER_CFLAGS)
user_librt_a_SOURCES = \
	user/rt/crt0.S \
	user/rt/print.c \
	user/rt/rt.h \
	user/rt/stack.c \
	user/rt/start.c \
	user/rt/tap.c \
	kernel/lib/format.c \
	kernel/lib/string.c
EXTRA_DIST += user/user.ld
