/*
 * printf-style formatting without a libc.
 *
 * format_v() walks the format string, parses each conversion into a struct
 * spec (flags, width, precision, length) and prints it through the caller's
 * emit function one character at a time, so the same code serves the
 * console, the log buffer and ksnprintf(). Integers are converted as 64-bit
 * magnitudes plus a sign, which makes INT64_MIN and every length modifier
 * the same case. No floating point: the kernel is built without it.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"
#include "lib/string.h"

#define COUNT_MAX 0x7fffffff /* INT_MAX; the count saturates rather than overflowing */

enum {
	F_MINUS = 1 << 0,
	F_ZERO = 1 << 1,
	F_PLUS = 1 << 2,
	F_SPACE = 1 << 3,
	F_HASH = 1 << 4,
};

enum length { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T };

struct spec {
	unsigned flags;
	int width;     /* 0 when absent */
	int prec;      /* -1 when absent */
	enum length len;
};

struct out {
	format_emit_fn emit;
	void *ctx;
	int count;
	va_list ap; /* a copy, so helpers can take it by pointer to the struct */
};

static void put(struct out *o, char c)
{
	o->emit(c, o->ctx);
	if (o->count < COUNT_MAX)
		o->count++;
}

static void put_n(struct out *o, char c, size_t n)
{
	while (n--)
		put(o, c);
}

static void put_str(struct out *o, const char *s, size_t n)
{
	while (n--)
		put(o, *s++);
}

/* Spaces needed to bring `used` characters up to the field width. */
static size_t pad_for(const struct spec *sp, size_t used)
{
	return (size_t)sp->width > used ? (size_t)sp->width - used : 0;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses a decimal field width or precision, saturating instead of overflowing. */
static int parse_num(const char **fmt)
{
	int v = 0;

	for (; is_digit(**fmt); (*fmt)++) {
		int d = **fmt - '0';

		v = v > (COUNT_MAX - d) / 10 ? COUNT_MAX : v * 10 + d;
	}
	return v;
}

static unsigned parse_flags(const char **fmt)
{
	unsigned flags = 0;

	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': flags |= F_MINUS; break;
		case '0': flags |= F_ZERO; break;
		case '+': flags |= F_PLUS; break;
		case ' ': flags |= F_SPACE; break;
		case '#': flags |= F_HASH; break;
		default: return flags;
		}
	}
}

