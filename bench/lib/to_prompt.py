#!/usr/bin/python3
"""Times QEMU commands from process start to a pattern on the console (a
shell's prompt, which ends no line), interleaving the commands REPS times,
and prints a median/min/max row each. With --then, a command is typed at
the first command's prompt once more and its output shown (free, at the
idle prompt).

Usage: to_prompt.py REPS NAME=REGEX=CMDFILE... [--then NAME LINE]
CMDFILE holds the QEMU command, one argument per line (empty ones too).
"""

import os
import re
import select
import signal
import statistics
import subprocess
import sys
import time

TIMEOUT = 60.0


def run(argv, regex, then=None):
    """-> (ms to the first match or None, text typed `then` printed)."""
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    buf, seen, out = b"", None, ""
    try:
        while time.monotonic() - t0 < TIMEOUT:
            ready, _, _ = select.select([p.stdout], [], [], 0.5)
            if not ready:
                continue
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            if re.search(regex, buf):
                seen = (time.monotonic() - t0) * 1000
                break
        if seen is not None and then:
            time.sleep(1.0)               # idle for a moment first
            start = len(buf)
            p.stdin.write(then.encode() + b"\r")
            p.stdin.flush()
            end = time.monotonic() + 20
            while time.monotonic() < end:
                ready, _, _ = select.select([p.stdout], [], [], 0.5)
                if ready:
                    buf += os.read(p.stdout.fileno(), 65536)
                    if len(re.findall(regex, buf[start:])) >= 1:
                        break
            out = buf[start:].decode(errors="replace").replace("\r", "")
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait()
    return seen, out


def main():
    args = sys.argv[1:]
    then = then_row = None
    if "--then" in args:
        i = args.index("--then")
        then_row, then = args[i + 1], args[i + 2]
        del args[i:i + 3]
    reps = int(args[0])
    rows = []
    for spec in args[1:]:
        name, regex, cmdfile = spec.split("=", 2)
        with open(cmdfile) as f:
            argv = f.read().split("\n")[:-1]
        rows.append((name, regex.encode(), argv, []))
    for _ in range(reps):
        for name, regex, argv, times in rows:
            ms, _ = run(argv, regex)
            times.append(ms)
    print(f"{'what':<28} | {'median ms':>9} | {'min':>7} | {'max':>7} | reached")
    for name, _, _, times in rows:
        ok = [t for t in times if t is not None]
        if ok:
            print(f"{name:<28} | {statistics.median(ok):9.1f} | {min(ok):7.1f} | "
                  f"{max(ok):7.1f} | {len(ok)}/{len(times)}")
        else:
            print(f"{name:<28} | {'-':>9} | {'-':>7} | {'-':>7} | 0/{len(times)}")
    for name, regex, argv, _ in rows:
        if name != then_row:
            continue
        _, out = run(argv, regex, then)
        print(f"\n{name}, at the idle prompt: {then}\n{out.rstrip()}")
    return 0 if all(None not in r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
