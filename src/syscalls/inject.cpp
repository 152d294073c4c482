#include "syscalls/inject.h"

#include <signal.h>
#include <strings.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "common.h"
#include "syscalls/syscall_table.h"
#include "syscalls/trace_filter.h"
#include "syscalls/xlat.h"

namespace wiretrace {

namespace {
bool strip(std::string_view &s, std::string_view prefix) {
    if (s.substr(0, prefix.size()) != prefix) return false;
    s.remove_prefix(prefix.size());
    return true;
}

// Decimal digits up to `stop` (any of its characters or the end): the value, or -1 when it is
// empty, not a number or above max.
long parse_uint(std::string_view s, size_t &used, long max, std::string_view stop = {}) {
    size_t i = 0;
    long v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        v = v * 10 + (s[i] - '0');
        if (v > max) return -1;
        i++;
    }
    if (i == 0) return -1;
    if (i < s.size() && stop.find(s[i]) == std::string_view::npos) return -1;
    used = i;
    return v;
}

long parse_uint_all(std::string_view s, long max) {
    size_t used = 0;
    long v = parse_uint(s, used, max);
    return v >= 0 && used == s.size() ? v : -1;
}

int errno_by_name(std::string_view name) {
    for (int e = 1; e < 4096; e++) {
        const char *n = strerrorname_np(e);
        if (n && name.size() == std::strlen(n) && strncasecmp(n, name.data(), name.size()) == 0) return e;
    }
    return -1;
}

// when=F, F+, F+S, F..L, F..L+, F..L+S
bool parse_when(std::string_view v, InjectAction &a) {
    size_t used = 0;
    long first = parse_uint(v, used, 0xffff, "+.");
    if (first < 1) return false;
    a.first = static_cast<uint16_t>(first);
    v.remove_prefix(used);
    if (!v.empty() && v[0] == '.') {
        if (v.size() < 2 || v[1] != '.') return false;
        v.remove_prefix(2);
        long last = parse_uint(v, used, 0xffff, "+");
        if (last < first || last == InjectAction::kLastInf) return false;
        a.last = static_cast<uint16_t>(last);
        v.remove_prefix(used);
    } else {
        a.last = InjectAction::kLastInf;
    }
    if (!v.empty()) {  // "+" or "+S"
        v.remove_prefix(1);
        if (v.empty()) {
            a.step = 1;
        } else {
            long step = parse_uint_all(v, 0xffff);
            if (step < 1) return false;
            a.step = static_cast<uint16_t>(step);
        }
    } else {
        a.step = a.last == InjectAction::kLastInf ? 0 : 1;  // F alone: that call only
    }
    return true;
}

bool parse_pokes(std::string_view v, bool at_entry, InjectAction &a) {
    for (const InjectPoke &p : a.pokes)
        if (p.at_entry == at_entry) return false;  // one poke_enter= and one poke_exit= each
    if (v.empty()) return false;
    while (true) {
        size_t comma = v.find(',');
        std::string_view item = v.substr(0, comma);
        InjectPoke p;
        p.at_entry = at_entry;
        if (!strip(item, "@arg") || item.size() < 2 || item[0] < '1' || item[0] > '7' || item[1] != '=') return false;
        p.arg = static_cast<unsigned>(item[0] - '0');
        item.remove_prefix(2);
        if (item.empty() || item.size() % 2 || item.size() > 2048) return false;
        for (size_t i = 0; i < item.size(); i += 2) {
            auto hex = [](char ch) {
                if (ch >= '0' && ch <= '9') return ch - '0';
                if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
                if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
                return -1;
            };
            int hi = hex(item[i]), lo = hex(item[i + 1]);
            if (hi < 0 || lo < 0) return false;
            p.bytes.push_back(static_cast<unsigned char>(hi * 16 + lo));
        }
        for (const InjectPoke &q : a.pokes)
            if (q.at_entry == at_entry && q.arg == p.arg) return false;
        a.pokes.push_back(std::move(p));
        if (comma == std::string_view::npos) break;
        v.remove_prefix(comma + 1);
    }
    return true;
}

bool parse_token(std::string_view tok, InjectAction &a, bool fault, bool &have_scno, std::vector<std::string> &warn) {
    if (strip(tok, "when=")) return parse_when(tok, a);
    if (strip(tok, "syscall=")) {
        if (have_scno) return false;
        const SyscallInfo *s = syscall_by_name(tok);
        // only calls without side effects may stand in for the real one
        if (!s || !(s->classes & cls(SyscallClass::Pure))) return false;
        a.scno = s->nr;
        have_scno = true;
        return true;
    }
    if (strip(tok, "error=")) {
        if (a.result != InjectAction::None) return false;
        long e = parse_uint_all(tok, 4095);
        if (e < 0) e = errno_by_name(tok);
        if (e < 1) return false;
        a.result = InjectAction::Error;
        a.value = static_cast<uint64_t>(e);
        return true;
    }
    if (fault) return false;
    if (strip(tok, "retval=")) {
        if (a.result != InjectAction::None || tok.empty()) return false;
        std::string s(tok);
        errno = 0;
        char *end = nullptr;
        unsigned long long v = std::strtoull(s.c_str(), &end, 0);
        if (end == s.c_str() || *end || errno) return false;
        auto sv = static_cast<long long>(v);
        if (sv < 0 && sv >= -4095)
            warn.push_back("Inadvertent injection of error " + std::to_string(-sv) +
                           " is possible for retval=" + std::to_string(v));
        a.result = InjectAction::Retval;
        a.value = v;
        return true;
    }
    if (strip(tok, "signal=")) {
        if (a.signo) return false;
        int sig = signal_by_name(tok);
        if (sig < 1 || sig > 64) return false;
        a.signo = sig;
        return true;
    }
    if (strip(tok, "poke_enter=")) return parse_pokes(tok, true, a);
    if (strip(tok, "poke_exit=")) return parse_pokes(tok, false, a);
    bool enter = strip(tok, "delay_enter=");
    if (enter || strip(tok, "delay_exit=")) {
        bool &flag = enter ? a.delay_enter : a.delay_exit;
        if (flag) return false;
        if (!parse_delay(tok, enter ? a.enter_delay : a.exit_delay)) return false;
        flag = true;
        return true;
    }
    return false;
}
}  // namespace

