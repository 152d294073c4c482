// getsockopt/setsockopt: the level and the option's name from the level's table, and the value
// decoded as strace decodes it: int-like options as [N], struct linger, struct ucred, SO_ERROR
// as an errno name, multicast requests, packet rings and memberships, ICMP_FILTER's bit set,
// netlink's membership list; other values as their bytes. A structure the kernel filled only
// in part shows its whole fields, then the cut one as hex bytes.
#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstring>

#include "decode/decoder.h"
#include "decoders.h"

#ifndef ICMP_FILTER
#define ICMP_FILTER 1  // linux/icmp.h (which clashes with net/if.h)
#endif
#ifndef SO_TXREHASH
#define SO_TXREHASH 74
#endif
#ifndef SO_RCVMARK
#define SO_RCVMARK 75
#endif
#ifndef SO_RESERVE_MEM
#define SO_RESERVE_MEM 73
#endif
#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif
#ifndef NETLINK_LIST_MEMBERSHIPS
#define NETLINK_LIST_MEMBERSHIPS 9
#endif

namespace wiretrace {

void print_ucred(Call &c, int pid, unsigned uid, unsigned gid) {
    c.str("{pid=");
    c.pid(pid);
    c.str(", uid=");
    c.udec(uid);
    c.str(", gid=");
    c.udec(gid);
    c.str("}");
}

// An interface index as strace shows it: if_nametoindex("lo") when it names one here.
void print_ifindex(Call &c, unsigned idx) {
    char name[IF_NAMESIZE] = {};
    int style = c.options().xlat_style;
    if (!idx || !if_indextoname(idx, name)) return c.udec(idx);
    // -X raw: the number; -X verbose: the number and the name in a comment
    if (style != kXlatAbbrev) c.udec(idx);
    if (style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    c.str("if_nametoindex(");
    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(name), strlen(name), false,
                c.options().strings_in_hex);
    c.str(")");
    if (style == kXlatVerbose) c.str(" */");
}

namespace {
constexpr unsigned kSolPacket = 263, kSolRaw = 255, kSolUdp = 17, kSolXdp = 283, kSolAlg = 279, kSolTls = 282,
                   kAfVsock = 40;

void print_level_name(Call &c, bool get) {
    unsigned level = static_cast<unsigned>(c.arg(1)), name = static_cast<unsigned>(c.arg(2));
    c.enum_val(xlat_socket_levels, level, "%#llx /* SOL_?? */");
    c.sep();
    const Xlat *x = nullptr;
    const char *unknown = "%llu";
    switch (level) {
        case SOL_SOCKET:
            x = name == 26 ? (get ? &xlat_sockopts_socket_get : &xlat_sockopts_socket_set) : &xlat_sockopts_socket;
            unknown = "%#llx /* SO_??? */";
            break;
        case IPPROTO_IP:
            x = name >= 64 && name < 2048 ? (get ? &xlat_sockopts_ip_get : &xlat_sockopts_ip_set) : &xlat_sockopts_ip;
            unknown = "%#llx /* IP_??? */";
            break;
        case IPPROTO_IPV6:
            x = &xlat_sockopts_ipv6;
            unknown = "%#llx /* IPV6_??? */";
            break;
        case IPPROTO_TCP:
            x = &xlat_sockopts_tcp;
            unknown = "%#llx /* TCP_??? */";
            break;
        case kSolUdp:
            x = &xlat_sockopts_udp;
            unknown = "%#llx /* UDP_??? */";
            break;
        case kSolPacket:
            x = &xlat_sockopts_packet;
            unknown = "%#llx /* PACKET_??? */";
            break;
        case kSolRaw:
            x = &xlat_sockopts_raw;
            unknown = "%#llx /* RAW_??? */";
            break;
        case SOL_NETLINK:
            x = &xlat_sockopts_netlink;
            unknown = "%#llx /* NETLINK_??? */";
            break;
        case kSolXdp:
            x = &xlat_sockopts_xdp;
            unknown = "%#llx /* XDP_??? */";
            break;
        case kSolAlg:
            x = &xlat_sockopts_alg;
            unknown = "%#llx /* ALG_??? */";
            break;
        case kSolTls:
            x = &xlat_sockopts_tls;
            unknown = "%#llx /* TLS_??? */";
            break;
        case kAfVsock:
            x = &xlat_sockopts_vsock;
            unknown = "%#llx /* SO_VM_??? */";
            break;
        default:
            break;
    }
    if (x)
        c.enum_val(*x, name, unknown);
    else
        c.udec(name);
}

// The SOL_SOCKET options whose value is an int.
bool int_like(unsigned name) {
    switch (name) {
        case SO_DEBUG:
        case SO_REUSEADDR:
        case SO_DONTROUTE:
        case SO_BROADCAST:
        case SO_SNDBUF:
        case SO_RCVBUF:
        case SO_KEEPALIVE:
        case SO_OOBINLINE:
        case SO_NO_CHECK:
        case SO_PRIORITY:
        case SO_BSDCOMPAT:
        case SO_REUSEPORT:
        case SO_PASSCRED:
        case SO_RCVLOWAT:
        case SO_SNDLOWAT:
        case SO_DETACH_FILTER:
        case 29:  // SO_TIMESTAMP_OLD
        case SO_ACCEPTCONN:
        case SO_SNDBUFFORCE:
        case SO_RCVBUFFORCE:
        case SO_PASSSEC:
        case 35:  // SO_TIMESTAMPNS_OLD
        case SO_MARK:
        case 37:  // SO_TIMESTAMPING_OLD
        case SO_RXQ_OVFL:
        case SO_WIFI_STATUS:
        case SO_PEEK_OFF:
        case SO_NOFCS:
        case SO_LOCK_FILTER:
        case SO_SELECT_ERR_QUEUE:
        case SO_BUSY_POLL:
        case SO_INCOMING_CPU:
        case SO_CNX_ADVICE:
        case SO_INCOMING_NAPI_ID:
        case SO_ZEROCOPY:
        case 63:  // SO_TIMESTAMP_NEW
        case 64:  // SO_TIMESTAMPNS_NEW
        case 65:  // SO_TIMESTAMPING_NEW
        case 68:  // SO_DETACH_REUSEPORT_BPF
        case 69:  // SO_PREFER_BUSY_POLL
        case 70:  // SO_BUSY_POLL_BUDGET
        case SO_RESERVE_MEM:
        case SO_RCVMARK:
            return true;
        default:
            return false;
    }
}

// A structure of which only `len` bytes are there: each field that fits whole is printed by
// `print`, a field cut short shows its bytes in hex, and nothing follows it.
class PartialStruct {
public:
    PartialStruct(Call &c, const unsigned char *obj, size_t len) : c_(c), obj_(obj), len_(len) { c_.str("{"); }
    ~PartialStruct() { c_.str("}"); }
    template <typename F>
    void field(const char *name, size_t off, size_t size, F print) {
        if (done_ || len_ <= off) {
            done_ = true;
            return;
        }
        if (off) c_.str(", ");
        c_.str(name);
        c_.str("=");
        if (len_ < off + size) {
            Call::quote(c_.out(), obj_ + off, len_ - off, false, kHexAll);
            done_ = true;
            return;
        }
        print();
    }

private:
    Call &c_;
    const unsigned char *obj_;
    size_t len_;
    bool done_ = false;
};

// Reads min(len, sizeof(T)) bytes of a T; false (the address printed) when they cannot be read.
template <typename T>
bool read_part(Call &c, uint64_t addr, size_t &len, T &out) {
    std::memset(&out, 0, sizeof out);
    len = std::min(len, sizeof out);
    if (!addr || !c.mem().read_exact(RemoteAddr(addr), &out, len)) {
        c.ptr(addr);
        return false;
    }
    return true;
}

void get_linger(Call &c, uint64_t addr, size_t len) {
    linger l;
    if (!read_part(c, addr, len, l)) return;
    PartialStruct s(c, reinterpret_cast<const unsigned char *>(&l), len);
    s.field("l_onoff", offsetof(linger, l_onoff), 4, [&] { c.dec(l.l_onoff); });
    s.field("l_linger", offsetof(linger, l_linger), 4, [&] { c.dec(l.l_linger); });
}

void get_ucred(Call &c, uint64_t addr, size_t len) {
    ucred u;
    if (!read_part(c, addr, len, u)) return;
    PartialStruct s(c, reinterpret_cast<const unsigned char *>(&u), len);
    s.field("pid", offsetof(ucred, pid), 4, [&] { c.pid(u.pid); });
    auto id = [&](unsigned v) {
        if (v == ~0u)
            c.dec(-1);
        else
            c.udec(v);
    };
    s.field("uid", offsetof(ucred, uid), 4, [&] { id(u.uid); });
    s.field("gid", offsetof(ucred, gid), 4, [&] { id(u.gid); });
}

void get_tpacket_stats(Call &c, uint64_t addr, size_t len) {
    struct {
        unsigned packets, drops, freeze_q_cnt;
    } st;
    if (!read_part(c, addr, len, st)) return;
    PartialStruct s(c, reinterpret_cast<const unsigned char *>(&st), len);
    s.field("tp_packets", 0, 4, [&] { c.udec(st.packets); });
    s.field("tp_drops", 4, 4, [&] { c.udec(st.drops); });
    s.field("tp_freeze_q_cnt", 8, 4, [&] { c.udec(st.freeze_q_cnt); });
}

// The bytes at addr, every one as \xNN (strace's forced hex), or the address.
void hex_bytes(Call &c, uint64_t addr, size_t len) {
    unsigned char buf[64];
    len = std::min(len, sizeof buf);
    if (!addr || !c.mem().read_exact(RemoteAddr(addr), buf, len)) {
        c.ptr(addr);
        return;
    }
    Call::quote(c.out(), buf, len, false, kHexAll);
}

void get_error(Call &c, uint64_t addr, size_t len) {
    if (len < 4) return hex_bytes(c, addr, len);
    unsigned err;
    if (!addr || !c.mem().read_obj(RemoteAddr(addr), err)) return c.ptr(addr);
    c.str("[");
    print_err(c, err, false);
    c.str("]");
}

void txrehash(Call &c, uint64_t addr, int len, bool entering) {
    if (len < 4) {
        if (entering)
            c.ptr(addr);
        else
            hex_bytes(c, addr, static_cast<size_t>(std::max(len, 0)));
        return;
    }
    int v;
    if (!addr || !c.mem().read_obj(RemoteAddr(addr), v)) return c.ptr(addr);
    c.str("[");
    c.enum_dec(xlat_txrehash_vals, v, "SOCK_TXREHASH_???");
    c.str("]");
}

// ICMP_FILTER: the ICMP types in the set, or "~[...]" for those not in it when most are.
void icmp_filter(Call &c, uint64_t addr, int len) {
    if (len <= 0) return c.ptr(addr);
    uint32_t data = ~0u;
    size_t n = std::min<size_t>(static_cast<size_t>(len), 4);
    if (!addr || !c.mem().read_exact(RemoteAddr(addr), &data, n)) return c.ptr(addr);
    if (__builtin_popcount(data) > 16) {
        data = ~data;
        c.str("~");
    }
    c.str("[");
    bool first = true;
    for (unsigned i = 0; i < 32; i++) {
        if (!(data & (1u << i))) continue;
        if (!first) c.str(" ");
        first = false;
        c.enum_val(xlat_icmp_types_filter, i, "%llu /* ICMP_??? */");
    }
    c.str("]");
}

void inet_field(Call &c, const void *a) {
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, a, buf, sizeof buf);
    c.str("inet_addr(\"");
    c.str(buf);
    c.str("\")");
}

void set_mreq(Call &c, uint64_t addr, int len) {
    ip_mreq m;
    if (len < static_cast<int>(sizeof m) || !c.mem().read_obj(RemoteAddr(addr), m)) return c.ptr(addr);
    c.str("{imr_multiaddr=");
    inet_field(c, &m.imr_multiaddr);
    c.str(", imr_interface=");
    inet_field(c, &m.imr_interface);
    c.str("}");
}

void set_mreq6(Call &c, uint64_t addr, int len) {
    ipv6_mreq m;
    if (len < static_cast<int>(sizeof m) || !c.mem().read_obj(RemoteAddr(addr), m)) return c.ptr(addr);
    // (strace's form for an IPv6 field: the call that would fill it)
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &m.ipv6mr_multiaddr, buf, sizeof buf);
    c.str("{inet_pton(AF_INET6, \"");
    c.str(buf);
    c.str("\", &ipv6mr_multiaddr), ipv6mr_interface=");
    print_ifindex(c, m.ipv6mr_interface);
    c.str("}");
}

