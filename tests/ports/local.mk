# Tests of the ports (tests/integration/test_ports.py): a zlib round trip
# program built against the ports' staging root, a Lua script, a shell
# script and a Makefile, put into the initrd as /test/ports/ when the ports are built.
#
# Needs, before this file is included: ports/local.mk, posix/local.mk.

if MOTOR_PORTS
PORTS_TESTS = ports/test/zlib $(top_srcdir)/tests/ports/script.lua \
	$(top_srcdir)/tests/ports/script.sh $(top_srcdir)/tests/ports/make-test.mk

ports/test/zlib: $(top_srcdir)/tests/ports/zlib.c $(PORTS_STAMP) $(LIBPOSIX)
	@mkdir -p $(@D)
	$(AM_V_CCLD)$(MOTOR_CC) $(MOTOR_CFLAGS) -I$(top_srcdir)/tests/posix \
		-Iports/root/usr/include -o $@ $< ports/root/usr/lib/libz.a
else
PORTS_TESTS =
endif
