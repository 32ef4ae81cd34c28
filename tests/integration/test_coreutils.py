"""Motor's own commands (coreutils/, in the initrd as /bin/NAME): the driver
tests/coreutils/run.c runs each with arguments, as a user at a shell would,
and checks its standard output, standard error and exit status (TAP); and
poweroff and reboot end the machine from the command line."""

from test_posix import passes
from test_user import launcher_status


def test_commands(boot):
    m = boot(cmdline='run=init init=/sbin/init initargs="/test/coreutils/run"',
             machine="microvm", mem=256)
    passes(m, "coreutils/run")


def test_commands_smp4_q35(boot):
    m = boot(cmdline='run=init init=/sbin/init initargs="/test/coreutils/run"',
             machine="q35", cpus=4, mem=256)
    passes(m, "coreutils/run")


def test_poweroff_powers_the_machine_off(boot):
    m = boot(cmdline='run=init init=/sbin/init initargs="/bin/poweroff"', machine="q35")
    m.expect(r"procd: power off asked by process \d+")
    m.expect(r"motor: power off asked by process \d+ \(sbin/procd\)")
    m.expect(r"motor: power off \(status 0\)")
    assert m.wait_exit() == 0
    assert "init exited" not in m.log


def test_reboot_resets_the_machine(boot):
    """QEMU runs with -no-reboot, so a reset ends it with status 0."""
    m = boot(cmdline='run=init init=/sbin/init initargs="/bin/reboot"', machine="q35")
    m.expect(r"procd: reboot asked by process \d+")
    m.expect(r"motor: reboot asked by process \d+ \(sbin/procd\)")
    assert m.wait_exit() == 0
    assert "init exited" not in m.log


def test_poweroff_refuses_a_bad_option(boot):
    m = boot(cmdline='run=init init=/sbin/init initargs="/bin/poweroff --now"', machine="microvm")
    m.expect(r"poweroff: unrecognized option '--now'")
    m.expect(r"motor: init exited with status 1\n")
    assert m.wait_exit() == launcher_status(1)


def test_top_draws_and_quits_on_q(boot):
    """top on the console: it clears the screen, draws its header and the
    process table (with itself in it), redraws, and q ends it with status 0."""
    m = boot(cmdline='run=init init=/sbin/init initargs="/bin/top -d 0.3"', machine="microvm")
    m.expect(r"\x1b\[H\x1b\[2Jtop - up \d+:\d\d:\d\d, 1 CPU\(s\), \d+ processes", timeout=60)
    m.expect(r"  PID  PPID S  %CPU     RSS     TIME COMMAND\r?\n")
    m.expect(r"/bin/top -d 0\.3\r?\n")
    m.expect(r"\x1b\[H\x1b\[2Jtop - up ")  # a second frame
    m.send("q")
    m.expect(r"motor: init exited with status 0\n", timeout=60)
    assert m.wait_exit() == 0
