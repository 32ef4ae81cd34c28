"""Boot Motor through tools/motor-run and drive its serial console.

A `Motor` runs the launcher under a pty (pexpect), keeps everything the
console printed (the launcher's status line included, so the log says which
accelerator ran) and enforces one deadline for the whole boot: every
expect() and wait_exit() stops at it, and the launcher's own --timeout kills
QEMU a little later as a backstop. tests/conftest.py wraps this in the `boot`
fixture; tests rarely need to build a Motor themselves.

    m = Motor(cmdline="run=selftest", machine="microvm", cpus=4)
    m.start()
    m.expect(r"^Motor ")
    assert m.wait_exit() == 0
    m.close()
"""

import io
import os
import re
import shlex
import signal
import time

import pexpect

SRCDIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LAUNCHER = os.path.join(SRCDIR, "tools", "motor-run")
DEFAULT_TIMEOUT = 60.0
BACKSTOP_SLACK = 5.0   # the launcher kills QEMU this long after our deadline
LAUNCHER_ENV = ("MOTOR_KERNEL", "MOTOR_INITRD", "MOTOR_ACCEL")


class BootError(AssertionError):
    """A boot did not do what the test expected (timeout, early exit)."""


def default_accel():
    """Tests run under TCG unless MOTOR_ACCEL says otherwise."""
    return os.environ.get("MOTOR_ACCEL") or "tcg"


class Motor:
    """One boot of the kernel under tools/motor-run."""

    def __init__(self, kernel=None, initrd=None, cmdline=None, cpus=1,
                 machine="q35", mem=128, accel=None, extra=(),
                 timeout=DEFAULT_TIMEOUT, deadline=None, launcher=LAUNCHER, reboot=False):
        self.kernel = kernel or os.environ.get("MOTOR_KERNEL")
        self.initrd = initrd
        self.cmdline = cmdline
        self.cpus, self.machine, self.mem = cpus, machine, mem
        self.accel = accel or default_accel()
        self.extra = list(extra)
        self.timeout = float(timeout)
        self.deadline = deadline        # absolute time.monotonic(); set by start()
        self.launcher = launcher
        self.reboot = reboot            # a guest reset restarts it (motor-run --reboot)
        self.child = None
        self.status = None
        self._log = io.StringIO()   # everything, as printed
        self._text = ""             # the same without CR, for expect()
        self._pos = 0               # expect() searches from here

    # -- starting and stopping ------------------------------------------------

    def launcher_args(self):
        """motor-run's arguments for this boot."""
        args = ["--kernel", str(self.kernel), "--accel", self.accel,
                "--machine", self.machine, "--cpus", str(self.cpus),
                "--mem", str(self.mem), "--raw-console"]
        if self.reboot:
            args.append("--reboot")
        if self.initrd:
            args += ["--initrd", str(self.initrd)]
        if self.cmdline is not None:
            args += ["--cmdline", self.cmdline]
        backstop = max(1.0, self.remaining()) + BACKSTOP_SLACK
        args += ["--timeout", f"{backstop:.1f}"]
        if self.extra:
            args += ["--"] + [str(a) for a in self.extra]
        return args

    def start(self):
        """Starts the launcher; returns self."""
        if not self.kernel:
            raise BootError("no kernel: set MOTOR_KERNEL (tests/run does) "
                            "or pass kernel=")
        if not os.path.isfile(self.kernel):
            raise BootError(f"kernel image not found: {self.kernel} "
                            "(build it first: make)")
        now = time.monotonic()
        if self.deadline is None or self.deadline > now + self.timeout:
            self.deadline = now + self.timeout
        args = self.launcher_args()
        self._log.write(f"$ {shlex.join([self.launcher] + args)}\n")
        # Only the arguments choose: the launcher's MOTOR_* defaults would
        # otherwise add an initrd to a boot that asked for none.
        env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_ENV}
        self.child = pexpect.spawn(
            self.launcher, args, env=env, encoding="utf-8", codec_errors="replace",
            echo=False, use_poll=True, dimensions=(50, 200),
            timeout=self.remaining())
        self.child.logfile_read = self._log
        return self

    def alive(self):
        return self.child is not None and self.child.isalive()

    def close(self):
        """Stops the launcher and QEMU (their whole process group) if they
        still run, reading what they print on the way out into the log."""
        if self.child is None or self.child.closed:
            return
        if self.child.isalive():
            self._log.write("\n[harness: stopping the launcher]\n")
            self._signal_group(signal.SIGTERM)
        try:
            self.child.expect(pexpect.EOF, timeout=3)
        except pexpect.TIMEOUT:
            self._signal_group(signal.SIGKILL)
        self.child.close(force=True)

    def _signal_group(self, sig):
        try:
            os.killpg(self.child.pid, sig)   # pexpect made it a session leader
        except ProcessLookupError:
            pass

    # -- the console ----------------------------------------------------------

    def remaining(self):
        """Seconds left before the deadline."""
        if self.deadline is None:
            return self.timeout
        return max(0.0, self.deadline - time.monotonic())

    def _budget(self, timeout):
        """A wait may not run past the deadline."""
        left = self.remaining()
        return left if timeout is None else min(float(timeout), left)

    def expect(self, pattern, timeout=None):
        """Waits for `pattern` on the console, searching what arrived since
        the last match; returns the re.Match. The text searched has no CR
        (the console's CR LF is LF) and ^ and $ match at every line's ends.
        Raises BootError on timeout or when the launcher exits first."""
        __tracebackhide__ = True   # pytest shows the test's line, not ours
        regex = re.compile(pattern, re.MULTILINE) if isinstance(pattern, str) else pattern
        budget = self._budget(timeout)
        end = time.monotonic() + budget
        while True:
            match = regex.search(self._text, self._pos)
            if match:
                self._pos = match.end()
                return match
            left = end - time.monotonic()
            if left <= 0:
                why = "test deadline" if budget >= self.remaining() else "timeout"
                raise BootError(f"{why}: no /{regex.pattern}/ within {budget:.1f} s"
                                f"\n{self.tail()}")
            if not self._read(left):
                raise BootError(f"console closed (launcher exit status {self._reap()})"
                                f" before /{regex.pattern}/\n{self.tail()}")

    def _read(self, timeout):
        """Appends what the console prints within `timeout` to the text;
        False at end of output."""
        try:
            data = self.child.read_nonblocking(size=65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self._text += data.replace("\r", "")
        return True

    def sendline(self, text=""):
        """Types a line on the console (CR, as a terminal's Enter sends)."""
        self.child.send(text + "\r")

    def send(self, text):
        self.child.send(text)

    def wait_exit(self, timeout=None):
        """Waits for the launcher to end; returns its exit status (the guest's
        status, 124 timeout, 125 QEMU failed, or -signal)."""
        __tracebackhide__ = True
        budget = self._budget(timeout)
        end = time.monotonic() + budget
        while self._read(max(0.0, end - time.monotonic())):
            if time.monotonic() >= end:
                raise BootError(f"still running after {budget:.1f} s\n{self.tail()}")
        return self._reap()

    def _reap(self):
        if self.status is None:
            self.child.wait()
            st = self.child.exitstatus
            self.status = st if st is not None else -self.child.signalstatus
        return self.status

    # -- the log --------------------------------------------------------------

    @property
    def log(self):
        """Everything this boot printed so far, launcher lines included."""
        return self._log.getvalue().replace("\r\n", "\n")

    def tail(self, lines=20):
        """The console's last lines, for error messages."""
        text = self.log.rstrip("\n").split("\n")[-lines:]
        return "--- last console lines ---\n" + "\n".join(text)
