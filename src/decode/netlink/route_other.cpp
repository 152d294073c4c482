// The other NETLINK_ROUTE message families' fixed parts, with their attributes named (payloads
// decoded where strace does and this file knows how): next hops,
// policy rules, traffic control (qdiscs, classes, filters, chains, actions), neighbour tables
// and multicast cache reports.
#include <endian.h>
#include <cstdio>
#include <sys/socket.h>

#include <linux/fib_rules.h>
#include <linux/gen_stats.h>
#include <linux/if_link.h>
#include <linux/mroute.h>
#include <linux/mroute6.h>
#include <linux/neighbour.h>
#include <linux/nexthop.h>
#include <linux/pkt_cls.h>
#include <linux/rtnetlink.h>

#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
bool nla_nh_gateway(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    print_inet_addr_at(c, addr, len, static_cast<const nhmsg *>(msg)->nh_family);
    return true;
}
}  // namespace

namespace {
// NHA_GROUP: struct nexthop_grp entries; the reserved fields only when set (strace's).
bool nla_nh_group(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(nexthop_grp)) return false;
    c.array<nexthop_grp>(addr, len / sizeof(nexthop_grp), [&](const nexthop_grp &g) {
        c.str("{id=");
        c.udec(g.id);
        c.str(", weight=");
        c.udec(g.weight);
        if (g.resvd1) {
            c.str(", resvd1=");
            c.hex(g.resvd1);
        }
        if (g.resvd2) {
            c.str(", resvd2=");
            c.hex(g.resvd2);
        }
        c.str("}");
        return true;
    });
    return true;
}

bool nla_nh_group_type(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint16_t>(c, addr, len, xlat_rtnl_nexthop_grp_types, "%#llx /* NEXTHOP_GRP_TYPE_??? */");
}

bool nla_nh_res_group(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<NHA_RES_GROUP_UNBALANCED_TIME + 1> d({{NHA_RES_GROUP_BUCKETS, nla_u16},
                                                                {NHA_RES_GROUP_IDLE_TIMER, nla_clock_t},
                                                                {NHA_RES_GROUP_UNBALANCED_TIMER, nla_clock_t},
                                                                {NHA_RES_GROUP_UNBALANCED_TIME, nla_clock_t}});
    decode_nlattrs(c, addr, len, xlat_rtnl_nha_res_group_attrs, "%#llx /* NHA_RES_GROUP_??? */", d.at,
                   NHA_RES_GROUP_UNBALANCED_TIME + 1, opaque);
    return true;
}

bool nla_nh_res_bucket(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<NHA_RES_BUCKET_NH_ID + 1> d(
        {{NHA_RES_BUCKET_INDEX, nla_u16}, {NHA_RES_BUCKET_IDLE_TIME, nla_clock_t}, {NHA_RES_BUCKET_NH_ID, nla_u32}});
    decode_nlattrs(c, addr, len, xlat_rtnl_nha_res_bucket_attrs, "%#llx /* NHA_RES_BUCKET_??? */", d.at,
                   NHA_RES_BUCKET_NH_ID + 1, opaque);
    return true;
}
}  // namespace

void decode_route_nexthop(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<NHA_MAX + 1> d({{NHA_ID, nla_u32},
                                          {NHA_GROUP, nla_nh_group},
                                          {NHA_GROUP_TYPE, nla_nh_group_type},
                                          {NHA_RES_GROUP, nla_nh_res_group},
                                          {NHA_RES_BUCKET, nla_nh_res_bucket},
                                          {NHA_BLACKHOLE, nla_u32},
                                          {NHA_OIF, nla_ifindex},
                                          {NHA_GATEWAY, nla_nh_gateway},
                                          {NHA_ENCAP_TYPE, nla_encap_type},
                                          {NHA_GROUPS, nla_u32},
                                          {NHA_MASTER, nla_ifindex},
                                          {NHA_FDB, nla_u32}});
    fixed_then_attrs<nhmsg>(
        c, addr, len, "nh_family",
        [&](const nhmsg &m) {
            c.str("nh_scope=");
            c.enum_val(xlat_routing_scopes, m.nh_scope, "%#llx");
            c.str(", nh_protocol=");
            c.enum_val(xlat_routing_protocols, m.nh_protocol, "%#llx /* RTPROT_??? */");
            if (m.resvd) {
                c.str(", resvd=");
                c.hex(m.resvd);
            }
            c.str(", nh_flags=");
            c.flags_of({&xlat_route_nexthop_flags}, m.nh_flags, "0", "RTNH_F_???");
        },
        xlat_rtnl_nexthop_attrs, "%#llx /* NHA_??? */", d.at, NHA_MAX + 1);
}

