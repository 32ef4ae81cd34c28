/*
 * The coreutils test driver: runs Motor's commands as a user would, each
 * with arguments (and standard input where given), and checks standard
 * output, standard error and the exit status against a table. The commands
 * run in a scratch folder with fixture files; their output goes to files
 * there (not a terminal, so ls writes one name a line). TAP on stdout.
 *
 * Usage: run [BINDIR]   (default /bin)
 * Expected text: "=TEXT" exactly, "~TEXT" contains TEXT, NULL anything.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../posix/tap.h"

#define MAX_ARGS 12

struct check {
	const char *argv[MAX_ARGS];
	const char *in;     /* standard input, or NULL for none (/dev/null) */
	int status;
	const char *out, *err;
};

#define C(...) {__VA_ARGS__, NULL}
static const char *bindir = "/bin";
static char D[128];

/* Everything but these groups comes from the table; a command's name is argv[0]. */
static const struct check checks[] = {
	/* echo */
	{C("echo", "hello", "world"), NULL, 0, "=hello world\n", "="},
	{C("echo", "-n", "a"), NULL, 0, "=a", "="},
	{C("echo", "-e", "a\\tb\\x41\\0101\\n"), NULL, 0, "=a\tbAA\n\n", "="},
	{C("echo", "-e", "stop\\chere"), NULL, 0, "=stop", "="},
	{C("echo", "-x", "--", "-n"), NULL, 0, "=-x -- -n\n", "="},
	{C("echo", "--help"), NULL, 0, "~Usage: echo [-neE] [STRING]...", "="},
	/* cat */
	{C("cat", "f3"), NULL, 0, "=one\ntwo\nthree\n", "="},
	{C("cat", "-n", "f3"), NULL, 0, "=     1\tone\n     2\ttwo\n     3\tthree\n", "="},
	{C("cat", "-", "f3"), "in\n", 0, "=in\none\ntwo\nthree\n", "="},
	{C("cat"), "stdin only", 0, "=stdin only", "="},
	{C("cat", "missing", "f3"), NULL, 1, "=one\ntwo\nthree\n",
	 "=cat: missing: No such file or directory\n"},
	{C("cat", "-z"), NULL, 1, "=", "~cat: invalid option -- 'z'\n"},
	{C("cat", "--bogus"), NULL, 1, "=", "~cat: unrecognized option '--bogus'\nUsage: cat"},
	{C("cat", "--help"), NULL, 0, "~-n, --number", "="},
	/* ls */
	{C("ls", "dir"), NULL, 0, "=a\nb.txt\nsub\n", "="},
	{C("ls", "-a", "dir"), NULL, 0, "=.\n..\n.hidden\na\nb.txt\nsub\n", "="},
	{C("ls", "-A", "dir"), NULL, 0, "=.hidden\na\nb.txt\nsub\n", "="},
	{C("ls", "-d", "dir"), NULL, 0, "=dir\n", "="},
	{C("ls", "-R", "dir"), NULL, 0, "=dir:\na\nb.txt\nsub\n\ndir/sub:\nx\n", "="},
	{C("ls", "-1", "f3", "dir/sub"), NULL, 0, "=f3\n\ndir/sub:\nx\n", "="},
	{C("ls", "-F", "dir"), NULL, 0, "=a\nb.txt\nsub/\n", "="},
	{C("ls", "-l", "f3"), NULL, 0, "~-rw-r--r-- 1 root root 14 ", "="},
	{C("ls", "-l", "dir"), NULL, 0, "~total ", "="},
	{C("ls", "-l", "dir"), NULL, 0, "~drwx", "="},
	{C("ls", "-lh", "big"), NULL, 0, "~ 1.5K ", "="},
	{C("ls", "-l", "big"), NULL, 0, "~ 1536 ", "="},
	{C("ls", "-l", "old"), NULL, 0, "~ Jan  2  1970 old\n", "="},
	{C("ls", "-l", "link"), NULL, 0, "~lrwxrwxrwx 1 root root 2 ", "="},
	{C("ls", "-l", "link"), NULL, 0, "~ link -> f3\n", "="},
	{C("env", "COLUMNS=20", "/bin/ls", "-C", "cols"), NULL, 0,
	 "=a1  a3  a5  a7  a9\na2  a4  a6  a8  b10\n", "="},
	{C("ls", "missing"), NULL, 2, "=", "=ls: cannot access 'missing': No such file or directory\n"},
	{C("ls", "-z"), NULL, 2, "=", "~ls: invalid option -- 'z'\n"},
	{C("ls", "--help"), NULL, 0, "~-R, --recursive", "="},
	/* wc */
	{C("wc", "f3"), NULL, 0, "= 3  3 14 f3\n", "="},
	{C("wc", "-l", "f3"), NULL, 0, "=3 f3\n", "="},
	{C("wc", "-w"), "a b  c\nd", 0, "=4\n", "="},
	{C("wc", "-c", "f3", "f3"), NULL, 0, "=14 f3\n14 f3\n28 total\n", "="},
	{C("wc", "missing"), NULL, 1, "=", "=wc: missing: No such file or directory\n"},
	{C("wc", "-x"), NULL, 1, "=", "~wc: invalid option -- 'x'"},
	{C("wc", "--help"), NULL, 0, "~-l, --lines", "="},
	/* head and tail */
	{C("head", "-n", "2", "f3"), NULL, 0, "=one\ntwo\n", "="},
	{C("head", "-2", "f3"), NULL, 0, "=one\ntwo\n", "="},
	{C("head", "-c", "5", "f3"), NULL, 0, "=one\nt", "="},
	{C("head", "-n", "-1", "f3"), NULL, 0, "=one\ntwo\n", "="},
	{C("head", "-n", "1", "f3", "f3"), NULL, 0, "===> f3 <==\none\n\n==> f3 <==\none\n", "="},
	{C("head", "missing"), NULL, 1, "=",
	 "=head: cannot open 'missing' for reading: No such file or directory\n"},
	{C("head", "-n", "x", "f3"), NULL, 1, "=", "~head: invalid number of lines: 'x'"},
	{C("head", "--help"), NULL, 0, "~Print the first 10 lines", "="},
	{C("tail", "-n", "1", "f3"), NULL, 0, "=three\n", "="},
	{C("tail", "-c", "3", "f3"), NULL, 0, "=ee\n", "="},
	{C("tail", "-n", "+2", "f3"), NULL, 0, "=two\nthree\n", "="},
	{C("tail"), "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", 0,
	 "=3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n", "="},
	{C("tail", "missing"), NULL, 1, "=",
	 "=tail: cannot open 'missing' for reading: No such file or directory\n"},
	{C("tail", "-q", "-y"), NULL, 1, "=", "~tail: invalid option -- 'y'"},
	{C("tail", "--help"), NULL, 0, "~Print the last 10 lines", "="},
	/* grep */
	{C("grep", "two", "f3"), NULL, 0, "=two\n", "="},
	{C("grep", "-n", "t", "f3"), NULL, 0, "=2:two\n3:three\n", "="},
	{C("grep", "-v", "t", "f3"), NULL, 0, "=one\n", "="},
	{C("grep", "-c", "o", "f3"), NULL, 0, "=2\n", "="},
	{C("grep", "-i", "TWO", "f3"), NULL, 0, "=two\n", "="},
	{C("grep", "-E", "^(one|thr)", "f3"), NULL, 0, "=one\nthree\n", "="},
	{C("grep", "^t[wx]o$", "f3"), NULL, 0, "=two\n", "="},
	{C("grep", "-l", "one", "f3", "nums"), NULL, 0, "=f3\n", "="},
	{C("grep", "-q", "one", "f3"), NULL, 0, "=", "="},
	{C("grep", "zzz", "f3"), NULL, 1, "=", "="},
	{C("grep", "-r", "mark", "dir"), NULL, 0, "=dir/a:x marks\n", "="},
	{C("grep", "o", "f3", "-"), "so\n", 0, "=f3:one\nf3:two\n(standard input):so\n", "="},
	{C("grep", "x", "missing"), NULL, 2, "=", "=grep: missing: No such file or directory\n"},
	{C("grep", "-E", "("), NULL, 2, "=", "~grep: "},
	{C("grep", "-Z", "x"), NULL, 2, "=", "~grep: invalid option -- 'Z'"},
	{C("grep"), NULL, 2, "=", "~Usage: grep"},
	{C("grep", "--help"), NULL, 0, "~-E, --extended-regexp", "="},
	/* sort */
	{C("sort", "nums"), NULL, 0, "=10\n100\n9\n9\n", "="},
	{C("sort", "-n", "nums"), NULL, 0, "=9\n9\n10\n100\n", "="},
	{C("sort", "-rn", "nums"), NULL, 0, "=100\n10\n9\n9\n", "="},
	{C("sort", "-u", "nums"), NULL, 0, "=10\n100\n9\n", "="},
	{C("sort", "-k", "2", "pairs"), NULL, 0, "=c 1\nb 2\na 3\n", "="},
	{C("sort", "-t", ":", "-k", "2", "-n", "-r"), "x:5\ny:10\nz:1\n", 0, "=y:10\nx:5\nz:1\n", "="},
	{C("sort", "missing"), NULL, 2, "=", "=sort: missing: No such file or directory\n"},
	{C("sort", "-k", "0", "nums"), NULL, 2, "=", "~sort: invalid key '0'"},
	{C("sort", "--help"), NULL, 0, "~-n, --numeric-sort", "="},
	/* mkdir, rmdir, touch */
	{C("mkdir", "new"), NULL, 0, "=", "="},
	{C("mkdir", "new"), NULL, 1, "=", "=mkdir: cannot create directory 'new': File exists\n"},
	{C("mkdir", "-p", "deep/er/est", "new"), NULL, 0, "=", "="},
	{C("ls", "-R", "deep"), NULL, 0, "=deep:\ner\n\ndeep/er:\nest\n\ndeep/er/est:\n", "="},
	{C("mkdir", "-m", "700", "private"), NULL, 0, "=", "="},
	{C("ls", "-ld", "private"), NULL, 0, "~drwx------ ", "="},
	{C("mkdir", "-m", "9", "x"), NULL, 1, "=", "~mkdir: invalid mode '9'"},
	{C("mkdir", "nowhere/x"), NULL, 1, "=",
	 "=mkdir: cannot create directory 'nowhere/x': No such file or directory\n"},
	{C("mkdir"), NULL, 1, "=", "~mkdir: missing operand\n"},
	{C("rmdir", "new"), NULL, 0, "=", "="},
	{C("rmdir", "-p", "deep/er/est"), NULL, 0, "=", "="},
	{C("ls", "deep"), NULL, 2, "=", "~No such file or directory"},
	{C("rmdir", "dir"), NULL, 1, "=", "=rmdir: failed to remove 'dir': Directory not empty\n"},
	{C("rmdir", "missing"), NULL, 1, "=",
	 "=rmdir: failed to remove 'missing': No such file or directory\n"},
	{C("rmdir", "--help"), NULL, 0, "~-p, --parents", "="},
	{C("touch", "fresh"), NULL, 0, "=", "="},
	{C("ls", "fresh"), NULL, 0, "=fresh\n", "="},
	{C("touch", "-c", "never"), NULL, 0, "=", "="},
	{C("ls", "never"), NULL, 2, "=", "~No such file or directory"},
	{C("touch", "-d", "@86400", "fresh"), NULL, 0, "=", "="},
	{C("ls", "-l", "fresh"), NULL, 0, "~ 0 Jan  2  1970 fresh\n", "="},
	{C("touch", "nowhere/x"), NULL, 1, "=",
	 "=touch: cannot touch 'nowhere/x': No such file or directory\n"},
	{C("touch", "-d", "yesterday", "x"), NULL, 1, "=", "~touch: invalid date format"},
	/* ln */
	{C("ln", "-s", "f3", "sl"), NULL, 0, "=", "="},
	{C("cat", "sl"), NULL, 0, "=one\ntwo\nthree\n", "="},
	{C("ln", "-s", "f3", "sl"), NULL, 1, "=",
	 "=ln: failed to create symbolic link 'sl': File exists\n"},
	{C("ln", "-sf", "nums", "sl"), NULL, 0, "=", "="},
	{C("ls", "-l", "sl"), NULL, 0, "~ sl -> nums\n", "="},
	{C("ln", "f3", "hard"), NULL, 0, "=", "="},
	{C("ls", "-l", "f3"), NULL, 0, "~-rw-r--r-- 2 ", "="},
	{C("ln", "missing", "x"), NULL, 1, "=", "~ln: failed to access 'missing': No such file"},
	{C("ln", "-q"), NULL, 1, "=", "~ln: invalid option -- 'q'"},
	/* cp, mv, rm */
	{C("cp", "f3", "c1"), NULL, 0, "=", "="},
	{C("cat", "c1"), NULL, 0, "=one\ntwo\nthree\n", "="},
	{C("cp", "f3", "nums", "dir/sub"), NULL, 0, "=", "="},
	{C("ls", "dir/sub"), NULL, 0, "=f3\nnums\nx\n", "="},
	{C("cp", "dir", "dir2"), NULL, 1, "=", "=cp: -r not specified; omitting directory 'dir'\n"},
	{C("cp", "-r", "dir", "dir2"), NULL, 0, "=", "="},
	{C("ls", "-RA", "dir2"), NULL, 0,
	 "=dir2:\n.hidden\na\nb.txt\nsub\n\ndir2/sub:\nf3\nnums\nx\n", "="},
	{C("cp", "-p", "old", "old2"), NULL, 0, "=", "="},
	{C("ls", "-l", "old2"), NULL, 0, "~ Jan  2  1970 old2\n", "="},
	{C("cp", "missing", "x"), NULL, 1, "=",
	 "=cp: cannot stat 'missing': No such file or directory\n"},
	{C("cp", "f3"), NULL, 1, "=", "~cp: missing operand after 'f3'"},
	{C("mv", "c1", "c2"), NULL, 0, "=", "="},
	{C("cat", "c2"), NULL, 0, "=one\ntwo\nthree\n", "="},
	{C("ls", "c1"), NULL, 2, "=", "~No such file or directory"},
	{C("mv", "c2", "dir2"), NULL, 0, "=", "="},
	{C("ls", "dir2"), NULL, 0, "=a\nb.txt\nc2\nsub\n", "="},
	{C("mv", "missing", "x"), NULL, 1, "=",
	 "=mv: cannot stat 'missing': No such file or directory\n"},
	{C("mv", "--help"), NULL, 0, "~Usage: mv [OPTION]... SOURCE DEST", "="},
	{C("rm", "old2"), NULL, 0, "=", "="},
	{C("rm", "missing"), NULL, 1, "=",
	 "=rm: cannot remove 'missing': No such file or directory\n"},
	{C("rm", "-f", "missing"), NULL, 0, "=", "="},
	{C("rm", "dir2"), NULL, 1, "=", "=rm: cannot remove 'dir2': Is a directory\n"},
	{C("rm", "-r", "dir2"), NULL, 0, "=", "="},
	{C("ls", "dir2"), NULL, 2, "=", "~No such file or directory"},
	{C("rm", "-rf", "/"), NULL, 1, "=", "=rm: it is dangerous to operate recursively on '/'\n"},
	{C("rm", "-r", "dir/.."), NULL, 1, "=", "~rm: refusing to remove '.' or '..'"},
	{C("rm"), NULL, 1, "=", "~rm: missing operand"},
	/* env, sleep, date, uname, kill */
	{C("env", "-i", "A=1", "B=two"), NULL, 0, "=A=1\nB=two\n", "="},
	{C("env", "-i", "X=y", "/bin/env"), NULL, 0, "=X=y\n", "="},
	{C("env", "-u", "HOME", "env"), NULL, 0, NULL, "="},
	{C("env", "no-such-command"), NULL, 127, "=",
	 "=env: 'no-such-command': No such file or directory\n"},
	{C("env", "-Q"), NULL, 125, "=", "~env: invalid option -- 'Q'"},
	{C("sleep", "0.05"), NULL, 0, "=", "="},
	{C("sleep", "0.01", "0.01s"), NULL, 0, "=", "="},
	{C("sleep", "x"), NULL, 1, "=", "~sleep: invalid time interval 'x'"},
	{C("sleep"), NULL, 1, "=", "~sleep: missing operand"},
	{C("date", "-d", "@0"), NULL, 0, "=Thu Jan  1 00:00:00 UTC 1970\n", "="},
	{C("date", "-u", "-d", "@1000000000", "+%Y-%m-%d %H:%M:%S %Z"), NULL, 0,
	 "=2001-09-09 01:46:40 UTC\n", "="},
	{C("date", "-R", "-d", "@86400"), NULL, 0, "=Fri, 02 Jan 1970 00:00:00 +0000\n", "="},
	{C("date", "+%Y"), NULL, 0, "~20", "="},
	{C("date", "-d", "tomorrow"), NULL, 1, "=", "~date: invalid date 'tomorrow'"},
	{C("date", "--help"), NULL, 0, "~+FORMAT", "="},
	{C("uname"), NULL, 0, "=Motor\n", "="},
	{C("uname", "-m"), NULL, 0, "=x86_64\n", "="},
	{C("uname", "-s", "-m"), NULL, 0, "=Motor x86_64\n", "="},
	{C("uname", "-a"), NULL, 0, "~Motor ", "="},
	{C("uname", "-k"), NULL, 1, "=", "~uname: invalid option -- 'k'"},
	{C("kill", "-l", "9"), NULL, 0, "=KILL\n", "="},
	{C("kill", "-l", "143"), NULL, 0, "=TERM\n", "="},
	{C("kill", "-l", "SIGHUP"), NULL, 0, "=1\n", "="},
	{C("kill", "-l"), NULL, 0, "~15) SIGTERM", "="},
	{C("kill", "-0", "99999"), NULL, 1, "=", "=kill: (99999) - No such process\n"},
	{C("kill", "-BOGUS", "1"), NULL, 1, "=", "~kill: BOGUS: invalid signal specification"},
	{C("kill"), NULL, 1, "=", "~kill: no process ID given"},
	{C("kill", "--help"), NULL, 0, "~-l, --list", "="},
	/* the system's figures */
	/* ps, top */
	{C("ps"), NULL, 0, "~  PID  PPID  PGID S TTY        RSS     VSZ     TIME CMD\n", "="},
	{C("ps"), NULL, 0, "~    1     0     1 ", "="},
	{C("ps"), NULL, 0, "~procd\n", "="},
	{C("ps"), NULL, 0, "~vfsd\n", "="},
	{C("ps"), NULL, 0, "~ttyd\n", "="},
	{C("ps"), NULL, 0, "~ console ", "="},
	{C("ps"), NULL, 0, "~ R console ", "="},
	{C("ps", "-p", "1"), NULL, 0, "~\n    1     0     1 S ?  ", "="},
	{C("ps", "-f", "-p", "1"), NULL, 0, "~%CPU STIME", "="},
	{C("ps", "-p", "4000"), NULL, 1, "~CMD\n", "="},
	{C("ps", "-p", "x"), NULL, 1, "=", "~ps: invalid process id list 'x'"},
	{C("ps", "--bogus"), NULL, 1, "=", "~ps: unrecognized option '--bogus'"},
	{C("ps", "--help"), NULL, 0, "~Usage: ps [-eAf]", "="},
	{C("top", "-b", "-n", "1", "-d", "0.1"), NULL, 0, "~top - up ", "="},
	{C("top", "-b", "-n", "1", "-d", "0.1"), NULL, 0, "~KiB Mem: ", "="},
	{C("top", "-b", "-n", "2", "-d", "0.1"), NULL, 0, "~ top -b -n 2 -d 0.1\n", "="},
	{C("top", "-d", "x"), NULL, 1, "=", "~top: invalid delay 'x'"},
	{C("top", "--help"), NULL, 0, "~Keys: q quits.", "="},
	{C("free"), NULL, 0, "~total        used        free", "="},
	{C("free", "-m"), NULL, 0, "~\nMem: ", "="},
	{C("free", "-h"), NULL, 0, "~\nSwap:            0B          0B          0B\n", "="},
	{C("free", "-x"), NULL, 1, "=", "~free: invalid option -- 'x'"},
	{C("df"), NULL, 0, "~Filesystem      1K-blocks       Used  Available Use% Mounted on\n", "="},
	{C("df"), NULL, 0, "~ /tmp\n", "="},
	{C("df", "-h", "f3"), NULL, 0, "~ /tmp\n", "="},
	{C("df", "missing"), NULL, 1, NULL, "=df: missing: No such file or directory\n"},
	{C("df", "--bogus"), NULL, 1, "=", "~df: unrecognized option '--bogus'"},
	{C("mount"), NULL, 0, "~ on / type ", "="},
	{C("mount", "-t", "tmpfs"), NULL, 0, "~ on /tmp type tmpfs (rw)\n", "="},
	{C("mount", "/dev/vda", "/mnt"), NULL, 1, "=", "~mount: mounting is not supported yet"},
	{C("mount", "--help"), NULL, 0, "~-t, --types=TYPE", "="},
	{C("dmesg"), NULL, 0, "~motor: ready in ", "="},
	{C("dmesg", "extra"), NULL, 1, "=", "~dmesg: extra operand 'extra'"},
	{C("ss"), NULL, 0,
	 "=Netid  State      Recv-Q Send-Q Local Address:Port             Peer Address:Port             \n",
	 "="},
	{C("ss", "-tlna"), NULL, 0, "~Local Address:Port", "="},
	{C("ss", "--help"), NULL, 0, "~no networking yet", "="},
	{C("ss", "-Z"), NULL, 1, "=", "~ss: invalid option -- 'Z'"},
	{C("sync"), NULL, 0, "=", "="},
	{C("sync", "f3"), NULL, 0, "=", "="},
	{C("sync", "missing"), NULL, 1, "=", "=sync: missing: No such file or directory\n"},
	{C("poweroff", "--help"), NULL, 0, "~Power the machine off", "="},
	{C("poweroff", "-x"), NULL, 1, "=", "~poweroff: invalid option -- 'x'"},
	{C("reboot", "extra"), NULL, 1, "=", "~reboot: extra operand 'extra'"},
	{C("pwd", "extra"), NULL, 1, "=", "~pwd: extra operand 'extra'"},
	{C("pwd", "--help"), NULL, 0, "~Print the full name of the working directory", "="},
	/* the multi-call program: BINDIR/NAME are links to BINDIR/coreutils,
	 * which runs the command its argv[0] names */
	{C("coreutils", "ls", "dir"), NULL, 0, "=a\nb.txt\nsub\n", "="},
	{C("coreutils", "cat", "missing"), NULL, 1, "=", "=cat: missing: No such file or directory\n"},
	{C("coreutils", "/bin/echo", "a", "b"), NULL, 0, "=a b\n", "="},
	{C("coreutils", "--list"), NULL, 0, "~\nls\n", "="},
	{C("coreutils", "--list"), NULL, 0, "~\npoweroff\nps\npwd\nreboot\n", "="},
	{C("coreutils", "--help"), NULL, 0, "~Usage: coreutils COMMAND [ARGUMENT]...\n", "="},
	{C("coreutils", "nosuch", "x"), NULL, 127, "=",
	 "=coreutils: no command 'nosuch' (coreutils --list lists them)\n"},
	{C("coreutils"), NULL, 2, "=", "~coreutils: missing command\nUsage: coreutils "},
	{C("coreutils", "--bogus"), NULL, 2, "=", "~coreutils: unrecognized option '--bogus'\n"},
};

