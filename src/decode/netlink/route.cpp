// NETLINK_ROUTE payloads: ifaddrmsg (addresses), rtmsg (routes), ndmsg
// (neighbours) with their attributes; other message types as {family=AF_..., data="..."}.
#include <linux/dcbnl.h>
#include <linux/if_addr.h>
#include <linux/if_addrlabel.h>
#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <arpa/inet.h>
#include <linux/lwtunnel.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <utility>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

bool nla_encap_type(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint16_t>(c, addr, len, [&](const uint16_t &v) {
        c.enum_val(xlat_lwtunnel_encap_types, v, "%#llx /* LWTUNNEL_ENCAP_??? */");
    });
}

bool nla_table(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](const uint32_t &v) { c.enum_val(xlat_routing_table_ids, v, "%llu"); });
}

namespace {

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

bool nla_route_addr(Call &c, uint64_t addr, uint32_t len, const void *msg);
bool nla_metrics(Call &c, uint64_t addr, uint32_t len, const void *msg);
bool nla_multipath(Call &c, uint64_t addr, uint32_t len, const void *msg);

bool nla_rta_cacheinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<rta_cacheinfo>(c, addr, len, [&](const rta_cacheinfo &v) {
        const std::pair<const char *, uint32_t> fields[] = {{"{rta_clntref=", v.rta_clntref},
                                                            {", rta_lastuse=", v.rta_lastuse},
                                                            {", rta_expires=", v.rta_expires},
                                                            {", rta_error=", v.rta_error},
                                                            {", rta_used=", v.rta_used}};
        for (const auto &[name, x] : fields) {
            c.str(name);
            c.udec(x);
        }
        c.str(", rta_id=");
        c.hex(v.rta_id);
        c.str(", rta_ts=");
        c.udec(v.rta_ts);
        c.str(", rta_tsage=");
        c.udec(v.rta_tsage);
        c.str("}");
    });
}

bool nla_mfc_stats(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<rta_mfc_stats>(c, addr, len, [&](const rta_mfc_stats &v) {
        c.str("{mfcs_packets=");
        c.udec(v.mfcs_packets);
        c.str(", mfcs_bytes=");
        c.udec(v.mfcs_bytes);
        c.str(", mfcs_wrong_if=");
        c.udec(v.mfcs_wrong_if);
        c.str("}");
    });
}

bool nla_rtvia(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<rtvia>(c, addr, len, [&](const rtvia &v) {
        c.str("{rtvia_family=");
        c.enum_val(xlat_address_families, v.rtvia_family, "%#llx /* AF_??? */");
        const uint32_t off = offsetof(rtvia, rtvia_addr);
        if (len > off) {
            c.str(", ");
            in6_addr a6;
            if (v.rtvia_family == AF_INET6 && len - off >= sizeof a6 && c.mem().read_obj(RemoteAddr(addr + off), a6)) {
                // (strace names the field inside inet_pton for IPv6)
                char text[INET6_ADDRSTRLEN];
                inet_ntop(AF_INET6, &a6, text, sizeof text);
                c.str("inet_pton(AF_INET6, \"");
                c.str(text);
                c.str("\", &rtvia_addr)");
            } else {
                c.str("rtvia_addr=");
                print_inet_addr_at(c, addr + off, len - off, v.rtvia_family);
            }
        }
        c.str("}");
    });
}

const Decoders<RTA_MAX + 1> &route_decoders() {
    static const Decoders<RTA_MAX + 1> d({
        {RTA_DST, nla_route_addr},
        {RTA_SRC, nla_route_addr},
        {RTA_IIF, nla_ifindex},
        {RTA_OIF, nla_ifindex},
        {RTA_GATEWAY, nla_route_addr},
        {RTA_PRIORITY, nla_u32},
        {RTA_PREFSRC, nla_route_addr},
        {RTA_METRICS, nla_metrics},
        {RTA_MULTIPATH, nla_multipath},
        {RTA_PROTOINFO, nla_u32},
        {RTA_FLOW, nla_u32},
        {RTA_CACHEINFO, nla_rta_cacheinfo},
        {RTA_MP_ALGO, nla_u32},
        {RTA_TABLE, nla_table},
        {RTA_MARK, nla_u32},
        {RTA_MFC_STATS, nla_mfc_stats},
        {RTA_VIA, nla_rtvia},
        {RTA_NEWDST, nla_route_addr},
        {RTA_PREF, nla_u8},
        {RTA_ENCAP_TYPE, nla_encap_type},
        {RTA_EXPIRES, nla_u64},
        {RTA_UID, nla_u32},
        {RTA_TTL_PROPAGATE, nla_u8},
        {RTA_IP_PROTO, nla_u8},
        {RTA_SPORT, nla_u16},
        {RTA_DPORT, nla_u16},
    });
    return d;
}

