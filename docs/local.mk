# Generated documents (included from the top-level Makefile.am). The
# committed docs/syscalls.md is tools/gen-syscall-doc's output from the ABI
# headers; this rule regenerates it into the build directory (a build in the
# source tree rewrites the committed copy, which is then unchanged), and
# tests/integration/test_docs.py fails when the committed copy has drifted.

SYSCALL_DOC_DEPS = $(top_srcdir)/tools/gen-syscall-doc \
	$(top_srcdir)/abi/include/motor/syscall.h \
	$(top_srcdir)/abi/include/motor/ipc.h \
	$(top_srcdir)/abi/include/motor/handle.h

docs/syscalls.md: $(SYSCALL_DOC_DEPS)
	$(AM_V_GEN)mkdir -p docs && \
	$(top_srcdir)/tools/gen-syscall-doc $(top_srcdir)/abi/include > $@.tmp && mv $@.tmp $@

all-local: docs/syscalls.md
CLEANFILES += $(if $(filter $(abs_srcdir),$(abs_builddir)),,docs/syscalls.md)

# make update-docs: after changing an ABI header, refresh the committed copy.
update-docs: docs/syscalls.md
	cp docs/syscalls.md $(srcdir)/docs/syscalls.md

.PHONY: update-docs
