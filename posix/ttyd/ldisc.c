/*
 * The line discipline (see ldisc.h). It follows Linux's n_tty where POSIX
 * leaves room: the order in which a received byte is looked at (ISTRIP,
 * literal next, IXON, ISIG, CR/NL mapping, then canonical editing), how
 * erasing is echoed (ECHOE, ECHOKE, tabs, ^X pairs), word erase stopping
 * at the first non-word character after a word (BSD's ALTWERASE), and
 * output mapping (do_output_char). Three departures: 0x7f and 0x08 both
 * erase in canonical mode when they mean nothing else (serial terminals
 * send either); an end-of-file mark right after the bytes a read takes is
 * taken with them (see ldisc_peek); UTF-8 continuation bytes with no lead
 * byte before them are erased one by one (Linux cannot erase them).
 */
#define _DEFAULT_SOURCE 1 /* glibc hides ECHOCTL, TAB3, ... under plain -std=c11 */

#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "ldisc.h"

#define VDISABLE 0 /* _POSIX_VDISABLE on Linux: a c_cc entry of 0 is off */
#define CTRL_KEY(c) ((c) & 0x1f)

enum kill_kind { ERASE, WERASE, KILL };

static bool iflag(const struct ldisc *ld, tcflag_t f)
{
	return (ld->tio.c_iflag & f) != 0;
}

static bool oflag(const struct ldisc *ld, tcflag_t f)
{
	return (ld->tio.c_oflag & f) != 0;
}

static bool lflag(const struct ldisc *ld, tcflag_t f)
{
	return (ld->tio.c_lflag & f) != 0;
}

static bool canonical(const struct ldisc *ld)
{
	return lflag(ld, ICANON);
}

/* Whether c is the (enabled) special character c_cc[idx]. */
static bool is_cc(const struct ldisc *ld, int idx, unsigned char c)
{
	return ld->tio.c_cc[idx] != VDISABLE && ld->tio.c_cc[idx] == c;
}

/* iscntrl() of the C locale, without depending on the locale. */
static bool is_ctrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* A UTF-8 continuation byte, when the input is UTF-8 (IUTF8). */
static bool is_cont(const struct ldisc *ld, unsigned char c)
{
	return iflag(ld, IUTF8) && (c & 0xc0) == 0x80;
}

/* Word characters for VWERASE; bytes of UTF-8 letters count (Linux's ctype
 * takes Latin-1 letters as alphanumeric, which covers UTF-8 lead bytes). */
static bool is_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c >= 0x80;
}

void ldisc_default_termios(struct termios *t)
{
	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON | IUTF8;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B115200 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	t->c_cc[VINTR] = CTRL_KEY('C');
	t->c_cc[VQUIT] = CTRL_KEY('\\');
	t->c_cc[VERASE] = 0x7f;
	t->c_cc[VKILL] = CTRL_KEY('U');
	t->c_cc[VEOF] = CTRL_KEY('D');
	t->c_cc[VTIME] = 0;
	t->c_cc[VMIN] = 1;
	t->c_cc[VSTART] = CTRL_KEY('Q');
	t->c_cc[VSTOP] = CTRL_KEY('S');
	t->c_cc[VSUSP] = CTRL_KEY('Z');
	t->c_cc[VREPRINT] = CTRL_KEY('R');
	t->c_cc[VDISCARD] = CTRL_KEY('O');
	t->c_cc[VWERASE] = CTRL_KEY('W');
	t->c_cc[VLNEXT] = CTRL_KEY('V');
	t->c_ispeed = B115200;
	t->c_ospeed = B115200;
}

void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx)
{
	memset(ld, 0, sizeof(*ld));
	ldisc_default_termios(&ld->tio);
	ld->ops = ops;
	ld->ctx = ctx;
}

void ldisc_get_termios(const struct ldisc *ld, struct termios *t)
{
	*t = ld->tio;
}

/* Leaving canonical mode: end-of-file marks go, every byte becomes readable. */
static void make_raw(struct ldisc *ld)
{
	size_t o = 0;

	for (size_t i = 0; i < ld->len; i++) {
		if (ld->mark[i] & LDISC_M_EOF)
			continue;
		ld->buf[o] = ld->buf[i];
		ld->mark[o] = 0;
		o++;
	}
	ld->len = ld->commit = o;
	ld->lnext = false;
}

void ldisc_set_termios(struct ldisc *ld, const struct termios *t)
{
	bool was = canonical(ld);

	ld->tio = *t;
	if (was && !canonical(ld))
		make_raw(ld);
	else if (!was && canonical(ld))
		ld->commit = ld->len; /* what raw mode queued is read as it is */
}

void ldisc_flush_input(struct ldisc *ld)
{
	ld->len = ld->commit = 0;
	ld->lnext = false;
}

