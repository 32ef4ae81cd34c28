/*
 * zlib.c — the zlib port on Motor: compress and uncompress round trips
 * (one-shot and streaming, several levels), the library's version, and its
 * refusals (a too-small buffer, corrupt input). Prints TAP; built against
 * the ports' staging root by tests/ports/local.mk, run by test_ports.py.
 */
#include <string.h>
#include <zlib.h>

#include "tap.h"

#define SIZE 200000

static unsigned char plain[SIZE], packed[SIZE + 1024], back[SIZE];

/* Text-like data that compresses, with some noise that does not. */
static void fill(void)
{
	unsigned x = 12345;
	for (size_t i = 0; i < SIZE; i++) {
		x = x * 1103515245u + 12345u;
		plain[i] = (i % 7 == 0) ? (unsigned char)(x >> 16) : (unsigned char)("motor ports "[i % 12]);
	}
}

static void one_shot(int level)
{
	uLongf plen = sizeof(packed), blen = sizeof(back);
	is_int(compress2(packed, &plen, plain, SIZE, level), Z_OK, "compress2 level %d", level);
	ok(plen < SIZE / 2, "level %d packs %d bytes into %lu", level, SIZE, (unsigned long)plen);
	is_int(uncompress(back, &blen, packed, plen), Z_OK, "uncompress level %d", level);
	is_uint(blen, SIZE, "level %d: every byte back", level);
	ok(memcmp(back, plain, SIZE) == 0, "level %d: the same bytes", level);
}

static void streaming(void)
{
	z_stream s;
	memset(&s, 0, sizeof(s));
	is_int(deflateInit(&s, Z_DEFAULT_COMPRESSION), Z_OK, "deflateInit");
	s.next_out = packed;
	s.avail_out = sizeof(packed);
	int r = Z_OK;
	/* Fed in 1000-byte pieces, as a program reading a file would. */
	for (size_t off = 0; off < SIZE && r == Z_OK; off += 1000) {
		s.next_in = plain + off;
		s.avail_in = 1000;
		r = deflate(&s, off + 1000 >= SIZE ? Z_FINISH : Z_NO_FLUSH);
	}
	is_int(r, Z_STREAM_END, "deflate in pieces ends the stream");
	uLong plen = s.total_out;
	is_int(deflateEnd(&s), Z_OK, "deflateEnd");

	memset(&s, 0, sizeof(s));
	is_int(inflateInit(&s), Z_OK, "inflateInit");
	s.next_in = packed;
	s.avail_in = (uInt)plen;
	s.next_out = back;
	s.avail_out = sizeof(back);
	is_int(inflate(&s, Z_FINISH), Z_STREAM_END, "inflate to the end");
	is_uint(s.total_out, SIZE, "inflate gives every byte");
	ok(memcmp(back, plain, SIZE) == 0, "streamed bytes are the same");
	is_int(inflateEnd(&s), Z_OK, "inflateEnd");
	is_uint(crc32(0, plain, SIZE), crc32(0, back, SIZE), "crc32 agrees");
}

static void refusals(void)
{
	uLongf plen = sizeof(packed), blen = 100;
	compress(packed, &plen, plain, SIZE);
	is_int(uncompress(back, &blen, packed, plen), Z_BUF_ERROR, "a too-small buffer: Z_BUF_ERROR");
	packed[plen / 2] ^= 0xff;
	packed[plen / 2 + 1] ^= 0x55;
	blen = sizeof(back);
	int r = uncompress(back, &blen, packed, plen);
	ok(r == Z_DATA_ERROR || r == Z_BUF_ERROR, "corrupt input is refused (%d)", r);
}

int main(void)
{
	fill();
	is_str(zlibVersion(), ZLIB_VERSION, "zlibVersion is the header's");
	is_str(zlibVersion(), "1.2.13", "zlib 1.2.13");
	one_shot(1);
	one_shot(Z_DEFAULT_COMPRESSION);
	one_shot(9);
	streaming();
	refusals();
	return done_testing();
}
