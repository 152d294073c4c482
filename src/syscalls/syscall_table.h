// The generated syscall rows (syscall_tables/x86_64.tsv) and lookups by number and name.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace wiretrace {

class Call;

// strace's trace classes (%desc, %file, ...). The *Like classes are strace's %%stat / %%statfs.
enum class SyscallClass : uint8_t {
    Desc,
    File,
    Ipc,
    Network,
    Process,
    Signal,
    Memory,
    Creds,
    Clock,
    Pure,
    Stat,
    Lstat,
    Fstat,
    StatLike,
    Statfs,
    Fstatfs,
    StatfsLike,
};
constexpr uint32_t cls(SyscallClass c) {
    return 1u << static_cast<unsigned>(c);
}

// How a successful return value is printed.
enum class RetKind : uint8_t { Dec, Hex, Oct, Fd, NoReturn, Signal };  // Signal: "10 (SIGUSR1)"

using DecodeFn = void (*)(Call &);

struct SyscallInfo {
    int nr;
    const char *name;
    uint8_t nargs;
    uint32_t classes;
    DecodeFn decode;
    RetKind ret;
};

// Highest number any row has (the table is sparse below it).
int max_syscall_nr();
// nullptr when the number has no row: print it as syscall_0x%x.
const SyscallInfo *syscall_by_nr(long nr);
const SyscallInfo *syscall_by_name(std::string_view name);
std::span<const SyscallInfo> all_syscalls();
// Maps a class name as users type it ("network", "%net", "desc", ...) to its bit.
bool syscall_class_by_name(std::string_view name, uint32_t &bits);

}  // namespace wiretrace
