/* Host unit tests of init's /etc/inittab parser and command splitting
 * (posix/init/inittab.c): good entries, each kind of bad line, limits. */
#include <string.h>

#include "tap.h"

#include "../../posix/init/inittab.h"

struct warnings {
	int n;
	int line[8];
	char why[8][80];
};

static void collect(int line, const char *why, void *ctx)
{
	struct warnings *w = ctx;
	if (w->n < 8) {
		w->line[w->n] = line;
		snprintf(w->why[w->n], sizeof(w->why[0]), "%s", why);
	}
	w->n++;
}

static int parse(const char *text, struct inittab *tab, struct warnings *w)
{
	memset(w, 0, sizeof(*w));
	return inittab_parse(text, strlen(text), tab, collect, w);
}

static void test_good(void)
{
	static struct inittab tab;
	struct warnings w;
	const char *text = "# Motor's inittab\n"
			   "\n"
			   "::sysinit:/etc/rc\n"
			   "  console::respawn:-/bin/sh\r\n"
			   "pts/3:2345:once:/bin/echo a:b  \n"
			   "::wait:/bin/true\n"
			   "::shutdown:/bin/sync";
	CHECK_INT("no bad lines", parse(text, &tab, &w), 0);
	CHECK_INT("five entries", tab.n, 5);
	CHECK_INT("sysinit", tab.entry[0].action, IT_SYSINIT);
	CHECK_STR("empty id", tab.entry[0].tty, "");
	CHECK_STR("sysinit command", tab.entry[0].command, "/etc/rc");
	CHECK_INT("its line", tab.entry[0].line, 3);
	CHECK_STR("console id", tab.entry[1].tty, "console");
	CHECK_INT("respawn", tab.entry[1].action, IT_RESPAWN);
	CHECK_STR("CR and leading blanks go", tab.entry[1].command, "-/bin/sh");
	CHECK_STR("pts id", tab.entry[2].tty, "pts/3");
	CHECK_STR("colons stay in the command, trailing blanks go", tab.entry[2].command,
		  "/bin/echo a:b");
	CHECK_INT("once", tab.entry[2].action, IT_ONCE);
	CHECK_INT("wait", tab.entry[3].action, IT_WAIT);
	CHECK_INT("shutdown, last line without newline", tab.entry[4].action, IT_SHUTDOWN);
	CHECK_STR("its command", tab.entry[4].command, "/bin/sync");
	CHECK_STR("action names", inittab_action_name(IT_RESPAWN), "respawn");
}

static void test_bad(void)
{
	static struct inittab tab;
	struct warnings w;
	const char *text = "::respawn:/bin/sh\n"
			   "just words\n"
			   "::sometimes:/bin/x\n"
			   "::once:   \n"
			   "../etc/passwd::once:/bin/x\n"
			   "/dev/console::once:/bin/x\n"
			   "averyveryveryveryverylongterminalname::once:/bin/x\n"
			   "::once:/bin/ok\n";
	CHECK_INT("six bad lines", parse(text, &tab, &w), 6);
	CHECK_INT("the good ones stay", tab.n, 2);
	CHECK_STR("second good one", tab.entry[1].command, "/bin/ok");
	CHECK_INT("reported six", w.n, 6);
	CHECK_INT("line of the first", w.line[0], 2);
	CHECK_STR("not the format", w.why[0], "not id:runlevels:action:command");
	CHECK_STR("unknown action", w.why[1], "unknown action 'sometimes'");
	CHECK_STR("no command", w.why[2], "no command");
	CHECK_STR("escaping id", w.why[3], "the id must name a terminal under /dev");
	CHECK_STR("absolute id", w.why[4], "the id must name a terminal under /dev");
	CHECK_STR("long id", w.why[5], "the id is too long");

	char big[INITTAB_COMMAND + 64];
	memset(big, 'x', sizeof(big));
	memcpy(big, "::once:", 7);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT("a long command is a bad line", parse(big, &tab, &w), 1);
	CHECK_STR("it says so", w.why[0], "the command is too long");

	char nul[] = "::once:/bin/a\0b\n::once:/bin/c\n";
	memset(&w, 0, sizeof(w));
	CHECK_INT("a NUL byte is a bad line",
		  inittab_parse(nul, sizeof(nul) - 1, &tab, collect, &w), 1);
	CHECK_INT("the next line still counts", tab.n, 1);

	/* more entries than fit: the rest are reported, none overflows */
	static char many[INITTAB_MAX * 16 + 64];
	size_t off = 0;
	for (int i = 0; i < INITTAB_MAX + 3; i++)
		off += (size_t)snprintf(many + off, sizeof(many) - off, "::once:/bin/p%d\n", i);
	CHECK_INT("three too many", parse(many, &tab, &w), 3);
	CHECK_INT("a full table", tab.n, INITTAB_MAX);
	CHECK_INT("no warner is fine", inittab_parse("x\n", 2, &tab, NULL, NULL), 1);
}

static void test_argv(void)
{
	char buf[INITTAB_BUF];
	char *argv[INITTAB_ARGS];
	const char *path = NULL;
	CHECK_INT("words", inittab_argv("/bin/echo  a\tb", buf, argv, INITTAB_ARGS, &path), 3);
	CHECK_STR("path", path, "/bin/echo");
	CHECK_STR("argv0", argv[0], "/bin/echo");
	CHECK_STR("argv2", argv[2], "b");
	CHECK("NULL-terminated", argv[3] == NULL);

	CHECK_INT("login shell", inittab_argv("-/bin/sh -i", buf, argv, INITTAB_ARGS, &path), 2);
	CHECK_STR("its path stays whole", path, "/bin/sh");
	CHECK_STR("its argv0", argv[0], "-sh");
	CHECK_STR("its argument", argv[1], "-i");

	CHECK_INT("shell syntax", inittab_argv("echo $HOME > /tmp/x", buf, argv, INITTAB_ARGS, &path),
		  3);
	CHECK_STR("through the shell", path, "/bin/sh");
	CHECK_STR("sh", argv[0], "sh");
	CHECK_STR("-c", argv[1], "-c");
	CHECK_STR("the command whole", argv[2], "echo $HOME > /tmp/x");
	CHECK_INT("login + syntax", inittab_argv("-a;b", buf, argv, INITTAB_ARGS, &path), 3);
	CHECK_STR("-sh", argv[0], "-sh");
	CHECK_STR("without the dash", argv[2], "a;b");

	CHECK_INT("nothing", inittab_argv("   ", buf, argv, INITTAB_ARGS, &path), -1);
	CHECK_INT("too many words", inittab_argv("a b c d e", buf, argv, 4, &path), -1);
	char longest[INITTAB_COMMAND];
	memset(longest, 'y', sizeof(longest));
	longest[0] = '-';
	longest[sizeof(longest) - 1] = '\0';
	CHECK_INT("the longest login command fits", inittab_argv(longest, buf, argv, 4, &path), 1);
	CHECK_INT("its name whole", (int)strlen(argv[0]), INITTAB_COMMAND - 1);
}

int main(void)
{
	test_good();
	test_bad();
	test_argv();
	return tap_done();
}
