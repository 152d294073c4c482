// NETLINK_ROUTE links: struct ifinfomsg and its IFLA_* attributes, the nested ones (link info,
// VF ports, XDP, property lists, proto-down reasons) through the attribute walker, and the
// statistics and device map structures, as strace's rtnl_link.c.
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// A structure of unsigned counters: the names of its fields in order, read from `have` bytes
// (the fields past it are not printed).
template <typename T>
void print_counters(Call &c, const T *fields, const char *const *names, size_t n) {
    c.str("{");
    for (size_t i = 0; i < n; i++) {
        if (i) c.str(", ");
        c.str(names[i]);
        c.str("=");
        c.udec(fields[i]);
    }
    c.str("}");
}

const char *const kStatsNames[] = {
    "rx_packets",       "tx_packets",        "rx_bytes",          "tx_bytes",        "rx_errors",
    "tx_errors",        "rx_dropped",        "tx_dropped",        "multicast",       "collisions",
    "rx_length_errors", "rx_over_errors",    "rx_crc_errors",     "rx_frame_errors", "rx_fifo_errors",
    "rx_missed_errors", "tx_aborted_errors", "tx_carrier_errors", "tx_fifo_errors",  "tx_heartbeat_errors",
    "tx_window_errors", "rx_compressed",     "tx_compressed",     "rx_nohandler",    "rx_otherhost_dropped",
};

// struct rtnl_link_stats (the older size without rx_nohandler too).
bool nla_link_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    const size_t min = offsetof(rtnl_link_stats, rx_nohandler), full = sizeof(rtnl_link_stats);
    size_t size = len >= full ? full : len == min ? min : 0;
    if (!size) return false;
    uint32_t v[sizeof(rtnl_link_stats) / 4] = {};
    if (!c.mem().read_exact(RemoteAddr(addr), v, size)) {
        c.ptr(addr);
        return true;
    }
    print_counters(c, v, kStatsNames, size / 4);
    return true;
}

bool nla_link_ifmap(Call &c, uint64_t addr, uint32_t len, const void *) {
    const size_t size = offsetof(rtnl_link_ifmap, port) + 1;
    if (len < size) return false;
    rtnl_link_ifmap m{};
    if (!c.mem().read_exact(RemoteAddr(addr), &m, size)) {
        c.ptr(addr);
        return true;
    }
    c.str("{mem_start=");
    c.hex(m.mem_start);
    c.str(", mem_end=");
    c.hex(m.mem_end);
    c.str(", base_addr=");
    c.hex(m.base_addr);
    c.str(", irq=");
    c.udec(m.irq);
    c.str(", dma=");
    c.udec(m.dma);
    c.str(", port=");
    c.udec(m.port);
    c.str("}");
    return true;
}

bool nla_port_vsi(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<ifla_port_vsi>(c, addr, len, [&](const ifla_port_vsi &v) {
        c.str("{vsi_mgr_id=");
        c.udec(v.vsi_mgr_id);
        c.str(", vsi_type_id=");
        c.hex_buffer(addr + offsetof(ifla_port_vsi, vsi_type_id), sizeof v.vsi_type_id);
        c.str(", vsi_type_version=");
        c.udec(v.vsi_type_version);
        for (uint8_t b : v.pad) {
            if (b) {
                c.str(", pad=");
                c.hex_buffer(addr + offsetof(ifla_port_vsi, pad), sizeof v.pad);
                break;
            }
        }
        c.str("}");
    });
}

