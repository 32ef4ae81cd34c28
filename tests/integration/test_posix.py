"""POSIX programs on Motor: the C test suite of tests/posix/ (one program
per area, each printing TAP) runs inside Motor under init, with the VFS
server (initrd root, tmpfs at /tmp, /dev) and the tty server behind
libposix, and passes on one and four CPUs. Each program is built with the
sysroot's x86_64-motor-elf-gcc and lies in the initrd as /test/posix/NAME;
init runs it with the console as stdin/stdout/stderr and powers the
machine off with its exit status.
"""

import pytest

from test_user import launcher_status, tap_failures, TAP_RESULT

PROGRAMS = ["fileio", "dirs", "stdio", "formats", "timeclock", "memory", "environ", "badargs"]


def run_posix(boot, program, args="", machine="microvm", cpus=1, mem=256):
    initargs = f"/test/posix/{program}" + (f" {args}" if args else "")
    return boot(cmdline=f'run=init init=/sbin/init initargs="{initargs}"', machine=machine,
                cpus=cpus, mem=mem)


def passes(m, name):
    plan = m.expect(r"^1\.\.(\d+)\r?\n", timeout=120)
    status = m.expect(r"motor: init exited with status (\d+)\n", timeout=60)
    text = m.log[:m.log.find(status.group(0))].replace("\r\n", "\n")
    failed = tap_failures(text)
    assert not failed, f"/test/posix/{name} failed:\n" + "\n".join(failed)
    numbers = [int(n) for _, n, _ in TAP_RESULT.findall(text)]
    assert numbers == list(range(1, int(plan.group(1)) + 1)), "TAP numbering or plan is off"
    assert "killed:" not in m.log, "a process was killed"
    assert int(status.group(1)) == 0
    assert m.wait_exit() == 0


@pytest.mark.parametrize("program", PROGRAMS)
def test_posix_program(boot, program):
    passes(run_posix(boot, program), program)


@pytest.mark.parametrize("program", ["fileio", "memory"])
def test_posix_program_smp4_q35(boot, program):
    passes(run_posix(boot, program, machine="q35", cpus=4), program)


def test_missing_program_is_reported(boot):
    m = run_posix(boot, "no-such-program")
    m.expect(r"init: /test/posix/no-such-program: No such file or directory")
    m.expect(r"motor: init exited with status 127\n")
    assert m.wait_exit() == launcher_status(127)


def test_not_an_executable_is_refused(boot):
    m = boot(cmdline='run=init init=/sbin/init initargs="/etc/passwd"', machine="microvm")
    m.expect(r"init: cannot run /etc/passwd: error -8\b")
    m.expect(r"motor: init exited with status 126\n")
    assert m.wait_exit() == launcher_status(126)
