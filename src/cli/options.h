// wiretrace's command line, parsed into a plain struct that tests can also build by hand.
#pragma once

#include <sys/types.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "correlate/net_session.h"
#include "output/strace_printer.h"
#include "output/summary.h"
#include "syscalls/inject.h"
#include "syscalls/trace_filter.h"

namespace wiretrace {

// -e quiet=SET, as a mask (strace's names).
enum QuietBits : unsigned {
    kQuietAttach = 1,          // "Process N attached/detached"
    kQuietExit = 2,            // "+++ exited with N +++", "+++ killed by SIG +++"
    kQuietPathResolution = 4,  // (-P) "Requested path ... resolved into ..."
    kQuietPersonality = 8,     // personality change notes (one personality on x86_64)
    kQuietThreadExecve = 16,   // "+++ superseded by execve in pid N +++"
    kQuietAll = 31,
};

enum DecodePids : int { kDecodePidComm = 1, kDecodePidNs = 2 };

// -e read=SET / -e write=SET: the descriptors whose I/O is dumped.
struct FdSet {
    bool any = false;     // something was asked for
    bool negate = false;  // "!3,4": all but these
    bool all = false;
    std::vector<int> fds;
    bool has(int fd) const {
        if (!any) return false;
        bool in = all || std::find(fds.begin(), fds.end(), fd) != fds.end();
        return negate ? !in : in;
    }
};

struct Options {
    std::vector<std::string> command;              // launch this (argv), unless empty
    std::vector<pid_t> attach_pids;                // -p
    bool follow_forks = false;                     // -f
    bool output_separately = false;                // -ff, --output-separately: FILE.TID per task (with -o)
    std::string output_file;                       // -o ("" = stderr; "|cmd" or "!cmd" = a pipe to cmd)
    bool append = false;                           // -A
    unsigned max_strlen = 32;                      // -s
    PrinterOptions print;                          // -t -r -T -n -a -e status= -z -Z (prefix rules: the tracer's)
    unsigned quiet = 0;                            // QuietBits: -q, -qq, -qqq, -e quiet=
    bool quiet_given = false;                      // any -q or quiet=: no default quietness
    TraceFilter trace;                             // -e trace=
    SignalFilter signals;                          // -e signal=
    std::vector<std::string> env;                  // -E VAR=VAL (set) / -E VAR (unset), in order
    std::string user;                              // -u USERNAME
    int daemonize = 0;                             // -D (1 grandchild, 2 pgroup, 3 session)
    int summary = 0;                               // 1: -c (table only), 2: -C (trace and table)
    bool summary_per_pid = false;                  // --summary-per-pid
    bool summary_wall_clock = false;               // -w
    SummarySort summary_sort = SummarySort::Time;  // -S
    std::vector<SummaryColumn> summary_columns = default_summary_columns();  // -U
    int strings_in_hex = 0;                                                  // -x, -xx, --strings-in-hex (StringsInHex)
    int xlat_style = 0;                                                      // -X raw|abbrev|verbose (XlatStyle)
    TraceFilter abbrev;                      // -e abbrev=SET (-v: none): calls printed abbreviated
    TraceFilter raw = TraceFilter::empty();  // -e raw=SET: undecoded arguments
    FdSet dump_read, dump_write;             // -e read=, -e write=
    InjectTable inject;                      // -e inject=, -e fault=
    int decode_fds = 0;                      // kDecodeFd* set: -y path, -yy all
    bool stack_trace = false;                // -k
    bool detach_on_execve = false;           // -b execve
    int interruptible = 0;                   // -I 1..4 (0: strace's default for the mode)
    int64_t overhead_ns = -1;                // -O: time per call taken off -c's totals (-1: none)
    std::vector<std::string> trace_paths;    // -P: only calls that touch these
    int decode_pids = 0;                     // DecodePids: -Y (comm), --pidns-translation
    TraceFilter verbose;                     // -e verbose=SET: calls whose structures are dereferenced
    bool kill_on_exit = false;               // --kill-on-exit (also implied by the seccomp filter)
    bool no_seccomp_bpf = false;             // --no-seccomp-bpf: no filter installed by default
    bool kvm_vcpu = false;                   // -e kvm=vcpu (accepted; KVM exit reasons are not printed)
    bool debug = false;                      // -d: a few of strace's debug lines
    bool quiet_given_long = false;           // -e quiet= / --quiet (with -q: an error, after -P's notes)
    bool decode_fds_given = false;           // -e decode-fds= (with -y: an error)
    std::string late_error;                  // an error strace gives after -P's notes
    bool seccomp_bpf = false;                // --seccomp-bpf, in effect (needs -f, a launched command, no -p)
    CaptureOptions capture;
    bool json = false;                  // --json: JSON Lines instead of strace's text
    int64_t stats_interval_ns = 0;      // --stats[=SECONDS]: sar's counters every SECONDS (0: off)
    bool top = false;                   // --top: the live full-screen view
    std::vector<std::string> warnings;  // things strace warns about and carries on
    bool show_help = false;
    bool show_version = false;
};

// Parses argv (argv[0] is the program name). Throws FatalError on a bad command line; the
// message is strace's where strace has one. Exit codes follow strace: 1 for every usage error.
Options parse_options(int argc, const char *const *argv);
std::string usage_text();

// Pieces of the grammar, exposed for tests: "s|ms|us|ns" -> digits, "attach,exit" -> mask.
int parse_precision(const std::string &s, const char *what);
unsigned parse_status_set(const std::string &s);

unsigned parse_quiet_set(const std::string &s);

}  // namespace wiretrace