bool nla_port(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<IFLA_PORT_MAX + 1> d({{IFLA_PORT_VF, nla_u32},
                                                {IFLA_PORT_PROFILE, nla_str},
                                                {IFLA_PORT_VSI_TYPE, nla_port_vsi},
                                                {IFLA_PORT_REQUEST, nla_u8},
                                                {IFLA_PORT_RESPONSE, nla_u16}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_port_attrs, "%#llx /* IFLA_VF_PORT_??? */", d.at, IFLA_PORT_MAX + 1,
                   nullptr);
    return true;
}

// IFLA_VFINFO_LIST: the virtual functions, each a nest of IFLA_VF_* structures.
template <typename T, typename P>
bool nla_vf_struct(Call &c, uint64_t addr, uint32_t len, P print) {
    T v;
    if (len < sizeof v) return false;
    if (c.fetch(addr, v)) print(v);
    return true;
}

void vf_u(Call &c, const char *name, uint64_t v, bool first = false) {
    c.str(first ? "{" : ", ");
    c.str(name);
    c.str("=");
    c.udec(v);
}

bool nla_vf_mac(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_mac>(c, addr, len, [&](const ifla_vf_mac &v) {
        vf_u(c, "vf", v.vf, true);
        c.str(", mac=");
        print_hwaddr(c, v.mac, sizeof v.mac);
        c.str("}");
    });
}

bool nla_vf_vlan(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_vlan>(c, addr, len, [&](const ifla_vf_vlan &v) {
        vf_u(c, "vf", v.vf, true);
        vf_u(c, "vlan", v.vlan);
        vf_u(c, "qos", v.qos);
        c.str("}");
    });
}

// the {vf, one value} structures: tx_rate, spoofchk, rss_query_en, trust
template <typename T, uint32_t T::*Field>
bool nla_vf_pair(Call &c, uint64_t addr, uint32_t len, const char *name) {
    return nla_vf_struct<T>(c, addr, len, [&](const T &v) {
        vf_u(c, "vf", v.vf, true);
        vf_u(c, name, v.*Field);
        c.str("}");
    });
}
bool nla_vf_tx_rate(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_pair<ifla_vf_tx_rate, &ifla_vf_tx_rate::rate>(c, addr, len, "rate");
}
bool nla_vf_spoofchk(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_pair<ifla_vf_spoofchk, &ifla_vf_spoofchk::setting>(c, addr, len, "setting");
}
bool nla_vf_rss_query_en(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_pair<ifla_vf_rss_query_en, &ifla_vf_rss_query_en::setting>(c, addr, len, "setting");
}
bool nla_vf_trust(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_pair<ifla_vf_trust, &ifla_vf_trust::setting>(c, addr, len, "setting");
}

bool nla_vf_link_state(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_link_state>(c, addr, len, [&](const ifla_vf_link_state &v) {
        vf_u(c, "vf", v.vf, true);
        c.str(", link_state=");
        c.enum_val(xlat_rtnl_ifla_vf_link_states, v.link_state, "%#llx /* IFLA_VF_LINK_STATE_??? */");
        c.str("}");
    });
}

bool nla_vf_rate(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_rate>(c, addr, len, [&](const ifla_vf_rate &v) {
        vf_u(c, "vf", v.vf, true);
        vf_u(c, "min_tx_rate", v.min_tx_rate);
        vf_u(c, "max_tx_rate", v.max_tx_rate);
        c.str("}");
    });
}

bool nla_vf_stats(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<IFLA_VF_STATS_TX_DROPPED + 1> d({{IFLA_VF_STATS_RX_PACKETS, nla_u64},
                                                           {IFLA_VF_STATS_TX_PACKETS, nla_u64},
                                                           {IFLA_VF_STATS_RX_BYTES, nla_u64},
                                                           {IFLA_VF_STATS_TX_BYTES, nla_u64},
                                                           {IFLA_VF_STATS_BROADCAST, nla_u64},
                                                           {IFLA_VF_STATS_MULTICAST, nla_u64},
                                                           {IFLA_VF_STATS_RX_DROPPED, nla_u64},
                                                           {IFLA_VF_STATS_TX_DROPPED, nla_u64}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_vf_stats_attrs, "%#llx /* IFLA_VF_STATS_??? */", d.at,
                   IFLA_VF_STATS_TX_DROPPED + 1, opaque);
    return true;
}

// struct ifla_vf_guid: 12 bytes (packed) or 16 (the guid aligned), as strace takes both.
bool nla_vf_guid(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len != 12 && len != 16) return false;
    unsigned char buf[16];
    if (!c.mem().read_exact(RemoteAddr(addr), buf, len)) {
        c.ptr(addr);
        return true;
    }
    uint32_t vf;
    uint64_t guid;
    std::memcpy(&vf, buf, 4);
    std::memcpy(&guid, buf + (len == 12 ? 4 : 8), 8);
    vf_u(c, "vf", vf, true);
    c.str(", guid=");
    c.hex(guid);
    c.str("}");
    return true;
}

bool nla_vf_vlan_info(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_vlan_info>(c, addr, len, [&](const ifla_vf_vlan_info &v) {
        vf_u(c, "vf", v.vf, true);
        vf_u(c, "vlan", v.vlan);
        vf_u(c, "qos", v.qos);
        c.str(", vlan_proto=htons(");
        c.enum_val(xlat_ethernet_protocols, ntohs(v.vlan_proto), "%#llx /* ETH_P_??? */");
        c.str(")}");
    });
}

bool nla_vf_vlan_list(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<IFLA_VF_VLAN_INFO + 1> d({{IFLA_VF_VLAN_INFO, nla_vf_vlan_info}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_vf_vlan_list_attrs, "%#llx /* IFLA_VF_VLAN_INFO_??? */", d.at,
                   IFLA_VF_VLAN_INFO + 1, opaque);
    return true;
}

bool nla_vf_broadcast(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_vf_struct<ifla_vf_broadcast>(c, addr, len, [&](const ifla_vf_broadcast &v) {
        c.str("{broadcast=");
        print_hwaddr(c, v.broadcast, sizeof v.broadcast);
        c.str("}");
    });
}

bool nla_vf_info(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<IFLA_VF_BROADCAST + 1> d({{IFLA_VF_MAC, nla_vf_mac},
                                                    {IFLA_VF_VLAN, nla_vf_vlan},
                                                    {IFLA_VF_TX_RATE, nla_vf_tx_rate},
                                                    {IFLA_VF_SPOOFCHK, nla_vf_spoofchk},
                                                    {IFLA_VF_LINK_STATE, nla_vf_link_state},
                                                    {IFLA_VF_RATE, nla_vf_rate},
                                                    {IFLA_VF_RSS_QUERY_EN, nla_vf_rss_query_en},
                                                    {IFLA_VF_STATS, nla_vf_stats},
                                                    {IFLA_VF_TRUST, nla_vf_trust},
                                                    {IFLA_VF_IB_NODE_GUID, nla_vf_guid},
                                                    {IFLA_VF_IB_PORT_GUID, nla_vf_guid},
                                                    {IFLA_VF_VLAN_LIST, nla_vf_vlan_list},
                                                    {IFLA_VF_BROADCAST, nla_vf_broadcast}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_vf_info_attrs, "%#llx /* IFLA_VF_??? */", d.at, IFLA_VF_BROADCAST + 1,
                   opaque);
    return true;
}

bool nla_vfinfo_list(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<IFLA_VF_INFO + 1> d({{IFLA_VF_INFO, nla_vf_info}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_vfinfo_list_attrs, "%#llx /* IFLA_VF_INFO_??? */", d.at,
                   IFLA_VF_INFO + 1, opaque);
    return true;
}

bool nla_vf_ports(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_port};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_vf_port_attrs, "%#llx /* IFLA_VF_PORT_??? */", d, 2, nullptr);
    return true;
}

bool nla_ext_mask(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](const uint32_t &v) {
        c.flags_of({&xlat_rtnl_ifla_ext_filter_flags}, v, "0", "RTEXT_FILTER_???");
    });
}

