/*
 * Unit tests for kernel/boot/cpio.c.
 *
 * Archives are built in memory by a small newc writer, then copied into
 * heap buffers of exactly their length, so AddressSanitizer reports any
 * read past the end. Valid archives are walked and searched; corrupt ones
 * (truncated at every length, bad magic, non-hex digits in every field, huge
 * or zero sizes, bad names, bad checksums, random byte flips) must all give
 * -EINVAL and never read out of bounds.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot/cpio.h"
#include "motor/errno.h"
#include "tap.h"

#define HDR 110

struct ar {
	unsigned char b[16384];
	size_t len;
};

static void pad4(struct ar *a)
{
	while (a->len % 4)
		a->b[a->len++] = 0;
}

/* Appends one entry; namesize ~0u means the name's real size. */
static size_t add_raw(struct ar *a, const char *magic, const char *name, uint32_t namesize,
		      const void *data, uint32_t size, uint32_t mode, uint32_t check)
{
	size_t at = a->len;
	char h[HDR + 1];

	if (namesize == ~0u)
		namesize = (uint32_t)strlen(name) + 1;
	snprintf(h, sizeof(h), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", magic,
		 7u, mode, 1000u, 100u, 1u, 0x5f000000u, size, 0u, 0u, 0u, 0u, namesize, check);
	memcpy(a->b + a->len, h, HDR);
	a->len += HDR;
	memcpy(a->b + a->len, name, strlen(name) + 1);
	a->len += strlen(name) + 1;
	pad4(a);
	memcpy(a->b + a->len, data, size);
	a->len += size;
	pad4(a);
	return at;
}

static size_t add(struct ar *a, const char *name, const char *data, uint32_t mode)
{
	return add_raw(a, "070701", name, ~0u, data, (uint32_t)strlen(data), mode, 0);
}

static size_t trailer(struct ar *a)
{
	return add_raw(a, "070701", "TRAILER!!!", ~0u, "", 0, 0, 0);
}

/* An exact-size heap copy of the first len bytes, so overreads are caught. */
static unsigned char *exact(const struct ar *a, size_t len)
{
	unsigned char *p = malloc(len ? len : 1);

	memcpy(p, a->b, len);
	return p;
}

static struct ar sample;
static size_t sample_trailer;

/* ".", "./bin/init" (data), "/etc/motd" (data), "empty" (no data), trailer. */
static void build_sample(void)
{
	sample.len = 0;
	add(&sample, ".", "", 040755);
	add(&sample, "./bin/init", "\x7f" "ELF and the rest", 0100755);
	add(&sample, "/etc/motd", "hello", 0100644);
	add(&sample, "empty", "", 0100600);
	sample_trailer = trailer(&sample);
	/* Archives are usually padded to 512 bytes after the trailer. */
	while (sample.len % 512)
		sample.b[sample.len++] = 0;
}

static void test_walk(void)
{
	unsigned char *a = exact(&sample, sample.len);
	struct cpio_entry e;
	const char *why = "untouched";
	size_t off = 0;
	int r;

	CHECK_INT("validate counts the entries", cpio_validate(a, sample.len, &why), 4);
	CHECK_STR("validate leaves why alone on success", why, "untouched");

	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("first entry read", r, 1);
	CHECK_STR("'.' keeps its name", e.name, ".");
	CHECK_UINT("'.' is a directory", e.mode, 040755);
	CHECK_UINT("header fields: ino", e.ino, 7);
	CHECK_UINT("header fields: uid", e.uid, 1000);
	CHECK_UINT("header fields: gid", e.gid, 100);
	CHECK_UINT("header fields: nlink", e.nlink, 1);
	CHECK_UINT("header fields: mtime", e.mtime, 0x5f000000);
	CHECK_UINT("offset advanced past header, name and padding", off, 112);

	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("second entry read", r, 1);
	CHECK_STR("leading ./ stripped", e.name, "bin/init");
	CHECK_UINT("namelen excludes the stripped prefix", e.namelen, 8);
	CHECK_UINT("file size", e.size, 17);
	CHECK_MEM("file data", (const char *)e.data, e.size, "\x7f" "ELF and the rest", 17);
	CHECK_UINT("data is 4-aligned in the archive", ((const unsigned char *)e.data - a) % 4, 0);

	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("third entry read", r, 1);
	CHECK_STR("leading / stripped", e.name, "etc/motd");
	CHECK_MEM("third entry data", (const char *)e.data, e.size, "hello", 5);

	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("fourth entry read", r, 1);
	CHECK_STR("empty file name", e.name, "empty");
	CHECK_UINT("empty file size", e.size, 0);

	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("trailer returns 0", r, 0);
	CHECK_UINT("offset stays at the trailer", off, sample_trailer);
	r = cpio_next(a, sample.len, &off, &e, &why);
	CHECK_INT("trailer again returns 0", r, 0);
	free(a);
}

