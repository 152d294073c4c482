// strace's -e trace=SET and -e signal=SET: parsed once into bitsets, tested per stop.
#pragma once

#include <bitset>
#include <functional>
#include <string_view>
#include <vector>

namespace wiretrace {

class TraceFilter {
public:
    static constexpr int kMaxNr = 512;
    TraceFilter() { set_.set(); }
    // A filter that starts empty (-e raw=, which selects nothing until asked).
    static TraceFilter empty() {
        TraceFilter f;
        f.set_.reset();
        f.unknown_traced_ = false;
        return f;
    }
    // Parses strace's grammar: [!]item[,item...] where item is all, none, a syscall name,
    // %class (or a bare historical class name), /regex, or ?item (ignored when unknown).
    // Throws FatalError (exit 1) with strace's message on a bad item.
    void parse(std::string_view spec);
    bool traced(long nr) const { return nr >= 0 && nr < kMaxNr ? set_.test(static_cast<size_t>(nr)) : unknown_traced_; }
    bool all() const { return set_.all() && unknown_traced_; }

private:
    std::bitset<kMaxNr> set_;
    bool unknown_traced_ = true;  // numbers no row knows (syscall_0x...)
};

// strace's qualify_tokens, the grammar of every -e set but trace=: [!...](none | all |
// TOKEN[,TOKEN]...), empty words skipped. `number` maps a token to its value (-1: invalid);
// errors are strace's "invalid WHAT 'TOKEN'" (the whole spec when it has no token).
struct TokenSet {
    bool negate = false;
    bool all = false;
    std::vector<int> items;
};
TokenSet qualify_tokens(std::string_view spec, const char *what, const std::function<int(std::string_view)> &number);

class SignalFilter {
public:
    SignalFilter() { set_.set(); }
    void parse(std::string_view spec);
    bool shown(int sig) const { return sig > 0 && sig < 65 && set_.test(static_cast<size_t>(sig)); }

private:
    std::bitset<65> set_;
};

}  // namespace wiretrace
