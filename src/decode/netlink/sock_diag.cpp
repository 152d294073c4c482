// NETLINK_SOCK_DIAG payloads: requests and replies by address family, with their attributes
// (AF_UNIX, AF_NETLINK and AF_PACKET here; AF_INET/AF_INET6 and AF_SMC in inet_diag.cpp);
// other families as {family=AF_..., data="..."}.
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <cstdio>
#include <cstring>

#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void cookie(Call &c, const uint32_t (&v)[2]) {
    print_diag_cookie(c, v);
}

bool nla_unix_vfs(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<unix_diag_vfs>(c, addr, len, [&](const unix_diag_vfs &v) {
        char b[64];
        std::snprintf(b, sizeof b, "{udiag_vfs_dev=makedev(%#x, %#x), udiag_vfs_ino=", major(v.udiag_vfs_dev),
                      minor(v.udiag_vfs_dev));
        c.str(b);
        c.udec(v.udiag_vfs_ino);
        c.str("}");
    });
}

bool nla_unix_rqlen(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<unix_diag_rqlen>(c, addr, len, [&](const unix_diag_rqlen &q) {
        c.str("{udiag_rqueue=");
        c.udec(q.udiag_rqueue);
        c.str(", udiag_wqueue=");
        c.udec(q.udiag_wqueue);
        c.str("}");
    });
}

bool nla_u32_array(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(uint32_t)) return false;
    c.array<uint32_t>(addr, len / sizeof(uint32_t), [&](uint32_t v) {
        c.udec(v);
        return true;
    });
    return true;
}

void unix_request(Call &c, uint64_t addr, uint32_t len) {
    unix_diag_req r{};
    print_fixed_part(c, addr, len, "sdiag_family", r, [&] {
        c.str("sdiag_protocol=");
        c.udec(r.sdiag_protocol);
        c.str(", udiag_states=");
        c.flags_of({&xlat_tcp_state_flags}, r.udiag_states, "0", "1<<TCP_???");
        c.str(", udiag_ino=");
        c.udec(r.udiag_ino);
        c.str(", udiag_show=");
        c.flags_of({&xlat_unix_diag_show}, r.udiag_show, "0", "UDIAG_SHOW_???");
        c.str(", udiag_cookie=");
        cookie(c, r.udiag_cookie);
    });
}

void unix_reply(Call &c, uint64_t addr, uint32_t len) {
    unix_diag_msg m{};
    bool whole = print_fixed_part(c, addr, len, "udiag_family", m, [&] {
        c.str("udiag_type=");
        c.enum_val(xlat_socket_types, m.udiag_type, "%#llx /* SOCK_??? */");
        c.str(", udiag_state=");
        c.enum_val(xlat_tcp_states, m.udiag_state, "%#llx /* TCP_??? */");
        c.str(", udiag_ino=");
        c.udec(m.udiag_ino);
        c.str(", udiag_cookie=");
        cookie(c, m.udiag_cookie);
    });
    uint32_t off = (sizeof m + 3) & ~3u;
    if (whole && len > off) {
        static const NlaDecoder decoders[] = {nla_str,        nla_unix_vfs,   nla_u32, nla_u32_array,
                                              nla_unix_rqlen, nla_sk_meminfo, nla_u8,  nla_u32};
        c.str(", ");
        decode_nlattrs(c, addr + off, len - off, xlat_unix_diag_attrs, "%#llx /* UNIX_DIAG_??? */", decoders,
                       std::size(decoders), nullptr);
    }
}

void netlink_request(Call &c, uint64_t addr, uint32_t len) {
    netlink_diag_req r{};
    print_fixed_part(c, addr, len, "sdiag_family", r, [&] {
        c.str("sdiag_protocol=");
        if (r.sdiag_protocol == NDIAG_PROTO_ALL)
            c.composite(NDIAG_PROTO_ALL, [](Call &n) { n.str("NDIAG_PROTO_ALL"); });
        else
            c.enum_val(xlat_netlink_protocols, r.sdiag_protocol, "%#llx /* NETLINK_??? */");
        c.str(", ndiag_ino=");
        c.udec(r.ndiag_ino);
        c.str(", ndiag_show=");
        c.flags_of({&xlat_netlink_diag_show}, r.ndiag_show, "0", "NDIAG_SHOW_???");
        c.str(", ndiag_cookie=");
        cookie(c, r.ndiag_cookie);
    });
}

