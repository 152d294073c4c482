#!/usr/bin/env python3
"""What Wireshark-grade TCP analysis costs when reading a capture.

Makes a capture of at least --packets packets (iperf3 over 127.0.0.1, wiredump -i lo -s 96 -w),
then reads it --reps times each way, interleaved: `wiredump -r F` and `wiredump --analysis -r F`
(both printing to /dev/null), and `--analysis-csv` for reference. Reports the median CPU times
(user + system, pinned to CPU 1) and the ratio analysis / plain. Traffic stays on 127.0.0.1.
"""
import argparse
import os
import signal
import statistics
import subprocess
import sys
import time


def make_capture(wiredump, path, packets, port):
    server = subprocess.Popen(["iperf3", "-s", "-B", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    err = open(path + ".err", "w+")
    cap = subprocess.Popen([wiredump, "-i", "lo", "-s", "96", "-c", str(packets), "-w", path, f"port {port}"],
                           stdout=subprocess.DEVNULL, stderr=err)
    time.sleep(0.5)
    # small writes: many packets per second of iperf3
    client = subprocess.Popen(["iperf3", "-c", "127.0.0.1", "-p", str(port), "-t", "60", "-l", "1400"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        cap.wait(timeout=90)
    finally:
        client.send_signal(signal.SIGINT)
        client.wait()
        server.terminate()
        server.wait()
        if cap.poll() is None:
            cap.send_signal(signal.SIGINT)
            cap.wait()
    err.seek(0)
    sys.stderr.write(err.read())
    os.unlink(path + ".err")


def run(cmd):
    """The CPU time (user + system) of one run, pinned to one CPU: steadier than wall time on a
    small VM."""
    p = subprocess.Popen(["taskset", "-c", "1"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"bench_analysis: {cmd} failed")
    return ru.ru_utime + ru.ru_stime


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiredump", required=True)
    ap.add_argument("--packets", type=int, default=200000)
    ap.add_argument("--reps", type=int, default=15)
    ap.add_argument("--port", type=int, default=15311)
    ap.add_argument("--file", default="/tmp/wt-bench-analysis.pcapng")
    a = ap.parse_args()
    make_capture(a.wiredump, a.file, a.packets, a.port)
    n = subprocess.run([a.wiredump, "-r", a.file, "-t"], capture_output=True, text=True).stdout.count("\n")
    modes = {"plain": [a.wiredump, "-r", a.file], "--analysis": [a.wiredump, "--analysis", "-r", a.file],
             "--analysis-csv": [a.wiredump, "--analysis-csv", "-r", a.file]}
    times = {k: [] for k in modes}
    for r in range(a.reps):
        order = list(modes)
        order = order[r % len(order):] + order[:r % len(order)]
        for k in order:
            times[k].append(run(modes[k]))
    base = statistics.median(times["plain"])
    print(f"capture: {n} packets ({os.path.getsize(a.file) / 1e6:.1f} MB), {a.reps} interleaved runs, "
          "median CPU time")
    for k in modes:
        m = statistics.median(times[k])
        print(f"  wiredump {k:<16} {m:7.3f} s   {n / m / 1e6:6.2f} Mpkt/s   x{m / base:.3f}")
    os.unlink(a.file)


if __name__ == "__main__":
    main()
