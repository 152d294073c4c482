// sendmsg, recvmsg, sendmmsg, recvmmsg: struct msghdr with its name, iovecs (-s applied to
// each, and only the bytes the call moved for a receive), control messages, and mmsghdr
// vectors with msg_len.
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

namespace {
constexpr uint64_t k_unlimited = ~uint64_t(0);
constexpr size_t k_max_control = 64 * 1024;  // no more control data than this is read

}  // namespace

// [{iov_base="...", iov_len=N}, ...]; `data` is how many bytes there are to show in all.
void print_iov(Call &c, uint64_t addr, uint64_t count, uint64_t data) {
    if (count == 0) {
        c.str("[]");
        return;
    }
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    c.str("[");
    for (uint64_t i = 0; i < count; i++) {
        iovec v;
        if (!c.mem().read_obj(RemoteAddr(addr + i * sizeof v), v)) {
            if (i == 0) {
                c.out().pop_back();
                c.ptr(addr);
                return;
            }
            c.str(", ...");
            break;
        }
        if (i) c.sep();
        if (i >= c.options().max_strlen) {
            c.str("...");
            break;
        }
        uint64_t n = std::min<uint64_t>(v.iov_len, data);
        data -= n;
        c.str("{iov_base=");
        c.buffer(reinterpret_cast<uint64_t>(v.iov_base), n);
        c.str(", iov_len=");
        c.udec(v.iov_len);
        c.str("}");
    }
    c.str("]");
}

