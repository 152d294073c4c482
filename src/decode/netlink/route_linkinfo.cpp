// IFLA_LINKINFO: a link's kind and its kind-specific attributes - bridge and tun data, a bridge
// port's slave data, CAN's extended statistics. The kind comes first in the nest and decides
// how the data after it reads (strace's ifla_linkinfo_ctx); unknown kinds' data stays hex.
#include <arpa/inet.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <sys/socket.h>

#include <cstring>
#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
struct LinkinfoKinds {
    char kind[16] = "";
    char slave_kind[16] = "";
};

// Remembers a kind string: empty when it does not fit or has no NUL within its length.
void remember(Call &c, uint64_t addr, uint32_t len, char (&into)[16]) {
    std::memset(into, 0, sizeof into);
    if (len >= sizeof into) return;
    if (!c.mem().read_exact(RemoteAddr(addr), into, len) || strnlen(into, sizeof into) >= len) into[0] = 0;
}

bool nla_kind(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    remember(c, addr, len, static_cast<LinkinfoKinds *>(const_cast<void *>(ctx))->kind);
    return nla_strz(c, addr, len);
}

bool nla_slave_kind(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    remember(c, addr, len, static_cast<LinkinfoKinds *>(const_cast<void *>(ctx))->slave_kind);
    return nla_strz(c, addr, len);
}

bool nla_ether_proto(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint16_t>(c, addr, len, [&](uint16_t v) {
        c.str("htons(");
        c.enum_val(xlat_ethernet_protocols, ntohs(v), "%#llx /* ETHER_P_??? */");
        c.str(")");
    });
}

bool nla_in_addr(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < 4) return false;
    print_inet_addr_at(c, addr, 4, AF_INET);
    return true;
}

bool nla_in6_addr(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < 16) return false;
    print_inet_addr_at(c, addr, 16, AF_INET6);
    return true;
}

bool nla_br_boolopt(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<br_boolopt_multi>(c, addr, len, [&](const br_boolopt_multi &b) {
        c.str("{optval=");
        c.flags_of({&xlat_rtnl_ifla_br_boolopt_flags}, b.optval, "0", "1<<BR_BOOLOPT_???");
        c.str(", optmask=");
        c.flags_of({&xlat_rtnl_ifla_br_boolopt_flags}, b.optmask, "0", "1<<BR_BOOLOPT_???");
        c.str("}");
    });
}

bool nla_br_querier_state(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    static const NlaDecoder d[] = {nullptr, nla_in_addr,  nla_ifindex, nla_clock_t,
                                   nullptr, nla_in6_addr, nla_ifindex, nla_clock_t};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_br_mcast_querier_attrs, "%#llx /* BRIDGE_QUERIER_??? */", d,
                   std::size(d), ctx);
    return true;
}

bool nla_bridge_data(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    static const Decoders<IFLA_BR_MCAST_QUERIER_STATE + 1> d({
        {IFLA_BR_FORWARD_DELAY, nla_clock_t},
        {IFLA_BR_HELLO_TIME, nla_clock_t},
        {IFLA_BR_MAX_AGE, nla_clock_t},
        {IFLA_BR_AGEING_TIME, nla_clock_t},
        {IFLA_BR_STP_STATE, nla_u32},
        {IFLA_BR_PRIORITY, nla_u16},
        {IFLA_BR_VLAN_FILTERING, nla_u8},
        {IFLA_BR_VLAN_PROTOCOL, nla_ether_proto},
        {IFLA_BR_GROUP_FWD_MASK, nla_x16},
        {IFLA_BR_ROOT_ID, nla_bridge_id},
        {IFLA_BR_BRIDGE_ID, nla_bridge_id},
        {IFLA_BR_ROOT_PORT, nla_u16},
        {IFLA_BR_ROOT_PATH_COST, nla_u32},
        {IFLA_BR_TOPOLOGY_CHANGE, nla_u8},
        {IFLA_BR_TOPOLOGY_CHANGE_DETECTED, nla_u8},
        {IFLA_BR_HELLO_TIMER, nla_clock_t},
        {IFLA_BR_TCN_TIMER, nla_clock_t},
        {IFLA_BR_TOPOLOGY_CHANGE_TIMER, nla_clock_t},
        {IFLA_BR_GC_TIMER, nla_clock_t},
        {IFLA_BR_GROUP_ADDR, nla_hwaddr},
        {IFLA_BR_MCAST_ROUTER, nla_u8},
        {IFLA_BR_MCAST_SNOOPING, nla_u8},
        {IFLA_BR_MCAST_QUERY_USE_IFADDR, nla_u8},
        {IFLA_BR_MCAST_QUERIER, nla_u8},
        {IFLA_BR_MCAST_HASH_ELASTICITY, nla_u32},
        {IFLA_BR_MCAST_HASH_MAX, nla_u32},
        {IFLA_BR_MCAST_LAST_MEMBER_CNT, nla_u32},
        {IFLA_BR_MCAST_STARTUP_QUERY_CNT, nla_u32},
        {IFLA_BR_MCAST_LAST_MEMBER_INTVL, nla_clock_t},
        {IFLA_BR_MCAST_MEMBERSHIP_INTVL, nla_clock_t},
        {IFLA_BR_MCAST_QUERIER_INTVL, nla_clock_t},
        {IFLA_BR_MCAST_QUERY_INTVL, nla_clock_t},
        {IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, nla_clock_t},
        {IFLA_BR_MCAST_STARTUP_QUERY_INTVL, nla_clock_t},
        {IFLA_BR_NF_CALL_IPTABLES, nla_u8},
        {IFLA_BR_NF_CALL_IP6TABLES, nla_u8},
        {IFLA_BR_NF_CALL_ARPTABLES, nla_u8},
        {IFLA_BR_VLAN_DEFAULT_PVID, nla_u16},
        {IFLA_BR_VLAN_STATS_ENABLED, nla_u8},
        {IFLA_BR_MCAST_STATS_ENABLED, nla_u8},
        {IFLA_BR_MCAST_IGMP_VERSION, nla_u8},
        {IFLA_BR_MCAST_MLD_VERSION, nla_u8},
        {IFLA_BR_VLAN_STATS_PER_PORT, nla_u8},
        {IFLA_BR_MULTI_BOOLOPT, nla_br_boolopt},
        {IFLA_BR_MCAST_QUERIER_STATE, nla_br_querier_state},
    });
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_info_data_bridge_attrs, "%#llx /* IFLA_BR_??? */", d.at,
                   std::size(d.at), ctx);
    return true;
}