/* A '*' width comes from the arguments; negative means left-justified. */
static void parse_width(const char **fmt, struct out *o, struct spec *sp)
{
	if (**fmt == '*') {
		int w = va_arg(o->ap, int);

		(*fmt)++;
		if (w < 0) {
			sp->flags |= F_MINUS;
			w = w < -COUNT_MAX ? COUNT_MAX : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(fmt);
	}
}

/* A negative '*' precision counts as no precision, as in ISO C. */
static void parse_prec(const char **fmt, struct out *o, struct spec *sp)
{
	sp->prec = -1;
	if (**fmt != '.')
		return;
	(*fmt)++;
	if (**fmt == '*') {
		int p = va_arg(o->ap, int);

		(*fmt)++;
		sp->prec = p < 0 ? -1 : p;
	} else {
		sp->prec = parse_num(fmt);
	}
}

static enum length parse_length(const char **fmt)
{
	const char *f = *fmt;
	enum length len = LEN_NONE;

	switch (*f) {
	case 'h':
		len = f[1] == 'h' ? LEN_HH : LEN_H;
		break;
	case 'l':
		len = f[1] == 'l' ? LEN_LL : LEN_L;
		break;
	case 'z': len = LEN_Z; break;
	case 'j': len = LEN_J; break;
	case 't': len = LEN_T; break;
	default: return LEN_NONE;
	}
	*fmt += (len == LEN_HH || len == LEN_LL) ? 2 : 1;
	return len;
}

static int64_t arg_signed(struct out *o, enum length len)
{
	switch (len) {
	case LEN_HH: return (signed char)va_arg(o->ap, int);
	case LEN_H: return (short)va_arg(o->ap, int);
	case LEN_L: return va_arg(o->ap, long);
	case LEN_LL: return va_arg(o->ap, long long);
	case LEN_Z: return va_arg(o->ap, ptrdiff_t); /* the signed type of size_t's width */
	case LEN_J: return va_arg(o->ap, intmax_t);
	case LEN_T: return va_arg(o->ap, ptrdiff_t);
	default: return va_arg(o->ap, int);
	}
}

static uint64_t arg_unsigned(struct out *o, enum length len)
{
	switch (len) {
	case LEN_HH: return (unsigned char)va_arg(o->ap, unsigned);
	case LEN_H: return (unsigned short)va_arg(o->ap, unsigned);
	case LEN_L: return va_arg(o->ap, unsigned long);
	case LEN_LL: return va_arg(o->ap, unsigned long long);
	case LEN_Z: return va_arg(o->ap, size_t);
	case LEN_J: return va_arg(o->ap, uintmax_t);
	case LEN_T: return va_arg(o->ap, size_t); /* the unsigned type of ptrdiff_t's width */
	default: return va_arg(o->ap, unsigned);
	}
}

/* Writes the digits of v backwards into the end of buf; returns how many. */
static size_t to_digits(uint64_t v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	size_t n = 0;

	do {
		*--end = digits[v % base];
		v /= base;
		n++;
	} while (v);
	return n;
}

/*
 * Prints prefix (sign or 0x), leading zeros and digits inside the field.
 * The 0 flag pads with zeros only when there is no precision and no '-'.
 */
static void put_number(struct out *o, const struct spec *sp, uint64_t mag, const char *prefix,
		       unsigned base, bool upper)
{
	char buf[24]; /* 22 octal digits for 2^64 - 1 */
	size_t nd = 0, zeros = 0, plen = strlen(prefix), used;
	int prec = sp->prec < 0 ? 1 : sp->prec;

	if (mag != 0 || prec != 0)
		nd = to_digits(mag, base, upper, buf + sizeof(buf));
	if ((size_t)prec > nd)
		zeros = (size_t)prec - nd;
	/* %#o: the first digit must be a zero. */
	if (base == 8 && (sp->flags & F_HASH) && zeros == 0 &&
	    (nd == 0 || buf[sizeof(buf) - nd] != '0'))
		zeros = 1;
	used = plen + zeros + nd;
	if ((sp->flags & F_ZERO) && !(sp->flags & F_MINUS) && sp->prec < 0) {
		zeros += pad_for(sp, used);
		used = plen + zeros + nd;
	}
	if (!(sp->flags & F_MINUS))
		put_n(o, ' ', pad_for(sp, used));
	put_str(o, prefix, plen);
	put_n(o, '0', zeros);
	put_str(o, buf + sizeof(buf) - nd, nd);
	if (sp->flags & F_MINUS)
		put_n(o, ' ', pad_for(sp, used));
}

static void conv_signed(struct out *o, const struct spec *sp)
{
	int64_t v = arg_signed(o, sp->len);
	/* Negate in unsigned arithmetic so INT64_MIN has a magnitude too. */
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	const char *sign = "";

	if (v < 0)
		sign = "-";
	else if (sp->flags & F_PLUS)
		sign = "+";
	else if (sp->flags & F_SPACE)
		sign = " ";
	put_number(o, sp, mag, sign, 10, false);
}

static void conv_unsigned(struct out *o, const struct spec *sp, char conv)
{
	uint64_t v = arg_unsigned(o, sp->len);
	const char *prefix = "";
	unsigned base = conv == 'u' ? 10 : conv == 'o' ? 8 : 16;

	if ((sp->flags & F_HASH) && v != 0 && base == 16)
		prefix = conv == 'X' ? "0X" : "0x";
	put_number(o, sp, v, prefix, base, conv == 'X');
}

/* %p: always 0x and 16 digits, so pointers line up in dumps. */
static void conv_pointer(struct out *o, const struct spec *sp)
{
	struct spec p = *sp;

	p.prec = 16;
	put_number(o, &p, (uint64_t)(uintptr_t)va_arg(o->ap, void *), "0x", 16, false);
}

static void put_field(struct out *o, const struct spec *sp, const char *s, size_t n)
{
	if (!(sp->flags & F_MINUS))
		put_n(o, ' ', pad_for(sp, n));
	put_str(o, s, n);
	if (sp->flags & F_MINUS)
		put_n(o, ' ', pad_for(sp, n));
}

/* The precision bounds how much of the string is read: it may lack a NUL. */
static void conv_string(struct out *o, const struct spec *sp)
{
	const char *s = va_arg(o->ap, const char *);

	if (!s)
		s = "(null)";
	put_field(o, sp, s, sp->prec >= 0 ? strnlen(s, (size_t)sp->prec) : strlen(s));
}

static void conv_char(struct out *o, const struct spec *sp)
{
	char c = (char)va_arg(o->ap, int);

	put_field(o, sp, &c, 1);
}

/*
 * Handles one conversion; *fmt points just past the '%'. Returns false when
 * the format string ended inside the conversion.
 */
static bool conversion(struct out *o, const char *pct, const char **fmt)
{
	struct spec sp;
	char conv;

	sp.flags = parse_flags(fmt);
	parse_width(fmt, o, &sp);
	parse_prec(fmt, o, &sp);
	sp.len = parse_length(fmt);
	conv = **fmt;
	switch (conv) {
	case 'd':
	case 'i': conv_signed(o, &sp); break;
	case 'u':
	case 'o':
	case 'x':
	case 'X': conv_unsigned(o, &sp, conv); break;
	case 'p': conv_pointer(o, &sp); break;
	case 's': conv_string(o, &sp); break;
	case 'c': conv_char(o, &sp); break;
	case '%': put(o, '%'); break;
	default:
		/* Unknown or truncated: show the directive as written. */
		put_str(o, pct, (size_t)(*fmt - pct) + (conv ? 1 : 0));
		if (!conv)
			return false;
	}
	(*fmt)++;
	return true;
}

int format_v(format_emit_fn emit, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { .emit = emit, .ctx = ctx, .count = 0 };

	va_copy(o.ap, ap);
	while (*fmt) {
		const char *pct = fmt;

		if (*fmt++ != '%') {
			put(&o, *pct);
			continue;
		}
		if (!conversion(&o, pct, &fmt))
			break;
	}
	va_end(o.ap);
	return o.count;
}

struct sbuf {
	char *buf;
	size_t size;
	size_t pos;
};

/* Keeps the first size-1 characters and counts the rest. */
static void sbuf_emit(char c, void *ctx)
{
	struct sbuf *b = ctx;

	if (b->size && b->pos < b->size - 1)
		b->buf[b->pos] = c;
	b->pos++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = { .buf = buf, .size = size, .pos = 0 };
	int n = format_v(sbuf_emit, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
