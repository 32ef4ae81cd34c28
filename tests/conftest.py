r"""pytest glue for Motor's tests: the `boot` fixture, per-test timeouts and
serial logs kept for failed tests.

    def test_smp(boot):
        m = boot(cmdline="run=selftest", cpus=4, machine="microvm")
        m.expect(r"4 CPU\(s\) online")
        assert m.wait_exit() == 0

    @pytest.mark.timeout_s(120)        # default 60 s, or $MOTOR_TEST_TIMEOUT
    def test_slow(boot): ...

Environment (tests/run sets it): MOTOR_KERNEL, MOTOR_INITRD, MOTOR_ACCEL
(default tcg), MOTOR_BUILDDIR, MOTOR_TEST_LOGS (default
$MOTOR_BUILDDIR/tests/logs). A failed test's console log is saved as
$MOTOR_TEST_LOGS/<test id>.log and its path shown in the failure report.
"""

import os
import re
import signal
import sys
import time

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

from motor_harness import LAUNCHER, BootError, Motor, default_accel  # noqa: E402

DEFAULT_TEST_TIMEOUT = 60.0
ALARM_SLACK = 2.0   # the hard stop comes after the harness's own deadline


class TestTimeout(BootError):
    """The test ran past its timeout."""


def test_timeout_for(item):
    """The test's timeout in seconds: marker, else env, else 60."""
    marker = item.get_closest_marker("timeout_s")
    if marker is not None and marker.args:
        return float(marker.args[0])
    return float(os.environ.get("MOTOR_TEST_TIMEOUT") or DEFAULT_TEST_TIMEOUT)


def logs_dir():
    """Where failed tests' serial logs go."""
    if os.environ.get("MOTOR_TEST_LOGS"):
        return os.environ["MOTOR_TEST_LOGS"]
    build = os.environ.get("MOTOR_BUILDDIR") or os.getcwd()
    return os.path.join(build, "tests", "logs")


def log_path(nodeid):
    """integration/test_x.py::test_y[a b] -> LOGS/integration.test_x.py--test_y[a_b].log"""
    name = nodeid.replace("::", "--").replace("/", ".")
    return os.path.join(logs_dir(), re.sub(r"[^\w.\[\]=+-]", "_", name) + ".log")


# -- hooks ---------------------------------------------------------------------

def pytest_report_header(config):
    kernel = os.environ.get("MOTOR_KERNEL") or "(MOTOR_KERNEL not set)"
    return [f"motor: accel {default_accel()}, kernel {kernel}, "
            f"initrd {os.environ.get('MOTOR_INITRD') or '-'}",
            f"motor: launcher {LAUNCHER}, failed tests' logs in {logs_dir()}"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """Hard per-test timeout (SIGALRM), a backstop to the harness's deadlines."""
    seconds = test_timeout_for(item) + ALARM_SLACK

    def expired(_signum, _frame):
        raise TestTimeout(f"test timeout: still running after {seconds:g} s "
                          "(@pytest.mark.timeout_s(N) sets it)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Saves the serial log of a failed test that booted; drops stale ones."""
    outcome = yield
    report = outcome.get_result()
    boots = getattr(item, "motor_boots", None)
    if not boots:
        return
    if report.failed:
        for m in boots:
            m.close()          # QEMU stops; its last words land in the log
        path = save_log(item.nodeid, boots)
        item.user_properties.append(("serial_log", path))
        report.sections.append(("motor serial log", f"saved to {path}\n\n"
                                + boots[-1].tail(30)))
    elif report.when == "call" and os.path.exists(log_path(item.nodeid)):
        os.unlink(log_path(item.nodeid))


def save_log(nodeid, boots):
    """Writes every boot's console of one test into one file; returns its path."""
    path = log_path(nodeid)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# {nodeid}\n")
        for n, m in enumerate(boots, 1):
            f.write(f"\n# ===== boot {n} of {len(boots)} =====\n")
            f.write(m.log)
    return path


# -- fixtures ------------------------------------------------------------------

@pytest.fixture
def boot(request):
    """Factory: boot(cmdline=, cpus=, machine=, mem=, initrd=, extra=,
    kernel=, accel=, timeout=, reboot=) starts a Motor and returns it, started.
    initrd defaults to $MOTOR_INITRD; pass initrd=False for none. Every boot
    is killed at teardown."""
    timeout = test_timeout_for(request.node)
    deadline = time.monotonic() + timeout
    request.node.motor_boots = []
    request.node.user_properties.append(("accel", default_accel()))

    def start(cmdline=None, cpus=1, machine="q35", mem=128, initrd=None,
              extra=(), kernel=None, accel=None, timeout=timeout, reboot=False):
        if initrd is None:
            initrd = os.environ.get("MOTOR_INITRD") or None
        m = Motor(kernel=kernel, initrd=initrd or None, cmdline=cmdline,
                  cpus=cpus, machine=machine, mem=mem, accel=accel,
                  extra=extra, timeout=timeout, deadline=deadline, reboot=reboot)
        request.node.motor_boots.append(m)
        return m.start()

    yield start
    for m in request.node.motor_boots:
        m.close()
