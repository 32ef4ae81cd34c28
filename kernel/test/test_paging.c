/* Self-tests of the kernel's page permissions (W^X) and the direct map. */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "test/selftest.h"

static int expect_flags(const char *what, uint64_t va, bool writable, bool exec)
{
	int failed = 0;
	uint64_t e = paging_lookup(va);
	CHECK(e & PTE_P, "%s (%lx) is not mapped", what, va);
	CHECK(!!(e & PTE_W) == writable, "%s (%lx) writable=%d, expected %d", what, va,
	      !!(e & PTE_W), writable);
	CHECK(!(e & PTE_NX) == exec, "%s (%lx) executable=%d, expected %d", what, va,
	      !(e & PTE_NX), exec);
	CHECK(!(e & PTE_U), "%s (%lx) is user-accessible", what, va);
	return failed;
}

static const int some_constant = 42;
static int some_variable = 42;

SELFTEST(wx, "paging.kernel_image_w_xor_x")
{
	int failed = 0;
	failed += expect_flags("text", (uint64_t)__text_start, false, true);
	failed += expect_flags("rodata", (uint64_t)&some_constant, false, false);
	failed += expect_flags("data", (uint64_t)&some_variable, true, false);
	failed += expect_flags("direct map", (uint64_t)p2v(0x100000), true, false);
	CHECK(paging_lookup(0x100000) == 0, "the boot identity map is still present");
	CHECK(paging_lookup(0) == 0, "address 0 is mapped");
	return failed;
}

SELFTEST(mmio, "paging.mmio_is_uncached")
{
	int failed = 0;
	volatile uint32_t *p = paging_map_mmio(0xfee00000, 4);
	CHECK(p != NULL, "paging_map_mmio failed");
	if (p) {
		uint64_t e = paging_lookup((uint64_t)p);
		CHECK((e & PTE_PCD) && (e & PTE_NX), "MMIO entry %lx lacks PCD or NX", e);
	}
	return failed;
}
