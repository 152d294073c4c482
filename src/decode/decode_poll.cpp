// Readiness: poll, ppoll, select, pselect6 and the epoll calls. The ready set is printed in
// the result, as strace does: "= 1 ([{fd=5, revents=POLLIN}])", "= 1 (in [5], left {...})".
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

namespace {
constexpr uint64_t k_max_fds = 1024;       // at most this many pollfds/epoll events are read
constexpr int k_max_fdset_bits = 1 << 20;  // and this many descriptors of a select set

bool read_pollfds(Call &c, uint64_t addr, uint64_t n, std::vector<pollfd> &v) {
    v.resize(std::min(n, k_max_fds));
    return addr && !v.empty() && c.mem().read_exact(RemoteAddr(addr), v.data(), v.size() * sizeof(pollfd));
}

void poll_entry(Call &c) {
    std::vector<pollfd> v;
    uint64_t n = c.arg(1);
    if (n == 0) {
        c.str("[]");
    } else if (!read_pollfds(c, c.arg(0), n, v)) {
        c.ptr(c.arg(0));
    } else {
        c.str("[");
        for (size_t i = 0; i < v.size(); i++) {
            if (i) c.sep();
            if (i >= c.options().max_strlen) {
                c.str("...");
                break;
            }
            c.str("{fd=");
            c.fd(v[i].fd);
            c.str(", events=");
            c.flags(xlat_poll_events, static_cast<uint16_t>(v[i].events), "0");
            c.str("}");
        }
        if (v.size() < n) c.str(", ...");
        c.str("]");
    }
    c.sep();
    c.udec(static_cast<unsigned>(n));
    c.sep();
}

// The start of a readiness call's result: the count, or "0 (Timeout)". False when there is no
// more to say (a failure or a timeout).
bool ready_count(Call &c) {
    if (c.failed()) return false;
    c.result_text() = std::to_string(c.ret());
    if (c.ret() != 0) return true;
    c.result_text() += " (Timeout)";
    return false;
}

// "2 ([{fd=5, revents=POLLIN}])" or "0 (Timeout)"; `left` adds ", left {...}" (ppoll).
void poll_result(Call &c, uint64_t left_addr) {
    if (!ready_count(c)) return;
    std::string &r = c.result_text();
    std::vector<pollfd> v;
    if (!read_pollfds(c, c.arg(0), c.arg(1), v)) return;
    c.print_into(r, [&] {
        c.str(" ([");
        bool first = true;
        for (const pollfd &p : v) {
            if (!p.revents) continue;
            if (!first) c.sep();
            first = false;
            c.str("{fd=");
            c.dec(p.fd);
            c.str(", revents=");
            c.flags(xlat_poll_events, static_cast<uint16_t>(p.revents), "0");
            c.str("}");
        }
        c.str("]");
        if (left_addr) {
            c.str(", left ");
            print_timespec(c, left_addr);
        }
        c.str(")");
    });
}

// [3 5]-style fd sets as strace prints them (decorated with -y in the arguments).
void print_fdset(Call &c, uint64_t addr, int nfds, bool decorate) {
    if (c.by_address(addr)) return;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    if (nfds < 0) nfds = 0;
    nfds = std::min(nfds, k_max_fdset_bits);  // the kernel stops at its own limit long before
    std::vector<uint64_t> words((static_cast<size_t>(nfds) + 63) / 64);
    if (!words.empty() && !c.mem().read_exact(RemoteAddr(addr), words.data(), words.size() * 8)) {
        c.ptr(addr);
        return;
    }
    c.str("[");
    bool first = true;
    for (int fd = 0; fd < nfds; fd++) {
        if (!(words[static_cast<size_t>(fd) / 64] >> (fd % 64) & 1)) continue;
        if (!first) c.str(" ");
        first = false;
        if (decorate)
            c.fd(fd);
        else
            c.dec(fd);
    }
    c.str("]");
}

void select_entry(Call &c) {
    int nfds = c.iarg(0);
    c.dec(nfds);
    for (int i = 1; i <= 3; i++) {
        c.sep();
        print_fdset(c, c.arg(i), nfds, true);
    }
    c.sep();
}

// "1 (in [5], out [3], left {...})" or "0 (Timeout)".
void select_result(Call &c, bool timespec_left) {
    if (!ready_count(c)) return;
    std::string &r = c.result_text();
    int nfds = c.iarg(0);
    c.print_into(r, [&] {
        c.str(" (");
        bool first = true;
        static const char *names[] = {"in", "out", "except"};
        for (int i = 1; i <= 3; i++) {
            if (!c.arg(i)) continue;
            std::string set;
            c.print_into(set, [&] { print_fdset(c, c.arg(i), nfds, false); });
            if (set == "[]") continue;
            if (!first) c.sep();
            first = false;
            c.str(names[i - 1]);
            c.str(" ");
            c.str(set);
        }
        if (c.arg(4)) {
            if (!first) c.sep();
            c.str("left ");
            if (timespec_left)
                print_timespec(c, c.arg(4));
            else
                print_timeval(c, c.arg(4));
        }
        c.str(")");
    });
}

void print_epoll_event(Call &c, const epoll_event &e) {
    c.str("{events=");
    c.flags(xlat_epoll_events, e.events, "0");
    char buf[64];
    std::snprintf(buf, sizeof buf, ", data={u32=%u, u64=%llu}}", static_cast<unsigned>(e.data.u64),
                  static_cast<unsigned long long>(e.data.u64));
    c.str(buf);
}

void epoll_wait_exit(Call &c) {
    if (c.failed() || c.ret() <= 0) {
        if (c.failed())
            c.ptr(c.arg(1));
        else
            c.str("[]");
    } else {
        std::vector<epoll_event> v(std::min<uint64_t>(static_cast<uint64_t>(c.ret()), k_max_fds));
        if (!c.mem().read_exact(RemoteAddr(c.arg(1)), v.data(), v.size() * sizeof(epoll_event))) {
            c.ptr(c.arg(1));
        } else {
            c.str("[");
            for (size_t i = 0; i < v.size(); i++) {
                if (i) c.sep();
                if (i >= c.options().max_strlen) {
                    c.str("...");
                    break;
                }
                print_epoll_event(c, v[i]);
            }
            c.str("]");
        }
    }
    c.sep();
    c.dec(c.iarg(2));
    c.sep();
    c.dec(c.iarg(3));
}
}  // namespace

