// Which netlink protocol a tracee's descriptor speaks, for the decoders: the socket's protocol
// name (the "system.sockprotoname" attribute of /proc/TID/fd/N: one call, for any socket), and
// for a netlink socket its protocol number from the tracee's own /proc/TID/net/netlink,
// remembered by inode.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <unordered_map>

#include "decode/decoder.h"

namespace wiretrace {

class PidInfo;

class NetlinkProbeProc : public NetlinkProbe {
public:
    int netlink_protocol(pid_t tid, int fd) override;
    void set_proc_pids(PidInfo *p) { proc_pids_ = p; }  // /proc's pids when it is another namespace's

private:
    PidInfo *proc_pids_ = nullptr;
    std::unordered_map<uint64_t, int> by_inode_;
};

}  // namespace wiretrace