static void test_find(void)
{
	unsigned char *a = exact(&sample, sample.len);
	struct cpio_entry e;

	CHECK_INT("find bin/init", cpio_find(a, sample.len, "bin/init", &e), 0);
	CHECK_MEM("found the right data", (const char *)e.data, e.size,
		  "\x7f"
		  "ELF and the rest",
		  17);
	CHECK_INT("find /bin/init (leading / ignored)", cpio_find(a, sample.len, "/bin/init", &e),
		  0);
	CHECK_INT("find etc/motd archived as /etc/motd", cpio_find(a, sample.len, "etc/motd", &e),
		  0);
	CHECK_MEM("etc/motd data", (const char *)e.data, e.size, "hello", 5);
	CHECK_INT("find '.'", cpio_find(a, sample.len, ".", &e), 0);
	CHECK_INT("find empty file", cpio_find(a, sample.len, "/empty", &e), 0);
	CHECK_INT("prefix of a name is not a match", cpio_find(a, sample.len, "bin/ini", &e),
		  -ENOENT);
	CHECK_INT("longer name is not a match", cpio_find(a, sample.len, "bin/init2", &e), -ENOENT);
	CHECK_INT("directory part is not a match", cpio_find(a, sample.len, "bin", &e), -ENOENT);
	CHECK_INT("trailer is not an entry", cpio_find(a, sample.len, "TRAILER!!!", &e), -ENOENT);
	CHECK_INT("NULL path", cpio_find(a, sample.len, NULL, &e), -EINVAL);
	free(a);
}

/* Names of every length 1..9 and data of every length 0..6: all paddings. */
static void test_padding(void)
{
	static const char names[][10] = { "a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg",
					  "abcdefgh", "abcdefghi" };
	struct ar *ar = calloc(1, sizeof(*ar));
	const char *bad = NULL, *why = NULL;
	unsigned char *a;
	struct cpio_entry e;
	char data[8] = "0123456";
	int count;

	for (int n = 0; n < 9; n++) {
		for (uint32_t d = 0; d <= 6; d++)
			add_raw(ar, "070701", names[n], ~0u, data, d, 0100644, 0);
	}
	trailer(ar);
	a = exact(ar, ar->len);
	count = cpio_validate(a, ar->len, &why);
	CHECK_INT("63 entries with every name and data padding", count, 63);
	if (count < 0)
		tap_diag("why: %s", why);
	for (int n = 0; n < 9 && !bad; n++) {
		for (uint32_t d = 0; d <= 6 && !bad; d++) {
			size_t off = 0;
			int i = 0, k = n * 7 + (int)d;

			while (i <= k && cpio_next(a, ar->len, &off, &e, NULL) == 1)
				i++;
			if (i != k + 1 || e.namelen != (size_t)n + 1 || e.size != d ||
			    memcmp(e.data, data, d) != 0)
				bad = tap_fmt("entry %d (name %s, %u bytes) read wrongly", k,
					      names[n], d);
		}
	}
	if (bad)
		FAIL("every padding combination reads back exactly", bad);
	else
		PASS("every padding combination reads back exactly");
	free(a);
	free(ar);
}

static void test_checksum(void)
{
	struct ar *ar = calloc(1, sizeof(*ar));
	const char *why = NULL;
	unsigned char *a;
	uint32_t sum = 'h' + 'i' + 0xff;

	add_raw(ar, "070702", "sum", ~0u, "hi\xff", 3, 0100644, sum);
	trailer(ar);
	a = exact(ar, ar->len);
	CHECK_INT("070702 with the right checksum", cpio_validate(a, ar->len, &why), 1);
	free(a);

	ar->len = 0;
	add_raw(ar, "070702", "sum", ~0u, "hi\xff", 3, 0100644, sum + 1);
	trailer(ar);
	a = exact(ar, ar->len);
	CHECK_INT("070702 with a wrong checksum", cpio_validate(a, ar->len, &why), -EINVAL);
	CHECK_STR("checksum reason", why, "checksum mismatch");
	free(a);

	ar->len = 0;
	add_raw(ar, "070701", "nosum", ~0u, "hi", 2, 0100644, 0xdeadbeef);
	trailer(ar);
	a = exact(ar, ar->len);
	CHECK_INT("070701 ignores the check field", cpio_validate(a, ar->len, &why), 1);
	free(a);
	free(ar);
}

