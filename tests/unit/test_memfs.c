/*
 * Unit tests for posix/vfsd/memfs.c (with kernel/boot/cpio.c).
 *
 * Every function and error of memfs.h is exercised directly; then
 *  - reference counting: unlinked and removed nodes live on while open;
 *  - readdir cookies stay valid while entries come and go between calls;
 *  - 10,000 random operations checked against a model (a flat map of
 *    path -> inode, with the page occupancy of every file, so short writes
 *    and -ENOSPC are predicted exactly);
 *  - cpio loading from archives built here (kept in read-only memory, so a
 *    write to borrowed data crashes), corrupt and random-flipped archives;
 *  - every allocation failure (memfs.c is built with MEMFS_FAULT_INJECTION):
 *    -ENOMEM changes nothing, a write stops short;
 *  - appending in 4 KiB chunks costs linear time.
 * The program runs under ASan/UBSan with LeakSanitizer: memfs_destroy must
 * free everything, open and unlinked nodes included.
 */
#define _DEFAULT_SOURCE /* mmap, mprotect */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "motor/errno.h"
#include "tap.h"
#include "vfsd/memfs.h"

extern long memfs_fault_countdown; /* memfs.c, MEMFS_FAULT_INJECTION */

/* Undefined behaviour stops the program (and so fails it) instead of scrolling by. */
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:print_stacktrace=1";
}

#define PG 4096
#define N(s) (s), strlen(s)

static int64_t fake_now = 1000;

static int64_t clock_fn(void)
{
	return fake_now;
}

static uint64_t rng = 0x243f6a8885a308d3ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static struct memfs *new_fs(uint64_t max_bytes)
{
	struct memfs *fs = NULL;

	if (memfs_create(&fs, 42, max_bytes, clock_fn) != 0 || !fs) {
		fprintf(stderr, "memfs_create failed\n");
		exit(2);
	}
	return fs;
}

/* Makes name in dir (mode's type), returns it referenced; NULL (and a failure) on error. */
static struct mnode *mk(struct mnode *dir, const char *name, uint32_t mode)
{
	struct mnode *n = NULL;
	int r = memfs_mknod(dir, name, strlen(name), mode, 0, 0, 0, &n);

	if (r) {
		FAIL(tap_fmt("mknod %s", name), tap_fmt("returned %d", r));
		return NULL;
	}
	return n;
}

/* Looks name up; NULL if it fails. */
static struct mnode *get(struct mnode *dir, const char *name)
{
	struct mnode *n = NULL;

	if (memfs_lookup(dir, name, strlen(name), &n))
		return NULL;
	return n;
}

static struct memfs_attr attr(struct mnode *n)
{
	struct memfs_attr a;

	memset(&a, 0xee, sizeof(a));
	if (memfs_getattr(n, &a))
		memset(&a, 0xee, sizeof(a));
	return a;
}

static long put_str(struct mnode *n, uint64_t off, const char *s)
{
	return memfs_write(n, off, s, strlen(s));
}

/* ---- readdir collection -------------------------------------------------- */

struct dent {
	char name[MEMFS_NAME_MAX + 1];
	uint64_t ino, next;
	uint32_t mode;
};

struct listing {
	struct dent *e;
	size_t n, cap, limit; /* emit refuses once n == limit */
};

static int collect(void *ctx, const char *name, size_t len, uint64_t ino, uint32_t mode,
		   uint64_t next)
{
	struct listing *l = ctx;

	if (l->n >= l->limit)
		return 1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->e = realloc(l->e, l->cap * sizeof(*l->e));
	}
	memcpy(l->e[l->n].name, name, len);
	l->e[l->n].name[len] = '\0';
	l->e[l->n].ino = ino;
	l->e[l->n].mode = mode;
	l->e[l->n].next = next;
	l->n++;
	return 0;
}

/* The whole directory, read `chunk` entries per call. */
static int list_all(struct mnode *dir, size_t chunk, struct listing *l)
{
	uint64_t cookie = 0;
	size_t before;
	int r;

	l->n = 0;
	do {
		before = l->n;
		l->limit = l->n + chunk;
		r = memfs_readdir(dir, &cookie, collect, l);
		if (r)
			return r;
	} while (l->n > before);
	return 0;
}

static const struct dent *find_dent(const struct listing *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->e[i].name, name) == 0)
			return &l->e[i];
	}
	return NULL;
}

/* ---- archives --------------------------------------------------------------- */

struct ar {
	unsigned char *b;
	size_t len, cap;
	uint32_t next_ino;
};

static void ar_put(struct ar *a, const void *p, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 256;
		a->b = realloc(a->b, a->cap);
	}
	memcpy(a->b + a->len, p, n);
	a->len += n;
}

static void ar_pad(struct ar *a)
{
	while (a->len % 4)
		ar_put(a, "", 1);
}

struct ent {
	const char *name;
	uint32_t mode;
	const void *data;
	size_t size;
	uint32_t nlink, ino, mtime, uid, gid, rmaj, rmin;
};

static void ar_add(struct ar *a, struct ent e)
{
	char h[111];

	if (!e.ino)
		e.ino = ++a->next_ino + 1000;
	if (!e.nlink)
		e.nlink = 1;
	if (e.data && !e.size)
		e.size = strlen(e.data);
	snprintf(h, sizeof(h), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", e.ino,
		 e.mode, e.uid, e.gid, e.nlink, e.mtime, (uint32_t)e.size, 0u, 0u, e.rmaj, e.rmin,
		 (uint32_t)strlen(e.name) + 1, 0u);
	ar_put(a, h, 110);
	ar_put(a, e.name, strlen(e.name) + 1);
	ar_pad(a);
	if (e.size)
		ar_put(a, e.data, e.size);
	ar_pad(a);
}

static void ar_file(struct ar *a, const char *name, uint32_t mode, const char *data)
{
	ar_add(a, (struct ent){ .name = name, .mode = mode, .data = data });
}

static void ar_trailer(struct ar *a)
{
	ar_add(a, (struct ent){ .name = "TRAILER!!!" });
}

/* A read-only copy of the archive: a write to borrowed data would crash. */
struct rocopy {
	void *p;
	size_t maplen;
};

static struct rocopy ro_copy(const struct ar *a, size_t len)
{
	struct rocopy c;

	c.maplen = (len + PG - 1) / PG * PG + PG;
	c.p = mmap(NULL, c.maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c.p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	memcpy(c.p, a->b, len);
	mprotect(c.p, c.maplen, PROT_READ);
	return c;
}

static void ro_free(struct rocopy c)
{
	munmap(c.p, c.maplen);
}

/* ---- instances ---------------------------------------------------------------- */

static void test_create(void)
{
	struct memfs *fs = NULL;
	struct mnode *root, *n;
	struct memfs_attr a;

	CHECK_INT("create: NULL out", memfs_create(NULL, 1, 0, clock_fn), -EINVAL);
	fake_now = 5000;
	CHECK_INT("create", memfs_create(&fs, 7, 12345, clock_fn), 0);
	root = memfs_root(fs);
	CHECK("root exists", root != NULL);
	CHECK("root is a directory", mnode_is_dir(root));
	CHECK_UINT("root mode 0755|dir", mnode_mode(root), MEMFS_IFDIR | 0755);
	CHECK("mnode_fs", mnode_fs(root) == fs);
	a = attr(root);
	CHECK_UINT("root nlink 2", a.nlink, 2);
	CHECK_UINT("root dev", a.dev, 7);
	CHECK("root ino nonzero", a.ino != 0);
	CHECK_UINT("root size: . and ..", a.size, 64);
	CHECK_INT("root times from the clock", a.mtime_ns, 5000);
	CHECK_INT("root ctime", a.ctime_ns, 5000);
	CHECK_UINT("root uid", a.uid, 0);
	CHECK_UINT("nodes 1", memfs_nodes(fs), 1);
	CHECK_UINT("bytes used 0", memfs_bytes_used(fs), 0);
	CHECK_UINT("max bytes", memfs_max_bytes(fs), 12345);
	CHECK("not readonly", !memfs_readonly(fs));
	CHECK_INT("lookup . of root", memfs_lookup(root, N("."), &n), 0);
	CHECK("  is root", n == root);
	mnode_put(n);
	CHECK_INT("lookup .. of root", memfs_lookup(root, N(".."), &n), 0);
	CHECK("  is root", n == root);
	mnode_put(n);
	mnode_put(root); /* unbalanced: ignored, root lives with the instance */
	CHECK_UINT("root survives puts", memfs_nodes(fs), 1);
	CHECK_INT("getattr NULL attr", memfs_getattr(root, NULL), -EINVAL);
	CHECK_INT("getattr NULL node", memfs_getattr(NULL, &a), -EINVAL);
	memfs_seal(fs);
	CHECK("sealed is readonly", memfs_readonly(fs));
	memfs_destroy(fs);

	CHECK_INT("create without a clock", memfs_create(&fs, 1, 0, NULL), 0);
	n = mk(memfs_root(fs), "f", MEMFS_IFREG | 0644);
	CHECK_INT("no clock: times are 0", attr(n).mtime_ns, 0);
	mnode_put(n);
	memfs_destroy(fs);
	memfs_destroy(NULL);
	CHECK("NULL-safe accessors", !memfs_root(NULL) && !memfs_readonly(NULL) &&
					     memfs_nodes(NULL) == 0 && !mnode_is_dir(NULL));
}

/* Every name-taking function refuses the same bad names. */
static void test_names(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "file", MEMFS_IFREG | 0644), *n;
	char longname[MEMFS_NAME_MAX + 2];
	struct {
		const char *what, *s;
		size_t len;
		int err;
	} bad[] = {
		{ "empty", "", 0, -EINVAL },
		{ "NULL", NULL, 3, -EINVAL },
		{ "slash", "a/b", 3, -EINVAL },
		{ "only a slash", "/", 1, -EINVAL },
		{ "NUL", "a\0b", 3, -EINVAL },
		{ "256 bytes", longname, MEMFS_NAME_MAX + 1, -ENAMETOOLONG },
		{ "huge length", longname, SIZE_MAX, -ENAMETOOLONG },
	};

	memset(longname, 'x', sizeof(longname));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *s = bad[i].s, *w = bad[i].what;
		size_t l = bad[i].len;
		int e = bad[i].err;

		CHECK_INT(tap_fmt("lookup %s", w), memfs_lookup(root, s, l, &n), e);
		CHECK_INT(tap_fmt("mknod %s", w), memfs_mknod(root, s, l, MEMFS_IFREG, 0, 0, 0, &n), e);
		CHECK_INT(tap_fmt("symlink %s", w), memfs_symlink(root, s, l, N("t"), 0, 0), e);
		CHECK_INT(tap_fmt("link %s", w), memfs_link(root, s, l, f), e);
		CHECK_INT(tap_fmt("unlink %s", w), memfs_unlink(root, s, l), e);
		CHECK_INT(tap_fmt("rmdir %s", w), memfs_rmdir(root, s, l), e);
		CHECK_INT(tap_fmt("rename from %s", w), memfs_rename(root, s, l, root, N("z")), e);
		CHECK_INT(tap_fmt("rename to %s", w), memfs_rename(root, N("file"), root, s, l), e);
	}
	for (int d = 1; d <= 2; d++) {
		const char *s = d == 1 ? "." : "..";

		CHECK_INT(tap_fmt("mknod %s", s), memfs_mknod(root, s, d, MEMFS_IFDIR, 0, 0, 0, &n),
			  -EINVAL);
		CHECK_INT(tap_fmt("symlink %s", s), memfs_symlink(root, s, d, N("t"), 0, 0), -EINVAL);
		CHECK_INT(tap_fmt("link %s", s), memfs_link(root, s, d, f), -EINVAL);
		CHECK_INT(tap_fmt("unlink %s", s), memfs_unlink(root, s, d), -EINVAL);
		CHECK_INT(tap_fmt("rmdir %s (root cannot go)", s), memfs_rmdir(root, s, d), -EINVAL);
		CHECK_INT(tap_fmt("rename from %s", s), memfs_rename(root, s, d, root, N("z")),
			  -EINVAL);
		CHECK_INT(tap_fmt("rename to %s", s), memfs_rename(root, N("file"), root, s, d),
			  -EINVAL);
	}
	/* Names are byte strings: the longest, and ones with odd bytes, work. */
	CHECK_INT("255-byte name", memfs_mknod(root, longname, MEMFS_NAME_MAX, MEMFS_IFREG, 0, 0, 0,
					       NULL), 0);
	CHECK_INT("lookup 255-byte name", memfs_lookup(root, longname, MEMFS_NAME_MAX, &n), 0);
	mnode_put(n);
	CHECK_INT("name with spaces and high bytes",
		  memfs_mknod(root, N(" \xff\x01..."), MEMFS_IFREG, 0, 0, 0, NULL), 0);
	CHECK_INT("name '...'", memfs_mknod(root, N("..."), MEMFS_IFREG, 0, 0, 0, NULL), 0);
	CHECK_INT("name '.x'", memfs_mknod(root, N(".x"), MEMFS_IFREG, 0, 0, 0, NULL), 0);
	CHECK_INT("prefix of a name is not the name", memfs_lookup(root, "fil", 3, &n), -ENOENT);
	CHECK_INT("name is length-delimited (no NUL needed)", memfs_lookup(root, "filex", 4, &n),
		  0);
	CHECK("  found file", n == f);
	mnode_put(n);
	CHECK_UINT("nothing made by the bad names", memfs_nodes(fs), 6);
	mnode_put(f);
	memfs_destroy(fs);
}

