/*
 * Kernel command line parser, driven by a table of options.
 *
 * The line is split into words (`name` or `name=value`, the value possibly
 * double-quoted). Parsing runs twice over the line: the first pass checks
 * every word (known name, well-formed value in range, not repeated) without
 * touching any destination; only when that succeeds does the second pass,
 * which cannot fail, store the values. So a bad line leaves every option at
 * its default. Errors are reported as one-line messages naming the option
 * and the offending text.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "boot/cmdline.h"
#include "lib/format.h"
#include "lib/string.h"
#include "motor/errno.h"

/* Longest piece of user text quoted in a message, so it stays one line. */
#define SHOW_MAX 48

struct word {
	const char *start; /* first character of the word */
	const char *name;
	size_t namelen;
	const char *val; /* NULL when there was no '=' */
	size_t vallen;   /* without the quotes */
};

struct msg {
	char *buf; /* may be NULL: then nothing is written */
	size_t len;
	size_t pos;
};

static void msg_vadd(struct msg *m, const char *fmt, va_list ap)
{
	int n;

	if (!m->buf || m->pos + 1 >= m->len)
		return;
	n = kvsnprintf(m->buf + m->pos, m->len - m->pos, fmt, ap);
	if (n > 0)
		m->pos += (size_t)n < m->len - m->pos ? (size_t)n : m->len - m->pos - 1;
}

