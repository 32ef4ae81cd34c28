/*
 * Unit tests for posix/ttyd/ldisc.c, the tty server's line discipline.
 *
 * A test terminal records what the discipline echoes and the signals it
 * raises; cases type bytes into it and check the echo, what reads return,
 * and when a read may complete. Each editing key, the echo variants, the
 * end-of-file rules, signals, CR/NL mapping, UTF-8 erase, the input limit,
 * raw mode with VMIN/VTIME, mode switches and output mapping have their
 * cases; a last one feeds random bytes under random settings and checks
 * the queue's invariants (AddressSanitizer watches the buffers).
 */
#define _DEFAULT_SOURCE 1 /* glibc hides ECHOCTL, IUTF8, TAB3 under plain -std=c11 */

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>

#include "tap.h"
#include "ttyd/ldisc.h"

struct term {
	struct ldisc ld;
	char echo[1 << 16];
	size_t necho;
	int sigs[8];
	size_t echo_at_sig[8]; /* how much echo had arrived when each signal came */
	int nsig;
};

static void t_echo(void *ctx, const char *b, size_t n)
{
	struct term *t = ctx;

	if (n > sizeof(t->echo) - t->necho)
		n = sizeof(t->echo) - t->necho;
	memcpy(t->echo + t->necho, b, n);
	t->necho += n;
}

static void t_signal(void *ctx, int sig)
{
	struct term *t = ctx;

	if (t->nsig < 8) {
		t->echo_at_sig[t->nsig] = t->necho;
		t->sigs[t->nsig++] = sig;
	}
}

static const struct ldisc_ops t_ops = {.echo = t_echo, .signal = t_signal};

static struct term *term_new(void)
{
	struct term *t = calloc(1, sizeof(*t));

	if (!t) {
		perror("calloc");
		exit(2);
	}
	ldisc_init(&t->ld, &t_ops, t);
	return t;
}

static void type(struct term *t, const char *s)
{
	ldisc_input(&t->ld, s, strlen(s));
}

static void type_n(struct term *t, const void *s, size_t n)
{
	ldisc_input(&t->ld, s, n);
}

/* Changes flags: lflag bits to set and to clear, likewise iflag and oflag. */
static void lset(struct term *t, tcflag_t on, tcflag_t off)
{
	struct termios tio;

	ldisc_get_termios(&t->ld, &tio);
	tio.c_lflag = (tio.c_lflag | on) & ~off;
	ldisc_set_termios(&t->ld, &tio);
}

static void iset(struct term *t, tcflag_t on, tcflag_t off)
{
	struct termios tio;

	ldisc_get_termios(&t->ld, &tio);
	tio.c_iflag = (tio.c_iflag | on) & ~off;
	ldisc_set_termios(&t->ld, &tio);
}

static void oset(struct term *t, tcflag_t on, tcflag_t off)
{
	struct termios tio;

	ldisc_get_termios(&t->ld, &tio);
	tio.c_oflag = (tio.c_oflag | on) & ~off;
	ldisc_set_termios(&t->ld, &tio);
}

static void ccset(struct term *t, int idx, unsigned char v)
{
	struct termios tio;

	ldisc_get_termios(&t->ld, &tio);
	tio.c_cc[idx] = v;
	ldisc_set_termios(&t->ld, &tio);
}

/* Raw mode as cfmakeraw leaves it, with VMIN and VTIME given. */
static void raw(struct term *t, unsigned char vmin, unsigned char vtime)
{
	struct termios tio;

	ldisc_get_termios(&t->ld, &tio);
	tio.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	tio.c_oflag &= ~(tcflag_t)OPOST;
	tio.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	tio.c_cc[VMIN] = vmin;
	tio.c_cc[VTIME] = vtime;
	ldisc_set_termios(&t->ld, &tio);
}

/* Checks (and forgets) the echo so far. */
#define CHECK_ECHO(name, t, exp)                                                               \
	do {                                                                                   \
		CHECK_MEM(name, (t)->echo, (t)->necho, exp, sizeof(exp) - 1);                  \
		(t)->necho = 0;                                                                \
	} while (0)

/* Reads up to n bytes and checks them (exp may hold NULs: its size counts). */
#define CHECK_READ(name, t, n, exp)                                                            \
	do {                                                                                   \
		char rb_[LDISC_BUF + 16];                                                      \
		size_t got_ = ldisc_read(&(t)->ld, rb_, (n));                                  \
		CHECK_MEM(name, rb_, got_, exp, sizeof(exp) - 1);                              \
	} while (0)

