/*
 * Kernel command line parser (kernel/boot/cmdline.c).
 *
 * The command line is a list of words separated by spaces or tabs. A word is
 * `name` or `name=value`; a value may be double-quoted to hold spaces
 * (`name="a b"`). Options are described by a table; the parser fills each
 * option's destination and fails with a one-line message on the first bad word:
 * an unknown name, a missing or malformed value, a value out of range or not
 * among the choices, an option given twice, an unterminated quote.
 * Nothing is written to any destination unless the whole line parses.
 *
 * Details: newlines and carriage returns also separate words. A quote may
 * only enclose a whole value (`name="..."`, no escapes, must be followed by a
 * separator or the end); a quote anywhere else is an error. `name=` gives an
 * empty value: fine for CMDLINE_STRING, an error for the other types. Numbers
 * have no sign; leading zeros are decimal, not octal; a number that does not
 * fit in 64 bits is reported as out of range. A flag given a value is an
 * error. An option whose dest is NULL is checked but not stored.
 */
#ifndef BOOT_CMDLINE_H
#define BOOT_CMDLINE_H

#include <stddef.h>
#include <stdint.h>

enum cmdline_type {
	CMDLINE_FLAG,	/* `name` alone; dest is a bool, set true */
	CMDLINE_UINT,	/* `name=N`, decimal or 0x hex, within [min, max]; dest is uint64_t */
	CMDLINE_CHOICE, /* `name=word`, word in choices; dest is int, set to the word's index */
	CMDLINE_STRING, /* `name=text`; dest is char[dest_size], text must fit with its NUL */
};

struct cmdline_option {
	const char *name;
	enum cmdline_type type;
	void *dest;
	const char *const *choices; /* CMDLINE_CHOICE: NULL-terminated list */
	uint64_t min, max;          /* CMDLINE_UINT */
	size_t dest_size;           /* CMDLINE_STRING */
	const char *help;           /* one line, for the usage message */
};

/*
 * Parses `line` against `opts`. Returns 0, or -EINVAL with a message such as
 * "unknown option 'foo' (known: a, b)" or "option 'cpus': '99' is out of
 * range 1..8" in err. A NULL or empty line is valid and sets nothing.
 * err may be NULL; the message is cut to errlen with its NUL, and is the
 * empty string after a successful parse.
 */
int cmdline_parse(const char *line, const struct cmdline_option *opts, size_t nopts,
		  char *err, size_t errlen);

#endif