// NETLINK_DIAG_GROUPS: the socket's group bitmap in words of the tracee's size.
bool nla_groups(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(uint64_t)) return false;
    c.array<uint64_t>(addr, len / sizeof(uint64_t), [&](uint64_t v) {
        char b[24];
        std::snprintf(b, sizeof b, "%#018llx", static_cast<unsigned long long>(v));
        c.str(b);
        return true;
    });
    return true;
}

// "{name=1, name=2}" from consecutive uint32_t fields of a T.
template <typename T, size_t N>
bool nla_u32_struct(Call &c, uint64_t addr, uint32_t len, const char *const (&names)[N]) {
    static_assert(sizeof(T) >= N * sizeof(uint32_t));
    return nla_read<T>(c, addr, len, [&](const T &v) {
        uint32_t f[N];
        std::memcpy(f, &v, sizeof f);
        for (size_t i = 0; i < N; i++) {
            c.str(i ? ", " : "{");
            c.str(names[i]);
            c.str("=");
            c.udec(f[i]);
        }
        c.str("}");
    });
}

bool nla_netlink_ring(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const char *const names[] = {"ndr_block_size", "ndr_block_nr", "ndr_frame_size", "ndr_frame_nr"};
    return nla_u32_struct<netlink_diag_ring>(c, addr, len, names);
}

bool nla_netlink_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len,
                              [&](uint32_t v) { c.flags_of({&xlat_netlink_socket_flags}, v, "0", "NDIAG_FLAG_???"); });
}

void netlink_reply(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<NETLINK_DIAG_FLAGS + 1> decoders{{NETLINK_DIAG_MEMINFO, nla_sk_meminfo},
                                                           {NETLINK_DIAG_GROUPS, nla_groups},
                                                           {NETLINK_DIAG_RX_RING, nla_netlink_ring},
                                                           {NETLINK_DIAG_TX_RING, nla_netlink_ring},
                                                           {NETLINK_DIAG_FLAGS, nla_netlink_flags}};
    fixed_then_attrs<netlink_diag_msg>(
        c, addr, len, "ndiag_family",
        [&](const netlink_diag_msg &m) {
            c.str("ndiag_type=");
            c.enum_val(xlat_socket_types, m.ndiag_type, "%#llx /* SOCK_??? */");
            c.str(", ndiag_protocol=");
            c.enum_val(xlat_netlink_protocols, m.ndiag_protocol, "%#llx /* NETLINK_??? */");
            c.str(", ndiag_state=");
            c.enum_val(xlat_netlink_states, m.ndiag_state, "%#llx /* NETLINK_??? */");
            c.str(", ndiag_portid=");
            c.udec(m.ndiag_portid);
            c.str(", ndiag_dst_portid=");
            c.udec(m.ndiag_dst_portid);
            c.str(", ndiag_dst_group=");
            c.udec(m.ndiag_dst_group);
            c.str(", ndiag_ino=");
            c.udec(m.ndiag_ino);
            c.str(", ndiag_cookie=");
            cookie(c, m.ndiag_cookie);
        },
        xlat_netlink_diag_attrs, "%#llx /* NETLINK_DIAG_??? */", decoders.at, std::size(decoders.at));
}

void packet_request(Call &c, uint64_t addr, uint32_t len) {
    packet_diag_req r{};
    print_fixed_part(c, addr, len, "sdiag_family", r, [&] {
        c.str("sdiag_protocol=");  // (AF_PACKET takes only 0 here)
        c.hex(r.sdiag_protocol);
        c.str(", pdiag_ino=");
        c.udec(r.pdiag_ino);
        c.str(", pdiag_show=");
        c.flags_of({&xlat_packet_diag_show}, r.pdiag_show, "0", "PACKET_SHOW_???");
        c.str(", pdiag_cookie=");
        cookie(c, r.pdiag_cookie);
    });
}

bool nla_packet_info(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<packet_diag_info>(c, addr, len, [&](const packet_diag_info &i) {
        c.str("{pdi_index=");
        print_ifindex(c, i.pdi_index);
        c.str(", pdi_version=");
        c.enum_val(xlat_af_packet_versions, i.pdi_version, "%#llx /* TPACKET_??? */");
        c.str(", pdi_reserve=");
        c.udec(i.pdi_reserve);
        c.str(", pdi_copy_thresh=");
        c.udec(i.pdi_copy_thresh);
        c.str(", pdi_tstamp=");
        c.udec(i.pdi_tstamp);
        c.str(", pdi_flags=");
        c.flags_of({&xlat_packet_diag_info_flags}, i.pdi_flags, "0", "PDI_???");
        c.str("}");
    });
}

