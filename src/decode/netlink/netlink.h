// Netlink messages as strace 6.1 prints them: the walk over a buffer of messages, each
// nlmsghdr with its type and flags named after the socket's protocol, error acknowledgements
// with the request they quote, and the per-protocol payload decoders (NETLINK_ROUTE here);
// nested attributes through one walker with per-type decoders.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include "decode/decoder.h"
#include "decoders.h"

struct nlmsghdr;

namespace wiretrace {

// The messages in len bytes at addr, sent or received on a socket of netlink `protocol`
// (NETLINK_ROUTE...; -1 unknown).
void decode_netlink(Call &c, int protocol, uint64_t addr, uint64_t len);

// A socket buffer (sendto, recvfrom): netlink messages when fd is a netlink socket, else
// the bytes.
void print_sockbuf(Call &c, int fd, uint64_t addr, uint64_t len);

// An attribute's payload decoder: prints `len` bytes at addr; false to have them shown as
// hex. `opaque` is what the table's user passes (the message's family...).
using NlaDecoder = bool (*)(Call &c, uint64_t addr, uint32_t len, const void *opaque);

// [{nla_len=8, nla_type=IFA_LOCAL}, inet_addr("127.0.0.1")], ... for the attributes in len
// bytes at addr; types named from `types` (unknown: `dflt`), payloads by decoders[type].
void decode_nlattrs(Call &c, uint64_t addr, uint32_t len, const Xlat &types, const char *dflt,
                    const NlaDecoder *decoders, size_t ndecoders, const void *opaque);

// An attribute holding a T: false (shown in hex) when it is shorter than a T, the address when
// it cannot be read, else print(value).
template <typename T, typename P>
bool nla_read(Call &c, uint64_t addr, uint32_t len, P print) {
    T v;
    if (len < sizeof v) return false;
    if (!c.mem().read_obj(RemoteAddr(addr), v))
        c.ptr(addr);
    else
        print(v);
    return true;
}

// A named value of sizeof(T) bytes in a payload of sizeof(T)..8 bytes (strace's decode_nla_xval):
// false (hex) for other lengths.
template <typename T>
bool nla_xval(Call &c, uint64_t addr, uint32_t len, const Xlat &x, const char *dflt) {
    if (len > 8) return false;
    return nla_read<T>(c, addr, len, [&](T v) { c.enum_val(x, v, dflt); });
}
// An array of T whose elements are named by index (strace's print_array_ex with
// PAF_PRINT_INDICES): [[NAME0]=v, [NAME1]=v, [7 /* X_??? */]=v]; false (hex) when shorter than
// one T.
template <typename T>
bool indexed_array(Call &c, uint64_t addr, uint32_t len, const Xlat &names, const char *unknown) {
    size_t n = len / sizeof(T);
    if (!n) return false;
    unsigned i = 0;
    c.array<T>(addr, n, [&](T v) {
        c.str("[");
        c.enum_dec(names, i++, unknown);
        c.str("]=");
        if constexpr (std::is_signed_v<T>)
            c.dec(v);
        else
            c.udec(v);
        return true;
    });
    return true;
}

// The structure a message's payload starts with, as strace prints it: "{family_field=AF_...,
// " then print() when the whole structure is there (read into m), "..." when the payload is
// shorter. True when it was whole (its attributes may follow, aligned to 4).
template <typename T, typename P>
bool print_fixed_part(Call &c, uint64_t addr, uint32_t len, const char *family_field, T &m, P print) {
    uint8_t family = 0;
    c.mem().read_obj(RemoteAddr(addr), family);
    c.str("{");
    c.str(family_field);
    c.str("=");
    c.enum_val(xlat_address_families, family, "%#llx /* AF_??? */");
    c.str(", ");
    bool whole = false;
    if (len < sizeof m) {
        c.str("...");
    } else if (!c.mem().read_obj(RemoteAddr(addr), m)) {
        c.ptr(addr + 1);
    } else {
        print();
        whole = true;
    }
    c.str("}");
    return whole;
}

// Common attribute decoders.
bool nla_str(Call &c, uint64_t addr, uint32_t len, const void *);   // "lo" (trailing NUL dropped)
bool nla_strn(Call &c, uint64_t addr, uint32_t len, const void *);  // the bytes, -s applied
bool nla_u8(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_u16(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_u32(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_u64(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_s32(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_x32(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_xint(Call &c, uint64_t addr, uint32_t len, const void *);  // 1, 2, 4 or 8 bytes in hex
bool nla_ifindex(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_fd(Call &c, uint64_t addr, uint32_t len, const void *);
// A clock_t in ticks, with its seconds in a comment (strace's print_clock_t): "250 /* 2.50 s */".
bool nla_clock_t(Call &c, uint64_t addr, uint32_t len, const void *);
// Flags of `size` bytes (strace's decode_nla_flags: a payload of size..8 bytes, the first `size`
// of which count); false (hex) for other lengths.
bool nla_flags(Call &c, uint64_t addr, uint32_t len, size_t size, const Xlat &x, const char *zero,
               const char *unknown);  // a descriptor (-y: its path)
// A NUL-terminated string of at most len bytes (strace's printstr_ex with QUOTE_0_TERMINATED):
// up to its NUL, "..." when none comes within -s.
bool nla_strz(Call &c, uint64_t addr, uint32_t len);
// An address of the family `opaque` points to (uint8_t), or its bytes.
bool nla_inet_addr(Call &c, uint64_t addr, uint32_t len, const void *family);
// An IPv4/IPv6 address as strace prints it (inet_addr("..."), inet_pton(AF_INET6, "...")); the
// bytes in hex when len does not fit the family.
void print_inet_addr_at(Call &c, uint64_t addr, uint32_t len, int family, const char *name = nullptr);

// A link-layer address attribute: 00:11:22:33:44:55 (strace's print_mac_addr).
bool nla_hwaddr(Call &c, uint64_t addr, uint32_t len, const void *);

// The fixed part of a message: `print` shows it when all of it is there (then the attributes
// follow, decoded with the message as their opaque data), else "{family=..., ...}".
template <typename T, typename P>
void fixed_then_attrs(Call &c, uint64_t addr, uint32_t len, const char *family_field, P print, const Xlat &attrs,
                      const char *dflt, const NlaDecoder *decoders, size_t ndecoders) {
    T m{};
    uint32_t off = (sizeof m + 3) & ~3u;
    if (print_fixed_part(c, addr, len, family_field, m, [&] { print(m); }) && len > off) {
        c.str(", ");
        decode_nlattrs(c, addr + off, len - off, attrs, dflt, decoders, ndecoders, &m);
    }
}

// Messages whose fixed part is the family alone (rtgenmsg, netconfmsg, tcamsg, ndtmsg):
// "{rtgen_family=AF_...}" then the attributes, 4 bytes in, with the family as their opaque data.
void family_then_attrs(Call &c, uint64_t addr, uint32_t len, const char *field, const Xlat &attrs, const char *dflt,
                       const NlaDecoder *decoders, size_t ndecoders);

// A decoder table indexed by attribute type, filled by name.
template <size_t N>
struct Decoders {
    NlaDecoder at[N] = {};
    Decoders(std::initializer_list<std::pair<unsigned, NlaDecoder>> rows) {
        for (auto &r : rows)
            if (r.first < N) at[r.first] = r.second;
    }
};

// A NETLINK_GENERIC message type's family name ("nlctrl", "nl80211"), asked of the kernel
// once; nullptr when it has none.
const char *genl_family_name(uint16_t id);

// Route attribute payloads other families share: struct rtnl_link_stats64 (in the sizes strace
// knows) and lightweight tunnel encapsulation types.
bool nla_link_stats64(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_encap_type(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_table(Call &c, uint64_t addr, uint32_t len, const void *);  // a routing table: RT_TABLE_MAIN, 1000

// NETLINK_ROUTE's other families (route_other.cpp).
void decode_route_stats(Call &c, uint64_t addr, uint32_t len);
void decode_route_nexthop(Call &c, uint64_t addr, uint32_t len);
void decode_route_rule(Call &c, uint64_t addr, uint32_t len);
void decode_route_tc(Call &c, uint64_t addr, uint32_t len);
void decode_route_tc_action(Call &c, uint64_t addr, uint32_t len);
void decode_route_neightbl(Call &c, uint64_t addr, uint32_t len);
void decode_route_cachereport(Call &c, uint64_t addr, uint32_t len);

// Link attributes shared by route_link.cpp and route_linkinfo.cpp: a u16 in hex, a bridge id,
// a bridge port's attributes, and IFLA_LINKINFO (with its kind-specific data).
bool nla_x16(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_bridge_id(Call &c, uint64_t addr, uint32_t len, const void *);
bool nla_brport(Call &c, uint64_t addr, uint32_t len, const void *msg);
bool nla_linkinfo(Call &c, uint64_t addr, uint32_t len, const void *);

// NETLINK_ROUTE links (ifinfomsg and the IFLA_* attributes, nested ones included).
void decode_route_link(Call &c, uint64_t addr, uint32_t len);

// NETLINK_ROUTE: the payload of message type `type` (false: shown as hex).
bool decode_netlink_route(Call &c, uint16_t type, uint64_t addr, uint32_t len);
// NETLINK_NETFILTER (netfilter.cpp): a message type's name, the flags its requests may carry,
// and the payload (false: shown as hex).
void print_netfilter_type(Call &c, uint16_t type);
const Xlat *netfilter_type_flags(uint16_t type);
bool decode_netlink_netfilter(Call &c, const nlmsghdr &h, uint64_t addr, uint32_t len);
// NETLINK_SOCK_DIAG's families: AF_INET/AF_INET6 and AF_SMC (inet_diag.cpp), a socket cookie,
// and the SK_MEMINFO_* array several families reply with.
void decode_inet_diag(Call &c, uint16_t type, uint64_t addr, uint32_t len, bool request);
void decode_smc_diag(Call &c, uint64_t addr, uint32_t len, bool request);
void print_diag_cookie(Call &c, const uint32_t (&v)[2]);
bool nla_sk_meminfo(Call &c, uint64_t addr, uint32_t len, const void *);
// NETLINK_SOCK_DIAG: requests and replies (false: shown as hex).
bool decode_netlink_sock_diag(Call &c, const nlmsghdr &h, uint64_t addr, uint32_t len);

}  // namespace wiretrace
