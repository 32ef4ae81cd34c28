/*
 * stdio.c — stdio streams on files in /tmp: fopen modes, fgets/fputs,
 * fread/fwrite, fseek/ftell/rewind, ungetc, feof/ferror/clearerr, buffering
 * modes (observed through a second descriptor on the same file), fprintf and
 * fscanf, getline/getdelim, tmpfile, fdopen/fileno, freopen, fmemopen and
 * open_memstream.
 *
 * Scratch files live in /tmp/stdio.<pid>/ and are removed at the end.
 * TAP on stdout; exit status 0 only if every check passed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "scratch.h"
#include "tap.h"

/* What another descriptor sees of the file right now (NUL-terminated). */
static ssize_t peek(int fd, char *buf, size_t cap)
{
	ssize_t n = pread(fd, buf, cap - 1, 0);

	buf[n < 0 ? 0 : n] = '\0';
	return n;
}

static void test_lines(void)
{
	char buf[64];
	FILE *f = fopen(P("lines"), "w");

	ok(f != NULL, "fopen w");
	ok(fputs("line one\n", f) >= 0, "fputs");
	ok(fputs("line two\n", f) >= 0, "fputs again");
	is_int(fputc('l', f), 'l', "fputc returns the character");
	ok(fputs("ast", f) >= 0, "fputs without a newline");
	ok(fputs("", f) >= 0, "fputs of an empty string");
	is_int(fclose(f), 0, "fclose");

	f = fopen(P("lines"), "r");
	ok(f != NULL, "fopen r");
	is_str(fgets(buf, sizeof(buf), f), "line one\n", "fgets line 1");
	is_str(fgets(buf, sizeof(buf), f), "line two\n", "fgets line 2");
	is_str(fgets(buf, sizeof(buf), f), "last", "fgets the last line without newline");
	ok(feof(f), "feof after reading the last line");
	ok(fgets(buf, sizeof(buf), f) == NULL, "fgets at EOF returns NULL");
	ok(feof(f) && !ferror(f), "feof and not ferror");
	rewind(f);
	ok(!feof(f), "rewind clears EOF");
	is_str(fgets(buf, 5, f), "line", "fgets with a 5-byte buffer reads 4 characters");
	is_str(fgets(buf, 5, f), " one", "the next 4");
	is_str(fgets(buf, 5, f), "\n", "then the newline alone");
	is_str(fgets(buf, 2, f), "l", "fgets with a 2-byte buffer reads 1 character");
	is_int(fgetc(f), 'i', "fgetc");
	is_int(ungetc('X', f), 'X', "ungetc returns the character");
	is_int(fgetc(f), 'X', "fgetc returns the pushed-back character");
	is_int(fgetc(f), 'n', "then continues with the file");
	is_int(ungetc(EOF, f), EOF, "ungetc(EOF) fails");
	is_int(fgetc(f), 'e', "and pushes nothing back");
	is_int(fclose(f), 0, "fclose the reader");
}

static void test_fread_fwrite_seek(void)
{
	int nums[100], back[100];
	char buf[32];
	FILE *f;
	fpos_t pos;

	for (int i = 0; i < 100; i++)
		nums[i] = i * i - 50;
	f = fopen(P("bin"), "w+");
	ok(f != NULL, "fopen w+");
	is_int(fwrite(nums, sizeof(int), 100, f), 100, "fwrite 100 ints");
	is_int(ftell(f), 400, "ftell after fwrite counts buffered bytes");
	rewind(f);
	is_int(fread(back, sizeof(int), 100, f), 100, "fread them back");
	ok(!memcmp(nums, back, sizeof(nums)), "same values");
	is_int(fread(back, sizeof(int), 1, f), 0, "fread at EOF returns 0");
	ok(feof(f), "feof set");

	is_int(fseek(f, 40, SEEK_SET), 0, "fseek SEEK_SET 40");
	is_int(ftell(f), 40, "ftell 40");
	ok(fread(back, sizeof(int), 1, f) == 1 && back[0] == nums[10], "fread at 40 reads nums[10]");
	is_int(fseek(f, -8, SEEK_END), 0, "fseek SEEK_END -8");
	is_int(ftell(f), 392, "ftell 392");
	is_int(fseek(f, -4, SEEK_CUR), 0, "fseek SEEK_CUR -4");
	is_int(ftell(f), 388, "ftell 388");
	is_int(fread(back, sizeof(int), 5, f), 3, "fread across EOF returns the whole items left");
	ok(back[0] == nums[97] && back[2] == nums[99], "with the right values");
	errno = 0;
	is_int(fseek(f, -1, SEEK_SET), -1, "fseek to -1 fails");
	is_int(errno, EINVAL, "with EINVAL");
	ok(fgetpos(f, &pos) == 0, "fgetpos");
	fseek(f, 0, SEEK_SET);
	ok(fsetpos(f, &pos) == 0 && ftell(f) == 400, "fsetpos returns to the saved position");

	/* Seeking past the end and writing leaves a zero-filled gap. */
	is_int(fseek(f, 500, SEEK_SET), 0, "fseek past the end");
	ok(fputs("tail", f) >= 0, "write there");
	is_int(fseek(f, 400, SEEK_SET), 0, "seek into the gap");
	is_int(fread(buf, 1, 8, f), 8, "read in the gap");
	ok(!memcmp(buf, "\0\0\0\0\0\0\0\0", 8), "the gap is zeros");
	fclose(f);
	{
		struct stat st;

		ok(stat(P("bin"), &st) == 0 && st.st_size == 504, "file size is 504");
	}
}