static void test_mknod_lookup(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f, *d, *c, *p, *n;
	struct memfs_attr a;

	fake_now = 100;
	CHECK_INT("mknod file", memfs_mknod(root, N("f"), MEMFS_IFREG | 0640, 0, 10, 20, &f), 0);
	a = attr(f);
	CHECK_UINT("file mode", a.mode, MEMFS_IFREG | 0640);
	CHECK_UINT("file nlink", a.nlink, 1);
	CHECK_UINT("file uid", a.uid, 10);
	CHECK_UINT("file gid", a.gid, 20);
	CHECK_UINT("file size", a.size, 0);
	CHECK_UINT("file rdev 0", a.rdev, 0);
	CHECK_UINT("file dev", a.dev, 42);
	CHECK_INT("file times", a.atime_ns + a.mtime_ns + a.ctime_ns, 300);
	CHECK_INT("parent mtime", attr(root).mtime_ns, 100);

	fake_now = 200;
	CHECK_INT("mknod dir", memfs_mknod(root, N("d"), MEMFS_IFDIR | 01777, 0, 0, 0, &d), 0);
	CHECK_UINT("dir mode keeps sticky bit", mnode_mode(d), MEMFS_IFDIR | 01777);
	CHECK_UINT("new dir nlink 2", attr(d).nlink, 2);
	CHECK_UINT("root nlink 3", attr(root).nlink, 3);
	CHECK_UINT("root size 4 entries", attr(root).size, 4 * 32);
	CHECK_INT("parent mtime updated", attr(root).mtime_ns, 200);
	CHECK_INT("parent ctime updated", attr(root).ctime_ns, 200);
	CHECK_INT("mknod chr", memfs_mknod(d, N("tty"), MEMFS_IFCHR | 0620, 0x0501, 0, 5, &c), 0);
	CHECK_UINT("chr rdev", attr(c).rdev, 0x0501);
	CHECK_UINT("chr mode", attr(c).mode, MEMFS_IFCHR | 0620);
	CHECK_INT("mknod fifo", memfs_mknod(d, N("fifo"), MEMFS_IFIFO | 0600, 99, 0, 0, &p), 0);
	CHECK_UINT("fifo ignores rdev", attr(p).rdev, 0);
	CHECK_UINT("root nlink still 3", attr(root).nlink, 3);
	CHECK_UINT("mode bits beyond 07777 dropped",
		   (memfs_mknod(root, N("m"), MEMFS_IFREG | 01007777, 0, 0, 0, &n), mnode_mode(n)),
		   MEMFS_IFREG | 07777);
	mnode_put(n);
	CHECK_INT("mknod without out", memfs_mknod(d, N("sub"), MEMFS_IFDIR | 0755, 0, 0, 0, NULL),
		  0);
	CHECK_UINT("d nlink 3", attr(d).nlink, 3);
	CHECK("inos differ", attr(f).ino != attr(d).ino && attr(d).ino != attr(c).ino);

	CHECK_INT("mknod existing", memfs_mknod(root, N("f"), MEMFS_IFREG, 0, 0, 0, &n), -EEXIST);
	CHECK("  out cleared", n == NULL);
	CHECK_INT("mknod existing dir", memfs_mknod(root, N("d"), MEMFS_IFDIR, 0, 0, 0, NULL),
		  -EEXIST);
	CHECK_INT("mknod in a file", memfs_mknod(f, N("x"), MEMFS_IFREG, 0, 0, 0, NULL), -ENOTDIR);
	CHECK_INT("mknod in a chr", memfs_mknod(c, N("x"), MEMFS_IFREG, 0, 0, 0, NULL), -ENOTDIR);
	CHECK_INT("mknod NULL dir", memfs_mknod(NULL, N("x"), MEMFS_IFREG, 0, 0, 0, NULL), -EINVAL);
	CHECK_INT("mknod symlink type", memfs_mknod(root, N("x"), MEMFS_IFLNK | 0777, 0, 0, 0, NULL),
		  -EINVAL);
	CHECK_INT("mknod block device", memfs_mknod(root, N("x"), 0060644, 0, 0, 0, NULL), -EINVAL);
	CHECK_INT("mknod socket", memfs_mknod(root, N("x"), 0140644, 0, 0, 0, NULL), -EINVAL);
	CHECK_INT("mknod type 0", memfs_mknod(root, N("x"), 0644, 0, 0, 0, NULL), -EINVAL);
	CHECK_INT("mknod type 0170000", memfs_mknod(root, N("x"), 0170644, 0, 0, 0, NULL), -EINVAL);
	CHECK_INT("  nothing made", memfs_lookup(root, N("x"), &n), -ENOENT);

	CHECK_INT("lookup file", memfs_lookup(root, N("f"), &n), 0);
	CHECK("  same node", n == f);
	mnode_put(n);
	CHECK_INT("lookup in dir", memfs_lookup(d, N("tty"), &n), 0);
	CHECK("  chr node", n == c);
	mnode_put(n);
	CHECK_INT("lookup .. of d", memfs_lookup(d, N(".."), &n), 0);
	CHECK("  is root", n == root);
	mnode_put(n);
	CHECK_INT("lookup . of d", memfs_lookup(d, N("."), &n), 0);
	CHECK("  is d", n == d);
	mnode_put(n);
	CHECK_INT("lookup missing", memfs_lookup(root, N("nope"), &n), -ENOENT);
	CHECK("  out cleared", n == NULL);
	CHECK_INT("lookup in a file", memfs_lookup(f, N("x"), &n), -ENOTDIR);
	CHECK_INT("lookup . in a file", memfs_lookup(f, N("."), &n), -ENOTDIR);
	CHECK_INT("lookup NULL out", memfs_lookup(root, N("f"), NULL), -EINVAL);
	CHECK_INT("lookup NULL dir", memfs_lookup(NULL, N("f"), &n), -EINVAL);
	CHECK_UINT("nodes", memfs_nodes(fs), 7);
	mnode_put(f);
	mnode_put(d);
	mnode_put(c);
	mnode_put(p);
	CHECK_UINT("puts of linked nodes free nothing", memfs_nodes(fs), 7);
	memfs_destroy(fs);
}

static void test_symlink(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *l, *n, *f = mk(root, "f", MEMFS_IFREG | 0644);
	char big[MEMFS_SYMLINK_MAX + 2], buf[MEMFS_SYMLINK_MAX + 10];

	memset(big, 'a', sizeof(big));
	CHECK_INT("symlink", memfs_symlink(root, N("l"), N("/etc/target"), 7, 8), 0);
	l = get(root, "l");
	CHECK_UINT("symlink mode", mnode_mode(l), MEMFS_IFLNK | 0777);
	CHECK_UINT("symlink size is the target length", attr(l).size, 11);
	CHECK_UINT("symlink owner", attr(l).uid * 100 + attr(l).gid, 708);
	CHECK_UINT("symlink nlink", attr(l).nlink, 1);
	CHECK_INT("readlink", memfs_readlink(l, buf, sizeof(buf)), 11);
	CHECK_MEM("  target", buf, 11, "/etc/target", 11);
	memset(buf, '#', sizeof(buf));
	CHECK_INT("readlink into a short buffer", memfs_readlink(l, buf, 4), 4);
	CHECK_MEM("  truncated, no NUL", buf, 5, "/etc#", 5);
	CHECK_INT("readlink zero length", memfs_readlink(l, NULL, 0), 0);
	CHECK_INT("readlink NULL buffer", memfs_readlink(l, NULL, 5), -EINVAL);
	CHECK_INT("readlink of a file", memfs_readlink(f, buf, 10), -EINVAL);
	CHECK_INT("readlink of a dir", memfs_readlink(root, buf, 10), -EINVAL);
	CHECK_INT("readlink NULL", memfs_readlink(NULL, buf, 10), -EINVAL);
	CHECK_INT("read a symlink", memfs_read(l, 0, buf, 10), -EINVAL);
	CHECK_INT("write a symlink", memfs_write(l, 0, "x", 1), -EINVAL);
	CHECK_INT("truncate a symlink", memfs_truncate(l, 0), -EINVAL);

	CHECK_INT("longest target", memfs_symlink(root, N("long"), big, MEMFS_SYMLINK_MAX, 0, 0), 0);
	n = get(root, "long");
	CHECK_INT("  reads back", memfs_readlink(n, buf, sizeof(buf)), MEMFS_SYMLINK_MAX);
	mnode_put(n);
	CHECK_INT("target too long", memfs_symlink(root, N("l2"), big, MEMFS_SYMLINK_MAX + 1, 0, 0),
		  -ENAMETOOLONG);
	CHECK_INT("empty target", memfs_symlink(root, N("l2"), "", 0, 0, 0), -ENOENT);
	CHECK_INT("NUL in target", memfs_symlink(root, N("l2"), "a\0b", 3, 0, 0), -EINVAL);
	CHECK_INT("NULL target", memfs_symlink(root, N("l2"), NULL, 3, 0, 0), -EINVAL);
	CHECK_INT("symlink over an existing name", memfs_symlink(root, N("f"), N("x"), 0, 0),
		  -EEXIST);
	CHECK_INT("symlink in a file", memfs_symlink(f, N("x"), N("x"), 0, 0), -ENOTDIR);
	CHECK_INT("symlink NULL dir", memfs_symlink(NULL, N("x"), N("x"), 0, 0), -EINVAL);
	CHECK_INT("lookup through a symlink is not memfs's job", memfs_lookup(l, N("x"), &f),
		  -ENOTDIR);
	CHECK_UINT("nodes", memfs_nodes(fs), 4);
	mnode_put(l);
	memfs_destroy(fs);
}

static void test_link(void)
{
	struct memfs *fs = new_fs(0), *fs2 = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG | 0644);
	struct mnode *d = mk(root, "d", MEMFS_IFDIR | 0755), *other = mk(memfs_root(fs2), "o",
									    MEMFS_IFREG);
	char buf[16];

	put_str(f, 0, "shared");
	fake_now = 300;
	CHECK_INT("link", memfs_link(d, N("g"), f), 0);
	CHECK_UINT("nlink 2", attr(f).nlink, 2);
	CHECK_INT("link ctime", attr(f).ctime_ns, 300);
	CHECK_INT("dir mtime", attr(d).mtime_ns, 300);
	CHECK_INT("same data through the link", memfs_read(get(d, "g"), 0, buf, sizeof(buf)), 6);
	mnode_put(f); /* the get */
	CHECK_MEM("  data", buf, 6, "shared", 6);
	CHECK_INT("link a directory", memfs_link(root, N("d2"), d), -EPERM);
	CHECK_INT("link the root", memfs_link(d, N("r"), root), -EPERM);
	CHECK_INT("link across instances", memfs_link(root, N("x"), other), -EXDEV);
	CHECK_INT("link onto an existing name", memfs_link(root, N("d"), f), -EEXIST);
	CHECK_INT("link in a file", memfs_link(f, N("x"), f), -ENOTDIR);
	CHECK_INT("link NULL node", memfs_link(root, N("x"), NULL), -EINVAL);
	CHECK_INT("link NULL dir", memfs_link(NULL, N("x"), f), -EINVAL);
	CHECK_INT("unlink one name", memfs_unlink(root, N("f")), 0);
	CHECK_UINT("nlink 1", attr(f).nlink, 1);
	CHECK_INT("unlink the other", memfs_unlink(d, N("g")), 0);
	CHECK_UINT("nlink 0", attr(f).nlink, 0);
	CHECK_INT("link an unlinked file", memfs_link(root, N("back"), f), -ENOENT);
	mnode_put(f);

	/* The hard-link limit. */
	f = mk(root, "many", MEMFS_IFREG);
	{
		char name[16];
		int i, r = 0;

		for (i = 1; i < 65000 && r == 0; i++) {
			snprintf(name, sizeof(name), "l%d", i);
			r = memfs_link(d, N(name), f);
		}
		CHECK_INT("65000 links", r, 0);
		CHECK_UINT("  nlink", attr(f).nlink, 65000);
		CHECK_INT("one more is -EMLINK", memfs_link(d, N("over"), f), -EMLINK);
		CHECK_UINT("  d holds them", attr(d).size, (64999 + 2) * 32ull);
	}
	mnode_put(f);
	mnode_put(d);
	mnode_put(other);
	memfs_destroy(fs);
	memfs_destroy(fs2);
}

static void test_unlink_rmdir(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *d = mk(root, "d", MEMFS_IFDIR | 0755), *e, *n;

	mnode_put(mk(d, "f", MEMFS_IFREG));
	mnode_put(mk(d, "sub", MEMFS_IFDIR));
	CHECK_INT("symlink", memfs_symlink(d, N("l"), N("t"), 0, 0), 0);
	mnode_put(mk(d, "c", MEMFS_IFCHR));
	mnode_put(mk(d, "p", MEMFS_IFIFO));
	CHECK_UINT("nodes", memfs_nodes(fs), 7);
	CHECK_INT("unlink a directory", memfs_unlink(d, N("sub")), -EISDIR);
	CHECK_INT("rmdir a file", memfs_rmdir(d, N("f")), -ENOTDIR);
	CHECK_INT("rmdir a symlink", memfs_rmdir(d, N("l")), -ENOTDIR);
	CHECK_INT("rmdir a non-empty dir", memfs_rmdir(root, N("d")), -ENOTEMPTY);
	CHECK_INT("unlink missing", memfs_unlink(d, N("zz")), -ENOENT);
	CHECK_INT("rmdir missing", memfs_rmdir(d, N("zz")), -ENOENT);
	n = get(d, "f");
	CHECK_INT("unlink in a file", memfs_unlink(n, N("x")), -ENOTDIR);
	mnode_put(n);
	n = get(d, "l");
	CHECK_INT("rmdir in a symlink", memfs_rmdir(n, N("x")), -ENOTDIR);
	mnode_put(n);
	CHECK_INT("unlink NULL dir", memfs_unlink(NULL, N("x")), -EINVAL);
	CHECK_INT("rmdir NULL dir", memfs_rmdir(NULL, N("x")), -EINVAL);

	fake_now = 400;
	CHECK_INT("unlink file", memfs_unlink(d, N("f")), 0);
	CHECK_INT("unlink symlink", memfs_unlink(d, N("l")), 0);
	CHECK_INT("unlink chr", memfs_unlink(d, N("c")), 0);
	CHECK_INT("unlink fifo", memfs_unlink(d, N("p")), 0);
	CHECK_INT("  gone", memfs_lookup(d, N("f"), &n), -ENOENT);
	CHECK_INT("dir mtime", attr(d).mtime_ns, 400);
	CHECK_UINT("freed", memfs_nodes(fs), 3);
	CHECK_UINT("d nlink with sub", attr(d).nlink, 3);
	CHECK_INT("rmdir sub", memfs_rmdir(d, N("sub")), 0);
	CHECK_UINT("d nlink", attr(d).nlink, 2);
	CHECK_UINT("d size", attr(d).size, 64);
	CHECK_UINT("root nlink", attr(root).nlink, 3);

	/* Removing an open directory: it lives on, dead. */
	e = mk(d, "e", MEMFS_IFDIR);
	CHECK_INT("rmdir d while open", memfs_rmdir(d, N("e")), 0);
	CHECK_UINT("removed dir nlink 0", attr(e).nlink, 0);
	CHECK_INT("removed dir has no ..", memfs_lookup(e, N(".."), &n), -ENOENT);
	CHECK_INT("removed dir: . still works", memfs_lookup(e, N("."), &n), 0);
	mnode_put(n);
	CHECK_INT("removed dir takes no entries", memfs_mknod(e, N("x"), MEMFS_IFREG, 0, 0, 0, NULL),
		  -ENOENT);
	CHECK_INT("removed dir: no symlink", memfs_symlink(e, N("x"), N("y"), 0, 0), -ENOENT);
	CHECK_INT("removed dir: no rename into it", memfs_rename(root, N("d"), e, N("x")), -ENOENT);
	{
		struct listing l = { 0 };

		CHECK_INT("removed dir: readdir", list_all(e, 10, &l), 0);
		CHECK_UINT("  only . and ..", l.n, 2);
		free(l.e);
	}
	CHECK_UINT("d nlink back to 2", attr(d).nlink, 2);
	CHECK_UINT("open dir still counted", memfs_nodes(fs), 3);
	mnode_put(e);
	CHECK_UINT("put frees it", memfs_nodes(fs), 2);
	CHECK_INT("rmdir d", memfs_rmdir(root, N("d")), 0);
	CHECK_UINT("root nlink 2", attr(root).nlink, 2);
	mnode_put(d);
	CHECK_UINT("only the root", memfs_nodes(fs), 1);
	memfs_destroy(fs);
}