/* Checks that run a file of BINDIR under another name (argv[0]). */
static const struct {
	const char *file;
	struct check c;
} renamed[] = {
	{"coreutils", {C("/usr/local/bin/uname"), NULL, 0, "=Motor\n", "="}},
	{"coreutils", {C("-echo", "login"), NULL, 0, "=login\n", "="}},
	{"coreutils", {C("-uname", "-q"), NULL, 1, "=", "~uname: invalid option -- 'q'\n"}},
	{"ls", {C("wc", "-l"), "1\n2\n", 0, "=2\n", "="}}, /* argv[0] decides, not the link */
	{"coreutils", {C("coreutils-copy"), NULL, 127, "=", "~coreutils: no command 'coreutils-copy' "}},
};

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		bail_out("cannot write %s: %s", path, strerror(errno));
}

/* The fixture, in a fresh scratch folder that becomes the working directory. */
static void setup(void)
{
	snprintf(D, sizeof(D), "/tmp/coreutils.%d", (int)getpid());
	if (mkdir(D, 0755) != 0 || chdir(D) != 0)
		bail_out("cannot make %s: %s", D, strerror(errno));
	put("f3", "one\ntwo\nthree\n");
	put("nums", "10\n9\n100\n9\n");
	put("pairs", "a 3\nb 2\nc 1\n");
	char big[1537];
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;
	put("big", big);
	put("old", "old\n");
	struct timespec t[2] = {{86400, 0}, {86400, 0}};
	if (mkdir("dir", 0755) || mkdir("dir/sub", 0755) || mkdir("cols", 0755) ||
	    symlink("f3", "link") || utimensat(AT_FDCWD, "old", t, 0))
		bail_out("cannot make the fixture: %s", strerror(errno));
	put("dir/a", "x marks\n");
	put("dir/b.txt", "nothing here\n");
	put("dir/.hidden", "\n");
	put("dir/sub/x", "nothing\n");
	const char *cols[] = {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "b10"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
		char p[32];
		snprintf(p, sizeof(p), "cols/%s", cols[i]);
		put(p, "");
	}
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return strdup("(unreadable)");
	static char buf[65536];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return strdup(buf);
}

