"""Generated documents: the committed docs/syscalls.md must be exactly what
tools/gen-syscall-doc makes of the ABI headers (abi/include/motor/syscall.h,
ipc.h, handle.h), so the document cannot drift from the header the kernel and
the user stubs are built from. After changing a header, run `make
update-docs` in the build directory and commit docs/syscalls.md with it.

No QEMU: these run the generator on the host.
"""

import difflib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2]
GEN = SRC / "tools" / "gen-syscall-doc"
INCLUDE = SRC / "abi" / "include"


def generate(include=INCLUDE):
    r = subprocess.run([sys.executable, str(GEN), str(include)], capture_output=True, text=True,
                       timeout=60, check=False)
    return r.returncode, r.stdout, r.stderr


def test_syscall_doc_is_up_to_date():
    rc, generated, err = generate()
    assert rc == 0, f"tools/gen-syscall-doc failed: {err}"
    committed = (SRC / "docs" / "syscalls.md").read_text(encoding="utf-8")
    if committed != generated:
        diff = "".join(difflib.unified_diff(
            committed.splitlines(True), generated.splitlines(True),
            "docs/syscalls.md (committed)", "tools/gen-syscall-doc (from the headers)", n=1))
        pytest.fail("docs/syscalls.md differs from the ABI headers; run `make update-docs`:\n"
                    + diff[:6000])


def test_every_syscall_has_a_row():
    header = (INCLUDE / "motor" / "syscall.h").read_text(encoding="utf-8")
    calls = re.findall(r"SYSCALL\((\w+),\s*(\d+),\s*(\d+)\)", header)
    assert calls, "no SYSCALL(name, number, nargs) lines in motor/syscall.h"
    rc, doc, err = generate()
    assert rc == 0, err
    missing = [name for name, num, nargs in calls
               if not re.search(rf"^\| {num} \| `{name}[(`].*\| {nargs} \| \S", doc, re.M)]
    assert not missing, f"no table row (number, name, args, contract) for: {missing}"
    assert "Calling convention" in doc
    assert "MOTOR_RIGHT_RECEIVE" in doc and "ipc_reply_recv:" in doc


def test_undocumented_syscall_is_refused(tmp_path):
    """A SYSCALL line with no contract comment above it fails the generator."""
    shutil.copytree(INCLUDE, tmp_path / "include")
    header = tmp_path / "include" / "motor" / "syscall.h"
    text = header.read_text(encoding="utf-8")
    # Drop the comment above the first call: it is then undocumented.
    text, n = re.subn(r"/\*[^/]*?\*/(\s*\\\n\s*SYSCALL\(debug_write)", r"\1", text, count=1)
    assert n == 1
    header.write_text(text, encoding="utf-8")
    rc, _, err = generate(tmp_path / "include")
    assert rc != 0 and "debug_write has no contract" in err
