/* wc: counts lines (-l), words (-w) and bytes (-c) of files, with a total for several. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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
static struct counts total;

/* What count_chunk adds to, and whether the last chunk ended in a word. */
struct counting {
	struct counts *c;
	bool in_word;
};

static int count_chunk(const char *buf, size_t n, void *ctx)
{
	struct counting *k = ctx;
	k->c->bytes += n;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)buf[i];
		k->c->lines += ch == '\n';
		if (isspace(ch)) {
			k->in_word = false;
		} else if (!k->in_word) {
			k->in_word = true;
			k->c->words++;
		}
	}
	return 0;
}

static int count(int fd, const char *name, struct counts *c)
{
	struct counting k = {c, false};
	return cu_each_chunk(fd, name, count_chunk, &k);
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

/* One FILE's counts, printed, and added to the total. Without FILE
 * operands, standard input is "standard input" in messages and its counts
 * have no name (and are printed even after a read error; a FILE's are not). */
static int count_file(int fd, const char *file)
{
	struct counts one = {0};
	int err = count(fd, file ? file : "standard input", &one);
	if (err && file)
		return err;
	print(&one, file);
	total.lines += one.lines;
	total.words += one.words;
	total.bytes += one.bytes;
	return err;
}

int wc_main(int argc, char **argv)
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
	int status = cu_each_input(argc, argv, 0, count_file);
	if (nfiles > 1)
		print(&total, "total");
	return status;
}
