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
#include "decode/netlink/netlink.h"
#include "decoders.h"

#ifndef SCM_SECURITY
#define SCM_SECURITY 3
#endif

namespace wiretrace {

namespace {
constexpr uint64_t k_unlimited = ~uint64_t(0);
constexpr size_t k_max_control = 64 * 1024;  // no more control data than this is read

}  // namespace

// [{iov_base="...", iov_len=N}, ...]; `data` is how many bytes there are to show in all.
void print_iov(Call &c, uint64_t addr, uint64_t count, uint64_t data, bool addresses, int netlink) {
    c.array<iovec>(addr, count, [&](const iovec &v) {
        uint64_t n = std::min<uint64_t>(v.iov_len, data);
        data -= n;
        c.str("{iov_base=");
        if (addresses)  // (a failed read: the buffers hold nothing to show)
            c.ptr(reinterpret_cast<uint64_t>(v.iov_base));
        else if (netlink >= -1 && netlink != kNotNetlink)
            decode_netlink(c, netlink, reinterpret_cast<uint64_t>(v.iov_base), n);
        else
            c.buffer(reinterpret_cast<uint64_t>(v.iov_base), n);
        c.str(", iov_len=");
        c.udec(v.iov_len);
        c.str("}");
        return true;
    });
}

namespace {

// A struct timeval or timespec of 64-bit fields in control data ("???" when too short).
void print_time_data(Call &c, const unsigned char *d, size_t len, const char *frac) {
    int64_t t[2];
    if (len < sizeof t) return c.str("???");
    std::memcpy(t, d, sizeof t);
    c.str("{tv_sec=");
    c.dec(t[0]);
    c.str(", ");
    c.str(frac);
    c.str("=");
    c.udec(static_cast<uint64_t>(t[1]));
    c.str("}");
}

void print_inet_addr(Call &c, in_addr a) {
    char buf[INET_ADDRSTRLEN];
    c.str("inet_addr(\"");
    c.str(inet_ntop(AF_INET, &a, buf, sizeof buf));
    c.str("\")");
}

// A control message's type and data, as strace's tables of printers by level and type (each
// with the least data it needs).
void print_cmsg_type_data(Call &c, int level, int type, const unsigned char *d, size_t len) {
    auto data = [&](size_t need) {
        if (len < need) return false;
        c.str(", cmsg_data=");
        return true;
    };
    if (level == SOL_SOCKET) {
        c.enum_val(xlat_scm_types, static_cast<unsigned>(type), "%#llx /* SCM_??? */");
        switch (type) {
            case SCM_RIGHTS:
                if (data(sizeof(int)))
                    c.local_array<int>(d, len / sizeof(int), [&](int fd) {
                        c.fd(fd);
                        return true;
                    });
                break;
            case SCM_CREDENTIALS:
                if (data(sizeof(ucred))) {
                    ucred cr;
                    std::memcpy(&cr, d, sizeof cr);
                    print_ucred(c, cr.pid, cr.uid, cr.gid);
                }
                break;
            case SCM_SECURITY:
                if (data(1)) Call::quote(c.out(), d, len, false, c.options().strings_in_hex);
                break;
            case 29:  // SO_TIMESTAMP_OLD
            case 63:  // SO_TIMESTAMP_NEW
                if (data(1)) print_time_data(c, d, len, "tv_usec");
                break;
            case 35:  // SO_TIMESTAMPNS_OLD
            case 64:  // SO_TIMESTAMPNS_NEW
                if (data(1)) print_time_data(c, d, len, "tv_nsec");
                break;
            case 37:  // SO_TIMESTAMPING_OLD
            case 65:  // SO_TIMESTAMPING_NEW
                if (data(1)) {
                    if (len < 3 * 16) {
                        c.str("???");
                        break;
                    }
                    c.str("[");
                    for (int i = 0; i < 3; i++) {
                        if (i) c.str(", ");
                        print_time_data(c, d + 16 * i, 16, "tv_nsec");
                    }
                    c.str("]");
                }
                break;
            default:
                break;
        }
        return;
    }
    if (level != IPPROTO_IP) return c.hex(static_cast<unsigned>(type));
    c.enum_val(xlat_ip_cmsg_types, static_cast<unsigned>(type), "%#llx /* IP_??? */");
    auto uints = [&] {
        if (data(sizeof(unsigned)))
            c.local_array<unsigned>(d, len / sizeof(unsigned), [&](unsigned v) {
                c.udec(v);
                return true;
            });
    };
    auto bytes = [&] {
        if (data(1))
            c.local_array<uint8_t>(d, len, [&](uint8_t v) {
                c.hex(v);
                return true;
            });
    };
    switch (type) {
        case IP_PKTINFO:
            if (data(sizeof(in_pktinfo))) {
                in_pktinfo pi;
                std::memcpy(&pi, d, sizeof pi);
                c.str("{ipi_ifindex=");
                print_ifindex(c, static_cast<unsigned>(pi.ipi_ifindex));
                c.str(", ipi_spec_dst=");
                print_inet_addr(c, pi.ipi_spec_dst);
                c.str(", ipi_addr=");
                print_inet_addr(c, pi.ipi_addr);
                c.str("}");
            }
            break;
        case IP_TTL:
        case IP_CHECKSUM:
            uints();
            break;
        case IP_TOS:
        case IP_RECVOPTS:
        case IP_RETOPTS:
            bytes();
            break;
        case IP_RECVERR: {
            struct {
                uint32_t ee_errno;
                uint8_t ee_origin, ee_type, ee_code, ee_pad;
                uint32_t ee_info, ee_data;
                sockaddr_in offender;
            } e;
            if (!data(sizeof e)) break;
            std::memcpy(&e, d, sizeof e);
            c.str("{ee_errno=");
            c.udec(e.ee_errno);
            c.str(", ee_origin=");
            c.udec(e.ee_origin);
            c.str(", ee_type=");
            c.udec(e.ee_type);
            c.str(", ee_code=");
            c.udec(e.ee_code);
            c.str(", ee_info=");
            c.udec(e.ee_info);
            c.str(", ee_data=");
            c.udec(e.ee_data);
            c.str(", offender=");
            print_sockaddr_data(c, d + offsetof(decltype(e), offender), sizeof e.offender);
            c.str("}");
            break;
        }
        case IP_ORIGDSTADDR:
            if (data(sizeof(sockaddr_in))) print_sockaddr_data(c, d, std::min(len, sizeof(sockaddr_storage)));
            break;
        case SCM_SECURITY:
            if (data(1)) Call::quote(c.out(), d, len, false, c.options().strings_in_hex);
            break;
        default:
            break;
    }
}

// The kernel reads at most net.core.optmem_max bytes of control data (rounded up to 8).
size_t optmem_max() {
    static size_t max = 0;
    if (!max) {
        max = 8 * (2 * 1024 + 512);
        if (FILE *f = std::fopen("/proc/sys/net/core/optmem_max", "re")) {
            long v = 0;
            if (std::fscanf(f, "%ld", &v) == 1 && v > 0) max = (static_cast<size_t>(v) + 7) & ~size_t{7};
            std::fclose(f);
        }
    }
    return max;
}

// [{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 7]}, ...]
void print_control(Call &c, uint64_t addr, uint64_t in_len) {
    constexpr size_t hdr = sizeof(cmsghdr);
    size_t control_len = static_cast<size_t>(std::min<uint64_t>(in_len, optmem_max()));
    std::vector<unsigned char> buf;
    if (control_len >= hdr) buf.resize(control_len);
    if (buf.empty() || !c.mem().read_exact(RemoteAddr(addr), buf.data(), buf.size())) return c.ptr(addr);
    c.str("[");
    size_t off = 0, left = control_len;
    while (left >= hdr) {
        cmsghdr h;
        std::memcpy(&h, buf.data() + off, hdr);
        if (off) c.str(", ");
        c.str("{cmsg_len=");
        c.udec(h.cmsg_len);
        c.str(", cmsg_level=");
        c.enum_val(xlat_socket_levels, static_cast<unsigned>(h.cmsg_level), "%#llx /* SOL_??? */");
        c.str(", cmsg_type=");
        uint64_t len = std::min<uint64_t>(h.cmsg_len, left);
        print_cmsg_type_data(c, h.cmsg_level, h.cmsg_type, buf.data() + off + hdr, len > hdr ? len - hdr : 0);
        c.str("}");
        if (len < hdr) {
            left -= hdr;
            break;
        }
        // (rounded up to the word; a length past what is left ends the list, and never wraps)
        uint64_t step = (static_cast<uint64_t>(h.cmsg_len) + 7) & ~uint64_t{7};
        if (h.cmsg_len > ~uint64_t{0} - 7 || step >= left) {
            left = 0;
            break;
        }
        off += step;
        left -= step;
    }
    if (left) {
        c.str(", ... /* ");
        c.ptr(addr + (control_len - left));
        c.str(" */");
    } else if (control_len < in_len) {
        c.str(", ...");
    }
    c.str("]");
}

// The msghdr at `addr`; `data` bytes of its iovecs are shown. `user_namelen`: recvmsg's
// msg_namelen at entry (shown as "110 => 16" when the call changed it), or -1.
void print_msghdr(Call &c, uint64_t addr, uint64_t data, int64_t user_namelen = -1) {
    if (c.by_address(addr)) return;
    msghdr m;
    if (!addr || !c.mem().read_obj(RemoteAddr(addr), m)) return c.ptr(addr);
    int namelen = static_cast<int>(m.msg_namelen);
    if (user_namelen >= 0 && namelen > user_namelen) namelen = static_cast<int>(user_namelen);
    c.str("{msg_name=");
    print_sockaddr(c, reinterpret_cast<uint64_t>(m.msg_name), static_cast<uint64_t>(std::max(namelen, 0)));
    // a netlink peer: the iovecs hold netlink messages (of the socket's protocol), as strace
    int netlink = kNotNetlink;
    sa_family_t family = 0;
    if (m.msg_name && namelen >= 2 && c.mem().read_obj(RemoteAddr(reinterpret_cast<uint64_t>(m.msg_name)), family) &&
        family == AF_NETLINK)
        netlink = c.options().netlink ? c.options().netlink->netlink_protocol(c.tid(), c.iarg(0)) : -1;
    c.str(", msg_namelen=");
    if (user_namelen >= 0 && user_namelen != static_cast<int>(m.msg_namelen)) {
        c.dec(user_namelen);
        c.str(" => ");
    }
    c.dec(static_cast<int>(m.msg_namelen));
    c.str(", msg_iov=");
    print_iov(c, reinterpret_cast<uint64_t>(m.msg_iov), m.msg_iovlen, data, false, netlink);
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

// [{msg_hdr={...}, msg_len=5}, ...] over `n` entries (at most 1024, IOV_MAX, as strace), the
// first `with_len` with their msg_len; receive data limited by msg_len when `use_msg_len`.
// `namelens`: recvmmsg's msg_namelen per entry at entry (fewer: no "in => out" past them).
void print_mmsg_vector(Call &c, uint64_t addr, uint64_t n, uint64_t with_len, bool use_msg_len,
                       const std::vector<int> *namelens) {
    uint64_t at = addr, i = 0;
    size_t limit = namelens ? std::min<size_t>(namelens->size(), 1024) : 1024;
    c.array<mmsghdr>(addr, n, [&](const mmsghdr &mm) {
        if (i >= limit) {
            c.str("...");
            return false;
        }
        c.str("{msg_hdr=");
        print_msghdr(c, at, use_msg_len ? mm.msg_len : ~uint64_t(0), namelens ? (*namelens)[i] : -1);
        if (i < with_len) {
            c.str(", msg_len=");
            c.udec(mm.msg_len);
        }
        c.str("}");
        at += sizeof mm;
        i++;
        return true;
    });
}

// A timespec as text, as strace keeps recvmmsg's timeout from entry: NULL, the address, or
// {tv_sec=.., tv_nsec=..}.
std::string timespec_text(Call &c, uint64_t addr) {
    std::string text;
    c.print_into(text, [&] { print_timespec(c, addr); });
    return text;
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
        msghdr m;
        // msg_namelen as the caller set it (strace shows "in => out"); the address alone when
        // the header cannot be read
        c.aux() =
            c.arg(1) && c.mem().read_obj(RemoteAddr(c.arg(1)), m) ? static_cast<uint32_t>(m.msg_namelen) : ~uint64_t(0);
        if (c.aux() == ~uint64_t(0)) c.ptr(c.arg(1));
        return;
    }
    if (c.aux() == ~uint64_t(0)) {
    } else if (c.failed()) {
        c.str("{msg_namelen=");
        c.dec(static_cast<int>(static_cast<uint32_t>(c.aux())));
        c.str("}");
    } else {
        print_msghdr(c, c.arg(1), static_cast<uint64_t>(c.ret()), static_cast<int>(static_cast<uint32_t>(c.aux())));
    }
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(2)), "0");
}

