"""The generated sysroot and its x86_64-motor-elf-* front ends, from the host:
they build static Motor executables from the sysroot's headers and libraries
only, and CMake, Meson, autoconf and pkg-config use them as cross tools.

Needs `make sysroot` in $MOTOR_BUILDDIR (default: the current directory);
without it every test here is skipped. Running the programs on Motor is
test_posix.py's business; here they are checked as ELF files.
"""

import filecmp
import os
import re
import shutil
import subprocess
import tempfile
import textwrap

import pytest

BUILD = os.environ.get("MOTOR_BUILDDIR") or os.getcwd()
SYSROOT = os.path.join(BUILD, "sysroot")
SRCDIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRIPLE = "x86_64-motor-elf"
FRONTENDS = ["gcc", "cc", "clang"]
LINUX_MACROS = ["__linux__", "__linux", "linux", "__gnu_linux__"]

pytestmark = pytest.mark.skipif(
    not os.path.exists(os.path.join(SYSROOT, ".base-stamp")),
    reason=f"no sysroot in {BUILD} (make sysroot)")
needs_libposix = pytest.mark.skipif(
    not os.path.exists(os.path.join(SYSROOT, "lib", "libposix.a")),
    reason="no libposix.a in the sysroot yet (make sysroot)")

# A C11 program that uses the parts of newlib that went wrong before:
# printf of floats and long long, wide characters, libm, atomics, limits.
PROGRAM = r"""
#include <limits.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

_Static_assert(sizeof(long long) == 8, "LP64");
static _Atomic int counter;

int main(int argc, char **argv)
{
	(void)argv;
	mbstate_t st;
	wchar_t wc = 0;
	memset(&st, 0, sizeof st);
	size_t n = mbrtowc(&wc, "A", 1, &st);
	atomic_fetch_add(&counter, argc);
	printf("%.3f %lld %zu %lc %ld %d\n", sqrt(2.0) * argc, 1LL << 40, n, (wint_t)wc,
	       (long)SSIZE_MAX, atomic_load(&counter));
	return EXIT_SUCCESS;
}
"""

# Headers a port is likely to include; all must come from the sysroot.
HEADERS = """assert.h ctype.h dirent.h errno.h fcntl.h float.h inttypes.h limits.h
locale.h math.h netdb.h poll.h pthread.h pwd.h regex.h setjmp.h signal.h spawn.h
stdarg.h stdatomic.h stdbool.h stddef.h stdint.h stdio.h stdlib.h string.h
syslog.h termios.h time.h unistd.h wchar.h wctype.h arpa/inet.h netinet/in.h
netinet/tcp.h sys/epoll.h sys/ioctl.h sys/mman.h sys/select.h sys/socket.h sys/stat.h
sys/statvfs.h sys/time.h sys/types.h sys/uio.h sys/un.h sys/utsname.h sys/wait.h
motor/syscall.h motor/usyscall.h motor/errno.h""".split()

# Motor's own headers (newlib-port/include): each must stand alone.
MOTOR_HEADERS = """sys/ioctl.h syslog.h sys/syslog.h termios.h sys/termios.h
sys/socket.h netinet/in.h netinet/tcp.h arpa/inet.h netdb.h poll.h sys/poll.h
sys/un.h sys/uio.h sys/mman.h sys/utsname.h sys/statvfs.h dirent.h sys/dirent.h
signal.h limits.h regex.h utime.h sys/epoll.h""".split()


def tool(name):
    return os.path.join(SYSROOT, "bin", f"{TRIPLE}-{name}")


def run(cmd, cwd=None, env=None, check=True, timeout=120):
    """Runs cmd; returns (status, stdout + stderr). Fails the test on error if check."""
    r = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout, text=True)
    if check and r.returncode != 0:
        pytest.fail(f"{' '.join(map(str, cmd))} exited {r.returncode}:\n{r.stdout[-4000:]}",
                    pytrace=False)
    return r.returncode, r.stdout


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(textwrap.dedent(text))
    return path


def compiler_include_dir(fe):
    """The compiler's own header folder (the one allowed outside the sysroot)."""
    if fe == "clang":
        _, out = run(["clang", "-print-resource-dir"])
        return os.path.join(out.strip(), "include")
    _, out = run(["gcc", "-print-file-name=include"])
    return out.strip()