static void test_rename(void)
{
	struct memfs *fs = new_fs(0), *fs2 = new_fs(0);
	struct mnode *root = memfs_root(fs), *a = mk(root, "a", MEMFS_IFDIR | 0755);
	struct mnode *b = mk(a, "b", MEMFS_IFDIR | 0755), *c = mk(b, "c", MEMFS_IFDIR | 0755);
	struct mnode *f = mk(root, "f", MEMFS_IFREG | 0644), *g = mk(a, "g", MEMFS_IFREG), *n;
	struct mnode *e = mk(root, "e", MEMFS_IFDIR), *x;
	char buf[8], longname[MEMFS_NAME_MAX];

	put_str(f, 0, "F");
	put_str(g, 0, "G");
	fake_now = 500;
	CHECK_INT("rename within a dir", memfs_rename(root, N("f"), root, N("f2")), 0);
	CHECK_INT("  old name gone", memfs_lookup(root, N("f"), &n), -ENOENT);
	CHECK("  new name is the node", (n = get(root, "f2")) == f);
	mnode_put(n);
	CHECK_INT("  node ctime", attr(f).ctime_ns, 500);
	CHECK_INT("  dir mtime", attr(root).mtime_ns, 500);
	CHECK_INT("rename across dirs", memfs_rename(root, N("f2"), b, N("f3")), 0);
	CHECK("  moved", (n = get(b, "f3")) == f);
	mnode_put(n);

	CHECK_INT("rename file over file", memfs_rename(b, N("f3"), a, N("g")), 0);
	CHECK("  g is f", (n = get(a, "g")) == f);
	mnode_put(n);
	CHECK_UINT("  replaced file unlinked", attr(g).nlink, 0);
	CHECK_INT("  but readable while open", memfs_read(g, 0, buf, 8), 1);
	CHECK_UINT("  nodes before put", memfs_nodes(fs), 7);
	mnode_put(g);
	CHECK_UINT("  freed on put", memfs_nodes(fs), 6);

	CHECK_INT("rename onto itself", memfs_rename(a, N("g"), a, N("g")), 0);
	CHECK_INT("link for the same-node case", memfs_link(root, N("h"), f), 0);
	CHECK_INT("rename between two links of one file", memfs_rename(root, N("h"), a, N("g")), 0);
	CHECK("  both names stay", (n = get(root, "h")) == f);
	mnode_put(n);
	CHECK_UINT("  nlink 2", attr(f).nlink, 2);
	CHECK_INT("unlink h", memfs_unlink(root, N("h")), 0);

	CHECK_INT("dir into itself", memfs_rename(root, N("a"), a, N("x")), -EINVAL);
	CHECK_INT("dir into its child", memfs_rename(root, N("a"), b, N("x")), -EINVAL);
	CHECK_INT("dir into its grandchild", memfs_rename(root, N("a"), c, N("x")), -EINVAL);
	CHECK_INT("dir onto its own child name", memfs_rename(root, N("a"), a, N("b")), -EINVAL);
	CHECK_INT("dir over a non-empty dir", memfs_rename(root, N("e"), root, N("a")), -ENOTEMPTY);
	CHECK_INT("dir over its non-empty ancestor", memfs_rename(b, N("c"), root, N("a")),
		  -ENOTEMPTY);
	CHECK_INT("dir over a file", memfs_rename(root, N("e"), a, N("g")), -ENOTDIR);
	CHECK_INT("file over a dir", memfs_rename(a, N("g"), root, N("e")), -EISDIR);
	CHECK_INT("missing source", memfs_rename(root, N("zz"), root, N("y")), -ENOENT);
	CHECK_INT("source dir is a file", memfs_rename(f, N("x"), root, N("y")), -ENOTDIR);
	CHECK_INT("target dir is a file", memfs_rename(root, N("e"), f, N("y")), -ENOTDIR);
	CHECK_INT("across instances", memfs_rename(root, N("e"), memfs_root(fs2), N("e")), -EXDEV);
	CHECK_INT("NULL dirs", memfs_rename(NULL, N("e"), root, N("y")), -EINVAL);
	CHECK_INT("NULL new dir", memfs_rename(root, N("e"), NULL, N("y")), -EINVAL);

	/* Directory moves keep nlink and ".." right. */
	CHECK_UINT("a nlink 2+b", attr(a).nlink, 3);
	CHECK_UINT("root nlink 2+a+e", attr(root).nlink, 4);
	CHECK_INT("move c up to root", memfs_rename(b, N("c"), root, N("c")), 0);
	CHECK_UINT("  b nlink", attr(b).nlink, 2);
	CHECK_UINT("  root nlink", attr(root).nlink, 5);
	CHECK("  .. of c is root", (n = get(c, "..")) == root);
	mnode_put(n);
	CHECK_INT("move c into e", memfs_rename(root, N("c"), e, N("c")), 0);
	CHECK("  .. of c is e", (n = get(c, "..")) == e);
	mnode_put(n);
	CHECK_UINT("  e nlink", attr(e).nlink, 3);
	CHECK_UINT("  root nlink", attr(root).nlink, 4);
	x = mk(root, "x", MEMFS_IFDIR);
	CHECK_INT("dir over an empty dir", memfs_rename(e, N("c"), root, N("x")), 0);
	CHECK("  x is c", (n = get(root, "x")) == c);
	mnode_put(n);
	CHECK_UINT("  old x dead", attr(x).nlink, 0);
	CHECK_UINT("  e nlink", attr(e).nlink, 2);
	CHECK_UINT("  root nlink: a, e, x", attr(root).nlink, 5);
	CHECK("  .. of c is root", (n = get(c, "..")) == root);
	mnode_put(n);
	mnode_put(x);
	CHECK_INT("dir over an empty dir in the same parent", memfs_rename(root, N("x"), root,
									     N("e")), 0);
	CHECK_UINT("  root nlink: a, e", attr(root).nlink, 4);
	CHECK_UINT("  nodes: root a b f e(c)", memfs_nodes(fs), 5 + 1);
	mnode_put(e); /* old e, replaced while open */
	CHECK_UINT("  replaced dir freed on put", memfs_nodes(fs), 5);
	memset(longname, 'r', sizeof(longname));
	CHECK_INT("rename to a 255-byte name", memfs_rename(a, N("g"), a, longname, 255), 0);
	CHECK_INT("  found", memfs_lookup(a, longname, 255, &n), 0);
	mnode_put(n);
	mnode_put(a);
	mnode_put(b);
	mnode_put(c);
	mnode_put(f);
	memfs_destroy(fs);
	memfs_destroy(fs2);
}

static bool all_zero(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

static void test_data(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG | 0644), *c;
	unsigned char *buf = malloc(5 * PG), *pat = malloc(5 * PG);
	struct memfs_attr a;

	for (int i = 0; i < 5 * PG; i++)
		pat[i] = (unsigned char)(i * 7 + 1);
	fake_now = 600;
	CHECK_INT("write", memfs_write(f, 0, "hello", 5), 5);
	a = attr(f);
	CHECK_UINT("size", a.size, 5);
	CHECK_UINT("blocks: one page", a.blocks, 8);
	CHECK_UINT("bytes used: one page", memfs_bytes_used(fs), PG);
	CHECK_INT("mtime", a.mtime_ns, 600);
	CHECK_INT("ctime", a.ctime_ns, 600);
	CHECK_INT("read", memfs_read(f, 0, buf, 100), 5);
	CHECK_MEM("  data", (char *)buf, 5, "hello", 5);
	CHECK_INT("read from the middle", memfs_read(f, 2, buf, 2), 2);
	CHECK_MEM("  data", (char *)buf, 2, "ll", 2);
	CHECK_INT("read at the end", memfs_read(f, 5, buf, 10), 0);
	CHECK_INT("read past the end", memfs_read(f, 1000, buf, 10), 0);
	CHECK_INT("read at UINT64_MAX", memfs_read(f, UINT64_MAX, buf, 10), 0);
	CHECK_INT("read 0 bytes", memfs_read(f, 0, buf, 0), 0);
	CHECK_INT("read NULL 0 bytes", memfs_read(f, 0, NULL, 0), 0);
	CHECK_INT("read NULL buffer", memfs_read(f, 0, NULL, 5), -EINVAL);
	CHECK_INT("read huge length", memfs_read(f, 1, buf, SIZE_MAX), 4);
	fake_now = 650;
	CHECK_INT("write 0 bytes", memfs_write(f, 99, "x", 0), 0);
	CHECK_UINT("  size unchanged", attr(f).size, 5);
	CHECK_INT("  mtime unchanged", attr(f).mtime_ns, 600);
	CHECK_INT("write NULL buffer", memfs_write(f, 0, NULL, 5), -EINVAL);
	CHECK_INT("overwrite", memfs_write(f, 1, "EL", 2), 2);
	CHECK_INT("  read", memfs_read(f, 0, buf, 10), 5);
	CHECK_MEM("  data", (char *)buf, 5, "hELlo", 5);

	/* A hole: from 5 to 3 pages + 10. */
	CHECK_INT("write past a hole", memfs_write(f, 3 * PG + 10, "end", 3), 3);
	CHECK_UINT("  size", attr(f).size, 3 * PG + 13);
	CHECK_UINT("  two pages owned", memfs_bytes_used(fs), 2 * PG);
	CHECK_UINT("  blocks", attr(f).blocks, 16);
	memset(buf, 0xaa, 5 * PG);
	CHECK_INT("read across the hole", memfs_read(f, 0, buf, 5 * PG), 3 * PG + 13);
	CHECK("  hole reads as zeros", all_zero(buf + 5, 3 * PG + 10 - 5));
	CHECK_MEM("  data after it", (char *)buf + 3 * PG + 10, 3, "end", 3);
	CHECK("  buffer past the end untouched", buf[3 * PG + 13] == 0xaa);

	/* Page-crossing writes and reads at every alignment. */
	{
		bool ok = true;

		for (size_t off = PG - 3; off <= PG + 3 && ok; off++) {
			for (size_t len = 1; len <= 2 * PG + 2 && ok; len += PG / 2 + 1) {
				ok = memfs_write(f, off, pat, len) == (long)len &&
				     memfs_read(f, off, buf, len) == (long)len &&
				     memcmp(buf, pat, len) == 0;
			}
		}
		CHECK("writes and reads across page edges", ok);
	}

	/* Truncate: shrink zeroes the tail for a later grow; grow reads zeros. */
	CHECK_INT("write 5 pages", memfs_write(f, 0, pat, 5 * PG), 5 * PG);
	CHECK_UINT("  5 pages used", memfs_bytes_used(fs), 5 * PG);
	fake_now = 700;
	CHECK_INT("truncate to 1.5 pages", memfs_truncate(f, PG + PG / 2), 0);
	CHECK_UINT("  size", attr(f).size, PG + PG / 2);
	CHECK_UINT("  2 pages left", memfs_bytes_used(fs), 2 * PG);
	CHECK_INT("  mtime", attr(f).mtime_ns, 700);
	CHECK_INT("truncate up to 4 pages", memfs_truncate(f, 4 * PG), 0);
	CHECK_UINT("  growing allocates nothing", memfs_bytes_used(fs), 2 * PG);
	memset(buf, 0xaa, 5 * PG);
	CHECK_INT("  read", memfs_read(f, 0, buf, 5 * PG), 4 * PG);
	CHECK_MEM("  kept data", (char *)buf, PG + PG / 2, (char *)pat, PG + PG / 2);
	CHECK("  old tail reads as zeros", all_zero(buf + PG + PG / 2, 4 * PG - PG - PG / 2));
	CHECK_INT("truncate to a page edge", memfs_truncate(f, PG), 0);
	CHECK_UINT("  1 page left", memfs_bytes_used(fs), PG);
	CHECK_INT("truncate to the same size", memfs_truncate(f, PG), 0);
	CHECK_INT("truncate to 0", memfs_truncate(f, 0), 0);
	CHECK_UINT("  nothing used", memfs_bytes_used(fs), 0);
	CHECK_UINT("  blocks 0", attr(f).blocks, 0);
	CHECK_INT("  read", memfs_read(f, 0, buf, 10), 0);
	CHECK_INT("truncate up from 0", memfs_truncate(f, 10), 0);
	CHECK_INT("  reads zeros", memfs_read(f, 0, buf, 100), 10);
	CHECK("  zeros", all_zero(buf, 10));

	/* Sparse, at the limit. */
	CHECK_INT("write the last byte", memfs_write(f, MEMFS_FILE_MAX - 1, "Z", 1), 1);
	CHECK_UINT("  size is the limit", attr(f).size, MEMFS_FILE_MAX);
	CHECK_UINT("  one page used", memfs_bytes_used(fs), PG);
	CHECK_INT("  read it", memfs_read(f, MEMFS_FILE_MAX - 1, buf, 10), 1);
	CHECK("  byte", buf[0] == 'Z');
	CHECK_INT("  a far hole reads zeros", memfs_read(f, MEMFS_FILE_MAX / 2, buf, PG), PG);
	CHECK("  zeros", all_zero(buf, PG));
	CHECK_INT("write at the limit", memfs_write(f, MEMFS_FILE_MAX, "Z", 1), -EFBIG);
	CHECK_INT("write at UINT64_MAX", memfs_write(f, UINT64_MAX, "Z", 1), -EFBIG);
	CHECK_INT("write across the limit is short", memfs_write(f, MEMFS_FILE_MAX - 2, "abcd", 4),
		  2);
	CHECK_INT("truncate past the limit", memfs_truncate(f, MEMFS_FILE_MAX + 1), -EFBIG);
	CHECK_INT("truncate to the limit", memfs_truncate(f, MEMFS_FILE_MAX), 0);
	CHECK_INT("truncate down from the limit", memfs_truncate(f, 3), 0);
	CHECK_UINT("  pages freed", memfs_bytes_used(fs), 0);
	CHECK_INT("  and the front is zeros", memfs_read(f, 0, buf, 10), 3);
	CHECK("  zeros", all_zero(buf, 3));
	CHECK_INT("write after the tree shrank", memfs_write(f, 2 * PG, "q", 1), 1);
	CHECK_INT("  read", memfs_read(f, 2 * PG, buf, 2), 1);
	CHECK("  q", buf[0] == 'q');

	/* The wrong kinds of node. */
	c = mk(root, "c", MEMFS_IFCHR);
	CHECK_INT("read a dir", memfs_read(root, 0, buf, 1), -EISDIR);
	CHECK_INT("write a dir", memfs_write(root, 0, "x", 1), -EISDIR);
	CHECK_INT("truncate a dir", memfs_truncate(root, 0), -EISDIR);
	CHECK_INT("read a chr", memfs_read(c, 0, buf, 1), -EINVAL);
	CHECK_INT("write a chr", memfs_write(c, 0, "x", 1), -EINVAL);
	CHECK_INT("truncate a chr", memfs_truncate(c, 0), -EINVAL);
	CHECK_INT("read NULL", memfs_read(NULL, 0, buf, 1), -EINVAL);
	CHECK_INT("write NULL", memfs_write(NULL, 0, "x", 1), -EINVAL);
	CHECK_INT("truncate NULL", memfs_truncate(NULL, 0), -EINVAL);
	mnode_put(c);
	mnode_put(f);
	free(buf);
	free(pat);
	memfs_destroy(fs);
}

static void test_space(void)
{
	struct memfs *fs = new_fs(3 * PG);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG), *g;
	unsigned char *big = calloc(1, 8 * PG), *buf = malloc(8 * PG);

	memset(big, 'b', 8 * PG);
	CHECK_INT("write 4 pages into 3: short", memfs_write(f, 0, big, 4 * PG), 3 * PG);
	CHECK_UINT("  size", attr(f).size, 3 * PG);
	CHECK_UINT("  used = max", memfs_bytes_used(fs), 3 * PG);
	CHECK_INT("write more: -ENOSPC", memfs_write(f, 3 * PG, big, 1), -ENOSPC);
	CHECK_INT("  nothing lost", memfs_read(f, 0, buf, 8 * PG), 3 * PG);
	CHECK_MEM("  data", (char *)buf, 3 * PG, (char *)big, 3 * PG);
	CHECK_INT("overwrite inside owned pages still works", memfs_write(f, 10, "xyz", 3), 3);
	CHECK_INT("a hole costs nothing", memfs_truncate(f, 100 * PG), 0);
	CHECK_UINT("  used", memfs_bytes_used(fs), 3 * PG);
	CHECK_INT("  but writing into it does", memfs_write(f, 50 * PG, "x", 1), -ENOSPC);
	g = mk(root, "g", MEMFS_IFREG);
	CHECK_INT("another file: -ENOSPC", memfs_write(g, 0, "x", 1), -ENOSPC);
	CHECK_UINT("  g size stays 0", attr(g).size, 0);
	CHECK_INT("unlink f while open", memfs_unlink(root, N("f")), 0);
	CHECK_UINT("  open file keeps its pages", memfs_bytes_used(fs), 3 * PG);
	CHECK_INT("  still writable in place", memfs_write(f, 0, "q", 1), 1);
	mnode_put(f);
	CHECK_UINT("  put gives them back", memfs_bytes_used(fs), 0);
	CHECK_INT("now g fits", memfs_write(g, PG - 1, big, 2), 2);
	CHECK_UINT("  two pages", memfs_bytes_used(fs), 2 * PG);
	CHECK_INT("write spanning the last free page", memfs_write(g, 2 * PG - 5, big, 2 * PG), PG + 5);
	CHECK_UINT("  full", memfs_bytes_used(fs), 3 * PG);
	mnode_put(g);
	free(big);
	free(buf);
	memfs_destroy(fs);
}

