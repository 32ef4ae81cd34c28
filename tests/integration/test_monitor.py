"""The kernel monitor (run=monitor, or an initrd without /sbin/init): typed
input arrives by interrupt (COM1 -> I/O APIC), commands answer, poweroff
passes a status."""

import os
import subprocess


def prompt(m):
    m.expect(r"motor> ")


def test_monitor_commands(boot):
    m = boot(cmdline="run=monitor", machine="q35", cpus=2)
    m.expect(r"Motor: a small microkernel OS")  # /etc/motd from the initrd
    prompt(m)
    m.sendline("help")
    m.expect(r"poweroff \[STATUS\]")
    prompt(m)
    m.sendline("cpus")
    m.expect(r"cpu 0: APIC id \d+, online, \d+ timer interrupts")
    m.expect(r"cpu 1: APIC id \d+, online")
    prompt(m)
    m.sendline("mem")
    m.expect(r"memory: \d+ KiB total, \d+ KiB used, \d+ KiB free")
    prompt(m)
    m.sendline("ls")
    m.expect(r"etc/motd")
    prompt(m)
    m.sendline("cat /etc/motd")
    m.expect(r"poweroff ends the machine")
    prompt(m)
    m.sendline("frobnicate")
    m.expect(r"frobnicate: unknown command")
    prompt(m)
    m.sendline("uptime")
    m.expect(r"up \d+\.\d{3} s")
    prompt(m)
    m.sendline("poweroff 7")
    assert m.wait_exit() == 7


def test_monitor_on_microvm(boot):
    m = boot(cmdline="run=monitor", machine="microvm")
    prompt(m)
    m.sendline("dmesg")
    m.expect(r"Motor \d+\.\d+\.\d+ x86_64")
    prompt(m)
    m.sendline("poweroff")
    assert m.wait_exit() == 0


def test_without_init_the_monitor(boot, tmp_path):
    """run= left out boots /sbin/init; an initrd without one gets the monitor."""
    root = tmp_path / "root"
    (root / "etc").mkdir(parents=True)
    (root / "etc" / "motd").write_text("a tree of files only\n")
    initrd = tmp_path / "files.cpio"
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    subprocess.run([f"{top}/tools/mkinitrd", "-o", str(initrd), str(root)], check=True)
    m = boot(cmdline="", machine="microvm", initrd=str(initrd))
    m.expect(r"motor: no /sbin/init in the initrd: the monitor instead")
    m.expect(r"a tree of files only")
    prompt(m)
    m.sendline("poweroff 3")
    assert m.wait_exit() == 3


def test_init_named_but_missing_is_refused(boot):
    """An init asked for by name (run=init) that is not there is an error."""
    m = boot(cmdline="run=init init=/sbin/nothere", machine="microvm")
    m.expect(r"init: /sbin/nothere: not in the initrd")
    assert m.wait_exit() != 0
