/*
 * Unit tests for kernel/boot/cmdline.c: every kind of option, quoting and
 * separators, every error message, and that a line with any error leaves
 * all destinations untouched.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "boot/cmdline.h"
#include "motor/errno.h"
#include "tap.h"

static const char *const run_choices[] = { "monitor", "selftest", "idle", NULL };

struct values {
	bool quiet;
	uint64_t cpus;
	int run;
	char init[16];
	uint64_t mem;
};

static struct values v;
static struct cmdline_option opts[5];

/* Defaults that no successful parse in these tests produces by accident. */
static void reset(void)
{
	v.quiet = false;
	v.cpus = 77;
	v.run = -1;
	strcpy(v.init, "default");
	v.mem = 99;
	opts[0] = (struct cmdline_option){ .name = "quiet", .type = CMDLINE_FLAG, .dest = &v.quiet,
					   .help = "less output" };
	opts[1] = (struct cmdline_option){ .name = "cpus", .type = CMDLINE_UINT, .dest = &v.cpus,
					   .min = 1, .max = 8, .help = "CPUs to start" };
	opts[2] = (struct cmdline_option){ .name = "run", .type = CMDLINE_CHOICE, .dest = &v.run,
					   .choices = run_choices, .help = "what to run" };
	opts[3] = (struct cmdline_option){ .name = "init", .type = CMDLINE_STRING, .dest = v.init,
					   .dest_size = sizeof(v.init), .help = "first program" };
	opts[4] = (struct cmdline_option){ .name = "mem", .type = CMDLINE_UINT, .dest = &v.mem,
					   .min = 0, .max = UINT64_MAX, .help = "memory limit" };
}

static bool untouched(void)
{
	return !v.quiet && v.cpus == 77 && v.run == -1 && strcmp(v.init, "default") == 0 &&
	       v.mem == 99;
}

static char err[256];

static int parse(const char *line)
{
	reset();
	memset(err, '#', sizeof(err));
	return cmdline_parse(line, opts, 5, err, sizeof(err));
}

/* A line that must fail with exactly `msg` and change nothing. */
static void expect_error(const char *line, const char *msg)
{
	int r = parse(line);

	CHECK_INT(tap_fmt("rejects %s", tap_quote(line, strlen(line))), r, -EINVAL);
	CHECK_STR(tap_fmt("message for %s", tap_quote(line, strlen(line))), err, msg);
	CHECK(tap_fmt("no destination written for %s", tap_quote(line, strlen(line))), untouched());
}

static void test_valid(void)
{
	CHECK_INT("NULL line is valid", parse(NULL), 0);
	CHECK("NULL line sets nothing", untouched());
	CHECK_STR("NULL line leaves an empty message", err, "");
	CHECK_INT("empty line is valid", parse(""), 0);
	CHECK("empty line sets nothing", untouched());
	CHECK_INT("blank line is valid", parse(" \t \r\n "), 0);
	CHECK("blank line sets nothing", untouched());

	CHECK_INT("full line parses", parse("quiet cpus=4 run=idle init=/bin/sh mem=0x1000"), 0);
	CHECK("flag set", v.quiet);
	CHECK_UINT("number set", v.cpus, 4);
	CHECK_INT("choice set to its index", v.run, 2);
	CHECK_STR("string set", v.init, "/bin/sh");
	CHECK_UINT("hex number set", v.mem, 0x1000);
	CHECK_STR("success leaves an empty message", err, "");

	CHECK_INT("only some options given", parse("run=monitor"), 0);
	CHECK_INT("first choice has index 0", v.run, 0);
	CHECK("options not given keep their defaults",
	      !v.quiet && v.cpus == 77 && strcmp(v.init, "default") == 0 && v.mem == 99);

	CHECK_INT("bounds are inclusive (low)", parse("cpus=1"), 0);
	CHECK_UINT("cpus=1", v.cpus, 1);
	CHECK_INT("bounds are inclusive (high)", parse("cpus=8"), 0);
	CHECK_UINT("cpus=8", v.cpus, 8);
	CHECK_INT("upper-case hex prefix and digits", parse("cpus=0X8"), 0);
	CHECK_UINT("cpus=0X8", v.cpus, 8);
	CHECK_INT("largest decimal value", parse("mem=18446744073709551615"), 0);
	CHECK_UINT("mem=2^64-1", v.mem, UINT64_MAX);
	CHECK_INT("largest hex value", parse("mem=0xFFFFffffFFFFffff"), 0);
	CHECK_UINT("mem=0xFFFFffffFFFFffff", v.mem, UINT64_MAX);
}

