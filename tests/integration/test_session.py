"""The distro as a user meets it: Motor boots with no command line (as
`make run` and ./setup.sh do), init runs /etc/inittab, and a login shell
(dash with libedit) waits on the serial console. Each test types into that
console like a person at a terminal and checks what comes back: pipelines,
line editing and history, Ctrl-C, ps, top, free, nano, scripts, make, Lua,
the shell's respawn, a clean poweroff; and init's own inittab handling with
an initrd of the test's making."""

import os
import re
import subprocess
import time

import pytest

from test_user import launcher_status

BUILDDIR = os.environ.get("MOTOR_BUILDDIR") or os.getcwd()
TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PROMPT = r"motor:(\S*)# "

needs_ports = pytest.mark.skipif(
    not os.path.exists(os.path.join(BUILDDIR, "ports", ".stamp")),
    reason="configured with --disable-ports: no shell in the initrd")
pytestmark = needs_ports


class Shell:
    """A person at the console: types lines, reads what comes back."""

    def __init__(self, m, booting=True):
        self.m = m
        if booting:
            m.expect(r"init: started /sbin/init as process 1")
        m.expect(r"Motor: a small microkernel OS")   # /etc/profile shows /etc/motd
        self.prompt()

    def prompt(self, timeout=30):
        return self.m.expect(PROMPT + "$", timeout=timeout)

    def run(self, line, timeout=30):
        """Types line and Enter; -> what the command printed, up to the next prompt."""
        self.m.sendline(line)
        got = self.m.expect(r"[^\n]*\n((?:.*\n)*?)" + PROMPT + "$", timeout=timeout)
        return got.group(1)


def session(boot, **kw):
    return Shell(boot(machine="microvm", mem=256, **kw))


def test_boot_lands_at_a_login_shell(boot):
    sh = session(boot)
    assert sh.run("echo $0 $HOME") == "-sh /root\n"   # a login shell, after /etc/profile
    assert sh.run("uname -n") == "motor\n"
    sh.m.sendline("cd /tmp")
    assert sh.prompt().group(1) == "/tmp"              # the prompt follows the directory


def test_a_pipeline(boot):
    sh = session(boot)
    assert sh.run("echo hi | cat | wc -c").strip() == "3"


def test_ls_l_lists_the_commands(boot):
    sh = session(boot)
    out = sh.run("ls -l /bin")
    for name in ("cat", "ls", "ps", "top", "sh", "nano", "make", "lua"):
        assert re.search(rf"^[-l]r[-w]x\S* .* {name}( ->.*)?$", out, re.M), f"{name} in\n{out}"


def test_a_typo_is_not_found_and_the_shell_goes_on(boot):
    sh = session(boot)
    assert re.search(r"lss: not found", sh.run("lss /"))
    assert sh.run("echo $?") == "127\n"
    assert sh.run("echo still here") == "still here\n"


def test_ctrl_c_ends_the_foreground_command(boot):
    sh = session(boot)
    sh.m.sendline("sleep 100")
    time.sleep(1.5)               # sleep runs, in the foreground group
    sh.m.send("\x03")             # ^C: SIGINT to the foreground group, not to the shell
    sh.prompt(timeout=10)
    assert sh.run("echo $?") == "130\n"


def test_up_arrow_recalls_the_last_command(boot):
    sh = session(boot)
    assert sh.run("echo recall-$((6*7))") == "recall-42\n"
    sh.m.send("\x1b[A")           # up: the last line comes back for editing
    sh.m.expect(r"echo recall-\$\(\(6\*7\)\)")
    sh.m.send("\x7f\x7f\x7f3))\r")  # edit it: 6*7 -> 6*3
    sh.m.expect(r"recall-18\n")
    sh.prompt()


def test_tab_completes_commands_and_file_names(boot):
    sh = session(boot)
    sh.m.send("ec\t")             # a command's first word: from $PATH
    sh.m.expect(r"ho ")
    sh.m.send("/etc/mo\t")        # any other word: a file name
    sh.m.expect(r"td ")
    sh.m.send("\r")
    sh.m.expect(r"^/etc/motd\n")
    sh.prompt()
    sh.m.send("l\t\t")            # ambiguous: a second Tab lists the choices
    listing = sh.m.expect(r"ln\s+ls\s+lua|lua\s+ln\s+ls|ln\s+lua\s+ls")
    assert listing
    sh.m.send("\x15\r")           # ^U clears the line
    sh.prompt()


def test_ps_lists_init_the_servers_and_the_shell(boot):
    sh = session(boot)
    out = sh.run("ps")
    assert re.search(r"^\s+1\s+0\s+1 S \?.*/sbin/init$", out, re.M), out
    for server in ("procd", "vfsd", "ttyd"):
        assert re.search(rf"^\s+\d+\s+1\s+1 [RS] \?.* sbin/{server}$", out, re.M), out
    shell = re.search(r"^\s+(\d+)\s+1\s+(\d+) S console .* -sh$", out, re.M)
    assert shell and shell.group(1) == shell.group(2), out   # it leads its own group
    assert re.search(rf"^\s+\d+\s+{shell.group(1)}\s+\d+ R console .* ps$", out, re.M), out


