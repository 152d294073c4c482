// NETLINK_ROUTE payloads: ifaddrmsg (addresses), rtmsg (routes), ndmsg
// (neighbours) with their attributes; other message types as {family=AF_..., data="..."}.
#include <linux/dcbnl.h>
#include <linux/if_addr.h>
#include <linux/if_addrlabel.h>
#include <linux/if_bridge.h>
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
// Messages whose fixed part is the family alone (rtgenmsg, netconfmsg): "{rtgen_family=AF_...}"
// then the attributes, 4 bytes in.
void family_then_attrs(Call &c, uint64_t addr, uint32_t len, const char *field, const Xlat &attrs, const char *dflt,
                       const NlaDecoder *decoders, size_t ndecoders) {
    uint8_t family = 0;
    c.mem().read_obj(RemoteAddr(addr), family);
    c.str("{");
    c.str(field);
    c.str("=");
    c.enum_val(xlat_address_families, family, "%#llx /* AF_??? */");
    c.str("}");
    if (len > 4) {
        c.str(", ");
        decode_nlattrs(c, addr + 4, len - 4, attrs, dflt, decoders, ndecoders, &family);
    }
}

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

void mdb(Call &c, uint64_t addr, uint32_t len) {
    fixed_then_attrs<br_port_msg>(
        c, addr, len, "family",
        [&](const br_port_msg &v) {
            c.str("ifindex=");
            print_ifindex(c, v.ifindex);
        },
        xlat_rtnl_mdb_attrs, "%#llx /* MDBA_??? */", nullptr, 0);
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
        default:
            family_and_data(c, addr, len);
            break;
    }
    return true;
}

}  // namespace wiretrace
