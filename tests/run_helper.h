// Runs build/wiretrace (or any command) in a child process, capturing its stdout and stderr,
// with a timeout, for the integration tests. The tracer must not run inside the test process:
// its waitpid(-1) would reap the test's own helpers.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

struct RunResult {
    int status = 0;  // raw wait status
    std::string out, err;
    bool exited() const;
    int code() const;  // exit code, or 128+signal
};

RunResult run_cmd(const std::vector<std::string> &argv, int timeout_s = 60);
// Starts argv in the background with stdout/stderr to files; returns its pid.
pid_t spawn_bg(const std::vector<std::string> &argv, const std::string &out_path, const std::string &err_path);
// Waits up to timeout_ms for a child started by spawn_bg to exit, then kills it; its wait status.
int reap(pid_t p, int timeout_ms);
// Two new network namespaces joined by a veth pair: dev_a (10.77.0.1/24) in ns_a, dev_b
// (10.77.0.2/24) in ns_b, both up. False if the machine would not make them.
bool make_veth_pair(const std::string &ns_a, const std::string &ns_b, const std::string &dev_a,
                    const std::string &dev_b);
void delete_netns(const std::vector<std::string> &names);
std::string read_file(const std::string &path);
std::string prog(const std::string &name);
std::string wiretrace_bin();
// The build directory (wiredump, the plugins and progs/ are there).
std::string build_dir();
// Replaces 0x + 9 or more hex digits with 0xADDR.
std::string norm_addrs(const std::string &s);
std::vector<std::string> lines_of(const std::string &s);
bool has_line(const std::string &text, const std::string &line);