static void test_attrs(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG | 0644);
	struct memfs_attr a;

	fake_now = 800;
	CHECK_INT("chmod", memfs_chmod(f, 04755), 0);
	CHECK_UINT("  mode", mnode_mode(f), MEMFS_IFREG | 04755);
	CHECK_INT("  ctime", attr(f).ctime_ns, 800);
	CHECK_INT("chmod cannot change the type", memfs_chmod(f, MEMFS_IFDIR | 0700), 0);
	CHECK_UINT("  still a file", mnode_mode(f), MEMFS_IFREG | 0700);
	CHECK("  not a dir", !mnode_is_dir(f));
	CHECK_INT("chmod a dir", memfs_chmod(root, 0711), 0);
	CHECK_UINT("  mode", mnode_mode(root), MEMFS_IFDIR | 0711);
	fake_now = 810;
	CHECK_INT("chown", memfs_chown(f, 11, 22), 0);
	a = attr(f);
	CHECK_UINT("  uid", a.uid, 11);
	CHECK_UINT("  gid", a.gid, 22);
	CHECK_INT("  ctime", a.ctime_ns, 810);
	CHECK_INT("chown uid only", memfs_chown(f, 33, 0xffffffffu), 0);
	CHECK_UINT("  gid kept", attr(f).gid, 22);
	CHECK_INT("chown gid only", memfs_chown(f, 0xffffffffu, 44), 0);
	CHECK_UINT("  uid kept", attr(f).uid, 33);
	CHECK_UINT("  gid", attr(f).gid, 44);
	fake_now = 820;
	CHECK_INT("set_times", memfs_set_times(f, -5, 1234567890123456789ll), 0);
	a = attr(f);
	CHECK_INT("  atime", a.atime_ns, -5);
	CHECK_INT("  mtime", a.mtime_ns, 1234567890123456789ll);
	CHECK_INT("  ctime is now", a.ctime_ns, 820);
	CHECK_INT("chmod NULL", memfs_chmod(NULL, 0), -EINVAL);
	CHECK_INT("chown NULL", memfs_chown(NULL, 0, 0), -EINVAL);
	CHECK_INT("set_times NULL", memfs_set_times(NULL, 0, 0), -EINVAL);
	mnode_put(f);
	memfs_destroy(fs);
}

/* Everything that changes the instance fails once it is sealed; reading works. */
static void test_seal(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *d = mk(root, "d", MEMFS_IFDIR);
	struct mnode *f = mk(root, "f", MEMFS_IFREG), *e = mk(root, "e", MEMFS_IFREG), *n;
	struct ar ar = { 0 };
	const char *why = NULL;
	char buf[8];
	struct listing l = { 0 };

	put_str(f, 0, "data");
	ar_file(&ar, "x", MEMFS_IFREG | 0644, "x");
	ar_trailer(&ar);
	memfs_seal(fs);
	CHECK_INT("sealed: mknod", memfs_mknod(root, N("x"), MEMFS_IFREG, 0, 0, 0, &n), -EROFS);
	CHECK_INT("sealed: mknod existing is still -EEXIST (mkdir -p)",
		  memfs_mknod(root, N("d"), MEMFS_IFDIR, 0, 0, 0, &n), -EEXIST);
	CHECK_INT("sealed: symlink", memfs_symlink(root, N("x"), N("y"), 0, 0), -EROFS);
	CHECK_INT("sealed: link", memfs_link(root, N("x"), f), -EROFS);
	CHECK_INT("sealed: unlink", memfs_unlink(root, N("f")), -EROFS);
	CHECK_INT("sealed: unlink missing is -ENOENT", memfs_unlink(root, N("zz")), -ENOENT);
	CHECK_INT("sealed: rmdir", memfs_rmdir(root, N("d")), -EROFS);
	CHECK_INT("sealed: rename", memfs_rename(root, N("f"), root, N("g")), -EROFS);
	CHECK_INT("sealed: rename onto itself", memfs_rename(root, N("f"), root, N("f")), -EROFS);
	CHECK_INT("sealed: write", memfs_write(f, 0, "x", 1), -EROFS);
	CHECK_INT("sealed: write 0 bytes", memfs_write(f, 0, "x", 0), -EROFS);
	CHECK_INT("sealed: truncate", memfs_truncate(f, 0), -EROFS);
	CHECK_INT("sealed: add_borrowed", memfs_add_borrowed(e, "abc", 3), -EROFS);
	CHECK_INT("sealed: chmod", memfs_chmod(f, 0), -EROFS);
	CHECK_INT("sealed: chown", memfs_chown(f, 1, 1), -EROFS);
	CHECK_INT("sealed: set_times", memfs_set_times(f, 1, 1), -EROFS);
	CHECK_INT("sealed: load_cpio", memfs_load_cpio(fs, ar.b, ar.len, &why), -EROFS);
	CHECK_INT("sealed: read works", memfs_read(f, 0, buf, 8), 4);
	CHECK_MEM("  data", buf, 4, "data", 4);
	CHECK_INT("sealed: lookup works", memfs_lookup(root, N("f"), &n), 0);
	mnode_put(n);
	CHECK_INT("sealed: readdir works", list_all(root, 100, &l), 0);
	CHECK_UINT("  entries", l.n, 5);
	CHECK_INT("sealed: getattr works", memfs_getattr(f, &(struct memfs_attr){ 0 }), 0);
	CHECK_UINT("sealed: nothing changed", memfs_nodes(fs), 4);
	free(l.e);
	free(ar.b);
	mnode_put(d);
	mnode_put(f);
	mnode_put(e);
	memfs_destroy(fs);
}

static void test_refcount(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG), *n;
	char buf[16];

	put_str(f, 0, "before");
	mnode_get(f);
	mnode_get(NULL);
	CHECK_INT("unlink an open file", memfs_unlink(root, N("f")), 0);
	CHECK_INT("  gone from the dir", memfs_lookup(root, N("f"), &n), -ENOENT);
	CHECK_UINT("  node alive", memfs_nodes(fs), 2);
	CHECK_UINT("  nlink 0", attr(f).nlink, 0);
	CHECK_INT("  read", memfs_read(f, 0, buf, 16), 6);
	CHECK_MEM("  data", buf, 6, "before", 6);
	CHECK_INT("  write", put_str(f, 6, "+after"), 6);
	CHECK_INT("  truncate", memfs_truncate(f, 10), 0);
	CHECK_INT("  read again", memfs_read(f, 0, buf, 16), 10);
	CHECK_MEM("  data", buf, 10, "before+aft", 10);
	CHECK_INT("  chmod works", memfs_chmod(f, 0600), 0);
	CHECK_INT("  a new file may take the name", memfs_mknod(root, N("f"), MEMFS_IFREG, 0, 0, 0,
								 &n), 0);
	CHECK("  a different node", n != f);
	mnode_put(n);
	mnode_put(f);
	CHECK_UINT("  first put keeps it", memfs_nodes(fs), 3);
	mnode_put(f);
	CHECK_UINT("  last put frees it", memfs_nodes(fs), 2);
	CHECK_UINT("  and its pages", memfs_bytes_used(fs), 0);

	/* Destroy with open and unlinked nodes: LeakSanitizer checks it frees all. */
	f = mk(root, "open", MEMFS_IFREG);
	put_str(f, 5 * PG, "x");
	memfs_unlink(root, N("open"));
	n = mk(root, "dir", MEMFS_IFDIR);
	memfs_rmdir(root, N("dir"));
	memfs_destroy(fs);
	PASS("destroy with open, unlinked nodes");
}

/* ---- readdir ------------------------------------------------------------------ */

static void test_readdir(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *d = mk(root, "d", MEMFS_IFDIR | 0700), *f;
	struct listing l = { 0 };
	uint64_t cookie;
	char name[32];

	CHECK_INT("empty dir", list_all(d, 100, &l), 0);
	CHECK_UINT("  two entries", l.n, 2);
	CHECK_STR("  .", l.e[0].name, ".");
	CHECK_UINT("  . ino", l.e[0].ino, attr(d).ino);
	CHECK_UINT("  . mode", l.e[0].mode, MEMFS_IFDIR | 0700);
	CHECK_STR("  ..", l.e[1].name, "..");
	CHECK_UINT("  .. ino is the parent", l.e[1].ino, attr(root).ino);
	CHECK_INT("root", list_all(root, 100, &l), 0);
	CHECK_UINT("  .. of root is root", l.e[1].ino, attr(root).ino);
	CHECK_UINT("  3 entries", l.n, 3);

	f = mk(d, "file", MEMFS_IFREG | 0644);
	CHECK_INT("symlink", memfs_symlink(d, N("link"), N("t"), 0, 0), 0);
	mnode_put(mk(d, "sub", MEMFS_IFDIR));
	CHECK_INT("listing", list_all(d, 100, &l), 0);
	CHECK_UINT("  5 entries", l.n, 5);
	CHECK_STR("  in creation order", l.e[2].name, "file");
	CHECK_STR("  in creation order", l.e[3].name, "link");
	CHECK_STR("  in creation order", l.e[4].name, "sub");
	CHECK_UINT("  file ino", l.e[2].ino, attr(f).ino);
	CHECK_UINT("  file mode", l.e[2].mode, MEMFS_IFREG | 0644);
	CHECK_UINT("  link mode", l.e[3].mode, MEMFS_IFLNK | 0777);
	CHECK_UINT("  sub mode", l.e[4].mode, MEMFS_IFDIR);

	/* next_cookie resumes after each entry. */
	for (size_t i = 0; i < 5; i++) {
		struct listing one = { 0 };
		uint64_t c = l.e[i].next;

		one.limit = 1;
		memfs_readdir(d, &c, collect, &one);
		if (i + 1 < 5)
			CHECK_STR(tap_fmt("cookie after %s names the next", l.e[i].name),
				  one.n ? one.e[0].name : "(none)", l.e[i + 1].name);
		else
			CHECK_UINT("cookie after the last: nothing", one.n, 0);
		free(one.e);
	}
	/* A refused entry is not consumed. */
	cookie = 0;
	l.n = 0;
	l.limit = 0;
	CHECK_INT("emit refuses .", memfs_readdir(d, &cookie, collect, &l), 0);
	CHECK_UINT("  cookie stays 0", cookie, 0);
	l.limit = 3;
	memfs_readdir(d, &cookie, collect, &l);
	CHECK_UINT("  three taken", l.n, 3);
	CHECK_STR("  third is file", l.e[2].name, "file");
	l.limit = 4;
	memfs_readdir(d, &cookie, collect, &l);
	CHECK_STR("  resumes at link", l.e[3].name, "link");
	l.limit = 100;
	memfs_readdir(d, &cookie, collect, &l);
	CHECK_UINT("  then the rest", l.n, 5);
	memfs_readdir(d, &cookie, collect, &l);
	CHECK_UINT("  at the end: nothing more", l.n, 5);
	mnode_put(mk(d, "late", MEMFS_IFREG));
	memfs_readdir(d, &cookie, collect, &l);
	CHECK_UINT("  an entry made after the end shows up", l.n, 6);
	cookie = UINT64_MAX;
	CHECK_INT("garbage cookie", memfs_readdir(d, &cookie, collect, &l), 0);
	CHECK_UINT("  emits nothing", l.n, 6);
	CHECK_INT("readdir a file", memfs_readdir(f, &cookie, collect, &l), -ENOTDIR);
	CHECK_INT("readdir NULL", memfs_readdir(NULL, &cookie, collect, &l), -EINVAL);
	CHECK_INT("readdir NULL cookie", memfs_readdir(d, NULL, collect, &l), -EINVAL);
	CHECK_INT("readdir NULL emit", memfs_readdir(d, &cookie, NULL, &l), -EINVAL);
	mnode_put(f);

	/* A big directory: hash growth and shrink, tombstones, compaction. */
	{
		const int n = 20000;
		bool ok = true;

		for (int i = 0; i < n && ok; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			ok = memfs_mknod(root, N(name), MEMFS_IFREG, 0, 0, 0, NULL) == 0;
		}
		CHECK("20000 entries made", ok);
		for (int i = 0; i < n && ok; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			f = get(root, name);
			ok = f != NULL;
			mnode_put(f);
		}
		CHECK("  all found", ok);
		for (int i = 0; i < n && ok; i++) {
			if (i % 10) {
				snprintf(name, sizeof(name), "n%d", i);
				ok = memfs_unlink(root, N(name)) == 0;
			}
		}
		CHECK("  90% removed", ok);
		CHECK_INT("  listing in chunks of 7", list_all(root, 7, &l), 0);
		CHECK_UINT("  count", l.n, 2 + 1 + n / 10);
		for (int i = 0; i < n && ok; i += 10) {
			snprintf(name, sizeof(name), "n%d", i);
			ok = strcmp(l.e[3 + i / 10].name, name) == 0;
		}
		CHECK("  survivors in order", ok);
		for (int i = 0; i < n && ok; i++) {
			snprintf(name, sizeof(name), "n%d", i);
			f = get(root, name);
			ok = (f != NULL) == (i % 10 == 0);
			mnode_put(f);
		}
		CHECK("  lookups after the removals", ok);
		for (int i = 0; i < n && ok; i += 10) {
			snprintf(name, sizeof(name), "n%d", i);
			ok = memfs_unlink(root, N(name)) == 0;
		}
		CHECK_UINT("  root size after removing all", attr(root).size, 3 * 32);
		CHECK_UINT("  nodes", memfs_nodes(fs), 6);
	}
	free(l.e);
	mnode_put(d);
	memfs_destroy(fs);
}

/*
 * Cookie stability: list a directory a few entries at a time while entries
 * are made, removed and renamed between the calls. No name comes twice;
 * every entry there the whole time comes exactly once.
 */
static void test_readdir_stability(void)
{
	const char *bad = NULL;

	for (int round = 0; round < 200 && !bad; round++) {
		struct memfs *fs = new_fs(0);
		struct mnode *d = memfs_root(fs);
		enum { MAXN = 200 };
		bool present[MAXN] = { 0 }, always[MAXN] = { 0 };
		int seen[MAXN] = { 0 }, next_name = 0, start = 10 + (int)(rnd() % 60);
		struct listing l = { 0 };
		uint64_t cookie = 0;
		char name[16];
		size_t before;

		for (int i = 0; i < start; i++, next_name++) {
			snprintf(name, sizeof(name), "e%d", i);
			memfs_mknod(d, N(name), MEMFS_IFREG, 0, 0, 0, NULL);
			present[i] = always[i] = true;
		}
		do {
			before = l.n;
			l.limit = l.n + 1 + rnd() % 6;
			memfs_readdir(d, &cookie, collect, &l);
			for (int k = 0; k < 4; k++) {
				int i = (int)(rnd() % (unsigned)next_name), op = (int)(rnd() % 3);

				snprintf(name, sizeof(name), "e%d", i);
				if (present[i] && op == 0) {
					memfs_unlink(d, N(name));
					present[i] = always[i] = false;
				} else if (next_name < MAXN && op == 1) {
					char nn[16];

					snprintf(nn, sizeof(nn), "e%d", next_name);
					memfs_mknod(d, N(nn), MEMFS_IFREG, 0, 0, 0, NULL);
					present[next_name++] = true;
				} else if (present[i] && next_name < MAXN) {
					char nn[16];

					snprintf(nn, sizeof(nn), "e%d", next_name);
					memfs_rename(d, N(name), d, N(nn));
					present[i] = always[i] = false;
					present[next_name++] = true;
				}
			}
		} while (l.n > before);
		for (size_t k = 2; k < l.n && !bad; k++) {
			int i = atoi(l.e[k].name + 1);

			if (i < 0 || i >= MAXN || ++seen[i] > 1)
				bad = tap_fmt("round %d: %s returned twice", round, l.e[k].name);
		}
		for (int i = 0; i < MAXN && !bad; i++) {
			if (always[i] && seen[i] != 1)
				bad = tap_fmt("round %d: e%d present throughout, returned %d times",
					      round, i, seen[i]);
		}
		free(l.e);
		memfs_destroy(fs);
	}
	if (bad)
		FAIL("readdir cookies stable under changes (200 rounds)", bad);
	else
		PASS("readdir cookies stable under changes (200 rounds)");
}

/* An emit that changes the directory it lists: removes listed entries, adds new ones. */
struct meddler {
	struct mnode *dir;
	int seen[600], returned[600], nreturned, made;
	bool removed[600];
};

static int meddle(void *ctx, const char *name, size_t len, uint64_t ino, uint32_t mode,
		  uint64_t next)
{
	struct meddler *m = ctx;
	char nn[16];
	int i;

	(void)len, (void)ino, (void)mode, (void)next;
	if (name[0] != 'e')
		return 0;
	i = atoi(name + 1);
	m->seen[i]++;
	m->returned[m->nreturned++] = i;
	/* Remove two entries listed before (tombstones, then compaction), add one. */
	for (int k = 0; k < 2 && m->nreturned > 2; k++) {
		int j = m->returned[rnd() % (unsigned)(m->nreturned - 1)];

		snprintf(nn, sizeof(nn), "e%d", j);
		memfs_unlink(m->dir, N(nn));
		m->removed[j] = true;
	}
	if (m->made < 600) {
		snprintf(nn, sizeof(nn), "e%d", m->made++);
		memfs_mknod(m->dir, N(nn), MEMFS_IFREG, 0, 0, 0, NULL);
	}
	return 0;
}

