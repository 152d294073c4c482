#!/usr/bin/env python3
"""The default seccomp filter changes nothing in the trace: every case of ../shared/conformance
is run under `wiretrace -f` (the filter on wherever the case traces a subset of calls) and under
`wiretrace -f --no-seccomp-bpf`, and the two traces must say the same.

What may differ, and is set aside before comparing: how lines of two tasks interleave (a call
cut by "<unfinished ...>" / "<... resumed>" or not, where "Process N attached" falls - the
filtered command runs free between its traced calls, so it reaches them sooner), and the cases
whose program asks the kernel for its own seccomp mode (it sees the filter: a documented
difference).

usage: seccomp_equivalence.py WIRETRACE   (exit 77: ../shared is not beside the checkout)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RUN = os.path.join(HERE, "..", "..", "shared", "conformance", "run.sh")
# programs that look at their own seccomp state (PR_GET_SECCOMP): the filter is visible there
SEES_THE_FILTER = {"proc_prctl"}


def canonical(text):
    """Lines per task with cut calls joined and attach/detach notes dropped, in order."""
    lines = [l for l in text.splitlines() if not re.match(r"^(wiretrace|strace): Process \d+ (attached|detached)", l)]
    out, pending = [], {}
    for l in lines:
        m = re.match(r"^(?:<\w+> )*<\.\.\. (\w+) resumed>(.*)$", l)  # (after -t/-T's normalized stamps)
        if m and m.group(1) in pending:
            i = pending.pop(m.group(1))
            out[i] = out[i] + m.group(2)
            continue
        m = re.match(r"^(?:<\w+> )*(\w+)\(.* <unfinished \.\.\.>$", l)
        if m:
            pending[m.group(1)] = len(out)
            out.append(l[: -len(" <unfinished ...>")])
            continue
        out.append(l)
    return out


def by_task(lines):
    """The tasks' sections as a sorted list. The harness numbers pids (PID0, PID1, ...) in the
    order they first appear, which depends on how the tasks' lines interleave: the numbers are
    set aside, each task's own lines are kept in their order."""
    sections, cur = [], []
    for l in lines:
        if l.startswith("## task ") and cur:
            sections.append(cur)
            cur = []
        cur.append(re.sub(r"PID\d+", "PID", l))
    if cur:
        sections.append(cur)
    return sorted(sections)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    wiretrace = os.path.abspath(sys.argv[1])
    if not os.path.exists(RUN):
        print(f"seccomp_equivalence: skipped: {os.path.normpath(RUN)} not found (../shared sits beside the checkout "
              "only in the team's tree)")
        return 77
    work = tempfile.mkdtemp(prefix="wt-seccomp-eq.")
    ref, test = os.path.join(work, "plain"), os.path.join(work, "filtered")
    with open(ref, "w") as f:
        f.write(f'#!/bin/sh\nexec {wiretrace} -f --no-seccomp-bpf "$@"\n')
    with open(test, "w") as f:
        f.write(f'#!/bin/sh\nexec {wiretrace} -f "$@"\n')
    os.chmod(ref, 0o755)
    os.chmod(test, 0o755)
    results = os.path.join(work, "results")
    run = subprocess.run(["bash", RUN, "--keep", "--results", results, "--ref", ref, test], capture_output=True,
                         text=True)
    # only launched commands get the filter: attached ones (-p) are traced the same way twice
    launched = set()
    with open(os.path.join(os.path.dirname(RUN), "cases.txt")) as f:
        for line in f:
            parts = [x.strip() for x in line.split("|")]
            if len(parts) >= 3 and not parts[0].startswith("#") and parts[2] == "launch":
                launched.add(parts[0])
    cases = [l.split()[1] for l in run.stdout.splitlines() if l.startswith(("PASS ", "FAIL "))]
    cases = [c for c in cases if c in launched]
    if not cases:
        print(run.stdout, run.stderr)
        return 1
    bad = []
    for case in cases:
        d = os.path.join(results, case)
        try:
            a = canonical(open(os.path.join(d, "ref.norm")).read())
            b = canonical(open(os.path.join(d, "test.norm")).read())
        except OSError as e:
            bad.append(f"{case}: {e}")
            continue
        a, b = by_task(a), by_task(b)
        if a != b and case.split(".")[0] not in SEES_THE_FILTER:
            fa, fb = [x for t in a for x in t], [x for t in b for x in t]
            diff = [f"- {x}" for x in fa if x not in fb][:5] + [f"+ {x}" for x in fb if x not in fa][:5]
            bad.append(case + ":\n    " + "\n    ".join(diff))
    subprocess.run(["rm", "-rf", work])
    print(f"seccomp_equivalence: {len(cases) - len(bad)} of {len(cases)} cases trace the same with and without the filter")
    for b in bad:
        print("DIFFERS " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