namespace {
bool nla_rule_addr(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    print_inet_addr_at(c, addr, len, static_cast<const fib_rule_hdr *>(msg)->family);
    return true;
}

// FRA_UID_RANGE, FRA_SPORT_RANGE, FRA_DPORT_RANGE: {start=, end=}
template <typename Range>
bool nla_range(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<Range>(c, addr, len, [&](const Range &r) {
        c.str("{start=");
        c.udec(r.start);
        c.str(", end=");
        c.udec(r.end);
        c.str("}");
    });
}

bool nla_be64(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint64_t>(c, addr, len, [&](const uint64_t &v) {
        c.str("htobe64(");
        c.udec(be64toh(v));
        c.str(")");
    });
}

bool nla_rt_proto(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint8_t>(c, addr, len, xlat_routing_protocols, "%#llx /* RTPROT_??? */");
}

bool nla_ip_proto(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint8_t>(c, addr, len, xlat_ip_protocols, "%#llx /* IPPROTO_??? */");
}
}  // namespace

void decode_route_rule(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<FRA_MAX + 1> d({{FRA_DST, nla_rule_addr},
                                          {FRA_SRC, nla_rule_addr},
                                          {FRA_IIFNAME, nla_str},
                                          {FRA_GOTO, nla_u32},
                                          {FRA_PRIORITY, nla_u32},
                                          {FRA_FWMARK, nla_u32},
                                          {FRA_FLOW, nla_u32},
                                          {FRA_TUN_ID, nla_be64},
                                          {FRA_SUPPRESS_IFGROUP, nla_u32},
                                          {FRA_SUPPRESS_PREFIXLEN, nla_u32},
                                          {FRA_TABLE, nla_table},
                                          {FRA_FWMASK, nla_u32},
                                          {FRA_OIFNAME, nla_str},
                                          {FRA_L3MDEV, nla_u8},
                                          {FRA_UID_RANGE, nla_range<fib_rule_uid_range>},
                                          {FRA_PROTOCOL, nla_rt_proto},
                                          {FRA_IP_PROTO, nla_ip_proto},
                                          {FRA_SPORT_RANGE, nla_range<fib_rule_port_range>},
                                          {FRA_DPORT_RANGE, nla_range<fib_rule_port_range>}});
    fixed_then_attrs<fib_rule_hdr>(
        c, addr, len, "family",
        [&](const fib_rule_hdr &m) {
            c.str("dst_len=");
            c.udec(m.dst_len);
            c.str(", src_len=");
            c.udec(m.src_len);
            c.str(", tos=");
            c.flags_of({&xlat_ip_tos_flags}, m.tos, "0", "IPTOS_TOS_???");
            c.str(", table=");
            c.enum_val(xlat_routing_table_ids, m.table, "%#llx /* RT_TABLE_??? */");
            c.str(", action=");
            c.enum_val(xlat_fib_rule_actions, m.action, "%#llx /* FR_ACT_??? */");
            c.str(", flags=");
            c.flags_of({&xlat_fib_rule_flags}, m.flags, "0", "FIB_RULE_???");
        },
        xlat_rtnl_rule_attrs, "%#llx /* FRA_??? */", d.at, FRA_MAX + 1);
}