static void test_readdir_meddling(void)
{
	const char *bad = NULL;

	for (int round = 0; round < 20 && !bad; round++) {
		struct memfs *fs = new_fs(0);
		struct meddler *m = calloc(1, sizeof(*m));
		uint64_t cookie = 0;
		char name[16];
		int start = 200 + round * 5;

		/* Many tombstones up front, so the listing soon triggers a compaction. */
		m->dir = memfs_root(fs);
		for (m->made = 0; m->made < start; m->made++) {
			snprintf(name, sizeof(name), "e%d", m->made);
			memfs_mknod(m->dir, N(name), MEMFS_IFREG, 0, 0, 0, NULL);
		}
		for (int i = 0; i < 90; i++) {
			snprintf(name, sizeof(name), "e%d", i);
			memfs_unlink(m->dir, N(name));
			m->removed[i] = true;
		}
		memfs_readdir(m->dir, &cookie, meddle, m);
		for (int i = 0; i < 600 && !bad; i++) {
			if (m->seen[i] > 1)
				bad = tap_fmt("round %d: e%d returned %d times", round, i, m->seen[i]);
			else if (i < start && !m->removed[i] && !m->seen[i])
				bad = tap_fmt("round %d: e%d never removed, never returned", round, i);
		}
		free(m);
		memfs_destroy(fs);
	}
	if (bad)
		FAIL("readdir copes with emit changing the directory", bad);
	else
		PASS("readdir copes with emit changing the directory");
}

/* ---- borrowed data ------------------------------------------------------------- */

static void test_borrowed(void)
{
	struct ar src = { 0 };
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *f = mk(root, "f", MEMFS_IFREG), *g, *d;
	unsigned char *buf = malloc(4 * PG), *expect = malloc(4 * PG);
	const size_t len = 3 * PG + 100;
	uint64_t base;
	struct rocopy ro;

	for (size_t i = 0; i < len; i++)
		ar_put(&src, &(unsigned char){ (unsigned char)(i % 251 + 1) }, 1);
	ro = ro_copy(&src, len);
	CHECK_INT("add_borrowed", memfs_add_borrowed(f, ro.p, len), 0);
	CHECK_UINT("  size", attr(f).size, len);
	CHECK_UINT("  no bytes owned", memfs_bytes_used(fs), 0);
	CHECK_UINT("  no blocks", attr(f).blocks, 0);
	CHECK_INT("  read", memfs_read(f, 0, buf, 4 * PG), (long)len);
	CHECK("  data", memcmp(buf, src.b, len) == 0);
	CHECK_INT("add_borrowed twice", memfs_add_borrowed(f, ro.p, len), -EINVAL);
	g = mk(root, "g", MEMFS_IFREG);
	put_str(g, 0, "x");
	CHECK_INT("add_borrowed to a written file", memfs_add_borrowed(g, ro.p, 5), -EINVAL);
	CHECK_INT("add_borrowed to a dir", memfs_add_borrowed(root, ro.p, 5), -EINVAL);
	mnode_put(g);
	g = mk(root, "g2", MEMFS_IFREG);
	CHECK_INT("add_borrowed NULL data", memfs_add_borrowed(g, NULL, 5), -EINVAL);
	CHECK_INT("add_borrowed NULL node", memfs_add_borrowed(NULL, ro.p, 5), -EINVAL);
	CHECK_INT("add_borrowed too big", memfs_add_borrowed(g, ro.p, (size_t)MEMFS_FILE_MAX + 1),
		  -EFBIG);
	CHECK_INT("add_borrowed 0 bytes", memfs_add_borrowed(g, ro.p, 0), 0);
	CHECK_INT("  then more is fine (still empty)", memfs_add_borrowed(g, ro.p, 10), 0);
	memcpy(expect, src.b, len);
	base = memfs_bytes_used(fs); /* g's page */
	CHECK_UINT("  g owns one page", base, PG);

	/* Copy on write, page by page: the read-only original is never written. */
	CHECK_INT("write into page 1", memfs_write(f, PG + 5, "XY", 2), 2);
	memcpy(expect + PG + 5, "XY", 2);
	CHECK_UINT("  one page copied", memfs_bytes_used(fs), base + PG);
	CHECK_UINT("  blocks", attr(f).blocks, 8);
	CHECK_INT("  read", memfs_read(f, 0, buf, 4 * PG), (long)len);
	CHECK("  modified view", memcmp(buf, expect, len) == 0);
	CHECK("  original intact", memcmp(ro.p, src.b, len) == 0);
	CHECK_INT("write the partial last page", memfs_write(f, 3 * PG + 50, "Z", 1), 1);
	expect[3 * PG + 50] = 'Z';
	CHECK_INT("append past the borrowed end", memfs_write(f, len, "tail", 4), 4);
	memcpy(expect + len, "tail", 4);
	CHECK_INT("  read", memfs_read(f, 0, buf, 4 * PG), (long)len + 4);
	CHECK("  view", memcmp(buf, expect, len + 4) == 0);
	CHECK_UINT("  two pages copied", memfs_bytes_used(fs), base + 2 * PG);

	/* Truncate: borrowed bytes cut off do not come back when the file grows. */
	CHECK_INT("truncate into page 0", memfs_truncate(f, 100), 0);
	CHECK_UINT("  pages 1 and 3 freed", memfs_bytes_used(fs), base);
	CHECK_INT("grow again", memfs_truncate(f, 2 * PG), 0);
	CHECK_INT("  read", memfs_read(f, 0, buf, 4 * PG), 2 * PG);
	CHECK("  the first 100 bytes still borrowed", memcmp(buf, src.b, 100) == 0);
	CHECK("  the rest zeros", all_zero(buf + 100, 2 * PG - 100));
	CHECK_INT("write into page 0 copies only what is left", memfs_write(f, 200, "W", 1), 1);
	CHECK_INT("  read", memfs_read(f, 0, buf, 4 * PG), 2 * PG);
	CHECK("  prefix", memcmp(buf, src.b, 100) == 0);
	CHECK("  zeros then W", all_zero(buf + 100, 100) && buf[200] == 'W' &&
					all_zero(buf + 201, 2 * PG - 201));
	CHECK_INT("truncate to 0", memfs_truncate(f, 0), 0);
	CHECK_INT("  add_borrowed allowed again", memfs_add_borrowed(f, ro.p, 3), 0);

	/* Sealed: borrowed files read but refuse writes. */
	d = mk(root, "sealed", MEMFS_IFREG);
	memfs_add_borrowed(d, ro.p, len);
	memfs_seal(fs);
	CHECK_INT("sealed: write to borrowed", memfs_write(d, 0, "x", 1), -EROFS);
	CHECK_INT("sealed: truncate borrowed", memfs_truncate(d, 0), -EROFS);
	CHECK_INT("sealed: read borrowed", memfs_read(d, 10, buf, 10), 10);
	CHECK("  data", memcmp(buf, src.b + 10, 10) == 0);
	CHECK_UINT("sealed: nothing copied", memfs_bytes_used(fs), base);
	mnode_put(d);
	mnode_put(f);
	mnode_put(g);
	memfs_destroy(fs);
	ro_free(ro);
	free(src.b);
	free(buf);
	free(expect);
}

/* ---- linear appends -------------------------------------------------------------- */

static double append_seconds(size_t total)
{
	struct memfs *fs = new_fs(0);
	struct mnode *f = mk(memfs_root(fs), "f", MEMFS_IFREG);
	static unsigned char chunk[PG];
	double best = 1e9;

	for (int rep = 0; rep < 3; rep++) {
		clock_t t0 = clock();

		memfs_truncate(f, 0);
		for (size_t off = 0; off < total; off += PG)
			memfs_write(f, off, chunk, PG);
		if ((double)(clock() - t0) / CLOCKS_PER_SEC < best)
			best = (double)(clock() - t0) / CLOCKS_PER_SEC;
	}
	mnode_put(f);
	memfs_destroy(fs);
	return best;
}

static void test_linear(void)
{
	double small = append_seconds(1 << 20), large = append_seconds(16 << 20);
	double ratio = large / (small > 1e-6 ? small : 1e-6);

	/* Linear is 16x; quadratic would be 256x. */
	if (!CHECK("16 MiB of 4 KiB appends cost about 16x 1 MiB (linear)", ratio < 80))
		tap_diag("1 MiB %.4fs, 16 MiB %.4fs, ratio %.1f", small, large, ratio);
}

/* ---- cpio ----------------------------------------------------------------------- */

static struct mnode *walk(struct memfs *fs, const char *path)
{
	struct mnode *cur = memfs_root(fs), *next;
	char comp[MEMFS_NAME_MAX + 1];

	mnode_get(cur);
	while (*path) {
		size_t k = strcspn(path, "/");

		memcpy(comp, path, k);
		comp[k] = '\0';
		if (memfs_lookup(cur, comp, k, &next)) {
			mnode_put(cur);
			return NULL;
		}
		mnode_put(cur);
		cur = next;
		path += k + (path[k] == '/');
	}
	return cur;
}

static void test_cpio_load(void)
{
	struct ar ar = { 0 };
	struct memfs *fs = new_fs(0);
	struct mnode *n, *m;
	struct listing l = { 0 };
	const char *why = NULL;
	char buf[16384], big[10000];
	struct rocopy ro;
	int count;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	fake_now = 999;
	ar_add(&ar, (struct ent){ .name = ".", .mode = MEMFS_IFDIR | 0700, .uid = 5, .gid = 6,
				  .mtime = 100 });
	ar_add(&ar, (struct ent){ .name = "bin", .mode = MEMFS_IFDIR | 0755, .mtime = 101 });
	ar_add(&ar, (struct ent){ .name = "bin/init", .mode = MEMFS_IFREG | 0755,
				  .data = "\x7f" "ELF init", .mtime = 102 });
	ar_add(&ar, (struct ent){ .name = "./etc/motd", .mode = MEMFS_IFREG | 0644,
				  .data = "hello\n", .uid = 1, .gid = 2 });
	ar_add(&ar, (struct ent){ .name = "etc", .mode = MEMFS_IFDIR | 0750, .mtime = 103 });
	ar_add(&ar, (struct ent){ .name = "lib/./x", .mode = MEMFS_IFREG | 0600, .data = "x" });
	ar_add(&ar, (struct ent){ .name = "/usr//share/doc/", .mode = MEMFS_IFDIR | 0755 });
	ar_add(&ar, (struct ent){ .name = "bin/sh", .mode = MEMFS_IFLNK | 0777, .data = "init" });
	ar_add(&ar, (struct ent){ .name = "dev/console", .mode = MEMFS_IFCHR | 0600, .rmaj = 5,
				  .rmin = 1 });
	ar_add(&ar, (struct ent){ .name = "dev/big", .mode = MEMFS_IFCHR | 0600, .rmaj = 0x123,
				  .rmin = 0x45678 });
	ar_add(&ar, (struct ent){ .name = "run/fifo", .mode = MEMFS_IFIFO | 0600 });
	/* GNU cpio hard links: same ino, data on the last one only. */
	ar_add(&ar, (struct ent){ .name = "bin/a", .mode = MEMFS_IFREG | 0755, .nlink = 3,
				  .ino = 77 });
	ar_add(&ar, (struct ent){ .name = "bin/b", .mode = MEMFS_IFREG | 0755, .nlink = 3,
				  .ino = 77 });
	ar_add(&ar, (struct ent){ .name = "sbin/c", .mode = MEMFS_IFREG | 0755, .nlink = 3,
				  .ino = 77, .data = "shared" });
	ar_add(&ar, (struct ent){ .name = "big", .mode = MEMFS_IFREG | 0644, .data = big,
				  .size = sizeof(big) });
	ar_add(&ar, (struct ent){ .name = "empty", .mode = MEMFS_IFREG | 0644 });
	ar_trailer(&ar);
	while (ar.len % 512)
		ar_put(&ar, "", 1);
	ro = ro_copy(&ar, ar.len);
	count = memfs_load_cpio(fs, ro.p, ar.len, &why);
	CHECK_INT("load: entry count", count, 16);
	if (count < 0)
		tap_diag("why: %s", why);
	/* 16 entries - "." - 2 extra hard links + lib usr share dev run sbin + root */
	CHECK_UINT("load: nodes",
		   memfs_nodes(fs), 20);
	CHECK_UINT("load: nothing owned", memfs_bytes_used(fs), 0);
	n = memfs_root(fs);
	CHECK_UINT("root mode from .", attr(n).mode, MEMFS_IFDIR | 0700);
	CHECK_UINT("root uid", attr(n).uid, 5);
	CHECK_UINT("root gid", attr(n).gid, 6);
	CHECK_INT("root mtime kept though entries were added", attr(n).mtime_ns,
		  100 * 1000000000ll);
	CHECK_UINT("root nlink: bin etc lib usr dev run sbin", attr(n).nlink, 9);
	n = walk(fs, "bin");
	CHECK_INT("bin mtime", attr(n).mtime_ns, 101 * 1000000000ll);
	CHECK_UINT("bin nlink", attr(n).nlink, 2);
	mnode_put(n);
	n = walk(fs, "bin/init");
	CHECK_INT("bin/init read", memfs_read(n, 0, buf, sizeof(buf)), 9);
	CHECK_MEM("  data", buf, 9, "\x7f" "ELF init", 9);
	CHECK_UINT("  mode", attr(n).mode, MEMFS_IFREG | 0755);
	CHECK_INT("  mtime", attr(n).mtime_ns, 102 * 1000000000ll);
	mnode_put(n);
	n = walk(fs, "etc");
	CHECK_UINT("etc listed after its file: mode applied", attr(n).mode, MEMFS_IFDIR | 0750);
	CHECK_INT("  mtime", attr(n).mtime_ns, 103 * 1000000000ll);
	mnode_put(n);
	n = walk(fs, "etc/motd");
	CHECK_INT("etc/motd", memfs_read(n, 0, buf, sizeof(buf)), 6);
	CHECK_MEM("  data", buf, 6, "hello\n", 6);
	CHECK_UINT("  owner", attr(n).uid * 10 + attr(n).gid, 12);
	mnode_put(n);
	n = walk(fs, "lib");
	CHECK_UINT("missing parent made 0755", attr(n).mode, MEMFS_IFDIR | 0755);
	CHECK_INT("  with the load time", attr(n).mtime_ns, 999);
	mnode_put(n);
	n = walk(fs, "lib/x");
	CHECK("'.' components skipped", n != NULL);
	mnode_put(n);
	n = walk(fs, "usr/share/doc");
	CHECK("empty components and trailing slash skipped", n && mnode_is_dir(n));
	mnode_put(n);
	n = walk(fs, "bin/sh");
	CHECK_INT("symlink", memfs_readlink(n, buf, sizeof(buf)), 4);
	CHECK_MEM("  target", buf, 4, "init", 4);
	mnode_put(n);
	n = walk(fs, "dev/console");
	CHECK_UINT("chr dev", attr(n).mode, MEMFS_IFCHR | 0600);
	CHECK_UINT("  rdev (5,1)", attr(n).rdev, 0x501);
	mnode_put(n);
	n = walk(fs, "dev/big");
	CHECK_UINT("  rdev (0x123,0x45678), Linux encoding", attr(n).rdev, 0x45612378);
	mnode_put(n);
	n = walk(fs, "run/fifo");
	CHECK_UINT("fifo", attr(n).mode, MEMFS_IFIFO | 0600);
	mnode_put(n);
	n = walk(fs, "bin/a");
	m = walk(fs, "sbin/c");
	CHECK("hard links share a node", n && n == m);
	CHECK_UINT("  nlink 3", attr(n).nlink, 3);
	CHECK_INT("  data from the last", memfs_read(n, 0, buf, sizeof(buf)), 6);
	CHECK_MEM("  data", buf, 6, "shared", 6);
	mnode_put(m);
	m = walk(fs, "bin/b");
	CHECK("  b too", n == m);
	mnode_put(m);
	mnode_put(n);
	n = walk(fs, "empty");
	CHECK_UINT("empty file", attr(n).size, 0);
	mnode_put(n);
	CHECK_INT("readdir root", list_all(memfs_root(fs), 3, &l), 0);
	CHECK_UINT("  entries", l.n, 2 + 9);
	CHECK_STR("  archive order", l.e[2].name, "bin");
	CHECK_STR("  archive order", l.e[3].name, "etc");
	CHECK("  big listed", find_dent(&l, "big") != NULL);

	n = walk(fs, "big");
	CHECK_INT("borrowed: write copies one page", memfs_write(n, 5000, "XYZ", 3), 3);
	CHECK_UINT("  one page owned", memfs_bytes_used(fs), PG);
	CHECK_INT("  read", memfs_read(n, 0, buf, sizeof(buf)), (long)sizeof(big));
	CHECK("  view", memcmp(buf, big, 5000) == 0 && memcmp(buf + 5000, "XYZ", 3) == 0 &&
				memcmp(buf + 5003, big + 5003, sizeof(big) - 5003) == 0);
	CHECK("  archive untouched", memcmp(ro.p, ar.b, ar.len) == 0);
	memfs_seal(fs);
	CHECK_INT("sealed: write", memfs_write(n, 0, "x", 1), -EROFS);
	mnode_put(n);
	memfs_destroy(fs);

	/* A second archive over a first: directories may repeat, files may not. */
	fs = new_fs(0);
	CHECK_INT("first of two archives", memfs_load_cpio(fs, ro.p, ar.len, &why), 16);
	{
		struct ar two = { 0 };

		ar_add(&two, (struct ent){ .name = "bin", .mode = MEMFS_IFDIR | 0711 });
		ar_file(&two, "bin/new", MEMFS_IFREG | 0644, "new");
		ar_trailer(&two);
		CHECK_INT("second archive repeats a directory", memfs_load_cpio(fs, two.b, two.len,
										 &why), 2);
		n = walk(fs, "bin");
		CHECK_UINT("  its mode applied", attr(n).mode, MEMFS_IFDIR | 0711);
		mnode_put(n);
		two.len = 0;
		ar_file(&two, "bin/init", MEMFS_IFREG | 0644, "again");
		ar_trailer(&two);
		CHECK_INT("second archive repeats a file", memfs_load_cpio(fs, two.b, two.len, &why),
			  -EINVAL);
		CHECK_STR("  reason", why, "duplicate name");
		free(two.b);
	}
	memfs_destroy(fs);
	ro_free(ro);

	/* Archives without "." and with "./" as the root entry. */
	ar.len = 0;
	ar_add(&ar, (struct ent){ .name = "./", .mode = MEMFS_IFDIR | 0711 });
	ar_trailer(&ar);
	fs = new_fs(0);
	CHECK_INT("'./' is the root", memfs_load_cpio(fs, ar.b, ar.len, &why), 1);
	CHECK_UINT("  mode applied", mnode_mode(memfs_root(fs)), MEMFS_IFDIR | 0711);
	CHECK_UINT("  nodes", memfs_nodes(fs), 1);
	memfs_destroy(fs);
	ar.len = 0;
	ar_trailer(&ar);
	fs = new_fs(0);
	CHECK_INT("an archive of just a trailer", memfs_load_cpio(fs, ar.b, ar.len, &why), 0);
	CHECK_UINT("  root mode default", mnode_mode(memfs_root(fs)), MEMFS_IFDIR | 0755);
	CHECK_INT("NULL fs", memfs_load_cpio(NULL, ar.b, ar.len, &why), -EINVAL);
	CHECK_INT("NULL archive", memfs_load_cpio(fs, NULL, 10, &why), -EINVAL);
	CHECK_INT("NULL archive, length 0", memfs_load_cpio(fs, NULL, 0, &why), -EINVAL);
	CHECK_INT("NULL why", memfs_load_cpio(fs, ar.b, 5, NULL), -EINVAL);
	memfs_destroy(fs);
	free(ar.b);
	free(l.e);
}

