"""The ports (ports/): Lua, GNU make, zlib, nano and dash cross-built from
Debian's sources by ports/build and booted in the initrd (/bin/lua,
/bin/make, /bin/nano, /bin/sh, /usr/share/terminfo; their test files in
/test/ports/), and
ports/build itself on the host: recipe checks, sha256 verification, a
failing build's log tail, the build cache."""

import hashlib
import os
import subprocess
import tarfile
import time

import pytest

from test_posix import passes
from test_user import init_exits, launcher_status

SRCDIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(SRCDIR, "ports", "build")
BUILDDIR = os.environ.get("MOTOR_BUILDDIR") or os.getcwd()
SYSROOT = os.path.join(BUILDDIR, "sysroot")

needs_ports = pytest.mark.skipif(
    not os.path.exists(os.path.join(BUILDDIR, "ports", ".stamp")),
    reason="configured with --disable-ports: no ports in the initrd")


def run_in_motor(boot, args):
    return boot(cmdline=f'run=init init=/sbin/init initargs="{args}"',
                machine="microvm", mem=256)


# -- on Motor ------------------------------------------------------------------

@needs_ports
def test_lua_one_liner(boot):
    m = run_in_motor(boot, "/bin/lua -e print(6*7)")
    m.expect(r"init: started")
    m.expect(r"^42\r?\n")
    init_exits(m, 0)


@needs_ports
def test_lua_script_uses_the_libraries(boot):
    m = run_in_motor(boot, "/bin/lua /test/ports/script.lua a b")
    m.expect(r"sorted: BROWN,FOX,JUMPS,QUICK,THE\r?\n")
    m.expect(r"format:  3\.14\|ab  \|007\|ff\r?\n")
    m.expect(r"args: 2 a b\r?\n")
    m.expect(r"lines: 3 sum 6\r?\n")
    m.expect(r"removed: true\r?\n")
    m.expect(r"clock: true time: true\r?\n")
    m.expect(r"date: 1970-01-01\r?\n")
    m.expect(r"getenv: /bin:/sbin\r?\n")
    m.expect(r"pcall: false 42\r?\n")
    m.expect(r"coroutine: 10 15\r?\n")
    init_exits(m, 3)        # os.exit(3)


@needs_ports
def test_lua_reports_a_script_error(boot):
    m = run_in_motor(boot, "/bin/lua -e error(7)")
    m.expect(r"/bin/lua: 7\r?\nstack traceback:")
    init_exits(m, 1)


@needs_ports
def test_make_runs_a_makefile(boot):
    """make reads the Makefile, orders the rules (pattern rule, order-only
    folder) and starts each simple command itself (no shell needed)."""
    m = run_in_motor(boot, "/bin/make -f /test/ports/make-test.mk")
    m.expect(r"/bin/mkdir -p /tmp/mk\r?\n")
    for name in ("alpha", "beta", "gamma"):
        m.expect(rf"made {name}\r?\n")
    m.expect(r"/bin/ls /tmp/mk\r?\n")
    m.expect(r"all\.txt\s+alpha\.txt\s+beta\.txt\s+gamma\.txt")
    m.expect(r"make: built 3 files, last gamma\r?\n")
    init_exits(m, 0)


@needs_ports
def test_make_reports_a_missing_target(boot):
    m = run_in_motor(boot, "/bin/make -f /test/ports/make-test.mk no-such-target")
    m.expect(r"make: \*\*\* No rule to make target 'no-such-target'\.  Stop\.")
    init_exits(m, 2)


@needs_ports
def test_make_stops_at_a_failing_command(boot):
    m = run_in_motor(boot, "/bin/make -f /test/ports/make-test.mk fail")
    m.expect(r"ls: cannot access '/no-such-file'")
    m.expect(r"make: \*\*\* \[/test/ports/make-test\.mk:\d+: fail\] Error 2")
    init_exits(m, 2)
    assert "not reached" not in m.log.replace("/bin/echo not reached", "")


