// NETLINK_ROUTE interface statistics (RTM_*STATS): if_stats_msg and its attributes - the
// 64-bit link counters, the per-link-type extended statistics (bridge VLAN, multicast and STP
// counters, bonding's 802.3ad counters), offload counters and per-family (MPLS) statistics.
#include <linux/if_bonding.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <linux/mpls.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// A structure of T, then its trailing bytes in hex (strace prints what follows a known layout).
template <typename T, typename P>
bool struct_then_rest(Call &c, uint64_t addr, uint32_t len, P print) {
    return nla_read<T>(c, addr, len, [&](const T &v) {
        print(v);
        if (len > sizeof v) {
            c.str(", ");
            c.hex_buffer(addr + sizeof v, len - sizeof v);
        }
    });
}

void field_u(Call &c, const char *sep_name, uint64_t v) {
    c.str(sep_name);
    c.udec(v);
}

bool nla_bridge_vlan_xstats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return struct_then_rest<bridge_vlan_xstats>(c, addr, len, [&](const bridge_vlan_xstats &s) {
        field_u(c, "{rx_bytes=", s.rx_bytes);
        field_u(c, ", rx_packets=", s.rx_packets);
        field_u(c, ", tx_bytes=", s.tx_bytes);
        field_u(c, ", tx_packets=", s.tx_packets);
        field_u(c, ", vid=", s.vid);
        c.str(", flags=");
        c.flags_of({&xlat_nl_bridge_vlan_flags}, s.flags, "0", "BRIDGE_VLAN_INFO_???");
        if (s.pad2) {
            c.str(", pad2=");
            c.hex(s.pad2);
        }
        c.str("}");
    });
}

bool nla_bridge_mcast_xstats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return struct_then_rest<br_mcast_stats>(c, addr, len, [&](const br_mcast_stats &s) {
        auto dirs = [&](const char *sep_name, const __u64(&v)[BR_MCAST_DIR_SIZE]) {
            c.str(sep_name);
            c.local_array<uint64_t>(reinterpret_cast<const unsigned char *>(v), BR_MCAST_DIR_SIZE,
                                    [&, i = 0u](uint64_t x) mutable {
                                        c.str("[");
                                        c.enum_dec(xlat_ifstats_xstats_bridge_mcast_indices, i++, "BR_MCAST_DIR_???");
                                        c.str("]=");
                                        c.udec(x);
                                        return true;
                                    });
        };
        dirs("{igmp_v1queries=", s.igmp_v1queries);
        dirs(", igmp_v2queries=", s.igmp_v2queries);
        dirs(", igmp_v3queries=", s.igmp_v3queries);
        dirs(", igmp_leaves=", s.igmp_leaves);
        dirs(", igmp_v1reports=", s.igmp_v1reports);
        dirs(", igmp_v2reports=", s.igmp_v2reports);
        dirs(", igmp_v3reports=", s.igmp_v3reports);
        field_u(c, ", igmp_parse_errors=", s.igmp_parse_errors);
        dirs(", mld_v1queries=", s.mld_v1queries);
        dirs(", mld_v2queries=", s.mld_v2queries);
        dirs(", mld_leaves=", s.mld_leaves);
        dirs(", mld_v1reports=", s.mld_v1reports);
        dirs(", mld_v2reports=", s.mld_v2reports);
        field_u(c, ", mld_parse_errors=", s.mld_parse_errors);
        dirs(", mcast_bytes=", s.mcast_bytes);
        dirs(", mcast_packets=", s.mcast_packets);
        c.str("}");
    });
}

bool nla_bridge_stp_xstats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return struct_then_rest<bridge_stp_xstats>(c, addr, len, [&](const bridge_stp_xstats &s) {
        field_u(c, "{transition_blk=", s.transition_blk);
        field_u(c, ", transition_fwd=", s.transition_fwd);
        field_u(c, ", rx_bpdu=", s.rx_bpdu);
        field_u(c, ", tx_bpdu=", s.tx_bpdu);
        field_u(c, ", rx_tcn=", s.rx_tcn);
        field_u(c, ", tx_tcn=", s.tx_tcn);
        c.str("}");
    });
}

