/* dmesg: prints the kernel log (the kernel's ring of its console output, log_read). */
#include <stdio.h>
#include <string.h>

#include <motor/usyscall.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s\n",
	"Print the kernel log: the last 64 KiB of what the kernel wrote to its console.\n\n"
	"      --help  display this help and exit\n",
	1};

int dmesg_main(int argc, char **argv)
{
	static char buf[MOTOR_LOG_SIZE];
	cu_init(argv);
	while (cu_getopt(argc, argv, "", NULL, &cmd) != -1)
		;
	if (optind < argc)
		cu_bad_usage(&cmd, "extra operand '%s'", argv[optind]);
	long n = motor_log_read((long)buf, sizeof(buf));
	if (n < 0)
		return cu_err("cannot read the kernel log: %s", strerror((int)-n));
	/* A ring that wrapped starts mid-line: drop that part line. */
	long from = 0;
	if (n == (long)sizeof(buf)) {
		char *nl = memchr(buf, '\n', (size_t)n);
		from = nl ? nl - buf + 1 : 0;
	}
	if (cu_write_all(1, buf + from, (size_t)(n - from)))
		return cu_errno("write error");
	return 0;
}
