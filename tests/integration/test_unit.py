"""Host unit tests: runs the build's tests/unit/test_* programs and reports
each TAP case they print as its own pytest item.

Programs: $MOTOR_UNIT_TESTS (space-separated paths, relative ones taken from
$MOTOR_BUILDDIR; tests/run sets it), else the executables
$MOTOR_BUILDDIR/tests/unit/test_* (no dot in the name). Each runs once, at
collection time (they are quick; $MOTOR_UNIT_TIMEOUT, default 60 s, bounds
each), and its TAP output becomes items:

    test_unit[test_pmm/3-frees_all_pages]   one per "ok N - name" / "not ok N - name"
    test_unit[test_pmm/program]             the program as a whole: as many cases
                                            as its plan says, no "Bail out!", no
                                            crash or timeout, exit status 0 (or
                                            nonzero with a failed case)

"# diagnostics" lines after a case are shown when it fails; `# SKIP` skips a
case and `# TODO` marks it an expected failure.
"""

import glob
import os
import re
import subprocess
from dataclasses import dataclass, field

import pytest

CASE_RE = re.compile(r"^(not )?ok\b\s*(\d*)\s*(?:-\s*)?(.*?)\s*(?:#\s*(skip|todo)\b\s*(.*))?$",
                     re.IGNORECASE)
PLAN_RE = re.compile(r"^1\.\.(\d+)")


@dataclass
class Case:
    number: int
    ok: bool
    name: str
    directive: str = ""      # "skip", "todo" or ""
    reason: str = ""
    diagnostics: list = field(default_factory=list)


@dataclass
class Program:
    path: str
    cases: list = field(default_factory=list)
    plan: int = None
    bailed: str = None
    status: int = None        # exit status, -signal, or None if it timed out
    output: str = ""
    stderr: str = ""
    error: str = None         # could not run it at all

    @property
    def name(self):
        return os.path.basename(self.path)


def unit_programs():
    """The unit test programs to run, as paths."""
    build = os.environ.get("MOTOR_BUILDDIR") or os.getcwd()
    listed = os.environ.get("MOTOR_UNIT_TESTS")
    if listed is not None:
        return [os.path.join(build, p) for p in listed.split()]
    found = glob.glob(os.path.join(build, "tests", "unit", "test_*"))
    return sorted(p for p in found if "." not in os.path.basename(p)
                  and os.path.isfile(p) and os.access(p, os.X_OK))


def parse_tap(prog, text):
    """Fills prog's cases, plan and bail-out from TAP text."""
    for line in text.splitlines():
        line = line.rstrip()
        case = CASE_RE.match(line)
        plan = PLAN_RE.match(line)
        if case:
            number = int(case[2]) if case[2] else len(prog.cases) + 1
            prog.cases.append(Case(number, not case[1], case[3] or f"case {number}",
                                   (case[4] or "").lower(), case[5] or ""))
        elif plan:
            prog.plan = int(plan[1])
        elif line.startswith("Bail out!"):
            prog.bailed = line
        elif line.lstrip().startswith("#") and prog.cases:
            prog.cases[-1].diagnostics.append(line)


def run_program(path):
    """Runs one program and parses what it printed."""
    prog = Program(path)
    timeout = float(os.environ.get("MOTOR_UNIT_TIMEOUT") or 60)
    try:
        r = subprocess.run([path], stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, cwd=os.path.dirname(path) or ".")
        prog.status = r.returncode
        out, err = r.stdout, r.stderr
    except subprocess.TimeoutExpired as e:
        out, err = e.stdout or b"", e.stderr or b""
        prog.error = f"timed out after {timeout:g} s (MOTOR_UNIT_TIMEOUT)"
    except OSError as e:
        out, err = b"", b""
        prog.error = f"cannot run it: {e.strerror}"
    prog.output = out.decode("utf-8", "replace")
    prog.stderr = err.decode("utf-8", "replace")
    parse_tap(prog, prog.output)
    return prog


_programs = None


def programs():
    """Every program, run once per session."""
    global _programs
    if _programs is None:
        _programs = [run_program(p) for p in unit_programs()]
    return _programs


def slug(text):
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:60]


def pytest_generate_tests(metafunc):
    """One item per TAP case, then one for each program as a whole."""
    if "unit_item" not in metafunc.fixturenames:
        return
    params, ids = [], []
    for prog in programs():
        for case in prog.cases:
            params.append((prog, case))
            ids.append(f"{prog.name}/{case.number}-{slug(case.name)}")
        params.append((prog, None))
        ids.append(f"{prog.name}/program")
    metafunc.parametrize("unit_item", params or [None], ids=ids or ["none"])


def test_unit(unit_item):
    if unit_item is None:
        pytest.skip("no unit test programs: MOTOR_UNIT_TESTS is empty or "
                    "$MOTOR_BUILDDIR/tests/unit has no test_* executables")
    prog, case = unit_item
    if case is None:
        check_program(prog)
    else:
        check_case(prog, case)


def check_case(prog, case):
    """A TAP case passes when it said ok (SKIP skips, TODO may fail)."""
    if case.directive == "skip":
        pytest.skip(case.reason or "skipped by the program")
    if case.directive == "todo":
        if not case.ok:
            pytest.xfail(case.reason or "TODO")
        return
    if not case.ok:
        pytest.fail("\n".join([f"{prog.path}: not ok {case.number} - {case.name}"]
                              + case.diagnostics), pytrace=False)


def check_program(prog):
    """The program ran to its end: its plan kept, no bail-out, no crash, and
    exit status 0 unless a failed case (its own item) explains it."""
    failed = [c for c in prog.cases if not c.ok and c.directive != "todo"]
    problems = []
    if prog.error:
        problems.append(prog.error)
    elif prog.status < 0:
        problems.append(f"killed by signal {-prog.status}")
    elif prog.status != 0 and not failed:
        problems.append(f"exit status {prog.status} with no failed case")
    if prog.bailed:
        problems.append(prog.bailed)
    if prog.plan is None and not prog.cases:
        problems.append("printed no TAP (no plan, no ok/not ok lines)")
    elif prog.plan is not None and prog.plan != len(prog.cases):
        problems.append(f"plan 1..{prog.plan} but {len(prog.cases)} cases ran")
    if problems:
        pytest.fail(f"{prog.path}: " + "; ".join(problems)
                    + "\n--- stdout (end) ---\n" + prog.output[-4000:]
                    + "\n--- stderr (end) ---\n" + prog.stderr[-4000:], pytrace=False)