void set_group_req(Call &c, uint64_t addr, int len) {
    group_req g;
    if (len < static_cast<int>(sizeof g) || !c.mem().read_obj(RemoteAddr(addr), g)) return c.ptr(addr);
    c.str("{gr_interface=");
    print_ifindex(c, g.gr_interface);
    c.str(", gr_group=");
    print_sockaddr(c, addr + offsetof(group_req, gr_group), sizeof g.gr_group);
    c.str("}");
}

void set_tpacket_req(Call &c, uint64_t addr, int len) {
    tpacket_req r;
    if (len != static_cast<int>(sizeof r) || !c.mem().read_obj(RemoteAddr(addr), r)) return c.ptr(addr);
    c.str("{tp_block_size=");
    c.udec(r.tp_block_size);
    c.str(", tp_block_nr=");
    c.udec(r.tp_block_nr);
    c.str(", tp_frame_size=");
    c.udec(r.tp_frame_size);
    c.str(", tp_frame_nr=");
    c.udec(r.tp_frame_nr);
    c.str("}");
}

void set_packet_mreq(Call &c, uint64_t addr, int len) {
    packet_mreq m;
    if (len != static_cast<int>(sizeof m) || !c.mem().read_obj(RemoteAddr(addr), m)) return c.ptr(addr);
    c.str("{mr_ifindex=");
    print_ifindex(c, static_cast<unsigned>(m.mr_ifindex));
    c.str(", mr_type=");
    c.enum_val(xlat_packet_mreq_types, m.mr_type, "%#llx /* PACKET_MR_??? */");
    c.str(", mr_alen=");
    c.udec(m.mr_alen);
    c.str(", mr_address=");
    print_hwaddr(c, m.mr_address, std::min<size_t>(m.mr_alen, sizeof m.mr_address));
    c.str("}");
}