namespace {
// A structure of plain counters that is shown once its first `need` bytes are there
// (strace reads the part it prints: offsetofend of its last field).
template <typename T, typename P>
bool nla_counters(Call &c, uint64_t addr, uint32_t len, size_t need, P print) {
    if (len < need) return false;
    T v{};
    if (!c.mem().read_exact(RemoteAddr(addr), &v, need))
        c.ptr(addr);
    else
        print(v);
    return true;
}

void fields_u(Call &c, std::initializer_list<std::pair<const char *, uint64_t>> fields) {
    c.str("{");
    bool first = true;
    for (const auto &[name, v] : fields) {
        if (!first) c.str(", ");
        first = false;
        c.str(name);
        c.str("=");
        c.udec(v);
    }
    c.str("}");
}

bool nla_tc_stats_v1(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_counters<tc_stats>(c, addr, len, offsetof(tc_stats, backlog) + sizeof(uint32_t), [&](const tc_stats &s) {
        fields_u(c, {{"bytes", s.bytes},
                     {"packets", s.packets},
                     {"drops", s.drops},
                     {"overlimits", s.overlimits},
                     {"bps", s.bps},
                     {"pps", s.pps},
                     {"qlen", s.qlen},
                     {"backlog", s.backlog}});
    });
}

bool nla_tc_estimator(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<tc_estimator>(c, addr, len, [&](const tc_estimator &e) {
        c.str("{interval=");
        c.dec(e.interval);
        c.str(", ewma_log=");
        c.udec(e.ewma_log);
        c.str("}");
    });
}

bool nla_stats_basic(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_counters<gnet_stats_basic>(c, addr, len, offsetof(gnet_stats_basic, packets) + sizeof(uint32_t),
                                          [&](const gnet_stats_basic &b) {
                                              fields_u(c, {{"bytes", b.bytes}, {"packets", b.packets}});
                                          });
}

template <typename Est>
bool nla_rate_est(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<Est>(c, addr, len, [&](const Est &e) { fields_u(c, {{"bps", e.bps}, {"pps", e.pps}}); });
}

bool nla_stats_queue(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<gnet_stats_queue>(c, addr, len, [&](const gnet_stats_queue &q) {
        fields_u(c, {{"qlen", q.qlen},
                     {"backlog", q.backlog},
                     {"drops", q.drops},
                     {"requeues", q.requeues},
                     {"overlimits", q.overlimits}});
    });
}

// TCA_STATS2 / TCA_ACT_STATS: nested statistics.
bool nla_tc_stats(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<TCA_STATS_PKT64 + 1> d({{TCA_STATS_BASIC, nla_stats_basic},
                                                  {TCA_STATS_RATE_EST, nla_rate_est<gnet_stats_rate_est>},
                                                  {TCA_STATS_QUEUE, nla_stats_queue},
                                                  {TCA_STATS_RATE_EST64, nla_rate_est<gnet_stats_rate_est64>},
                                                  {TCA_STATS_BASIC_HW, nla_stats_basic},
                                                  {TCA_STATS_PKT64, nla_u64}});
    decode_nlattrs(c, addr, len, xlat_rtnl_tca_stats_attrs, "%#llx /* TCA_STATS_??? */", d.at, TCA_STATS_PKT64 + 1,
                   opaque);
    return true;
}

bool nla_tc_sizespec(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<tc_sizespec>(c, addr, len, [&](const tc_sizespec &s) {
        c.str("{cell_log=");
        c.udec(s.cell_log);
        c.str(", size_log=");
        c.udec(s.size_log);
        c.str(", cell_align=");
        c.dec(s.cell_align);
        c.str(", overhead=");
        c.dec(s.overhead);
        c.str(", linklayer=");
        c.udec(s.linklayer);
        c.str(", mpu=");
        c.udec(s.mpu);
        c.str(", mtu=");
        c.udec(s.mtu);
        c.str(", tsize=");
        c.udec(s.tsize);
        c.str("}");
    });
}

bool nla_stab_data(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(uint16_t)) return false;
    c.array<uint16_t>(addr, len / sizeof(uint16_t), [&](uint16_t v) {
        c.udec(v);
        return true;
    });
    return true;
}

