#include "tracer/pid_info.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "cli/options.h"

namespace wiretrace {

PidInfo::PidInfo(int modes) : modes_(modes) {
    std::vector<int> self = ns_ids("self", "NSpid:");
    our_level_ = self.empty() ? 0 : static_cast<int>(self.size()) - 1;
    struct stat st;
    if (stat("/proc/self/ns/pid", &st) == 0) ours_.ino = st.st_ino;
    ours_.level = our_level_;
}

std::vector<int> PidInfo::ns_ids(const std::string &dir, const char *key) {
    std::vector<int> ids;
    std::ifstream f("/proc/" + dir + "/status");
    std::string line;
    size_t klen = std::strlen(key);
    while (std::getline(f, line)) {
        if (line.compare(0, klen, key) != 0) continue;
        std::istringstream in(line.substr(klen));
        int v;
        while (in >> v) ids.push_back(v);
        break;
    }
    return ids;
}

int PidInfo::proc_id(pid_t our_pid) {
    if (our_level_ == 0) return our_pid;
    auto it = proc_ids_.find(our_pid);
    if (it != proc_ids_.end()) return it->second;
    int found = 0;
    if (DIR *d = opendir("/proc")) {
        while (dirent *e = readdir(d)) {
            if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
            std::string task_dir = std::string("/proc/") + e->d_name + "/task";
            DIR *t = opendir(task_dir.c_str());
            if (!t) continue;
            while (dirent *te = readdir(t)) {
                if (te->d_name[0] < '1' || te->d_name[0] > '9') continue;
                std::string dir = std::string(e->d_name) + "/task/" + te->d_name;
                std::vector<int> ids = ns_ids(dir, "NSpid:");
                // (the same number may be taken in other namespaces at our depth: ours is checked)
                if (static_cast<int>(ids.size()) > our_level_ && ids[static_cast<size_t>(our_level_)] == our_pid &&
                    within(dir, static_cast<int>(ids.size()) - 1, ours_)) {
                    found = std::atoi(te->d_name);
                    break;
                }
            }
            closedir(t);
            if (found) break;
        }
        closedir(d);
    }
    if (found) proc_ids_[our_pid] = found;
    return found;
}

const PidInfo::Space *PidInfo::space_of(pid_t tid) {
    auto it = spaces_.find(tid);
    if (it != spaces_.end()) return &it->second;
    int pid = proc_id(tid);
    if (!pid) return nullptr;
    std::vector<int> ids = ns_ids(std::to_string(pid), "NSpid:");
    struct stat st;
    if (ids.empty() || stat(("/proc/" + std::to_string(pid) + "/ns/pid").c_str(), &st) != 0) return nullptr;
    Space sp;
    sp.ino = st.st_ino;
    sp.level = static_cast<int>(ids.size()) - 1;
    return &(spaces_[tid] = sp);
}

bool PidInfo::within(const std::string &dir, int depth, const Space &ns) {
    int fd = open(("/proc/" + dir + "/ns/pid").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    // up from the task's own namespace to the one at ns.level (the kernel's NS_GET_PARENT)
    for (int d = depth; d > ns.level && fd >= 0; d--) {
        int parent = ioctl(fd, NS_GET_PARENT);
        close(fd);
        fd = parent;
    }
    struct stat st;
    bool same = fd >= 0 && fstat(fd, &st) == 0 && st.st_ino == ns.ino;
    if (fd >= 0) close(fd);
    return same;
}

int PidInfo::scan(const Space &ns, int id, PidType type) {
    const char *key = type == PidType::Pgid ? "NSpgid:" : type == PidType::Sid ? "NSsid:" : "NSpid:";
    const size_t level = static_cast<size_t>(ns.level), ours = static_cast<size_t>(our_level_);
    std::string cache_key =
        std::to_string(ns.ino) + ":" + std::to_string(static_cast<int>(type)) + ":" + std::to_string(id);
    auto match = [&](const std::string &dir) {
        std::vector<int> ids = ns_ids(dir, key);
        if (ids.size() <= std::max(level, ours) || ids[level] != id) return 0;
        // (a process group or session is named through its members: their namespace is checked)
        std::vector<int> own = type == PidType::Tid || type == PidType::Tgid ? ids : ns_ids(dir, "NSpid:");
        if (own.size() <= level || !within(dir, static_cast<int>(own.size()) - 1, ns)) return 0;
        return ids[ours];
    };
    if (auto it = found_.find(cache_key); it != found_.end()) {
        // the same task still? (its /proc entry says so; else the scan runs again)
        int proc = proc_id(it->second);
        std::vector<int> ids = proc ? ns_ids(std::to_string(proc), key) : std::vector<int>{};
        if (ids.size() > level && ids[level] == id) return it->second;
        found_.erase(it);
    }
    int found = 0;
    DIR *d = opendir("/proc");
    if (!d) return 0;
    while (!found) {
        dirent *e = readdir(d);
        if (!e) break;
        if (e->d_name[0] < '1' || e->d_name[0] > '9') continue;
        if (type != PidType::Tid) {
            found = match(e->d_name);
        } else if (DIR *t = opendir((std::string("/proc/") + e->d_name + "/task").c_str())) {
            while (!found) {
                dirent *te = readdir(t);
                if (!te) break;
                if (te->d_name[0] >= '1' && te->d_name[0] <= '9')
                    found = match(std::string(e->d_name) + "/task/" + te->d_name);
            }
            closedir(t);
        }
    }
    closedir(d);
    if (found) found_[cache_key] = found;
    return found;
}

int PidInfo::translate(pid_t tid, int pid, PidType type) {
    if (pid <= 0) return 0;
    const Space *ns = space_of(tid);
    if (!ns) return 0;
    if (ns->level == our_level_) return pid;  // the tracee sees the tracer's namespace
    return scan(*ns, pid, type);
}

std::string PidInfo::comm(int pid) {
    int p = proc_id(pid);
    if (!p) return "";
    std::ifstream f("/proc/" + std::to_string(p) + "/comm");
    std::string name;
    std::getline(f, name);
    return name;
}

void PidInfo::describe(pid_t tid, int pid, PidType type, std::string &out) {
    bool want_comm = (modes_ & kDecodePidComm) && (type == PidType::Tid || type == PidType::Tgid);
    int ours = translate(tid, pid, type);
    if (!ours) return;
    if (want_comm) {
        std::string name = comm(ours);
        if (!name.empty()) {
            out += '<';
            Call::quote_ex(out, reinterpret_cast<const unsigned char *>(name.data()), name.size(), false, kHexNone,
                           false, "<>");
            out += '>';
        }
    }
    if ((modes_ & kDecodePidNs) && ours != pid) out += " /* " + std::to_string(ours) + " in strace's PID NS */";
}

}  // namespace wiretrace