static void msg_add(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void msg_add(struct msg *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vadd(m, fmt, ap);
	va_end(ap);
}

/* Replaces the message and returns -EINVAL, so callers can `return fail(...)`. */
static int fail(struct msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct msg *m, const char *fmt, ...)
{
	va_list ap;

	m->pos = 0;
	if (m->buf && m->len)
		m->buf[0] = '\0';
	va_start(ap, fmt);
	msg_vadd(m, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Copies user text for a message: control characters become '?', long text is cut. */
static const char *show(char buf[SHOW_MAX], const char *s, size_t n)
{
	size_t i, keep = n < SHOW_MAX - 1 ? n : SHOW_MAX - 4;

	for (i = 0; i < keep; i++)
		buf[i] = ((unsigned char)s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	if (keep < n) {
		memcpy(buf + i, "...", 3);
		i += 3;
	}
	buf[i] = '\0';
	return buf;
}

static bool is_sep(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t word_len(const char *s)
{
	size_t n = 0;

	while (s[n] && !is_sep(s[n]))
		n++;
	return n;
}

/* An error quoting the whole word that starts at s. */
static int bad_word(struct msg *m, const char *what, const char *s)
{
	char shown[SHOW_MAX];

	return fail(m, "%s '%s'", what, show(shown, s, word_len(s)));
}

/* p points at the opening quote; the value runs to the closing one. */
static int read_quoted(const char **p, struct word *w, struct msg *m)
{
	const char *q = *p + 1, *end = q;
	char name[SHOW_MAX];

	while (*end && *end != '"')
		end++;
	show(name, w->name, w->namelen);
	if (!*end)
		return fail(m, "unterminated quote in option '%s'", name);
	w->val = q;
	w->vallen = (size_t)(end - q);
	end++;
	if (*end && !is_sep(*end))
		return fail(m, "option '%s': unexpected text after the closing quote", name);
	*p = end;
	return 0;
}

static int read_plain(const char **p, struct word *w, struct msg *m)
{
	const char *end = *p;
	char name[SHOW_MAX];

	while (*end && !is_sep(*end) && *end != '"')
		end++;
	if (*end == '"')
		return fail(m, "option '%s': unexpected quote inside the value "
			    "(quote the whole value)", show(name, w->name, w->namelen));
	w->val = *p;
	w->vallen = (size_t)(end - *p);
	*p = end;
	return 0;
}

/* Splits off the next word at *pos: 1 with *w filled, 0 at the end, or -EINVAL. */
static int next_word(const char **pos, struct word *w, struct msg *m)
{
	const char *p = *pos;
	int r = 0;

	while (is_sep(*p))
		p++;
	if (!*p)
		return 0;
	w->start = w->name = p;
	while (*p && !is_sep(*p) && *p != '=' && *p != '"')
		p++;
	w->namelen = (size_t)(p - w->name);
	if (*p == '"')
		return bad_word(m, "unexpected quote in", w->start);
	if (!w->namelen)
		return bad_word(m, "missing option name in", w->start);
	w->val = NULL;
	w->vallen = 0;
	if (*p == '=') {
		p++;
		r = *p == '"' ? read_quoted(&p, w, m) : read_plain(&p, w, m);
	}
	if (r)
		return r;
	*pos = p;
	return 1;
}

static bool name_is(const char *name, const char *s, size_t n)
{
	return name && strlen(name) == n && memcmp(name, s, n) == 0;
}

static size_t find_option(const struct cmdline_option *opts, size_t nopts, const struct word *w)
{
	size_t i;

	for (i = 0; i < nopts; i++) {
		if (name_is(opts[i].name, w->name, w->namelen))
			break;
	}
	return i;
}

/* Whether a word before w on the line has the same name. */
static bool seen_before(const char *line, const struct word *w)
{
	struct msg quiet = { NULL, 0, 0 };
	struct word prev;

	/* Earlier words have already parsed, so next_word cannot fail here. */
	while (next_word(&line, &prev, &quiet) > 0 && prev.start < w->start) {
		if (prev.namelen == w->namelen && memcmp(prev.name, w->name, w->namelen) == 0)
			return true;
	}
	return false;
}

static int unknown_option(const struct cmdline_option *opts, size_t nopts, const struct word *w,
			  struct msg *m)
{
	char shown[SHOW_MAX];
	size_t i;

	fail(m, "unknown option '%s'", show(shown, w->name, w->namelen));
	if (!nopts) {
		msg_add(m, " (no options are known)");
		return -EINVAL;
	}
	for (i = 0; i < nopts; i++)
		msg_add(m, "%s%s", i ? ", " : " (known: ", opts[i].name ? opts[i].name : "?");
	msg_add(m, ")");
	return -EINVAL;
}

static void add_choices(struct msg *m, const char *const *choices)
{
	size_t i;

	for (i = 0; choices && choices[i]; i++)
		msg_add(m, "%s%s", i ? "|" : "", choices[i]);
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/*
 * Decimal, or hex after 0x/0X. Returns 1 for a number, 0 for one that does not
 * fit in 64 bits, -1 for something that is not a number at all.
 */
static int parse_uint(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;
	bool big = false;
	size_t i;

	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (!n)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned)digit_value(s[i]);

		if (d >= base)
			return -1;
		if (v > (UINT64_MAX - d) / base)
			big = true;
		else
			v = v * base + d;
	}
	*out = v;
	return big ? 0 : 1;
}

static int apply_flag(const struct cmdline_option *o, const struct word *w, bool store,
		      struct msg *m)
{
	char shown[SHOW_MAX];

	if (w->val)
		return fail(m, "option '%s' takes no value, got '%s'", o->name,
			    show(shown, w->val, w->vallen));
	if (store && o->dest)
		*(bool *)o->dest = true;
	return 0;
}

static int apply_uint(const struct cmdline_option *o, const struct word *w, bool store,
		      struct msg *m)
{
	unsigned long long lo = o->min, hi = o->max;
	char shown[SHOW_MAX];
	uint64_t v = 0;
	int r;

	if (!w->val)
		return fail(m, "option '%s' expects a value: a number in %llu..%llu", o->name, lo,
			    hi);
	show(shown, w->val, w->vallen);
	r = parse_uint(w->val, w->vallen, &v);
	if (r < 0)
		return fail(m, "option '%s' expects a number (decimal or 0x hex), got '%s'",
			    o->name, shown);
	if (r == 0 || v < o->min || v > o->max)
		return fail(m, "option '%s': '%s' is out of range %llu..%llu", o->name, shown, lo,
			    hi);
	if (store && o->dest)
		*(uint64_t *)o->dest = v;
	return 0;
}

static int apply_choice(const struct cmdline_option *o, const struct word *w, bool store,
			struct msg *m)
{
	char shown[SHOW_MAX];
	size_t i;

	if (!w->val) {
		fail(m, "option '%s' expects a value: one of ", o->name);
		add_choices(m, o->choices);
		return -EINVAL;
	}
	for (i = 0; o->choices && o->choices[i]; i++) {
		if (name_is(o->choices[i], w->val, w->vallen)) {
			if (store && o->dest)
				*(int *)o->dest = (int)i;
			return 0;
		}
	}
	fail(m, "option '%s' expects one of ", o->name);
	add_choices(m, o->choices);
	msg_add(m, ", got '%s'", show(shown, w->val, w->vallen));
	return -EINVAL;
}

static int apply_string(const struct cmdline_option *o, const struct word *w, bool store,
			struct msg *m)
{
	if (!w->val)
		return fail(m, "option '%s' expects a value", o->name);
	if (w->vallen >= o->dest_size)
		return fail(m, "option '%s': value is too long (at most %zu characters)", o->name,
			    o->dest_size ? o->dest_size - 1 : 0);
	if (store && o->dest) {
		memcpy(o->dest, w->val, w->vallen);
		((char *)o->dest)[w->vallen] = '\0';
	}
	return 0;
}

static int apply(const struct cmdline_option *o, const struct word *w, bool store, struct msg *m)
{
	switch (o->type) {
	case CMDLINE_FLAG: return apply_flag(o, w, store, m);
	case CMDLINE_UINT: return apply_uint(o, w, store, m);
	case CMDLINE_CHOICE: return apply_choice(o, w, store, m);
	case CMDLINE_STRING: return apply_string(o, w, store, m);
	}
	return fail(m, "option '%s' has an unknown type in the option table", o->name);
}

/* One pass over the line; with store false nothing outside m is written. */
static int walk(const char *line, const struct cmdline_option *opts, size_t nopts, bool store,
		struct msg *m)
{
	const char *p = line;
	struct word w;
	int r;

	while ((r = next_word(&p, &w, m)) > 0) {
		size_t i = find_option(opts, nopts, &w);

		if (i == nopts)
			return unknown_option(opts, nopts, &w, m);
		if (!store && seen_before(line, &w))
			return fail(m, "option '%s' given twice", opts[i].name);
		r = apply(&opts[i], &w, store, m);
		if (r)
			return r;
	}
	return r;
}

int cmdline_parse(const char *line, const struct cmdline_option *opts, size_t nopts,
		  char *err, size_t errlen)
{
	struct msg m = { err, errlen, 0 };
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!line)
		return 0;
	r = walk(line, opts, nopts, false, &m);
	if (r)
		return r;
	return walk(line, opts, nopts, true, &m);
}
