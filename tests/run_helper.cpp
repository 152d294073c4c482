#include "run_helper.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

bool RunResult::exited() const {
    return WIFEXITED(status);
}
int RunResult::code() const {
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string prog(const std::string &name) {
    return std::string(PROGS_DIR) + "/" + name;
}
std::string wiretrace_bin() {
    return WIRETRACE_BIN;
}

std::string build_dir() {
    std::string b = wiretrace_bin();
    return b.substr(0, b.rfind('/'));
}

pid_t spawn_bg(const std::vector<std::string> &argv, const std::string &out_path, const std::string &err_path) {
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int n = open("/dev/null", O_RDONLY);
        dup2(n, 0);
        dup2(o, 1);
        dup2(e, 2);
        for (int fd = 3; fd < 256; fd++) close(fd);
        std::vector<char *> a;
        for (const auto &s : argv) a.push_back(const_cast<char *>(s.c_str()));
        a.push_back(nullptr);
        execv(a[0], a.data());
        _exit(127);
    }
    return pid;
}

RunResult run_cmd(const std::vector<std::string> &argv, int timeout_s) {
    char dir[] = "/tmp/wt-run.XXXXXX";
    std::string d = mkdtemp(dir);
    std::string o = d + "/out", e = d + "/err";
    pid_t pid = spawn_bg(argv, o, e);
    RunResult r;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    for (;;) {
        pid_t w = waitpid(pid, &r.status, WNOHANG);
        if (w == pid) break;
        if (std::chrono::steady_clock::now() > deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &r.status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    r.out = read_file(o);
    r.err = read_file(e);
    unlink(o.c_str());
    unlink(e.c_str());
    rmdir(d.c_str());
    return r;
}

std::string norm_addrs(const std::string &s) {
    static const std::regex re("0x[0-9a-f]{9,}");
    return std::regex_replace(s, re, "0xADDR");
}

std::vector<std::string> lines_of(const std::string &s) {
    std::vector<std::string> v;
    std::stringstream ss(s);
    std::string l;
    while (std::getline(ss, l)) v.push_back(l);
    return v;
}

bool has_line(const std::string &text, const std::string &line) {
    for (const auto &l : lines_of(text))
        if (l == line) return true;
    return false;
}

int reap(pid_t p, int timeout_ms) {
    int st = 0;
    for (int waited = 0; waited <= timeout_ms; waited += 10) {
        if (waitpid(p, &st, WNOHANG) == p) return st;
        usleep(10000);
    }
    kill(p, SIGKILL);
    waitpid(p, &st, 0);
    return st;
}

bool make_veth_pair(const std::string &ns_a, const std::string &ns_b, const std::string &dev_a,
                    const std::string &dev_b) {
    std::string setup = "ip netns add " + ns_a + " && ip netns add " + ns_b + " && ip link add " + dev_a + " netns " +
                        ns_a + " type veth peer name " + dev_b + " netns " + ns_b + " && ip -n " + ns_a +
                        " addr add 10.77.0.1/24 dev " + dev_a + " && ip -n " + ns_b + " addr add 10.77.0.2/24 dev " +
                        dev_b + " && ip -n " + ns_a + " link set " + dev_a + " up && ip -n " + ns_b + " link set " +
                        dev_b + " up";
    return system(setup.c_str()) == 0;
}

void delete_netns(const std::vector<std::string> &names) {
    for (const auto &n : names) (void)!system(("ip netns delete " + n + " 2>/dev/null").c_str());
}
