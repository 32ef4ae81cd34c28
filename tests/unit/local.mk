# Host unit tests for the kernel's self-contained units (included from the
# top-level Makefile.am, so paths are relative to the top of the tree).
#
# Each test is built for the host with ASan/UBSan from its own test_*.c plus
# the kernel sources it exercises. The programs print plan-less TAP and exit
# nonzero if any check failed. kernel/lib/string.c is not linked into any of
# them: test_string.c #includes it with its symbols renamed (k_memcpy, ...),
# and every other test uses the host libc's string functions.
#
# Needs, before this file is included: `check_PROGRAMS =`, `UNIT_TESTS =`,
# UNIT_CFLAGS and UNIT_LINK_FLAGS.

UNIT_TESTS += \
	%reldir%/test_string \
	%reldir%/test_format \
	%reldir%/test_ksyms \
	%reldir%/test_cmdline \
	%reldir%/test_cpio \
	%reldir%/test_memmap \
	%reldir%/test_pmm

check_PROGRAMS += \
	%reldir%/test_string \
	%reldir%/test_format \
	%reldir%/test_ksyms \
	%reldir%/test_cmdline \
	%reldir%/test_cpio \
	%reldir%/test_memmap \
	%reldir%/test_pmm

# string.c is compiled inside test_string.c (renamed), so it is not listed here.
%canon_reldir%_test_string_SOURCES = %reldir%/test_string.c %reldir%/tap.h

%canon_reldir%_test_format_SOURCES = %reldir%/test_format.c %reldir%/tap.h \
	kernel/lib/format.c

%canon_reldir%_test_ksyms_SOURCES = %reldir%/test_ksyms.c %reldir%/tap.h \
	kernel/lib/ksyms.c

%canon_reldir%_test_cmdline_SOURCES = %reldir%/test_cmdline.c %reldir%/tap.h \
	kernel/boot/cmdline.c kernel/lib/format.c

%canon_reldir%_test_cpio_SOURCES = %reldir%/test_cpio.c %reldir%/tap.h \
	kernel/boot/cpio.c

%canon_reldir%_test_memmap_SOURCES = %reldir%/test_memmap.c %reldir%/tap.h \
	kernel/mm/memmap.c

%canon_reldir%_test_pmm_SOURCES = %reldir%/test_pmm.c %reldir%/tap.h \
	kernel/mm/pmm.c kernel/mm/memmap.c