static void test_defaults(void)
{
	struct termios d;

	ldisc_default_termios(&d);
	CHECK_UINT("defaults: iflag ICRNL IXON IUTF8", d.c_iflag, ICRNL | IXON | IUTF8);
	CHECK_UINT("defaults: oflag OPOST ONLCR", d.c_oflag, OPOST | ONLCR);
	CHECK_UINT("defaults: cflag 115200 CS8 CREAD HUPCL", d.c_cflag,
		   B115200 | CS8 | CREAD | HUPCL);
	CHECK_UINT("defaults: lflag", d.c_lflag,
		   ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN);
	CHECK_UINT("defaults: VINTR ^C", d.c_cc[VINTR], 3);
	CHECK_UINT("defaults: VQUIT ^\\", d.c_cc[VQUIT], 0x1c);
	CHECK_UINT("defaults: VERASE DEL", d.c_cc[VERASE], 0x7f);
	CHECK_UINT("defaults: VKILL ^U", d.c_cc[VKILL], 0x15);
	CHECK_UINT("defaults: VEOF ^D", d.c_cc[VEOF], 4);
	CHECK_UINT("defaults: VWERASE ^W", d.c_cc[VWERASE], 0x17);
	CHECK_UINT("defaults: VSUSP ^Z", d.c_cc[VSUSP], 0x1a);
	CHECK_UINT("defaults: VLNEXT ^V", d.c_cc[VLNEXT], 0x16);
	CHECK_UINT("defaults: VMIN 1", d.c_cc[VMIN], 1);
	CHECK_UINT("defaults: VTIME 0", d.c_cc[VTIME], 0);
	CHECK_UINT("defaults: VEOL off", d.c_cc[VEOL], 0);
	CHECK_UINT("defaults: ospeed", d.c_ospeed, B115200);

	struct term *t = term_new();
	struct termios got;

	ldisc_get_termios(&t->ld, &got);
	CHECK("init: termios are the defaults", memcmp(&got, &d, sizeof(d)) == 0);
	d.c_lflag &= ~(tcflag_t)ECHO;
	d.c_cc[VINTR] = 'x';
	ldisc_set_termios(&t->ld, &d);
	ldisc_get_termios(&t->ld, &got);
	CHECK("set/get termios round trip", memcmp(&got, &d, sizeof(d)) == 0);
	free(t);
}

static void test_lines(void)
{
	struct term *t = term_new();

	type(t, "abc");
	CHECK("canon: partial line not readable", !ldisc_can_read(&t->ld, 100));
	CHECK_UINT("canon: partial line not counted", ldisc_avail(&t->ld), 0);
	CHECK_ECHO("canon: typing echoes", t, "abc");
	type(t, "\r");
	CHECK_ECHO("canon: CR echoes as CR NL", t, "\r\n");
	CHECK("canon: line readable", ldisc_can_read(&t->ld, 100));
	CHECK_UINT("canon: avail counts the line", ldisc_avail(&t->ld), 4);
	CHECK_READ("canon: ICRNL makes the line end", t, 100, "abc\n");
	CHECK("canon: nothing left", !ldisc_can_read(&t->ld, 100));

	type(t, "one\ntwo\nthr");
	CHECK_UINT("canon: avail sums whole lines only", ldisc_avail(&t->ld), 8);
	CHECK_READ("canon: one line per read (1)", t, 100, "one\n");
	CHECK_READ("canon: one line per read (2)", t, 100, "two\n");
	CHECK("canon: third line still being edited", !ldisc_can_read(&t->ld, 100));
	type(t, "ee\n");
	CHECK_READ("canon: edited line completes", t, 100, "three\n");

	type(t, "hello\n");
	CHECK_READ("canon: short read takes part of a line", t, 2, "he");
	CHECK_READ("canon: the rest of the line follows", t, 100, "llo\n");
	t->necho = 0;

	ccset(t, VEOL, 0);
	type_n(t, "a\0b\n", 4);
	CHECK_READ("canon: NUL is data while VEOL is off", t, 100, "a\0b\n");
	CHECK_ECHO("canon: NUL echoes as ^@", t, "a^@b\r\n");
	free(t);
}

static void test_erase(void)
{
	struct term *t = term_new();

	type(t, "abx\x7f");
	CHECK_ECHO("erase DEL: echo rubs out", t, "abx\b \b");
	type(t, "c\n");
	CHECK_READ("erase DEL: character gone", t, 100, "abc\n");
	t->necho = 0;

	type(t, "abx\bc\n");
	CHECK_READ("erase ^H also erases", t, 100, "abc\n");
	CHECK_ECHO("erase ^H: echo", t, "abx\b \bc\r\n");

	ccset(t, VERASE, '#');
	type(t, "ab#c\n");
	CHECK_READ("erase: VERASE honoured", t, 100, "ac\n");
	type(t, "ab\x7f\n");
	CHECK_READ("erase: DEL still erases with another VERASE", t, 100, "a\n");
	ccset(t, VKILL, '\b');
	type(t, "ab\bc\n");
	CHECK_READ("erase: ^H as VKILL kills, not erases", t, 100, "c\n");
	ccset(t, VERASE, 0x7f);
	ccset(t, VKILL, 0x15);
	t->necho = 0;

	type(t, "\x7f\x7f");
	CHECK_ECHO("erase at line start: nothing", t, "");
	type(t, "a\n\x7f");
	t->necho = 0;
	CHECK_READ("erase never reaches a finished line", t, 100, "a\n");

	lset(t, 0, ECHOE);
	type(t, "ab\x7f\n");
	CHECK_ECHO("erase without ECHOE echoes the key", t, "ab^?\r\n");
	CHECK_READ("erase without ECHOE still erases", t, 100, "a\n");
	lset(t, ECHOE, 0);

	type(t, "a\x01\x7f");
	CHECK_ECHO("erase of ^A pair: two columns", t, "a^A\b \b\b \b");
	lset(t, 0, ECHOCTL);
	type(t, "\x01\x7f\n");
	CHECK_ECHO("without ECHOCTL: raw echo, erase shows nothing", t, "\x01\r\n");
	CHECK_READ("without ECHOCTL: erased anyway", t, 100, "a\n");
	lset(t, ECHOCTL, 0);

	lset(t, 0, ECHO);
	type(t, "pw\x7f" "d\n");
	CHECK_ECHO("erase with ECHO off: silent", t, "");
	CHECK_READ("erase with ECHO off: still edits", t, 100, "pd\n");
	free(t);
}