static void test_errors(void)
{
	char buf[8];
	FILE *f;

	f = fopen(P("err"), "w");
	fputs("abc", f);
	fclose(f);

	f = fopen(P("err"), "r");
	is_int(fputc('x', f), EOF, "fputc on a read-only stream fails");
	ok(ferror(f), "ferror is set");
	clearerr(f);
	ok(!ferror(f) && !feof(f), "clearerr clears it");
	fread(buf, 1, sizeof(buf), f);
	ok(feof(f), "EOF reached");
	clearerr(f);
	ok(!feof(f), "clearerr clears EOF");
	fclose(f);

	null_errno_is(fopen(P("missing"), "r"), ENOENT, "fopen r of a missing file is ENOENT");
	null_errno_is(fopen(P("nodir/x"), "w"), ENOENT, "fopen w under a missing directory is ENOENT");
	null_errno_is(fopen(D, "w"), EISDIR, "fopen w of a directory is EISDIR");
	null_errno_is(fopen(P("err"), "z"), EINVAL, "fopen with mode \"z\" is EINVAL");
	null_errno_is(fopen(P("err"), "wx"), EEXIST, "fopen wx of an existing file is EEXIST");
	f = fopen(P("new_x"), "wx");
	ok(f != NULL, "fopen wx of a new file");
	if (f)
		fclose(f);
}

static void test_modes(void)
{
	char buf[64];
	FILE *f;
	int fd;

	f = fopen(P("mode"), "w");
	fputs("0123456789", f);
	fclose(f);

	f = fopen(P("mode"), "a");
	ok(f != NULL, "fopen a");
	fseek(f, 0, SEEK_SET);
	fputs("AB", f);
	fclose(f);
	fd = open(P("mode"), O_RDONLY);
	peek(fd, buf, sizeof(buf));
	is_str(buf, "0123456789AB", "mode a appends even after fseek to 0");

	f = fopen(P("mode"), "a+");
	ok(f != NULL, "fopen a+");
	fseek(f, 0, SEEK_SET);
	is_int(fgetc(f), '0', "a+ can read from the start after fseek");
	fseek(f, 0, SEEK_SET);
	fputs("CD", f);
	fflush(f);
	peek(fd, buf, sizeof(buf));
	is_str(buf, "0123456789ABCD", "a+ writes still go to the end");
	fclose(f);

	f = fopen(P("mode"), "r+");
	ok(f != NULL, "fopen r+");
	fseek(f, 2, SEEK_SET);
	fputs("xy", f);
	fseek(f, 0, SEEK_SET);
	fgets(buf, sizeof(buf), f);
	is_str(buf, "01xy456789ABCD", "r+ overwrites in place and reads back");
	fclose(f);

	f = fopen(P("mode"), "w+");
	ok(f != NULL, "fopen w+");
	peek(fd, buf, sizeof(buf));
	is_str(buf, "", "w+ truncates");
	fputs("fresh", f);
	rewind(f);
	ok(fgets(buf, sizeof(buf), f) && !strcmp(buf, "fresh"), "w+ reads back what it wrote");
	fclose(f);
	close(fd);
}