@needs_ports
def test_make_runs_shell_recipes_through_dash(boot):
    m = run_in_motor(boot, "/bin/make -f /test/ports/make-test.mk shell")
    m.expect(r"for i in 1 2 3; do echo n\$i; done > /tmp/mk/loop\.txt\r?\n")
    m.expect(r"loop: 3 lines, last n3\r?\n")
    init_exits(m, 0)


@needs_ports
def test_dash_runs_a_command_string(boot):
    """/bin/sh is dash: arithmetic, a pipeline, command substitution."""
    m = run_in_motor(boot, "/bin/sh -c echo$IFS$((6*7));ls$IFS/bin|wc$IFS-l;x=$(echo$IFS$$);echo$IFS[$x]")
    m.expect(r"^42\r?\n")
    m.expect(r"^\d+\r?\n")
    m.expect(r"^\[\d+\]\r?\n")
    init_exits(m, 0)


@needs_ports
def test_dash_runs_a_script(boot):
    """A #! script: loops, case, a pipeline into a file, a background job
    and wait, a subshell's status, an EXIT trap and the script's status."""
    m = run_in_motor(boot, "/bin/sh -c /test/ports/script.sh")    # exec's #! path
    m.expect(r"sum: 10\r?\n")
    m.expect(r"name: ok\r?\n")
    m.expect(r"sorted: a b c\r?\n")
    m.expect(r"removed: yes\r?\n")
    m.expect(r"background: done\r?\n")
    m.expect(r"subshell: 5\r?\n")
    m.expect(r"trap: EXIT\r?\n")
    init_exits(m, 4)


@needs_ports
def test_dash_at_the_console(boot):
    """An interactive shell on the serial console: prompt, a command, a
    pipeline, a job put in the background and listed, exit with a status."""
    m = run_in_motor(boot, "/bin/sh -i")
    m.expect(r"# ", timeout=30)     # root's prompt
    m.sendline("echo hello from dash")
    m.expect(r"^hello from dash\r?\n")
    m.expect(r"# ")
    m.sendline("ls /bin | grep -c dash")
    m.expect(r"^1\r?\n")
    m.expect(r"# ")
    m.sendline("sleep 30 &")
    m.expect(r"# ")
    m.sendline("jobs")
    m.expect(r"\[1\] \+ Running\s+sleep 30")
    m.expect(r"# ")
    m.sendline("kill %1; wait; exit 7")
    init_exits(m, 7)


@needs_ports
def test_dash_edits_lines_with_libedit(boot):
    """-E (emacs mode): the up arrow brings the last line back, backspace
    and typing change it before it runs."""
    m = run_in_motor(boot, "/bin/sh -i -E")
    m.expect(r"# ", timeout=30)
    m.send("echo abc\r")
    m.expect(r"^abc\r?\n")
    m.expect(r"# ")
    time.sleep(0.3)          # each key alone, as typed
    m.send("\x1b[A")         # up
    m.expect(r"echo abc")
    m.send("\x7fd\r")        # backspace, d, return
    m.expect(r"^abd\r?\n")
    m.expect(r"# ")
    m.send("exit 5\r")
    init_exits(m, 5)


@needs_ports
def test_zlib_round_trip(boot):
    m = run_in_motor(boot, "/test/ports/zlib")
    passes(m, "ports/zlib")


@needs_ports
@pytest.mark.timeout_s(120)
def test_nano_edits_a_file_on_the_console(boot):
    """nano draws its screen on the serial console (TERM=vt100 from init,
    terminfo from the ncurses port), takes typed text, writes it out with
    ^O and leaves with ^X; cat then shows the file."""
    m = run_in_motor(boot, "/bin/nano /tmp/note.txt")
    m.expect(r"GNU nano 7\.2 +/tmp/note\.txt", timeout=60)
    m.expect(r"\^X.*Exit", timeout=30)
    time.sleep(0.5)          # nano reads the keyboard only once drawn
    m.send("hello from nano")
    m.expect(r"hello from nano", timeout=20)
    m.send("\x0f")           # ^O: write out
    m.expect(r"File Name to Write", timeout=20)
    m.send("\r")
    m.expect(r"Wrote 1 line", timeout=20)
    m.send("\x18")           # ^X: exit
    init_exits(m, 0)