static void test_tab_erase(void)
{
	struct term *t = term_new();
	char out[64];
	size_t outlen;

	type(t, "ab\t\x7f");
	CHECK_ECHO("tab erase from column 0", t, "ab\t\b\b\b\b\b\b");
	type(t, "\x15");
	t->necho = 0;

	ldisc_output(&t->ld, "$ ", 2, out, sizeof(out), &outlen); /* a prompt */
	type(t, "ab\t\x7f");
	CHECK_ECHO("tab erase after a prompt", t, "ab\t\b\b\b\b");
	type(t, "\x15");
	t->necho = 0;

	type(t, "x\t\t\x7f");
	CHECK_ECHO("tab erase after a tab: full width", t, "x\t\t\b\b\b\b\b\b\b\b");
	type(t, "\x15");
	t->necho = 0;

	type(t, "\x01\t\x7f");
	CHECK_ECHO("tab erase counts a ^A as two columns", t, "^A\t\b\b\b\b");
	free(t);
}

static void test_kill(void)
{
	struct term *t = term_new();

	type(t, "abc\x15");
	CHECK_ECHO("kill with ECHOKE: rub out each", t, "abc\b \b\b \b\b \b");
	type(t, "d\n");
	CHECK_READ("kill: line gone", t, 100, "d\n");
	t->necho = 0;

	lset(t, 0, ECHOKE);
	type(t, "abc\x15");
	CHECK_ECHO("kill with ECHOK only: key and newline", t, "abc^U\r\n");
	lset(t, 0, ECHOK);
	type(t, "abc\x15");
	CHECK_ECHO("kill without ECHOK: key only", t, "abc^U");
	type(t, "z\n");
	CHECK_READ("kill without ECHOK: line gone", t, 100, "z\n");
	lset(t, ECHOK | ECHOKE, 0);
	t->necho = 0;

	type(t, "\x15");
	CHECK_ECHO("kill of an empty line: nothing", t, "");

	type(t, "h\xc3\xa9\x15");
	CHECK_ECHO("kill of UTF-8: one rub out per character", t, "h\xc3\xa9\b \b\b \b");
	free(t);
}

static void test_werase(void)
{
	struct term *t = term_new();

	type(t, "foo bar  \x17");
	CHECK_ECHO("werase: blanks then the word", t, "foo bar  \b \b\b \b\b \b\b \b\b \b");
	type(t, "\n");
	CHECK_READ("werase: word and blanks gone", t, 100, "foo \n");
	type(t, "cd /usr/lib\x17\n");
	CHECK_READ("werase: stops at punctuation after a word", t, 100, "cd /usr/\n");
	type(t, "a ...\x17\n");
	CHECK_READ("werase: punctuation alone goes back to the word", t, 100, "\n");
	type(t, "x h\xc3\xa9llo\x17\n");
	CHECK_READ("werase: UTF-8 letters are word characters", t, 100, "x \n");
	t->necho = 0;
	type(t, "\x17");
	CHECK_ECHO("werase of an empty line: nothing", t, "");
	lset(t, 0, IEXTEN);
	type(t, "a\x17\n");
	CHECK_READ("werase needs IEXTEN", t, 100, "a\x17\n");
	free(t);
}

static void test_lnext(void)
{
	struct term *t = term_new();

	type(t, "\x16");
	CHECK_ECHO("lnext: shows ^ and backs over it", t, "^\b");
	type(t, "\x03\n");
	CHECK_ECHO("lnext: literal ^C echoes ^C", t, "^C\r\n");
	CHECK_INT("lnext: literal ^C raises nothing", t->nsig, 0);
	CHECK_READ("lnext: ^C is data", t, 100, "\x03\n");
	type(t, "\x16\x7f\x16\x15\x16\x04\x16\x17\n");
	CHECK_READ("lnext: erase, kill, EOF, werase are data", t, 100, "\x7f\x15\x04\x17\n");
	type(t, "a\x16\r\n");
	CHECK_READ("lnext: CR stays CR", t, 100, "a\r\n");
	type(t, "\x16\x16\n");
	CHECK_READ("lnext: ^V^V is a ^V", t, 100, "\x16\n");
	type(t, "\x16\x13\n");
	CHECK_READ("lnext: ^S is data", t, 100, "\x13\n");
	CHECK("lnext: ^S did not stop output", !ldisc_stopped(&t->ld));
	t->necho = 0;
	lset(t, 0, IEXTEN);
	type(t, "\x16\n");
	CHECK_READ("lnext needs IEXTEN", t, 100, "\x16\n");
	free(t);
}

