// wiretrace's command line, parsed into a plain struct that tests can also build by hand.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "syscalls/trace_filter.h"

namespace wiretrace {

struct Options {
    std::vector<std::string> command;  // launch this (argv), unless empty
    std::vector<pid_t> attach_pids;    // -p
    bool follow_forks = false;         // -f
    std::string output_file;           // -o ("" = stderr)
    bool append = false;               // -A
    unsigned max_strlen = 32;          // -s
    bool syscall_times = false;        // -T
    int timestamps = 0;                // -t, -tt, -ttt
    int quiet = 0;                     // -q: no attach/detach messages; -qq: no exit lines either
    int align_column = 40;             // -a
    TraceFilter trace;                 // -e trace=
    SignalFilter signals;              // -e signal=
    bool show_help = false;
    bool show_version = false;
};

// Parses argv (argv[0] is the program name). Throws FatalError on a bad command line; the
// message is strace's where strace has one. Exit codes follow strace: 1 for every usage error.
Options parse_options(int argc, const char *const *argv);
std::string usage_text();

}  // namespace wiretrace