def test_top_draws_and_quits_on_q(boot):
    sh = session(boot)
    sh.m.sendline("top -d 0.5")
    sh.m.expect(r"\x1b\[H\x1b\[2Jtop - up \d+:\d\d:\d\d, 1 CPU\(s\), \d+ processes")
    sh.m.expect(r"  PID  PPID S  %CPU     RSS     TIME COMMAND\n")
    sh.m.expect(r"-sh\n")
    sh.m.expect(r"\x1b\[H\x1b\[2Jtop - up ")   # it redraws
    sh.m.send("q")
    sh.prompt(timeout=15)
    assert sh.run("echo $?") == "0\n"


def test_free_prints_sane_numbers(boot):
    sh = session(boot)
    out = sh.run("free")
    mem = re.search(r"^Mem:\s+(\d+)\s+(\d+)\s+(\d+)", out, re.M)
    assert mem, out
    total, used, free = (int(x) for x in mem.groups())
    assert 200 * 1024 <= total <= 256 * 1024, out           # KiB of a 256 MiB guest
    assert 0 < used < total and 0 < free < total, out
    assert abs(total - used - free) <= total // 100, out


def test_nano_edits_a_file_then_cat_shows_it(boot):
    sh = session(boot)
    sh.m.sendline("nano notes.txt")
    sh.m.expect(r"GNU nano 7\.2 +notes\.txt")
    sh.m.expect(r"\^X.*Exit")
    time.sleep(0.5)
    sh.m.send("first line\rsecond line")
    sh.m.expect(r"second line")
    sh.m.send("\x0f")             # ^O: write out
    sh.m.expect(r"File Name to Write")
    sh.m.send("\r")
    sh.m.expect(r"Wrote 2 lines")
    sh.m.send("\x18")             # ^X: exit
    sh.prompt()
    assert sh.run("cat notes.txt") == "first line\nsecond line\n"
    assert sh.run("pwd") == "/root\n"


SCRIPT = r"""square() { echo $(($1 * $1)); }
total=0
for n in 1 2 3 4; do
  total=$((total + $(square $n)))
done
echo "sum of squares: $total"
printf 'pear\napple\nfig\n' | sort | while read -r f; do echo "fruit $f"; done | tail -n 2
"""


def test_a_script_with_a_loop_a_function_and_a_pipeline(boot):
    sh = session(boot)
    sh.m.sendline("cat > /tmp/s.sh <<'EOF'")
    for line in SCRIPT.splitlines():
        sh.m.expect(r"> $")           # PS2: the here-document goes on
        sh.m.sendline(line)
    sh.m.expect(r"> $")
    sh.m.sendline("EOF")
    sh.prompt()
    assert sh.run("sh /tmp/s.sh") == "sum of squares: 30\nfruit fig\nfruit pear\n"


def test_make_runs_a_small_makefile(boot):
    sh = session(boot)
    sh.run(r"printf 'all: out.txt\n\t@echo made $$(cat out.txt)\n"
           r"out.txt:\n\techo built > out.txt\n' > Makefile")
    assert sh.run("make") == "echo built > out.txt\nmade built\n"
    assert sh.run("make out.txt") == "make: 'out.txt' is up to date.\n"


def test_a_lua_one_liner(boot):
    sh = session(boot)
    assert sh.run("lua -e 'print(string.format(\"%d %s\", 6*7, _VERSION))'") == "42 Lua 5.4\n"


def test_jobs_stop_and_continue(boot):
    sh = session(boot)
    sh.m.sendline("sleep 100")
    time.sleep(1.5)
    sh.m.send("\x1a")             # ^Z: the job stops, the shell comes back
    sh.m.expect(r"Stopped.*sleep 100")
    sh.prompt()
    assert re.search(r"\[1\] \+ Stopped\s+sleep 100", sh.run("jobs"))
    assert re.search(r"\[1\] sleep 100", sh.run("bg"))
    assert re.search(r"\[1\] \+ Running\s+sleep 100", sh.run("jobs"))
    sh.run("kill %1")
    assert re.search(r"Terminated\s+sleep 100", sh.run("jobs") + sh.run("echo"))


def test_exit_and_init_starts_a_new_shell(boot):
    sh = session(boot)
    first = sh.run("echo $$").strip()
    sh.m.sendline("exit")
    sh.m.expect(r"Motor: a small microkernel OS")  # a new login shell
    sh.prompt()
    second = sh.run("echo $$").strip()
    assert first != second
    assert re.search(rf"^\s+{second}\s+1\s+{second} S console .* -sh$", sh.run("ps"), re.M)


def test_init_shrugs_off_kill_9(boot):
    sh = session(boot)
    assert sh.run("kill -9 1; kill -STOP 1; echo $?") == "0\n"
    assert re.search(r"^\s+1\s+0\s+1 S \?", sh.run("ps -p 1"), re.M)


