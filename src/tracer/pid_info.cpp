#include "tracer/pid_info.h"

#include <dirent.h>
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
                std::vector<int> ids = ns_ids(std::string(e->d_name) + "/task/" + te->d_name, "NSpid:");
                if (static_cast<int>(ids.size()) > our_level_ && ids[static_cast<size_t>(our_level_)] == our_pid) {
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

int PidInfo::level_of(pid_t tid) {
    auto it = levels_.find(tid);
    if (it != levels_.end()) return it->second;
    int pid = proc_id(tid);
    std::vector<int> ids = pid ? ns_ids(std::to_string(pid), "NSpid:") : std::vector<int>{};
    int level = ids.empty() ? -1 : static_cast<int>(ids.size()) - 1;
    if (level >= 0) levels_[tid] = level;
    return level;
}

int PidInfo::scan(int level, int id, PidType type) {
    const char *key = type == PidType::Pgid ? "NSpgid:" : type == PidType::Sid ? "NSsid:" : "NSpid:";
    auto match = [&](const std::string &dir) {
        std::vector<int> ids = ns_ids(dir, key);
        if (static_cast<int>(ids.size()) <= std::max(level, our_level_)) return 0;
        return ids[static_cast<size_t>(level)] == id ? ids[static_cast<size_t>(our_level_)] : 0;
    };
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
    return found;
}

int PidInfo::translate(pid_t tid, int pid, PidType type) {
    if (pid <= 0) return 0;
    int level = level_of(tid);
    if (level < 0) return 0;
    if (level == our_level_) return pid;  // the tracee sees the tracer's namespace
    return scan(level, pid, type);
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