/* Loads a one-off archive that must be refused with the given reason. */
static void expect_bad(const char *what, struct ar *ar, const char *reason)
{
	struct memfs *fs = new_fs(0);
	const char *why = NULL;
	int r;

	ar_trailer(ar);
	r = memfs_load_cpio(fs, ar->b, ar->len, &why);
	CHECK_INT(tap_fmt("%s: -EINVAL", what), r, -EINVAL);
	CHECK_STR(tap_fmt("%s: reason", what), why, reason);
	memfs_destroy(fs);
	ar->len = 0;
}

static void test_cpio_bad(void)
{
	struct ar ar = { 0 };
	char longt[MEMFS_SYMLINK_MAX + 2], longn[300];
	const char *why;

	memset(longt, 't', sizeof(longt));
	longt[sizeof(longt) - 1] = '\0';
	ar_file(&ar, "f", MEMFS_IFREG | 0644, "x");
	ar_file(&ar, "f/g", MEMFS_IFREG | 0644, "y");
	expect_bad("a file under a file", &ar, "a parent of an entry is not a directory");
	ar_file(&ar, "f", MEMFS_IFREG | 0644, "x");
	ar_add(&ar, (struct ent){ .name = "f/d", .mode = MEMFS_IFDIR | 0755 });
	expect_bad("a dir under a file", &ar, "a parent of an entry is not a directory");
	ar_add(&ar, (struct ent){ .name = "l", .mode = MEMFS_IFLNK | 0777, .data = "/" });
	ar_file(&ar, "l/x", MEMFS_IFREG | 0644, "y");
	expect_bad("a file under a symlink", &ar, "a parent of an entry is not a directory");
	ar_file(&ar, "a/f", MEMFS_IFREG | 0644, "x");
	ar_file(&ar, "a/f/b/c", MEMFS_IFREG | 0644, "y");
	expect_bad("a deep file under a file", &ar, "a parent of an entry is not a directory");
	ar_file(&ar, "f", MEMFS_IFREG | 0644, "x");
	ar_file(&ar, "./f", MEMFS_IFREG | 0644, "y");
	expect_bad("duplicate file", &ar, "duplicate name");
	ar_add(&ar, (struct ent){ .name = "d", .mode = MEMFS_IFDIR | 0755 });
	ar_add(&ar, (struct ent){ .name = "d/", .mode = MEMFS_IFDIR | 0755 });
	expect_bad("duplicate dir", &ar, "duplicate name");
	ar_add(&ar, (struct ent){ .name = "d", .mode = MEMFS_IFDIR | 0755 });
	ar_file(&ar, "d", MEMFS_IFREG | 0644, "y");
	expect_bad("file over a dir", &ar, "duplicate name");
	ar_file(&ar, "d", MEMFS_IFREG | 0644, "y");
	ar_add(&ar, (struct ent){ .name = "d", .mode = MEMFS_IFDIR | 0755 });
	expect_bad("dir over a file", &ar, "duplicate name");
	ar_add(&ar, (struct ent){ .name = ".", .mode = MEMFS_IFDIR | 0755 });
	ar_add(&ar, (struct ent){ .name = "/", .mode = MEMFS_IFDIR | 0755 });
	expect_bad("root twice", &ar, "duplicate name");
	ar_add(&ar, (struct ent){ .name = ".", .mode = MEMFS_IFREG | 0755 });
	expect_bad("root as a file", &ar, "the root entry is not a directory");
	ar_add(&ar, (struct ent){ .name = "l", .mode = MEMFS_IFLNK | 0777, .data = longt });
	expect_bad("symlink target too long", &ar, "symlink target too long");
	ar_add(&ar, (struct ent){ .name = "l", .mode = MEMFS_IFLNK | 0777 });
	expect_bad("empty symlink", &ar, "empty symlink target");
	ar_add(&ar, (struct ent){ .name = "l", .mode = MEMFS_IFLNK | 0777, .data = "a\0b",
				  .size = 3 });
	expect_bad("NUL in a symlink target", &ar, "NUL in a symlink target");
	ar_file(&ar, "../etc/passwd", MEMFS_IFREG | 0644, "x");
	expect_bad("leading ..", &ar, "a '..' component in a name");
	ar_file(&ar, "a/../../b", MEMFS_IFREG | 0644, "x");
	expect_bad("inner ..", &ar, "a '..' component in a name");
	ar_file(&ar, "a/..", MEMFS_IFREG | 0644, "x");
	expect_bad("trailing ..", &ar, "a '..' component in a name");
	ar_add(&ar, (struct ent){ .name = "..", .mode = MEMFS_IFDIR | 0755 });
	expect_bad("just ..", &ar, "a '..' component in a name");
	memset(longn, 'n', sizeof(longn));
	longn[sizeof(longn) - 1] = '\0';
	ar_file(&ar, longn, MEMFS_IFREG | 0644, "x");
	expect_bad("component too long", &ar, "a name component longer than MEMFS_NAME_MAX");
	ar_add(&ar, (struct ent){ .name = "blk", .mode = 0060600 });
	expect_bad("block device", &ar, "unsupported file type");
	ar_add(&ar, (struct ent){ .name = "sock", .mode = 0140600 });
	expect_bad("socket", &ar, "unsupported file type");
	ar_add(&ar, (struct ent){ .name = "none", .mode = 0644 });
	expect_bad("no type", &ar, "unsupported file type");
	ar_add(&ar, (struct ent){ .name = "h1", .mode = MEMFS_IFREG | 0644, .nlink = 2, .ino = 9,
				  .data = "one" });
	ar_add(&ar, (struct ent){ .name = "h2", .mode = MEMFS_IFREG | 0644, .nlink = 2, .ino = 9,
				  .data = "two" });
	expect_bad("hard links with different data", &ar,
		   "hard links to one file with different data");
	{
		/* The same data twice (a writer that does not defer) is accepted. */
		struct memfs *fs = new_fs(0);
		struct mnode *a, *b;

		ar_add(&ar, (struct ent){ .name = "h1", .mode = MEMFS_IFREG | 0644, .nlink = 2,
					  .ino = 9, .data = "same" });
		ar_add(&ar, (struct ent){ .name = "h2", .mode = MEMFS_IFREG | 0644, .nlink = 2,
					  .ino = 9, .data = "same" });
		ar_trailer(&ar);
		CHECK_INT("hard links with the same data twice", memfs_load_cpio(fs, ar.b, ar.len,
										  &why), 2);
		a = walk(fs, "h1");
		b = walk(fs, "h2");
		CHECK("  one node", a && a == b);
		mnode_put(a);
		mnode_put(b);
		memfs_destroy(fs);
		ar.len = 0;
	}
	{
		/* Many hard-link groups: the map grows. */
		struct memfs *fs = new_fs(0);
		char name[16];
		bool ok = true;

		for (uint32_t i = 0; i < 300; i++) {
			snprintf(name, sizeof(name), "a%u", i);
			ar_add(&ar, (struct ent){ .name = name, .mode = MEMFS_IFREG | 0644, .nlink = 2,
						  .ino = 5000 + i });
		}
		for (uint32_t i = 0; i < 300; i++) {
			snprintf(name, sizeof(name), "b%u", i);
			ar_add(&ar, (struct ent){ .name = name, .mode = MEMFS_IFREG | 0644, .nlink = 2,
						  .ino = 5000 + i, .data = name });
		}
		ar_trailer(&ar);
		CHECK_INT("300 hard-link pairs", memfs_load_cpio(fs, ar.b, ar.len, &why), 600);
		for (uint32_t i = 0; i < 300 && ok; i++) {
			struct mnode *a, *b;
			char buf[16];

			snprintf(name, sizeof(name), "a%u", i);
			a = walk(fs, name);
			snprintf(name, sizeof(name), "b%u", i);
			b = walk(fs, name);
			ok = a && a == b && attr(a).nlink == 2 &&
			     memfs_read(a, 0, buf, sizeof(buf)) == (long)strlen(name) &&
			     memcmp(buf, name, strlen(name)) == 0;
			mnode_put(a);
			mnode_put(b);
		}
		CHECK("  each pair one node with the data", ok);
		CHECK_UINT("  nodes", memfs_nodes(fs), 301);
		memfs_destroy(fs);
		ar.len = 0;
	}

	/* Structural corruption comes from the cpio reader, reason and all. */
	{
		struct memfs *fs;
		const char *bad = NULL;
		size_t whole, trailer_at;

		ar_add(&ar, (struct ent){ .name = "dir", .mode = MEMFS_IFDIR | 0755 });
		ar_file(&ar, "dir/file", MEMFS_IFREG | 0644, "contents");
		ar_add(&ar, (struct ent){ .name = "dir/link", .mode = MEMFS_IFLNK | 0777,
					  .data = "file" });
		trailer_at = ar.len;
		ar_trailer(&ar);
		whole = ar.len;
		for (size_t len = 0; len < whole && !bad; len++) {
			unsigned char *a = malloc(len ? len : 1);
			int r;

			memcpy(a, ar.b, len);
			fs = new_fs(0);
			why = NULL;
			r = memfs_load_cpio(fs, a, len, &why);
			/* Once the trailer's name is whole, only its padding is missing: fine. */
			if (len < trailer_at + 110 + 11 ? r != -EINVAL || !why : r != 3)
				bad = tap_fmt("length %zu: %d (%s)", len, r, why ? why : "no reason");
			memfs_destroy(fs);
			free(a);
		}
		if (bad)
			FAIL("every truncation is refused with a reason", bad);
		else
			PASS("every truncation is refused with a reason");
		fs = new_fs(0);
		ar.b[0] = 'X';
		CHECK_INT("bad magic", memfs_load_cpio(fs, ar.b, ar.len, &why), -EINVAL);
		CHECK_STR("  reason", why, "bad magic (not a newc cpio archive)");
		CHECK_INT("empty archive", memfs_load_cpio(fs, ar.b, 0, &why), -EINVAL);
		CHECK_STR("  reason", why, "archive ends without a trailer");
		memfs_destroy(fs);
		ar.len = 0;
	}
	free(ar.b);
}

/* Random byte changes in a valid archive: a count or an error, never a crash or a leak. */
static void test_cpio_fuzz(void)
{
	static const char hex[] = "0123456789abcdef0/.";
	struct ar ar = { 0 };
	const char *bad = NULL;
	int loaded = 0;

	ar_add(&ar, (struct ent){ .name = ".", .mode = MEMFS_IFDIR | 0755 });
	ar_add(&ar, (struct ent){ .name = "d", .mode = MEMFS_IFDIR | 0755 });
	ar_file(&ar, "d/f", MEMFS_IFREG | 0644, "data data data");
	ar_add(&ar, (struct ent){ .name = "d/l", .mode = MEMFS_IFLNK | 0777, .data = "f" });
	ar_add(&ar, (struct ent){ .name = "h1", .mode = MEMFS_IFREG | 0644, .nlink = 2, .ino = 4 });
	ar_add(&ar, (struct ent){ .name = "h2", .mode = MEMFS_IFREG | 0644, .nlink = 2, .ino = 4,
				  .data = "hl" });
	ar_add(&ar, (struct ent){ .name = "c", .mode = MEMFS_IFCHR | 0600, .rmaj = 1, .rmin = 3 });
	ar_trailer(&ar);
	for (int i = 0; i < 5000 && !bad; i++) {
		size_t len = ar.len - rnd() % 16;
		unsigned char *a = malloc(len);
		struct memfs *fs = new_fs(0);
		const char *why = NULL;
		int r;

		memcpy(a, ar.b, len);
		for (int k = 0, flips = 1 + (int)(rnd() % 3); k < flips; k++)
			a[rnd() % len] = rnd() % 2 ? (unsigned char)rnd() : (unsigned char)hex[rnd() % 19];
		r = memfs_load_cpio(fs, a, len, &why);
		if (r < 0 && (r != -EINVAL || !why))
			bad = tap_fmt("iteration %d: %d without a reason", i, r);
		if (r > 7)
			bad = tap_fmt("iteration %d: %d entries from 7", i, r);
		loaded += r >= 0;
		memfs_destroy(fs);
		free(a);
	}
	if (bad)
		FAIL("5000 randomly corrupted archives handled", bad);
	else
		PASS("5000 randomly corrupted archives handled");
	tap_diag("%d of 5000 corrupted archives still loaded", loaded);
	free(ar.b);
}

/* ---- allocation failures --------------------------------------------------------- */

/*
 * Runs op with the k-th allocation failing, for k = 0, 1, ... until op
 * succeeds; check(fs, r) judges each outcome. Returns the number of
 * failures seen.
 */
typedef int (*fault_op)(struct memfs *fs);
typedef bool (*fault_check)(struct memfs *fs, int r);

