/*
 * memfs: the in-memory file system of the VFS server (contract in memfs.h).
 *
 * - Every node of an instance is on one list, so memfs_destroy frees them
 *   all, open-but-unlinked ones included. A node lives while a directory
 *   entry names it (links) or someone holds a reference (refs).
 * - A directory keeps its entries twice: in a chained hash table (name ->
 *   entry; O(1) lookup, seeded hash) and in an array ordered by a
 *   per-directory sequence number given to each entry when it is made. That
 *   number is the entry's readdir cookie, so a cookie never moves: readdir
 *   finds its place by binary search, and an entry made later always sorts
 *   after it. A removed entry leaves a tombstone (its number, no entry) so
 *   the array stays sorted; tombstones are squeezed out once they outnumber
 *   the live entries, which keeps every operation amortized O(1)/O(log n).
 * - A regular file's data is a radix tree of 4 KiB pages (512 slots per
 *   level, grown to the height the file needs), so holes cost nothing and
 *   read as zeros, and appending is linear. Borrowed data (the initrd image)
 *   lies under the tree: a page missing from the tree reads the borrowed
 *   bytes, and the first write to a page copies them into a new page (copy
 *   on write, page by page; nothing is ever written to borrowed memory).
 * - max_bytes bounds the owned data pages: memfs_bytes_used counts 4 KiB
 *   for each one (what the memory really costs). Names, directory tables,
 *   tree nodes and symlink targets are not counted.
 * - Byte invariant: bytes of an owned page past the end of the file are
 *   zero (truncate clears them), so growing a file shows zeros.
 *
 * Not thread-safe: the VFS server serializes calls into one instance.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cpio.h"
#include "memfs.h"
#include "motor/errno.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)
#define FAN_SHIFT 9
#define FAN ((size_t)1 << FAN_SHIFT)
/* Hard links to one file; directories are not limited (2 + subdirectories). */
#define FILE_LINK_MAX 65000u
/* Readdir cookies: 0 is ".", 1 is "..", entries are numbered from 2. */
#define COOKIE_DOTDOT 1
#define COOKIE_FIRST 2
/* A directory's st_size is its entry count ("." and ".." included) times this. */
#define DIRENT_SIZE 32
/* chown: an id of (uint32_t)-1 leaves that id unchanged, as in chown(2). */
#define ID_UNCHANGED 0xffffffffu
#define NSEC_PER_SEC 1000000000ll

/*
 * Allocation. Under MEMFS_FAULT_INJECTION (the unit test) the allocation
 * memfs_fault_countdown steps from now fails once, so every ENOMEM path can
 * be exercised.
 */
#ifdef MEMFS_FAULT_INJECTION
extern long memfs_fault_countdown;
long memfs_fault_countdown = -1;

static bool alloc_fails(void)
{
	if (memfs_fault_countdown < 0)
		return false;
	return memfs_fault_countdown-- == 0;
}
#else
static bool alloc_fails(void)
{
	return false;
}
#endif

static void *mf_malloc(size_t size)
{
	return alloc_fails() ? NULL : malloc(size);
}

static void *mf_calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : calloc(n, size);
}

static void *mf_realloc(void *p, size_t size)
{
	return alloc_fails() ? NULL : realloc(p, size);
}

struct dentry {
	struct dentry *hnext; /* hash chain */
	struct mnode *node;
	uint64_t seq;         /* readdir cookie */
	uint32_t hash;
	uint16_t len;
	char name[];          /* NUL-terminated for convenience */
};

struct slot {
	uint64_t seq;
	struct dentry *d;     /* NULL: removed (a tombstone) */
};

struct dirdata {
	struct dentry **bucket;
	size_t nbucket;       /* 0 or a power of two */
	struct slot *slot;    /* ascending seq */
	size_t nslot, cap;
	size_t live;          /* entries, not counting "." and ".." */
	uint64_t next_seq;
	uint64_t epoch;       /* changes whenever slots move (readdir re-finds its place) */
	uint32_t subdirs;
	struct mnode *parent; /* NULL for the root and for a removed directory */
};

struct filedata {
	void *root;           /* height 0: the page of index 0; else FAN slots */
	unsigned height;
	uint64_t size;
	uint64_t pages;       /* owned pages */
	const unsigned char *borrowed;
	uint64_t blen;        /* borrowed bytes still visible (<= size) */
};

struct linkdata {
	char *target;
	size_t len;
};

struct mnode {
	struct memfs *fs;
	struct mnode *prev, *next; /* the instance's list of all nodes */
	uint64_t ino;
	uint64_t refs;
	uint32_t links;            /* entries naming it; a directory: 0 or 1 */
	uint32_t mode, uid, gid, rdev;
	uint32_t listed;           /* load generation of the archive entry that made it */
	int64_t atime, mtime, ctime;
	union {
		struct dirdata d;
		struct filedata f;
		struct linkdata l;
	} u;
};

struct memfs {
	uint64_t dev, max_bytes, used, nodes, next_ino, seed;
	int64_t (*now)(void);
	bool sealed;
	bool loading;      /* memfs_load_cpio: the archive's times win */
	uint32_t load_gen;
	struct mnode *root;
	struct mnode *all;
};

static int64_t zero_clock(void)
{
	return 0;
}

static uint64_t mix64(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 33;
	return h;
}

/* FNV-1a over the name from a per-instance seed, then a final mix. */
static uint32_t name_hash(const struct memfs *fs, const char *s, size_t len)
{
	uint64_t h = fs->seed ^ 0xcbf29ce484222325ull;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return (uint32_t)mix64(h ^ len);
}

static bool is_type(const struct mnode *n, uint32_t type)
{
	return (n->mode & MEMFS_IFMT) == type;
}