bool nla_event(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(
        c, addr, len, [&](const uint32_t &v) { c.enum_val(xlat_rtnl_ifla_events, v, "%#llx /* IFLA_EVENT_??? */"); });
}

bool nla_xdp_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len,
                              [&](const uint32_t &v) { c.flags_of({&xlat_xdp_flags}, v, "0", "XDP_FLAGS_???"); });
}

bool nla_xdp_attached(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint8_t>(c, addr, len, [&](const uint8_t &v) {
        c.enum_val(xlat_rtnl_ifla_xdp_attached_mode, v, "%#llx /* XDP_ATTACHED_??? */");
    });
}

bool nla_xdp(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<IFLA_XDP_MAX + 1> d({{IFLA_XDP_FD, nla_fd},
                                               {IFLA_XDP_ATTACHED, nla_xdp_attached},
                                               {IFLA_XDP_FLAGS, nla_xdp_flags},
                                               {IFLA_XDP_PROG_ID, nla_u32},
                                               {IFLA_XDP_DRV_PROG_ID, nla_u32},
                                               {IFLA_XDP_SKB_PROG_ID, nla_u32},
                                               {IFLA_XDP_HW_PROG_ID, nla_u32},
                                               {IFLA_XDP_EXPECTED_FD, nla_fd}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_xdp_attrs, "%#llx /* IFLA_XDP_??? */", d.at, IFLA_XDP_MAX + 1, nullptr);
    return true;
}

// IFLA_PROP_LIST: IFLA_* attributes again, of which only alternative names are decoded.
bool nla_prop_list(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<IFLA_ALT_IFNAME + 1> d({{IFLA_ALT_IFNAME, nla_str}});
    decode_nlattrs(c, addr, len, xlat_rtnl_link_attrs, "%#llx /* IFLA_??? */", d.at, IFLA_ALT_IFNAME + 1, nullptr);
    return true;
}

}  // namespace