def check_static_executable(path):
    """A static x86_64 executable: no interpreter, no dynamic section, no
    segment both writable and executable, a non-executable stack."""
    _, header = run(["readelf", "-hW", path])
    assert re.search(r"Type:\s+EXEC", header), header
    assert "X86-64" in header, header
    _, segments = run(["readelf", "-lW", path])
    assert "INTERP" not in segments and "DYNAMIC" not in segments, segments
    for line in segments.splitlines():
        fields = line.split()
        if fields and fields[0] in ("LOAD", "GNU_STACK"):
            flags = " ".join(fields[6:-1])
            assert not ("W" in flags and "E" in flags), f"W+X segment: {line}"
    assert re.search(r"GNU_STACK.*\sRW\s", segments), segments


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return write(str(tmp_path_factory.mktemp("prog") / "prog.c"), PROGRAM)


@pytest.mark.parametrize("fe", FRONTENDS)
def test_predefined_macros(fe, tmp_path):
    """__motor__ and __unix__ are defined, none of Linux's macros."""
    _, out = run([tool(fe), "-E", "-dM", "-x", "c", "/dev/null"], cwd=tmp_path)
    macros = {line.split()[1] for line in out.splitlines() if line.startswith("#define")}
    assert "__motor__" in macros and "__unix__" in macros and "__x86_64__" in macros
    assert not macros & set(LINUX_MACROS), macros & set(LINUX_MACROS)


@pytest.mark.parametrize("fe", ["gcc", "clang"])
def test_headers_come_from_the_sysroot(fe, tmp_path):
    """-M lists every header a compile read: the sysroot's, or the compiler's
    own (stddef.h, stdarg.h, ...), never /usr/include's."""
    src = write(str(tmp_path / "all.c"),
                "".join(f"#include <{h}>\n" for h in HEADERS) + "int x;\n")
    _, out = run([tool(fe), "-std=gnu11", "-M", src], cwd=tmp_path)
    deps = [d for d in out.replace("\\\n", " ").split()[1:] if d != src]
    own = compiler_include_dir(fe)
    allowed = (os.path.realpath(SYSROOT) + "/", os.path.realpath(own) + "/")
    strays = [d for d in deps if not os.path.realpath(d).startswith(allowed)]
    assert deps and not strays, f"headers from outside the sysroot: {strays}"


@pytest.mark.parametrize("fe", ["gcc", "clang"])
@pytest.mark.parametrize("std", ["c11", "gnu11"])
def test_motor_headers_stand_alone(fe, std, tmp_path):
    """Each of Motor's headers compiles on its own, warning-free."""
    for h in MOTOR_HEADERS:
        src = write(str(tmp_path / "h.c"), f"#include <{h}>\nint x;\n")
        run([tool(fe), f"-std={std}", "-Wall", "-Wextra", "-Werror", "-pedantic",
             "-c", src, "-o", str(tmp_path / "h.o")], cwd=tmp_path)


def test_abi_layouts(tmp_path):
    """The layouts libposix and the servers rely on, checked at compile time."""
    src = write(str(tmp_path / "abi.c"), """\
        #include <dirent.h>
        #include <errno.h>
        #include <fcntl.h>
        #include <limits.h>
        #include <signal.h>
        #include <stddef.h>
        #include <sys/socket.h>
        #include <sys/stat.h>
        #include <sys/termios.h>
        #include <unistd.h>
        #include <motor/errno.h>
        _Static_assert(offsetof(struct dirent, d_ino) == 0, "d_ino");
        _Static_assert(offsetof(struct dirent, d_off) == 8, "d_off");
        _Static_assert(offsetof(struct dirent, d_reclen) == 16, "d_reclen");
        _Static_assert(offsetof(struct dirent, d_type) == 18, "d_type");
        _Static_assert(offsetof(struct dirent, d_name) == 19, "d_name");
        _Static_assert(sizeof(((struct dirent *)0)->d_name) == 256, "d_name size");
        _Static_assert(sizeof(ino_t) == 8 && sizeof(dev_t) == 8, "ino_t, dev_t");
        _Static_assert(sizeof(uid_t) == 4 && sizeof(gid_t) == 4, "uid_t, gid_t");
        _Static_assert(sizeof(off_t) == 8 && sizeof(ssize_t) == 8, "off_t, ssize_t");
        _Static_assert(sizeof(sa_family_t) == 2, "sa_family_t");
        _Static_assert(sizeof(struct sockaddr_storage) == 128, "sockaddr_storage");
        _Static_assert(SOCK_NONBLOCK == O_NONBLOCK && SOCK_CLOEXEC == O_CLOEXEC, "SOCK_*");
        _Static_assert(SSIZE_MAX == 0x7fffffffffffffffL, "SSIZE_MAX");
        _Static_assert(SIGSEGV == 11 && SIGBUS == 7 && SIGILL == 4 && SIGFPE == 8,
                       "the kernel's fault signals");
        _Static_assert(NSIG == 65, "NSIG");
        _Static_assert(sizeof(((struct termios *)0)->c_cc) == 32, "NCCS");
        _Static_assert(FD_SETSIZE == 1024, "FD_SETSIZE");
        int x;
        """)
    # <errno.h> and <motor/errno.h> together: same numbers, no redefinition.
    run([tool("gcc"), "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-c", src,
         "-o", str(tmp_path / "abi.o")], cwd=tmp_path)


