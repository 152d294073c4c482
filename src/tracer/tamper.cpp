// -e inject= and -e fault=: a traced call skipped (or replaced by a pure one) at its entry and
// given the asked-for error or value at its exit, a signal sent as it is entered, bytes written
// into its arguments, and the task held back for a while before or after the call. strace's
// tampering, applied per task with its own occurrence counters.
#include <sys/time.h>

#include <cstdio>

#include "syscalls/syscall_table.h"
#include "tracer/tracer.h"

namespace wiretrace {

namespace {
enum TamperBits : unsigned {
    kTampered = 1,    // the call was replaced: its result is ours
    kNoFail = 2,      // by a pure call, which succeeds (else by none, which fails with ENOSYS)
    kPoked = 4,       // bytes were written into its arguments
    kPokeExit = 8,    // more are written at its exit
    kDelayExit = 16,  // the task waits after the call
    kDelayed = 32,    // it waited (before or after)
};

timespec now_mono() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts;
}

bool before(const timespec &a, const timespec &b) {
    return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}
}  // namespace

void Tracer::tamper_entry(Tracee &t, long nr) {
    t.tamper = 0;
    const InjectAction *a = opt_.inject.find(nr);
    if (!a) return;
    if (t.inject_counts.empty()) {
        t.inject_counts.resize(opt_.inject.by_nr.size());
        for (size_t i = 0; i < t.inject_counts.size(); i++)
            t.inject_counts[i] = {opt_.inject.by_nr[i].first, opt_.inject.by_nr[i].last};
    }
    Tracee::InjectCount &n = t.inject_counts[static_cast<size_t>(nr)];
    if (n.first == 0 || n.last == 0) return;
    if (n.last != InjectAction::kLastInf) --n.last;
    if (--n.first != 0) return;
    n.first = a->step;

    if (a->signo) t.inject_signal = a->signo;
    if (a->result != InjectAction::None && t.set_syscall_nr(a->scno)) {
        t.tamper |= kTampered;
        if (a->scno != -1) t.tamper |= kNoFail;
    }
    poke(t, *a, true);
    for (const InjectPoke &p : a->pokes)
        if (!p.at_entry) t.tamper |= kPokeExit;
    if (a->delay_enter) {
        t.delay = a->enter_delay;
        t.tamper |= kDelayed;
    }
    if (a->delay_exit) t.tamper |= kDelayExit;
}

void Tracer::poke(Tracee &t, const InjectAction &a, bool at_entry) {
    const SyscallInfo *info = syscall_by_nr(t.nr);
    unsigned nargs = info ? info->nargs : 6;
    for (const InjectPoke &p : a.pokes) {
        if (p.at_entry != at_entry) continue;
        if (nargs < p.arg) {
            message("poke_tcb: Failed to tamper with process " + std::to_string(t.tid()) +
                    ": requested to tamper with argument #" + std::to_string(p.arg) + ", but system call '" +
                    (info ? info->name : "?") + "' has only " + std::to_string(nargs) + " arguments");
            continue;
        }
        size_t n = t.write(t.args[p.arg - 1], p.bytes.data(), p.bytes.size());
        if (n == 0) {
            message("poke_tcb: Failed to tamper with process " + std::to_string(t.tid()) + ": couldn't poke");
            continue;
        }
        if (n < p.bytes.size()) {
            char buf[128];
            std::snprintf(buf, sizeof buf, "upoken: pid:%d short write (%zu < %zu) @%#llx", t.tid(), n, p.bytes.size(),
                          static_cast<unsigned long long>(t.args[p.arg - 1]));
            message(buf);
        }
        t.tamper |= kPoked;
    }
}

int64_t Tracer::tamper_exit(Tracee &t, int64_t ret) {
    const InjectAction *a = opt_.inject.find(t.nr);
    if (!a) return ret;
    if (t.tamper & kPokeExit) poke(t, *a, false);
    if (t.tamper & kDelayExit) {
        t.delay = a->exit_delay;
        t.tamper |= kDelayed;
    }
    if (!(t.tamper & kTampered)) return ret;
    bool failed = ret < 0 && ret >= -4095;
    if (failed == ((t.tamper & kNoFail) != 0)) {
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "Failed to tamper with process %d: unexpectedly got %serror (return value %#llx, error %llu)",
                      t.tid(), (t.tamper & kNoFail) ? "" : "no ", static_cast<unsigned long long>(ret),
                      failed ? static_cast<unsigned long long>(-ret) : 0ULL);
        message(buf);
        return ret;
    }
    int64_t v = a->result == InjectAction::Retval ? static_cast<int64_t>(a->value) : -static_cast<int64_t>(a->value);
    t.set_return(v);
    return v;
}

bool Tracer::injected_success(const Tracee &t, int64_t ret) const {
    const InjectAction *a = opt_.inject.find(t.nr);
    return (t.tamper & kTampered) && a && a->result == InjectAction::Retval && ret == static_cast<int64_t>(a->value);
}

const char *Tracer::tamper_note(unsigned tamper) {
    bool tampered = tamper & kTampered, poked = tamper & kPoked, delayed = tamper & kDelayed;
    if (tampered && poked) return delayed ? " (INJECTED: args, retval) (DELAYED)" : " (INJECTED: args, retval)";
    if (poked) return delayed ? " (INJECTED: args) (DELAYED)" : " (INJECTED: args)";
    if (tampered) return delayed ? " (INJECTED) (DELAYED)" : " (INJECTED)";
    return delayed ? " (DELAYED)" : "";
}

void Tracer::resume_after_stop(Tracee &t) {
    int sig = t.inject_signal;
    t.inject_signal = 0;
    if (t.delay.tv_sec == 0 && t.delay.tv_nsec == 0) return resume(t, sig);
    timespec due = now_mono();
    due.tv_sec += t.delay.tv_sec;
    due.tv_nsec += t.delay.tv_nsec;
    if (due.tv_nsec >= 1000000000) {
        due.tv_sec++;
        due.tv_nsec -= 1000000000;
    }
    t.delay = {};
    delayed_.push_back({due, t.tid(), sig});
}

void Tracer::resume_delayed() {
    timespec now = now_mono();
    timespec next{};
    bool any = false;
    for (size_t i = 0; i < delayed_.size();) {
        Delayed d = delayed_[i];
        if (!before(now, d.due)) {
            delayed_[i] = delayed_.back();
            delayed_.pop_back();
            auto it = tracees_.find(d.tid);
            if (it != tracees_.end()) resume(*it->second, d.sig);
            continue;
        }
        if (!any || before(d.due, next)) next = d.due;
        any = true;
        i++;
    }
    // Wake the wait when the next one is due: a one-shot timer, repeated every 10 ms in case
    // it fires just before the wait starts. Off once nobody waits.
    itimerval it{};
    if (any) {
        long long ns = (next.tv_sec - now.tv_sec) * 1000000000LL + (next.tv_nsec - now.tv_nsec);
        if (ns < 1000) ns = 1000;
        it.it_value.tv_sec = static_cast<time_t>(ns / 1000000000LL);
        it.it_value.tv_usec = static_cast<suseconds_t>(ns % 1000000000LL / 1000);
        it.it_interval.tv_usec = 10000;
    }
    setitimer(ITIMER_REAL, &it, nullptr);
    timer_armed_ = any;
}

}  // namespace wiretrace