bool nla_x16(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint16_t>(c, addr, len, [&](const uint16_t &v) { c.hex(v); });
}

bool nla_bridge_id(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<ifla_bridge_id>(c, addr, len, [&](const ifla_bridge_id &id) {
        c.str("{prio=[");
        c.udec(id.prio[0]);
        c.str(", ");
        c.udec(id.prio[1]);
        c.str("], addr=");
        print_hwaddr(c, id.addr, sizeof id.addr);
        c.str("}");
    });
}

bool nla_brport(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const Decoders<IFLA_BRPORT_MAX + 1> d({
        {IFLA_BRPORT_STATE, nla_u8},
        {IFLA_BRPORT_PRIORITY, nla_u16},
        {IFLA_BRPORT_COST, nla_u32},
        {IFLA_BRPORT_MODE, nla_u8},
        {IFLA_BRPORT_GUARD, nla_u8},
        {IFLA_BRPORT_PROTECT, nla_u8},
        {IFLA_BRPORT_FAST_LEAVE, nla_u8},
        {IFLA_BRPORT_LEARNING, nla_u8},
        {IFLA_BRPORT_UNICAST_FLOOD, nla_u8},
        {IFLA_BRPORT_PROXYARP, nla_u8},
        {IFLA_BRPORT_LEARNING_SYNC, nla_u8},
        {IFLA_BRPORT_PROXYARP_WIFI, nla_u8},
        {IFLA_BRPORT_ROOT_ID, nla_bridge_id},
        {IFLA_BRPORT_BRIDGE_ID, nla_bridge_id},
        {IFLA_BRPORT_DESIGNATED_PORT, nla_u16},
        {IFLA_BRPORT_DESIGNATED_COST, nla_u16},
        {IFLA_BRPORT_ID, nla_u16},
        {IFLA_BRPORT_NO, nla_u16},
        {IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, nla_u8},
        {IFLA_BRPORT_CONFIG_PENDING, nla_u8},
        {IFLA_BRPORT_MESSAGE_AGE_TIMER, nla_clock_t},
        {IFLA_BRPORT_FORWARD_DELAY_TIMER, nla_clock_t},
        {IFLA_BRPORT_HOLD_TIMER, nla_clock_t},
        {IFLA_BRPORT_MULTICAST_ROUTER, nla_u8},
        {IFLA_BRPORT_MCAST_FLOOD, nla_u8},
        {IFLA_BRPORT_MCAST_TO_UCAST, nla_u8},
        {IFLA_BRPORT_VLAN_TUNNEL, nla_u8},
        {IFLA_BRPORT_BCAST_FLOOD, nla_u8},
        {IFLA_BRPORT_GROUP_FWD_MASK, nla_x16},
        {IFLA_BRPORT_NEIGH_SUPPRESS, nla_u8},
        {IFLA_BRPORT_ISOLATED, nla_u8},
        {IFLA_BRPORT_BACKUP_PORT, nla_ifindex},
        {IFLA_BRPORT_MRP_RING_OPEN, nla_u8},
        {IFLA_BRPORT_MRP_IN_OPEN, nla_u8},
        {IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT, nla_u32},
        {IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, nla_u32},
        {IFLA_BRPORT_LOCKED, nla_u8},
    });
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_brport_attrs, "%#llx /* IFLA_BRPORT_??? */", d.at, IFLA_BRPORT_MAX + 1,
                   msg);
    return true;
}