def test_poweroff_takes_the_system_down_cleanly(boot):
    sh = session(boot)
    sh.run("sleep 100 &")         # a job running: init ends it
    sh.m.sendline("poweroff")
    sh.m.expect(r"init: the system is going down to power off")
    sh.m.expect(r"procd: power off asked by process 1 \(init\)")
    sh.m.expect(r"motor: power off \(status 0\)")
    assert sh.m.wait_exit() == 0
    assert "SIGKILL" not in sh.m.log      # TERM and HUP were enough
    assert "init exited" not in sh.m.log


def test_reboot_goes_through_init(boot):
    """The tests' QEMU runs with -no-reboot: a reset ends it with status 0."""
    sh = session(boot)
    sh.m.sendline("reboot")
    sh.m.expect(r"init: the system is going down to reboot")
    sh.m.expect(r"motor: reboot asked by process \d+ \(sbin/procd\)")
    assert sh.m.wait_exit() == 0


def test_reboot_boots_again_under_make_run(boot):
    """make run passes motor-run --reboot: the machine comes back to a new shell."""
    sh = session(boot, reboot=True)
    sh.run("echo before > /tmp/mark")
    sh.m.sendline("reboot")
    sh.m.expect(r"motor: reboot asked by process \d+ \(sbin/procd\)")
    sh.m.expect(r"Motor 0\.\d+\.\d+ x86_64: booting via PVH")   # the kernel again
    sh = Shell(sh.m)
    assert re.search(r"No such file", sh.run("cat /tmp/mark"))   # memory starts afresh
    sh.m.sendline("poweroff")
    assert sh.m.wait_exit() == 0


# -- init's /etc/inittab, with an initrd of the test's making -------------------

def initrd_with(tmp_path, files):
    """The built initrd with files ({path: (text, mode)}) laid over it."""
    root = tmp_path / "overlay"
    for path, (text, mode) in files.items():
        f = root / path
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(text)
        f.chmod(mode)
    out = tmp_path / "initrd.cpio"
    subprocess.run([f"{TOP}/tools/mkinitrd", "-o", str(out),
                    f"{BUILDDIR}/distro/rootfs-gen", str(root)], check=True)
    return str(out)


INITTAB = """# a test's inittab
::sysinit:/etc/rc
::wait:/bin/echo wait-entry ran after sysinit
::once:/bin/sh -c 'echo "once-entry ran"'
::sometimes:/bin/true
console::respawn:-/bin/sh
::shutdown:/bin/echo shutdown-entry ran
"""


def test_inittab_entries_run_in_order(boot, tmp_path):
    initrd = initrd_with(tmp_path, {
        "etc/inittab": (INITTAB, 0o644),
        "etc/rc.d/50-hello.sh": ("echo rc.d script ran as $0\n", 0o644),
    })
    m = boot(machine="microvm", mem=256, initrd=initrd)
    m.expect(r"init: /etc/inittab:5: unknown action 'sometimes' \(line skipped\)")
    m.expect(r"rc\.d script ran as /etc/rc\n")
    m.expect(r"wait-entry ran after sysinit\n")
    sh = Shell(m, booting=False)
    assert "once-entry ran\r" in m.log
    assert "job control turned off" not in m.log   # the console is the shell's alone
    assert sh.run("echo $0") == "-sh\n"
    sh.m.sendline("poweroff")
    m.expect(r"shutdown-entry ran\n")
    m.expect(r"motor: power off \(status 0\)")
    assert m.wait_exit() == 0


def test_a_respawn_that_keeps_failing_is_held_back(boot, tmp_path):
    initrd = initrd_with(tmp_path, {"etc/inittab": (
        "::respawn:/bin/echo respawned\n"
        "::once:/bin/sh -c 'sleep 6; poweroff'\n", 0o644)})
    m = boot(machine="microvm", mem=256, initrd=initrd)
    m.expect(r"init: '/bin/echo respawned' keeps ending at once: holding it back for 10 s")
    starts = m.log.count("respawned\r")
    assert starts == 5, m.log                       # five quick ends, then the hold
    m.expect(r"init: the system is going down to power off")  # the hold gives way
    assert m.log.count("respawned\r") == starts    # nothing started while held
    assert m.wait_exit() == 0


def test_without_an_inittab_init_starts_a_shell(boot, tmp_path):
    initrd = initrd_with(tmp_path, {"etc/inittab": ("# nothing\n", 0o644)})
    m = boot(machine="microvm", mem=256, initrd=initrd)
    m.expect(r"init: nothing to run from /etc/inittab: a shell on the console instead")
    sh = Shell(m, booting=False)
    assert sh.run("echo $0") == "-sh\n"


def test_a_one_program_boot_still_ends_with_its_status(boot):
    """initargs: init runs that program alone and passes its status on (tests)."""
    m = boot(cmdline='run=init init=/sbin/init initargs="/bin/sh -c false"',
             machine="microvm")
    m.expect(r"motor: init exited with status 1\n")
    assert m.wait_exit() == launcher_status(1)