/* Validates a corrupt archive and checks the error and reason. */
static void expect_corrupt(const char *name, const struct ar *ar, size_t len, const char *reason)
{
	unsigned char *a = exact(ar, len);
	const char *why = NULL;
	struct cpio_entry e;
	size_t off = 0;
	int r;

	r = cpio_validate(a, len, &why);
	CHECK_INT(tap_fmt("%s: rejected", name), r, -EINVAL);
	CHECK_STR(tap_fmt("%s: reason", name), why, reason);
	CHECK_INT(tap_fmt("%s: find reports corruption", name), cpio_find(a, len, "zzz", &e),
		  -EINVAL);
	/* The bad entry is the first one here: cpio_next must leave *off alone. */
	if (cpio_next(a, len, &off, &e, NULL) < 0)
		CHECK_UINT(tap_fmt("%s: offset unchanged on error", name), off, 0);
	free(a);
}

static void test_corrupt(void)
{
	struct ar *ar = calloc(1, sizeof(*ar));

	expect_corrupt("empty archive", ar, 0, "archive ends without a trailer");

	add(ar, "file", "data", 0100644);
	expect_corrupt("no trailer", ar, ar->len, "archive ends without a trailer");

	memcpy(ar->b, "070707", 6);
	expect_corrupt("old binary/odc magic", ar, ar->len, "bad magic (not a newc cpio archive)");
	memcpy(ar->b, "070703", 6);
	expect_corrupt("magic 070703", ar, ar->len, "bad magic (not a newc cpio archive)");
	memcpy(ar->b, "170701", 6);
	expect_corrupt("magic with a wrong first digit", ar, ar->len,
		       "bad magic (not a newc cpio archive)");

	/* Non-hex characters in each of the 13 fields. */
	const char bad_digits[] = { 'g', ' ', 'x', '\0', '-', 'G' };
	for (int f = 0; f < 13; f++) {
		for (size_t k = 0; k < sizeof(bad_digits); k++) {
			ar->len = 0;
			add(ar, "file", "data", 0100644);
			trailer(ar);
			ar->b[6 + f * 8 + (k % 8)] = (unsigned char)bad_digits[k];
			expect_corrupt(tap_fmt("field %d has %s", f, tap_quote(&bad_digits[k], 1)),
				       ar, ar->len, "non-hex digit in a header field");
		}
	}

	ar->len = 0;
	add(ar, "file", "data", 0100644);
	memcpy(ar->b + 6 + 11 * 8, "FFFFFFFF", 8); /* namesize */
	trailer(ar);
	expect_corrupt("namesize 0xffffffff", ar, ar->len, "name runs past the end of the archive");

	ar->len = 0;
	add_raw(ar, "070701", "file", 0, "data", 4, 0100644, 0);
	trailer(ar);
	expect_corrupt("namesize 0", ar, ar->len, "zero name size");

	ar->len = 0;
	add_raw(ar, "070701", "file", 4, "data", 4, 0100644, 0);
	trailer(ar);
	expect_corrupt("name without its NUL", ar, ar->len, "name not NUL-terminated");

	ar->len = 0;
	add_raw(ar, "070701", "fi\0le", 6, "data", 4, 0100644, 0);
	memcpy(ar->b + HDR, "fi\0le", 6);
	trailer(ar);
	expect_corrupt("NUL inside the name", ar, ar->len, "NUL inside the name");

	ar->len = 0;
	add_raw(ar, "070701", "file", ~0u, "data", 4, 0100644, 0);
	memcpy(ar->b + 6 + 6 * 8, "FFFFFFFF", 8); /* filesize */
	trailer(ar);
	expect_corrupt("filesize 0xffffffff", ar, ar->len,
		       "file data runs past the end of the archive");

	ar->len = 0;
	add_raw(ar, "070701", "file", ~0u, "data", 4, 0100644, 0);
	memcpy(ar->b + 6 + 6 * 8, "00000100", 8); /* 256 bytes, archive far shorter */
	trailer(ar);
	expect_corrupt("filesize past the end", ar, ar->len,
		       "file data runs past the end of the archive");

	/* Name "ab" ends at 113; its padding runs to 116 but the archive stops at 113. */
	ar->len = 0;
	add_raw(ar, "070701", "ab", ~0u, "", 0, 0100644, 0);
	expect_corrupt("name padding cut off", ar, HDR + 3,
		       "name padding runs past the end of the archive");

	ar->len = 0;
	add_raw(ar, "070701", "abc", ~0u, "xyz", 3, 0100644, 0);
	/* Name to 114, padding to 116, data to 119, padding to 120: stop at 119. */
	expect_corrupt("data padding cut off", ar, HDR + 4 + 2 + 3,
		       "data padding runs past the end of the archive");

	ar->len = 0;
	add(ar, "file", "data", 0100644);
	expect_corrupt("header cut short", ar, 50, "truncated header");
	free(ar);
}