void getsockopt_value(Call &c, uint64_t addr, int ulen, int rlen) {
    unsigned level = static_cast<unsigned>(c.arg(1)), name = static_cast<unsigned>(c.arg(2));
    if (ulen <= 0 || rlen <= 0) return c.ptr(addr);  // (the kernel never returns a negative length)
    size_t len = static_cast<size_t>(rlen);
    if (addr) {
        switch (level) {
            case SOL_SOCKET:
                if (name == SO_LINGER) return get_linger(c, addr, len);
                if (name == SO_PEERCRED) return get_ucred(c, addr, len);
                if (name == SO_ERROR) return get_error(c, addr, len);
                if (name == SO_ATTACH_FILTER) {  // SO_GET_FILTER: rlen is the instruction count
                    if (static_cast<unsigned short>(rlen) != static_cast<unsigned>(rlen)) return c.ptr(addr);
                    return print_bpf_program(c, addr, static_cast<unsigned short>(rlen), true);
                }
                if (name == SO_TXREHASH) return txrehash(c, addr, rlen, false);
                if (int_like(name)) return rlen >= 4 ? print_int_at(c, addr) : hex_bytes(c, addr, len);
                break;
            case kSolPacket:
                if (name == PACKET_STATISTICS) return get_tpacket_stats(c, addr, len);
                break;
            case kSolRaw:
                if (name == ICMP_FILTER) return icmp_filter(c, addr, rlen);
                break;
            case SOL_NETLINK:
                if (name == NETLINK_LIST_MEMBERSHIPS) {
                    size_t count = static_cast<size_t>(std::min(ulen, rlen)) / 4;
                    c.str("[");
                    for (size_t i = 0; i < count; i++) {
                        uint32_t v;
                        if (i) c.str(", ");
                        if (i == c.options().max_strlen) {
                            c.str("...");
                            break;
                        }
                        if (!c.mem().read_obj(RemoteAddr(addr + 4 * i), v)) {
                            c.str("... /* ");
                            c.ptr(addr + 4 * i);
                            c.str(" */");
                            break;
                        }
                        c.udec(v);
                    }
                    c.str("]");
                    return;
                }
                return print_int_at(c, addr);
            default:
                break;
        }
    }
    if (rlen == 4)
        print_int_at(c, addr);
    else
        c.buffer(addr, len);
}

