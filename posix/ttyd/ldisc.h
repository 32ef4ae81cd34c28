/*
 * The line discipline: what a terminal does to the bytes between the
 * device and its readers and writers, driven by a struct termios. Pure
 * logic (no system calls), so the host unit tests drive it directly.
 *
 * Input: ldisc_input() takes bytes from the device (a keyboard, a serial
 * line), maps them (ISTRIP, INLCR, IGNCR, ICRNL), edits lines in canonical
 * mode (erase, kill, word erase, literal next, reprint, EOF), raises
 * signals (ISIG) and echoes. Readers take bytes with ldisc_read(): in
 * canonical mode at most one line per read, in non-canonical mode what is
 * there; the server decides when a read may complete with ldisc_can_read()
 * and ldisc_read_timer() (VMIN/VTIME), since only it has clocks.
 *
 * Output: ldisc_output() maps what writers send (OPOST: ONLCR, OCRNL,
 * ONOCR, ONLRET, tab expansion) and keeps the cursor column; echo goes
 * through the same mapping and leaves through the ops->echo callback.
 *
 * The input queue holds LDISC_BUF bytes. In canonical mode one byte of it
 * is kept for a line terminator, so a full line can always still be ended;
 * other bytes beyond the limit are dropped (with a bell if IMAXBEL).
 */
#ifndef TTYD_LDISC_H
#define TTYD_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

#define LDISC_BUF 4096
/* ldisc_output needs this much room to make progress (an expanded tab). */
#define LDISC_OUT_MIN 8

struct ldisc_ops {
	/* Bytes to show on the device (echo), already through output mapping. */
	void (*echo)(void *ctx, const char *bytes, size_t n);
	/* ISIG: a signal character arrived; sig is SIGINT, SIGQUIT or SIGTSTP. */
	void (*signal)(void *ctx, int sig);
};

struct ldisc {
	struct termios tio;
	const struct ldisc_ops *ops;
	void *ctx;

	/* The input queue: [0, commit) can be read (whole lines in canonical
	 * mode), [commit, len) is the line being edited. */
	unsigned char buf[LDISC_BUF];
	unsigned char mark[LDISC_BUF]; /* LDISC_M_* per byte */
	size_t len;
	size_t commit;

	unsigned col;       /* output cursor column */
	unsigned canon_col; /* column where the line being edited starts */
	bool lnext;         /* VLNEXT seen: the next byte is literal */
	bool stopped;       /* IXON: output stopped by VSTOP */

	char stage[256]; /* echo gathered before ops->echo */
	size_t nstage;
};

/* The usual Linux console defaults (stty sane, 115200 baud) plus IUTF8. */
void ldisc_default_termios(struct termios *t);

/* Empty queue, default termios; ops may be NULL (no echo, no signals). */
void ldisc_init(struct ldisc *ld, const struct ldisc_ops *ops, void *ctx);

void ldisc_get_termios(const struct ldisc *ld, struct termios *t);
/*
 * New settings. Leaving canonical mode makes the line being edited
 * readable; entering it makes what is queued one readable line.
 */
void ldisc_set_termios(struct ldisc *ld, const struct termios *t);

/* Processes n bytes received from the device. */
void ldisc_input(struct ldisc *ld, const void *bytes, size_t n);

/* Drops all queued input (TCIFLUSH, signals without NOFLSH). */
void ldisc_flush_input(struct ldisc *ld);

/*
 * Whether a read of up to n (> 0) bytes can complete now: canonical mode
 * needs a whole line (or an end-of-file mark); non-canonical mode needs
 * min(VMIN, n) bytes, or one byte when VMIN is 0 and VTIME is not, and
 * nothing when both are 0. A read that was waiting also completes when its
 * VTIME timer runs out, with whatever is there (maybe nothing).
 */
bool ldisc_can_read(const struct ldisc *ld, size_t n);

/*
 * The VTIME timer of a waiting non-canonical read, in milliseconds, to
 * (re)arm now, or 0 to leave the timer as it is (or unarmed). starting:
 * the read has just begun to wait; otherwise input just arrived. With
 * VMIN 0 the timer runs from the start of the read; with VMIN > 0 it runs
 * from the last byte received (and only once one has arrived).
 */
unsigned ldisc_read_timer(const struct ldisc *ld, bool starting);

/*
 * Copies up to n bytes of the next read into buf without taking them, and
 * sets *raw to how much ldisc_consume must take afterwards (end-of-file
 * marks count there, not in the result). So a server drops input only
 * once its reply has reached the reader. Canonical mode stops after one
 * line. n must be > 0. Returns the bytes copied; 0 with *raw > 0 is end
 * of file.
 */
size_t ldisc_peek(const struct ldisc *ld, void *buf, size_t n, size_t *raw);
void ldisc_consume(struct ldisc *ld, size_t raw);
/* ldisc_peek then ldisc_consume. */
size_t ldisc_read(struct ldisc *ld, void *buf, size_t n);

/*
 * How many more bytes ldisc_input can take now without dropping any (a
 * pty master's writer waits for room). SIZE_MAX in canonical mode while no
 * whole line is queued: a reader needs that line's end, so input must go on.
 */
size_t ldisc_room(const struct ldisc *ld);

/* Bytes a read could return now, summed over lines (FIONREAD). */
size_t ldisc_avail(const struct ldisc *ld);

/*
 * Maps n bytes for the device into out (cap >= LDISC_OUT_MIN bytes); stops
 * when the next byte's mapping does not fit. Returns the input consumed;
 * *outlen gets the bytes produced.
 */
size_t ldisc_output(struct ldisc *ld, const void *in, size_t n, void *out, size_t cap,
		    size_t *outlen);

/* IXON state: output stopped by VSTOP (or tcflow), restarted by VSTART. */
bool ldisc_stopped(const struct ldisc *ld);
void ldisc_set_stopped(struct ldisc *ld, bool stopped);

/* Byte flags of the input queue. */
#define LDISC_M_EOL 1 /* ends a line */
#define LDISC_M_EOF 2 /* an end-of-file mark (VEOF): not data */

#endif
