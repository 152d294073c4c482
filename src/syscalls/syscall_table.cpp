// Rows come from the generator; this file indexes them by number and by name.
#include "syscalls/syscall_table.h"

#include <sys/syscall.h>

#include <algorithm>
#include <array>
#include <vector>

#include "decoders.h"

namespace wiretrace {

namespace {
#include "syscall_rows.inc"

constexpr SyscallInfo k_rows[] = {WIRETRACE_SYSCALL_ROWS};

struct Index {
    std::array<const SyscallInfo *, WIRETRACE_MAX_NR + 1> by_nr{};
    std::vector<const SyscallInfo *> by_name;
    Index() {
        for (const auto &r : k_rows) {
            by_nr[static_cast<size_t>(r.nr)] = &r;
            by_name.push_back(&r);
        }
        std::sort(by_name.begin(), by_name.end(),
                  [](auto *a, auto *b) { return std::string_view(a->name) < std::string_view(b->name); });
    }
};

const Index &index() {
    static const Index idx;
    return idx;
}
}  // namespace

int max_syscall_nr() {
    return WIRETRACE_MAX_NR;
}

const SyscallInfo *syscall_by_nr(long nr) {
    if (nr < 0 || nr > WIRETRACE_MAX_NR) return nullptr;
    return index().by_nr[static_cast<size_t>(nr)];
}

const SyscallInfo *syscall_by_name(std::string_view name) {
    const auto &v = index().by_name;
    auto it = std::lower_bound(v.begin(), v.end(), name,
                               [](auto *r, std::string_view n) { return std::string_view(r->name) < n; });
    return it != v.end() && (*it)->name == name ? *it : nullptr;
}

std::span<const SyscallInfo> all_syscalls() {
    return k_rows;
}

bool syscall_class_by_name(std::string_view name, uint32_t &bits) {
    // strace accepts "%name" for every class and the bare name for the historical ones.
    struct Alias {
        const char *name;
        uint32_t bits;
        bool bare_ok;
    };
    static const Alias aliases[] = {
        {"desc", cls(SyscallClass::Desc), true},        {"file", cls(SyscallClass::File), true},
        {"ipc", cls(SyscallClass::Ipc), true},          {"network", cls(SyscallClass::Network), true},
        {"net", cls(SyscallClass::Network), false},     {"process", cls(SyscallClass::Process), true},
        {"signal", cls(SyscallClass::Signal), true},    {"memory", cls(SyscallClass::Memory), true},
        {"creds", cls(SyscallClass::Creds), false},     {"clock", cls(SyscallClass::Clock), false},
        {"pure", cls(SyscallClass::Pure), false},       {"stat", cls(SyscallClass::Stat), false},
        {"lstat", cls(SyscallClass::Lstat), false},     {"fstat", cls(SyscallClass::Fstat), false},
        {"%stat", cls(SyscallClass::StatLike), false},  {"statfs", cls(SyscallClass::Statfs), false},
        {"fstatfs", cls(SyscallClass::Fstatfs), false}, {"%statfs", cls(SyscallClass::StatfsLike), false},
    };
    bool pct = !name.empty() && name[0] == '%';
    if (pct) name.remove_prefix(1);
    for (const auto &a : aliases) {
        if (name == a.name && (pct || a.bare_ok)) {
            bits = a.bits;
            return true;
        }
    }
    return false;
}

}  // namespace wiretrace
