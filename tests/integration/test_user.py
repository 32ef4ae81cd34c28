"""User mode: the kernel's user-mode test programs (tests/kernel/*.c, in the
initrd as /test/NAME: system calls, threads, memory, futexes and the time
page, IPC, processes and memory objects, process_info, and a multi-CPU
stress) run as the
first process and pass on one and four CPUs, on q35 and microvm;
deliberate faults in user mode are reported and end only the faulting
process, after which the kernel still powers off cleanly with the
process's status.

The kernel's side of the contract: `run=init init=/test/NAME
initargs="a b"` starts NAME as the first process with argv [path, a, b].
When that process exits the kernel prints `motor: init exited with status N`
and powers off with status N. A process that faults is reported as
`motor: process ID (PATH) killed: REASON` (e.g. `page fault at 0x... (read,
not present)`, `invalid opcode at rip ...`) and ends with status 128 + 11
for a page fault, 128 + 4 for an invalid opcode.
"""

import re

import pytest

PROGRAMS = ["syscalls", "threads", "memory", "futex", "ipc", "process", "procinfo"]
PLATFORMS = [("q35", 1), ("q35", 4), ("microvm", 1), ("microvm", 4)]
SIGILL, SIGSEGV = 4, 11

ADDR = r"0x[0-9a-f]{16}"
TAP_RESULT = re.compile(r"^(not ok|ok) (\d+) - (.*)$", re.M)


def launcher_status(status):
    """What tools/motor-run reports for a guest status: isa-debug-exit makes
    QEMU exit with (status << 1) | 1, and a process exit status keeps only
    8 bits of that, so bit 7 is lost (139 arrives as 11)."""
    return ((status << 1 | 1) & 0xFF) >> 1 if status else 0


def run_init(boot, name, args=None, machine="microvm", cpus=1):
    cmdline = f"run=init init=/test/{name}"
    if args:
        cmdline += f' initargs="{args}"'
    return boot(cmdline=cmdline, machine=machine, cpus=cpus)


def init_exits(m, status):
    """The kernel outlives its first process and powers off with its status."""
    m.expect(rf"motor: init exited with status {status}\n")
    m.expect(rf"motor: power off \(status {status}\)")
    assert m.wait_exit() == launcher_status(status)


def tap_failures(text):
    """The `not ok` lines of TAP output (but TODO ones), each with its `#` diagnostics."""
    failures, current = [], None
    for line in text.splitlines():
        if TAP_RESULT.match(line):
            # A failing TODO check is expected to fail (TAP): it is reported, not counted.
            current = line if line.startswith("not ok") and "# TODO" not in line else None
            if current:
                failures.append([line])
        elif current and line.startswith("#"):
            failures[-1].append(line)
    return ["\n".join(f) for f in failures]


def tap_program_passes(m, name):
    """A TAP program ran to its plan, every check passed, nothing was
    killed, and the kernel powered off with status 0 after it."""
    plan = m.expect(r"^1\.\.(\d+)\n")
    status = m.expect(r"motor: init exited with status (\d+)\n")
    text = m.log[:m.log.find(status.group(0))]
    results = TAP_RESULT.findall(text)
    failed = tap_failures(text)
    assert not failed, f"/test/{name} failed:\n" + "\n".join(failed)
    numbers = [int(n) for _, n, _ in results]
    assert numbers == list(range(1, int(plan.group(1)) + 1)), "TAP numbering or plan is off"
    assert "killed:" not in m.log, "a process was killed"
    assert int(status.group(1)) == 0
    m.expect(r"motor: power off \(status 0\)")
    assert m.wait_exit() == 0


@pytest.mark.timeout_s(150)
@pytest.mark.parametrize("machine,cpus", PLATFORMS, ids=[f"{m}-smp{c}" for m, c in PLATFORMS])
@pytest.mark.parametrize("name", PROGRAMS)
def test_program_passes(boot, name, machine, cpus):
    tap_program_passes(run_init(boot, name, machine=machine, cpus=cpus), name)


