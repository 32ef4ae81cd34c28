/* motor_power_request: asks the process server to power off or reboot (PROC_POWER). */
#include <motor/proc.h>

#include "internal.h"

int motor_power_request(int how)
{
	uint64_t w[4] = {PROC_POWER, (uint64_t)how, 0, 0};
	return (int)posix_ret(process_call(w, NULL));
}