bool ldisc_stopped(const struct ldisc *ld)
{
	return ld->stopped;
}

void ldisc_set_stopped(struct ldisc *ld, bool stopped)
{
	ld->stopped = stopped;
}

/* ---- output mapping ---- */

/*
 * Maps one byte into out (room bytes). Returns the bytes produced, or -1
 * (and changes nothing) when they do not fit.
 */
static int opost_char(struct ldisc *ld, unsigned char c, char *out, size_t room)
{
	if (room < 1)
		return -1;
	if (!oflag(ld, OPOST)) {
		out[0] = (char)c;
		return 1;
	}
	switch (c) {
	case '\n':
		if (oflag(ld, ONLCR)) {
			if (room < 2)
				return -1;
			out[0] = '\r';
			out[1] = '\n';
			ld->col = ld->canon_col = 0;
			return 2;
		}
		if (oflag(ld, ONLRET))
			ld->col = 0;
		ld->canon_col = ld->col;
		break;
	case '\r':
		if (oflag(ld, ONOCR) && ld->col == 0)
			return 0;
		if (oflag(ld, OCRNL)) {
			c = '\n';
			if (oflag(ld, ONLRET))
				ld->col = ld->canon_col = 0;
			break;
		}
		ld->col = ld->canon_col = 0;
		break;
	case '\t': {
		unsigned spaces = 8 - (ld->col & 7);

		if ((ld->tio.c_oflag & TABDLY) == TAB3) {
			if (room < spaces)
				return -1;
			memset(out, ' ', spaces);
			ld->col += spaces;
			return (int)spaces;
		}
		ld->col += spaces;
		break;
	}
	case '\b':
		if (ld->col > 0)
			ld->col--;
		break;
	default:
		if (!is_ctrl(c) && !is_cont(ld, c))
			ld->col++;
		break;
	}
	out[0] = (char)c;
	return 1;
}