static void test_buffering(void)
{
	char buf[512];
	FILE *f;
	int fd;

	/* Default: a regular file is fully buffered. */
	f = fopen(P("buf"), "w");
	fd = open(P("buf"), O_RDONLY);
	fputs("hello\n", f);
	is_int(peek(fd, buf, sizeof(buf)), 0, "default: a regular file is fully buffered");
	is_int(fflush(f), 0, "fflush");
	is_str((peek(fd, buf, sizeof(buf)), buf), "hello\n", "the data is visible after fflush");
	fclose(f);

	/* _IOFBF with our own small buffer. */
	{
		static char mybuf[256];

		f = fopen(P("buf"), "w");
		is_int(setvbuf(f, mybuf, _IOFBF, sizeof(mybuf)), 0, "setvbuf _IOFBF with a 256-byte buffer");
		fputs("abc\n", f);
		is_int(peek(fd, buf, sizeof(buf)), 0, "_IOFBF: a newline does not flush");
		for (int i = 0; i < 30; i++)
			fputs("0123456789", f);
		{
			ssize_t seen = peek(fd, buf, sizeof(buf));

			ok(seen >= 256 && seen < 304,
			   "_IOFBF: overflowing the buffer writes part of the data (%zd of 304)", seen);
		}
		fflush(f);
		is_int(peek(fd, buf, sizeof(buf)), 304, "_IOFBF: all 304 bytes after fflush");
		fputs("more", f);
		is_int(peek(fd, buf, sizeof(buf)), 304, "_IOFBF: new data held back again");
		is_int(fclose(f), 0, "fclose");
		is_int(peek(fd, buf, sizeof(buf)), 308, "fclose flushes");
	}

	/* _IOLBF: flushed at each newline. */
	f = fopen(P("buf"), "w");
	is_int(setvbuf(f, NULL, _IOLBF, 128), 0, "setvbuf _IOLBF");
	fputs("abc", f);
	is_int(peek(fd, buf, sizeof(buf)), 0, "_IOLBF: no newline, nothing visible");
	fputc('\n', f);
	is_str((peek(fd, buf, sizeof(buf)), buf), "abc\n", "_IOLBF: visible after the newline");
	fprintf(f, "x=%d\ny", 5);
	is_str((peek(fd, buf, sizeof(buf)), buf), "abc\nx=5\n",
	       "_IOLBF: fprintf flushes through its last newline");
	fclose(f);

	/* _IONBF: every call goes straight out. */
	f = fopen(P("buf"), "w");
	is_int(setvbuf(f, NULL, _IONBF, 0), 0, "setvbuf _IONBF");
	fputc('x', f);
	is_str((peek(fd, buf, sizeof(buf)), buf), "x", "_IONBF: fputc is visible at once");
	fputs("yz", f);
	is_str((peek(fd, buf, sizeof(buf)), buf), "xyz", "_IONBF: fputs is visible at once");
	fwrite("123", 1, 3, f);
	is_str((peek(fd, buf, sizeof(buf)), buf), "xyz123", "_IONBF: fwrite is visible at once");
	fclose(f);

	/* fflush(NULL) flushes every output stream. */
	{
		FILE *a = fopen(P("fa"), "w"), *b = fopen(P("fb"), "w");
		struct stat sa, sb;

		fputs("aaa", a);
		fputs("bb", b);
		is_int(fflush(NULL), 0, "fflush(NULL)");
		ok(stat(P("fa"), &sa) == 0 && stat(P("fb"), &sb) == 0 && sa.st_size == 3 &&
			   sb.st_size == 2,
		   "flushed both streams");
		fclose(a);
		fclose(b);
	}
	close(fd);
}