static void test_eof(void)
{
	struct term *t = term_new();
	char b[16];
	size_t raw;

	type(t, "abc\x04");
	CHECK_ECHO("eof: ^D does not echo", t, "abc");
	CHECK("eof: pending line readable", ldisc_can_read(&t->ld, 100));
	CHECK_READ("eof: line without newline", t, 100, "abc");
	CHECK("eof: then nothing", !ldisc_can_read(&t->ld, 100));

	type(t, "\x04");
	CHECK("eof at line start: readable", ldisc_can_read(&t->ld, 100));
	CHECK_UINT("eof at line start: avail 0", ldisc_avail(&t->ld), 0);
	CHECK_UINT("eof: peek gives 0 bytes", ldisc_peek(&t->ld, b, sizeof(b), &raw), 0);
	CHECK_UINT("eof: with one raw byte to take", raw, 1);
	CHECK("eof: peek took nothing", ldisc_can_read(&t->ld, 100));
	ldisc_consume(&t->ld, raw);
	CHECK("eof: taken once", !ldisc_can_read(&t->ld, 100));

	type(t, "\x04\x04");
	CHECK_READ("eof twice: first read 0", t, 100, "");
	CHECK("eof twice: second still there", ldisc_can_read(&t->ld, 100));
	CHECK_READ("eof twice: second read 0", t, 100, "");

	type(t, "ab\x04");
	CHECK_READ("eof: short read of a pushed line", t, 1, "a");
	CHECK_READ("eof: its rest", t, 100, "b");
	CHECK("eof: mark went with the rest", !ldisc_can_read(&t->ld, 100));

	type(t, "abc\x04");
	CHECK_READ("eof: a read of exactly the pushed line", t, 3, "abc");
	CHECK("eof: takes the mark with it", !ldisc_can_read(&t->ld, 100));

	type(t, "ab\x04\x04");
	CHECK_READ("eof after a pushed line: the line", t, 100, "ab");
	CHECK_READ("eof after a pushed line: end of file", t, 100, "");

	type(t, "x\n\x04");
	CHECK_READ("eof after a newline: the line", t, 100, "x\n");
	CHECK_READ("eof after a newline: end of file", t, 100, "");

	ccset(t, VEOF, 0);
	type(t, "\x04\n");
	CHECK_READ("eof disabled: ^D is data", t, 100, "\x04\n");
	free(t);
}

static void test_eol(void)
{
	struct term *t = term_new();

	ccset(t, VEOL, '!');
	type(t, "hi!");
	CHECK_ECHO("VEOL echoes", t, "hi!");
	CHECK_READ("VEOL ends the line and stays in it", t, 100, "hi!");
	ccset(t, VEOL2, ';');
	type(t, "a;");
	CHECK_READ("VEOL2 with IEXTEN", t, 100, "a;");
	lset(t, 0, IEXTEN);
	type(t, "b;");
	CHECK("VEOL2 needs IEXTEN", !ldisc_can_read(&t->ld, 100));
	free(t);
}

static void test_reprint(void)
{
	struct term *t = term_new();

	type(t, "ab\x12");
	CHECK_ECHO("reprint: ^R, newline, the line", t, "ab^R\r\nab");
	type(t, "\t\x7f");
	CHECK_ECHO("reprint: tab erase counts from the new line", t, "\t\b\b\b\b\b\b");
	lset(t, 0, ECHO);
	type(t, "\x12\n");
	CHECK_READ("reprint without ECHO: ^R is data", t, 100, "ab\x12\n");
	free(t);
}

static void test_signals(void)
{
	struct term *t = term_new();

	type(t, "abc\x03");
	CHECK_INT("^C: one signal", t->nsig, 1);
	CHECK_INT("^C: SIGINT", t->sigs[0], SIGINT);
	CHECK_UINT("^C: echo came before the signal", t->echo_at_sig[0], 5);
	CHECK_ECHO("^C: echo", t, "abc^C");
	type(t, "x\n");
	CHECK_READ("^C: pending input discarded", t, 100, "x\n");

	type(t, "done\ncut");
	type(t, "\x1c");
	CHECK_INT("^\\: SIGQUIT", t->sigs[1], SIGQUIT);
	CHECK("^\\: whole queue discarded", !ldisc_can_read(&t->ld, 100));
	type(t, "\x1a");
	CHECK_INT("^Z: SIGTSTP", t->sigs[2], SIGTSTP);
	t->necho = 0;

	lset(t, NOFLSH, 0);
	type(t, "keep\x03\n");
	CHECK_READ("NOFLSH: input kept", t, 100, "keep\n");
	lset(t, 0, NOFLSH);

	lset(t, 0, ECHO);
	t->necho = 0;
	type(t, "\x03");
	CHECK_ECHO("^C without ECHO: no echo", t, "");
	CHECK_INT("^C without ECHO: still a signal", t->nsig, 5);
	lset(t, ECHO, 0);

	lset(t, 0, ISIG);
	type(t, "\x03\n");
	CHECK_INT("ISIG off: no signal", t->nsig, 5);
	CHECK_READ("ISIG off: ^C is data", t, 100, "\x03\n");
	lset(t, ISIG, 0);

	ccset(t, VINTR, 0);
	type_n(t, "\0\n", 2);
	CHECK_INT("VINTR off: NUL raises nothing", t->nsig, 5);
	t->necho = 0;

	raw(t, 1, 0);
	lset(t, ISIG, 0);
	type(t, "q\x1c");
	CHECK_INT("raw + ISIG: signals still work", t->sigs[5], SIGQUIT);
	CHECK("raw + ISIG: queue flushed", !ldisc_can_read(&t->ld, 1));
	free(t);
}