/* Every prefix of the sample is corrupt, until the trailer's name is whole. */
static void test_truncation(void)
{
	size_t whole = sample_trailer + HDR + sizeof("TRAILER!!!");
	const char *bad = NULL;

	for (size_t len = 0; len <= sample.len && !bad; len++) {
		unsigned char *a = exact(&sample, len);
		const char *why = NULL;
		int r = cpio_validate(a, len, &why);
		int want = len < whole ? -EINVAL : 4;

		if (r != want)
			bad = tap_fmt("length %zu: expected %d, got %d (%s)", len, want, r,
				      why ? why : "-");
		free(a);
	}
	if (bad)
		FAIL("every truncation is rejected, and only those", bad);
	else
		PASS("every truncation is rejected, and only those");
}

static void test_offsets(void)
{
	unsigned char *a = exact(&sample, sample.len);
	const char *why = NULL;
	struct cpio_entry e;
	size_t off = sample.len + 1;

	CHECK_INT("offset past the end", cpio_next(a, sample.len, &off, &e, &why), -EINVAL);
	CHECK_STR("offset past the end: reason", why, "offset past the end of the archive");
	off = SIZE_MAX;
	CHECK_INT("offset SIZE_MAX", cpio_next(a, sample.len, &off, &e, &why), -EINVAL);
	off = sample.len;
	CHECK_INT("offset at the end", cpio_next(a, sample.len, &off, &e, &why), -EINVAL);
	off = 1;
	CHECK_INT("offset inside a header", cpio_next(a, sample.len, &off, &e, &why), -EINVAL);
	CHECK_INT("why may be NULL", cpio_next(a, sample.len, &off, &e, NULL), -EINVAL);
	free(a);
}

/* Corruption found only after the wanted entry does not hide it. */
static void test_find_before_corruption(void)
{
	struct ar *ar = calloc(1, sizeof(*ar));
	unsigned char *a;
	struct cpio_entry e;

	add(ar, "first", "1", 0100644);
	add(ar, "second", "2", 0100644);
	memcpy(ar->b + ar->len - 8, "garbage!", 8); /* clobbers the end of "second" */
	ar->len -= 2;
	a = exact(ar, ar->len);
	CHECK_INT("entry before the corruption is found", cpio_find(a, ar->len, "first", &e), 0);
	CHECK_INT("entry in the corruption gives -EINVAL", cpio_find(a, ar->len, "second", &e),
		  -EINVAL);
	free(a);
	free(ar);
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

/* Random byte changes: the result must be a count or -EINVAL, never a crash. */
static void test_fuzz(void)
{
	static const char hex[] = "0123456789abcdefF";
	const char *bad = NULL;
	int iters = 20000;

	for (int i = 0; i < iters && !bad; i++) {
		size_t len = rnd() % (sample.len + 1);
		unsigned char *a = exact(&sample, len);
		struct cpio_entry e;
		int flips = 1 + (int)(rnd() % 4), r;

		for (int k = 0; k < flips && len; k++) {
			size_t at = rnd() % len;

			a[at] = rnd() % 2 ? (unsigned char)rnd() : (unsigned char)hex[rnd() % 17];
		}
		r = cpio_validate(a, len, NULL);
		if (r != -EINVAL && (r < 0 || r > 64))
			bad = tap_fmt("iteration %d: validate returned %d", i, r);
		r = cpio_find(a, len, "etc/motd", &e);
		if (r == 0 && (e.size > len || (const unsigned char *)e.data < a ||
			       (const unsigned char *)e.data + e.size > a + len))
			bad = tap_fmt("iteration %d: found data outside the archive", i);
		free(a);
	}
	if (bad)
		FAIL("20000 randomly corrupted archives handled safely", bad);
	else
		PASS("20000 randomly corrupted archives handled safely");
}

int main(void)
{
	build_sample();
	test_walk();
	test_find();
	test_padding();
	test_checksum();
	test_corrupt();
	test_truncation();
	test_offsets();
	test_find_before_corruption();
	test_fuzz();
	return tap_done();
}
