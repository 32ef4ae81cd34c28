"""Builds the stub kernel (tests/lib/stub-kernel.S) with the host binutils.

The stub keeps Motor's console and exit contract (banner, ready line, exit
statuses) so the launcher, the harness and bench/boot.sh can be tried
without the real kernel:  /usr/bin/python3 tests/lib/stubkernel.py DIR
"""

import os
import subprocess
import sys

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stub-kernel.S")
LINKER_SCRIPT = ("ENTRY(_start)\nSECTIONS { . = 0x100000; .text : { *(.text) } "
                 ".data : { *(.data) } .note.pvh : { *(.note.pvh) } }\n")


def build(outdir):
    """Assembles and links the stub into outdir; returns the ELF's path."""
    os.makedirs(outdir, exist_ok=True)
    obj = os.path.join(outdir, "stub.o")
    script = os.path.join(outdir, "stub.ld")
    elf = os.path.join(outdir, "stub.elf")
    with open(script, "w", encoding="ascii") as f:
        f.write(LINKER_SCRIPT)
    subprocess.run(["as", "--32", "-o", obj, SOURCE], check=True)
    subprocess.run(["ld", "-m", "elf_i386", "-N", "-T", script,
                    "--no-warn-rwx-segments", "-o", elf, obj], check=True)
    return elf


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: stubkernel.py OUTDIR")
    print(build(sys.argv[1]))