static void test_echo_variants(void)
{
	struct term *t = term_new();

	lset(t, 0, ECHO);
	type(t, "secret\n");
	CHECK_ECHO("ECHO off: nothing", t, "");
	lset(t, ECHONL, 0);
	type(t, "secret\n");
	CHECK_ECHO("ECHONL: only the newline", t, "\r\n");
	lset(t, ECHO, ECHONL);
	type(t, "\x01\x1b\x7f");
	CHECK_ECHO("ECHOCTL: ^A ^[ then erase of ^[", t, "^A^[\b \b\b \b");
	type(t, "\t");
	CHECK_ECHO("ECHOCTL: tab echoes as a tab", t, "\t");
	lset(t, 0, ECHOCTL);
	type(t, "\x01");
	CHECK_ECHO("no ECHOCTL: raw control byte", t, "\x01");
	oset(t, 0, OPOST);
	type(t, "\n");
	CHECK_ECHO("echo goes through output mapping (no OPOST)", t, "\n");
	free(t);
}

static void test_stop_start(void)
{
	struct term *t = term_new();

	type(t, "\x13");
	CHECK("IXON: ^S stops output", ldisc_stopped(&t->ld));
	type(t, "a");
	CHECK("IXON: other bytes do not restart", ldisc_stopped(&t->ld));
	type(t, "\x11");
	CHECK("IXON: ^Q restarts", !ldisc_stopped(&t->ld));
	type(t, "\n");
	CHECK_READ("IXON: ^S ^Q are not data", t, 100, "a\n");
	iset(t, IXANY, 0);
	type(t, "\x13z");
	CHECK("IXANY: any byte restarts", !ldisc_stopped(&t->ld));
	type(t, "\n");
	CHECK_READ("IXANY: and is data", t, 100, "z\n");
	type(t, "\x13\x03");
	CHECK("a signal restarts output", !ldisc_stopped(&t->ld));
	iset(t, 0, IXON);
	type(t, "\x13\n");
	CHECK("IXON off: ^S does not stop", !ldisc_stopped(&t->ld));
	CHECK_READ("IXON off: ^S is data", t, 100, "\x13\n");
	ldisc_set_stopped(&t->ld, true);
	CHECK("tcflow stop", ldisc_stopped(&t->ld));
	free(t);
}

static void test_crnl(void)
{
	struct term *t = term_new();

	raw(t, 1, 0);
	type(t, "a\rb\nc");
	CHECK_READ("raw: no mapping", t, 100, "a\rb\nc");
	iset(t, ICRNL, 0);
	type(t, "a\r");
	CHECK_READ("ICRNL: CR -> NL", t, 100, "a\n");
	iset(t, INLCR, ICRNL);
	type(t, "a\n");
	CHECK_READ("INLCR: NL -> CR", t, 100, "a\r");
	iset(t, ICRNL | INLCR, 0);
	type(t, "\r\n");
	CHECK_READ("ICRNL and INLCR swap", t, 100, "\n\r");
	iset(t, IGNCR, INLCR);
	type(t, "a\rb");
	CHECK_READ("IGNCR: CR dropped (before ICRNL)", t, 100, "ab");
	iset(t, ISTRIP, IGNCR);
	type(t, "\xe1\xff");
	CHECK_READ("ISTRIP: eighth bit off", t, 100, "a\x7f");
	free(t);

	t = term_new();
	iset(t, 0, ICRNL);
	type(t, "a\r");
	CHECK("canon without ICRNL: CR does not end a line", !ldisc_can_read(&t->ld, 100));
	CHECK_ECHO("canon without ICRNL: CR echoes ^M", t, "a^M");
	type(t, "\n");
	CHECK_READ("canon without ICRNL: CR is data", t, 100, "a\r\n");
	free(t);
}

static void test_utf8(void)
{
	struct term *t = term_new();

	type(t, "a\xc3\xa9\x7f");
	CHECK_ECHO("IUTF8: two-byte character, one rub out", t, "a\xc3\xa9\b \b");
	type(t, "\xe2\x82\xac\x7f\xf0\x9f\x98\x80\x7f\n");
	CHECK_READ("IUTF8: 2-, 3- and 4-byte characters erased whole", t, 100, "a\n");
	type(t, "\xa9\xa9\x7f\n");
	CHECK_READ("IUTF8: stray continuation bytes go one at a time", t, 100, "\xa9\n");
	t->necho = 0;

	char out[8];
	size_t outlen;

	ldisc_output(&t->ld, "\r", 1, out, sizeof(out), &outlen);
	type(t, "\xc3\xa9\t\x7f");
	CHECK_ECHO("IUTF8: tab erase counts a character once", t, "\xc3\xa9\t\b\b\b\b\b\b\b");
	type(t, "\x15");
	t->necho = 0;

	iset(t, 0, IUTF8);
	type(t, "a\xc3\xa9\x7f\n");
	CHECK_READ("no IUTF8: erase takes one byte", t, 100, "a\xc3\n");
	free(t);
}

