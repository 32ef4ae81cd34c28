/* free: the system's memory: total, used and free, from the kernel's page
 * counts (sysconf's _SC_PHYS_PAGES and _SC_AVPHYS_PAGES). No swap, no cache
 * yet: shared and buff/cache are 0 and available is free. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [OPTION]...\n",
	"Display the amount of free and used memory in the system.\n\n"
	"  -b, --bytes   show in bytes\n"
	"  -k, --kibi    show in KiB (the default)\n"
	"  -m, --mebi    show in MiB\n"
	"  -g, --gibi    show in GiB\n"
	"  -h, --human   show human-readable units (B, K, M, G)\n"
	"  -t, --total   add a line with the totals\n"
	"      --help    display this help and exit\n",
	1};

static int shift = 10;
static bool human;

static void cell(uint64_t bytes)
{
	char buf[32];
	if (human) {
		cu_human(bytes, buf, sizeof(buf));
		if (bytes < 1024)
			snprintf(buf, sizeof(buf), "%lluB", (unsigned long long)bytes);
		printf(" %11s", buf);
	} else {
		printf(" %11llu", (unsigned long long)(bytes >> shift));
	}
}

static void row(const char *label, uint64_t total, uint64_t used, uint64_t free, bool mem)
{
	printf("%-7s", label);
	cell(total);
	cell(used);
	cell(free);
	if (mem) {
		cell(0); /* shared */
		cell(0); /* buff/cache */
		cell(free); /* available */
	}
	putchar('\n');
}

int free_main(int argc, char **argv)
{
	static const struct option longs[] = {{"bytes", no_argument, NULL, 'b'},
					      {"kibi", no_argument, NULL, 'k'},
					      {"mebi", no_argument, NULL, 'm'},
					      {"gibi", no_argument, NULL, 'g'},
					      {"human", no_argument, NULL, 'h'},
					      {"total", no_argument, NULL, 't'},
					      CU_HELP_OPTION,
					      {0, 0, 0, 0}};
	cu_init(argv);
	bool totals = false;
	int c;
	while ((c = cu_getopt(argc, argv, "bkmght", longs, &cmd)) != -1) {
		if (c == 'h')
			human = true;
		else if (c == 't')
			totals = true;
		else
			shift = c == 'b' ? 0 : c == 'k' ? 10 : c == 'm' ? 20 : 30;
	}
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	long total = sysconf(_SC_PHYS_PAGES), free = sysconf(_SC_AVPHYS_PAGES);
	long page = sysconf(_SC_PAGESIZE);
	if (total < 0 || free < 0 || page <= 0)
		return cu_errno("cannot read the memory figures");
	uint64_t t = (uint64_t)total * (uint64_t)page, f = (uint64_t)free * (uint64_t)page;
	printf("%-7s %11s %11s %11s %11s %11s %11s\n", "", "total", "used", "free", "shared",
	       "buff/cache", "available");
	row("Mem:", t, t - f, f, true);
	row("Swap:", 0, 0, 0, false);
	if (totals)
		row("Total:", t, t - f, f, false);
	return fflush(stdout) ? cu_errno("write error") : 0;
}
