#!/usr/bin/env python3
"""Capture completeness and cost under load: wiredump and wiretrace --capture against tcpdump in
the same run.

For each round (order rotated each round) an iperf3 TCP client sends to an iperf3 server on
127.0.0.1 for --time seconds, with no capture, or with `tcpdump|wiredump -i lo -s SNAP -w FILE
"port P"` for SNAP in 0 and 96. For each captured run it reports:
  - in file: the packets the tool wrote (counted by reading the file back with wiredump -r)
  - on wire: how many packets lo carried meanwhile (/sys/class/net/lo/statistics/rx_packets;
    each packet once, whatever the tool does with lo's duplicate copies)
  - completeness = in file / on wire
  - the tool's own closing statistics, and iperf3's throughput relative to the median run
    without capture.
With --wiretrace, a mode "wiretrace -s SNAP" runs the iperf3 client under
`wiretrace -f -e trace=network --capture=lo --snaplen SNAP --capture-file FILE`: the capture
that correlates (the client's packets are its traced sockets'), on the same traffic.
Traffic stays on 127.0.0.1. Files go to --dir (default /tmp) and are deleted after counting.
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time

ADDR = "127.0.0.1"


def lo_rx():
    with open("/sys/class/net/lo/statistics/rx_packets") as f:
        return int(f.read())


def start_capture(cmd, errpath):
    err = open(errpath, "w+")
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL)
    for _ in range(500):
        err.seek(0)
        if "listening on" in err.read():
            return p, err
        if p.poll() is not None:
            break
        time.sleep(0.02)
    p.kill()
    err.seek(0)
    sys.exit("bench_capture: capture did not start: " + " ".join(cmd) + "\n" + err.read())


def stop_capture(p, err):
    p.send_signal(signal.SIGINT)
    try:
        p.wait(timeout=600)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()
    err.seek(0)
    text = err.read()
    err.close()
    return stats_of(text)


def count_file(wiredump, path):
    r = subprocess.run([wiredump, "-r", path, "-t"], capture_output=True, text=True)
    return r.stdout.count("\n")


def iperf(port, secs, prefix=()):
    r = subprocess.run(list(prefix) + ["iperf3", "-c", ADDR, "-p", str(port), "-t", str(secs), "-J"],
                       capture_output=True, text=True, timeout=secs + 60)
    try:
        return json.loads(r.stdout)["end"]["sum_received"]["bits_per_second"], r.stderr
    except (ValueError, KeyError):
        return None, r.stderr


def stats_of(text):
    st = {}
    for key, pat in (("captured", r"(\d+) packets? captured"), ("received", r"(\d+) (?:packets? )?received by filter"),
                     ("dropped", r"(\d+) (?:packets? )?dropped by kernel"),
                     ("behind", r"(\d+) (?:packets? )?dropped by wire(?:dump|trace)")):
        m = re.search(pat, text)
        st[key] = int(m.group(1)) if m else 0
    return st


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wiredump", required=True)
    ap.add_argument("--wiretrace")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--time", type=int, default=5)
    ap.add_argument("--port", type=int, default=15301)
    ap.add_argument("--dir", default="/tmp")
    a = ap.parse_args()
    server = subprocess.Popen(["iperf3", "-s", "-B", ADDR, "-p", str(a.port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    filt = f"port {a.port}"
    modes = [("none", None, None)]
    for snap in (0, 96):
        modes.append((f"tcpdump -s {snap}", "tcpdump", snap))
        modes.append((f"wiredump -s {snap}", "wiredump", snap))
        if a.wiretrace:
            modes.append((f"wiretrace -s {snap}", "wiretrace", snap))
    rows = []
    try:
        for rnd in range(a.reps):
            k = rnd % len(modes)
            for name, tool, snap in modes[k:] + modes[:k]:
                path = os.path.join(a.dir, f"wt-bench-capture.{'pcap' if tool == 'tcpdump' else 'pcapng'}")
                rec = {"mode": name, "round": rnd}
                prefix = ()
                if tool == "wiretrace":
                    prefix = (a.wiretrace, "-f", "-e", "trace=network", "-o", "/dev/null", "--capture=lo",
                              "--capture-filter", filt, "--snaplen", str(snap), "--capture-file", path, "--")
                elif tool:
                    cmd = ([a.wiredump] if tool == "wiredump" else ["tcpdump", "-Z", "root"]) + [
                        "-i", "lo", "-n", "-s", str(snap), "-w", path, filt]
                    p, err = start_capture(cmd, os.path.join(a.dir, "wt-bench-capture.err"))
                rx0 = lo_rx()
                rec["bps"], text = iperf(a.port, a.time, prefix)
                rec["wire"] = lo_rx() - rx0
                if tool == "wiretrace":
                    rec.update(stats_of(text))
                    rec["in_file"] = count_file(a.wiredump, path)
                    rec["file_mb"] = os.path.getsize(path) / 1e6
                    os.unlink(path)
                elif tool:
                    time.sleep(1.5)  # the ring's last block is handed over after its timeout
                    t0 = time.monotonic()
                    rec.update(stop_capture(p, err))
                    rec["stop_s"] = time.monotonic() - t0
                    rec["in_file"] = count_file(a.wiredump, path)
                    rec["file_mb"] = os.path.getsize(path) / 1e6
                    os.unlink(path)
                rows.append(rec)
                print(json.dumps(rec), flush=True)
    finally:
        server.terminate()
        server.wait()
    base = statistics.median([r["bps"] for r in rows if r["mode"] == "none" and r["bps"]])
    print()
    print(f"{'mode':<16} {'in file':>9} {'on wire':>9} {'complete':>9} {'dropped':>9} {'behind':>7} "
          f"{'Gbit/s':>7} {'vs none':>7} {'stop s':>6}")
    for name, tool, _ in modes:
        for r in (x for x in rows if x["mode"] == name):
            c = r.get("in_file", 0) / r["wire"] if tool and r["wire"] else None
            print(f"{name:<16} {r.get('in_file', '-'):>9} {r['wire']:>9} "
                  f"{(f'{c:.1%}' if c is not None else '-'):>9} {r.get('dropped', '-'):>9} {r.get('behind', '-'):>7} "
                  f"{(r['bps'] or 0) / 1e9:>7.2f} {(r['bps'] or 0) / base:>7.2f} {r.get('stop_s', 0):>6.1f}")


if __name__ == "__main__":
    main()
