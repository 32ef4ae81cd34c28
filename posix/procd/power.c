/*
 * PROC_POWER: powering the machine off or rebooting it. The kernel's power
 * call needs MANAGE on the device-resource handle, which only init holds
 * and gives to procd (MOTOR_AT_SERVER1): so no program can call it itself,
 * and procd decides who may. The rule is Linux's (CAP_SYS_BOOT): root only.
 * Every process runs as root until credentials arrive, so today every
 * process may; procd will check the caller's uid here when it keeps them.
 */
#include <stdio.h>

#include <motor/fs.h>
#include <motor/libposix.h>
#include <motor/proc.h>
#include <motor/syscall.h>
#include <motor/usyscall.h>

#include "motor/errno.h"
#include "procd.h"
#include "server/reply.h"

static long power_handle;

void power_init(void)
{
	power_handle = (long)motor_getauxval(MOTOR_AT_SERVER1);
}

void op_power(struct proc *me, uint64_t how)
{
	long err;
	/* The caller's credentials go here, once procd keeps them. */
	if (how != MOTOR_POWER_OFF && how != MOTOR_POWER_REBOOT) {
		err = -EINVAL;
	} else if (power_handle <= 0) {
		err = -EPERM; /* started without the handle: nobody may */
	} else {
		fprintf(stderr, "procd: %s asked by process %d%s%s%s\n",
			how == MOTOR_POWER_OFF ? "power off" : "reboot", (int)me->pid,
			me->name[0] ? " (" : "", me->name, me->name[0] ? ")" : "");
		err = motor_power(power_handle, (long)how); /* returns only on failure */
	}
	reply_send(0, err, NULL, 0, 0);
}
