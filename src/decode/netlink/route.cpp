// NETLINK_ROUTE payloads: ifinfomsg (links), ifaddrmsg (addresses), rtmsg (routes), ndmsg
// (neighbours) with their attributes; other message types as {family=AF_..., data="..."}.
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <arpa/inet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>
#include <initializer_list>
#include <iterator>
#include <utility>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {

// A link-layer address: 00:11:22:33:44:55 (strace's print_mac_addr).
bool nla_hwaddr(Call &c, uint64_t addr, uint32_t len, const void *) {
    unsigned char buf[32];
    uint32_t n = std::min<uint32_t>(len, sizeof buf);
    if (!c.mem().read_exact(RemoteAddr(addr), buf, n)) {
        c.ptr(addr);
        return true;
    }
    print_hwaddr(c, buf, n);
    return true;
}

bool nla_table(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](const uint32_t &v) { c.enum_val(xlat_routing_table_ids, v, "%llu"); });
}

bool nla_cacheinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<ifa_cacheinfo>(c, addr, len, [&](const ifa_cacheinfo &v) {
        c.str("{ifa_prefered=");
        c.udec(v.ifa_prefered);
        c.str(", ifa_valid=");
        c.udec(v.ifa_valid);
        c.str(", cstamp=");
        c.udec(v.cstamp);
        c.str(", tstamp=");
        c.udec(v.tstamp);
        c.str("}");
    });
}

bool nla_ifa_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len,
                              [&](const uint32_t &v) { c.flags_of({&xlat_ifaddrflags}, v, "0", "IFA_F_???"); });
}

// The fixed part of a message: `print` shows it when all of it is there (then the
// attributes follow), else "{family=..., ...}".
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

// A decoder table indexed by attribute type, filled by name.
template <size_t N>
struct Decoders {
    NlaDecoder at[N] = {};
    Decoders(std::initializer_list<std::pair<unsigned, NlaDecoder>> rows) {
        for (auto &r : rows)
            if (r.first < N) at[r.first] = r.second;
    }
};

void link(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<IFLA_MAX + 1> d({
        {IFLA_ADDRESS, nla_hwaddr},
        {IFLA_BROADCAST, nla_hwaddr},
        {IFLA_IFNAME, nla_str},
        {IFLA_MTU, nla_u32},
        {IFLA_LINK, nla_u32},
        {IFLA_QDISC, nla_str},
        {IFLA_MASTER, nla_u32},
        {IFLA_TXQLEN, nla_u32},
        {IFLA_WEIGHT, nla_u32},
        {IFLA_OPERSTATE, nla_u8},
        {IFLA_LINKMODE, nla_u8},
        {IFLA_NET_NS_PID, nla_u32},
        {IFLA_IFALIAS, nla_str},
        {IFLA_NUM_VF, nla_u32},
        {IFLA_GROUP, nla_u32},
        {IFLA_PROMISCUITY, nla_u32},
        {IFLA_NUM_TX_QUEUES, nla_u32},
        {IFLA_NUM_RX_QUEUES, nla_u32},
        {IFLA_CARRIER, nla_u8},
        {IFLA_CARRIER_CHANGES, nla_u32},
        {IFLA_LINK_NETNSID, nla_s32},
        {IFLA_PHYS_PORT_NAME, nla_str},
        {IFLA_PROTO_DOWN, nla_u8},
        {IFLA_GSO_MAX_SEGS, nla_u32},
        {IFLA_GSO_MAX_SIZE, nla_u32},
        {IFLA_NEW_NETNSID, nla_s32},
        {IFLA_IF_NETNSID, nla_s32},
        {IFLA_CARRIER_UP_COUNT, nla_u32},
        {IFLA_CARRIER_DOWN_COUNT, nla_u32},
        {IFLA_NEW_IFINDEX, nla_ifindex},
        {IFLA_MIN_MTU, nla_u32},
        {IFLA_MAX_MTU, nla_u32},
        {IFLA_ALT_IFNAME, nla_str},
        {IFLA_PERM_ADDRESS, nla_hwaddr},
        {IFLA_PARENT_DEV_NAME, nla_str},
        {IFLA_PARENT_DEV_BUS_NAME, nla_str},
        {IFLA_GRO_MAX_SIZE, nla_u32},
        {IFLA_TSO_MAX_SIZE, nla_u32},
        {IFLA_TSO_MAX_SEGS, nla_u32},
        {IFLA_ALLMULTI, nla_u32},
    });
    const NlaDecoder *decoders = d.at;
    fixed_then_attrs<ifinfomsg>(
        c, addr, len, "ifi_family",
        [&](const ifinfomsg &m) {
            c.str("ifi_type=");
            c.enum_val(xlat_arp_hardware_types, m.ifi_type, "%#llx /* ARPHRD_??? */");
            c.str(", ifi_index=");
            print_ifindex(c, static_cast<unsigned>(m.ifi_index));
            c.str(", ifi_flags=");
            c.flags_of({&xlat_iffflags}, m.ifi_flags, "0", "IFF_???");
            c.str(", ifi_change=");
            c.hex(m.ifi_change);
        },
        xlat_rtnl_link_attrs, "%#llx /* IFLA_??? */", decoders, IFLA_MAX + 1);
}

