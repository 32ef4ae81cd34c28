/* wc: counts lines (-l), words (-w) and bytes (-c) of files, with a total for several. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]... [FILE]...\n",
	"Print newline, word and byte counts for each FILE (standard input for none\n"
	"or '-'), and a total line for more than one.\n\n"
	"  -c, --bytes   print the byte counts\n"
	"  -l, --lines   print the newline counts\n"
	"  -w, --words   print the word counts\n"
	"      --help    display this help and exit\n",
	1};

struct counts {
	unsigned long long lines, words, bytes;
};

static bool show_l, show_w, show_c;
static int width = 1;

static int count(int fd, const char *name, struct counts *c)
{
	static char buf[16384];
	bool in_word = false;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return cu_errno(name);
		if (n == 0)
			return 0;
		c->bytes += (unsigned long long)n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];
			c->lines += ch == '\n';
			if (isspace(ch)) {
				in_word = false;
			} else if (!in_word) {
				in_word = true;
				c->words++;
			}
		}
	}
}

static void print(const struct counts *c, const char *name)
{
	const char *sep = "";
	if (show_l) {
		printf("%*llu", width, c->lines);
		sep = " ";
	}
	if (show_w) {
		printf("%s%*llu", sep, width, c->words);
		sep = " ";
	}
	if (show_c)
		printf("%s%*llu", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

int main(int argc, char **argv)
{
	static const struct option longs[] = {{"bytes", no_argument, NULL, 'c'},
					      {"lines", no_argument, NULL, 'l'},
					      {"words", no_argument, NULL, 'w'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	int c;
	while ((c = cu_getopt(argc, argv, "clw", longs, &cmd)) != -1) {
		show_c |= c == 'c';
		show_l |= c == 'l';
		show_w |= c == 'w';
	}
	if (!show_c && !show_l && !show_w)
		show_c = show_l = show_w = true;
	int nfiles = argc - optind;
	/* GNU's widths: the digits of the total size of the files, at least 7
	 * when one is not a regular file; 1 for a single count of one file. */
	unsigned long long size = 0;
	bool irregular = nfiles == 0;
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (strcmp(argv[i], "-") && stat(argv[i], &st) == 0 && S_ISREG(st.st_mode))
			size += (unsigned long long)st.st_size;
		else
			irregular = true;
	}
	for (unsigned long long s = size; s >= 10; s /= 10)
		width++;
	if (irregular && width < 7)
		width = 7;
	if (show_l + show_w + show_c == 1 && nfiles <= 1)
		width = 1;
	if (nfiles == 0) {
		struct counts t = {0};
		int status = count(0, "standard input", &t);
		print(&t, NULL);
		return status;
	}
	struct counts total = {0};
	int status = 0;
	for (int i = optind; i < argc; i++) {
		struct counts one = {0};
		bool in = !strcmp(argv[i], "-");
		int fd = in ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0) {
			status = cu_errno(argv[i]);
			continue;
		}
		if (count(fd, argv[i], &one) != 0) {
			status = 1;
		} else {
			print(&one, argv[i]);
			total.lines += one.lines;
			total.words += one.words;
			total.bytes += one.bytes;
		}
		if (!in)
			close(fd);
	}
	if (nfiles > 1)
		print(&total, "total");
	return status;
}
