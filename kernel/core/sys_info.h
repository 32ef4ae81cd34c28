/* What the kernel tells about processes and CPUs (kernel/core/sys_info.c). */
#ifndef CORE_SYS_INFO_H
#define CORE_SYS_INFO_H

#include <stdint.h>

long sys_process_info(const uint64_t *a);
/* sys_info's CPU time figures (MOTOR_INFO_CPU_*); -EINVAL for other `what`. */
long sys_info_cpu_time(uint64_t what);

#endif
