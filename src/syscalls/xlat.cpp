// The generated flag/enum tables, lookups in them, and signal names.
#include <sys/syscall.h>

#include <signal.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>

#include "syscalls/xlat.h"
#include "xlat_tables.inc"

namespace wiretrace {

const char *xlat_name(const Xlat &x, uint64_t value) {
    for (size_t i = 0; i < x.size; i++)
        if (x.entries[i].value == value) return x.entries[i].name;
    return nullptr;
}

std::string_view signal_name(int sig, char (&buf)[16]) {
    if (sig > 0 && sig < SIGRTMIN) {
        if (const char *n = xlat_name(xlat_signals, static_cast<uint64_t>(sig))) return n;
    }
    // strace names real-time signals from the kernel's SIGRTMIN (32), not glibc's.
    if (sig == 32) return "SIGRTMIN";
    if (sig > 32 && sig <= 64) {
        int n = std::snprintf(buf, sizeof buf, "SIGRT_%d", sig - 32);
        return std::string_view(buf, static_cast<size_t>(n));
    }
    int n = std::snprintf(buf, sizeof buf, "%d", sig);
    return std::string_view(buf, static_cast<size_t>(n));
}

int signal_by_name(std::string_view name) {
    int num = 0;
    auto res = std::from_chars(name.data(), name.data() + name.size(), num);
    if (res.ec == std::errc() && res.ptr == name.data() + name.size()) return num > 0 && num < 65 ? num : 0;
    // any case, with or without "SIG" (strace's sigstr_to_uint)
    auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
               });
    };
    if (name.size() > 3 && same(name.substr(0, 3), "SIG")) name.remove_prefix(3);
    for (int s = 1; s < 65; s++) {
        char buf[16];
        std::string_view n = signal_name(s, buf);
        if (n.starts_with("SIG") && same(n.substr(3), name)) return s;
    }
    return 0;
}

}  // namespace wiretrace