bool nla_route_addr(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    print_inet_addr_at(c, addr, len, static_cast<const rtmsg *>(msg)->rtm_family);
    return true;
}

bool nla_metrics(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const Decoders<RTAX_MAX + 1> d({
        {RTAX_LOCK, nla_u32},
        {RTAX_MTU, nla_u32},
        {RTAX_WINDOW, nla_u32},
        {RTAX_RTT, nla_u32},
        {RTAX_RTTVAR, nla_u32},
        {RTAX_SSTHRESH, nla_u32},
        {RTAX_CWND, nla_u32},
        {RTAX_ADVMSS, nla_u32},
        {RTAX_REORDERING, nla_u32},
        {RTAX_HOPLIMIT, nla_u32},
        {RTAX_INITCWND, nla_u32},
        {RTAX_FEATURES, nla_u32},
        {RTAX_RTO_MIN, nla_u32},
        {RTAX_INITRWND, nla_u32},
        {RTAX_QUICKACK, nla_u32},
        {RTAX_CC_ALGO, nla_str},
    });
    decode_nlattrs(c, addr, len, xlat_rtnl_rta_metrics_attrs, "%#llx /* RTAX_??? */", d.at, RTAX_MAX + 1, msg);
    return true;
}

// RTA_MULTIPATH: struct rtnexthop headers, each followed by RTA_* attributes of its own.
bool nla_multipath(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    rtnexthop nh;
    if (len < sizeof nh) return false;
    uint64_t cur = addr;
    uint32_t left = len;
    bool is_array = false;
    const uint32_t off = RTNH_ALIGN(sizeof nh);
    while (true) {
        if (!c.mem().read_obj(RemoteAddr(cur), nh)) {
            c.ptr(cur);
            break;
        }
        const uint32_t nh_len = std::min<uint32_t>(left, nh.rtnh_len);
        if (cur == addr && nh.rtnh_len < len) {
            c.str("[");
            is_array = true;
        }
        if (cur > addr) c.str(", ");
        if (nh_len > off) c.str("[");
        c.str("{rtnh_len=");
        c.udec(nh.rtnh_len);
        c.str(", rtnh_flags=");
        c.flags_of({&xlat_route_nexthop_flags}, nh.rtnh_flags, "0", "RTNH_F_???");
        c.str(", rtnh_hops=");
        c.udec(nh.rtnh_hops);
        c.str(", rtnh_ifindex=");
        print_ifindex(c, static_cast<unsigned>(nh.rtnh_ifindex));
        c.str("}");
        if (nh_len > off) {
            c.str(", ");
            decode_nlattrs(c, cur + off, nh_len - off, xlat_rtnl_route_attrs, "%#llx /* RTA_??? */",
                           route_decoders().at, RTA_MAX + 1, msg);
            c.str("]");
        }
        if (RTNH_ALIGN(nh_len) >= left || nh_len == 0) break;
        cur += RTNH_ALIGN(nh_len);
        left -= RTNH_ALIGN(nh_len);
    }
    if (is_array) c.str("]");
    return true;
}

void route(Call &c, uint64_t addr, uint32_t len) {
    const NlaDecoder *decoders = route_decoders().at;
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
        xlat_rtnl_route_attrs, "%#llx /* RTA_??? */", decoders, RTA_MAX + 1);
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

bool nla_fdb_notify(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 1, xlat_fdb_notify_flags, "0", "FDB_NOTIFY_???");
}

bool nla_fdb_ext_attrs(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    static const NlaDecoder d[] = {nullptr, nla_fdb_notify};
    decode_nlattrs(c, addr, len, xlat_rtnl_neigh_fdb_ext_attrs, "%#llx /* NFEA_??? */", d, 2, msg);
    return true;
}

bool nla_ntf_ext_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 4, xlat_neighbor_cache_entry_ext_flags, "0", "NTF_EXT_???");
}

bool nla_nud_states(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 2, xlat_neighbor_cache_entry_states, "NUD_NONE", "NUD_???");
}

bool nla_ntf_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 1, xlat_neighbor_cache_entry_flags, "0", "NTF_???");
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
        {NDA_FDB_EXT_ATTRS, nla_fdb_ext_attrs},
        {NDA_FLAGS_EXT, nla_ntf_ext_flags},
        {NDA_NDM_STATE_MASK, nla_nud_states},
        {NDA_NDM_FLAGS_MASK, nla_ntf_flags},
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
void nsid(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder d[] = {nullptr, nla_s32, nla_u32, nla_fd, nla_s32, nla_s32};
    family_then_attrs(c, addr, len, "rtgen_family", xlat_rtnl_nsid_attrs, "%#llx /* NETNSA_??? */", d, std::size(d));
}

