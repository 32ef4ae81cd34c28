/*
 * The CMOS real-time clock, read once at boot for the wall-clock base of the
 * time page. Waits (boundedly) for an update cycle to finish and reads twice
 * until two reads agree; handles BCD and 12-hour modes.
 */
#include "core/time.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"

static uint8_t cmos(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static bool updating(void)
{
	return cmos(0x0a) & 0x80;
}

static uint8_t from_bcd(uint8_t v)
{
	return (uint8_t)((v & 15) + (v >> 4) * 10);
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t rtc_read_ns(void)
{
	uint8_t r[6], again[6];
	for (int tries = 0; tries < 5; tries++) {
		for (int i = 0; i < 100000 && updating(); i++)
			cpu_relax();
		static const uint8_t regs[6] = {0x00, 0x02, 0x04, 0x07, 0x08, 0x09};
		for (int i = 0; i < 6; i++)
			r[i] = cmos(regs[i]);
		for (int i = 0; i < 6; i++)
			again[i] = cmos(regs[i]);
		bool same = true;
		for (int i = 0; i < 6; i++)
			same &= r[i] == again[i];
		if (same)
			break;
	}
	if (r[5] == 0xff && r[3] == 0xff)
		return 0; /* no RTC */
	uint8_t b = cmos(0x0b);
	bool pm = r[2] & 0x80;
	r[2] &= 0x7f;
	if (!(b & 0x04)) /* BCD */
		for (int i = 0; i < 6; i++)
			r[i] = from_bcd(r[i]);
	if (!(b & 0x02) && pm) /* 12-hour clock */
		r[2] = (uint8_t)((r[2] % 12) + 12);
	if (r[4] < 1 || r[4] > 12 || r[3] < 1 || r[3] > 31 || r[2] > 23 || r[1] > 59 || r[0] > 59)
		return 0;
	int64_t days = days_from_civil(2000 + r[5], r[4], r[3]);
	return ((days * 24 + r[2]) * 60 + r[1]) * 60 * 1000000000ll + r[0] * 1000000000ll;
}
