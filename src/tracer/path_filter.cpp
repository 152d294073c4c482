#include "tracer/path_filter.h"

#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "syscalls/syscall_table.h"

namespace wiretrace {

namespace {
// "path" as strace quotes it in its notes: C escapes for what is not printable.
std::string quoted(const std::string &s) {
    std::string out = "\"";
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7f) {
            out += static_cast<char>(c);
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\%o", c);
            out += buf;
        }
    }
    return out + "\"";
}
}  // namespace

PathFilter::PathFilter(const std::vector<std::string> &paths, bool quiet, std::vector<std::string> &notes) {
    for (const std::string &p : paths) {
        if (!path_is(p)) paths_.push_back(p);
        char *real = realpath(p.c_str(), nullptr);
        if (!real) continue;
        std::string r = real;
        free(real);
        if (r == p) continue;
        if (!quiet) notes.push_back("Requested path " + quoted(p) + " resolved into " + quoted(r));
        if (!path_is(r)) paths_.push_back(r);
    }
}

bool PathFilter::path_is(const std::string &p) const {
    return std::find(paths_.begin(), paths_.end(), p) != paths_.end();
}

bool PathFilter::fd_matches(pid_t tid, int64_t fd) const {
    int f = static_cast<int>(fd);  // (the kernel takes descriptors as int)
    if (f < 0) return false;
    char link[64], target[PATH_MAX + 1];
    std::snprintf(link, sizeof link, "/proc/%d/fd/%d", tid, f);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 0) return false;
    return path_is(std::string(target, static_cast<size_t>(n)));
}

bool PathFilter::upath_matches(RemoteMemory &mem, uint64_t addr) const {
    if (!addr) return false;
    std::string p;
    bool terminated = false;
    return mem.read_cstring(RemoteAddr(addr), PATH_MAX, p, terminated) && terminated && path_is(p);
}

// select/pselect6: any descriptor in the three sets.
bool PathFilter::fd_set_matches(pid_t tid, RemoteMemory &mem, const uint64_t (&args)[6]) const {
    int nfds = static_cast<int>(args[0]);
    if (nfds <= 0) return false;
    nfds = std::min(nfds, 1024 * 1024);
    size_t bytes = ((static_cast<size_t>(nfds) + 7) / 8 + 7) & ~size_t{7};
    std::vector<unsigned char> set(bytes);
    for (int i = 1; i <= 3; i++) {
        if (!args[i] || mem.read(RemoteAddr(args[i]), set.data(), bytes) != bytes) continue;
        for (int fd = 0; fd < nfds; fd++)
            if ((set[static_cast<size_t>(fd) / 8] >> (fd % 8) & 1) && fd_matches(tid, fd)) return true;
    }
    return false;
}

bool PathFilter::pollfd_matches(pid_t tid, RemoteMemory &mem, uint64_t start, uint64_t n) const {
    n = std::min<uint64_t>(static_cast<unsigned>(n), 1024 * 1024);
    for (uint64_t i = 0; i < n; i++) {
        pollfd p;
        if (mem.read(RemoteAddr(start + i * sizeof p), &p, sizeof p) != sizeof p) break;
        if (fd_matches(tid, p.fd)) return true;
    }
    return false;
}

bool PathFilter::matches(pid_t tid, RemoteMemory &mem, long nr, const uint64_t (&a)[6]) const {
    const SyscallInfo *info = syscall_by_nr(nr);
    const uint32_t file = cls(SyscallClass::File), fd_like = cls(SyscallClass::Desc) | cls(SyscallClass::Network);
    if (!info || !(info->classes & (file | fd_like))) return false;
    auto fd = [&](int i) { return fd_matches(tid, static_cast<int64_t>(a[i])); };
    auto path = [&](int i) { return upath_matches(mem, a[i]); };
    switch (nr) {
        case SYS_dup2:
        case SYS_dup3:
        case SYS_kexec_file_load:
        case SYS_sendfile:
        case SYS_tee:
            return fd(0) || fd(1);
        case SYS_execveat:
        case SYS_faccessat:
        case SYS_faccessat2:
        case SYS_fchmodat:
        case SYS_fchownat:
        case SYS_fspick:
        case SYS_newfstatat:
        case SYS_futimesat:
        case SYS_inotify_add_watch:
        case SYS_mkdirat:
        case SYS_mknodat:
        case SYS_mount_setattr:
        case SYS_name_to_handle_at:
        case SYS_open_tree:
        case SYS_openat:
        case SYS_openat2:
        case SYS_readlinkat:
        case SYS_statx:
        case SYS_unlinkat:
        case SYS_utimensat:
            return fd(0) || path(1);
        case SYS_link:
        case SYS_mount:
        case SYS_pivot_root:
            return path(0) || path(1);
        case SYS_quotactl:
        case SYS_symlink:
            return path(1);
        case SYS_linkat:
        case SYS_move_mount:
        case SYS_renameat2:
        case SYS_renameat:
            return fd(0) || fd(2) || path(1) || path(3);
        case SYS_mmap:
            return fd(4);
        case SYS_symlinkat:
            return fd(1) || path(2);
        case SYS_copy_file_range:
        case SYS_splice:
            return fd(0) || fd(2);
        case SYS_epoll_ctl:
            return fd(2);
        case SYS_fanotify_mark:  // the 64-bit mask is one argument here
            return fd(3) || path(4);
        case SYS_select:
        case SYS_pselect6:
            return fd_set_matches(tid, mem, a);
        case SYS_poll:
        case SYS_ppoll:
            return a[1] && pollfd_matches(tid, mem, a[0], a[1]);
        case SYS_fsconfig:
            switch (static_cast<unsigned>(a[1])) {
                case 3:  // FSCONFIG_SET_PATH
                case 4:  // FSCONFIG_SET_PATH_EMPTY
                    return fd(4) || path(3);
                case 5:  // FSCONFIG_SET_FD
                    return fd(4);
            }
            return false;
        // descriptors made here, none taken: nothing to match
        case SYS_accept4:
        case SYS_accept:
        case SYS_bpf:
        case SYS_epoll_create:
        case SYS_epoll_create1:
        case SYS_eventfd2:
        case SYS_eventfd:
        case SYS_fanotify_init:
        case SYS_fsmount:
        case SYS_fsopen:
        case SYS_inotify_init:
        case SYS_inotify_init1:
        case SYS_io_uring_enter:
        case SYS_io_uring_register:
        case SYS_io_uring_setup:
        case SYS_landlock_add_rule:
        case SYS_landlock_create_ruleset:
        case SYS_landlock_restrict_self:
        case SYS_memfd_create:
        case SYS_memfd_secret:
        case SYS_mq_getsetattr:
        case SYS_mq_notify:
        case SYS_mq_open:
        case SYS_mq_timedreceive:
        case SYS_mq_timedsend:
        case SYS_perf_event_open:
        case SYS_pidfd_open:
        case SYS_pipe:
        case SYS_pipe2:
        case SYS_signalfd4:
        case SYS_signalfd:
        case SYS_socket:
        case SYS_socketpair:
        case SYS_timerfd_create:
        case SYS_timerfd_gettime:
        case SYS_timerfd_settime:
        case SYS_userfaultfd:
            return false;
    }
    if (info->classes & file) return path(0);
    return fd(0);
}

}  // namespace wiretrace