static void test_overflow(void)
{
	struct term *t = term_new();
	static char big[6000], rb[LDISC_BUF + 16];

	memset(big, 'a', sizeof(big));
	type_n(t, big, sizeof(big));
	CHECK_UINT("canon overflow: one byte kept for the end", t->ld.len, LDISC_BUF - 1);
	CHECK_UINT("canon overflow: only kept bytes echo", t->necho, LDISC_BUF - 1);
	t->necho = 0;
	type(t, "\x7f" "b");
	CHECK_UINT("canon overflow: erase makes room", t->ld.len, LDISC_BUF - 1);
	type(t, "\n");
	CHECK("canon overflow: the line can still be ended", ldisc_can_read(&t->ld, 100));
	size_t got = ldisc_read(&t->ld, rb, sizeof(rb));
	CHECK_UINT("canon overflow: whole line read", got, LDISC_BUF);
	CHECK("canon overflow: ends with b and newline",
	      got == LDISC_BUF && rb[got - 2] == 'b' && rb[got - 1] == '\n');
	t->necho = 0;

	type_n(t, big, sizeof(big));
	iset(t, IMAXBEL, 0);
	t->necho = 0;
	type(t, "x");
	CHECK_ECHO("canon overflow with IMAXBEL: bell", t, "\a");
	type(t, "\x15" "ok\n");
	CHECK_READ("canon overflow: kill empties it", t, 100, "ok\n");

	for (int i = 0; i < (LDISC_BUF - 1) / 3; i++)
		type(t, "ab\n");
	CHECK_UINT("canon: finished lines fill the queue", t->ld.len, LDISC_BUF - 1);
	type(t, "cd\n");
	CHECK_UINT("canon: the last byte takes only a terminator", t->ld.len, LDISC_BUF);
	type(t, "\n\x04");
	CHECK_UINT("canon: a full queue takes nothing", t->ld.len, LDISC_BUF);
	CHECK_READ("canon: full queue reads normally", t, 100, "ab\n");
	free(t);

	t = term_new();
	raw(t, 1, 0);
	type_n(t, big, sizeof(big));
	CHECK_UINT("raw overflow: queue full, rest dropped", t->ld.len, LDISC_BUF);
	CHECK_UINT("raw overflow: avail", ldisc_avail(&t->ld), LDISC_BUF);
	CHECK_UINT("raw overflow: read takes all", ldisc_read(&t->ld, rb, sizeof(rb)), LDISC_BUF);
	free(t);

	/* A long kill echoes far more than the discipline stages at once. */
	t = term_new();
	type_n(t, big, 3000);
	t->necho = 0;
	type(t, "\x15");
	CHECK_UINT("long kill: every rub out arrives", t->necho, 3 * 3000);
	free(t);
}

/* ldisc_room: what a pty master's writer may feed without losing any. */
static void test_room(void)
{
	struct term *t = term_new();
	static char big[LDISC_BUF];

	memset(big, 'a', sizeof(big));
	CHECK("room: canonical without a whole line takes anything",
	      ldisc_room(&t->ld) == SIZE_MAX);
	type(t, "ab\n");
	CHECK_UINT("room: canonical with a line: the rest but the kept byte",
		   ldisc_room(&t->ld), LDISC_BUF - 1 - 3);
	type_n(t, big, LDISC_BUF - 1 - 3);
	CHECK_UINT("room: canonical, full behind a line", ldisc_room(&t->ld), 0);
	free(t);

	t = term_new();
	raw(t, 1, 0);
	CHECK_UINT("room: raw, empty", ldisc_room(&t->ld), LDISC_BUF);
	type_n(t, big, 100);
	CHECK_UINT("room: raw, after 100 bytes", ldisc_room(&t->ld), LDISC_BUF - 100);
	type_n(t, big, LDISC_BUF);
	CHECK_UINT("room: raw, full", ldisc_room(&t->ld), 0);
	free(t);
}