size_t ldisc_output(struct ldisc *ld, const void *in, size_t n, void *out, size_t cap,
		    size_t *outlen)
{
	const unsigned char *p = in;
	char *o = out;
	size_t i, used = 0;

	for (i = 0; i < n; i++) {
		int k = opost_char(ld, p[i], o + used, cap - used);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	*outlen = used;
	return i;
}

/* ---- echo ---- */

static void flush_echo(struct ldisc *ld)
{
	if (ld->nstage && ld->ops && ld->ops->echo)
		ld->ops->echo(ld->ctx, ld->stage, ld->nstage);
	ld->nstage = 0;
}

/* Echoes one byte as it is (through output mapping). */
static void echo_raw(struct ldisc *ld, unsigned char c)
{
	int k = opost_char(ld, c, ld->stage + ld->nstage, sizeof(ld->stage) - ld->nstage);

	if (k < 0) {
		flush_echo(ld);
		k = opost_char(ld, c, ld->stage, sizeof(ld->stage));
	}
	if (k > 0)
		ld->nstage += (size_t)k;
}

static void echo_str(struct ldisc *ld, const char *s)
{
	while (*s)
		echo_raw(ld, (unsigned char)*s++);
}

/* Echoes a byte as the user should see it: ECHOCTL shows control bytes as ^X. */
static void echo_char(struct ldisc *ld, unsigned char c)
{
	if (lflag(ld, ECHOCTL) && is_ctrl(c) && c != '\t') {
		echo_raw(ld, '^');
		echo_raw(ld, c ^ 0x40);
	} else {
		echo_raw(ld, c);
	}
}

/* Echo of a byte joining the edited line; notes where the line starts on screen. */
static void echo_input(struct ldisc *ld, unsigned char c)
{
	if (!lflag(ld, ECHO))
		return;
	if (ld->len == ld->commit)
		ld->canon_col = ld->col;
	echo_char(ld, c);
}

/* ---- the input queue ---- */

/* Room for one more byte; canonical mode keeps the last one for a terminator. */
static bool has_room(const struct ldisc *ld, bool terminator)
{
	if (canonical(ld) && !terminator)
		return ld->len < LDISC_BUF - 1;
	return ld->len < LDISC_BUF;
}

static void store(struct ldisc *ld, unsigned char c, unsigned char mark)
{
	ld->buf[ld->len] = c;
	ld->mark[ld->len] = mark;
	ld->len++;
	if (!canonical(ld) || (mark & LDISC_M_EOL))
		ld->commit = ld->len;
}

/* A byte of data (not a terminator), echoed if it fits. */
static void put_char(struct ldisc *ld, unsigned char c)
{
	if (!has_room(ld, false)) {
		if (canonical(ld) && iflag(ld, IMAXBEL))
			echo_raw(ld, '\a');
		return;
	}
	if (canonical(ld))
		echo_input(ld, c);
	else if (lflag(ld, ECHO) && c == '\n')
		echo_raw(ld, c);
	else if (lflag(ld, ECHO))
		echo_char(ld, c);
	store(ld, c, 0);
}

/* Ends the edited line with c (kept as data unless it is an end-of-file mark). */
static void end_line(struct ldisc *ld, unsigned char c, unsigned char mark)
{
	if (!has_room(ld, true))
		return;
	if (c == '\n' && !(mark & LDISC_M_EOF)) {
		if (lflag(ld, ECHO) || lflag(ld, ECHONL))
			echo_raw(ld, '\n');
	} else if (!(mark & LDISC_M_EOF)) {
		echo_input(ld, c);
	}
	store(ld, c, LDISC_M_EOL | mark);
}

/* Backs the cursor over a tab just erased: its width depends on what precedes it. */
static void erase_tab(struct ldisc *ld)
{
	unsigned cols = 0;
	bool after_tab = false;

	for (size_t t = ld->len; t > ld->commit;) {
		unsigned char c = ld->buf[--t];

		if (c == '\t') {
			after_tab = true;
			break;
		}
		if (is_ctrl(c)) {
			if (lflag(ld, ECHOCTL))
				cols += 2;
		} else if (!is_cont(ld, c)) {
			cols++;
		}
	}
	if (!after_tab)
		cols += ld->canon_col;
	unsigned bs = 8 - (cols & 7);
	if (bs > ld->col)
		bs = ld->col;
	while (bs--)
		echo_raw(ld, '\b');
}

/* VERASE, VWERASE, VKILL: removes from the edited line; key is the byte typed. */
static void erase(struct ldisc *ld, unsigned char key, enum kill_kind kind)
{
	unsigned words = 0;

	if (ld->len == ld->commit)
		return;
	if (kind == KILL) {
		if (!lflag(ld, ECHO)) {
			ld->len = ld->commit;
			return;
		}
		if (!lflag(ld, ECHOK) || !lflag(ld, ECHOKE) || !lflag(ld, ECHOE)) {
			ld->len = ld->commit;
			echo_char(ld, key);
			if (lflag(ld, ECHOK))
				echo_raw(ld, '\n');
			return;
		}
	}
	while (ld->len > ld->commit) {
		size_t h = ld->len;
		unsigned char c;

		do
			c = ld->buf[--h];
		while (is_cont(ld, c) && h > ld->commit);
		if (is_cont(ld, c)) {
			h = ld->len - 1; /* no lead byte: stray bytes go one by one */
			c = ld->buf[h];
		}
		if (kind == WERASE) {
			if (is_word(c))
				words++;
			else if (words)
				break;
		}
		ld->len = h;
		if (lflag(ld, ECHO)) {
			if (kind == ERASE && !lflag(ld, ECHOE)) {
				echo_char(ld, key);
			} else if (c == '\t') {
				erase_tab(ld);
			} else {
				/* A ^X pair takes two columns; a raw control byte none. */
				if (is_ctrl(c) && lflag(ld, ECHOCTL))
					echo_str(ld, "\b \b");
				if (!is_ctrl(c) || lflag(ld, ECHOCTL))
					echo_str(ld, "\b \b");
			}
		}
		if (kind == ERASE)
			break;
	}
}

/* VREPRINT: shows the edited line again on a fresh line. */
static void reprint(struct ldisc *ld, unsigned char key)
{
	echo_char(ld, key);
	echo_raw(ld, '\n');
	ld->canon_col = ld->col;
	for (size_t i = ld->commit; i < ld->len; i++)
		echo_char(ld, ld->buf[i]);
}

/* VINTR, VQUIT, VSUSP with ISIG. */
static void raise_signal(struct ldisc *ld, unsigned char key, int sig)
{
	if (!lflag(ld, NOFLSH))
		ldisc_flush_input(ld);
	if (iflag(ld, IXON))
		ld->stopped = false;
	if (lflag(ld, ECHO))
		echo_char(ld, key);
	flush_echo(ld); /* before whatever the server shows for the signal */
	if (ld->ops && ld->ops->signal)
		ld->ops->signal(ld->ctx, sig);
}

static void canonical_byte(struct ldisc *ld, unsigned char c)
{
	if (is_cc(ld, VERASE, c)) {
		erase(ld, c, ERASE);
	} else if (is_cc(ld, VKILL, c)) {
		erase(ld, c, KILL);
	} else if (lflag(ld, IEXTEN) && is_cc(ld, VWERASE, c)) {
		erase(ld, c, WERASE);
	} else if (lflag(ld, IEXTEN) && is_cc(ld, VLNEXT, c)) {
		ld->lnext = true;
		if (lflag(ld, ECHO) && lflag(ld, ECHOCTL)) {
			if (ld->len == ld->commit)
				ld->canon_col = ld->col;
			echo_str(ld, "^\b"); /* the literal's echo overwrites it */
		}
	} else if (lflag(ld, IEXTEN) && lflag(ld, ECHO) && is_cc(ld, VREPRINT, c)) {
		reprint(ld, c);
	} else if (c == '\n') {
		end_line(ld, c, 0);
	} else if (is_cc(ld, VEOF, c)) {
		end_line(ld, c, LDISC_M_EOF);
	} else if (is_cc(ld, VEOL, c) || (lflag(ld, IEXTEN) && is_cc(ld, VEOL2, c))) {
		end_line(ld, c, 0);
	} else if (c == 0x7f || c == '\b') {
		erase(ld, c, ERASE);
	} else {
		put_char(ld, c);
	}
}

static void input_byte(struct ldisc *ld, unsigned char c)
{
	if (iflag(ld, ISTRIP))
		c &= 0x7f;
	if (ld->lnext) {
		ld->lnext = false;
		put_char(ld, c);
		return;
	}
	if (iflag(ld, IXON)) {
		bool start = is_cc(ld, VSTART, c), stop = is_cc(ld, VSTOP, c);

		if (start && stop) {
			ld->stopped = !ld->stopped;
			return;
		}
		if (start || stop) {
			ld->stopped = stop;
			return;
		}
		if (iflag(ld, IXANY))
			ld->stopped = false;
	}
	if (lflag(ld, ISIG)) {
		int sig = 0;

		if (is_cc(ld, VINTR, c))
			sig = SIGINT;
		else if (is_cc(ld, VQUIT, c))
			sig = SIGQUIT;
		else if (is_cc(ld, VSUSP, c))
			sig = SIGTSTP;
		if (sig) {
			raise_signal(ld, c, sig);
			return;
		}
	}
	if (c == '\r') {
		if (iflag(ld, IGNCR))
			return;
		if (iflag(ld, ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(ld, INLCR)) {
		c = '\r';
	}
	if (canonical(ld))
		canonical_byte(ld, c);
	else
		put_char(ld, c);
}

void ldisc_input(struct ldisc *ld, const void *bytes, size_t n)
{
	const unsigned char *p = bytes;

	for (size_t i = 0; i < n; i++)
		input_byte(ld, p[i]);
	flush_echo(ld);
}

/* ---- reading ---- */

bool ldisc_can_read(const struct ldisc *ld, size_t n)
{
	size_t vmin = ld->tio.c_cc[VMIN], need;

	if (canonical(ld))
		return ld->commit > 0;
	if (vmin == 0)
		need = ld->tio.c_cc[VTIME] ? 1 : 0;
	else
		need = vmin < n ? vmin : n;
	return ld->len >= need;
}

unsigned ldisc_read_timer(const struct ldisc *ld, bool starting)
{
	unsigned ms = ld->tio.c_cc[VTIME] * 100u;

	if (canonical(ld) || !ms)
		return 0;
	if (ld->tio.c_cc[VMIN] == 0)
		return starting ? ms : 0;
	return ld->len > 0 ? ms : 0;
}

size_t ldisc_peek(const struct ldisc *ld, void *buf, size_t n, size_t *raw)
{
	unsigned char *out = buf;
	size_t i = 0, got = 0;

	while (n && i < ld->commit) {
		/* An end-of-file mark right after the bytes taken is taken too:
		 * "abc^D" read in pieces is "abc", not "abc" then end of file. */
		if (ld->mark[i] & LDISC_M_EOF) {
			i++;
			break;
		}
		if (got == n)
			break;
		out[got++] = ld->buf[i++];
		if (ld->mark[i - 1] & LDISC_M_EOL)
			break;
	}
	*raw = i;
	return got;
}

void ldisc_consume(struct ldisc *ld, size_t raw)
{
	if (raw > ld->commit)
		raw = ld->commit;
	memmove(ld->buf, ld->buf + raw, ld->len - raw);
	memmove(ld->mark, ld->mark + raw, ld->len - raw);
	ld->len -= raw;
	ld->commit -= raw;
}

size_t ldisc_read(struct ldisc *ld, void *buf, size_t n)
{
	size_t raw, got = ldisc_peek(ld, buf, n, &raw);

	ldisc_consume(ld, raw);
	return got;
}

size_t ldisc_avail(const struct ldisc *ld)
{
	size_t n = 0;

	for (size_t i = 0; i < ld->commit; i++)
		if (!(ld->mark[i] & LDISC_M_EOF))
			n++;
	return n;
}

size_t ldisc_room(const struct ldisc *ld)
{
	size_t cap = canonical(ld) ? LDISC_BUF - 1 : LDISC_BUF;

	/* A line that fills the queue takes more (dropped, but a terminator
	 * fits): no reader could make room for it otherwise. */
	if (canonical(ld) && ld->commit == 0)
		return SIZE_MAX;
	return ld->len < cap ? cap - ld->len : 0;
}
