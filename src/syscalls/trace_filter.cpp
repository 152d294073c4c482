#include "syscalls/trace_filter.h"

#include <regex.h>
#include <signal.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
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

// The personalities strace names after '@': 64 (x86_64, the one traced here), 32 (i386) and
// x32. Calls of the other two are valid in a set (strace takes them) and select nothing.
enum Personality { kNative = 1, kI386 = 2, kX32 = 4, kAllPersonalities = 7 };

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool other_abi_has(const Xlat &table, std::string_view token, bool number, unsigned nr) {
    for (size_t i = 0; i < table.size; i++) {
        const XlatEntry &e = table.entries[i];
        if (number ? e.value == nr : token == e.name) return true;
    }
    return false;
}

// strace's qualify_syscall: [?...]TOKEN[@PERS], where TOKEN is a number, /regex, a class or a
// name; false when it selects nothing it knows (and no '?' made that fine).
bool qualify(std::string_view token, std::bitset<TraceFilter::kMaxNr> &set) {
    bool ok = false;
    while (!token.empty() && token[0] == '?') {
        token.remove_prefix(1);
        ok = true;
    }
    unsigned pers = kAllPersonalities;
    if (size_t at = token.rfind('@'); at != std::string_view::npos) {
        std::string_view d = token.substr(at + 1);
        if (d == "64")
            pers = kNative;
        else if (d == "32")
            pers = kI386;
        else if (d == "x32")
            pers = kX32;
        else
            throw FatalError("incorrect personality designator '" + std::string(d) + "' in qualification '" +
                                 std::string(token) + "'",
                             "Try 'wiretrace -h' for more information.", 1);
        token = token.substr(0, at);
    }
    if (!token.empty() && token[0] >= '0' && token[0] <= '9') {
        unsigned long nr = 0;
        bool valid = all_digits(token) && token.size() < 10;
        if (valid) nr = std::stoul(std::string(token));
        if (valid && (pers & kNative) && nr < TraceFilter::kMaxNr && syscall_by_nr(static_cast<long>(nr))) {
            set.set(nr);
            ok = true;
        }
        if (valid && (pers & kI386) && other_abi_has(xlat_syscalls_i386, token, true, static_cast<unsigned>(nr)))
            ok = true;
        return ok;
    }
    if (!token.empty() && token[0] == '/') {
        std::string pattern(token.substr(1));
        regex_t re;
        if (int rc = regcomp(&re, pattern.c_str(), REG_EXTENDED | REG_NOSUB)) {
            char msg[512];
            regerror(rc, &re, msg, sizeof msg);
            throw FatalError("regcomp: " + pattern + ": " + msg);
        }
        auto match = [&](const char *name) { return regexec(&re, name, 0, nullptr, 0) == 0; };
        if (pers & kNative)
            for (const auto &r : all_syscalls())
                if (match(r.name)) set.set(static_cast<size_t>(r.nr)), ok = true;
        for (const auto &[bit, table] : {std::pair<unsigned, const Xlat *>{kI386, &xlat_syscalls_i386},
                                         std::pair<unsigned, const Xlat *>{kX32, &xlat_syscalls_x32}})
            if (pers & bit)
                for (size_t i = 0; i < table->size; i++)
                    if (match(table->entries[i].name)) ok = true;
        regfree(&re);
        return ok;
    }
    uint32_t bits = 0;
    if (token == "all" || syscall_class_by_name(token, bits)) {
        if (pers & kNative)
            for (const auto &r : all_syscalls())
                if ((r.classes & bits) == bits) set.set(static_cast<size_t>(r.nr));
        return true;
    }
    if (pers & kNative)
        if (const SyscallInfo *r = syscall_by_name(token)) {
            set.set(static_cast<size_t>(r->nr));
            ok = true;
        }
    if ((pers & kI386) && other_abi_has(xlat_syscalls_i386, token, false, 0)) ok = true;
    if ((pers & kX32) && other_abi_has(xlat_syscalls_x32, token, false, 0)) ok = true;
    return ok;
}
}  // namespace

void TraceFilter::parse(std::string_view spec) {
    std::string_view s = spec;
    bool negate = false;
    while (!s.empty() && s[0] == '!') {  // each '!' inverts, as strace
        negate = !negate;
        s.remove_prefix(1);
    }
    std::bitset<kMaxNr> set;
    if (s == "all") {
        set.set();
    } else if (s != "none") {
        bool done = false;
        for_each_item(s, [&](std::string_view token) {
            if (token.empty()) return;  // (strtok skips empty words)
            done = qualify(token, set);
            if (!done) throw FatalError("invalid system call '" + std::string(token) + "'");
        });
        if (!done) throw FatalError("invalid system call '" + std::string(spec) + "'");
    }
    if (negate) set.flip();
    // strace shows numbers its table does not know whatever the filter ("syscall_0x1f4(...)"
    // under -e trace=none too)
    for (int nr = 0; nr < kMaxNr; nr++)
        if (!syscall_by_nr(nr)) set.set(static_cast<size_t>(nr));
    set_ = set;
    unknown_traced_ = true;
}

TokenSet qualify_tokens(std::string_view spec, const char *what, const std::function<int(std::string_view)> &number) {
    TokenSet set;
    std::string_view s = spec;
    while (!s.empty() && s[0] == '!') {
        set.negate = !set.negate;
        s.remove_prefix(1);
    }
    if (s == "none") return set;
    if (s == "all") {
        set.all = true;
        return set;
    }
    int last = -1;
    for_each_item(s, [&](std::string_view token) {
        if (token.empty()) return;
        last = number(token);
        if (last < 0) throw FatalError("invalid " + std::string(what) + " '" + std::string(token) + "'");
        set.items.push_back(last);
    });
    if (last < 0) throw FatalError("invalid " + std::string(what) + " '" + std::string(spec) + "'");
    return set;
}

void SignalFilter::parse(std::string_view spec) {
    TokenSet t = qualify_tokens(spec, "signal", [](std::string_view item) {
        int sig = signal_by_name(item);
        return sig ? sig : -1;
    });
    std::bitset<65> s;
    if (t.all) s.set();
    for (int sig : t.items) s.set(static_cast<size_t>(sig));
    if (t.negate) s.flip();
    set_ = s;
}

}  // namespace wiretrace