void address(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder decoders[] = {nullptr,       nla_inet_addr, nla_inet_addr, nla_str,
                                          nla_inet_addr, nla_inet_addr, nla_cacheinfo, nla_inet_addr,
                                          nla_ifa_flags, nla_u32,       nla_s32};
    fixed_then_attrs<ifaddrmsg>(
        c, addr, len, "ifa_family",
        [&](const ifaddrmsg &m) {
            c.str("ifa_prefixlen=");
            c.udec(m.ifa_prefixlen);
            c.str(", ifa_flags=");
            c.flags_of({&xlat_ifaddrflags}, m.ifa_flags, "0", "IFA_F_???");
            c.str(", ifa_scope=");
            c.enum_val(xlat_routing_scopes, m.ifa_scope, "%llu");
            c.str(", ifa_index=");
            print_ifindex(c, m.ifa_index);
        },
        xlat_rtnl_addr_attrs, "%#llx /* IFA_??? */", decoders, std::size(decoders));
}

void route(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder decoders[] = {
        nullptr, nla_inet_addr, nla_inet_addr, nla_ifindex,   nla_ifindex, nla_inet_addr, nla_u32, nla_inet_addr,
        nullptr, nullptr,       nla_u32,       nla_u32,       nullptr,     nullptr,       nla_u32, nla_table,
        nla_u32, nullptr,       nullptr,       nla_inet_addr, nla_u8,      nla_u16,       nullptr, nla_u64,
        nullptr, nla_u32,       nla_u8,        nla_u8,        nla_u16,     nla_u16};
    fixed_then_attrs<rtmsg>(
        c, addr, len, "rtm_family",
        [&](const rtmsg &m) {
            c.str("rtm_dst_len=");
            c.udec(m.rtm_dst_len);
            c.str(", rtm_src_len=");
            c.udec(m.rtm_src_len);
            c.str(", rtm_tos=");
            c.flags_of({&xlat_ip_tos_flags}, m.rtm_tos, "0", "IPTOS_TOS_???");
            c.str(", rtm_table=");
            c.enum_val(xlat_routing_table_ids, m.rtm_table, "%llu");
            c.str(", rtm_protocol=");
            c.enum_val(xlat_routing_protocols, m.rtm_protocol, "%#llx /* RTPROT_??? */");
            c.str(", rtm_scope=");
            c.enum_val(xlat_routing_scopes, m.rtm_scope, "%llu");
            c.str(", rtm_type=");
            c.enum_val(xlat_routing_types, m.rtm_type, "%#llx /* RTN_??? */");
            c.str(", rtm_flags=");
            c.flags_of({&xlat_ip_route_flags}, m.rtm_flags, "0", "RTM_F_???");
        },
        xlat_rtnl_route_attrs, "%#llx /* RTA_??? */", decoders, std::size(decoders));
}

