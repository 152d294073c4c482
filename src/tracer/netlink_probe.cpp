#include "tracer/netlink_probe.h"

#include "tracer/pid_info.h"

#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wiretrace {

int NetlinkProbeProc::netlink_protocol(pid_t tid, int fd) {
    if (fd < 0 || (proc_pids_ && !(tid = proc_pids_->proc_pid(tid)))) return -1;
    char path[64], proto[32] = {};
    std::snprintf(path, sizeof path, "/proc/%d/fd/%d", tid, fd);
    ssize_t n = getxattr(path, "system.sockprotoname", proto, sizeof proto - 1);
    if (n <= 0 || std::strncmp(proto, "NETLINK", 7) != 0) return -1;
    char link[64];
    ssize_t k = readlink(path, link, sizeof link - 1);
    if (k <= 0) return -1;
    link[k] = '\0';
    if (std::strncmp(link, "socket:[", 8) != 0) return -1;
    uint64_t inode = std::strtoull(link + 8, nullptr, 10);
    if (auto it = by_inode_.find(inode); it != by_inode_.end()) return it->second;
    // /proc/TID/net/netlink: "sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode", Eth the protocol
    std::snprintf(path, sizeof path, "/proc/%d/net/netlink", tid);
    FILE *f = std::fopen(path, "re");
    if (!f) return -1;
    char line[256];
    int found = -1;
    while (std::fgets(line, sizeof line, f)) {
        unsigned long long sk, ino;
        int eth;
        unsigned pid, groups, rmem, wmem, dump, locks, drops;
        if (std::sscanf(line, "%llx %d %u %x %u %u %u %u %u %llu", &sk, &eth, &pid, &groups, &rmem, &wmem, &dump,
                        &locks, &drops, &ino) == 10 &&
            ino == inode) {
            found = eth;
            break;
        }
    }
    std::fclose(f);
    if (found >= 0) {
        if (by_inode_.size() > 4096) by_inode_.clear();
        by_inode_[inode] = found;
    }
    return found;
}

}  // namespace wiretrace
