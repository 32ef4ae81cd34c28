"""Smoke test: the kernel boots on q35 through PVH, prints its banner, runs
its self-tests and powers the VM off with status 0."""


def test_boots_and_selftests_pass(boot):
    m = boot(cmdline="run=selftest", machine="q35")
    m.expect(r"^Motor ")
    assert m.wait_exit() == 0, "guest exit status (1: self-tests failed, 3: panic)"