@needs_libposix
@pytest.mark.parametrize("fe", FRONTENDS)
def test_c11_program_is_a_static_executable(fe, program, tmp_path):
    exe = str(tmp_path / "prog")
    run([tool(fe), "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", program, "-o", exe],
        cwd=tmp_path)
    check_static_executable(exe)


@needs_libposix
@pytest.mark.parametrize("fe", ["gcc", "clang"])
def test_libraries_come_from_the_sysroot(fe, program, tmp_path):
    """The linker's --trace names every file it opened: all in the sysroot
    (but the program's own object)."""
    _, out = run([tool(fe), "-O2", program, "-o", str(tmp_path / "prog"), "-Wl,--trace"],
                 cwd=tmp_path)
    objects = re.findall(r"(/[^\s()]+\.o)\b", out)
    root = os.path.realpath(SYSROOT) + "/"
    # Objects: the sysroot's crt files and the program's own (a temporary).
    strays = [o for o in objects if not os.path.realpath(o).startswith(root)
              and not o.startswith(tempfile.gettempdir() + "/")]
    assert os.path.join(SYSROOT, "lib", "libc.a") in out, out
    assert not strays + outside_paths(out), f"linked from outside the sysroot: " \
        f"{strays + outside_paths(out)}"


@needs_libposix
@pytest.mark.parametrize("fe", ["gcc", "clang"])
def test_host_libraries_are_not_found(fe, program, tmp_path):
    """-lz fails even though the host has libz.a: no host search folders."""
    status, out = run([tool(fe), program, "-o", str(tmp_path / "prog"), "-lz"],
                      cwd=tmp_path, check=False)
    assert status != 0 and re.search(r"(cannot find|unable to find library) -lz", out), out


def test_compiler_queries_name_the_sysroot():
    """Meson and libtool ask gcc where libraries are: the sysroot's answers,
    never the host's libc (the host has libz.a and libc.a; we do not)."""
    gcc = tool("gcc")
    lib = os.path.join(SYSROOT, "lib")
    assert run([gcc, "-print-file-name=libc.a"])[1].strip() == os.path.join(lib, "libc.a")
    assert run([gcc, "-print-file-name=libz.a"])[1].strip() == "libz.a"
    assert run([gcc, "-print-libgcc-file-name"])[1].strip() == os.path.join(lib, "libgcc.a")
    assert run([gcc, "-dumpmachine"])[1].strip() == TRIPLE
    # Meson asks with other arguments around the query.
    _, out = run([gcc, "-O2", "-x", "c", "/dev/null", "--print-search-dirs"])
    libraries = [line for line in out.splitlines() if line.startswith("libraries:")]
    assert libraries == [f"libraries: ={lib}/"], out
    # gcc's own files are still found (stddef.h lives there).
    own = run([gcc, "-print-file-name=include"])[1].strip()
    assert os.path.isfile(os.path.join(own, "stddef.h")), own


def outside_paths(text):
    """Absolute paths to libraries in text that are not in the sysroot."""
    root = os.path.realpath(SYSROOT) + "/"
    paths = re.findall(r"(/[^\s'\"()]+\.(?:a|so)(?:\.[\d.]+)?)\b", text)
    return [p for p in paths if not os.path.realpath(p).startswith(root)]


@pytest.fixture(scope="module")
def moved_sysroot(tmp_path_factory):
    """A copy of the sysroot somewhere else: the front ends find their own."""
    dest = str(tmp_path_factory.mktemp("moved") / "sysroot")
    shutil.copytree(SYSROOT, dest, symlinks=True)
    return dest


