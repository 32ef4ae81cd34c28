/*
 * printf-style formatting without a libc (kernel/lib/format.c).
 *
 * Conversions: d i u x X o c s p %; flags - 0 + space #; width and precision
 * (also '*'); length modifiers hh h l ll z j t. %p prints 0x followed by 16
 * hex digits. A NULL %s prints "(null)". Unknown conversions are printed
 * literally so a bad format string is visible rather than undefined.
 *
 * Details: %p honours width and '-' but ignores precision and '0'. A
 * precision on %s bounds how many bytes are read, so the string need not be
 * NUL-terminated (it also cuts "(null)"). Length modifiers on %c and %s are
 * ignored (no wide characters). An unknown or unfinished directive is printed
 * as written, from the '%' through the offending character ("%y", "abc%"),
 * and consumes no argument beyond any '*'. Returned counts saturate at INT_MAX.
 */
#ifndef LIB_FORMAT_H
#define LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

/* Called once per output character; ctx is passed through unchanged. */
typedef void (*format_emit_fn)(char c, void *ctx);

/* Formats to emit(); returns the number of characters emitted. */
int format_v(format_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/*
 * snprintf semantics: writes at most size-1 characters plus a NUL (nothing when
 * size is 0) and returns the length the full output would have had.
 */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