bool nla_packet_mclist(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(packet_diag_mclist)) return false;
    c.array<packet_diag_mclist>(addr, len / sizeof(packet_diag_mclist), [&](const packet_diag_mclist &m) {
        c.str("{pdmc_index=");
        print_ifindex(c, m.pdmc_index);
        c.str(", pdmc_count=");
        c.udec(m.pdmc_count);
        c.str(", pdmc_type=");
        c.udec(m.pdmc_type);
        c.str(", pdmc_alen=");
        c.udec(m.pdmc_alen);
        c.str(", pdmc_addr=");
        Call::quote(c.out(), m.pdmc_addr, std::min<size_t>(m.pdmc_alen, sizeof m.pdmc_addr), false, kHexAll);
        c.str("}");
        return true;
    });
    return true;
}

bool nla_packet_ring(Call &c, uint64_t addr, uint32_t len, const void *) {
    static const char *const names[] = {"pdr_block_size", "pdr_block_nr",    "pdr_frame_size", "pdr_frame_nr",
                                        "pdr_retire_tmo", "pdr_sizeof_priv", "pdr_features"};
    return nla_u32_struct<packet_diag_ring>(c, addr, len, names);
}

bool nla_packet_uid(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](uint32_t v) { c.uid(v); });
}

bool nla_packet_filter(Call &c, uint64_t addr, uint32_t len, const void *) {
    const uint32_t n = len / sizeof(sock_filter);
    if (!n || n > 0xffff) return false;
    print_bpf_program(c, addr, static_cast<unsigned short>(n), true);
    return true;
}

void packet_reply(Call &c, uint64_t addr, uint32_t len) {
    static const Decoders<PACKET_DIAG_FILTER + 1> decoders{
        {PACKET_DIAG_INFO, nla_packet_info},    {PACKET_DIAG_MCLIST, nla_packet_mclist},
        {PACKET_DIAG_RX_RING, nla_packet_ring}, {PACKET_DIAG_TX_RING, nla_packet_ring},
        {PACKET_DIAG_FANOUT, nla_u32},          {PACKET_DIAG_UID, nla_packet_uid},
        {PACKET_DIAG_MEMINFO, nla_sk_meminfo},  {PACKET_DIAG_FILTER, nla_packet_filter}};
    fixed_then_attrs<packet_diag_msg>(
        c, addr, len, "pdiag_family",
        [&](const packet_diag_msg &m) {
            c.str("pdiag_type=");
            c.enum_val(xlat_socket_types, m.pdiag_type, "%#llx /* SOCK_??? */");
            c.str(", pdiag_num=");
            c.enum_val(xlat_ethernet_protocols, m.pdiag_num, "%#llx /* ETH_P_??? */");
            c.str(", pdiag_ino=");
            c.udec(m.pdiag_ino);
            c.str(", pdiag_cookie=");
            cookie(c, m.pdiag_cookie);
        },
        xlat_packet_diag_attrs, "%#llx /* PACKET_DIAG_??? */", decoders.at, std::size(decoders.at));
}
}  // namespace

bool decode_netlink_sock_diag(Call &c, const nlmsghdr &h, uint64_t addr, uint32_t len) {
    if (h.nlmsg_type == NLMSG_DONE) return false;
    uint8_t family;
    if (!c.mem().read_obj(RemoteAddr(addr), family)) {
        c.ptr(addr);
        return true;
    }
    const bool request = h.nlmsg_flags & NLM_F_REQUEST;
    if (len > 1) switch (family) {
            case AF_UNIX:
                return request ? unix_request(c, addr, len) : unix_reply(c, addr, len), true;
            case AF_INET:
            case AF_INET6:
                return decode_inet_diag(c, h.nlmsg_type, addr, len, request), true;
            case AF_NETLINK:
                return request ? netlink_request(c, addr, len) : netlink_reply(c, addr, len), true;
            case AF_PACKET:
                return request ? packet_request(c, addr, len) : packet_reply(c, addr, len), true;
            case AF_SMC:
                return decode_smc_diag(c, addr, len, request), true;
        }
    c.str("{family=");
    c.enum_val(xlat_address_families, family, "%#llx /* AF_??? */");
    if (len > 1) {
        c.str(", data=");
        c.hex_buffer(addr + 1, len - 1);
    }
    c.str("}");
    return true;
}

}  // namespace wiretrace
