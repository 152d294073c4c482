// struct perf_event_attr, shared by perf_event_open(2) and PERF_EVENT_IOC_MODIFY_ATTRIBUTES.
#pragma once

#include <cstdint>
#include <string>

#include "decode/decoder.h"

namespace wiretrace {

// Reads the structure at addr as strace does (its declared size, at most the known one; only
// the abbreviated part without -v) into `into`; false after printing the address when it
// cannot be read or declares a size below the first version's.
bool fetch_perf_event_attr(Call &c, uint64_t addr, std::string &into);
// Prints what fetch_perf_event_attr read (at exit: with the size an E2BIG failure asks for).
void print_perf_event_attr(Call &c, uint64_t addr, const std::string &fetched);

}  // namespace wiretrace