static bool is_dots(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* A name as memfs.h defines it; "." and ".." only where dots_ok. */
static int check_name(const char *name, size_t len, bool dots_ok)
{
	if (len > MEMFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (!name || len == 0)
		return -EINVAL;
	if (memchr(name, '/', len) || memchr(name, '\0', len))
		return -EINVAL;
	if (!dots_ok && is_dots(name, len))
		return -EINVAL;
	return 0;
}

static int64_t now(const struct memfs *fs)
{
	return fs->now();
}

static void touch_c(struct mnode *n)
{
	n->ctime = now(n->fs);
}

static void touch_mc(struct mnode *n)
{
	n->mtime = n->ctime = now(n->fs);
}

/* An entry of dir was added or removed. */
static void dir_changed(struct mnode *dir)
{
	if (!dir->fs->loading)
		touch_mc(dir);
}

/* ---- Directory tables ---------------------------------------------------- */

static struct dentry *dir_find(const struct mnode *dir, const char *name, size_t len,
			       uint32_t hash)
{
	const struct dirdata *d = &dir->u.d;
	struct dentry *e;

	if (!d->nbucket)
		return NULL;
	for (e = d->bucket[hash & (d->nbucket - 1)]; e; e = e->hnext) {
		if (e->hash == hash && e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

/* Resizes the hash table to n buckets; on allocation failure keeps the old one. */
static void dir_rehash(struct dirdata *d, size_t n)
{
	struct dentry **nb = mf_calloc(n, sizeof(*nb));
	size_t i;

	if (!nb)
		return;
	for (i = 0; i < d->nbucket; i++) {
		struct dentry *e = d->bucket[i], *next;

		for (; e; e = next) {
			next = e->hnext;
			e->hnext = nb[e->hash & (n - 1)];
			nb[e->hash & (n - 1)] = e;
		}
	}
	free(d->bucket);
	d->bucket = nb;
	d->nbucket = n;
}

static void dir_compact(struct dirdata *d)
{
	size_t i, j = 0;

	for (i = 0; i < d->nslot; i++) {
		if (d->slot[i].d)
			d->slot[j++] = d->slot[i];
	}
	d->nslot = j;
	d->epoch++;
}

/* Makes room for one more entry, so that dir_insert cannot fail. */
static int dir_reserve(struct dirdata *d)
{
	if (!d->nbucket) {
		d->bucket = mf_calloc(8, sizeof(*d->bucket));
		if (!d->bucket)
			return -ENOMEM;
		d->nbucket = 8;
	}
	if (d->nslot < d->cap)
		return 0;
	if (d->nslot - d->live >= d->nslot / 2 && d->nslot > d->live) {
		dir_compact(d);
		return 0;
	}
	{
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct slot *s;

		if (d->cap > SIZE_MAX / 2 / sizeof(*s))
			return -ENOMEM;
		s = mf_realloc(d->slot, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		d->slot = s;
		d->cap = cap;
		d->epoch++;
	}
	return 0;
}

/* After dir_reserve: gives e the next cookie and adds it. */
static void dir_insert(struct mnode *dir, struct dentry *e)
{
	struct dirdata *d = &dir->u.d;
	size_t b = e->hash & (d->nbucket - 1);

	e->seq = d->next_seq++;
	e->hnext = d->bucket[b];
	d->bucket[b] = e;
	d->slot[d->nslot].seq = e->seq;
	d->slot[d->nslot].d = e;
	d->nslot++;
	d->live++;
	if (d->live > d->nbucket && d->nbucket <= SIZE_MAX / 2 / sizeof(*d->bucket))
		dir_rehash(d, d->nbucket * 2);
}

/* The index of the first slot whose seq is >= seq. */
static size_t slot_search(const struct dirdata *d, uint64_t seq)
{
	size_t lo = 0, hi = d->nslot;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (d->slot[mid].seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void dir_free_tables(struct dirdata *d)
{
	free(d->bucket);
	free(d->slot);
	d->bucket = NULL;
	d->slot = NULL;
	d->nbucket = d->nslot = d->cap = 0;
	d->epoch++;
}

/* Takes e out of dir (the caller frees e). */
static void dir_remove(struct mnode *dir, struct dentry *e)
{
	struct dirdata *d = &dir->u.d;
	struct dentry **pp = &d->bucket[e->hash & (d->nbucket - 1)];
	size_t i;

	while (*pp != e)
		pp = &(*pp)->hnext;
	*pp = e->hnext;
	i = slot_search(d, e->seq);
	d->slot[i].d = NULL;
	d->live--;
	if (d->live == 0)
		dir_free_tables(d);
	else if (d->nslot - d->live > d->live && d->nslot > 16)
		dir_compact(d);
	else if (d->live * 8 < d->nbucket && d->nbucket > 8)
		dir_rehash(d, d->nbucket / 2);
}

static struct dentry *dentry_new(const char *name, size_t len, uint32_t hash, struct mnode *n)
{
	struct dentry *e = mf_malloc(sizeof(*e) + len + 1);

	if (!e)
		return NULL;
	e->hnext = NULL;
	e->node = n;
	e->seq = 0;
	e->hash = hash;
	e->len = (uint16_t)len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return e;
}

/* ---- File pages ------------------------------------------------------------ */

/* Pages a tree of this height covers. */
static uint64_t tree_span(unsigned height)
{
	return (uint64_t)1 << (FAN_SHIFT * height);
}

static unsigned char *page_find(const struct filedata *f, uint64_t p)
{
	void *node = f->root;
	unsigned l;

	if (p >= tree_span(f->height))
		return NULL;
	for (l = f->height; l > 0 && node; l--)
		node = ((void **)node)[(p >> (FAN_SHIFT * (l - 1))) & (FAN - 1)];
	return node;
}

/*
 * The page of index p, made (zeros, or the borrowed bytes it covers) if
 * missing. NULL with *err = -ENOSPC or -ENOMEM.
 */
static unsigned char *page_get(struct mnode *n, uint64_t p, int *err)
{
	struct memfs *fs = n->fs;
	struct filedata *f = &n->u.f;
	unsigned char *pg = page_find(f, p);
	uint64_t base = p << PAGE_SHIFT;
	size_t have = 0;
	void **slot;
	unsigned l;

	if (pg)
		return pg;
	if (fs->max_bytes && (fs->used > fs->max_bytes || fs->max_bytes - fs->used < PAGE_SIZE)) {
		*err = -ENOSPC;
		return NULL;
	}
	while (p >= tree_span(f->height)) {
		if (f->root) {
			void **top = mf_calloc(FAN, sizeof(void *));

			if (!top) {
				*err = -ENOMEM;
				return NULL;
			}
			top[0] = f->root;
			f->root = top;
		}
		f->height++;
	}
	slot = &f->root;
	for (l = f->height; l > 0; l--) {
		if (!*slot) {
			*slot = mf_calloc(FAN, sizeof(void *));
			if (!*slot) {
				*err = -ENOMEM;
				return NULL;
			}
		}
		slot = &((void **)*slot)[(p >> (FAN_SHIFT * (l - 1))) & (FAN - 1)];
	}
	pg = mf_malloc(PAGE_SIZE);
	if (!pg) {
		*err = -ENOMEM;
		return NULL;
	}
	if (base < f->blen) {
		have = f->blen - base < PAGE_SIZE ? (size_t)(f->blen - base) : PAGE_SIZE;
		memcpy(pg, f->borrowed + base, have);
	}
	memset(pg + have, 0, PAGE_SIZE - have);
	*slot = pg;
	f->pages++;
	fs->used += PAGE_SIZE;
	return pg;
}

/* Frees the pages from index `from` on under node (a subtree of this level). */
static void *tree_cut(struct mnode *n, void *node, unsigned level, uint64_t from)
{
	void **s = node;
	uint64_t span;
	bool any = false;
	size_t i;

	if (!node)
		return NULL;
	if (level == 0) {
		if (from)
			return node;
		free(node);
		n->u.f.pages--;
		n->fs->used -= PAGE_SIZE;
		return NULL;
	}
	span = tree_span(level - 1);
	for (i = 0; i < FAN; i++) {
		uint64_t start = i * span;

		if (s[i] && from < start + span)
			s[i] = tree_cut(n, s[i], level - 1, from > start ? from - start : 0);
		any |= s[i] != NULL;
	}
	if (any)
		return node;
	free(node);
	return NULL;
}

/* Frees pages from index `from` on, then lowers the tree while it can. */
static void tree_truncate(struct mnode *n, uint64_t from)
{
	struct filedata *f = &n->u.f;

	f->root = tree_cut(n, f->root, f->height, from);
	while (f->height > 0) {
		void **s = f->root;
		size_t i;

		if (!s) {
			f->height = 0;
			break;
		}
		for (i = 1; i < FAN && !s[i]; i++)
			;
		if (i < FAN)
			break;
		f->root = s[0];
		free(s);
		f->height--;
	}
}

/* ---- Nodes ------------------------------------------------------------------ */

static struct mnode *node_new(struct memfs *fs, uint32_t mode, uint32_t rdev, uint32_t uid,
			      uint32_t gid)
{
	struct mnode *n = mf_calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->fs = fs;
	n->ino = fs->next_ino++;
	n->mode = mode;
	n->rdev = (mode & MEMFS_IFMT) == MEMFS_IFCHR ? rdev : 0;
	n->uid = uid;
	n->gid = gid;
	n->atime = n->mtime = n->ctime = now(fs);
	if (is_type(n, MEMFS_IFDIR))
		n->u.d.next_seq = COOKIE_FIRST;
	n->next = fs->all;
	if (fs->all)
		fs->all->prev = n;
	fs->all = n;
	fs->nodes++;
	return n;
}

/* Frees n and what it owns; a directory's entries, not the nodes they name. */
static void node_free(struct mnode *n)
{
	struct memfs *fs = n->fs;

	if (n->prev)
		n->prev->next = n->next;
	else
		fs->all = n->next;
	if (n->next)
		n->next->prev = n->prev;
	fs->nodes--;
	switch (n->mode & MEMFS_IFMT) {
	case MEMFS_IFDIR: {
		struct dirdata *d = &n->u.d;
		size_t i;

		for (i = 0; i < d->nslot; i++)
			free(d->slot[i].d);
		dir_free_tables(d);
		break;
	}
	case MEMFS_IFREG:
		tree_truncate(n, 0);
		break;
	case MEMFS_IFLNK:
		free(n->u.l.target);
		break;
	}
	free(n);
}

static void node_release(struct mnode *n)
{
	if (n->links == 0 && n->refs == 0)
		node_free(n);
}

/*
 * Makes name (valid, hashed, absent) in the live directory dir. On success
 * *res is the new node, not referenced.
 */
static int node_create(struct mnode *dir, const char *name, size_t len, uint32_t hash,
		       uint32_t mode, uint32_t rdev, uint32_t uid, uint32_t gid,
		       const char *target, size_t tlen, struct mnode **res)
{
	struct mnode *n = node_new(dir->fs, mode, rdev, uid, gid);
	struct dentry *e;

	if (!n)
		return -ENOMEM;
	if (target) {
		n->u.l.target = mf_malloc(tlen);
		if (!n->u.l.target) {
			node_free(n);
			return -ENOMEM;
		}
		memcpy(n->u.l.target, target, tlen);
		n->u.l.len = tlen;
	}
	e = dentry_new(name, len, hash, n);
	if (!e || dir_reserve(&dir->u.d) < 0) {
		free(e);
		node_free(n);
		return -ENOMEM;
	}
	n->links = 1;
	if (is_type(n, MEMFS_IFDIR)) {
		n->u.d.parent = dir;
		dir->u.d.subdirs++;
	}
	dir_insert(dir, e);
	dir_changed(dir);
	*res = n;
	return 0;
}

/*
 * The checks every creation shares: dir a live directory, name valid and
 * absent, the instance writable. Sets *hash.
 */
static int create_checks(struct mnode *dir, const char *name, size_t len, uint32_t *hash)
{
	int r;

	if (!dir)
		return -EINVAL;
	if (!is_type(dir, MEMFS_IFDIR))
		return -ENOTDIR;
	r = check_name(name, len, false);
	if (r)
		return r;
	if (!dir->links)
		return -ENOENT; /* a removed directory takes no new entries */
	*hash = name_hash(dir->fs, name, len);
	if (dir_find(dir, name, len, *hash))
		return -EEXIST;
	if (dir->fs->sealed)
		return -EROFS;
	return 0;
}

/* ---- Instances ------------------------------------------------------------ */

int memfs_create(struct memfs **out, uint64_t dev, uint64_t max_bytes, int64_t (*now_ns)(void))
{
	struct memfs *fs;

	if (!out)
		return -EINVAL;
	*out = NULL;
	fs = mf_calloc(1, sizeof(*fs));
	if (!fs)
		return -ENOMEM;
	fs->dev = dev;
	fs->max_bytes = max_bytes;
	fs->now = now_ns ? now_ns : zero_clock;
	fs->next_ino = 1;
	fs->seed = mix64((uint64_t)(uintptr_t)fs ^ mix64(dev) ^ (uint64_t)fs->now());
	fs->root = node_new(fs, MEMFS_IFDIR | 0755, 0, 0, 0);
	if (!fs->root) {
		free(fs);
		return -ENOMEM;
	}
	fs->root->links = 1; /* never released: it goes with the instance */
	*out = fs;
	return 0;
}

void memfs_seal(struct memfs *fs)
{
	if (fs)
		fs->sealed = true;
}

void memfs_unseal(struct memfs *fs)
{
	if (fs)
		fs->sealed = false;
}

bool memfs_readonly(const struct memfs *fs)
{
	return fs && fs->sealed;
}

void memfs_destroy(struct memfs *fs)
{
	if (!fs)
		return;
	while (fs->all)
		node_free(fs->all);
	free(fs);
}

struct mnode *memfs_root(struct memfs *fs)
{
	return fs ? fs->root : NULL;
}

uint64_t memfs_bytes_used(const struct memfs *fs)
{
	return fs ? fs->used : 0;
}

uint64_t memfs_max_bytes(const struct memfs *fs)
{
	return fs ? fs->max_bytes : 0;
}

uint64_t memfs_nodes(const struct memfs *fs)
{
	return fs ? fs->nodes : 0;
}

void mnode_get(struct mnode *n)
{
	if (n)
		n->refs++;
}

void mnode_put(struct mnode *n)
{
	if (!n || n->refs == 0)
		return; /* an unbalanced put is a caller bug; never a double free */
	n->refs--;
	node_release(n);
}

struct memfs *mnode_fs(const struct mnode *n)
{
	return n ? n->fs : NULL;
}

uint32_t mnode_mode(const struct mnode *n)
{
	return n ? n->mode : 0;
}

bool mnode_is_dir(const struct mnode *n)
{
	return n && is_type(n, MEMFS_IFDIR);
}

/* ---- Names ------------------------------------------------------------------ */

int memfs_lookup(struct mnode *dir, const char *name, size_t len, struct mnode **out)
{
	struct mnode *n;
	int r;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!dir)
		return -EINVAL;
	if (!is_type(dir, MEMFS_IFDIR))
		return -ENOTDIR;
	r = check_name(name, len, true);
	if (r)
		return r;
	if (len == 1 && name[0] == '.') {
		n = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		n = dir == dir->fs->root ? dir : dir->u.d.parent;
		if (!n)
			return -ENOENT; /* a removed directory has no parent */
	} else {
		struct dentry *e = dir_find(dir, name, len, name_hash(dir->fs, name, len));

		if (!e)
			return -ENOENT;
		n = e->node;
	}
	n->refs++;
	*out = n;
	return 0;
}

int memfs_mknod(struct mnode *dir, const char *name, size_t len, uint32_t mode, uint32_t rdev,
		uint32_t uid, uint32_t gid, struct mnode **out)
{
	uint32_t type = mode & MEMFS_IFMT, hash;
	struct mnode *n;
	int r;

	if (out)
		*out = NULL;
	r = create_checks(dir, name, len, &hash);
	if (r == 0 && type != MEMFS_IFREG && type != MEMFS_IFDIR && type != MEMFS_IFCHR &&
	    type != MEMFS_IFIFO)
		r = -EINVAL;
	if (r == 0)
		r = node_create(dir, name, len, hash, type | (mode & 07777), rdev, uid, gid, NULL,
				0, &n);
	if (r)
		return r;
	if (out) {
		n->refs++;
		*out = n;
	}
	return 0;
}

int memfs_symlink(struct mnode *dir, const char *name, size_t len, const char *target,
		  size_t tlen, uint32_t uid, uint32_t gid)
{
	struct mnode *n;
	uint32_t hash;
	int r = create_checks(dir, name, len, &hash);

	if (r)
		return r;
	if (tlen > MEMFS_SYMLINK_MAX)
		return -ENAMETOOLONG;
	if (!target || memchr(target, '\0', tlen))
		return -EINVAL;
	if (tlen == 0)
		return -ENOENT; /* as symlink(2) for an empty target */
	return node_create(dir, name, len, hash, MEMFS_IFLNK | 0777, 0, uid, gid, target, tlen,
			   &n);
}

/* Adds an entry for the existing non-directory node (checked by the caller). */
static int add_link(struct mnode *dir, const char *name, size_t len, uint32_t hash,
		    struct mnode *node)
{
	struct dentry *e;

	if (node->links >= FILE_LINK_MAX)
		return -EMLINK;
	e = dentry_new(name, len, hash, node);
	if (!e || dir_reserve(&dir->u.d) < 0) {
		free(e);
		return -ENOMEM;
	}
	dir_insert(dir, e);
	node->links++;
	if (!dir->fs->loading)
		touch_c(node);
	dir_changed(dir);
	return 0;
}

int memfs_link(struct mnode *dir, const char *name, size_t len, struct mnode *node)
{
	uint32_t hash;
	int r;

	if (!node)
		return -EINVAL;
	r = create_checks(dir, name, len, &hash);
	if (r)
		return r;
	if (node->fs != dir->fs)
		return -EXDEV;
	if (is_type(node, MEMFS_IFDIR))
		return -EPERM;
	if (!node->links)
		return -ENOENT; /* an unlinked file cannot come back */
	return add_link(dir, name, len, hash, node);
}

/* Finds the entry name (not "." or "..") of dir for a removal. */
static int removal_checks(struct mnode *dir, const char *name, size_t len, struct dentry **out)
{
	int r;

	if (!dir)
		return -EINVAL;
	if (!is_type(dir, MEMFS_IFDIR))
		return -ENOTDIR;
	r = check_name(name, len, false);
	if (r)
		return r;
	*out = dir_find(dir, name, len, name_hash(dir->fs, name, len));
	if (!*out)
		return -ENOENT;
	if (dir->fs->sealed)
		return -EROFS;
	return 0;
}

/* Drops the entry e of dir; n (e's node) loses the link e was. */
static void drop_entry(struct mnode *dir, struct dentry *e)
{
	struct mnode *n = e->node;

	dir_remove(dir, e);
	free(e);
	if (is_type(n, MEMFS_IFDIR)) {
		n->links = 0;
		n->u.d.parent = NULL;
		dir->u.d.subdirs--;
	} else {
		n->links--;
	}
	touch_c(n);
}

int memfs_unlink(struct mnode *dir, const char *name, size_t len)
{
	struct dentry *e;
	struct mnode *n;
	int r = removal_checks(dir, name, len, &e);

	if (r)
		return r;
	n = e->node;
	if (is_type(n, MEMFS_IFDIR))
		return -EISDIR;
	drop_entry(dir, e);
	dir_changed(dir);
	node_release(n);
	return 0;
}

int memfs_rmdir(struct mnode *dir, const char *name, size_t len)
{
	struct dentry *e;
	struct mnode *n;
	int r = removal_checks(dir, name, len, &e);

	if (r)
		return r;
	n = e->node;
	if (!is_type(n, MEMFS_IFDIR))
		return -ENOTDIR;
	if (n->u.d.live)
		return -ENOTEMPTY;
	drop_entry(dir, e);
	dir_changed(dir);
	node_release(n);
	return 0;
}

int memfs_rename(struct mnode *odir, const char *oname, size_t olen, struct mnode *ndir,
		 const char *nname, size_t nlen)
{
	struct dentry *oe, *ne, *e;
	struct mnode *n, *victim = NULL, *p;
	uint32_t nhash;
	int r;

	if (!odir || !ndir)
		return -EINVAL;
	if (!is_type(odir, MEMFS_IFDIR) || !is_type(ndir, MEMFS_IFDIR))
		return -ENOTDIR;
	if (odir->fs != ndir->fs)
		return -EXDEV;
	r = check_name(nname, nlen, false);
	if (r)
		return r;
	r = removal_checks(odir, oname, olen, &oe);
	if (r)
		return r;
	n = oe->node;
	if (!ndir->links)
		return -ENOENT;
	nhash = name_hash(ndir->fs, nname, nlen);
	ne = dir_find(ndir, nname, nlen, nhash);
	if (ne && ne->node == n)
		return 0; /* the same file under both names: POSIX says do nothing */
	if (is_type(n, MEMFS_IFDIR)) {
		for (p = ndir; p; p = p->u.d.parent) {
			if (p == n)
				return -EINVAL; /* into itself or its own subtree */
		}
		if (ne && !is_type(ne->node, MEMFS_IFDIR))
			return -ENOTDIR;
		if (ne && ne->node->u.d.live)
			return -ENOTEMPTY;
	} else if (ne && is_type(ne->node, MEMFS_IFDIR)) {
		return -EISDIR;
	}

	/* Allocate first, so a failure changes nothing; then add before removing. */
	e = dentry_new(nname, nlen, nhash, n);
	if (!e || dir_reserve(&ndir->u.d) < 0) {
		free(e);
		return -ENOMEM;
	}
	dir_insert(ndir, e);
	if (ne) {
		victim = ne->node;
		drop_entry(ndir, ne);
	}
	dir_remove(odir, oe);
	free(oe);
	if (is_type(n, MEMFS_IFDIR) && odir != ndir) {
		odir->u.d.subdirs--;
		ndir->u.d.subdirs++;
		n->u.d.parent = ndir;
	}
	touch_c(n);
	dir_changed(odir);
	if (ndir != odir)
		dir_changed(ndir);
	if (victim)
		node_release(victim);
	return 0;
}

/* ---- Data ------------------------------------------------------------------- */

/* -EISDIR for directories, -EINVAL for other non-regular nodes. */
static int data_checks(const struct mnode *n)
{
	if (!n)
		return -EINVAL;
	if (is_type(n, MEMFS_IFDIR))
		return -EISDIR;
	if (!is_type(n, MEMFS_IFREG))
		return -EINVAL;
	return 0;
}

long memfs_read(struct mnode *n, uint64_t off, void *buf, size_t len)
{
	const struct filedata *f;
	unsigned char *out = buf;
	size_t done = 0;
	int r = data_checks(n);

	if (r)
		return r;
	if (!buf && len)
		return -EINVAL;
	f = &n->u.f;
	if (off >= f->size)
		return 0;
	if (len > f->size - off)
		len = (size_t)(f->size - off);
	while (done < len) {
		uint64_t pos = off + done;
		size_t in = (size_t)(pos & (PAGE_SIZE - 1));
		size_t k = PAGE_SIZE - in < len - done ? PAGE_SIZE - in : len - done;
		const unsigned char *pg = page_find(f, pos >> PAGE_SHIFT);

		if (pg) {
			memcpy(out + done, pg + in, k);
		} else {
			size_t b = 0;

			if (pos < f->blen) {
				b = f->blen - pos < k ? (size_t)(f->blen - pos) : k;
				memcpy(out + done, f->borrowed + pos, b);
			}
			memset(out + done + b, 0, k - b);
		}
		done += k;
	}
	return (long)done;
}

long memfs_write(struct mnode *n, uint64_t off, const void *buf, size_t len)
{
	const unsigned char *in = buf;
	struct filedata *f;
	size_t done = 0;
	int r = data_checks(n), err = 0;

	if (r)
		return r;
	if (!buf && len)
		return -EINVAL;
	if (n->fs->sealed)
		return -EROFS;
	if (len == 0)
		return 0;
	if (off >= MEMFS_FILE_MAX)
		return -EFBIG;
	if (len > MEMFS_FILE_MAX - off)
		len = (size_t)(MEMFS_FILE_MAX - off); /* a short write up to the limit */
	f = &n->u.f;
	while (done < len) {
		uint64_t pos = off + done;
		size_t at = (size_t)(pos & (PAGE_SIZE - 1));
		size_t k = PAGE_SIZE - at < len - done ? PAGE_SIZE - at : len - done;
		unsigned char *pg = page_get(n, pos >> PAGE_SHIFT, &err);

		if (!pg)
			break;
		memcpy(pg + at, in + done, k);
		done += k;
	}
	if (done == 0)
		return err;
	if (off + done > f->size)
		f->size = off + done;
	touch_mc(n);
	return (long)done;
}

int memfs_truncate(struct mnode *n, uint64_t size)
{
	struct filedata *f;
	int r = data_checks(n);

	if (r)
		return r;
	if (n->fs->sealed)
		return -EROFS;
	if (size > MEMFS_FILE_MAX)
		return -EFBIG;
	f = &n->u.f;
	if (size < f->size) {
		size_t tail = (size_t)(size & (PAGE_SIZE - 1));

		tree_truncate(n, (size + PAGE_SIZE - 1) >> PAGE_SHIFT);
		if (tail) {
			unsigned char *pg = page_find(f, size >> PAGE_SHIFT);

			if (pg)
				memset(pg + tail, 0, PAGE_SIZE - tail);
		}
		if (f->blen > size)
			f->blen = size;
		if (!f->blen)
			f->borrowed = NULL;
	}
	f->size = size;
	touch_mc(n);
	return 0;
}

int memfs_add_borrowed(struct mnode *n, const void *data, size_t len)
{
	struct filedata *f;

	if (!n || !is_type(n, MEMFS_IFREG) || (!data && len))
		return -EINVAL;
	if (n->fs->sealed)
		return -EROFS;
	if (len > MEMFS_FILE_MAX)
		return -EFBIG;
	f = &n->u.f;
	if (f->size || f->pages || f->borrowed)
		return -EINVAL;
	if (len == 0)
		return 0;
	f->borrowed = data;
	f->blen = len;
	f->size = len;
	touch_mc(n);
	return 0;
}

long memfs_readlink(struct mnode *n, char *buf, size_t len)
{
	if (!n || !is_type(n, MEMFS_IFLNK) || (!buf && len))
		return -EINVAL;
	if (len > n->u.l.len)
		len = n->u.l.len;
	if (len)
		memcpy(buf, n->u.l.target, len);
	return (long)len;
}

/* ---- Attributes ------------------------------------------------------------- */

int memfs_getattr(struct mnode *n, struct memfs_attr *a)
{
	if (!n || !a)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	a->ino = n->ino;
	a->mode = n->mode;
	a->nlink = n->links;
	a->uid = n->uid;
	a->gid = n->gid;
	a->rdev = n->rdev;
	a->atime_ns = n->atime;
	a->mtime_ns = n->mtime;
	a->ctime_ns = n->ctime;
	a->dev = n->fs->dev;
	switch (n->mode & MEMFS_IFMT) {
	case MEMFS_IFDIR:
		a->nlink = n->links ? 2 + n->u.d.subdirs : 0;
		a->size = (uint64_t)(n->u.d.live + 2) * DIRENT_SIZE;
		break;
	case MEMFS_IFREG:
		a->size = n->u.f.size;
		a->blocks = n->u.f.pages * (PAGE_SIZE / 512);
		break;
	case MEMFS_IFLNK:
		a->size = n->u.l.len;
		break;
	}
	return 0;
}

int memfs_chmod(struct mnode *n, uint32_t mode)
{
	if (!n)
		return -EINVAL;
	if (n->fs->sealed)
		return -EROFS;
	n->mode = (n->mode & MEMFS_IFMT) | (mode & 07777);
	touch_c(n);
	return 0;
}

int memfs_chown(struct mnode *n, uint32_t uid, uint32_t gid)
{
	if (!n)
		return -EINVAL;
	if (n->fs->sealed)
		return -EROFS;
	if (uid != ID_UNCHANGED)
		n->uid = uid;
	if (gid != ID_UNCHANGED)
		n->gid = gid;
	touch_c(n);
	return 0;
}

int memfs_set_times(struct mnode *n, int64_t atime_ns, int64_t mtime_ns)
{
	if (!n)
		return -EINVAL;
	if (n->fs->sealed)
		return -EROFS;
	n->atime = atime_ns;
	n->mtime = mtime_ns;
	touch_c(n);
	return 0;
}

int memfs_readdir(struct mnode *dir, uint64_t *cookie, memfs_emit_fn emit, void *ctx)
{
	struct dirdata *d;
	uint64_t c, epoch;
	size_t i;

	if (!dir || !cookie || !emit)
		return -EINVAL;
	if (!is_type(dir, MEMFS_IFDIR))
		return -ENOTDIR;
	d = &dir->u.d;
	c = *cookie;
	if (c == 0) {
		if (emit(ctx, ".", 1, dir->ino, dir->mode, COOKIE_DOTDOT))
			return 0;
		*cookie = c = COOKIE_DOTDOT;
	}
	if (c == COOKIE_DOTDOT) {
		const struct mnode *up = d->parent ? d->parent : dir;

		if (emit(ctx, "..", 2, up->ino, up->mode, COOKIE_FIRST))
			return 0;
		*cookie = c = COOKIE_FIRST;
	}
	/* emit may change the directory: re-find the place whenever slots moved. */
	i = slot_search(d, c);
	epoch = d->epoch;
	while (i < d->nslot) {
		struct slot s = d->slot[i];

		if (s.d) {
			if (emit(ctx, s.d->name, s.d->len, s.d->node->ino, s.d->node->mode,
				 s.seq + 1)) {
				*cookie = s.seq;
				return 0;
			}
			c = s.seq + 1;
			*cookie = c;
		}
		if (d->epoch != epoch) {
			i = slot_search(d, s.seq + 1);
			epoch = d->epoch;
		} else {
			i++;
		}
	}
	*cookie = c > d->next_seq ? c : d->next_seq;
	return 0;
}

/* ---- Loading a cpio archive --------------------------------------------------- */

/* Regular files with nlink > 1 by the archive's inode number (GNU cpio puts the
 * data on one of them, usually the last; the others are empty). */
struct hardlinks {
	struct { uint32_t ino; struct mnode *node; } *slot;
	size_t cap, n;
};

struct loader {
	struct memfs *fs;
	const char **why;
	struct hardlinks hl;
};

static int bad(const struct loader *ld, const char *reason)
{
	if (ld->why)
		*ld->why = reason;
	return -EINVAL;
}

static int nomem(const struct loader *ld)
{
	if (ld->why)
		*ld->why = "out of memory";
	return -ENOMEM;
}

static struct mnode **hl_find(struct hardlinks *h, uint32_t ino, bool *found)
{
	size_t i = (size_t)mix64(ino) & (h->cap - 1);

	while (h->slot[i].node && h->slot[i].ino != ino)
		i = (i + 1) & (h->cap - 1);
	*found = h->slot[i].node != NULL;
	h->slot[i].ino = ino;
	return &h->slot[i].node;
}

/* Room for one more (load at most one half). */
static int hl_reserve(struct hardlinks *h)
{
	struct hardlinks g;
	size_t i;
	bool found;

	if ((h->n + 1) * 2 <= h->cap)
		return 0;
	g.cap = h->cap ? h->cap * 2 : 16;
	g.n = h->n;
	g.slot = mf_calloc(g.cap, sizeof(*g.slot));
	if (!g.slot)
		return -ENOMEM;
	for (i = 0; i < h->cap; i++) {
		if (h->slot[i].node)
			*hl_find(&g, h->slot[i].ino, &found) = h->slot[i].node;
	}
	free(h->slot);
	*h = g;
	return 0;
}

static uint32_t hex8(const char *s)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 8; i++) {
		char c = s[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
	}
	return v;
}

/*
 * A device number from the header's rdevmajor and rdevminor fields (struct
 * cpio_entry does not carry them; cpio_next has checked the digits), in
 * Linux's encoding: minor bits 0-7 and 20-31, major bits 8-19.
 */
static uint32_t header_rdev(const char *hdr)
{
	uint32_t major = hex8(hdr + 6 + 9 * 8), minor = hex8(hdr + 6 + 10 * 8);

	return (minor & 0xffu) | (major & 0xfffu) << 8 | (minor & ~0xffu) << 12;
}

/* The subdirectory name of dir, made (0755, root's) if missing. */
static int load_step(struct loader *ld, struct mnode **dir, const char *name, size_t len)
{
	uint32_t hash = name_hash(ld->fs, name, len);
	struct dentry *e = dir_find(*dir, name, len, hash);
	struct mnode *n;

	if (e) {
		if (!is_type(e->node, MEMFS_IFDIR))
			return bad(ld, "a parent of an entry is not a directory");
		*dir = e->node;
		return 0;
	}
	if (node_create(*dir, name, len, hash, MEMFS_IFDIR | 0755, 0, 0, 0, NULL, 0, &n))
		return nomem(ld);
	*dir = n;
	return 0;
}

/* A regular file; with nlink > 1, the entries of one archive inode share a node. */
static int load_file(struct loader *ld, struct mnode *dir, const char *name, size_t len,
		     uint32_t hash, const struct cpio_entry *e, struct mnode **res)
{
	struct mnode **known = NULL, *n;
	bool found = false;
	int r;

	if (e->nlink > 1) {
		if (hl_reserve(&ld->hl))
			return nomem(ld);
		known = hl_find(&ld->hl, e->ino, &found);
	}
	if (found) {
		n = *known;
		r = add_link(dir, name, len, hash, n);
		if (r == -EMLINK)
			return bad(ld, "too many hard links");
		if (r)
			return nomem(ld);
		if (e->size && n->u.f.size &&
		    (n->u.f.size != e->size || memcmp(n->u.f.borrowed, e->data, e->size) != 0))
			return bad(ld, "hard links to one file with different data");
	} else {
		if (node_create(dir, name, len, hash, MEMFS_IFREG, 0, 0, 0, NULL, 0, &n))
			return nomem(ld);
		if (known) {
			*known = n;
			ld->hl.n++;
		}
	}
	if (e->size && !n->u.f.size && memfs_add_borrowed(n, e->data, e->size))
		return bad(ld, "cannot attach the file's data"); /* not reached: n is empty */
	*res = n;
	return 0;
}

static int load_entry(struct loader *ld, const char *hdr, const struct cpio_entry *e)
{
	struct memfs *fs = ld->fs;
	const char *p = e->name, *end = e->name + e->namelen, *last = NULL;
	struct mnode *dir = fs->root, *n = NULL;
	uint32_t type = e->mode & MEMFS_IFMT, hash;
	struct dentry *old;
	size_t lastlen = 0;
	int r;

	/* Components: empty ones and "." are skipped, ".." refused. */
	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t clen = (size_t)((slash ? slash : end) - p);
		const char *next = slash ? slash + 1 : end;

		if (clen == 2 && p[0] == '.' && p[1] == '.')
			return bad(ld, "a '..' component in a name");
		if (clen > MEMFS_NAME_MAX)
			return bad(ld, "a name component longer than MEMFS_NAME_MAX");
		if (clen && !(clen == 1 && p[0] == '.')) {
			if (last) {
				r = load_step(ld, &dir, last, lastlen);
				if (r)
					return r;
			}
			last = p;
			lastlen = clen;
		}
		p = next;
	}

	if (!last) {
		if (type != MEMFS_IFDIR)
			return bad(ld, "the root entry is not a directory");
		n = fs->root;
		if (n->listed == fs->load_gen)
			return bad(ld, "duplicate name");
	} else {
		hash = name_hash(fs, last, lastlen);
		old = dir_find(dir, last, lastlen, hash);
		if (old && (type != MEMFS_IFDIR || !is_type(old->node, MEMFS_IFDIR) ||
			    old->node->listed == fs->load_gen))
			return bad(ld, "duplicate name");
		switch (type) {
		case MEMFS_IFDIR:
			if (old)
				n = old->node; /* made earlier as a missing parent */
			else if (node_create(dir, last, lastlen, hash, type, 0, 0, 0, NULL, 0, &n))
				return nomem(ld);
			break;
		case MEMFS_IFREG:
			r = load_file(ld, dir, last, lastlen, hash, e, &n);
			if (r)
				return r;
			break;
		case MEMFS_IFLNK:
			if (e->size == 0)
				return bad(ld, "empty symlink target");
			if (e->size > MEMFS_SYMLINK_MAX)
				return bad(ld, "symlink target too long");
			if (memchr(e->data, '\0', e->size))
				return bad(ld, "NUL in a symlink target");
			if (node_create(dir, last, lastlen, hash, type, 0, 0, 0, e->data, e->size,
					&n))
				return nomem(ld);
			break;
		case MEMFS_IFCHR:
		case MEMFS_IFIFO:
			if (node_create(dir, last, lastlen, hash, type, header_rdev(hdr), 0, 0, NULL,
					0, &n))
				return nomem(ld);
			break;
		default:
			return bad(ld, "unsupported file type");
		}
	}
	n->mode = type | (e->mode & 07777);
	n->uid = e->uid;
	n->gid = e->gid;
	n->atime = n->mtime = n->ctime = (int64_t)e->mtime * NSEC_PER_SEC;
	n->listed = fs->load_gen;
	return 0;
}

/*
 * On failure the instance keeps the entries before the bad one (the caller
 * destroys it: nothing leaks). The archive's times are kept: adding an entry
 * does not touch its directory's times while loading.
 */
int memfs_load_cpio(struct memfs *fs, const void *archive, size_t len, const char **why)
{
	struct loader ld = { fs, why, { NULL, 0, 0 } };
	struct cpio_entry e;
	size_t off = 0;
	int r, count = 0;

	if (!fs)
		return -EINVAL;
	if (!archive && len)
		return bad(&ld, "no archive");
	if (fs->sealed)
		return -EROFS;
	fs->loading = true;
	fs->load_gen++;
	for (;;) {
		size_t at = off;

		r = cpio_next(archive, len, &off, &e, why);
		if (r <= 0)
			break;
		if (count == INT_MAX) {
			r = bad(&ld, "too many entries");
			break;
		}
		r = load_entry(&ld, (const char *)archive + at, &e);
		if (r)
			break;
		count++;
	}
	fs->loading = false;
	free(ld.hl.slot);
	return r < 0 ? r : count;
}