void decode_poll(Call &c) {
    if (c.entering()) {
        poll_entry(c);
        c.dec(c.iarg(2));
        return;
    }
    poll_result(c, 0);
}

void decode_ppoll(Call &c) {
    if (c.entering()) {
        poll_entry(c);
        print_timespec(c, c.arg(2));
        c.sep();
        print_sigset(c, c.arg(3), c.arg(4));
        c.sep();
        c.udec(c.arg(4));
        return;
    }
    poll_result(c, c.arg(2));
}

void decode_select(Call &c) {
    if (c.entering()) {
        select_entry(c);
        print_timeval(c, c.arg(4));
        return;
    }
    select_result(c, false);
}

void decode_pselect6(Call &c) {
    if (c.entering()) {
        select_entry(c);
        print_timespec(c, c.arg(4));
        c.sep();
        struct {
            uint64_t ss, len;
        } sm;
        if (c.arg(5) == 0) {
            c.str("NULL");
        } else if (!c.mem().read_obj(RemoteAddr(c.arg(5)), sm)) {
            c.ptr(c.arg(5));
        } else {
            c.str("{sigmask=");
            print_sigset(c, sm.ss, sm.len);
            c.str(", sigsetsize=");
            c.udec(sm.len);
            c.str("}");
        }
        return;
    }
    select_result(c, true);
}

void decode_epoll_ctl(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.enum_val(xlat_epoll_ctl_ops, c.arg(1), "%#llx /* EPOLL_CTL_??? */");
    c.sep();
    c.fd(c.iarg(2));
    c.sep();
    epoll_event e;
    if (c.arg(3) == 0)
        c.str("NULL");
    else if (!c.mem().read_obj(RemoteAddr(c.arg(3)), e))
        c.ptr(c.arg(3));
    else
        print_epoll_event(c, e);
}

void decode_epoll_wait(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    epoll_wait_exit(c);
}

void decode_epoll_pwait(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    epoll_wait_exit(c);
    c.sep();
    print_sigset(c, c.arg(4), c.arg(5));
    c.sep();
    c.udec(c.arg(5));
}

}  // namespace wiretrace
