#include "tracer/stack_trace.h"

#include <cxxabi.h>
#include <libunwind-ptrace.h>
#include <sys/syscall.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "common.h"

namespace wiretrace {

namespace {
constexpr int kMaxFrames = 256;  // strace's limit, then "too many stack frames"

unw_addr_space_t space(void *p) {
    return static_cast<unw_addr_space_t>(p);
}

void append_hex(std::string &out, uint64_t v) {
    char buf[24];
    int n = std::snprintf(buf, sizeof buf, "0x%" PRIx64, v);
    out.append(buf, static_cast<size_t>(n));
}
}  // namespace

StackTraces::StackTraces() {
    unw_addr_space_t as = unw_create_addr_space(&_UPT_accessors, 0);
    if (!as) throw FatalError("failed to create address space for stack tracing");
    unw_set_caching_policy(as, UNW_CACHE_GLOBAL);
    space_ = as;
    name_.resize(128);
}

StackTraces::~StackTraces() {
    for (auto &kv : contexts_) _UPT_destroy(kv.second);
    unw_destroy_addr_space(space(space_));
}

bool StackTraces::changes_mappings(long nr) {
    switch (nr) {
        case SYS_mmap:
        case SYS_mprotect:
        case SYS_munmap:
        case SYS_brk:
        case SYS_mremap:
        case SYS_shmat:
        case SYS_shmdt:
        case SYS_execve:
        case SYS_execveat:
        case SYS_remap_file_pages:
        case SYS_pkey_mprotect:
            return true;
        default:
            return false;
    }
}

void StackTraces::forget_task(pid_t tid) {
    auto it = contexts_.find(tid);
    if (it == contexts_.end()) return;
    _UPT_destroy(it->second);
    contexts_.erase(it);
}

// The process's mappings as of now: the copy read earlier unless a mapping call came since.
// /proc/PID/maps is read with the pid of the task that stopped (its thread group's view).
const StackTraces::Maps *StackTraces::maps_of(pid_t tid, pid_t tgid) {
    Maps &m = maps_[tgid ? tgid : tid];
    if (m.generation == generation_ && !m.list.empty()) return &m;
    m.list.clear();
    m.generation = generation_;
    char path[48];
    std::snprintf(path, sizeof path, "/proc/%d/maps", tid);
    FILE *f = std::fopen(path, "re");
    if (!f) return nullptr;
    char line[4200];
    char file[4200];
    while (std::fgets(line, sizeof line, f)) {
        unsigned long start, end, offset, major, minor;
        char r, w, x, s;
        if (std::sscanf(line, "%lx-%lx %c%c%c%c %lx %lx:%lx %*d %4199[^\n]", &start, &end, &r, &w, &x, &s, &offset,
                        &major, &minor, file) != 10)
            continue;  // anonymous mappings have no name: no frame is placed in them
        if ((r != 'r' && r != '-') || (w != 'w' && w != '-') || (x != 'x' && x != '-') || (s != 'p' && s != 's'))
            continue;
        if (end < start) break;
        if (!m.list.empty()) {
            const Mapping &last = m.list.back();
            if (last.start == start && last.end == end) continue;  // a duplicate ([vsyscall])
            if (start < last.end) continue;                        // overlapping: keep the list sorted
        }
        m.list.push_back(Mapping{start, end, offset, x == 'x', file});
    }
    std::fclose(f);
    if (m.list.empty()) return nullptr;
    return &m;
}

const StackTraces::Mapping *StackTraces::find(const Maps &m, uint64_t ip) const {
    size_t lo = 0, hi = m.list.size();
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const Mapping &e = m.list[mid];
        if (ip < e.start)
            hi = mid;
        else if (ip >= e.end)
            lo = mid + 1;
        else
            return &e;
    }
    return nullptr;
}

void StackTraces::walk(pid_t tid, pid_t tgid, std::string &out, bool kept) {
    const Maps *maps = maps_of(tid, tgid);
    if (!maps) return;
    if (flushed_generation_ != generation_) {
        // libunwind keeps unwind tables per address range: a remapped range needs new ones
        unw_flush_cache(space(space_), 0, 0);
        flushed_generation_ = generation_;
    }
    void *&ctx = contexts_[tid];
    if (!ctx) ctx = _UPT_create(tid);
    if (!ctx) return;
    unw_cursor_t cursor;
    if (unw_init_remote(&cursor, space(space_), ctx) < 0) return;
    int depth = 0;
    for (; depth < kMaxFrames; depth++) {
        unw_word_t ip = 0;
        if (unw_get_reg(&cursor, UNW_REG_IP, &ip) < 0) break;
        const Mapping *e = find(*maps, ip);
        if (!e || !e->exec) {
            // (libunwind reports IP 0 past the outermost frame of some threads)
            if (ip) {
                out += " > unexpected_backtracing_error [";
                append_hex(out, ip);
                out += "]\n";
            }
            break;
        }
        unw_word_t func_off = 0;
        int rc;
        while ((rc = unw_get_proc_name(&cursor, name_.data(), name_.size(), &func_off)) == -UNW_ENOMEM &&
               name_.size() < (1u << 20))
            name_.resize(name_.size() * 2);
        const char *sym = rc == 0 ? name_.c_str() : "";
        out += " > ";
        out += e->path;
        out += '(';
        if (*sym || kept) {
            int status = 0;
            char *demangled = abi::__cxa_demangle(sym, nullptr, nullptr, &status);
            out += status == 0 && demangled ? demangled : sym;
            std::free(demangled);
            out += '+';
            append_hex(out, rc == 0 ? func_off : 0);
        }
        out += ") [";
        append_hex(out, ip - e->start + e->offset);
        out += "]\n";
        if (unw_step(&cursor) <= 0) break;
    }
    if (depth >= kMaxFrames) out += " > too many stack frames\n";
}

}  // namespace wiretrace