bool nla_tca_stab(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<TCA_STAB_DATA + 1> d({{TCA_STAB_BASE, nla_tc_sizespec}, {TCA_STAB_DATA, nla_stab_data}});
    decode_nlattrs(c, addr, len, xlat_rtnl_tca_stab_attrs, "%#llx /* TCA_STAB_??? */", d.at, TCA_STAB_DATA + 1, opaque);
    return true;
}
}  // namespace

void decode_route_tc(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<TCA_DUMP_FLAGS + 1> d({{TCA_KIND, nla_str},
                                                 {TCA_STATS, nla_tc_stats_v1},
                                                 {TCA_RATE, nla_tc_estimator},
                                                 {TCA_FCNT, nla_u32},
                                                 {TCA_STATS2, nla_tc_stats},
                                                 {TCA_STAB, nla_tca_stab},
                                                 {TCA_CHAIN, nla_u32},
                                                 {TCA_HW_OFFLOAD, nla_u8},
                                                 {TCA_INGRESS_BLOCK, nla_u32},
                                                 {TCA_EGRESS_BLOCK, nla_u32},
                                                 {TCA_DUMP_FLAGS, nla_u32}});
    fixed_then_attrs<tcmsg>(
        c, addr, len, "tcm_family",
        [&](const tcmsg &m) {
            c.str("tcm_ifindex=");
            print_ifindex(c, static_cast<unsigned>(m.tcm_ifindex));
            c.str(", tcm_handle=");
            c.udec(m.tcm_handle);
            c.str(", tcm_parent=");
            c.udec(m.tcm_parent);
            c.str(", tcm_info=");
            c.udec(m.tcm_info);
        },
        xlat_rtnl_tc_attrs, "%#llx /* TCA_??? */", d.at, TCA_DUMP_FLAGS + 1);
}

namespace {
bool nla_act_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 4, xlat_rtnl_tca_act_flags, "0", "TCA_ACT_FLAGS_???");
}

bool nla_act_hw_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 4, xlat_rtnl_tca_act_hw_stats, "0", "TCA_ACT_HW_STATS_???");
}
}  // namespace

void decode_route_tc_action(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<TCA_ACT_MAX + 1> d({{TCA_ACT_KIND, nla_str},
                                              {TCA_ACT_STATS, nla_tc_stats},
                                              {TCA_ACT_INDEX, nla_u32},
                                              {TCA_ACT_FLAGS, nla_act_flags},
                                              {TCA_ACT_HW_STATS, nla_act_hw_stats},
                                              {TCA_ACT_USED_HW_STATS, nla_act_hw_stats},
                                              {TCA_ACT_IN_HW_COUNT, nla_u32}});
    family_then_attrs(c, addr, len, "tca_family", xlat_rtnl_tc_action_attrs, "%#llx /* TCA_ACT_??? */", d.at,
                      TCA_ACT_MAX + 1);
}

namespace {
bool nla_igmp_msg(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint8_t>(c, addr, len, xlat_rtnl_ipmra_msg_types, "%#llx /* IGMPMSG_??? */");
}
bool nla_mrt6_msg(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint8_t>(c, addr, len, xlat_rtnl_ip6mra_msg_types, "%#llx /* MRT6MSG_??? */");
}
bool nla_in_addr(Call &c, uint64_t addr, uint32_t len, const void *) {
    print_inet_addr_at(c, addr, len, AF_INET);
    return true;
}
bool nla_in6_addr(Call &c, uint64_t addr, uint32_t len, const void *) {
    print_inet_addr_at(c, addr, len, AF_INET6);
    return true;
}
}  // namespace

