#!/usr/bin/env python3
"""The main job's cost: wiretrace -f -e trace=network --capture (correlation, a pcapng file)
against the pair people run today, strace -f -e trace=network plus a separate tcpdump -w, on
the same loopback workloads (build/progs/conn_load: many short HTTP-like connections, and a
bulk transfer), one run, interleaved rounds, medians.

Reported per workload: the workload's wall time natively, under the pair and under wiretrace
(ratios to native and wiretrace/pair), the packets each kept, and wiretrace's peak RSS.
--connections N alone (e.g. 100000) also gives the RSS after that many connections.
"""
import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time


def run_timed(argv, **kw):
    t = time.monotonic()
    p = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)
    return time.monotonic() - t, p


def peak_rss_kb(argv):
    """Runs argv in a child that reports its own children's peak RSS (ru_maxrss, KiB)."""
    code = ("import resource,subprocess,sys;"
            "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code] + argv, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiretrace", required=True)
    ap.add_argument("--load", required=True, help="build/progs/conn_load")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--connections", type=int, default=2000)
    ap.add_argument("--bulk-mb", type=int, default=256)
    ap.add_argument("--port", type=int, default=45123)
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="wt-mainjob-")
    workloads = [("short connections x%d" % a.connections, [str(a.connections), "0"]),
                 ("bulk %d MB" % a.bulk_mb, ["0", str(a.bulk_mb)])]
    for name, args in workloads:
        load = [a.load, str(a.port)] + args
        times = {"native": [], "pair": [], "wiretrace": []}
        kept = {"pair": [], "wiretrace": []}
        for _ in range(a.reps):
            t, p = run_timed(load)
            assert p.returncode == 0, p.stderr
            times["native"].append(t)

            pcap = os.path.join(tmp, "td.pcap")
            td = subprocess.Popen(["tcpdump", "-i", "lo", "-n", "-w", pcap, "tcp port %d" % a.port],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            line = td.stderr.readline()  # "listening on lo ..."
            assert "listening" in line, line
            t, p = run_timed(["strace", "-f", "-e", "trace=network", "-o", "/dev/null", "--"] + load)
            assert p.returncode == 0, p.stderr
            time.sleep(0.3)
            td.send_signal(signal.SIGINT)
            err = td.stderr.read()
            td.wait()
            times["pair"].append(t)
            m = re.search(r"(\d+) packets? captured", err)
            kept["pair"].append(int(m.group(1)) if m else -1)

            out = os.path.join(tmp, "wt.pcapng")
            t, p = run_timed([a.wiretrace, "-f", "-e", "trace=network", "--capture=lo", "--capture-file", out, "-o",
                              "/dev/null", "--"] + load)
            assert p.returncode == 0, p.stderr
            times["wiretrace"].append(t)
            m = re.search(r"; (\d+) of the traced sockets shown", p.stderr)
            kept["wiretrace"].append(int(m.group(1)) if m else -1)
        med = {k: statistics.median(v) for k, v in times.items()}
        print("%s (median of %d)" % (name, a.reps))
        print("  native     %8.3f s" % med["native"])
        print("  strace+tcpdump %8.3f s  x%.2f native  packets kept %s" %
              (med["pair"], med["pair"] / med["native"], kept["pair"]))
        print("  wiretrace  %8.3f s  x%.2f native  packets kept %s" %
              (med["wiretrace"], med["wiretrace"] / med["native"], kept["wiretrace"]))
        print("  wiretrace / pair: x%.2f" % (med["wiretrace"] / med["pair"]))
        rss = peak_rss_kb([a.wiretrace, "-f", "-e", "trace=network", "--capture=lo", "--capture-file",
                           os.path.join(tmp, "rss.pcapng"), "-o", "/dev/null", "--"] + load)
        print("  wiretrace peak RSS: %.1f MB" % (rss / 1024))
    subprocess.run(["rm", "-rf", tmp])


if __name__ == "__main__":
    main()