static struct memfs *fault_setup(void)
{
	struct memfs *fs = new_fs(0);
	struct mnode *root = memfs_root(fs), *a = mk(root, "a", MEMFS_IFDIR), *f;

	f = mk(a, "f", MEMFS_IFREG);
	put_str(f, 0, "file");
	mnode_put(f);
	mnode_put(a);
	mnode_put(mk(root, "b", MEMFS_IFDIR));
	return fs;
}

static void fault_loop(const char *what, fault_op op, fault_check check)
{
	int failures = 0, r = -ENOMEM;
	const char *bad = NULL;

	for (long k = 0; k < 1000 && r == -ENOMEM && !bad; k++) {
		struct memfs *fs = fault_setup();

		memfs_fault_countdown = k;
		r = op(fs);
		memfs_fault_countdown = -1;
		if (r == -ENOMEM)
			failures++;
		if (!check(fs, r))
			bad = tap_fmt("allocation %ld failing: result %d and state wrong", k, r);
		memfs_destroy(fs);
	}
	if (!bad && r < 0)
		bad = tap_fmt("never succeeded: %d", r);
	if (!bad && failures == 0)
		bad = "no allocation failed";
	if (bad)
		FAIL(tap_fmt("allocation failures: %s", what), bad);
	else
		PASS(tap_fmt("allocation failures: %s (%d)", what, failures));
}

static bool has(struct memfs *fs, const char *path)
{
	struct mnode *n = walk(fs, path);

	mnode_put(n);
	return n != NULL;
}

static int op_mknod(struct memfs *fs)
{
	struct mnode *b = walk(fs, "b"); /* empty: its tables are made too */
	int r = memfs_mknod(b, N("new"), MEMFS_IFREG, 0, 0, 0, NULL);

	mnode_put(b);
	return r;
}

static bool ck_mknod(struct memfs *fs, int r)
{
	return (r == 0) == has(fs, "b/new") && memfs_nodes(fs) == 4u + (r == 0);
}

static int op_mkdir(struct memfs *fs)
{
	return memfs_mknod(memfs_root(fs), N("newdir"), MEMFS_IFDIR, 0, 0, 0, NULL);
}

static bool ck_mkdir(struct memfs *fs, int r)
{
	return (r == 0) == has(fs, "newdir") && attr(memfs_root(fs)).nlink == 4u + (r == 0);
}

static int op_symlink(struct memfs *fs)
{
	return memfs_symlink(memfs_root(fs), N("sl"), N("target"), 0, 0);
}

static bool ck_symlink(struct memfs *fs, int r)
{
	return (r == 0) == has(fs, "sl") && memfs_nodes(fs) == 4u + (r == 0);
}

static int op_link(struct memfs *fs)
{
	struct mnode *f = walk(fs, "a/f"), *b = walk(fs, "b");
	int r = memfs_link(b, N("hl"), f);

	mnode_put(f);
	mnode_put(b);
	return r;
}

static bool ck_link(struct memfs *fs, int r)
{
	struct mnode *f = walk(fs, "a/f");
	bool ok = (r == 0) == has(fs, "b/hl") && attr(f).nlink == 1u + (r == 0);

	mnode_put(f);
	return ok;
}

static int op_rename(struct memfs *fs)
{
	struct mnode *a = walk(fs, "a"), *b = walk(fs, "b");
	int r = memfs_rename(a, N("f"), b, N("moved"));

	mnode_put(a);
	mnode_put(b);
	return r;
}

static bool ck_rename(struct memfs *fs, int r)
{
	struct listing l = { 0 };
	struct mnode *a = walk(fs, "a");
	bool ok = (r == 0) == has(fs, "b/moved") && (r == 0) != has(fs, "a/f") &&
		  list_all(a, 10, &l) == 0 && l.n == 2u + (r != 0);

	mnode_put(a);
	free(l.e);
	return ok;
}

static int op_write(struct memfs *fs)
{
	static unsigned char big[5 * PG];
	struct mnode *f = walk(fs, "a/f");
	long r;

	memset(big, 'w', sizeof(big));
	r = memfs_write(f, 2 * PG + 10, big, sizeof(big));
	mnode_put(f);
	/* A short write stops at a page edge: report it as a failure of this step. */
	return r == (long)sizeof(big) ? 0 : r < 0 ? (int)r : -ENOMEM;
}

static bool ck_write(struct memfs *fs, int r)
{
	struct mnode *f = walk(fs, "a/f");
	uint64_t size = attr(f).size, end = 2 * PG + 10;
	unsigned char *buf = malloc(8 * PG);
	bool ok = memfs_read(f, 0, buf, 8 * PG) == (long)size && memcmp(buf, "file", 4) == 0;

	/* What was written is whole: data up to size, a page edge unless all went in. */
	if (size > 4)
		ok = ok && size > end && all_zero(buf + 4, end - 4) &&
		     (size % PG == 0 || size == end + 5 * PG);
	for (uint64_t i = end; i < size && ok; i++)
		ok = buf[i] == 'w';
	ok = ok && memfs_bytes_used(fs) == attr(f).blocks * 512;
	ok = ok && (r != 0 || size == end + 5 * PG);
	mnode_put(f);
	free(buf);
	return ok;
}

static int op_truncate_cow(struct memfs *fs)
{
	static const char data[3 * PG] = "borrowed";
	struct mnode *b = walk(fs, "b"), *f = NULL;
	long r = memfs_mknod(b, N("bf"), MEMFS_IFREG, 0, 0, 0, &f);

	if (r == 0)
		memfs_add_borrowed(f, data, sizeof(data));
	if (r == 0)
		r = memfs_write(f, PG - 2, "abcd", 4);
	mnode_put(f);
	mnode_put(b);
	return r == 4 ? 0 : r < 0 ? (int)r : -ENOMEM;
}

static bool ck_truncate_cow(struct memfs *fs, int r)
{
	struct mnode *f = walk(fs, "b/bf");
	char buf[16];
	bool ok;

	if (!f)
		return r == -ENOMEM;
	ok = memfs_read(f, 0, buf, 8) == 8 && memcmp(buf, "borrowed", 8) == 0;
	memfs_read(f, PG - 2, buf, 4);
	ok = ok && (r == 0 ? memcmp(buf, "abcd", 4) == 0 : true);
	mnode_put(f);
	return ok;
}

static struct ar fault_ar;

static int op_load(struct memfs *fs)
{
	const char *why = NULL;
	int r = memfs_load_cpio(fs, fault_ar.b, fault_ar.len, &why);

	if (r == -ENOMEM && (!why || strcmp(why, "out of memory") != 0))
		return -EIO;
	return r < 0 ? r : 0;
}

static bool ck_load(struct memfs *fs, int r)
{
	(void)fs;
	return r == 0 || r == -ENOMEM;
}

static int op_create(struct memfs *unused)
{
	struct memfs *fs = NULL;
	int r;

	(void)unused;
	r = memfs_create(&fs, 1, 0, clock_fn);
	if (r == 0 && !fs)
		return -EIO;
	if (r == -ENOMEM && fs)
		return -EIO;
	memfs_destroy(fs);
	return r;
}

static bool ck_any(struct memfs *fs, int r)
{
	(void)fs;
	return r == 0 || r == -ENOMEM;
}

static int op_bigdir(struct memfs *fs)
{
	char name[16];
	int r = 0;

	/* Grows and shrinks tables; a failed rehash is not an error. */
	for (int i = 0; i < 40 && r == 0; i++) {
		snprintf(name, sizeof(name), "x%d", i);
		r = memfs_mknod(memfs_root(fs), N(name), MEMFS_IFREG, 0, 0, 0, NULL);
	}
	for (int i = 0; i < 40 && r == 0; i++) {
		snprintf(name, sizeof(name), "x%d", i);
		r = memfs_unlink(memfs_root(fs), N(name));
	}
	return r;
}

static bool ck_bigdir(struct memfs *fs, int r)
{
	struct listing l = { 0 };
	char name[16];
	bool ok = list_all(memfs_root(fs), 5, &l) == 0;

	/* Every entry listed is found by name, and the other way round. */
	for (size_t i = 2; i < l.n && ok; i++)
		ok = has(fs, l.e[i].name);
	for (int i = 0; i < 40 && ok; i++) {
		snprintf(name, sizeof(name), "x%d", i);
		ok = has(fs, name) == (find_dent(&l, name) != NULL);
	}
	ok = ok && (r != 0 || l.n == 4);
	free(l.e);
	return ok;
}

static void test_faults(void)
{
	fault_ar.len = 0;
	ar_add(&fault_ar, (struct ent){ .name = "x/y/z", .mode = MEMFS_IFREG | 0644, .data = "z" });
	ar_add(&fault_ar, (struct ent){ .name = "x/l", .mode = MEMFS_IFLNK | 0777, .data = "y" });
	ar_add(&fault_ar, (struct ent){ .name = "h1", .mode = MEMFS_IFREG, .nlink = 2, .ino = 3 });
	ar_add(&fault_ar, (struct ent){ .name = "h2", .mode = MEMFS_IFREG, .nlink = 2, .ino = 3 });
	ar_trailer(&fault_ar);
	fault_loop("memfs_create", op_create, ck_any);
	fault_loop("mknod", op_mknod, ck_mknod);
	fault_loop("mkdir", op_mkdir, ck_mkdir);
	fault_loop("symlink", op_symlink, ck_symlink);
	fault_loop("link", op_link, ck_link);
	fault_loop("rename", op_rename, ck_rename);
	fault_loop("write (short writes)", op_write, ck_write);
	fault_loop("copy on write", op_truncate_cow, ck_truncate_cow);
	fault_loop("load_cpio", op_load, ck_load);
	fault_loop("big directory", op_bigdir, ck_bigdir);
	free(fault_ar.b);
}

/* ---- random operations against a model ------------------------------------------ */

/*
 * The model: paths (at most 3 components of a, b, c, d) -> inode; an inode
 * has a type, content, the pages it owns, links and opens. Model and memfs
 * run the same operations; results, contents and space must agree.
 */
#define M_PATHS 512
#define M_FULL 400 /* paths before creating gives way to removing */
#define M_INODES 1024
#define M_PAGES 32
#define M_OPEN 8
#define M_MAX_BYTES (20 * PG)

struct m_inode {
	bool live;
	char type; /* 'f' 'd' 'l' */
	unsigned char *data;
	size_t size;
	bool page[M_PAGES];
	int links, opens;
	uint64_t ino; /* memfs's */
	char target[128];
};

struct m_path {
	bool used;
	char path[128];
	int inode;
};

static struct m_inode mi[M_INODES];
static struct m_path mp[M_PATHS];
static uint64_t m_used;
static struct {
	int inode;
	struct mnode *node;
} m_open[M_OPEN];
static int m_nopen;

static int m_find(const char *path)
{
	if (!*path)
		return -2; /* the root */
	for (int i = 0; i < M_PATHS; i++) {
		if (mp[i].used && strcmp(mp[i].path, path) == 0)
			return i;
	}
	return -1;
}

static char m_type(int p)
{
	return p == -2 ? 'd' : mi[mp[p].inode].type;
}

/* Resolves the first `ncomp` components of path as memfs walks them. */
static int m_walk(const char *path, int ncomp, int *out)
{
	char prefix[128];
	int cur = -2;

	for (int i = 0, k = 0; i < ncomp; i++) {
		while (path[k] && path[k] != '/')
			k++;
		memcpy(prefix, path, (size_t)k);
		prefix[k] = '\0';
		if (m_type(cur) != 'd')
			return -ENOTDIR;
		cur = m_find(prefix);
		if (cur == -1)
			return -ENOENT;
		if (path[k])
			k++;
	}
	*out = cur;
	return 0;
}

static int ncomps(const char *path)
{
	int n = 1;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static bool m_has_children(int p)
{
	const char *dir = p == -2 ? "" : mp[p].path;
	size_t len = strlen(dir);

	for (int i = 0; i < M_PATHS; i++) {
		if (mp[i].used && i != p && (len == 0 || (strncmp(mp[i].path, dir, len) == 0 &&
							  mp[i].path[len] == '/')))
			return true;
	}
	return false;
}

static int m_subdirs(int p)
{
	const char *dir = p == -2 ? "" : mp[p].path;
	size_t len = strlen(dir);
	int n = 0;

	for (int i = 0; i < M_PATHS; i++) {
		const char *rest = mp[i].path + (len ? len + 1 : 0);

		if (mp[i].used && i != p && mi[mp[i].inode].type == 'd' &&
		    (len == 0 || (strncmp(mp[i].path, dir, len) == 0 && mp[i].path[len] == '/')) &&
		    !strchr(rest, '/'))
			n++;
	}
	return n;
}

static int m_new_inode(char type)
{
	for (int i = 0; i < M_INODES; i++) {
		if (!mi[i].live) {
			memset(&mi[i], 0, sizeof(mi[i]));
			mi[i].live = true;
			mi[i].type = type;
			return i;
		}
	}
	return -1;
}

static void m_release(int i)
{
	if (mi[i].links == 0 && mi[i].opens == 0) {
		for (int p = 0; p < M_PAGES; p++)
			m_used -= mi[i].page[p] ? PG : 0;
		free(mi[i].data);
		mi[i].live = false;
	}
}

static int m_npaths(void)
{
	int n = 0;

	for (int i = 0; i < M_PATHS; i++)
		n += mp[i].used;
	return n;
}

static int m_add_path(const char *path, int inode)
{
	for (int i = 0; i < M_PATHS; i++) {
		if (!mp[i].used) {
			mp[i].used = true;
			snprintf(mp[i].path, sizeof(mp[i].path), "%s", path);
			mp[i].inode = inode;
			mi[inode].links++;
			return i;
		}
	}
	abort();
}

/* Writes as memfs must: page by page until the space runs out. */
static long m_write(int i, uint64_t off, const unsigned char *src, size_t len)
{
	struct m_inode *m = &mi[i];
	size_t done = 0;

	while (done < len) {
		uint64_t pos = off + done, p = pos / PG;
		size_t k = PG - pos % PG < len - done ? PG - pos % PG : len - done;

		if (!m->page[p]) {
			if (m_used + PG > M_MAX_BYTES)
				break;
			m->page[p] = true;
			m_used += PG;
		}
		done += k;
	}
	if (done == 0)
		return -ENOSPC;
	if (off + done > m->size) {
		m->data = realloc(m->data, off + done);
		memset(m->data + m->size, 0, off + done - m->size);
		m->size = off + done;
	}
	memcpy(m->data + off, src, done);
	return (long)done;
}

static void m_truncate(int i, size_t size)
{
	struct m_inode *m = &mi[i];

	for (size_t p = (size + PG - 1) / PG; p < M_PAGES; p++) {
		if (m->page[p]) {
			m->page[p] = false;
			m_used -= PG;
		}
	}
	m->data = realloc(m->data, size ? size : 1);
	if (size > m->size)
		memset(m->data + m->size, 0, size - m->size);
	m->size = size;
}

/* memfs's side of a walk: the node at the first ncomp components. */
static int fs_walk(struct memfs *fs, const char *path, int ncomp, struct mnode **out)
{
	struct mnode *cur = memfs_root(fs), *next;

	mnode_get(cur);
	for (int i = 0; i < ncomp; i++) {
		size_t k = strcspn(path, "/");
		int r = memfs_lookup(cur, path, k, &next);

		mnode_put(cur);
		if (r)
			return r;
		cur = next;
		path += k + (path[k] == '/');
	}
	*out = cur;
	return 0;
}

static void random_path(char *buf)
{
	int n = 1 + (int)(rnd() % 3);

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		char c[3] = { (char)('a' + rnd() % 4), 0, 0 };

		if (i)
			strcat(buf, "/");
		strcat(buf, c);
	}
}

/* A path of the model picked uniformly (of type `want`, if not 0), or -1. */
static int pick_path(char want)
{
	int idx[M_PATHS], n = 0;

	for (int i = 0; i < M_PATHS; i++) {
		if (mp[i].used && (!want || mi[mp[i].inode].type == want))
			idx[n++] = i;
	}
	return n ? idx[rnd() % (unsigned)n] : -1;
}

/* Mostly a path the model has (of type `want`, if not 0), sometimes a random one. */
static void existing_path(char *buf, char want)
{
	int i = pick_path(want);

	if (rnd() % 5 == 0 || i < 0 || strlen(mp[i].path) > 40)
		random_path(buf);
	else
		strcpy(buf, mp[i].path);
}

