"""Tests of the tooling itself: tools/motor-run, the Motor harness and the
conftest hooks (timeouts, logs of failed tests), run against the stub kernel
(tests/lib/stub-kernel.S), so they hold whatever state the real kernel is in.
"""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

import stubkernel
from motor_harness import LAUNCHER, BootError

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

pytestmark = pytest.mark.skipif(shutil.which("as") is None or shutil.which("ld") is None,
                                reason="needs binutils (as, ld) to build the stub kernel")


@pytest.fixture(scope="module")
def stub(tmp_path_factory):
    return stubkernel.build(str(tmp_path_factory.mktemp("stub")))


def launcher(*args, timeout=30):
    """Runs motor-run with no terminal; returns the CompletedProcess."""
    return subprocess.run([LAUNCHER, *args], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)


# -- the launcher ----------------------------------------------------------------

@pytest.mark.parametrize("machine,cmdline,status", [
    ("q35", "exit=0", 0), ("q35", "exit=1", 1), ("q35", "exit=3", 3),
    ("pc", "poweroff", 0), ("microvm", "exit=2", 2), ("microvm", "poweroff", 0),
])
def test_exit_status_is_the_guests(boot, stub, machine, cmdline, status):
    m = boot(kernel=stub, machine=machine, cmdline=cmdline)
    m.expect(r"^Motor ")
    m.expect(r"^motor: ready in (\d+\.\d+) ms")
    assert m.wait_exit() == status
    assert "motor-run: tcg" in m.log or os.environ.get("MOTOR_ACCEL")


def test_print_cmd(stub):
    r = launcher("--kernel", stub, "--accel", "tcg", "--machine", "microvm",
                 "--cpus", "4", "--mem", "64", "--cmdline", "run=selftest a=\"b c\"",
                 "--print-cmd", "--", "-icount", "shift=0")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("\n") == 1 and r.stderr == ""
    for part in ["-M microvm", "-accel tcg", "-cpu max", "-smp 4", "-m 64",
                 "-nodefaults", "-no-user-config", "-display none", "-no-reboot",
                 "-device isa-debug-exit,iobase=0xf4,iosize=0x04",
                 "-serial stdio", f"-kernel {stub}",
                 "-append 'run=selftest a=\"b c\"'", "-icount shift=0\n"]:
        assert part in r.stdout


def test_timeout_kills_qemu(stub):
    r = launcher("--kernel", stub, "--accel", "tcg", "--timeout", "1")
    assert r.returncode == 124
    assert "timeout" in r.stderr


@pytest.mark.parametrize("args", [[], ["--kernel", "/nonexistent"], ["--cpus", "0"],
                                  ["--machine", "vax"], ["--no-such-option"]])
def test_bad_arguments_exit_2(stub, args):
    if args and args[0] != "--kernel":
        args = ["--kernel", stub] + args
    r = subprocess.run([LAUNCHER, *args], stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, env={k: v for k, v in os.environ.items()
                                       if k != "MOTOR_KERNEL"})
    assert r.returncode == 2
    assert "usage:" in r.stderr


def test_qemu_failure_is_125(stub):
    r = launcher("--kernel", stub, "--accel", "tcg", "--", "-no-such-qemu-option")
    assert r.returncode == 125
    assert "QEMU itself failed" in r.stderr


def test_auto_accel_says_why(stub):
    r = launcher("--kernel", stub, "--accel", "auto", "--cmdline", "exit=0")
    assert r.returncode == 0
    first = r.stderr.splitlines()[0]
    assert first.startswith(("motor-run: tcg (", "motor-run: kvm (")), first


# -- the harness ---------------------------------------------------------------

def test_console_round_trip(boot, stub):
    m = boot(kernel=stub)                    # no exit=: the stub echoes input
    m.expect(r"^motor: ready")
    m.sendline("hello motor")
    m.expect(r"^hello motor$")
    m.send("\x01\x03")                       # raw console: no QEMU escapes
    m.sendline("still here")
    m.expect(r"still here")
    assert m.alive()


def test_no_initrd_means_none(boot, stub, monkeypatch):
    monkeypatch.setenv("MOTOR_INITRD", stub)       # as tests/run may set it
    m = boot(kernel=stub, cmdline="exit=0", initrd=False)
    m.expect(r"^motor-run: .*kernel \S+stub.elf, cmdline")
    assert m.wait_exit() == 0
    assert "initrd" not in m.log


def test_expect_timeout_raises(boot, stub):
    m = boot(kernel=stub)
    with pytest.raises(BootError, match="no /never printed/ within 1.0 s"):
        m.expect("never printed", timeout=1)


def test_expect_after_exit_raises(boot, stub):
    m = boot(kernel=stub, cmdline="exit=3")
    with pytest.raises(BootError, match="launcher exit status 3"):
        m.expect("never printed")


INNER_TESTS = '''
import time
import pytest

def test_fails(boot):
    m = boot(kernel=STUB, cmdline="exit=0")
    m.expect("^motor: ready")
    assert m.wait_exit() == 1

def test_passes(boot):
    m = boot(kernel=STUB, cmdline="exit=0")
    assert m.wait_exit() == 0

@pytest.mark.timeout_s(2)
def test_deadline(boot):
    boot(kernel=STUB).expect("never printed")

@pytest.mark.timeout_s(1)
def test_hard_timeout():
    time.sleep(30)
'''


def test_failed_tests_keep_their_log(stub, tmp_path):
    """Runs a small pytest session through tests/conftest.py and checks it."""
    (tmp_path / "conftest.py").write_text(textwrap.dedent(f"""
        import importlib.util
        spec = importlib.util.spec_from_file_location(
            "motor_conftest", {os.path.join(TESTS, "conftest.py")!r})
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        globals().update({{k: v for k, v in vars(mod).items()
                           if k.startswith(("pytest_", "boot"))}})
    """))
    (tmp_path / "test_inner.py").write_text(f"STUB = {stub!r}\n" + INNER_TESTS)
    logs = tmp_path / "logs"
    env = dict(os.environ, MOTOR_TEST_LOGS=str(logs), MOTOR_ACCEL="tcg")
    r = subprocess.run([PYTHON, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                        "-c", os.devnull, "--rootdir", str(tmp_path), str(tmp_path)],
                       capture_output=True, text=True, env=env, timeout=60)
    out = r.stdout + r.stderr
    assert "3 failed, 1 passed" in out, out
    assert sorted(os.listdir(logs)) == ["test_inner.py--test_deadline.log",
                                        "test_inner.py--test_fails.log"], out
    log = (logs / "test_inner.py--test_fails.log").read_text()
    assert "motor-run: tcg (requested)" in log and "Motor stub" in log
    assert f"saved to {logs / 'test_inner.py--test_fails.log'}" in out
    assert "test deadline: no /never printed/" in out
    assert "test timeout: still running after 3 s" in out
