/*
 * coreutils: all of Motor's commands in one program, which runs the one
 * named by argv[0]: its last component, a login shell's leading '-'
 * dropped (`ls`, `/bin/ls` and `-ls` run ls). The initrd's /bin/NAME are
 * links to /bin/coreutils. Run as itself: `coreutils NAME [ARG]...` runs
 * NAME, `--list` prints the names one a line, `--help` the usage.
 *
 * Exit status: the command's; 127 for a name that is not a command (as a
 * shell's "command not found"); 2 for a bad use of coreutils itself.
 *
 * Each run is a fresh process and runs one command, so the command starts
 * as its own program would: argv[0] its name (cu_init takes it from
 * there), getopt's optind 1, stdio untouched; exit() then flushes stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cu.h"

struct command {
	const char *name;
	int (*main)(int argc, char **argv);
};

static const struct command commands[] = {
#define CU_COMMAND(name, file) {#name, file##_main},
#include "commands.def"
#undef CU_COMMAND
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* The command argv[0] names: its last component. A leading '-' (a login
 * shell's) goes from argv[0] too: the command sees its plain name, and
 * power.c decides by it. */
static const char *command_name(char **argv)
{
	char *slash = strrchr(argv[0], '/');
	char *name = slash ? slash + 1 : argv[0];
	if (name[0] == '-')
		argv[0] = ++name;
	return name;
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

static void usage(FILE *f)
{
	fputs("Usage: coreutils COMMAND [ARGUMENT]...\n"
	      "  or:  COMMAND [ARGUMENT]...   (run through a link named COMMAND)\n"
	      "Runs one of Motor's commands; /bin/COMMAND is a link to this program.\n\n"
	      "      --list   print the commands, one a line\n"
	      "      --help   display this help and exit\n",
	      f);
}

/* coreutils run as itself, with its own arguments. -> an exit status, or
 * -1 when argv[1] names the command to run. */
static int as_itself(int argc, char **argv)
{
	if (argc < 2) {
		fputs("coreutils: missing command\n", stderr);
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < NCOMMANDS; i++)
			puts(commands[i].name);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (!strcmp(argv[1], "--help")) {
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argv[1][0] == '-' && argv[1][1]) {
		fprintf(stderr, "coreutils: unrecognized option '%s'\n", argv[1]);
		usage(stderr);
		return 2;
	}
	return -1;
}

int main(int argc, char **argv)
{
	static char *none[] = {"coreutils", NULL};
	if (argc < 1 || !argv[0]) { /* spawned with no argv[0] at all */
		argc = 1;
		argv = none;
	}
	const char *name = command_name(argv);
	if (!strcmp(name, "coreutils")) {
		int status = as_itself(argc, argv);
		if (status >= 0)
			return status;
		argc--;
		argv++;
		name = command_name(argv);
	}
	const struct command *c = find(name);
	if (!c) {
		fprintf(stderr, "coreutils: no command '%s' (coreutils --list lists them)\n", name);
		return 127;
	}
	setprogname(name);
	exit(c->main(argc, argv));
}