static void test_raw_reads(void)
{
	struct term *t = term_new();

	raw(t, 1, 0);
	CHECK("MIN 1: empty queue waits", !ldisc_can_read(&t->ld, 100));
	type(t, "\x7f\x04\x15x");
	CHECK_ECHO("raw: no echo", t, "");
	CHECK("MIN 1: ready", ldisc_can_read(&t->ld, 100));
	CHECK_READ("raw: editing keys are data", t, 100, "\x7f\x04\x15x");
	CHECK_UINT("MIN 1: no timer", ldisc_read_timer(&t->ld, true), 0);

	raw(t, 0, 0);
	CHECK("MIN 0 TIME 0: ready when empty", ldisc_can_read(&t->ld, 100));
	CHECK_READ("MIN 0 TIME 0: reads nothing", t, 100, "");

	raw(t, 0, 5);
	CHECK("MIN 0 TIME 5: empty waits", !ldisc_can_read(&t->ld, 100));
	CHECK_UINT("MIN 0 TIME 5: timer from the start", ldisc_read_timer(&t->ld, true), 500);
	CHECK_UINT("MIN 0 TIME 5: input does not rearm", ldisc_read_timer(&t->ld, false), 0);
	type(t, "a");
	CHECK("MIN 0 TIME 5: one byte is enough", ldisc_can_read(&t->ld, 100));
	ldisc_read(&t->ld, (char[4]){0}, 4);

	raw(t, 3, 0);
	type(t, "ab");
	CHECK("MIN 3: two bytes wait", !ldisc_can_read(&t->ld, 100));
	CHECK("MIN 3: a read of 2 completes", ldisc_can_read(&t->ld, 2));
	type(t, "c");
	CHECK("MIN 3: three complete", ldisc_can_read(&t->ld, 100));
	CHECK_UINT("MIN 3 TIME 0: no timer", ldisc_read_timer(&t->ld, false), 0);
	CHECK_READ("MIN 3: short read", t, 2, "ab");
	CHECK_READ("MIN 3: rest", t, 100, "c");

	raw(t, 3, 2);
	CHECK_UINT("MIN 3 TIME 2: no timer before a byte", ldisc_read_timer(&t->ld, true), 0);
	type(t, "a");
	CHECK_UINT("MIN 3 TIME 2: byte arms the timer", ldisc_read_timer(&t->ld, false), 200);
	CHECK_UINT("MIN 3 TIME 2: read starting on bytes arms", ldisc_read_timer(&t->ld, true),
		   200);
	CHECK("MIN 3 TIME 2: still waits", !ldisc_can_read(&t->ld, 100));

	raw(t, 255, 255);
	CHECK_UINT("TIME 255: 25.5 s", ldisc_read_timer(&t->ld, false), 25500);

	lset(t, ICANON, 0);
	CHECK_UINT("canonical: never a timer", ldisc_read_timer(&t->ld, true), 0);
	free(t);

	t = term_new();
	raw(t, 1, 0);
	lset(t, ECHO, 0);
	type(t, "a\n\x01");
	CHECK_ECHO("raw + ECHO: echoes, NL raw, ECHOCTL", t, "a\n^A");
	oset(t, OPOST, 0);
	type(t, "\n");
	CHECK_ECHO("raw + ECHO + OPOST: NL mapped", t, "\r\n");
	free(t);
}

static void test_mode_switch(void)
{
	struct term *t = term_new();

	type(t, "ab\nparti");
	raw(t, 1, 0);
	CHECK_UINT("to raw: edited bytes become readable", ldisc_avail(&t->ld), 8);
	CHECK_READ("to raw: all of it", t, 100, "ab\nparti");
	free(t);

	t = term_new();
	type(t, "x\x04\x04");
	raw(t, 1, 0);
	CHECK_UINT("to raw: end-of-file marks dropped", t->ld.len, 1);
	CHECK_READ("to raw: data kept", t, 100, "x");
	type(t, "raw");
	lset(t, ICANON | ECHO, 0);
	CHECK("to canon: queued bytes readable", ldisc_can_read(&t->ld, 100));
	type(t, "\x7f\x7f\x7f\x7f");
	CHECK_READ("to canon: erase cannot touch them", t, 100, "raw");
	CHECK("to canon: then waits for a line", !ldisc_can_read(&t->ld, 100));
	type(t, "\x16");
	raw(t, 1, 0);
	lset(t, ISIG, 0);
	type(t, "\x03");
	CHECK_INT("mode switch forgets a pending ^V", t->nsig, 1);
	free(t);
}

static void test_peek(void)
{
	struct term *t = term_new();
	char b[16];
	size_t raw;

	type(t, "one\ntwo\n");
	CHECK_UINT("peek: one line", ldisc_peek(&t->ld, b, sizeof(b), &raw), 4);
	CHECK_UINT("peek: raw count", raw, 4);
	CHECK_UINT("peek: again the same", ldisc_peek(&t->ld, b, sizeof(b), &raw), 4);
	CHECK_MEM("peek: bytes", b, 4, "one\n", 4);
	ldisc_consume(&t->ld, raw);
	CHECK_READ("consume: next line", t, 100, "two\n");
	ldisc_consume(&t->ld, 1000);
	CHECK_UINT("consume: more than queued is clamped", t->ld.len, 0);
	type(t, "edit");
	ldisc_consume(&t->ld, 2);
	type(t, "\n");
	CHECK_READ("consume: never takes the edited line", t, 100, "edit\n");
	free(t);
}

