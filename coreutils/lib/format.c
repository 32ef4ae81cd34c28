/*
 * Pure formatting helpers of Motor's commands (cu.h): human sizes, mode
 * strings, UTC dates and durations. No I/O, so host unit tests run them.
 */
#include "cu.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *cu_human(uint64_t n, char *buf, size_t cap)
{
	static const char units[] = "KMGTPE";
	if (n < 1024) {
		snprintf(buf, cap, "%llu", (unsigned long long)n);
		return buf;
	}
	/* Tenths of the unit, rounded up; below 10 units one decimal is shown. */
	int u = 0;
	uint64_t scale = 1024;
	while (u < 5 && n / scale >= 1024) {
		scale *= 1024;
		u++;
	}
	uint64_t whole = n / scale, rest = n % scale;
	uint64_t tenths = whole * 10 + (rest * 10 + scale - 1) / scale;
	if (tenths < 100) {
		snprintf(buf, cap, "%llu.%llu%c", (unsigned long long)(tenths / 10),
			 (unsigned long long)(tenths % 10), units[u]);
		return buf;
	}
	uint64_t up = whole + (rest != 0);
	if (up >= 1024 && u < 5) {
		snprintf(buf, cap, "1.0%c", units[u + 1]);
		return buf;
	}
	snprintf(buf, cap, "%llu%c", (unsigned long long)up, units[u]);
	return buf;
}

static char type_char(mode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR:
		return 'd';
	case S_IFLNK:
		return 'l';
	case S_IFCHR:
		return 'c';
	case S_IFBLK:
		return 'b';
	case S_IFIFO:
		return 'p';
	case S_IFSOCK:
		return 's';
	}
	return '-';
}

void cu_mode_string(mode_t mode, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	out[0] = type_char(mode);
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = mode & S_IXUSR ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = mode & S_IXGRP ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = mode & S_IXOTH ? 't' : 'T';
	out[10] = 0;
}

size_t cu_strftime_utc(char *buf, size_t cap, const char *fmt, time_t t)
{
	/* %Z and %z are spelled out first: the C library knows no zone. */
	size_t fl = strlen(fmt);
	char *f = malloc(fl * 4 + 1);
	if (!f)
		return 0;
	size_t o = 0;
	for (size_t i = 0; i < fl; i++) {
		if (fmt[i] == '%' && fmt[i + 1] == 'Z') {
			memcpy(f + o, "UTC", 3);
			o += 3;
			i++;
		} else if (fmt[i] == '%' && fmt[i + 1] == 'z') {
			memcpy(f + o, "+0000", 5);
			o += 5;
			i++;
		} else if (fmt[i] == '%' && fmt[i + 1]) {
			f[o++] = fmt[i++];
			f[o++] = fmt[i];
		} else {
			f[o++] = fmt[i];
		}
	}
	f[o] = 0;
	struct tm tm;
	size_t n = 0;
	if (gmtime_r(&t, &tm))
		n = strftime(buf, cap, f, &tm);
	free(f);
	return n;
}

double cu_parse_duration(const char *s)
{
	char *end;
	if (!*s || *s == '-' || *s == '+')
		return -1;
	double v = strtod(s, &end);
	if (end == s || isnan(v) || v < 0)
		return -1;
	double mul = 1;
	if (*end) {
		if (end[1])
			return -1;
		switch (*end) {
		case 's':
			break;
		case 'm':
			mul = 60;
			break;
		case 'h':
			mul = 3600;
			break;
		case 'd':
			mul = 86400;
			break;
		default:
			return -1;
		}
	}
	return v * mul;
}