static void test_leading_zeros(void)
{
	CHECK_INT("decimal with leading zeros", parse("cpus=007"), 0);
	CHECK_UINT("007 is seven", v.cpus, 7);
}

static void test_quoting(void)
{
	CHECK_INT("quoted value with a space", parse("init=\"a b\""), 0);
	CHECK_STR("quoted value kept whole", v.init, "a b");
	CHECK_INT("empty quoted value", parse("init=\"\""), 0);
	CHECK_STR("empty quoted value is empty", v.init, "");
	CHECK_INT("empty plain value", parse("init="), 0);
	CHECK_STR("empty plain value is empty", v.init, "");
	CHECK_INT("quoted value with '=' and a tab", parse("init=\"x=1\ty\" quiet"), 0);
	CHECK_STR("quoted '=' and tab kept", v.init, "x=1\ty");
	CHECK("word after a quoted value parsed", v.quiet);
	CHECK_INT("quoted number", parse("cpus=\"3\""), 0);
	CHECK_UINT("quoted number value", v.cpus, 3);
	CHECK_INT("quoted choice", parse("run=\"selftest\""), 0);
	CHECK_INT("quoted choice value", v.run, 1);
	CHECK_INT("tabs, newlines and repeated spaces separate", parse("\tquiet \n\r cpus=2\t\t"),
		  0);
	CHECK("separated flag", v.quiet);
	CHECK_UINT("separated number", v.cpus, 2);
	CHECK_INT("value of exactly dest_size-1 characters fits", parse("init=123456789012345"), 0);
	CHECK_STR("15-character value", v.init, "123456789012345");
	CHECK_INT("quoted value ending the line", parse("quiet init=\"/sbin/init -v\""), 0);
	CHECK_STR("quoted value with option inside", v.init, "/sbin/init -v");
}

static void test_errors(void)
{
	expect_error("foo", "unknown option 'foo' (known: quiet, cpus, run, init, mem)");
	expect_error("quiet foo=1", "unknown option 'foo' (known: quiet, cpus, run, init, mem)");
	expect_error("Quiet", "unknown option 'Quiet' (known: quiet, cpus, run, init, mem)");
	expect_error("quie", "unknown option 'quie' (known: quiet, cpus, run, init, mem)");
	expect_error("quiets", "unknown option 'quiets' (known: quiet, cpus, run, init, mem)");
	expect_error("run=x", "option 'run' expects one of monitor|selftest|idle, got 'x'");
	expect_error("run=", "option 'run' expects one of monitor|selftest|idle, got ''");
	expect_error("run=Idle", "option 'run' expects one of monitor|selftest|idle, got 'Idle'");
	expect_error("run=idl", "option 'run' expects one of monitor|selftest|idle, got 'idl'");
	expect_error("run", "option 'run' expects a value: one of monitor|selftest|idle");
	expect_error("cpus=9", "option 'cpus': '9' is out of range 1..8");
	expect_error("cpus=0", "option 'cpus': '0' is out of range 1..8");
	expect_error("cpus=0x10", "option 'cpus': '0x10' is out of range 1..8");
	/* 010 is ten, not octal eight, so it is out of range. */
	expect_error("cpus=010", "option 'cpus': '010' is out of range 1..8");
	expect_error("cpus=99999999999999999999",
		     "option 'cpus': '99999999999999999999' is out of range 1..8");
	expect_error(
		"mem=18446744073709551616",
		"option 'mem': '18446744073709551616' is out of range 0..18446744073709551615");
	expect_error("mem=0x10000000000000000",
		     "option 'mem': '0x10000000000000000' is out of range 0..18446744073709551615");
	expect_error("cpus=abc", "option 'cpus' expects a number (decimal or 0x hex), got 'abc'");
	expect_error("cpus=", "option 'cpus' expects a number (decimal or 0x hex), got ''");
	expect_error("cpus=0x", "option 'cpus' expects a number (decimal or 0x hex), got '0x'");
	expect_error("cpus=0xg", "option 'cpus' expects a number (decimal or 0x hex), got '0xg'");
	expect_error("cpus=-1", "option 'cpus' expects a number (decimal or 0x hex), got '-1'");
	expect_error("cpus=+1", "option 'cpus' expects a number (decimal or 0x hex), got '+1'");
	expect_error("cpus=4k", "option 'cpus' expects a number (decimal or 0x hex), got '4k'");
	expect_error("cpus=\" 4\"", "option 'cpus' expects a number (decimal or 0x hex), got ' 4'");
	expect_error("cpus", "option 'cpus' expects a value: a number in 1..8");
	expect_error("run=idle run=monitor", "option 'run' given twice");
	expect_error("quiet cpus=2 quiet", "option 'quiet' given twice");
	expect_error("run=idle run=bogus", "option 'run' given twice");
	expect_error("init=\"abc", "unterminated quote in option 'init'");
	expect_error("init=\"", "unterminated quote in option 'init'");
	expect_error("quiet init=\"a b", "unterminated quote in option 'init'");
	expect_error("init=\"a\"b", "option 'init': unexpected text after the closing quote");
	expect_error("init=\"a\"\"b\"", "option 'init': unexpected text after the closing quote");
	expect_error("init=a\"b\"",
		     "option 'init': unexpected quote inside the value (quote the whole value)");
	expect_error("\"init=a\"", "unexpected quote in '\"init=a\"'");
	expect_error("in\"it\"=a", "unexpected quote in 'in\"it\"=a'");
	expect_error("=5", "missing option name in '=5'");
	expect_error("quiet =", "missing option name in '='");
	expect_error("quiet=1", "option 'quiet' takes no value, got '1'");
	expect_error("quiet=", "option 'quiet' takes no value, got ''");
	expect_error("init=1234567890123456",
		     "option 'init': value is too long (at most 15 characters)");
	expect_error("init", "option 'init' expects a value");
	expect_error("run=\"\x01\x7f\"",
		     "option 'run' expects one of monitor|selftest|idle, got '?\?'");
	expect_error("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
		     "unknown option 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...' "
		     "(known: quiet, cpus, run, init, mem)");
}

