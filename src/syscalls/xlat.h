// Flag/enum tables generated from syscall_tables/xlat/*.tsv, and signal names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "xlat_decls.h"  // generated: extern const Xlat xlat_<table>;

namespace wiretrace {

enum class XlatKind : uint8_t { Flags, Enum };
struct XlatEntry {
    uint64_t value;
    const char *name;
};
struct Xlat {
    const XlatEntry *entries;
    size_t size;
    XlatKind kind;
};
// nullptr when no entry has exactly this value.
const char *xlat_name(const Xlat &x, uint64_t value);

// "SIGCHLD" for 17, "SIGRTMIN" / "SIGRT_3" for real-time ones, the number otherwise.
std::string_view signal_name(int sig, char (&buf)[16]);
int signal_by_name(std::string_view name);  // "SIGTERM", "TERM" or "15"; 0 if unknown

}  // namespace wiretrace