// RTM_NEWCACHEREPORT: a multicast routing family's report, its attributes per family (IPv4's
// and IPv6's multicast routing); other families' attributes are shown as bytes (strace's
// af_spec rule).
void decode_route_cachereport(Call &c, uint64_t addr, uint32_t len) {
    uint8_t family = 0;
    c.mem().read_obj(RemoteAddr(addr), family);
    c.str("{rtgen_family=");
    if (family == RTNL_FAMILY_IPMR || family == RTNL_FAMILY_IP6MR) {
        const int style = c.options().xlat_style;
        if (style != kXlatAbbrev) c.hex(family);
        if (style == kXlatVerbose) c.str(" /* ");
        if (style != kXlatRaw) c.str(family == RTNL_FAMILY_IPMR ? "RTNL_FAMILY_IPMR" : "RTNL_FAMILY_IP6MR");
        if (style == kXlatVerbose) c.str(" */");
    } else {
        c.enum_val(xlat_address_families, family, "%#llx /* RTNL_FAMILY_??? */");
    }
    c.str("}");
    if (len <= 4) return;
    c.str(", ");
    if (family == RTNL_FAMILY_IPMR) {
        static const Decoders<IPMRA_CREPORT_TABLE + 1> d({{IPMRA_CREPORT_MSGTYPE, nla_igmp_msg},
                                                          {IPMRA_CREPORT_VIF_ID, nla_u32},
                                                          {IPMRA_CREPORT_SRC_ADDR, nla_in_addr},
                                                          {IPMRA_CREPORT_DST_ADDR, nla_in_addr},
                                                          {IPMRA_CREPORT_TABLE, nla_u32}});
        decode_nlattrs(c, addr + 4, len - 4, xlat_rtnl_ipmra_creport_attr, "%#llx /* IPMRA_CREPORT_??? */", d.at,
                       IPMRA_CREPORT_TABLE + 1, nullptr);
    } else if (family == RTNL_FAMILY_IP6MR) {
        static const Decoders<IP6MRA_CREPORT_PKT + 1> d({{IP6MRA_CREPORT_MSGTYPE, nla_mrt6_msg},
                                                         {IP6MRA_CREPORT_MIF_ID, nla_u32},
                                                         {IP6MRA_CREPORT_SRC_ADDR, nla_in6_addr},
                                                         {IP6MRA_CREPORT_DST_ADDR, nla_in6_addr}});
        decode_nlattrs(c, addr + 4, len - 4, xlat_rtnl_ip6mra_creport_attr, "%#llx /* IP6MRA_CREPORT_??? */", d.at,
                       IP6MRA_CREPORT_PKT + 1, nullptr);
    } else {
        c.hex_buffer(addr + 4, len - 4);
    }
}

