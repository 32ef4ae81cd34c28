/* Self-tests of the page allocator, the heap and kernel stacks on the live system. */
#include "arch/x86_64/layout.h"
#include "arch/x86_64/paging.h"
#include "mm/heap.h"
#include "mm/kstack.h"
#include "mm/page.h"
#include "test/selftest.h"

SELFTEST(page_alloc_free, "mm.page.alloc_free_restores_count")
{
	int failed = 0;
	static uint64_t pages[512];
	uint64_t before = page_free_count();
	for (int i = 0; i < 512; i++) {
		CHECK(page_alloc(&pages[i]) == 0, "allocation %d failed", i);
		*(volatile uint64_t *)p2v(pages[i]) = pages[i]; /* the page is usable */
	}
	CHECK(page_free_count() == before - 512, "expected %lu free, got %lu", before - 512,
	      page_free_count());
	for (int i = 0; i < 512; i++)
		CHECK(page_free(pages[i]) == 0, "free %d failed", i);
	CHECK(page_free_count() == before, "expected %lu free, got %lu", before,
	      page_free_count());
	return failed;
}

SELFTEST(page_double_free, "mm.page.double_free_rejected")
{
	int failed = 0;
	uint64_t p, before = page_free_count();
	CHECK(page_alloc(&p) == 0, "allocation failed");
	CHECK(page_free(p) == 0, "first free failed");
	CHECK(page_free(p) < 0, "second free of %lx accepted", p);
	CHECK(page_free_count() == before, "expected %lu free, got %lu", before,
	      page_free_count());
	return failed;
}

SELFTEST(page_orders, "mm.page.orders_are_aligned")
{
	int failed = 0;
	for (unsigned order = 0; order <= 8; order++) {
		uint64_t p;
		CHECK(page_alloc_order(order, &p) == 0, "order %u failed", order);
		CHECK((p & ((4096ull << order) - 1)) == 0, "order %u block %lx misaligned", order, p);
		CHECK(page_free_order(p, order) == 0, "order %u free failed", order);
	}
	return failed;
}

SELFTEST(heap, "mm.heap.alloc_free_no_leak")
{
	int failed = 0;
	static void *obj[300];
	uint64_t heap0 = heap_bytes_in_use();
	for (int i = 0; i < 300; i++) {
		size_t sz = (size_t)(1 + (i * 37) % 9000);
		obj[i] = kmalloc(sz);
		CHECK(obj[i] != NULL, "kmalloc(%zu) failed", sz);
		CHECK(((uint64_t)obj[i] & 15) == 0, "kmalloc(%zu) = %p not 16-aligned", sz, obj[i]);
		if (obj[i])
			for (size_t b = 0; b < sz; b++)
				((volatile char *)obj[i])[b] = (char)i;
	}
	for (int i = 0; i < 300; i++) {
		size_t sz = (size_t)(1 + (i * 37) % 9000);
		if (obj[i])
			CHECK(((char *)obj[i])[sz - 1] == (char)i, "object %d was overwritten", i);
	}
	for (int i = 0; i < 300; i++)
		kfree(obj[i]);
	CHECK(heap_bytes_in_use() == heap0, "expected %lu bytes in use, got %lu", heap0,
	      heap_bytes_in_use());
	return failed;
}

SELFTEST(kstack_guard, "mm.kstack.guard_page_unmapped")
{
	int failed = 0;
	uint64_t top, before = page_free_count();
	CHECK(kstack_alloc(&top) == 0, "kstack_alloc failed");
	uint64_t bottom = top - KSTACK_SIZE;
	CHECK(paging_lookup(bottom) & PTE_P, "lowest stack page %lx not mapped", bottom);
	CHECK(paging_lookup(top - 8) & PTE_P, "top stack page not mapped");
	CHECK(paging_lookup(bottom - 4096) == 0, "guard page %lx is mapped", bottom - 4096);
	CHECK(kstack_in_guard(bottom - 1), "guard page not recognised");
	CHECK(!kstack_in_guard(bottom), "stack page taken for the guard");
	CHECK(kstack_free(top) == 0, "kstack_free failed");
	CHECK(paging_lookup(bottom) == 0, "stack still mapped after free");
	CHECK(kstack_free(top) < 0, "second kstack_free accepted");
	CHECK(page_free_count() == before, "expected %lu free pages, got %lu", before,
	      page_free_count());
	return failed;
}