void decode_sendmmsg(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    // (the vector as sent, even when the call failed; msg_len for the messages it sent)
    uint64_t sent = c.failed() ? 0 : static_cast<uint64_t>(c.ret());
    if (!c.options().verbose)
        c.ptr(c.arg(1));  // -e verbose=: the vector's address
    else
        print_mmsg_vector(c, c.arg(1), static_cast<uint32_t>(c.arg(2)), sent, false, nullptr);
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(2)));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(3)), "0");
}

// recvmmsg: the entries received, each with the msg_namelen it had at entry; the timeout as
// it was at entry, and at exit "= N (left {...})" or "= 0 (Timeout)".
void decode_recvmmsg(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        std::string &saved = c.saved();
        saved = timespec_text(c, c.arg(4));
        saved += '\0';
        uint64_t addr = c.arg(1);
        uint32_t vlen = std::min<uint32_t>(static_cast<uint32_t>(c.arg(2)), 1024);
        for (uint32_t i = 0; i < vlen; i++) {
            mmsghdr mm;
            if (!c.mem().read_obj(RemoteAddr(addr + i * sizeof mm), mm)) break;
            int len = static_cast<int>(mm.msg_hdr.msg_namelen);
            saved.append(reinterpret_cast<const char *>(&len), sizeof len);
        }
        return;
    }
    const std::string &saved = c.saved();
    size_t cut = saved.find('\0');
    std::string timeout = saved.substr(0, cut);
    std::vector<int> namelens;
    for (size_t at = cut + 1; cut != std::string::npos && at + sizeof(int) <= saved.size(); at += sizeof(int)) {
        int v;
        std::memcpy(&v, saved.data() + at, sizeof v);
        namelens.push_back(v);
    }
    const bool verbose = c.options().verbose;  // -e verbose=: addresses only
    if (c.failed() || !verbose)
        c.ptr(c.arg(1));
    else
        print_mmsg_vector(c, c.arg(1), static_cast<uint64_t>(c.ret()), static_cast<uint64_t>(c.ret()), true, &namelens);
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(2)));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(3)), "0");
    c.sep();
    if (!verbose) return c.ptr(c.arg(4));
    c.str(timeout);
    if (c.failed()) return;
    if (c.ret() == 0) {
        c.result_text() = "0 (Timeout)";
    } else if (c.arg(4)) {
        c.result_text() = std::to_string(c.ret()) + " (left " + timespec_text(c, c.arg(4)) + ")";
    }
}

}  // namespace wiretrace