void setsockopt_value(Call &c, uint64_t addr, int len) {
    unsigned level = static_cast<unsigned>(c.arg(1)), name = static_cast<unsigned>(c.arg(2));
    if (addr) {
        switch (level) {
            case SOL_SOCKET:
                if (name == SO_LINGER) {
                    linger l;
                    if (len < static_cast<int>(sizeof l) || !c.mem().read_obj(RemoteAddr(addr), l)) return c.ptr(addr);
                    c.str("{l_onoff=");
                    c.dec(l.l_onoff);
                    c.str(", l_linger=");
                    c.dec(l.l_linger);
                    c.str("}");
                    return;
                }
                if (name == SO_ATTACH_FILTER || name == SO_ATTACH_REUSEPORT_CBPF) {
                    if (len == static_cast<int>(sizeof(sock_fprog))) return print_sock_fprog(c, addr);
                    return c.ptr(addr);
                }
                if (name == SO_TXREHASH) return txrehash(c, addr, len, true);
                if (int_like(name)) return len < 4 ? c.ptr(addr) : print_int_at(c, addr);
                break;
            case IPPROTO_IP:
                if (name == IP_ADD_MEMBERSHIP || name == IP_DROP_MEMBERSHIP) return set_mreq(c, addr, len);
                if (name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP) return set_group_req(c, addr, len);
                break;
            case IPPROTO_IPV6:
                if (name == IPV6_ADD_MEMBERSHIP || name == IPV6_DROP_MEMBERSHIP || name == IPV6_JOIN_ANYCAST ||
                    name == IPV6_LEAVE_ANYCAST)
                    return set_mreq6(c, addr, len);
                if (name == MCAST_JOIN_GROUP || name == MCAST_LEAVE_GROUP) return set_group_req(c, addr, len);
                break;
            case kSolPacket:
                if (name == PACKET_RX_RING || name == PACKET_TX_RING) return set_tpacket_req(c, addr, len);
                if (name == PACKET_ADD_MEMBERSHIP || name == PACKET_DROP_MEMBERSHIP)
                    return set_packet_mreq(c, addr, len);
                break;
            case kSolRaw:
                if (name == ICMP_FILTER) return icmp_filter(c, addr, len);
                break;
            case SOL_NETLINK:
                return len < 4 ? c.ptr(addr) : print_int_at(c, addr);
            default:
                break;
        }
    }
    if (len == 4)
        print_int_at(c, addr);
    else if (len < 0)
        c.ptr(addr);
    else
        c.buffer(addr, static_cast<uint64_t>(len));
}
}  // namespace