void netconf(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder d[] = {nullptr, nla_ifindex, nla_s32, nla_s32, nla_s32, nla_s32, nla_s32, nla_u32, nla_s32};
    family_then_attrs(c, addr, len, "ncm_family", xlat_rtnl_netconf_attrs, "%#llx /* NETCONFA_??? */", d, std::size(d));
}

void dcb(Call &c, uint64_t addr, uint32_t len) {
    fixed_then_attrs<dcbmsg>(
        c, addr, len, "dcb_family",
        [&](const dcbmsg &v) {
            c.str("cmd=");
            c.enum_val(xlat_dcb_commands, v.cmd, "%#llx /* DCB_CMD_??? */");
        },
        xlat_rtnl_dcb_attrs, "%#llx /* DCB_ATTR_??? */", nullptr, 0);
}

// struct br_mdb_entry, then its own attributes (the entry's timer)
bool nla_mdb_entry_info(Call &c, uint64_t addr, uint32_t len, const void *) {
    br_mdb_entry e;
    if (len < sizeof e) return false;
    if (c.fetch(addr, e)) {
        c.str("{ifindex=");
        print_ifindex(c, e.ifindex);
        c.str(", state=");
        c.enum_val(xlat_mdb_states, e.state, "%#llx /* MDB_??? */");
        c.str(", flags=");
        c.flags_of({&xlat_mdb_flags}, e.flags, "0", "MDB_FLAGS_???");
        c.str(", vid=");
        c.udec(e.vid);
        const int proto = ntohs(e.addr.proto);
        c.str(", addr={");
        // (strace compares the host-order protocol with AF_INET, so real entries, ETH_P_IP,
        // show their bytes)
        c.str("u=");
        if (proto == AF_INET)
            print_inet_addr_at(c, addr + offsetof(br_mdb_entry, addr), 4, AF_INET);
        else
            c.hex_buffer(addr + offsetof(br_mdb_entry, addr), sizeof e.addr.u);
        c.str(", proto=htons(");
        c.enum_val(xlat_address_families, static_cast<unsigned>(proto), "%#llx /* AF_??? */");
        c.str(")}}");
    }
    const uint32_t off = (sizeof e + 3) & ~3u;
    if (len > off) {
        static const Decoders<MDBA_MDB_EATTR_TIMER + 1> d({{MDBA_MDB_EATTR_TIMER, nla_clock_t}});
        c.str(", ");
        decode_nlattrs(c, addr + off, len - off, xlat_rtnl_mdba_mdb_eattr_attrs, "%#llx /* MDBA_MDB_EATTR_??? */", d.at,
                       MDBA_MDB_EATTR_TIMER + 1, nullptr);
    }
    return true;
}

bool nla_mdb_entry(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<MDBA_MDB_ENTRY_INFO + 1> d({{MDBA_MDB_ENTRY_INFO, nla_mdb_entry_info}});
    decode_nlattrs(c, addr, len, xlat_rtnl_mdba_mdb_entry_attrs, "%#llx /* MDBA_MDB_ENTRY_??? */", d.at,
                   MDBA_MDB_ENTRY_INFO + 1, nullptr);
    return true;
}

bool nla_mdba_mdb(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<MDBA_MDB_ENTRY + 1> d({{MDBA_MDB_ENTRY, nla_mdb_entry}});
    decode_nlattrs(c, addr, len, xlat_rtnl_mdba_mdb_attrs, "%#llx /* MDBA_MDB_??? */", d.at, MDBA_MDB_ENTRY + 1,
                   nullptr);
    return true;
}

bool nla_router_type(Call &c, uint64_t addr, uint32_t, const void *) {
    uint8_t type;
    if (c.fetch(addr, type)) c.enum_val(xlat_multicast_router_types, type, "%#llx /* MDB_RTR_TYPE_??? */");
    return true;
}

// MDBA_ROUTER_PORT: an interface index, then its attributes
bool nla_router_port(Call &c, uint64_t addr, uint32_t len, const void *) {
    uint32_t ifindex;
    if (len < sizeof ifindex) return false;
    if (c.fetch(addr, ifindex)) print_ifindex(c, ifindex);
    if (len > sizeof ifindex) {
        static const Decoders<MDBA_ROUTER_PATTR_INET6_TIMER + 1> d({{MDBA_ROUTER_PATTR_TIMER, nla_clock_t},
                                                                    {MDBA_ROUTER_PATTR_TYPE, nla_router_type},
                                                                    {MDBA_ROUTER_PATTR_INET_TIMER, nla_clock_t},
                                                                    {MDBA_ROUTER_PATTR_INET6_TIMER, nla_clock_t}});
        c.str(", ");
        decode_nlattrs(c, addr + sizeof ifindex, len - sizeof ifindex, xlat_rtnl_mdba_router_pattr_attrs,
                       "%#llx /* MDBA_ROUTER_PATTR_??? */", d.at, MDBA_ROUTER_PATTR_INET6_TIMER + 1, nullptr);
    }
    return true;
}

