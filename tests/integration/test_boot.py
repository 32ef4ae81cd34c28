"""Boot paths, SMP and memory: the kernel boots through PVH on every machine
type, brings every CPU online, reads the memory map (with its holes) and
passes its in-kernel self-tests."""

import re

import pytest

BANNER = r"Motor \d+\.\d+\.\d+ x86_64: booting via PVH"


def selftests_pass(m):
    """Reads the TAP from run=selftest; fails on any 'not ok'."""
    m.expect(r"TAP version 13")
    plan = m.expect(r"\n1\.\.(\d+)\r?\n")
    results = re.findall(r"^(not ok|ok) \d+ - (\S+)", m.log, re.M)
    failed = [name for status, name in results if status == "not ok"]
    assert not failed, f"self-tests failed: {failed}"
    assert len(results) == int(plan.group(1)) > 0
    assert m.wait_exit() == 0
    return [name for _, name in results]


@pytest.mark.parametrize("machine", ["q35", "pc", "microvm"])
def test_pvh_boot_path(boot, machine):
    m = boot(cmdline="run=selftest", machine=machine, cpus=2)
    m.expect(BANNER)
    m.expect(r"command line: \"run=selftest\"")
    m.expect(r"memory map:")
    m.expect(r"initrd: \d+ entries")
    m.expect(r"motor: ready in \d+\.\d{3} ms")
    names = selftests_pass(m)
    for required in ("paging.kernel_image_w_xor_x", "mm.kstack.guard_page_unmapped",
                     "time.monotonic_and_timer_ticks", "acpi.madt_and_fadt"):
        assert required in names


@pytest.mark.parametrize("machine,cpus", [("q35", 1), ("q35", 4), ("microvm", 4), ("microvm", 8)])
def test_every_cpu_comes_online(boot, machine, cpus):
    m = boot(cmdline="run=selftest test=smp", machine=machine, cpus=cpus)
    for i in range(1, cpus):
        m.expect(rf"cpu {i} online \(APIC id \d+\)")
    m.expect(rf"motor: {cpus} CPU\(s\) online")
    names = selftests_pass(m)
    assert sorted(names) == ["smp.apic_ids_distinct", "smp.every_cpu_takes_timer_interrupts"]


def test_cpus_option_limits_cpus(boot):
    m = boot(cmdline="run=selftest test=smp cpus=2", machine="q35", cpus=4)
    m.expect(r"motor: 2 CPU\(s\) online")
    selftests_pass(m)
    assert "cpu 2 online" not in m.log


def test_memory_map_with_a_hole_below_4g(boot):
    """3.5 GiB on q35 splits RAM: 2 GiB below the PCI hole, the rest above 4 GiB."""
    m = boot(cmdline="run=selftest test=mm", machine="q35", mem=3584)
    m.expect(r"0000000100000000-[0-9a-f]{16} usable")
    free = m.expect(r"motor: 1 CPU\(s\) online, (\d+) MiB free of (\d+) MiB")
    assert int(free.group(2)) > 3500, "memory above 4 GiB was not used"
    selftests_pass(m)


def test_kernel_reports_its_own_boot_time(boot):
    m = boot(cmdline="run=poweroff", machine="microvm")
    t = m.expect(r"motor: ready in (\d+)\.(\d{3}) ms \(kernel entry to ready\)")
    assert 0 < int(t.group(1)) * 1000 + int(t.group(2)) < 60000
    assert m.wait_exit() == 0
