// --decode-pids=comm (-Y) and --decode-pids=pidns (--pidns-translation): what follows a pid.
// comm: "<name>" from /proc/PID/comm. pidns: a pid the tracee gave in its own PID namespace
// is looked up in the tracer's: " /* 1234 in strace's PID NS */" (strace's words) when the two
// differ. Found through the NSpid/NSpgid/NSsid lines of /proc/*/status, which list a task's
// ids from /proc's namespace down to its own; /proc may even be another namespace's (a tracer
// started by `unshare -pf`): ids are then mapped to /proc's by the same lines. Only with
// these options: nothing here runs on the default path.
#pragma once

#include <sys/types.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "decode/decoder.h"

namespace wiretrace {

class PidInfo : public PidDescriber {
public:
    explicit PidInfo(int modes);  // DecodePids bits
    void describe(pid_t tid, int pid, PidType type, std::string &out) override;
    // The pid of `tid`'s namespace as the tracer's namespace knows it; 0 when unknown.
    int translate(pid_t tid, int pid, PidType type) override;
    // The name of the process/thread with pid `pid` (tracer's namespace); "" when unknown.
    std::string comm(int pid);
    // /proc's name for a task of the tracer's namespace: the same number unless /proc belongs to
    // another PID namespace (a tracer started by `unshare -pf`); 0 when it cannot be found.
    int proc_pid(pid_t tid) { return proc_id(tid); }
    // Forgets what it knows of `tid` (it is gone; its pid may be reused).
    void forget(pid_t tid) { spaces_.erase(tid), proc_ids_.erase(tid); }

private:
    // The ids of a /proc/<dir>/status line ("NSpid:", "NSpgid:", "NSsid:"), outermost first.
    static std::vector<int> ns_ids(const std::string &dir, const char *key);
    struct Space {
        unsigned long ino = 0;  // the PID namespace's inode
        int level = -1;         // its depth below /proc's namespace
    };
    int proc_id(pid_t our_pid);  // /proc's name for a tracer-namespace task id (0: none)
    const Space *space_of(pid_t tid);
    // Whether /proc/<dir>, whose ids go `depth` levels down, is in (or below) namespace `ns`.
    static bool within(const std::string &dir, int depth, const Space &ns);
    int scan(const Space &ns, int id, PidType type);  // tracer-namespace id of `id` in `ns`
    int modes_;
    int our_level_ = 0;  // the tracer's depth below /proc's namespace
    Space ours_;         // the tracer's own namespace
    std::unordered_map<pid_t, Space> spaces_;
    std::unordered_map<pid_t, int> proc_ids_;
    // what scans found: (namespace, type, id) -> tracer-namespace id, checked again when used
    std::unordered_map<std::string, int> found_;
};

}  // namespace wiretrace
