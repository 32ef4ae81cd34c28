/*
 * vfsd, the VFS server: builds the namespace (the initrd as a read-only
 * root, a tmpfs at /tmp, the devices at /dev) and serves namespace calls
 * and file sessions on one endpoint, one request at a time. The endpoint
 * gives close notices: a session whose last handle closed without
 * FILE_CLOSE (its holders were killed) is released all the same.
 *
 * Started by init with: MOTOR_AT_SERVER0 the initrd memory object (plus
 * MOTOR_AT_INITRD_OFFSET and _SIZE), MOTOR_AT_SERVER1 its endpoint
 * (RECEIVE, DUP), MOTOR_AT_SERVER2 the tty server's endpoint (CALL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <motor/handle.h>
#include <motor/ipc.h>
#include <motor/libposix.h>
#include <motor/syscall.h>
#include <motor/timepage.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "namespace.h"
#include "procfs.h"
#include "session.h"
#include "vfsd.h"

char reply_buf[MOTOR_IPC_MAX_DATA];
static char request_buf[MOTOR_IPC_MAX_DATA + 1];
long vfs_endpoint, tty_endpoint;

int64_t vfs_now_ns(void)
{
	const struct motor_time_page *tp = (const struct motor_time_page *)MOTOR_TIME_PAGE;
	return tp->wall_base_ns + (int64_t)motor_time_ns();
}

long session_mint(uint64_t badge)
{
	return motor_handle_dup(vfs_endpoint, MOTOR_RIGHT_CALL | MOTOR_RIGHT_DUP | MOTOR_RIGHT_TRANSFER,
				(long)badge);
}

static int die(const char *what, long err)
{
	fprintf(stderr, "vfsd: %s: error %ld\n", what, err);
	return 1;
}

static int make_dev(struct memfs **out)
{
	static const struct {
		const char *name;
		uint32_t mode, rdev;
	} nodes[] = {
		{"null", 0666, MOTOR_DEV_MEM << 8 | MOTOR_DEV_MINOR_NULL},
		{"zero", 0666, MOTOR_DEV_MEM << 8 | MOTOR_DEV_MINOR_ZERO},
		{"full", 0666, MOTOR_DEV_MEM << 8 | MOTOR_DEV_MINOR_FULL},
		{"random", 0666, MOTOR_DEV_MEM << 8 | MOTOR_DEV_MINOR_RANDOM},
		{"urandom", 0666, MOTOR_DEV_MEM << 8 | MOTOR_DEV_MINOR_URANDOM},
		{"tty", 0666, MOTOR_DEV_TTY << 8 | MOTOR_DEV_MINOR_TTY},
		{"console", 0620, MOTOR_DEV_TTY << 8 | MOTOR_DEV_MINOR_CONSOLE},
		{"ptmx", 0666, MOTOR_DEV_TTY << 8 | MOTOR_DEV_MINOR_PTMX},
	};
	int err = memfs_create(out, 3, 1 << 20, vfs_now_ns);
	struct mnode *pts = NULL;
	for (size_t i = 0; !err && i < sizeof(nodes) / sizeof(nodes[0]); i++)
		err = memfs_mknod(memfs_root(*out), nodes[i].name, strlen(nodes[i].name),
				  MEMFS_IFCHR | nodes[i].mode, nodes[i].rdev, 0, 0, NULL);
	/* Every pty slave has its node from the start; ttyd refuses pairs not in use. */
	if (!err)
		err = memfs_mknod(memfs_root(*out), "pts", 3, MEMFS_IFDIR | 0755, 0, 0, 0, &pts);
	for (unsigned n = 0; !err && n < MOTOR_PTS_MAX; n++) {
		char name[8];
		snprintf(name, sizeof(name), "%u", n);
		err = memfs_mknod(pts, name, strlen(name), MEMFS_IFCHR | 0620,
				  MOTOR_DEV_PTS << 8 | n, 0, 0, NULL);
	}
	if (pts)
		mnode_put(pts);
	if (!err)
		memfs_seal(*out);
	return err;
}

