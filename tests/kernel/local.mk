# User-mode test programs of the kernel's system calls (included from the
# top-level Makefile.am, so paths are relative to the top of the tree). They
# go into the initrd as /test/NAME (distro/local.mk); the integration tests
# boot `run=init init=/test/NAME` and read their TAP from the console.
#
# Needs, before this file is included: user/local.mk (USER_CFLAGS,
# USER_LINK_FLAGS, USER_LIBS) and `noinst_PROGRAMS =`.

USER_TESTS = \
	%reldir%/syscalls \
	%reldir%/threads \
	%reldir%/memory \
	%reldir%/fault

noinst_PROGRAMS += $(USER_TESTS)

%canon_reldir%_syscalls_SOURCES = %reldir%/syscalls.c
%canon_reldir%_syscalls_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_syscalls_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_syscalls_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_syscalls_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_threads_SOURCES = %reldir%/threads.c
%canon_reldir%_threads_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_threads_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_threads_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_threads_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_memory_SOURCES = %reldir%/memory.c
%canon_reldir%_memory_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_memory_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_memory_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_memory_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_fault_SOURCES = %reldir%/fault.c
%canon_reldir%_fault_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_fault_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_fault_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_fault_DEPENDENCIES = $(top_srcdir)/user/user.ld