static int text_ok(const char *got, const char *want)
{
	if (!want)
		return 1;
	return want[0] == '=' ? !strcmp(got, want + 1) : strstr(got, want + 1) != NULL;
}

/* Runs c (BINDIR/file, or BINDIR/argv[0] for NULL) with stdout and stderr
 * to files; -> the wait status, or -1. */
static int run_file(const struct check *c, const char *file, char **out, char **err)
{
	put(".in", c->in ? c->in : "");
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		char path[256];
		snprintf(path, sizeof(path), "%s/%s", bindir, file ? file : c->argv[0]);
		int in = open(".in", O_RDONLY);
		int o = open(".out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int e = open(".err", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || o < 0 || e < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
			_exit(99);
		execv(path, (char *const *)c->argv);
		_exit(98);
	}
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	*out = slurp(".out");
	*err = slurp(".err");
	return st;
}

static int run(const struct check *c, char **out, char **err)
{
	return run_file(c, NULL, out, err);
}

static void describe(const struct check *c, char *buf, size_t cap)
{
	size_t n = 0;
	for (int i = 0; c->argv[i] && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? " " : "", c->argv[i]);
}

/* One check of the tables: c run as BINDIR/file (NULL: argv[0]). */
static void check(const struct check *c, const char *file)
{
	char what[256];
	describe(c, what, sizeof(what));
	if (file)
		snprintf(what + strlen(what), sizeof(what) - strlen(what), " (as %s/%s)", bindir, file);
	char *out = NULL, *err = NULL;
	int st = run_file(c, file, &out, &err);
	int status = st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	int good = status == c->status && text_ok(out, c->out) && text_ok(err, c->err);
	ok(good, "%s", what);
	if (!good) {
		diag("  exit status %d (want %d), wait status 0x%x", status, c->status, st);
		diag("  stdout: %s (want %s)", out ? tap_quote_(out, strlen(out)) : "-",
		     c->out ? c->out : "anything");
		diag("  stderr: %s (want %s)", err ? tap_quote_(err, strlen(err)) : "-",
		     c->err ? c->err : "anything");
	}
	free(out);
	free(err);
}