namespace {
bool nla_inet6_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 4, xlat_inet6_if_flags, "0", "IF_???");
}

bool nla_inet6_conf(Call &c, uint64_t addr, uint32_t len, const void *) {
    return indexed_array<int32_t>(c, addr, len, xlat_inet6_devconf_indices, "DEVCONF_???");
}

bool nla_inet6_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return indexed_array<uint64_t>(c, addr, len, xlat_snmp_ip_stats, "IPSTATS_MIB_???");
}

bool nla_icmp6_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return indexed_array<uint64_t>(c, addr, len, xlat_snmp_icmp6_stats, "ICMP6_MIB_???");
}

bool nla_inet6_cacheinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<ifla_cacheinfo>(c, addr, len, [&](const ifla_cacheinfo &v) {
        c.str("{max_reasm_len=");
        c.udec(v.max_reasm_len);
        c.str(", tstamp=");
        c.udec(v.tstamp);
        c.str(", reachable_time=");
        c.udec(v.reachable_time);
        c.str(", retrans_time=");
        c.udec(v.retrans_time);
        c.str("}");
    });
}

bool nla_inet6_token(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < 16) return false;
    print_inet_addr_at(c, addr, 16, AF_INET6);
    return true;
}

bool nla_addr_gen_mode(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint8_t>(c, addr, len, [&](const uint8_t &v) {
        c.enum_val(xlat_in6_addr_gen_mode, v, "%#llx /* IN6_ADDR_GEN_MODE_??? */");
    });
}

bool nla_inet6(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const Decoders<IFLA_INET6_MAX + 1> d({{IFLA_INET6_FLAGS, nla_inet6_flags},
                                                 {IFLA_INET6_CONF, nla_inet6_conf},
                                                 {IFLA_INET6_STATS, nla_inet6_stats},
                                                 {IFLA_INET6_CACHEINFO, nla_inet6_cacheinfo},
                                                 {IFLA_INET6_ICMP6STATS, nla_icmp6_stats},
                                                 {IFLA_INET6_TOKEN, nla_inet6_token},
                                                 {IFLA_INET6_ADDR_GEN_MODE, nla_addr_gen_mode},
                                                 {IFLA_INET6_RA_MTU, nla_u32}});
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_af_spec_inet6_attrs, "%#llx /* IFLA_INET6_??? */", d.at,
                   IFLA_INET6_MAX + 1, msg);
    return true;
}

bool nla_inet_conf(Call &c, uint64_t addr, uint32_t len, const void *) {
    return indexed_array<int32_t>(c, addr, len, xlat_inet_devconf_indices, "IPV4_DEVCONF_???");
}

bool nla_inet(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const NlaDecoder d[] = {nullptr, nla_inet_conf};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_af_spec_inet_attrs, "%#llx /* IFLA_INET_??? */", d, 2, msg);
    return true;
}

// IFLA_PROTINFO: bridge port attributes for AF_BRIDGE links, IPv6 ones for AF_INET6; other
// families' bytes as hex.
bool nla_protinfo(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    const auto *m = static_cast<const ifinfomsg *>(msg);
    if (m && m->ifi_family == AF_BRIDGE) return nla_brport(c, addr, len, msg);
    if (m && m->ifi_family == AF_INET6) return nla_inet6(c, addr, len, msg);
    return false;
}

bool nla_bridge_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 2, xlat_rtnl_ifla_bridge_flags, "0", "BRIDGE_FLAGS_???");
}

bool nla_bridge_mode(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint16_t>(c, addr, len, xlat_rtnl_ifla_bridge_modes, "%#llx /* BRIDGE_MODE_??? */");
}

bool nla_bridge_vlan_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 2, xlat_nl_bridge_vlan_flags, "0", "BRIDGE_VLAN_INFO_???");
}

bool nla_bridge_vlan_info(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<bridge_vlan_info>(c, addr, len, [&](const bridge_vlan_info &v) {
        c.str("{flags=");
        c.flags_of({&xlat_nl_bridge_vlan_flags}, v.flags, "0", "BRIDGE_VLAN_INFO_???");
        c.str(", vid=");
        c.udec(v.vid);
        c.str("}");
        if (len > sizeof v) {
            c.str(", ");
            c.hex_buffer(addr + sizeof v, len - sizeof v);
        }
    });
}