# -- ports/build on the host ----------------------------------------------------

GOOD_RECIPE = """\
NAME={name}
VERSION=1.0
DEBIAN_SOURCE={name}
ORIG={orig}
SHA256={sha}
DEPENDS="{deps}"
IMAGE="{image}"

build() {{
\t{body}
}}
"""


def make_tarball(cache, name):
    """A tiny source tarball in CACHE/src, as apt-get source would leave it."""
    src = os.path.join(cache, "src")
    os.makedirs(src, exist_ok=True)
    path = os.path.join(src, f"{name}_1.0.orig.tar.gz")
    work = os.path.join(cache, "unpacked", f"{name}-1.0")
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "hello.c"), "w") as f:
        f.write('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    with tarfile.open(path, "w:gz") as t:
        t.add(work, arcname=f"{name}-1.0")
    with open(path, "rb") as f:
        return os.path.basename(path), hashlib.sha256(f.read()).hexdigest()


def write_port(ports, name, orig, sha, body="true", deps="", image="", patches=()):
    d = ports / name
    (d / "patches").mkdir(parents=True, exist_ok=True)
    (d / "recipe").write_text(GOOD_RECIPE.format(name=name, orig=orig, sha=sha, deps=deps,
                                                 image=image, body=body))
    for fname, text in patches:
        (d / "patches" / fname).write_text(text)


def ports_build(tmp_path, *args):
    env = dict(os.environ, MOTOR_CACHE=str(tmp_path / "cache"))
    return subprocess.run([BUILD, "-p", str(tmp_path / "ports"), *args], env=env,
                          capture_output=True, text=True, timeout=300)


def test_every_recipe_is_well_formed():
    r = subprocess.run([BUILD, "--check", "--all"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    order = subprocess.run([BUILD, "--list"], capture_output=True, text=True).stdout.split()
    assert order.index("ncurses") < order.index("nano"), "dependencies come first"
    assert {"zlib", "lua", "make", "ncurses", "nano", "libedit", "dash"} <= set(order)
    assert order.index("libedit") < order.index("dash")


@pytest.mark.parametrize("sha,why", [
    ("1234", "64 lowercase hex"),
    ("Z" * 64, "64 lowercase hex"),
    ("", "64 lowercase hex"),
])
def test_a_malformed_sha256_is_refused(tmp_path, sha, why):
    write_port(tmp_path / "ports", "bad", "bad_1.0.orig.tar.gz", sha)
    r = ports_build(tmp_path, "--check", "bad")
    assert r.returncode != 0
    assert "SHA256" in r.stderr and why in r.stderr, r.stderr


def test_other_recipe_mistakes_are_refused(tmp_path):
    ports = tmp_path / "ports"
    sha = "0" * 64
    write_port(ports, "nodep", "nodep_1.0.orig.tar.gz", sha, deps="missing")
    r = ports_build(tmp_path, "--check", "nodep")
    assert r.returncode != 0 and "missing, which has no recipe" in r.stderr, r.stderr
    write_port(ports, "cyc-a", "a_1.0.orig.tar.gz", sha, deps="cyc-b")
    write_port(ports, "cyc-b", "b_1.0.orig.tar.gz", sha, deps="cyc-a")
    r = ports_build(tmp_path, "--check", "cyc-a")
    assert r.returncode != 0 and "dependency cycle" in r.stderr, r.stderr
    write_port(ports, "nowhy", "nowhy_1.0.orig.tar.gz", sha,
               patches=[("0001-x.patch", "--- a/x\n+++ b/x\n")])
    r = ports_build(tmp_path, "--check", "nowhy")
    assert r.returncode != 0 and "saying why" in r.stderr, r.stderr
    (ports / "nobuild").mkdir()
    (ports / "nobuild" / "recipe").write_text(
        f"NAME=nobuild\nVERSION=1\nDEBIAN_SOURCE=nobuild\nORIG=n_1.orig.tar.gz\nSHA256={sha}\n")
    r = ports_build(tmp_path, "--check", "nobuild")
    assert r.returncode != 0 and "no build function" in r.stderr, r.stderr


def test_a_tarball_with_another_sha256_is_not_built(tmp_path):
    orig, sha = make_tarball(str(tmp_path / "cache"), "demo")
    wrong = hashlib.sha256(b"something else").hexdigest()
    write_port(tmp_path / "ports", "demo", orig, wrong, body="touch $DESTDIR/built")
    r = ports_build(tmp_path, "-s", SYSROOT, "-o", str(tmp_path / "out"), "demo")
    assert r.returncode != 0
    assert f"sha256 mismatch: it is {sha}, the recipe says {wrong}" in r.stderr, r.stderr
    assert not (tmp_path / "out").exists()


def test_a_failing_build_shows_its_log_tail(tmp_path):
    orig, sha = make_tarball(str(tmp_path / "cache"), "demo")
    write_port(tmp_path / "ports", "demo", orig, sha,
               body='echo "compiler says: no"; false; echo "never here"')
    r = ports_build(tmp_path, "-s", SYSROOT, "-o", str(tmp_path / "out"), "demo")
    assert r.returncode != 0
    assert "compiler says: no" in r.stderr and "build FAILED" in r.stderr, r.stderr
    assert "never here" not in r.stderr, "the build went on after a failed command"


def test_builds_are_cached_and_rebuilt_when_the_recipe_changes(tmp_path):
    """A port builds with the sysroot's compiler into the cache, its
    dependency's files in $DEPS, IMAGE files land stripped in OUT/image;
    the second run takes the cache; a changed recipe or patch rebuilds."""
    cache = str(tmp_path / "cache")
    lib_orig, lib_sha = make_tarball(cache, "demolib")
    orig, sha = make_tarball(cache, "demo")
    ports = tmp_path / "ports"
    write_port(ports, "demolib", lib_orig, lib_sha,
               body="mkdir -p $DESTDIR/usr/include; echo '#define DEMO 42' >$DESTDIR/usr/include/demo.h")
    body = ('grep -q "DEMO 42" $DEPS/usr/include/demo.h; $CC -O2 -o hello hello.c; '
            'install -D hello $DESTDIR/bin/hello; echo x >$DESTDIR/notes.txt')
    write_port(ports, "demo", orig, sha, body=body, deps="demolib", image="bin/hello")
    out = tmp_path / "out"
    r = ports_build(tmp_path, "-s", SYSROOT, "-o", str(out), "demo")
    assert r.returncode == 0, r.stderr
    assert "demolib 1.0: built" in r.stderr and "demo 1.0: built" in r.stderr
    hello = out / "image" / "bin" / "hello"
    assert hello.read_bytes()[:4] == b"\x7fELF"
    assert b".symtab" not in hello.read_bytes(), "image programs are stripped"
    assert (out / "root" / "notes.txt").exists() and not (out / "image" / "notes.txt").exists()
    assert (out / "root" / "usr" / "include" / "demo.h").exists()

    r = ports_build(tmp_path, "-s", SYSROOT, "-o", str(out), "demo")
    assert r.returncode == 0 and "demo 1.0: cached" in r.stderr, r.stderr

    write_port(ports, "demo", orig, sha, body=body, deps="demolib", image="bin/hello",
               patches=[("0001-greet.patch", "Say hello instead.\n--- a/hello.c\n+++ b/hello.c\n"
                         "@@ -1,2 +1,2 @@\n #include <stdio.h>\n"
                         "-int main(void) { puts(\"hi\"); return 0; }\n"
                         "+int main(void) { puts(\"hello\"); return 0; }\n")])
    r = ports_build(tmp_path, "-s", SYSROOT, "-o", str(out), "demo")
    assert r.returncode == 0, r.stderr
    assert "demolib 1.0: cached" in r.stderr and "demo 1.0: built" in r.stderr, r.stderr
    assert b"hello" in hello.read_bytes()