/* The name of the file BINDIR/name links to, or "" if it is not a link. */
static const char *link_target(const char *name, char *buf, size_t cap)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", bindir, name);
	ssize_t n = readlink(path, buf, cap - 1);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

/* coreutils --list names the commands, sorted; each is BINDIR/NAME, a link
 * to coreutils, and every link to coreutils there is one of them. */
static void check_links(void)
{
	struct check list = {{"coreutils", "--list", NULL}, NULL, 0, NULL, "="};
	char *out = NULL, *err = NULL, target[64], prev[64] = "";
	int st = run(&list, &out, &err);
	ok(st == 0 && out, "coreutils --list runs (wait status 0x%x)", st);
	int listed = 0, bad = 0;
	for (char *name = out ? strtok(out, "\n") : NULL; name; name = strtok(NULL, "\n")) {
		if (strcmp(link_target(name, target, sizeof(target)), "coreutils") ||
		    strcmp(prev, name) >= 0) {
			diag("  %s: a link to '%s', after '%s'", name, target, prev);
			bad++;
		}
		snprintf(prev, sizeof(prev), "%s", name);
		listed++;
	}
	ok(listed >= 30 && !bad, "%d commands listed, in order, each %s/NAME a link to coreutils",
	   listed, bindir);
	int links = 0;
	DIR *d = opendir(bindir);
	for (struct dirent *e; d && (e = readdir(d));)
		links += !strcmp(link_target(e->d_name, target, sizeof(target)), "coreutils");
	if (d)
		closedir(d);
	ok(links == listed, "%s has a link to coreutils for each command and no other (%d links)",
	   bindir, links);
	free(out);
	free(err);
}