bool nla_bridge_vlan_tunnel_info(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const NlaDecoder d[] = {nullptr, nla_u32, nla_u16, nla_bridge_vlan_flags};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_af_spec_bridge_vlan_tunnel_info_attrs,
                   "%#llx /* IFLA_BRIDGE_VLAN_TUNNEL_??? */", d, std::size(d), msg);
    return true;
}

bool nla_mctp(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const NlaDecoder d[] = {nullptr, nla_u32};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_af_spec_mctp_attrs, "%#llx /* IFLA_MCTP_??? */", d, std::size(d), msg);
    return true;
}

// IFLA_AF_SPEC: attributes typed by address family, each holding that family's attributes;
// an AF_BRIDGE link's holds IFLA_BRIDGE_* attributes instead (if_bridge.h's layout).
bool nla_af_spec(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    const auto *m = static_cast<const ifinfomsg *>(msg);
    if (m && m->ifi_family == AF_BRIDGE) {
        static const NlaDecoder bridge[] = {nla_bridge_flags, nla_bridge_mode, nla_bridge_vlan_info,
                                            nla_bridge_vlan_tunnel_info};
        decode_nlattrs(c, addr, len, xlat_rtnl_ifla_af_spec_bridge_attrs, "%#llx /* IFLA_BRIDGE_??? */", bridge,
                       std::size(bridge), msg);
        return true;
    }
    static const Decoders<AF_MCTP + 1> d({{AF_INET, nla_inet}, {AF_INET6, nla_inet6}, {AF_MCTP, nla_mctp}});
    decode_nlattrs(c, addr, len, xlat_address_families, "%#llx /* AF_??? */", d.at, AF_MCTP + 1, msg);
    return true;
}

bool nla_proto_down_reason(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_x32, nla_x32};
    decode_nlattrs(c, addr, len, xlat_rtnl_ifla_proto_down_reason_attrs, "%#llx /* IFLA_PROTO_DOWN_REASON_??? */", d, 3,
                   nullptr);
    return true;
}
}  // namespace

// A clock_t in ticks, with its seconds in a comment (strace's print_clock_t): "250 /* 2.50 s */".
bool nla_clock_t(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len > 8) return false;
    uint64_t v = 0;
    if (len && !c.mem().read_exact(RemoteAddr(addr), &v, len)) {
        c.ptr(addr);
        return true;
    }
    print_clock_t(c, v);
    return true;
}

// struct rtnl_link_stats64, in its three sizes.
bool nla_link_stats64(Call &c, uint64_t addr, uint32_t len, const void *) {
    const size_t min = offsetof(rtnl_link_stats64, rx_nohandler), mid = offsetof(rtnl_link_stats64, rx_nohandler) + 8,
                 full = 25 * 8;
    size_t size = len >= full ? full : len == mid ? mid : len == min ? min : 0;
    if (!size) return false;
    uint64_t v[25] = {};
    if (!c.mem().read_exact(RemoteAddr(addr), v, size)) {
        c.ptr(addr);
        return true;
    }
    print_counters(c, v, kStatsNames, size / 8);
    return true;
}

void decode_route_link(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<IFLA_MAX + 1> d({
        {IFLA_ADDRESS, nla_hwaddr},
        {IFLA_STATS, nla_link_stats},
        {IFLA_PROTINFO, nla_protinfo},
        {IFLA_AF_SPEC, nla_af_spec},
        {IFLA_MAP, nla_link_ifmap},
        {IFLA_LINKINFO, nla_linkinfo},
        {IFLA_STATS64, nla_link_stats64},
        {IFLA_VF_PORTS, nla_vf_ports},
        {IFLA_VFINFO_LIST, nla_vfinfo_list},
        {IFLA_PORT_SELF, nla_port},
        {IFLA_NET_NS_FD, nla_fd},
        {IFLA_EXT_MASK, nla_ext_mask},
        {IFLA_XDP, nla_xdp},
        {IFLA_EVENT, nla_event},
        {IFLA_PROP_LIST, nla_prop_list},
        {IFLA_PROTO_DOWN_REASON, nla_proto_down_reason},
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

}  // namespace wiretrace