@pytest.mark.parametrize("machine,cpus", [("q35", 1), ("pc", 2)])
def test_devices(boot, machine, cpus):
    """/test/devices: device memory (the local APIC's page; RAM refused), the PIT's
    IRQ 0 arriving as notification bits, thread_cancel. Not on microvm: its
    PIT interrupt does not reach the I/O APIC there (see docs/ARCHITECTURE.md)."""
    tap_program_passes(run_init(boot, "devices", machine=machine, cpus=cpus), "devices")


@pytest.mark.timeout_s(60)
@pytest.mark.parametrize("machine,cpus", PLATFORMS, ids=[f"{m}-smp{c}" for m, c in PLATFORMS])
def test_stress(boot, machine, cpus):
    """/test/stress: 8 threads ping-pong IPC, futexes and notifications,
    pinned two per CPU, then unpinned; no lost wake-up, no leaked page.
    Bounded by its own clock (about 40 s at worst), so a lost wake-up fails
    its checks; only a wedged kernel reaches this test's timeout."""
    tap_program_passes(run_init(boot, "stress", machine=machine, cpus=cpus), "stress")


def fault_address(m, mode):
    """The address /test/fault announces before faulting."""
    return int(m.expect(rf"# fault: {mode} at ({ADDR})").group(1), 16)


def killed(m):
    """The death report of /test/fault; returns the reason after `killed: `."""
    return m.expect(r"motor: process \d+ \((?:/)?test/fault\) killed: ([^\n]*)\n").group(1)


PAGE_FAULTS = {
    "null": r"\(read, not present\)",
    "kernel": r"\(read, (protection|not present)\)",   # depends on the kernel's own mapping
    "write-ro": r"\(write, protection\)",
    "read-none": r"\(read, not present\)",   # PROT_NONE keeps the page, not its mapping
    "exec-data": r"\(exec, protection\)",
}


@pytest.mark.parametrize("mode", sorted(PAGE_FAULTS))
def test_page_fault_kills_the_process(boot, mode):
    m = run_init(boot, "fault", args=mode)
    addr = fault_address(m, mode)
    reason = killed(m)
    assert re.fullmatch(rf"page fault at 0x{addr:016x} {PAGE_FAULTS[mode]}.*", reason), reason
    assert "not ok" not in m.log
    init_exits(m, 128 + SIGSEGV)


def test_invalid_opcode_kills_the_process(boot):
    m = run_init(boot, "fault", args="ud")
    addr = fault_address(m, "ud")
    reason = killed(m)
    assert re.fullmatch(rf"invalid opcode( \(#UD\))? at rip (0x)?0*{addr:x}\b.*", reason), reason
    init_exits(m, 128 + SIGILL)


@pytest.mark.parametrize("mode", ["priv", "stack"])
def test_other_faults_kill_the_process(boot, mode):
    """hlt in ring 3 and a runaway recursion: killed, whatever the signal."""
    m = run_init(boot, "fault", args=mode)
    fault_address(m, mode)
    reason = killed(m)
    if mode == "stack":
        assert reason.startswith("page fault at "), reason
    status = int(m.expect(r"motor: init exited with status (\d+)\n").group(1))
    assert 128 < status < 256
    m.expect(rf"motor: power off \(status {status}\)")
    assert m.wait_exit() == launcher_status(status)


def test_fault_with_other_cpus_running(boot):
    m = run_init(boot, "fault", args="write-ro", machine="q35", cpus=4)
    addr = fault_address(m, "write-ro")
    assert re.fullmatch(rf"page fault at 0x{addr:016x} \(write, protection\).*", killed(m))
    init_exits(m, 128 + SIGSEGV)


def test_init_gets_its_arguments(boot):
    """An unknown mode makes /test/fault print its argv and exit with 2."""
    m = run_init(boot, "fault", args="bogus extra")
    m.expect(r'# argv\[0\] = "(/)?test/fault"')
    m.expect(r'# argv\[1\] = "bogus"')
    m.expect(r'# argv\[2\] = "extra"')
    init_exits(m, 2)
    assert "killed:" not in m.log
