// -e inject=SET:... and -e fault=SET:...: what to do to a traced call and on which of its
// occurrences (strace's tampering grammar). Parsing only; the tracer applies it.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace {

// A write into the tracee's memory at the address an argument holds (poke_enter=/poke_exit=).
struct InjectPoke {
    bool at_entry = true;
    unsigned arg = 1;  // 1..7
    std::vector<unsigned char> bytes;
};

// What happens to one syscall number. Occurrences are counted per task: the action fires on
// the `first`-th call, then every `step` calls, while `last` (remaining calls, kLastInf: no
// end) allows.
struct InjectAction {
    static constexpr uint16_t kLastInf = 0xffff;
    uint16_t first = 1;
    uint16_t last = kLastInf;
    uint16_t step = 1;
    enum Result : uint8_t { None, Error, Retval } result = None;
    uint64_t value = 0;  // the errno (Error) or the return value (Retval)
    long scno = -1;      // syscall=NAME: run this pure call instead of none
    int signo = 0;       // signal=SIG: delivered when the call is entered
    bool delay_enter = false, delay_exit = false;
    timespec enter_delay{}, exit_delay{};
    std::vector<InjectPoke> pokes;
    bool active() const { return result != None || signo || delay_enter || delay_exit || !pokes.empty(); }
};

// Per syscall number (up to TraceFilter::kMaxNr). Empty when no -e inject/fault was given.
struct InjectTable {
    std::vector<InjectAction> by_nr;  // an action that is not active() does nothing
    bool empty() const { return by_nr.empty(); }
    const InjectAction *find(long nr) const {
        if (nr < 0 || static_cast<size_t>(nr) >= by_nr.size()) return nullptr;
        const InjectAction &a = by_nr[static_cast<size_t>(nr)];
        return a.active() ? &a : nullptr;
    }
    // Parses one -e inject= (fault=false) or -e fault= value; a later rule replaces an earlier
    // one for the same calls, as strace. Throws FatalError with strace's message; what strace
    // warns about (a retval in the errno range) is appended to `warnings`.
    void add(std::string_view spec, bool fault, std::vector<std::string> &warnings);
};

// "800000" (microseconds), "1.6s", "800ms", "+8e8ns": strace's delay syntax. false if invalid.
bool parse_delay(std::string_view s, timespec &out);

}  // namespace wiretrace