bool parse_delay(std::string_view s, timespec &out) {
    std::string str(s);
    size_t float_len = std::strspn(str.c_str(), "eE.-+0123456789");
    size_t int_len = std::strspn(str.c_str(), "+0123456789");
    const char *suffix;
    double fval = -1;
    long long ival = -1;
    if (float_len > int_len) {
        errno = 0;
        char *end = nullptr;
        fval = std::strtod(str.c_str(), &end);
        if (end == str.c_str() || errno || fval < 0) return false;
        suffix = end;
    } else {
        const char *p = str.c_str();
        if (*p == '+') p++;
        if (*p < '0' || *p > '9') return false;
        errno = 0;
        char *end = nullptr;
        ival = std::strtoll(p, &end, 10);
        if (errno || ival < 0) return false;
        suffix = end;
    }
    long long scale;  // nanoseconds per unit; microseconds by default
    std::string_view u(suffix);
    if (u.empty() || u == "us")
        scale = 1000;
    else if (u == "s")
        scale = 1000000000;
    else if (u == "ms")
        scale = 1000000;
    else if (u == "ns")
        scale = 1;
    else
        return false;
    const long long per_s = 1000000000 / scale;  // units per second
    if (fval >= 0) {
        out.tv_sec = static_cast<time_t>(fval / static_cast<double>(per_s));
        double rest = fval - static_cast<double>(out.tv_sec) * static_cast<double>(per_s);
        out.tv_nsec =
            static_cast<long>(static_cast<unsigned long long>(rest * static_cast<double>(scale)) % 1000000000ULL);
    } else {
        out.tv_sec = static_cast<time_t>(ival / per_s);
        out.tv_nsec = static_cast<long>((ival % per_s) * scale);
    }
    return true;
}

void InjectTable::add(std::string_view spec, bool fault, std::vector<std::string> &warnings) {
    const std::string what = fault ? "fault argument" : "inject argument";
    auto invalid = [&] { return FatalError("invalid " + what + " '" + std::string(spec) + "'"); };
    if (spec.empty() || spec[0] == ':') TraceFilter::empty().parse("");  // strace: "invalid system call ''"
    InjectAction a;
    bool have_scno = false;
    std::vector<std::string> warn;
    size_t colon = spec.find(':');
    std::string_view names = spec.substr(0, colon);
    while (colon != std::string_view::npos) {
        std::string_view rest = spec.substr(colon + 1);
        size_t next = rest.find(':');
        std::string_view tok = rest.substr(0, next);
        if (!tok.empty() && !parse_token(tok, a, fault, have_scno, warn)) throw invalid();
        colon = next == std::string_view::npos ? next : colon + 1 + next;
    }
    TraceFilter set = TraceFilter::empty();
    set.parse(names);
    if (!a.active()) {
        if (!fault) throw invalid();
        a.result = InjectAction::Error;  // fault= alone: ENOSYS
        a.value = ENOSYS;
    }
    // syscall= stands in for an error or a value only
    if (have_scno && a.result == InjectAction::None) a.scno = -1;
    for (std::string &w : warn) warnings.push_back(std::move(w));
    if (by_nr.empty()) by_nr.resize(TraceFilter::kMaxNr);
    for (int nr = 0; nr < TraceFilter::kMaxNr; nr++)
        if (set.traced(nr) && syscall_by_nr(nr)) by_nr[static_cast<size_t>(nr)] = a;
}

}  // namespace wiretrace