static int build_namespace(void)
{
	long mem = (long)motor_getauxval(MOTOR_AT_SERVER0);
	uint64_t off = motor_getauxval(MOTOR_AT_INITRD_OFFSET);
	uint64_t size = motor_getauxval(MOTOR_AT_INITRD_SIZE);
	long va = motor_mem_map(0, mem, 0, (long)((off + size + 4095) & ~4095ull), MOTOR_PROT_READ, 0);
	if (va < 0)
		return die("cannot map the initrd", va);
	struct memfs *root, *tmp, *home, *dev;
	int err = memfs_create(&root, 1, 0, vfs_now_ns);
	if (err)
		return die("memfs_create", err);
	const char *why = "";
	int n = memfs_load_cpio(root, (const char *)va + off, size, &why);
	if (n < 0) {
		fprintf(stderr, "vfsd: the initrd is corrupt: %s\n", why);
		return 1;
	}
	memfs_seal(root);
	ns_init(root, "initrd", "cpio");
	/* The writable places, in memory: /tmp, and root's home (the login
	 * shell's working directory; the rest of the root is the initrd). Each
	 * may hold up to half of the machine's memory. */
	uint64_t limit = (uint64_t)motor_sys_info(MOTOR_INFO_TOTAL_PAGES) * 4096 / 2;
	err = memfs_create(&tmp, 2, limit, vfs_now_ns);
	if (!err)
		err = ns_mount("/tmp", tmp, "tmpfs", "tmpfs");
	if (err)
		return die("mounting /tmp (does the initrd have /tmp?)", err);
	err = memfs_create(&home, 5, limit, vfs_now_ns);
	if (!err)
		err = ns_mount("/root", home, "tmpfs", "tmpfs");
	if (err)
		return die("mounting /root (does the initrd have /root?)", err);
	err = make_dev(&dev);
	if (!err)
		err = ns_mount("/dev", dev, "devfs", "devfs");
	if (err)
		return die("mounting /dev (does the initrd have /dev?)", err);
	err = procfs_mount();
	if (err)
		return die("mounting /proc (does the initrd have /proc?)", err);
	return 0;
}

int main(void)
{
	vfs_endpoint = (long)motor_getauxval(MOTOR_AT_SERVER1);
	tty_endpoint = (long)motor_getauxval(MOTOR_AT_SERVER2);
	if (vfs_endpoint <= 0)
		return die("no endpoint to serve", -EINVAL);
	if (build_namespace())
		return 1;
	struct reply rp = {0};
	bool answer = false;
	for (;;) {
		struct motor_msg m = {0};
		m.rbuf = (uint64_t)request_buf;
		m.rlen = MOTOR_IPC_MAX_DATA;
		if (answer) {
			m.buf = (uint64_t)rp.data;
			m.len = rp.data ? rp.len : 0;
			if (rp.handle > 0)
				m.handles[m.nhandles++] = (int32_t)rp.handle;
			if (rp.handle2 > 0)
				m.handles[m.nhandles++] = (int32_t)rp.handle2;
		}
		struct request rq = {{0}, 0, request_buf, 0, 0};
		memcpy(rq.w, rp.w, sizeof(rq.w));
		long r = motor_ipc(answer ? SYS_ipc_reply_recv : SYS_ipc_recv, vfs_endpoint, rq.w, &m,
				   &rq.badge);
		answer = false;
		if (r < 0 && r != -EMSGSIZE)
			continue;
		rq.len = m.rlen;
		request_buf[rq.len] = '\0';
		rp = (struct reply){0};
		/* The first handle goes to the call that takes one (FILE_WATCH); the rest, never. */
		for (uint32_t i = 0; i < m.rnhandles && i < MOTOR_IPC_MAX_HANDLES; i++) {
			if (i == 0 && m.rhandles[0] > 0)
				rq.handle = m.rhandles[0];
			else
				motor_handle_close(m.rhandles[i]);
		}
		if (r == 0 && rq.w[0] == MOTOR_IPC_CLOSED) {
			/* The kernel: no handle to this session is left (its holders died
			 * without FILE_CLOSE). Nobody waits for an answer. */
			if (rq.badge & SESSION_BADGE)
				desc_release_all(rq.badge);
			continue;
		}
		if (r == -EMSGSIZE)
			rp.w[0] = (uint64_t)-EMSGSIZE;
		else if (rq.badge & SESSION_BADGE)
			serve_file(&rq, &rp);
		else
			serve_path(&rq, &rp);
		if (rq.handle > 0 && !rp.took)
			motor_handle_close(rq.handle);
		answer = !rp.kept;
	}
}