namespace {
bool nla_ndt_config(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<ndt_config>(c, addr, len, [&](const ndt_config &n) {
        fields_u(c, {{"ndtc_key_len", n.ndtc_key_len},
                     {"ndtc_entry_size", n.ndtc_entry_size},
                     {"ndtc_entries", n.ndtc_entries},
                     {"ndtc_last_flush", n.ndtc_last_flush},
                     {"ndtc_last_rand", n.ndtc_last_rand},
                     {"ndtc_hash_rnd", n.ndtc_hash_rnd}});
        c.out().pop_back();  // (the mask is hex, zero-padded: strace's PRINT_FIELD_0X)
        char buf[48];
        std::snprintf(buf, sizeof buf, ", ndtc_hash_mask=%#010x", n.ndtc_hash_mask);
        c.str(n.ndtc_hash_mask ? buf : ", ndtc_hash_mask=0x00000000");
        c.str(", ndtc_hash_chain_gc=");
        c.udec(n.ndtc_hash_chain_gc);
        c.str(", ndtc_proxy_qlen=");
        c.udec(n.ndtc_proxy_qlen);
        c.str("}");
    });
}

// struct ndt_stats, whole or in its older size without ndts_table_fulls.
bool nla_ndt_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    const uint32_t old_size = offsetof(ndt_stats, ndts_table_fulls);
    const uint32_t size = len >= sizeof(ndt_stats) ? sizeof(ndt_stats) : len == old_size ? old_size : 0;
    if (!size) return false;
    ndt_stats st{};
    if (!c.mem().read_exact(RemoteAddr(addr), &st, size)) {
        c.ptr(addr);
        return true;
    }
    fields_u(c, {{"ndts_allocs", st.ndts_allocs},
                 {"ndts_destroys", st.ndts_destroys},
                 {"ndts_hash_grows", st.ndts_hash_grows},
                 {"ndts_res_failed", st.ndts_res_failed},
                 {"ndts_lookups", st.ndts_lookups},
                 {"ndts_hits", st.ndts_hits},
                 {"ndts_rcv_probes_mcast", st.ndts_rcv_probes_mcast},
                 {"ndts_rcv_probes_ucast", st.ndts_rcv_probes_ucast},
                 {"ndts_periodic_gc_runs", st.ndts_periodic_gc_runs},
                 {"ndts_forced_gc_runs", st.ndts_forced_gc_runs}});
    if (size == sizeof(ndt_stats)) {
        c.out().pop_back();
        c.str(", ndts_table_fulls=");
        c.udec(st.ndts_table_fulls);
        c.str("}");
    }
    return true;
}

bool nla_ndt_parms(Call &c, uint64_t addr, uint32_t len, const void *opaque) {
    static const Decoders<NDTPA_INTERVAL_PROBE_TIME_MS + 1> d({{NDTPA_IFINDEX, nla_ifindex},
                                                               {NDTPA_REFCNT, nla_u32},
                                                               {NDTPA_REACHABLE_TIME, nla_u64},
                                                               {NDTPA_BASE_REACHABLE_TIME, nla_u64},
                                                               {NDTPA_RETRANS_TIME, nla_u64},
                                                               {NDTPA_GC_STALETIME, nla_u64},
                                                               {NDTPA_DELAY_PROBE_TIME, nla_u64},
                                                               {NDTPA_QUEUE_LEN, nla_u32},
                                                               {NDTPA_APP_PROBES, nla_u32},
                                                               {NDTPA_UCAST_PROBES, nla_u32},
                                                               {NDTPA_MCAST_PROBES, nla_u32},
                                                               {NDTPA_ANYCAST_DELAY, nla_u64},
                                                               {NDTPA_PROXY_DELAY, nla_u64},
                                                               {NDTPA_PROXY_QLEN, nla_u32},
                                                               {NDTPA_LOCKTIME, nla_u64},
                                                               {NDTPA_QUEUE_LENBYTES, nla_u32},
                                                               {NDTPA_MCAST_REPROBES, nla_u32},
                                                               {NDTPA_INTERVAL_PROBE_TIME_MS, nla_u64}});
    decode_nlattrs(c, addr, len, xlat_rtnl_neightbl_parms_attrs, "%#llx /* NDTPA_??? */", d.at,
                   NDTPA_INTERVAL_PROBE_TIME_MS + 1, opaque);
    return true;
}
}  // namespace

void decode_route_neightbl(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<NDTA_PAD + 1> d({{NDTA_NAME, nla_str},
                                           {NDTA_THRESH1, nla_u32},
                                           {NDTA_THRESH2, nla_u32},
                                           {NDTA_THRESH3, nla_u32},
                                           {NDTA_CONFIG, nla_ndt_config},
                                           {NDTA_PARMS, nla_ndt_parms},
                                           {NDTA_STATS, nla_ndt_stats},
                                           {NDTA_GC_INTERVAL, nla_u64}});
    family_then_attrs(c, addr, len, "ndtm_family", xlat_rtnl_neightbl_attrs, "%#llx /* NDTA_??? */", d.at,
                      NDTA_PAD + 1);
}

}  // namespace wiretrace
