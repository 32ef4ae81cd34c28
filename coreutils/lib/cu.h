/*
 * What Motor's commands share: the program name, error messages in the
 * usual "cmd: file: reason" shape, option parsing with --help, reading
 * input files, and pure formatting helpers (format.c: human sizes, mode
 * strings, UTC dates) that the host unit tests check too; and each
 * command's entry, FILE_main (commands.def).
 */
#ifndef COREUTILS_CU_H
#define COREUTILS_CU_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* --- cu.c: messages and options --- */

/* The command's name for messages (argv[0], as GNU's commands use it). */
extern const char *cu_name;
/* The help text (to stdout on --help) and the status for bad usage. */
struct cu_command {
	const char *usage; /* "Usage: %s [OPTION]... FILE..." lines, %s the name */
	const char *help;  /* what follows: the options, one a line */
	int bad_status;    /* 1, or 2 for ls and grep as GNU's */
};

/* Sets cu_name from argv[0]. */
void cu_init(char **argv);
/* "name: " then the message, to stderr. -> 1 (for `return cu_err(...)`). */
int cu_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "name: what: strerror(errno)". -> 1. */
int cu_errno(const char *what);
/* Usage and "Try 'name --help'" on stderr, then exits with cmd's bad status. */
__attribute__((noreturn)) void cu_bad_usage(const struct cu_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The help text to stdout; exits 0. */
__attribute__((noreturn)) void cu_help(const struct cu_command *cmd);

#define CU_OPT_HELP 0x1000 /* getopt_long's value for --help */
#define CU_HELP_OPTION {"help", no_argument, NULL, CU_OPT_HELP}

/*
 * getopt_long as GNU's commands parse (options after operands too, "--",
 * "-" an operand, unique prefixes of long options; '+' first in opts: the
 * options end at the first operand), with the commands' conventions:
 * --help prints the help and exits 0; an unknown option or a missing
 * argument prints GNU's message and exits with cmd->bad_status. longs may
 * be NULL (then --help alone), else it must hold CU_HELP_OPTION. Sets
 * optarg and optind as getopt does. -> the option, or -1 after the last.
 * (Written here: newlib's getopt takes "-" for an option.)
 */
int cu_getopt(int argc, char **argv, const char *opts, const struct option *longs,
	      const struct cu_command *cmd);
/* argv[optind...] left: at least min of them, else a bad usage "missing operand". */
void cu_need_operands(int argc, char **argv, int min, const struct cu_command *cmd);

/* A decimal number in [min, max], the whole string: 0, else -1 (no message). */
int cu_parse_long(const char *s, long long min, long long max, long long *out);
/* Reads all of fd into malloc'd memory, with a NUL after it. -> the length,
 * or -1 with errno. */
long long cu_slurp(int fd, char **out);
/* Writes all of buf to fd, retrying short writes. -> 0 or -1 with errno. */
int cu_write_all(int fd, const void *buf, size_t len);

/* --- input.c: reading files (cat, wc, head, tail) --- */

/* read(2), again after EINTR. */
ssize_t cu_read(int fd, void *buf, size_t cap);
/* Reads fd to its end, calling fn(buf, n, ctx) on each chunk read; a read
 * error is reported as "NAME: reason". -> 0, 1 after a read error, or what
 * fn returned when not 0 (which ends the reading). */
int cu_each_chunk(int fd, const char *name, int (*fn)(const char *buf, size_t n, void *ctx),
		  void *ctx);
#define CU_IN_HEADERS 1     /* "==> NAME <==" before each (head's and tail's) */
#define CU_IN_FOR_READING 2 /* open errors as head's and tail's: "cannot open 'FILE'
			     * for reading: reason"; without: "FILE: reason" */
/* Runs fn(fd, file) on each FILE operand (argv[optind...]) in turn: '-' is
 * standard input, and so is no operand at all (then file is NULL). A FILE
 * that cannot be opened is reported and skipped. -> 0, or 1 if an open or
 * any fn failed. */
int cu_each_input(int argc, char **argv, int flags, int (*fn)(int fd, const char *file));
/* What messages and headers call a FILE: "standard input" for NULL or "-". */
const char *cu_input_name(const char *file);

/* --- count.c: head's and tail's options --- */

/* What -n N or -c N asked (the last of them). */
struct cu_count {
	bool bytes;  /* -c; else lines */
	char sign;   /* '-' or '+' written before N, else 0 */
	long long n; /* 10 unless given */
	int headers; /* set at the end: "==> FILE <==" headers wanted */
};
/* The long options cu_count_getopt handles, first in its longs. */
#define CU_COUNT_LONGS                                 \
	{"bytes", required_argument, NULL, 'c'},       \
	{"lines", required_argument, NULL, 'n'},       \
	{"quiet", no_argument, NULL, 'q'},             \
	{"silent", no_argument, NULL, 'q'},            \
	{"verbose", no_argument, NULL, 'v'}
/*
 * cu_getopt for head and tail (opts must hold "c:n:qv", longs start with
 * CU_COUNT_LONGS): takes the old form "-N" (N lines, the first argument;
 * taken out of argv, hence the pointers), -c N, -n N, -q and -v itself, and
 * returns the caller's other options. A bad N is a bad usage ("invalid
 * number of lines: 'N'"). When it returns -1, count->headers is set: -v,
 * not -q, or else more than one FILE.
 */
int cu_count_getopt(int *argc, char ***argv, const char *opts, const struct option *longs,
		    const struct cu_command *cmd, struct cu_count *count);

/* --- tree.c: paths and whole trees (cp, mv, rm) --- */

/* out = dir "/" the last component of path (trailing slashes dropped).
 * -> 0, or -1 when it does not fit. */
int cu_join_base(char *out, size_t cap, const char *dir, const char *path);
/* How cu_copy copies. */
struct cu_copy_opts {
	int recursive;    /* directories too (symbolic links are copied as links) */
	int preserve;     /* mode, owner and times */
	int force;        /* remove a destination that cannot be opened, and retry */
	int verbose;
};
/* cp's and mv's operands: SOURCE DEST (DEST not a directory) runs
 * fn(SOURCE, DEST); SOURCE... DIRECTORY runs fn(SOURCE, DIRECTORY/name) for
 * each. -> 0, or 1 if anything failed. */
int cu_each_to_target(int argc, char **argv, int (*fn)(const char *src, const char *dst));
/* Copies src to dst (dst is the new name, not a directory to go into);
 * reports errors itself. -> 0 or 1. */
int cu_copy(const char *src, const char *dst, const struct cu_copy_opts *o);
/* Removes path, and with recursive whatever is under it; force: a missing path is
 * fine. Reports errors itself. -> 0 or 1. */
int cu_remove(const char *path, int recursive, int force, int verbose);

/* --- mounts.c (Motor only) --- */

struct cu_mount {
	const char *source, *dir, *type, *options;
};
/* The mounts, in mount order, in *out (malloc'd; the strings stay valid until
 * the next call). -> how many, or -1 with errno. */
int cu_mounts(struct cu_mount **out);

/* --- signames.c --- */

#define CU_NSIG 32 /* named signals are 1..31 */
/* "HUP" for 1 ...; NULL for a number without a name. */
const char *cu_signal_name(int sig);
/* The number of "TERM", "SIGTERM", "term" or "15" (0..64); -1 if unknown. */
int cu_signal_number(const char *s);

/* --- format.c: pure helpers --- */

/* Size as ls -h / df -h / free -h print it: 1023, 1.0K, 9.9K, 10K, 1.5M (powers
 * of 1024, rounded up as GNU does). -> buf. cap >= 8. */
char *cu_human(uint64_t n, char *buf, size_t cap);
/* "drwxr-xr-x" (10 chars and a NUL) from st_mode, with s/S, t/T. */
void cu_mode_string(mode_t mode, char out[11]);
/* strftime in UTC, %Z printing "UTC" and %z "+0000" (Motor keeps no time
 * zone). -> the length, 0 when it did not fit. */
size_t cu_strftime_utc(char *buf, size_t cap, const char *fmt, time_t t);
/* Seconds from a "1.5", "2m", "0.25h", "1d" style duration; -1 when bad. */
double cu_parse_duration(const char *s);

/* --- the commands: FILE_main for each line of commands.def --- */

#define CU_COMMAND(name, file) int file##_main(int argc, char **argv);
#include "../commands.def"
#undef CU_COMMAND

#endif