bool nla_mdba_router(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const Decoders<MDBA_ROUTER_PORT + 1> d({{MDBA_ROUTER_PORT, nla_router_port}});
    decode_nlattrs(c, addr, len, xlat_rtnl_mdba_router_attrs, "%#llx /* MDBA_ROUTER_??? */", d.at, MDBA_ROUTER_PORT + 1,
                   nullptr);
    return true;
}

void mdb(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<MDBA_ROUTER + 1> d({{MDBA_MDB, nla_mdba_mdb}, {MDBA_ROUTER, nla_mdba_router}});
    fixed_then_attrs<br_port_msg>(
        c, addr, len, "family",
        [&](const br_port_msg &v) {
            c.str("ifindex=");
            print_ifindex(c, v.ifindex);
        },
        xlat_rtnl_mdb_attrs, "%#llx /* MDBA_??? */", d.at, MDBA_ROUTER + 1);
}

bool nla_ifal_address(Call &c, uint64_t addr, uint32_t len, const void *msg) {
    const auto *m = static_cast<const ifaddrlblmsg *>(msg);
    print_inet_addr_at(c, addr, len, m->ifal_family);
    return true;
}

void addrlabel(Call &c, uint64_t addr, uint32_t len) {
    static const NlaDecoder d[] = {nullptr, nla_ifal_address, nla_u32};
    fixed_then_attrs<ifaddrlblmsg>(
        c, addr, len, "ifal_family",
        [&](const ifaddrlblmsg &v) {
            c.str("ifal_prefixlen=");
            c.udec(v.ifal_prefixlen);
            c.str(", ifal_flags=");
            c.udec(v.ifal_flags);
            c.str(", ifal_index=");
            print_ifindex(c, v.ifal_index);
            c.str(", ifal_seq=");
            c.udec(v.ifal_seq);
        },
        xlat_rtnl_addrlabel_attrs, "%#llx /* IFAL_??? */", d, std::size(d));
}

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
            decode_route_link(c, addr, len);
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
        case RTM_NEWNSID:
        case RTM_DELNSID:
        case RTM_GETNSID:
            nsid(c, addr, len);
            break;
        case RTM_NEWNETCONF:
        case RTM_DELNETCONF:
        case RTM_GETNETCONF:
            netconf(c, addr, len);
            break;
        case RTM_GETDCB:
        case RTM_SETDCB:
            dcb(c, addr, len);
            break;
        case RTM_NEWMDB:
        case RTM_DELMDB:
        case RTM_GETMDB:
            mdb(c, addr, len);
            break;
        case RTM_NEWADDRLABEL:
        case RTM_DELADDRLABEL:
        case RTM_GETADDRLABEL:
            addrlabel(c, addr, len);
            break;
        case RTM_NEWSTATS:
        case RTM_GETSTATS:
            decode_route_stats(c, addr, len);
            break;
        case RTM_NEWNEXTHOP:
        case RTM_DELNEXTHOP:
        case RTM_GETNEXTHOP:
            decode_route_nexthop(c, addr, len);
            break;
        case RTM_NEWRULE:
        case RTM_DELRULE:
        case RTM_GETRULE:
            decode_route_rule(c, addr, len);
            break;
        case RTM_NEWQDISC:
        case RTM_DELQDISC:
        case RTM_GETQDISC:
        case RTM_NEWTCLASS:
        case RTM_DELTCLASS:
        case RTM_GETTCLASS:
        case RTM_NEWTFILTER:
        case RTM_DELTFILTER:
        case RTM_GETTFILTER:
        case RTM_NEWCHAIN:
        case RTM_DELCHAIN:
        case RTM_GETCHAIN:
            decode_route_tc(c, addr, len);
            break;
        case RTM_NEWACTION:
        case RTM_DELACTION:
        case RTM_GETACTION:
            decode_route_tc_action(c, addr, len);
            break;
        case RTM_NEWNEIGHTBL:
        case RTM_GETNEIGHTBL:
        case RTM_SETNEIGHTBL:
            decode_route_neightbl(c, addr, len);
            break;
        case RTM_NEWCACHEREPORT:
            decode_route_cachereport(c, addr, len);
            break;
        default:
            family_and_data(c, addr, len);
            break;
    }
    return true;
}

}  // namespace wiretrace