bool nla_xstats_bridge(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_bridge_vlan_xstats, nla_bridge_mcast_xstats, nullptr,
                                   nla_bridge_stp_xstats};
    decode_nlattrs(c, addr, len, xlat_ifstats_xstats_bridge_attrs, "%#llx /* BRIDGE_XSTATS_??? */", d, std::size(d),
                   nullptr);
    return true;
}

bool nla_xstats_bond_3ad(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nla_u64, nla_u64, nla_u64, nla_u64, nla_u64, nla_u64, nla_u64, nla_u64, nla_u64};
    decode_nlattrs(c, addr, len, xlat_ifstats_xstats_bond_3ad_attrs, "%#llx /* BOND_XSTATS_??? */", d, std::size(d),
                   nullptr);
    return true;
}

bool nla_xstats_bond(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_xstats_bond_3ad};
    decode_nlattrs(c, addr, len, xlat_ifstats_xstats_bond_attrs, "%#llx /* BOND_XSTATS_??? */", d, std::size(d),
                   nullptr);
    return true;
}

bool nla_link_xstats(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_xstats_bridge, nla_xstats_bond};
    decode_nlattrs(c, addr, len, xlat_ifstats_xstats_type_attrs, "%#llx /* LINK_XSTATS_TYPE_??? */", d, std::size(d),
                   nullptr);
    return true;
}

bool nla_offload_xstats(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_link_stats64};
    decode_nlattrs(c, addr, len, xlat_ifstats_offload_attrs, "%#llx /* IFLA_OFFLOAD_XSTATS_??? */", d, std::size(d),
                   nullptr);
    return true;
}

bool nla_mpls_link_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return struct_then_rest<mpls_link_stats>(c, addr, len, [&](const mpls_link_stats &s) {
        field_u(c, "{rx_packets=", s.rx_packets);
        field_u(c, ", tx_packets=", s.tx_packets);
        field_u(c, ", rx_bytes=", s.rx_bytes);
        field_u(c, ", tx_bytes=", s.tx_bytes);
        field_u(c, ", rx_errors=", s.rx_errors);
        field_u(c, ", tx_errors=", s.tx_errors);
        field_u(c, ", rx_dropped=", s.rx_dropped);
        field_u(c, ", tx_dropped=", s.tx_dropped);
        field_u(c, ", rx_noroute=", s.rx_noroute);
        c.str("}");
    });
}

bool nla_stats_mpls(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const NlaDecoder d[] = {nullptr, nla_mpls_link_stats};
    decode_nlattrs(c, addr, len, xlat_ifstats_af_spec_mpls_attrs, "%#llx /* MPLS_STATS_??? */", d, std::size(d),
                   nullptr);
    return true;
}

// IFLA_STATS_AF_SPEC: attributes typed by address family; MPLS's are known, others are bytes.
bool nla_stats_af_spec(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<AF_MPLS + 1> d({{AF_MPLS, nla_stats_mpls}});
    decode_nlattrs(c, addr, len, xlat_address_families, "%#llx /* AF_??? */", d.at, std::size(d.at), nullptr);
    return true;
}
}  // namespace

void decode_route_stats(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder stats_decoders[] = {nullptr,         nla_link_stats64,   nla_link_xstats,
                                                nla_link_xstats, nla_offload_xstats, nla_stats_af_spec};
    fixed_then_attrs<if_stats_msg>(
        c, addr, len, "family",
        [&](const if_stats_msg &m) {
            if (m.pad1) {
                c.str("pad1=");
                c.hex(m.pad1);
                c.str(", ");
            }
            if (m.pad2) {
                c.str("pad2=");
                c.hex(m.pad2);
                c.str(", ");
            }
            c.str("ifindex=");
            print_ifindex(c, m.ifindex);
            c.str(", filter_mask=");
            c.flags_of({&xlat_ifstats_attr_flags}, m.filter_mask, "0", "1<<IFLA_STATS_???");
        },
        xlat_ifstats_attrs, "%#llx /* IFLA_STATS_??? */", stats_decoders, std::size(stats_decoders));
}

}  // namespace wiretrace