void decode_setsockopt(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_level_name(c, false);
    c.sep();
    int len = static_cast<int>(c.arg(4));
    setsockopt_value(c, c.arg(3), len);
    c.sep();
    c.dec(len);
}

void decode_getsockopt(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        print_level_name(c, true);
        c.sep();
        int in = 0;
        c.aux() = c.arg(4) && c.mem().read_obj(RemoteAddr(c.arg(4)), in) ? static_cast<uint32_t>(in) : ~uint64_t(0);
        if (c.aux() == ~uint64_t(0)) {
            // the length cannot be read: both pointers, decoded here
            c.ptr(c.arg(3));
            c.sep();
            c.ptr(c.arg(4));
        }
        return;
    }
    if (c.aux() == ~uint64_t(0)) return;
    int ulen = static_cast<int>(static_cast<uint32_t>(c.aux())), rlen = 0;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(c.arg(4)), rlen)) {
        c.ptr(c.arg(3));
        c.str(", [");
        c.dec(ulen);
        c.str("]");
        return;
    }
    getsockopt_value(c, c.arg(3), ulen, rlen);
    c.str(", [");
    if (ulen != rlen) {
        c.dec(ulen);
        c.str(" => ");
    }
    c.dec(rlen);
    c.str("]");
}

}  // namespace wiretrace
