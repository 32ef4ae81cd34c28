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
	%reldir%/fault \
	%reldir%/futex \
	%reldir%/ipc \
	%reldir%/process \
	%reldir%/procinfo \
	%reldir%/stress \
	%reldir%/devices

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

%canon_reldir%_futex_SOURCES = %reldir%/futex.c
%canon_reldir%_futex_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_futex_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_futex_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_futex_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_ipc_SOURCES = %reldir%/ipc.c
%canon_reldir%_ipc_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_ipc_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_ipc_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_ipc_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_process_SOURCES = %reldir%/process.c
%canon_reldir%_process_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_process_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_process_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_process_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_stress_SOURCES = %reldir%/stress.c
%canon_reldir%_stress_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_stress_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_stress_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_stress_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_devices_SOURCES = %reldir%/devices.c
%canon_reldir%_devices_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_devices_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_devices_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_devices_DEPENDENCIES = $(top_srcdir)/user/user.ld

%canon_reldir%_procinfo_SOURCES = %reldir%/procinfo.c
%canon_reldir%_procinfo_CFLAGS = $(USER_CFLAGS)
%canon_reldir%_procinfo_LDFLAGS = $(USER_LINK_FLAGS)
%canon_reldir%_procinfo_LDADD = $(USER_LIBS)
EXTRA_%canon_reldir%_procinfo_DEPENDENCIES = $(top_srcdir)/user/user.ld
