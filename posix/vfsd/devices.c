/*
 * Devices under /dev. The memory devices are served here (null, zero,
 * full, random/urandom); terminals (major 5 and the pty slaves' 136) belong
 * to the tty server: the VFS server asks it for a session (DEV_OPEN, with
 * the opener's pid) and passes that handle on, so the client's reads and
 * writes go straight to the tty server.
 *
 * random/urandom: xoshiro256** reseeded from RDSEED/RDRAND when the CPU has
 * them, and from the TSC otherwise. Not a vetted CSPRNG: fine for hash
 * seeds and temporary names; a TLS library should mix in its own entropy.
 */
#include <fcntl.h>
#include <string.h>

#include <motor/ipc.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "session.h"
#include "vfsd.h"

static uint64_t s[4];
static int seeded, have_rdrand;

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t next(void)
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

static uint64_t hw_random(void)
{
	uint64_t v = 0, lo, hi;
	if (have_rdrand) {
		unsigned char ok = 0;
		for (int i = 0; i < 10 && !ok; i++)
			__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok)
			return v;
	}
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (hi << 32 | lo) * 0x9e3779b97f4a7c15ull;
}

static void seed(void)
{
	uint32_t a, b, c, d;
	__asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
	have_rdrand = (c >> 30) & 1;
	for (int i = 0; i < 4; i++)
		s[i] ^= hw_random() + (uint64_t)i * 0x632be59bd9b4e019ull;
	if (!(s[0] | s[1] | s[2] | s[3]))
		s[0] = 1;
	seeded = 1;
}

long device_read(int kind, void *buf, size_t len)
{
	switch (kind) {
	case DESC_NULL:
		return 0;
	case DESC_ZERO:
	case DESC_FULL:
		memset(buf, 0, len);
		return (long)len;
	case DESC_RANDOM: {
		if (!seeded)
			seed();
		s[0] ^= hw_random(); /* fresh input on every read */
		for (size_t i = 0; i < len; i += 8) {
			uint64_t v = next();
			memcpy((char *)buf + i, &v, len - i < 8 ? len - i : 8);
		}
		return (long)len;
	}
	default:
		return -EIO;
	}
}

long device_write(int kind, size_t len)
{
	return kind == DESC_FULL ? -ENOSPC : (long)len;
}

static void tty_open(uint32_t rdev, int flags, uint64_t pid, struct reply *rp)
{
	if (!tty_endpoint) {
		rp->w[0] = (uint64_t)-ENXIO;
		return;
	}
	uint64_t w[4] = {DEV_OPEN, rdev, (uint64_t)flags, pid};
	struct motor_msg m = {0};
	long r = motor_ipc(SYS_ipc_call, tty_endpoint, w, &m, NULL);
	if (r == 0)
		r = (long)w[0];
	if (r == 0 && m.rnhandles != 1)
		r = -EIO;
	if (r < 0) {
		rp->w[0] = (uint64_t)(r == -EPIPE ? -ENXIO : r);
		return;
	}
	rp->handle = m.rhandles[0];
	rp->w[0] = 0;
}

void device_open(struct mnode *node, int flags, uint64_t pid, struct reply *rp)
{
	struct memfs_attr a;
	memfs_getattr(node, &a);
	unsigned major = a.rdev >> 8, minor = a.rdev & 0xff;
	int kind = -1;
	if (major == MOTOR_DEV_TTY || major == MOTOR_DEV_PTS) {
		mnode_put(node);
		tty_open(a.rdev, flags, pid, rp);
		return;
	}
	if (major == MOTOR_DEV_MEM) {
		switch (minor) {
		case MOTOR_DEV_MINOR_NULL: kind = DESC_NULL; break;
		case MOTOR_DEV_MINOR_ZERO: kind = DESC_ZERO; break;
		case MOTOR_DEV_MINOR_FULL: kind = DESC_FULL; break;
		case MOTOR_DEV_MINOR_RANDOM:
		case MOTOR_DEV_MINOR_URANDOM: kind = DESC_RANDOM; break;
		}
	}
	if (kind < 0) {
		mnode_put(node);
		rp->w[0] = (uint64_t)-ENXIO;
		return;
	}
	uint64_t badge;
	int err = desc_new((enum desc_kind)kind, node, flags & (O_ACCMODE | O_APPEND | O_NONBLOCK),
			   &badge);
	if (err) {
		mnode_put(node);
		rp->w[0] = (uint64_t)err;
		return;
	}
	long h = session_mint(badge);
	if (h < 0) {
		desc_release(badge);
		rp->w[0] = (uint64_t)h;
		return;
	}
	rp->handle = h;
	rp->w[0] = 0;
}