static void test_output(void)
{
	struct term *t = term_new();
	char out[64];
	size_t outlen, used;

	used = ldisc_output(&t->ld, "a\nb", 3, out, sizeof(out), &outlen);
	CHECK_UINT("ONLCR: all consumed", used, 3);
	CHECK_MEM("ONLCR: NL -> CR NL", out, outlen, "a\r\nb", 4);
	CHECK_UINT("column after b", t->ld.col, 1);

	oset(t, 0, OPOST);
	ldisc_output(&t->ld, "a\nb\r", 4, out, sizeof(out), &outlen);
	CHECK_MEM("no OPOST: unchanged", out, outlen, "a\nb\r", 4);

	oset(t, OPOST | OCRNL, ONLCR);
	ldisc_output(&t->ld, "a\rb\n", 4, out, sizeof(out), &outlen);
	CHECK_MEM("OCRNL: CR -> NL; NL plain without ONLCR", out, outlen, "a\nb\n", 4);

	oset(t, ONOCR, OCRNL);
	ldisc_output(&t->ld, "\rab\r\r", 5, out, sizeof(out), &outlen);
	CHECK_MEM("ONOCR: CR only where the column is not 0", out, outlen, "\rab\r", 4);

	oset(t, ONLRET, ONOCR);
	ldisc_output(&t->ld, "abc\n", 4, out, sizeof(out), &outlen);
	CHECK_UINT("ONLRET: NL returns the carriage", t->ld.col, 0);
	oset(t, 0, ONLRET);
	ldisc_output(&t->ld, "abc\n", 4, out, sizeof(out), &outlen);
	CHECK_UINT("no ONLRET: column stays", t->ld.col, 3);
	ldisc_output(&t->ld, "\b\b\b\b\b", 5, out, sizeof(out), &outlen);
	CHECK_UINT("backspace stops at column 0", t->ld.col, 0);

	oset(t, TAB3 | ONLCR, 0);
	ldisc_output(&t->ld, "a\tb\t", 4, out, sizeof(out), &outlen);
	CHECK_MEM("TAB3: tabs become spaces", out, outlen, "a       b       ", 16);

	oset(t, 0, TABDLY);
	ldisc_output(&t->ld, "\r\t\xc3\xa9\t", 5, out, sizeof(out), &outlen);
	CHECK_UINT("tabs and UTF-8 move the column", t->ld.col, 16);

	used = ldisc_output(&t->ld, "\n\n\n\n\n", 5, out, LDISC_OUT_MIN, &outlen);
	CHECK_UINT("small room: stops before a NL that does not fit", used, 4);
	CHECK_UINT("small room: filled", outlen, 8);
	oset(t, TAB3, 0);
	used = ldisc_output(&t->ld, "\t\t", 2, out, LDISC_OUT_MIN, &outlen);
	CHECK_UINT("small room: an expanded tab that does not fit waits", used, 1);
	used = ldisc_output(&t->ld, "\t", 1, out, LDISC_OUT_MIN, &outlen);
	CHECK_UINT("small room: and fits next time", used, 1);
	CHECK_MEM("small room: eight spaces", out, outlen, "        ", 8);
	free(t);
}

/* Random bytes under random settings: the queue stays consistent, reads stay in bounds. */
static void test_random(void)
{
	struct term *t = term_new();
	uint32_t seed = 12345;
	bool ok = true;
	char rb[LDISC_BUF + 16];

	for (int round = 0; round < 20000 && ok; round++) {
		unsigned char bytes[64];
		size_t n;

		seed = seed * 1103515245u + 12345u;
		if (seed % 16 == 0) {
			struct termios tio;

			ldisc_get_termios(&t->ld, &tio);
			tio.c_iflag ^= (seed >> 8) & (ISTRIP | INLCR | IGNCR | ICRNL | IXON | IUTF8);
			tio.c_lflag ^= (seed >> 4) & (ICANON | ECHO | ECHOE | ECHOK | ECHOKE |
						      ECHOCTL | ISIG | IEXTEN | NOFLSH);
			tio.c_oflag ^= (seed >> 12) & (OPOST | ONLCR | OCRNL | ONOCR | ONLRET);
			tio.c_cc[VMIN] = (cc_t)(seed >> 20);
			tio.c_cc[VTIME] = (cc_t)(seed >> 24);
			ldisc_set_termios(&t->ld, &tio);
		}
		n = seed % sizeof(bytes);
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly control bytes and UTF-8, where the logic is. */
			bytes[i] = (seed >> 16) % 3 ? (unsigned char)((seed >> 16) % 0x20)
						    : (unsigned char)(seed >> 20);
		}
		t->necho = 0;
		ldisc_input(&t->ld, bytes, n);
		if (t->ld.len > LDISC_BUF || t->ld.commit > t->ld.len) {
			FAIL("random: queue invariants", tap_fmt("round %d: len %zu commit %zu", round,
								 t->ld.len, t->ld.commit));
			ok = false;
		}
		if (seed % 3 == 0) {
			size_t want = (seed >> 8) % 200 + 1, avail = ldisc_avail(&t->ld);
			size_t got = ldisc_read(&t->ld, rb, want);

			if (got > want || got > avail) {
				FAIL("random: read bounds", tap_fmt("round %d: got %zu want %zu avail %zu",
								    round, got, want, avail));
				ok = false;
			}
		}
	}
	if (ok)
		PASS("random: 20000 rounds keep the invariants");
	free(t);
}

int main(void)
{
	test_defaults();
	test_lines();
	test_erase();
	test_tab_erase();
	test_kill();
	test_werase();
	test_lnext();
	test_eof();
	test_eol();
	test_reprint();
	test_signals();
	test_echo_variants();
	test_stop_start();
	test_crnl();
	test_utf8();
	test_overflow();
	test_room();
	test_raw_reads();
	test_mode_switch();
	test_peek();
	test_output();
	test_random();
	return tap_done();
}
