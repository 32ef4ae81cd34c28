/*
 * Thread stacks for the runtime's users: fresh anonymous mappings (lazily
 * backed by the kernel), RT_STACK_SIZE bytes each.
 */
#include "rt.h"

char *rt_stack_alloc(void)
{
	long p = motor_vm_map(0, RT_STACK_SIZE, MOTOR_PROT_READ | MOTOR_PROT_WRITE);

	if (p < 0)
		rt_die(1, "vm_map of a thread stack failed: %ld", p);
	return (char *)p;
}

void rt_stack_free(char *stack)
{
	motor_vm_unmap((long)stack, RT_STACK_SIZE);
}