/* Mostly a new name in a directory the model has. */
static void child_path(char *buf)
{
	int i = pick_path('d');

	if (rnd() % 8 == 0 || (i >= 0 && strlen(mp[i].path) > 40)) {
		random_path(buf);
		return;
	}
	for (int tries = 0; tries < 4; tries++) { /* prefer a name not taken */
		if (i < 0 || rnd() % 8 == 0)
			sprintf(buf, "%c", (char)('a' + rnd() % 16));
		else
			sprintf(buf, "%s/%c", mp[i].path, (char)('a' + rnd() % 16));
		if (m_find(buf) == -1)
			break;
	}
}

/* Compares a node with its model inode. */
static const char *compare_node(struct mnode *n, int i, int pathidx)
{
	struct m_inode *m = &mi[i];
	struct memfs_attr a = attr(n);

	if (a.ino != m->ino)
		return "ino";
	if (m->type == 'f') {
		unsigned char *buf = malloc(m->size + 10);
		long r = memfs_read(n, 0, buf, m->size + 10);
		bool same = r == (long)m->size && (!m->size || memcmp(buf, m->data, m->size) == 0);
		uint64_t pages = 0;

		free(buf);
		for (int p = 0; p < M_PAGES; p++)
			pages += m->page[p];
		if (!same || a.size != m->size)
			return "content";
		if (a.blocks != pages * 8)
			return "blocks";
		if (a.nlink != (uint32_t)m->links)
			return "nlink";
	} else if (m->type == 'd') {
		if (a.nlink != (m->links ? 2u + (uint32_t)m_subdirs(pathidx) : 0u))
			return "dir nlink";
	} else {
		char t[256];
		long r = memfs_readlink(n, t, sizeof(t));

		if (r != (long)strlen(m->target) || memcmp(t, m->target, (size_t)r) != 0)
			return "symlink";
	}
	return NULL;
}

/* The whole tree against the model. */
static const char *compare_all(struct memfs *fs)
{
	struct listing l = { 0 };
	const char *why = NULL;
	uint64_t inodes = 0;
	int listed = 0;

	for (int i = 0; i < M_PATHS && !why; i++) {
		struct mnode *n;

		if (!mp[i].used)
			continue;
		if (fs_walk(fs, mp[i].path, ncomps(mp[i].path), &n))
			return tap_fmt("%s missing", mp[i].path);
		why = compare_node(n, mp[i].inode, i);
		if (why)
			why = tap_fmt("%s: %s", mp[i].path, why);
		if (!why && m_type(i) == 'd') {
			if (list_all(n, 1 + rnd() % 4, &l) || attr(n).size != l.n * 32)
				why = tap_fmt("%s: listing", mp[i].path);
			listed += (int)l.n - 2;
		}
		mnode_put(n);
	}
	if (!why && (list_all(memfs_root(fs), 3, &l) ||
		     attr(memfs_root(fs)).nlink != 2u + (uint32_t)m_subdirs(-2)))
		why = "root";
	listed += (int)l.n - 2;
	for (int i = 0; i < M_PATHS; i++)
		listed -= mp[i].used;
	if (!why && listed)
		why = tap_fmt("listings hold %d entries more than the model", listed);
	for (int i = 0; i < M_INODES; i++)
		inodes += mi[i].live;
	if (!why && memfs_nodes(fs) != inodes + 1)
		why = tap_fmt("nodes %llu, model %llu", (unsigned long long)memfs_nodes(fs),
			      (unsigned long long)inodes + 1);
	free(l.e);
	return why;
}

static void test_random(void)
{
	struct memfs *fs = new_fs(M_MAX_BYTES);
	unsigned char *src = malloc(4 * PG);
	const char *bad = NULL;
	int counts[12] = { 0 }, kind_ok[12] = { 0 }, oks = 0, short_writes = 0, nospc = 0, op = 0, nops = 10000;

	memset(mi, 0, sizeof(mi));
	memset(mp, 0, sizeof(mp));
	m_used = 0;
	m_nopen = 0;
	for (op = 0; op < nops && !bad; op++) {
		char path[128], path2[128];
		int kind = (int)(rnd() % 12), rm = 0, rf = 0, p = -1, q = -1, pp = -2, qp = -2;
		struct mnode *n = NULL, *dir = NULL, *dir2 = NULL;
		const char *what = "";

		if ((kind <= 1 || kind == 8) && m_npaths() >= M_FULL)
			kind = 5 + (int)(rnd() % 2);
		if (kind <= 1)
			child_path(path);
		else
			existing_path(path, rnd() % 8 == 0 ? 0 : kind >= 2 && kind <= 5 ? 'f' :
						    kind == 6 ? 'd' : 0);
		if (rnd() % 3)
			child_path(path2);
		else
			existing_path(path2, 0);
		fake_now = 1000000 + op;
		counts[kind]++;
		switch (kind) {
		case 0: /* create a file, a dir or a symlink */
		case 1: {
			const char *base = basename_of(path);
			int t = (int)(rnd() % 10) / 4; /* 0 file, 1 dir, 2 symlink */

			what = "create";
			rm = m_walk(path, ncomps(path) - 1, &pp);
			if (!rm && m_type(pp) != 'd')
				rm = -ENOTDIR;
			if (!rm && m_find(path) != -1)
				rm = -EEXIST;
			rf = fs_walk(fs, path, ncomps(path) - 1, &dir);
			if (!rf) {
				if (t == 2)
					rf = memfs_symlink(dir, N(base), N(path2), 0, 0);
				else
					rf = memfs_mknod(dir, N(base),
							 t ? MEMFS_IFDIR | 0755 : MEMFS_IFREG | 0644, 0,
							 0, 0, &n);
			}
			if (!rm && !rf) {
				int i = m_new_inode(t == 2 ? 'l' : t ? 'd' : 'f');

				m_add_path(path, i);
				if (t == 2) {
					snprintf(mi[i].target, sizeof(mi[i].target), "%s", path2);
					mnode_put(n);
					n = NULL;
					fs_walk(fs, path, ncomps(path), &n);
				}
				mi[i].ino = attr(n).ino;
			}
			break;
		}
		case 2: /* write */
		case 3: {
			uint64_t off = rnd() % 2 ? rnd() % (3 * PG) : rnd() % (M_PAGES * PG - 4 * PG);
			size_t len = rnd() % 4 ? rnd() % 200 : rnd() % (4 * PG);

			what = "write";
			for (size_t k = 0; k < len; k++)
				src[k] = (unsigned char)rnd();
			if (m_nopen && rnd() % 3 == 0) {
				int h = (int)(rnd() % (unsigned)m_nopen), i = m_open[h].inode;

				if (mi[i].type == 'd')
					rm = -EISDIR;
				else if (mi[i].type == 'l')
					rm = -EINVAL;
				else
					rm = len ? (int)m_write(i, off, src, len) : 0;
				rf = (int)memfs_write(m_open[h].node, off, src, len);
				break;
			}
			rm = m_walk(path, ncomps(path), &p);
			if (!rm && m_type(p) == 'd')
				rm = -EISDIR;
			else if (!rm && m_type(p) == 'l')
				rm = -EINVAL;
			else if (!rm && len)
				rm = (int)m_write(mp[p].inode, off, src, len);
			rf = fs_walk(fs, path, ncomps(path), &n);
			if (!rf)
				rf = (int)memfs_write(n, off, src, len);
			break;
		}
		case 4: { /* truncate */
			size_t size = rnd() % 2 ? rnd() % (2 * PG) : rnd() % (M_PAGES * PG);

			what = "truncate";
			rm = m_walk(path, ncomps(path), &p);
			if (!rm && m_type(p) == 'd')
				rm = -EISDIR;
			else if (!rm && m_type(p) == 'l')
				rm = -EINVAL;
			else if (!rm)
				m_truncate(mp[p].inode, size);
			rf = fs_walk(fs, path, ncomps(path), &n);
			if (!rf)
				rf = memfs_truncate(n, size);
			break;
		}
		case 5: /* unlink */
		case 6: { /* rmdir */
			const char *base = basename_of(path);

			what = kind == 5 ? "unlink" : "rmdir";
			rm = m_walk(path, ncomps(path) - 1, &pp);
			if (!rm && m_type(pp) != 'd')
				rm = -ENOTDIR;
			if (!rm && (p = m_find(path)) == -1)
				rm = -ENOENT;
			if (!rm && kind == 5 && m_type(p) == 'd')
				rm = -EISDIR;
			if (!rm && kind == 6 && m_type(p) != 'd')
				rm = -ENOTDIR;
			if (!rm && kind == 6 && m_has_children(p))
				rm = -ENOTEMPTY;
			rf = fs_walk(fs, path, ncomps(path) - 1, &dir);
			if (!rf)
				rf = kind == 5 ? memfs_unlink(dir, N(base)) : memfs_rmdir(dir, N(base));
			if (!rm && !rf) {
				int i = mp[p].inode;

				mp[p].used = false;
				mi[i].links--;
				if (mi[i].type == 'd')
					mi[i].links = 0;
				m_release(i);
			}
			break;
		}
		case 7: { /* rename */
			const char *ob = basename_of(path), *nb = basename_of(path2);

			what = "rename";
			rm = m_walk(path, ncomps(path) - 1, &pp);
			if (!rm)
				rm = m_walk(path2, ncomps(path2) - 1, &qp);
			if (!rm && (m_type(pp) != 'd' || m_type(qp) != 'd'))
				rm = -ENOTDIR;
			if (!rm && (p = m_find(path)) == -1)
				rm = -ENOENT;
			q = m_find(path2);
			if (!rm && q >= 0 && mp[q].inode == mp[p].inode) {
				rm = 1; /* no-op */
			} else if (!rm && m_type(p) == 'd') {
				size_t ol = strlen(path);

				if (strncmp(path2, path, ol) == 0 && path2[ol] == '/')
					rm = -EINVAL;
				else if (q >= 0 && m_type(q) != 'd')
					rm = -ENOTDIR;
				else if (q >= 0 && m_has_children(q))
					rm = -ENOTEMPTY;
			} else if (!rm && q >= 0 && m_type(q) == 'd') {
				rm = -EISDIR;
			}
			rf = fs_walk(fs, path, ncomps(path) - 1, &dir);
			if (!rf) {
				rf = fs_walk(fs, path2, ncomps(path2) - 1, &dir2);
				if (!rf)
					rf = memfs_rename(dir, N(ob), dir2, N(nb));
			}
			if (rm == 1) {
				rm = 0;
			} else if (!rm && !rf) {
				size_t ol = strlen(path);

				if (q >= 0) {
					int v = mp[q].inode;

					mp[q].used = false;
					mi[v].links = mi[v].type == 'd' ? 0 : mi[v].links - 1;
					m_release(v);
				}
				for (int i = 0; i < M_PATHS; i++) {
					if (mp[i].used && strncmp(mp[i].path, path, ol) == 0 &&
					    (mp[i].path[ol] == '/' || mp[i].path[ol] == '\0')) {
						char moved[256];

						snprintf(moved, sizeof(moved), "%s%s", path2,
							 mp[i].path + ol);
						if (strlen(moved) >= sizeof(mp[i].path)) {
							bad = "model path overflow";
							break;
						}
						strcpy(mp[i].path, moved);
					}
				}
			}
			break;
		}
		case 8: { /* link */
			const char *nb = basename_of(path2);

			what = "link";
			rm = m_walk(path, ncomps(path), &p);
			if (!rm)
				rm = m_walk(path2, ncomps(path2) - 1, &qp);
			if (!rm && m_type(qp) != 'd')
				rm = -ENOTDIR;
			if (!rm && m_find(path2) != -1)
				rm = -EEXIST;
			if (!rm && m_type(p) == 'd')
				rm = -EPERM;
			rf = fs_walk(fs, path, ncomps(path), &n);
			if (!rf) {
				rf = fs_walk(fs, path2, ncomps(path2) - 1, &dir2);
				if (!rf)
					rf = memfs_link(dir2, N(nb), n);
			}
			if (!rm && !rf)
				m_add_path(path2, mp[p].inode);
			break;
		}
		case 9: { /* open (keep a reference) or close */
			what = "open/close";
			if (m_nopen == M_OPEN || (m_nopen && rnd() % 2)) {
				int h = (int)(rnd() % (unsigned)m_nopen), i = m_open[h].inode;

				mnode_put(m_open[h].node);
				mi[i].opens--;
				m_release(i);
				m_open[h] = m_open[--m_nopen];
				rm = rf = 0;
				break;
			}
			rm = m_walk(path, ncomps(path), &p);
			rf = fs_walk(fs, path, ncomps(path), &n);
			if (!rm && !rf) {
				m_open[m_nopen].inode = mp[p].inode;
				m_open[m_nopen++].node = n;
				mi[mp[p].inode].opens++;
				n = NULL;
			}
			break;
		}
		case 10: { /* read back through an open node (maybe unlinked) */
			what = "read open";
			if (m_nopen) {
				int h = (int)(rnd() % (unsigned)m_nopen);
				const char *w = mi[m_open[h].inode].type == 'd' ? NULL :
						compare_node(m_open[h].node, m_open[h].inode, -1);

				if (w)
					bad = tap_fmt("op %d: open node: %s", op, w);
			}
			break;
		}
		default: { /* compare one path */
			what = "compare";
			rm = m_walk(path, ncomps(path), &p);
			rf = fs_walk(fs, path, ncomps(path), &n);
			if (!rm && !rf) {
				const char *w = compare_node(n, p == -2 ? 0 : mp[p].inode, p);

				if (w)
					bad = tap_fmt("op %d: %s: %s", op, path, w);
			}
			break;
		}
		}
		mnode_put(n);
		mnode_put(dir);
		mnode_put(dir2);
		oks += rf == 0;
		kind_ok[kind] += rf >= 0 && rm == rf;
		nospc += rf == -ENOSPC;
		short_writes += (kind == 2 || kind == 3) && rf > 0;
		if (!bad && rm != rf)
			bad = tap_fmt("op %d: %s %s %s: memfs %d, model %d", op, what, path, path2, rf,
				      rm);
		if (!bad && memfs_bytes_used(fs) != m_used)
			bad = tap_fmt("op %d: %s: bytes used %llu, model %llu", op, what,
				      (unsigned long long)memfs_bytes_used(fs),
				      (unsigned long long)m_used);
		if (!bad && op % 250 == 0)
			bad = compare_all(fs);
	}
	if (!bad)
		bad = compare_all(fs);
	if (bad)
		FAIL("10000 random operations agree with the model", bad);
	else
		PASS("10000 random operations agree with the model");
	tap_diag("ops: create %d, write %d, truncate %d, unlink %d, rmdir %d, rename %d, link %d, "
		 "open/close %d, read %d, compare %d; %d returned 0, %d wrote bytes, %d -ENOSPC; "
		 "%llu nodes at the end",
		 counts[0] + counts[1], counts[2] + counts[3], counts[4], counts[5], counts[6],
		 counts[7], counts[8], counts[9], counts[10], counts[11], oks, short_writes, nospc,
		 (unsigned long long)memfs_nodes(fs));
	tap_diag("succeeded: create %d, write %d, truncate %d, unlink %d, rmdir %d, rename %d, "
		 "link %d", kind_ok[0] + kind_ok[1], kind_ok[2] + kind_ok[3], kind_ok[4], kind_ok[5],
		 kind_ok[6], kind_ok[7], kind_ok[8]);
	for (int h = 0; h < m_nopen; h++)
		mnode_put(m_open[h].node);
	for (int i = 0; i < M_INODES; i++) {
		if (mi[i].live)
			free(mi[i].data);
	}
	memfs_destroy(fs);
	free(src);
}

int main(void)
{
	test_create();
	test_names();
	test_mknod_lookup();
	test_symlink();
	test_link();
	test_unlink_rmdir();
	test_rename();
	test_data();
	test_space();
	test_attrs();
	test_seal();
	test_refcount();
	test_readdir();
	test_readdir_stability();
	test_readdir_meddling();
	test_borrowed();
	test_linear();
	test_cpio_load();
	test_cpio_bad();
	test_cpio_fuzz();
	test_faults();
	test_random();
	return tap_done();
}
