"""The kernel monitor that `make run` lands in: typed input arrives by
interrupt (COM1 -> I/O APIC), commands answer, poweroff passes a status."""


def prompt(m):
    m.expect(r"motor> ")


def test_monitor_commands(boot):
    m = boot(machine="q35", cpus=2)
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
    m.expect(r"This initrd is the seed of the distro")
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
    m = boot(machine="microvm")
    prompt(m)
    m.sendline("dmesg")
    m.expect(r"Motor \d+\.\d+\.\d+ x86_64")
    prompt(m)
    m.sendline("poweroff")
    assert m.wait_exit() == 0