bool nla_tun_type(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint8_t>(c, addr, len, xlat_tun_device_types, "%#llx /* IFF_??? */");
}

bool nla_id(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](uint32_t v) { c.uid(v); });
}

bool nla_tun_data(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    static const NlaDecoder d[] = {nullptr, nla_id, nla_id, nla_tun_type, nla_u8,
                                   nla_u8,  nla_u8, nla_u8, nla_u32,      nla_u32};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_info_data_tun_attrs, "%#llx /* IFLA_TUN_??? */", d, std::size(d), ctx);
    return true;
}

bool nla_info_data(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    const char *kind = static_cast<const LinkinfoKinds *>(ctx)->kind;
    if (!std::strcmp(kind, "bridge")) return nla_bridge_data(c, addr, len, ctx);
    if (!std::strcmp(kind, "tun")) return nla_tun_data(c, addr, len, ctx);
    return false;
}

// CAN's struct can_device_stats, as strace spells it (the kernel header is not in UAPI's
// default set).
bool nla_info_xstats(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    if (std::strcmp(static_cast<const LinkinfoKinds *>(ctx)->kind, "can") != 0) return false;
    struct CanStats {
        uint32_t bus_error, error_warning, error_passive, bus_off, arbitration_lost, restarts;
    };
    return nla_read<CanStats>(c, addr, len, [&](const CanStats &s) {
        const std::pair<const char *, uint32_t> f[] = {{"{bus_error=", s.bus_error},
                                                       {", error_warning=", s.error_warning},
                                                       {", error_passive=", s.error_passive},
                                                       {", bus_off=", s.bus_off},
                                                       {", arbitration_lost=", s.arbitration_lost},
                                                       {", restarts=", s.restarts}};
        for (auto &[name, v] : f) {
            c.str(name);
            c.udec(v);
        }
        c.str("}");
    });
}

bool nla_slave_data(Call &c, uint64_t addr, uint32_t len, const void *ctx) {
    if (std::strcmp(static_cast<const LinkinfoKinds *>(ctx)->slave_kind, "bridge") != 0) return false;
    return nla_brport(c, addr, len, ctx);
}
}  // namespace

bool nla_linkinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<IFLA_INFO_MAX + 1> d({{IFLA_INFO_KIND, nla_kind},
                                                {IFLA_INFO_DATA, nla_info_data},
                                                {IFLA_INFO_XSTATS, nla_info_xstats},
                                                {IFLA_INFO_SLAVE_KIND, nla_slave_kind},
                                                {IFLA_INFO_SLAVE_DATA, nla_slave_data}});
    LinkinfoKinds kinds;
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_info_attrs, "%#llx /* IFLA_INFO_??? */", d.at, std::size(d.at), &kinds);
    return true;
}

}  // namespace wiretrace
