"""Bad input at boot gets a clear message and a clean power-off with status 2,
never a hang or a triple fault."""

import os

BAD_INPUT = 2


def expect_refusal(m, *patterns):
    for p in patterns:
        m.expect(p)
    m.expect(r"motor: power off \(status 2\)")
    assert m.wait_exit() == BAD_INPUT


def test_unknown_option(boot):
    m = boot(cmdline="run=selftest bogus=1")
    expect_refusal(m, r"unknown option 'bogus'", r"kernel command line options:",
                   r"motor: cannot boot: fix the command line")


def test_bad_choice(boot):
    m = boot(cmdline="run=nothing")
    expect_refusal(m, r"option 'run'.*'nothing'")


def test_number_out_of_range(boot):
    m = boot(cmdline="cpus=0")
    expect_refusal(m, r"option 'cpus'.*out of range")


def test_unterminated_quote(boot):
    m = boot(cmdline='test="abc run=selftest')
    expect_refusal(m, r"quote")


def test_missing_initrd(boot):
    m = boot(cmdline="", initrd=False)
    expect_refusal(m, r"motor: cannot boot: no initrd")


def test_corrupt_initrd(boot, tmp_path):
    bad = tmp_path / "garbage.cpio"
    bad.write_bytes(b"this is not a cpio archive at all" * 10)
    m = boot(cmdline="", initrd=str(bad))
    expect_refusal(m, r"the initrd is not a valid cpio \(newc\) archive")


def test_truncated_initrd(boot, tmp_path):
    good = open(os.environ["MOTOR_INITRD"], "rb").read()
    cut = tmp_path / "cut.cpio"
    cut.write_bytes(good[: len(good) // 2])
    m = boot(cmdline="", initrd=str(cut))
    expect_refusal(m, r"the initrd is not a valid cpio")


def test_too_little_memory(boot):
    # No initrd: QEMU itself refuses one that does not fit in 16 MiB.
    m = boot(cmdline="run=selftest", mem=16, initrd=False)
    expect_refusal(m, r"only \d+ MiB of usable memory; Motor needs at least 32 MiB")
