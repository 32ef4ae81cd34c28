/* sync: writes what the file servers hold in memory to their disks; with
 * FILEs, just those (fsync). */
#include <fcntl.h>
#include <unistd.h>

#include "lib/cu.h"

static const struct cu_command cmd = {
	"Usage: %s [FILE]...\n",
	"Write cached data to storage: all of it, or just the FILEs'.\n"
	"(The initrd, tmpfs and /dev live in memory: there is nothing to write yet.)\n\n"
	"      --help  display this help and exit\n",
	1};

int sync_main(int argc, char **argv)
{
	cu_init(argv);
	while (cu_getopt(argc, argv, "", NULL, &cmd) != -1)
		;
	if (optind == argc) {
		sync();
		return 0;
	}
	int status = 0;
	for (int i = optind; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || fsync(fd) != 0)
			status = cu_errno(argv[i]);
		if (fd >= 0)
			close(fd);
	}
	return status;
}