static void test_atomic(void)
{
	expect_error("quiet cpus=4 init=/x run=bogus",
		     "option 'run' expects one of monitor|selftest|idle, got 'bogus'");
	expect_error("cpus=4 run=idle init=/x mem=1 quiet nope",
		     "unknown option 'nope' (known: quiet, cpus, run, init, mem)");
	expect_error("init=/bin/sh quiet=yes", "option 'quiet' takes no value, got 'yes'");
	expect_error("cpus=3 init=\"unterminated", "unterminated quote in option 'init'");
}

static void test_err_buffer(void)
{
	char small[8];
	int r;

	reset();
	memset(small, '#', sizeof(small));
	r = cmdline_parse("foo", opts, 5, small, sizeof(small));
	CHECK_INT("small error buffer: still -EINVAL", r, -EINVAL);
	CHECK_STR("small error buffer: message cut and terminated", small, "unknown");

	reset();
	memset(small, '#', sizeof(small));
	r = cmdline_parse("foo", opts, 5, small, 1);
	CHECK_INT("one-byte error buffer: -EINVAL", r, -EINVAL);
	CHECK_INT("one-byte error buffer: only a NUL", small[0], '\0');
	CHECK_INT("one-byte error buffer: nothing past it", small[1], '#');

	reset();
	CHECK_INT("NULL error buffer: -EINVAL", cmdline_parse("foo", opts, 5, NULL, 0), -EINVAL);
	CHECK_INT("NULL error buffer with a length: -EINVAL",
		  cmdline_parse("cpus=0", opts, 5, NULL, 64), -EINVAL);
	CHECK_INT("NULL error buffer on success: 0", cmdline_parse("quiet", opts, 5, NULL, 0), 0);

	r = cmdline_parse("x", NULL, 0, err, sizeof(err));
	CHECK_INT("empty table: any word is unknown", r, -EINVAL);
	CHECK_STR("empty table: message", err, "unknown option 'x' (no options are known)");
	CHECK_INT("empty table, empty line: fine", cmdline_parse("  ", NULL, 0, err, sizeof(err)),
		  0);
}

int main(void)
{
	test_valid();
	test_leading_zeros();
	test_quoting();
	test_errors();
	test_atomic();
	test_err_buffer();
	return tap_done();
}