bool nla_be16(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint16_t>(c, addr, len, [&](const uint16_t &v) {
        c.str("htons(");
        c.udec(ntohs(v));
        c.str(")");
    });
}

bool nla_nda_cacheinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<nda_cacheinfo>(c, addr, len, [&](const nda_cacheinfo &v) {
        c.str("{ndm_confirmed=");
        c.udec(v.ndm_confirmed);
        c.str(", ndm_used=");
        c.udec(v.ndm_used);
        c.str(", ndm_updated=");
        c.udec(v.ndm_updated);
        c.str(", ndm_refcnt=");
        c.udec(v.ndm_refcnt);
        c.str("}");
    });
}

void neighbour(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<NDA_MAX + 1> d({
        {NDA_DST, nla_inet_addr},
        {NDA_LLADDR, nla_hwaddr},
        {NDA_CACHEINFO, nla_nda_cacheinfo},
        {NDA_PROBES, nla_u32},
        {NDA_VLAN, nla_u16},
        {NDA_PORT, nla_be16},
        {NDA_VNI, nla_u32},
        {NDA_IFINDEX, nla_ifindex},
        {NDA_MASTER, nla_ifindex},
        {NDA_LINK_NETNSID, nla_u32},
        {NDA_SRC_VNI, nla_u32},
        {NDA_NH_ID, nla_u32},
    });
    const NlaDecoder *decoders = d.at;
    fixed_then_attrs<ndmsg>(
        c, addr, len, "ndm_family",
        [&](const ndmsg &m) {
            c.str("ndm_ifindex=");
            print_ifindex(c, static_cast<unsigned>(m.ndm_ifindex));
            c.str(", ndm_state=");
            c.flags_of({&xlat_neighbor_cache_entry_states}, m.ndm_state, "NUD_NONE", "NUD_???");
            c.str(", ndm_flags=");
            c.flags_of({&xlat_neighbor_cache_entry_flags}, m.ndm_flags, "0", "NTF_???");
            c.str(", ndm_type=");
            c.enum_val(xlat_routing_types, m.ndm_type, "%#llx /* RTN_??? */");
        },
        xlat_rtnl_neigh_attrs, "%#llx /* NDA_??? */", decoders, NDA_MAX + 1);
}

// A message type without a decoder here: its family, then its bytes.
void family_and_data(Call &c, uint64_t addr, uint32_t len) {
    uint8_t family;
    if (!c.mem().read_obj(RemoteAddr(addr), family)) return c.ptr(addr);
    c.str("{family=");
    c.enum_val(xlat_address_families, family, "%#llx /* AF_??? */");
    if (len > 1) {
        c.str(", data=");
        c.hex_buffer(addr + 1, len - 1);
    }
    c.str("}");
}
}  // namespace

bool decode_netlink_route(Call &c, uint16_t type, uint64_t addr, uint32_t len) {
    uint8_t family;
    if (!c.mem().read_obj(RemoteAddr(addr), family)) {
        c.ptr(addr);
        return true;
    }
    switch (type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
        case RTM_GETLINK:
        case RTM_SETLINK:
            link(c, addr, len);
            break;
        case RTM_NEWADDR:
        case RTM_DELADDR:
        case RTM_GETADDR:
        case RTM_GETMULTICAST:
        case RTM_GETANYCAST:
            address(c, addr, len);
            break;
        case RTM_NEWROUTE:
        case RTM_DELROUTE:
        case RTM_GETROUTE:
            route(c, addr, len);
            break;
        case RTM_NEWNEIGH:
        case RTM_DELNEIGH:
        case RTM_GETNEIGH:
            neighbour(c, addr, len);
            break;
        default:
            family_and_data(c, addr, len);
            break;
    }
    return true;
}

}  // namespace wiretrace