static void test_printf_scanf(void)
{
	char word[32], line[128];
	double d;
	int n, i;
	FILE *f = fopen(P("fmt"), "w+");

	n = fprintf(f, "%d %s %.2f\n", 42, "str", 3.14159);
	is_int(n, 12, "fprintf returns the number of bytes");
	n = fprintf(f, "%5s|%-5s|%05d\n", "ab", "cd", -12);
	is_int(n, 18, "fprintf with widths");
	rewind(f);
	is_int(fscanf(f, "%d %31s %lf", &i, word, &d), 3, "fscanf reads 3 items");
	ok(i == 42 && !strcmp(word, "str") && d == 3.14, "fscanf values (%d %s %g)", i, word, d);
	fgetc(f);
	fgets(line, sizeof(line), f);
	is_str(line, "   ab|cd   |-0012\n", "fprintf widths read back");
	is_int(fscanf(f, "%d", &i), EOF, "fscanf at EOF returns EOF");
	fclose(f);
	{
		char big[5000];
		struct stat st;

		memset(big, 'q', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		f = fopen(P("fmt"), "w");
		is_int(fprintf(f, "[%s]", big), 5001, "fprintf of a 4999-char string");
		fclose(f);
		ok(stat(P("fmt"), &st) == 0 && st.st_size == 5001, "all 5001 bytes reached the file");
	}
}

static void test_getline(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	FILE *f = fopen(P("gl"), "w+");

	fputs("short\n", f);
	for (int i = 0; i < 10000; i++)
		fputc('x', f);
	fputs("\n\nnoeol", f);
	rewind(f);
	is_int(getline(&line, &cap, f), 6, "getline short line");
	is_str(line, "short\n", "its content");
	n = getline(&line, &cap, f);
	is_int(n, 10001, "getline of a 10000-char line");
	ok(cap >= 10002 && strspn(line, "x") == 10000 && line[10000] == '\n' && line[10001] == 0,
	   "the buffer grew and holds it");
	is_int(getline(&line, &cap, f), 1, "getline of an empty line");
	is_str(line, "\n", "just the newline");
	is_int(getline(&line, &cap, f), 5, "getline of the last line without newline");
	is_str(line, "noeol", "its content");
	is_int(getline(&line, &cap, f), -1, "getline at EOF returns -1");
	ok(feof(f), "with feof set");
	fclose(f);

	f = fopen(P("gl"), "w+");
	fputs("a,bb,,ccc", f);
	rewind(f);
	is_int(getdelim(&line, &cap, ',', f), 2, "getdelim ','");
	is_str(line, "a,", "first field");
	is_int(getdelim(&line, &cap, ',', f), 3, "second");
	is_int(getdelim(&line, &cap, ',', f), 1, "empty field");
	is_int(getdelim(&line, &cap, ',', f), 3, "last field");
	is_str(line, "ccc", "last field content");
	fclose(f);
	free(line);
}

static void test_tmpfile(void)
{
	char buf[32];
	FILE *f = tmpfile();

	ok(f != NULL, "tmpfile");
	if (!f) {
		diag("tmpfile: %s", strerror(errno));
		return;
	}
	ok(fputs("scratch data", f) >= 0, "write to it");
	rewind(f);
	ok(fgets(buf, sizeof(buf), f) && !strcmp(buf, "scratch data"), "read it back");
	{
		struct stat st;

		ok(fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 0,
		   "tmpfile has no name (st_nlink 0)");
	}
	is_int(fclose(f), 0, "fclose the tmpfile");
}

static void test_fdopen_fileno(void)
{
	char buf[32];
	FILE *f;
	int fd;

	is_int(fileno(stdin), 0, "fileno(stdin)");
	is_int(fileno(stdout), 1, "fileno(stdout)");
	is_int(fileno(stderr), 2, "fileno(stderr)");

	fd = open(P("fdo"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "raw ", 4);
	f = fdopen(fd, "r+");
	ok(f != NULL, "fdopen r+");
	is_int(fileno(f), fd, "fileno gives the descriptor back");
	fseek(f, 0, SEEK_END);
	fprintf(f, "via stream %d", 7);
	fflush(f);
	is_int(pread(fd, buf, sizeof(buf), 0), 16, "the descriptor sees the flushed data");
	is_mem(buf, "raw via stream 7", 16, "content");
	is_int(fclose(f), 0, "fclose the fdopen stream");
	errno_is(fcntl(fd, F_GETFD), EBADF, "fclose closed the descriptor");

	fd = open(P("fdo"), O_RDONLY);
	f = fdopen(fd, "r");
	ok(f != NULL && fgets(buf, sizeof(buf), f) && !strcmp(buf, "raw via stream 7"),
	   "fdopen r reads the file");
	if (f)
		fclose(f);

	f = fopen(P("fdo"), "r");
	ok(freopen(P("lines"), "r", f) == f, "freopen");
	ok(fgets(buf, sizeof(buf), f) && !strcmp(buf, "line one\n"), "the stream reads the new file");
	fclose(f);
}

static void test_memstreams(void)
{
	char buf[32] = "0123456789";
	char *out = NULL;
	size_t size = 0;
	FILE *f;

	f = fmemopen(buf, 10, "r");
	ok(f != NULL, "fmemopen r");
	if (f) {
		char w[8];

		ok(fgets(w, 5, f) && !strcmp(w, "0123"), "fgets from memory");
		fclose(f);
	}
	f = fmemopen(buf, sizeof(buf), "w");
	ok(f != NULL, "fmemopen w");
	if (f) {
		fprintf(f, "n=%d", 99);
		fclose(f);
		is_str(buf, "n=99", "fprintf into a memory buffer");
	}
	f = open_memstream(&out, &size);
	ok(f != NULL, "open_memstream");
	if (f) {
		for (int i = 0; i < 1000; i++)
			fprintf(f, "%03d,", i);
		fflush(f);
		is_int(size, 4000, "open_memstream size after fflush");
		fclose(f);
		ok(out && !strncmp(out, "000,001,", 8) && !strcmp(out + 3996, "999,"),
		   "open_memstream content");
		free(out);
	}
}

int main(void)
{
	struct stat st;

	umask(022);
	scratch_setup("stdio");

	test_lines();
	test_fread_fwrite_seek();
	test_errors();
	test_modes();
	test_buffering();
	test_printf_scanf();
	test_getline();
	test_tmpfile();
	test_fdopen_fileno();
	test_memstreams();

	rm_rf(D);
	errno_is(stat(D, &st), ENOENT, "scratch directory removed");
	return done_testing();
}
