// Shared vocabulary: tracee addresses, fatal errors, and CHECK for our own bugs.
#pragma once

#include <cstdint>
#include <ctime>
#include <stdexcept>
#include <string>

namespace wiretrace {

// An address in a tracee's address space. Never dereferenced here; only passed to the
// RemoteMemory reader, so it is a distinct type rather than a void*.
struct RemoteAddr {
    uint64_t value = 0;
    constexpr RemoteAddr() = default;
    constexpr explicit RemoteAddr(uint64_t v) : value(v) {}
    constexpr bool null() const { return value == 0; }
    constexpr RemoteAddr operator+(uint64_t off) const { return RemoteAddr(value + off); }
};

// A user or environment error: main() prints "wiretrace: message" (and the hint on a second
// line) and exits with `exit_code` (1, or 2 for usage errors as strace does).
struct FatalError : std::runtime_error {
    std::string hint;
    int exit_code;
    explicit FatalError(const std::string &message, std::string hint_ = {}, int code = 1)
        : std::runtime_error(message), hint(std::move(hint_)), exit_code(code) {}
};

[[noreturn]] void check_failed(const char *cond, const char *file, int line);

// a - b, for durations (-T) and deltas (-r)
inline timespec timespec_sub(const timespec &a, const timespec &b) {
    timespec d{a.tv_sec - b.tv_sec, a.tv_nsec - b.tv_nsec};
    if (d.tv_nsec < 0) {
        d.tv_sec--;
        d.tv_nsec += 1000000000L;
    }
    return d;
}

// CLOCK_MONOTONIC in nanoseconds
inline int64_t monotonic_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

}  // namespace wiretrace

// Our own invariants; stays on in release builds.
#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) ::wiretrace::check_failed(#cond, __FILE__, __LINE__); \
    } while (0)
