"""The fault handler: a deliberate crash (crash=KIND) is reported with the
right exception, address and a symbolized backtrace, and the VM powers off
with status 3. panic=halt keeps the VM for a debugger instead."""

import re

import pytest

PANIC_STATUS = 3

CRASHES = {
    "pagefault": [r"KERNEL FAULT on cpu 0: page fault \(#PF\), vector 14, error code 0x2",
                  r"faulting address 00000000dead0000: write of a non-present page, kernel mode",
                  r"#0  ffffffff8[0-9a-f]+ <crash_pagefault\+0x[0-9a-f]+>",
                  r"<crash_run\+0x[0-9a-f]+>", r"<kmain\+0x[0-9a-f]+>"],
    "wptext": [r"page fault \(#PF\)", r"write of a protected page, kernel mode",
               r"<crash_wptext\+"],
    "nx": [r"page fault \(#PF\)", r"instruction fetch of a protected page"],
    "stackoverflow": [r"double fault \(#DF\)", r"kernel stack overflow", r"<recurse",
                      r"the frame above repeats \d+ more times"],
    "divzero": [r"divide error \(#DE\), vector 0", r"<crash_divzero\+"],
    "ud": [r"invalid opcode \(#UD\), vector 6", r"<crash_run\+"],
    "gp": [r"general protection fault \(#GP\), vector 13", r"<crash_gp\+"],
    "panic": [r"KERNEL PANIC on cpu 0: deliberate panic \(crash=panic\)", r"<panic\+"],
}


@pytest.mark.parametrize("kind", sorted(CRASHES))
def test_fault_is_reported(boot, kind):
    m = boot(cmdline=f"run=idle crash={kind}", machine="microvm")
    m.expect(r"motor: ready in")
    m.expect(rf"motor: power off \(status {PANIC_STATUS}\)")
    assert m.wait_exit() == PANIC_STATUS
    for pattern in CRASHES[kind] + [r"  backtrace:"]:
        assert re.search(pattern, m.log), f"the report lacks {pattern!r}"
    if kind != "panic":
        assert re.search(r"rax [0-9a-f]{16} rbx [0-9a-f]{16}", m.log), "no register dump"


def test_fault_on_another_cpu_is_reported(boot):
    m = boot(cmdline="run=idle crash=ap-pagefault", machine="q35", cpus=2)
    m.expect(r"KERNEL FAULT on cpu 1: page fault")
    m.expect(r"faulting address 00000000dead0000")
    assert m.wait_exit() == PANIC_STATUS


def test_registers_are_dumped(boot):
    m = boot(cmdline="crash=pagefault run=idle", machine="microvm")
    m.expect(r"rsi [0-9a-f]{16} rdi [0-9a-f]{16} rbp ffffc0[0-9a-f]{10} rsp ffffc0[0-9a-f]{10}")
    m.expect(r"cr2 00000000dead0000 cr3")
    assert m.wait_exit() == PANIC_STATUS


def test_panic_halt_keeps_the_vm(boot):
    m = boot(cmdline="run=idle crash=pagefault panic=halt", machine="microvm")
    m.expect(r"KERNEL FAULT")
    m.expect(r"motor: halted \(panic=halt\)")
    with pytest.raises(AssertionError):
        m.wait_exit(timeout=3)
    assert m.alive()