/* A running command goes by its own name, not the program's: procd's name
 * of the process (/proc/PID/stat's second field) and ps's command line. */
static void check_named(pid_t pid)
{
	char path[64], stat[256] = "";
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	/* Until procd hears of the child's exec (which may come after the new
	 * program has started) it is a copy of this program. */
	for (int i = 0; i < 500 && (!*stat || strstr(stat, "(run)")); i++) {
		char *text = slurp(path);
		snprintf(stat, sizeof(stat), "%s", text);
		free(text);
		usleep(20000);
	}
	ok(strstr(stat, " (sleep) ") != NULL, "/proc/PID/stat names sleep (got %s)", stat);
	char pids[16];
	snprintf(pids, sizeof(pids), "%d", (int)pid);
	struct check ps = {{"ps", "-p", pids, NULL}, NULL, 0, "~ sleep 20\n", "="};
	char *out = NULL, *err = NULL;
	int st = run(&ps, &out, &err);
	ok(st == 0 && text_ok(out, ps.out), "ps -p PID shows 'sleep 20' (got %s)", out ? out : "-");
	free(out);
	free(err);
}

/* kill ends a running process: SIGTERM, its default action. */
static void check_kill_ends_a_process(void)
{
	pid_t child = fork();
	if (child == 0) {
		char path[256];
		snprintf(path, sizeof(path), "%s/sleep", bindir);
		execl(path, "sleep", "20", (char *)NULL);
		_exit(98);
	}
	check_named(child);
	char pid[16];
	snprintf(pid, sizeof(pid), "%d", (int)child);
	struct check c = {{"kill", pid, NULL}, NULL, 0, "=", "="};
	char *out = NULL, *err = NULL;
	int st = run(&c, &out, &err);
	ok(st == 0, "kill PID: exit status 0 (got 0x%x, stderr %s)", st, err ? err : "");
	int cst = 0;
	pid_t got = waitpid(child, &cst, 0);
	ok(got == child && WIFSIGNALED(cst) && WTERMSIG(cst) == SIGTERM,
	   "kill PID: the sleeping process ended by SIGTERM (wait status 0x%x)", cst);
	free(out);
	free(err);
}

int main(int argc, char **argv)
{
	if (argc > 1)
		bindir = argv[1];
	setup();
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++)
		check(&checks[i], NULL);
	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		check(&renamed[i].c, renamed[i].file);
	/* pwd prints the scratch folder, which only the driver knows. */
	char want[160];
	snprintf(want, sizeof(want), "=%s\n", D);
	struct check pwd = {{"pwd", NULL}, NULL, 0, want, "="};
	char *out = NULL, *err = NULL;
	int st = run(&pwd, &out, &err);
	ok(st == 0 && text_ok(out, want), "pwd prints the working directory (got %s)",
	   out ? out : "-");
	free(out);
	free(err);
	check_links();
	check_kill_ends_a_process();
	return done_testing();
}
