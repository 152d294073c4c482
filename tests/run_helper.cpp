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
