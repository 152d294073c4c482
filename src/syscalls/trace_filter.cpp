#include "syscalls/trace_filter.h"

#include <signal.h>

#include <charconv>
#include <cstdio>
#include <regex>
#include <string>

#include "common.h"
#include "syscalls/xlat.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

namespace {
template <typename Fn>
void for_each_item(std::string_view spec, Fn fn) {
    while (true) {
        size_t comma = spec.find(',');
        fn(spec.substr(0, comma));
        if (comma == std::string_view::npos) break;
        spec.remove_prefix(comma + 1);
    }
}
}  // namespace

void TraceFilter::parse(std::string_view spec) {
    bool negate = false;
    if (!spec.empty() && spec[0] == '!') {
        negate = true;
        spec.remove_prefix(1);
    }
    std::bitset<kMaxNr> s;
    for_each_item(spec, [&](std::string_view item) {
        bool optional = false;
        if (!item.empty() && item[0] == '?') {
            optional = true;
            item.remove_prefix(1);
        }
        if (item == "all") {
            s.set();
            return;
        }
        if (item == "none") return;
        if (!item.empty() && item[0] == '/') {
            std::regex re;
            try {
                re = std::regex(std::string(item.substr(1)), std::regex::extended);
            } catch (const std::regex_error &) {
                throw FatalError("invalid system call '" + std::string(item) + "'");
            }
            bool any = false;
            for (const auto &r : all_syscalls()) {
                if (std::regex_search(r.name, re)) {
                    s.set(static_cast<size_t>(r.nr));
                    any = true;
                }
            }
            if (!any && !optional) throw FatalError("invalid system call '" + std::string(item) + "'");
            return;
        }
        uint32_t bits = 0;
        if (syscall_class_by_name(item, bits)) {
            for (const auto &r : all_syscalls())
                if (r.classes & bits) s.set(static_cast<size_t>(r.nr));
            return;
        }
        if (const SyscallInfo *r = syscall_by_name(item)) {
            s.set(static_cast<size_t>(r->nr));
            return;
        }
        // strace also takes a plain number
        int nr = -1;
        auto res = std::from_chars(item.data(), item.data() + item.size(), nr);
        if (res.ec == std::errc() && res.ptr == item.data() + item.size() && nr >= 0 && nr < kMaxNr) {
            s.set(static_cast<size_t>(nr));
            return;
        }
        if (optional) return;
        throw FatalError("invalid system call '" + std::string(item) + "'");
    });
    if (negate) s.flip();
    // strace shows numbers its table does not know whatever the filter ("syscall_0x1f4(...)"
    // under -e trace=none too)
    for (int nr = 0; nr < kMaxNr; nr++)
        if (!syscall_by_nr(nr)) s.set(static_cast<size_t>(nr));
    set_ = s;
    unknown_traced_ = true;
}

void SignalFilter::parse(std::string_view spec) {
    bool negate = false;
    if (!spec.empty() && spec[0] == '!') {
        negate = true;
        spec.remove_prefix(1);
    }
    std::bitset<65> s;
    for_each_item(spec, [&](std::string_view item) {
        if (item == "all") {
            s.set();
            return;
        }
        if (item == "none") return;
        int sig = signal_by_name(item);
        if (!sig) throw FatalError("invalid signal '" + std::string(item) + "'");
        s.set(static_cast<size_t>(sig));
    });
    if (negate) s.flip();
    set_ = s;
}

}  // namespace wiretrace