namespace {

void print_cmsg_data(Call &c, int level, int type, const unsigned char *d, size_t len) {
    if (level == SOL_SOCKET && type == SCM_RIGHTS) {
        c.str(", cmsg_data=[");
        for (size_t i = 0; i + sizeof(int) <= len; i += sizeof(int)) {
            int fd;
            std::memcpy(&fd, d + i, sizeof fd);
            if (i) c.sep();
            c.fd(fd);
        }
        c.str("]");
    } else if (level == SOL_SOCKET && type == SCM_CREDENTIALS && len >= sizeof(ucred)) {
        ucred cr;
        std::memcpy(&cr, d, sizeof cr);
        c.str(", cmsg_data=");
        print_ucred(c, cr.pid, cr.uid, cr.gid);
    } else if (level == SOL_SOCKET && (type == SO_TIMESTAMP_OLD || type == SO_TIMESTAMPNS_OLD) && len >= 16) {
        int64_t t[2];
        std::memcpy(t, d, sizeof t);
        c.str(type == SO_TIMESTAMP_OLD ? ", cmsg_data={tv_sec=" : ", cmsg_data={tv_sec=");
        c.dec(t[0]);
        c.str(type == SO_TIMESTAMP_OLD ? ", tv_usec=" : ", tv_nsec=");
        c.dec(t[1]);
        c.str("}");
    } else if (level == IPPROTO_IP && (type == IP_TTL || type == IP_TOS) && len >= 1) {
        int v = 0;
        if (type == IP_TTL && len >= sizeof v)
            std::memcpy(&v, d, sizeof v);
        else
            v = d[0];
        c.str(", cmsg_data=[");
        c.dec(v);
        c.str("]");
    } else if (level == IPPROTO_IP && type == IP_PKTINFO && len >= sizeof(in_pktinfo)) {
        in_pktinfo pi;
        std::memcpy(&pi, d, sizeof pi);
        char name[IF_NAMESIZE] = {};
        c.str(", cmsg_data={ipi_ifindex=");
        if (if_indextoname(static_cast<unsigned>(pi.ipi_ifindex), name)) {
            c.str("if_nametoindex(\"");
            c.str(name);
            c.str("\")");
        } else {
            c.dec(pi.ipi_ifindex);
        }
        auto addr = [&](in_addr a) {
            char buf[INET_ADDRSTRLEN];
            c.str("inet_addr(\"");
            c.str(inet_ntop(AF_INET, &a, buf, sizeof buf));
            c.str("\")");
        };
        c.str(", ipi_spec_dst=");
        addr(pi.ipi_spec_dst);
        c.str(", ipi_addr=");
        addr(pi.ipi_addr);
        c.str("}");
    }
}

// [{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 7]}, ...]
void print_control(Call &c, uint64_t addr, uint64_t len) {
    std::vector<unsigned char> buf(std::min<uint64_t>(len, k_max_control));
    if (!c.mem().read_exact(RemoteAddr(addr), buf.data(), buf.size())) {
        c.ptr(addr);
        return;
    }
    c.str("[");
    size_t off = 0;
    bool first = true;
    while (off + sizeof(cmsghdr) <= buf.size()) {
        cmsghdr h;
        std::memcpy(&h, buf.data() + off, sizeof h);
        if (!first) c.sep();
        first = false;
        c.str("{cmsg_len=");
        c.udec(h.cmsg_len);
        c.str(", cmsg_level=");
        c.enum_val(xlat_socket_levels, static_cast<unsigned>(h.cmsg_level), "%#llx /* SOL_??? */");
        c.str(", cmsg_type=");
        if (h.cmsg_level == SOL_SOCKET)
            c.enum_val(xlat_scm_types, static_cast<unsigned>(h.cmsg_type), "%#llx /* SCM_??? */");
        else if (h.cmsg_level == IPPROTO_IP)
            c.enum_val(xlat_sockopts_ip, static_cast<unsigned>(h.cmsg_type), "%#llx /* IP_??? */");
        else
            c.hex(static_cast<unsigned>(h.cmsg_type));
        if (h.cmsg_len < sizeof h) {
            c.str("}");
            break;
        }
        size_t data_len = std::min<size_t>(h.cmsg_len, buf.size() - off) - sizeof h;
        print_cmsg_data(c, h.cmsg_level, h.cmsg_type, buf.data() + off + sizeof h, data_len);
        c.str("}");
        // a length past the buffer ends the list (and its rounding up must not wrap to 0: a
        // hostile cmsg_len of ~0 looped forever - found by scripts/fuzz)
        if (h.cmsg_len > buf.size() - off) break;
        off += (h.cmsg_len + sizeof(size_t) - 1) & ~(sizeof(size_t) - 1);
    }
    if (off < buf.size() && first) {
        c.out().pop_back();
        c.ptr(addr);
        return;
    }
    c.str("]");
}

// The msghdr at `addr`; `data` bytes of its iovecs are shown.
void print_msghdr(Call &c, uint64_t addr, uint64_t data) {
    msghdr m;
    if (!c.mem().read_obj(RemoteAddr(addr), m)) {
        c.ptr(addr);
        return;
    }
    c.str("{msg_name=");
    if (m.msg_name == nullptr)
        c.str("NULL");
    else
        print_sockaddr(c, reinterpret_cast<uint64_t>(m.msg_name), m.msg_namelen);
    c.str(", msg_namelen=");
    c.udec(m.msg_namelen);
    c.str(", msg_iov=");
    print_iov(c, reinterpret_cast<uint64_t>(m.msg_iov), m.msg_iovlen, data);
    c.str(", msg_iovlen=");
    c.udec(m.msg_iovlen);
    if (m.msg_controllen) {
        c.str(", msg_control=");
        print_control(c, reinterpret_cast<uint64_t>(m.msg_control), m.msg_controllen);
    }
    c.str(", msg_controllen=");
    c.udec(m.msg_controllen);
    c.str(", msg_flags=");
    c.flags(xlat_msg_flags, static_cast<unsigned>(m.msg_flags), "0");
    c.str("}");
}

// [{msg_hdr={...}, msg_len=5}, ...]: the first `n` entries, each showing msg_len bytes.
void print_mmsg_vector(Call &c, uint64_t addr, uint64_t n) {
    c.str("[");
    for (uint64_t i = 0; i < n; i++) {
        mmsghdr mm;
        uint64_t at = addr + i * sizeof mm;
        if (!c.mem().read_obj(RemoteAddr(at), mm)) {
            if (i == 0) {
                c.out().pop_back();
                c.ptr(addr);
                return;
            }
            c.str(", ...");
            break;
        }
        if (i) c.sep();
        if (i >= c.options().max_strlen) {
            c.str("...");
            break;
        }
        c.str("{msg_hdr=");
        print_msghdr(c, at, mm.msg_len);
        c.str(", msg_len=");
        c.udec(mm.msg_len);
        c.str("}");
    }
    c.str("]");
}
}  // namespace

void decode_sendmsg(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_msghdr(c, c.arg(1), k_unlimited);
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(2)), "0");
}

void decode_recvmsg(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else
        print_msghdr(c, c.arg(1), static_cast<uint64_t>(c.ret()));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(2)), "0");
}

void decode_sendmmsg(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    if (c.failed() || c.ret() == 0)
        c.ptr(c.arg(1));
    else
        print_mmsg_vector(c, c.arg(1), static_cast<uint64_t>(c.ret()));
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(2)));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(3)), "0");
}

// recvmmsg prints as sendmmsg, then its timeout
void decode_recvmmsg(Call &c) {
    decode_sendmmsg(c);
    if (c.entering()) return;
    c.sep();
    print_timespec(c, c.arg(4));
}

}  // namespace wiretrace