@needs_libposix
def test_moved_sysroot_and_symlinked_front_end(moved_sysroot, program, tmp_path):
    """A copied sysroot works from its new place, also through a symlink to
    its gcc from elsewhere, and uses its own files, not the original's."""
    link = tmp_path / "bin" / f"{TRIPLE}-gcc"
    link.parent.mkdir()
    link.symlink_to(os.path.join(moved_sysroot, "bin", f"{TRIPLE}-gcc"))
    _, out = run([str(link), program, "-o", str(tmp_path / "prog"), "-Wl,--trace"],
                 cwd="/")
    assert os.path.join(moved_sysroot, "lib", "libc.a") in out, out
    assert SYSROOT + "/" not in out
    check_static_executable(str(tmp_path / "prog"))


def test_pkg_config_sees_only_the_sysroot(moved_sysroot, tmp_path):
    pc = os.path.join(moved_sysroot, "bin", f"{TRIPLE}-pkg-config")
    # A package the host has (zlib.pc on Debian) is not found.
    status, _ = run([pc, "--exists", "zlib"], check=False)
    assert status != 0
    # Packages dropped into the sysroot are, with paths inside it: written
    # sysroot-relative (prefix=/usr style) and absolute (--prefix=SYSROOT).
    write(os.path.join(moved_sysroot, "lib", "pkgconfig", "motortest.pc"), """\
        prefix=/
        includedir=${prefix}/include/motortest
        libdir=${prefix}/lib
        Name: motortest
        Description: test package
        Version: 1.2.3
        Cflags: -I${includedir}
        Libs: -L${libdir} -lmotortest
        """)
    write(os.path.join(moved_sysroot, "share", "pkgconfig", "motorabs.pc"), f"""\
        prefix={moved_sysroot}
        Name: motorabs
        Description: test package
        Version: 1.0
        Cflags: -I${{prefix}}/include/motorabs
        """)
    _, out = run([pc, "--modversion", "motortest"])
    assert out.strip() == "1.2.3"
    _, cflags = run([pc, "--cflags", "motortest"])
    assert os.path.join(moved_sysroot, "include", "motortest") in os.path.normpath(
        cflags.split()[0][2:]), cflags
    _, libs = run([pc, "--libs", "motortest"])
    assert "-lmotortest" in libs and moved_sysroot in libs, libs
    _, cflags = run([pc, "--cflags", "motorabs"])
    assert cflags.split() == [f"-I{moved_sysroot}/include/motorabs"], cflags


@needs_libposix
@pytest.mark.timeout_s(120)
@pytest.mark.skipif(not shutil.which("cmake"), reason="cmake is not installed")
@pytest.mark.parametrize("fe", ["gcc", "clang"])
def test_cmake_toolchain_file(fe, program, tmp_path):
    src = tmp_path / "src"
    shutil.copy(program, write(str(src / "prog.c"), ""))
    write(str(src / "CMakeLists.txt"), """\
        cmake_minimum_required(VERSION 3.13)
        project(prog C)
        find_library(M_LIB m REQUIRED)
        find_library(Z_LIB z)
        if(NOT UNIX OR NOT M_LIB MATCHES "^${CMAKE_SYSROOT}/" OR Z_LIB)
          message(FATAL_ERROR "UNIX=${UNIX} M_LIB=${M_LIB} Z_LIB=${Z_LIB}")
        endif()
        add_executable(prog prog.c)
        target_link_libraries(prog ${M_LIB})
        """)
    build = tmp_path / "build"
    run(["cmake", "-S", str(src), "-B", str(build),
         f"-DCMAKE_TOOLCHAIN_FILE={SYSROOT}/share/motor/toolchain.cmake",
         f"-DCMAKE_C_COMPILER={tool(fe)}"], cwd=tmp_path)
    run(["cmake", "--build", str(build)], cwd=tmp_path)
    check_static_executable(str(build / "prog"))


@needs_libposix
@pytest.mark.timeout_s(120)
@pytest.mark.skipif(not (shutil.which("meson") and shutil.which("ninja")),
                    reason="meson or ninja is not installed")
