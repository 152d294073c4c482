#!/usr/bin/env python3
"""What the network views cost: the same traced loopback workload (build/progs/conn_load, many
short connections and a bulk transfer, traced with -f -e trace=network --capture=lo) with and
without --top (plain text screens to /dev/null: the counting, the per-second model and its
rendering), and with --stats=1. One run, interleaved rounds, medians; the issue's bar is
--top <= 1.05x the same trace without it.
"""
import argparse
import statistics
import subprocess
import time


def run_timed(argv):
    t = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return time.monotonic() - t, p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiretrace", required=True)
    ap.add_argument("--load", required=True, help="build/progs/conn_load")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--connections", type=int, default=3000)
    ap.add_argument("--bulk-mb", type=int, default=512)
    ap.add_argument("--port", type=int, default=45124)
    a = ap.parse_args()
    load = [a.load, str(a.port), str(a.connections), str(a.bulk_mb)]
    base = [a.wiretrace, "-f", "-e", "trace=network", "--capture=lo", "-o", "/dev/null"]
    variants = {"trace": base, "trace --top": base + ["--top"], "trace --stats=1": base + ["--stats=1"]}
    times = {k: [] for k in variants}
    for _ in range(a.reps):
        for name, argv in variants.items():
            t, p = run_timed(argv + ["--"] + load)
            assert p.returncode == 0, (name, p.stderr)
            times[name].append(t)
    ref = statistics.median(times["trace"])
    ref_min = min(times["trace"])
    print("workload: conn_load %d connections + %d MB bulk over lo, %d rounds" % (a.connections, a.bulk_mb, a.reps))
    print("  %-18s %9s %7s %9s %7s  %s" % ("", "median", "ratio", "best", "ratio", "rounds"))
    for name, ts in times.items():
        m = statistics.median(ts)
        print("  %-18s %7.3f s %6.3fx %7.3f s %6.3fx  %s" % (name, m, m / ref, min(ts), min(ts) / ref_min,
                                                         " ".join("%.2f" % t for t in ts)))


if __name__ == "__main__":
    main()
