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
 * "unknown option 'foo'" or "option 'cpus': 99 is out of range 1..8" in err.
 * A NULL or empty line is valid and sets nothing.
 */
int cmdline_parse(const char *line, const struct cmdline_option *opts, size_t nopts,
		  char *err, size_t errlen);

#endif
