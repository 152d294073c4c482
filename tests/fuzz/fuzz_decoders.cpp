// libFuzzer target over every syscall decoder, with fake tracee memory: the input picks the
// call, its six arguments (each a raw value or an address into the input's own bytes, some
// near the end of the mapped region so that reads run into the hole after it), the result,
// and the display options; the rest of the input is the tracee's memory. Each decoder runs at
// entry and at exit, as the tracer runs it. Run by scripts/fuzz (clang, ASan, UBSan).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "decode/decoder.h"
#include "syscalls/syscall_table.h"

namespace {
constexpr uint64_t kBase = 0x7f0000010000ULL;

class InputMemory : public wiretrace::RemoteMemory {
public:
    InputMemory(const uint8_t *p, size_t n) : p_(p), n_(n) {}
    size_t read(wiretrace::RemoteAddr addr, void *dst, size_t len) override {
        if (addr.value < kBase || addr.value - kBase >= n_) return 0;  // unmapped
        size_t off = static_cast<size_t>(addr.value - kBase);
        size_t k = len < n_ - off ? len : n_ - off;  // a read past the end stops at the hole
        std::memcpy(dst, p_ + off, k);
        return k;
    }

private:
    const uint8_t *p_;
    size_t n_;
};

// Every socket is a netlink socket of the protocol the input picks (or none): the netlink
// decoders run over the same fake memory.
class InputProbe : public wiretrace::NetlinkProbe {
public:
    explicit InputProbe(int protocol) : protocol_(protocol) {}
    int netlink_protocol(pid_t, int) override { return protocol_; }

private:
    int protocol_;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    constexpr size_t kHead = 2 + 6 * 9 + 8 + 1;
    if (size < kHead) return 0;
    auto rows = wiretrace::all_syscalls();
    if (rows.empty()) return 0;
    const wiretrace::SyscallInfo &info = rows[(data[0] | data[1] << 8) % rows.size()];
    const uint8_t *p = data + 2;
    const uint8_t *mem = data + kHead;
    size_t mem_len = size - kHead;
    uint64_t args[6];
    for (auto &a : args) {
        uint64_t v;
        std::memcpy(&v, p + 1, 8);
        // mode: a raw value, an address into the memory (possibly near its end), or NULL
        switch (p[0] % 4) {
            case 0:
                a = v;
                break;
            case 1:
            case 2:
                a = kBase + (mem_len ? v % (mem_len + 16) : 0);
                break;
            default:
                a = 0;
        }
        p += 9;
    }
    int64_t ret;
    std::memcpy(&ret, p, 8);
    p += 8;
    uint8_t opt = *p;
    wiretrace::DecodeOptions dopt;
    dopt.max_strlen = (opt & 1) ? 4 : 32;
    dopt.strings_in_hex = (opt >> 1) & 3;
    dopt.xlat_style = ((opt >> 3) & 3) % 3;
    dopt.abbrev = !(opt & 0x20);
    static const int protocols[] = {-1, 0 /* ROUTE */, 4 /* SOCK_DIAG */, 12 /* NETFILTER */, 9 /* AUDIT */};
    InputProbe probe(protocols[(data[0] >> 3) % 5]);
    dopt.netlink = &probe;
    InputMemory m(mem, mem_len);
    std::string text, saved;
    uint64_t aux = 0;
    wiretrace::Call call(m, dopt, text);
    call.set_saved_storage(&saved);
    call.set_tid(1234);
    call.reset(&info, info.nr, args);
    call.set_aux_storage(&aux);
    call.set_stack_pointer(kBase + mem_len / 2);
    info.decode(call);
    // exit: a failure or a plausible success (sizes small enough to be read)
    call.reset(&info, info.nr, args);
    call.set_aux_storage(&aux);
    call.set_exit((opt & 0x40) ? -(ret & 0xfff) : (ret & 0xffff));
    info.decode(call);
    (void)call.result_text();
    return 0;
}
