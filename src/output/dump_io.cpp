#include "output/dump_io.h"

#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "output/hexdump.h"

namespace wiretrace {

namespace {
constexpr uint64_t kAll = ~uint64_t(0);

// len bytes at addr, as far as they can be read.
void dump_bytes(RemoteMemory &mem, uint64_t addr, uint64_t len, std::string &out) {
    std::vector<unsigned char> buf(static_cast<size_t>(std::min<uint64_t>(len, 16u << 20)));
    size_t n = buf.empty() ? 0 : mem.read(RemoteAddr(addr), buf.data(), buf.size());
    if (n) hexdump(out, buf.data(), n);
}

// count iovecs at addr, `data` bytes of them in all.
void dump_iov(RemoteMemory &mem, uint64_t count, uint64_t addr, uint64_t data, std::string &out) {
    if (count > 1024 * 1024) return;
    std::vector<iovec> iov(static_cast<size_t>(count));
    if (iov.empty() || !mem.read_exact(RemoteAddr(addr), iov.data(), iov.size() * sizeof(iovec))) return;
    for (size_t i = 0; i < iov.size(); i++) {
        uint64_t n = std::min<uint64_t>(iov[i].iov_len, data);
        if (!n) break;
        data -= n;
        char b[80];
        std::snprintf(b, sizeof b, " * %llu bytes in buffer %zu\n", static_cast<unsigned long long>(n), i);
        out += b;
        dump_bytes(mem, reinterpret_cast<uint64_t>(iov[i].iov_base), n, out);
    }
}

void dump_msghdr(RemoteMemory &mem, uint64_t addr, uint64_t data, std::string &out) {
    msghdr m;
    if (mem.read_obj(RemoteAddr(addr), m))
        dump_iov(mem, m.msg_iovlen, reinterpret_cast<uint64_t>(m.msg_iov), data, out);
}

// The first `n` messages of a vector (strace takes the call's result as unsigned: all that can
// be read after a failure; at most 1024 here).
void dump_mmsg(RemoteMemory &mem, uint64_t addr, uint64_t n, std::string &out) {
    n = std::min<uint64_t>(n, 1024);
    for (uint64_t i = 0; i < n; i++) {
        mmsghdr mm;
        if (!mem.read_obj(RemoteAddr(addr + i * sizeof mm), mm)) break;
        char b[80];
        std::snprintf(b, sizeof b, " = %llu buffers in vector %llu\n",
                      static_cast<unsigned long long>(mm.msg_hdr.msg_iovlen), static_cast<unsigned long long>(i));
        out += b;
        dump_iov(mem, mm.msg_hdr.msg_iovlen, reinterpret_cast<uint64_t>(mm.msg_hdr.msg_iov), mm.msg_len, out);
    }
}
}  // namespace

void dump_io(RemoteMemory &mem, long nr, const uint64_t (&args)[6], int64_t ret, bool failed, bool dump_written,
             bool dump_read, std::string &out) {
    if (dump_written) {
        switch (nr) {
            case SYS_write:
            case SYS_pwrite64:
            case SYS_sendto:
            case SYS_mq_timedsend:
                dump_bytes(mem, args[1], args[2], out);
                break;
            case SYS_writev:
            case SYS_pwritev:
            case SYS_pwritev2:
            case SYS_vmsplice:
                dump_iov(mem, static_cast<uint32_t>(args[2]), args[1], kAll, out);
                break;
            case SYS_sendmsg:
                dump_msghdr(mem, args[1], kAll, out);
                break;
            case SYS_sendmmsg:
                dump_mmsg(mem, args[1], static_cast<uint32_t>(ret), out);
                break;
            default:
                break;
        }
    }
    if (failed || !dump_read) return;
    uint64_t got = static_cast<uint64_t>(ret);
    switch (nr) {
        case SYS_read:
        case SYS_pread64:
        case SYS_recvfrom:
        case SYS_mq_timedreceive:
            dump_bytes(mem, args[1], got, out);
            break;
        case SYS_readv:
        case SYS_preadv:
        case SYS_preadv2:
            dump_iov(mem, static_cast<uint32_t>(args[2]), args[1], got, out);
            break;
        case SYS_recvmsg:
            dump_msghdr(mem, args[1], got, out);
            break;
        case SYS_recvmmsg:
            dump_mmsg(mem, args[1], got, out);
            break;
        default:
            break;
    }
}

}  // namespace wiretrace