def test_meson_cross_file(program, tmp_path):
    src = tmp_path / "src"
    shutil.copy(program, write(str(src / "prog.c"), ""))
    write(str(src / "meson.build"), """\
        project('prog', 'c', default_options: ['c_std=c11'])
        cc = meson.get_compiler('c')
        m = cc.find_library('m')
        assert(not cc.find_library('z', required: false).found(), 'host libz found')
        executable('prog', 'prog.c', dependencies: m)
        """)
    build = tmp_path / "build"
    _, out = run(["meson", "setup", "--cross-file", f"{SYSROOT}/share/motor/cross.meson",
                  str(build), str(src)], cwd=tmp_path)
    assert "Build type: cross build" in out, out
    with open(build / "build.ninja", encoding="utf-8") as f:
        assert not outside_paths(f.read()), "build.ninja links host libraries"
    run(["ninja", "-C", str(build)], cwd=tmp_path)
    check_static_executable(str(build / "prog"))


AUTOCONF_PROJECT = {
    "configure.ac": """\
        AC_INIT([prog], [1.0])
        AC_PROG_CC
        AC_FUNC_MALLOC
        AC_CHECK_FUNCS([snprintf])
        AC_CONFIG_FILES([Makefile])
        AC_OUTPUT
        """,
    "Makefile.in": """\
        CC = @CC@
        CFLAGS = @CFLAGS@
        prog: prog.c
        \t$(CC) $(CFLAGS) -o $@ prog.c -lm
        """,
}


@needs_libposix
@pytest.mark.timeout_s(120)
@pytest.mark.skipif(not (shutil.which("autoconf") and shutil.which("automake")),
                    reason="autoconf or automake is not installed")
@pytest.mark.parametrize("how", ["env", "prefix"])
def test_autoconf_cross_configure(how, program, tmp_path):
    """./configure --host=x86_64-motor-elf finds the front ends and reads the
    sysroot's config.site: through x86_64-motor-elf-env, or by itself with
    --prefix=SYSROOT (share/config.site)."""
    src = tmp_path / "src"
    for name, text in AUTOCONF_PROJECT.items():
        write(str(src / name), text)
    shutil.copy(program, str(src / "prog.c"))
    # --host needs config.sub (and config.guess): automake's copies.
    _, libdir = run(["automake", "--print-libdir"])
    for aux in ("config.sub", "config.guess"):
        shutil.copy(os.path.join(libdir.strip(), aux), str(src / aux))
    run(["autoconf"], cwd=src)
    env = dict(os.environ)
    env.pop("CONFIG_SITE", None)
    if how == "env":
        cmd = [tool("env"), "./configure", "--host=x86_64-motor-elf"]
    else:
        env["PATH"] = os.path.join(SYSROOT, "bin") + os.pathsep + env["PATH"]
        cmd = ["./configure", "--host=x86_64-motor-elf", f"--prefix={SYSROOT}"]
    _, out = run(cmd, cwd=src, env=env)
    assert "loading site script" in out and "config.site" in out, out
    assert re.search(r"GNU libc compatible malloc\.\.\. \(cached\) yes", out), out
    assert f"checking for {TRIPLE}-gcc... {TRIPLE}-gcc" in out, out
    run(["make"] if how == "prefix" else [tool("env"), "make"], cwd=src, env=env)
    check_static_executable(str(src / "prog"))


@pytest.mark.timeout_s(600)
def test_newlib_cache_is_reused(tmp_path):
    """build-newlib with unchanged inputs installs the cached build (no
    rebuild) and it is the one in the sysroot."""
    _, out = run([os.path.join(SRCDIR, "newlib-port", "build-newlib"),
                  str(tmp_path / "sysroot")], timeout=600)
    assert "building newlib" not in out, out
    for lib in ("libc.a", "libm.a"):
        assert filecmp.cmp(tmp_path / "sysroot" / "lib" / lib,
                           os.path.join(SYSROOT, "lib", lib), shallow=False), \
            f"the sysroot's {lib} is not newlib-port's current build: make sysroot"


@needs_libposix
@pytest.mark.timeout_s(600)
def test_gnu_hello(tmp_path):
    """GNU hello (Debian's source, autotools + gnulib) configures and builds
    into a static Motor executable (test_posix.py runs it). Skipped when its
    source cannot be had, unless under CI, whose ./setup.sh enables deb-src."""
    script = os.path.join(SRCDIR, "tests", "toolchain", "hello-port.sh")
    status, out = run([script, SYSROOT, str(tmp_path / "hello")], check=False,
                      timeout=590)
    if status != 0 and "apt-get source failed" in out and not os.environ.get("CI"):
        pytest.skip("Debian's hello source is not available (deb-src, network)")
    assert status == 0, out
    exe = out.strip().splitlines()[-1]
    check_static_executable(exe)
    assert "Hello, world!" in open(exe, "rb").read().decode("latin-1")
