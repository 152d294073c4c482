// NETLINK_SOCK_DIAG for AF_INET/AF_INET6 (inet_diag: the compat and v2 requests, the replies
// with their TCP congestion, ULP and socket-option attributes) and AF_SMC, which carries the
// same socket id.
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/smc_diag.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>

#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

void print_diag_cookie(Call &c, const uint32_t (&v)[2]) {
    c.str("[");
    c.udec(v[0]);
    c.str(", ");
    c.udec(v[1]);
    c.str("]");
}

bool nla_sk_meminfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return indexed_array<uint32_t>(c, addr, len, xlat_sk_meminfo_indices, "SK_MEMINFO_???");
}

namespace {
void print_sockid(Call &c, const inet_diag_sockid &id, int family) {
    print_net_field(c, "{idiag_sport=", &id.idiag_sport, 2, "htons", ntohs(id.idiag_sport));
    print_net_field(c, ", idiag_dport=", &id.idiag_dport, 2, "htons", ntohs(id.idiag_dport));
    c.str(", ");
    print_inet_addr(c, family, id.idiag_src, sizeof id.idiag_src, "idiag_src");
    c.str(", ");
    print_inet_addr(c, family, id.idiag_dst, sizeof id.idiag_dst, "idiag_dst");
    c.str(", idiag_if=");
    print_ifindex(c, id.idiag_if);
    c.str(", idiag_cookie=");
    print_diag_cookie(c, id.idiag_cookie);
    c.str("}");
}

// "{a=1, b=2}" from named unsigned values.
void u_fields(Call &c, std::initializer_list<std::pair<const char *, uint64_t>> fields) {
    const char *sep = "{";
    for (auto &[name, v] : fields) {
        c.str(sep);
        c.str(name);
        c.str("=");
        c.udec(v);
        sep = ", ";
    }
    c.str("}");
}

// A payload that must hold a T (else its bytes), printed by print.
template <typename T, typename P>
void sized_payload(Call &c, uint64_t addr, uint32_t len, P print) {
    if (len < sizeof(T)) return c.hex_buffer(addr, len);
    T v;
    if (!c.mem().read_obj(RemoteAddr(addr), v)) return c.ptr(addr);
    print(v);
}

void print_bc_op(Call &c, const inet_diag_bc_op &op) {
    c.str("{code=");
    c.enum_val(xlat_inet_diag_bytecodes, op.code, "%#llx /* INET_DIAG_BC_??? */");
    c.str(", yes=");
    c.udec(op.yes);
    c.str(", no=");
    c.udec(op.no);
    c.str("}");
}

void print_bytecode_data(Call &c, uint64_t addr, uint32_t len, unsigned code) {
    switch (code) {
        case INET_DIAG_BC_S_COND:
        case INET_DIAG_BC_D_COND:
            return sized_payload<inet_diag_hostcond>(c, addr, len, [&](const inet_diag_hostcond &h) {
                c.str("{family=");
                c.enum_val(xlat_address_families, h.family, "%#llx /* AF_??? */");
                c.str(", prefix_len=");
                c.udec(h.prefix_len);
                c.str(", port=");
                c.dec(h.port);
                if (len > sizeof h) {
                    c.str(", ");
                    print_inet_addr_at(c, addr + sizeof h, len - sizeof h, h.family, "addr");
                }
                c.str("}");
            });
        case INET_DIAG_BC_DEV_COND:
            return sized_payload<uint32_t>(c, addr, len, [&](uint32_t i) { print_ifindex(c, i); });
        case INET_DIAG_BC_S_GE:
        case INET_DIAG_BC_S_LE:
        case INET_DIAG_BC_D_GE:
        case INET_DIAG_BC_D_LE:
            return sized_payload<inet_diag_bc_op>(c, addr, len, [&](const inet_diag_bc_op &op) { print_bc_op(c, op); });
        case INET_DIAG_BC_MARK_COND:
            return sized_payload<inet_diag_markcond>(c, addr, len, [&](const inet_diag_markcond &m) {
                u_fields(c, {{"mark", m.mark}, {"mask", m.mask}});
            });
        default:
            return c.hex_buffer(addr, len);
    }
}

bool nla_bc_op(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<inet_diag_bc_op>(c, addr, len, [&](const inet_diag_bc_op &op) {
        print_bc_op(c, op);
        if (len > sizeof op) {
            c.str(", ");
            print_bytecode_data(c, addr + sizeof op, len - sizeof op, op.code);
        }
    });
}

// A protocol number of any size up to 8 bytes (requests carry a u32, replies a u8).
bool nla_ip_proto(Call &c, uint64_t addr, uint32_t len, const void *) {
    uint64_t v = 0;
    if (!len || len > sizeof v) return false;
    if (!c.mem().read_exact(RemoteAddr(addr), &v, len))
        c.ptr(addr);
    else
        c.enum_val(xlat_ip_protocols, v, "%#llx /* IPPROTO_??? */");
    return true;
}

const Decoders<INET_DIAG_REQ_PROTOCOL + 1> k_req_attrs{
    {INET_DIAG_REQ_BYTECODE, nla_bc_op},
    {INET_DIAG_REQ_PROTOCOL, nla_ip_proto},
};

void req_attrs(Call &c, uint64_t addr, uint32_t len) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_req_attrs, "%#llx /* INET_DIAG_REQ_??? */", k_req_attrs.at,
                   std::size(k_req_attrs.at), nullptr);
}

void ext_flags(Call &c, uint8_t ext) {
    c.flags_of({&xlat_inet_diag_extended_flags}, ext, "0", "1<<INET_DIAG_?\?\?-1");
}

void states(Call &c, uint32_t s) {
    c.flags_of({&xlat_tcp_state_flags}, s, "0", "1<<TCP_???");
}

void request_compat(Call &c, uint64_t addr, uint32_t len) {
    inet_diag_req r{};
    bool whole = print_fixed_part(c, addr, len, "idiag_family", r, [&] {
        c.str("idiag_src_len=");
        c.udec(r.idiag_src_len);
        c.str(", idiag_dst_len=");
        c.udec(r.idiag_dst_len);
        c.str(", idiag_ext=");
        ext_flags(c, r.idiag_ext);
        c.str(", id=");
        print_sockid(c, r.id, r.idiag_family);
        c.str(", idiag_states=");
        states(c, r.idiag_states);
        c.str(", idiag_dbs=");
        c.udec(r.idiag_dbs);
    });
    uint32_t off = NLMSG_ALIGN(sizeof r);
    if (whole && len > off) {
        c.str(", ");
        req_attrs(c, addr + off, len - off);
    }
}

void request_v2(Call &c, uint64_t addr, uint32_t len) {
    inet_diag_req_v2 r{};
    bool whole = print_fixed_part(c, addr, len, "sdiag_family", r, [&] {
        c.str("sdiag_protocol=");
        c.enum_val(xlat_ip_protocols, r.sdiag_protocol, "%#llx /* IPPROTO_??? */");
        c.str(", idiag_ext=");
        ext_flags(c, r.idiag_ext);
        c.str(", idiag_states=");
        states(c, r.idiag_states);
        c.str(", id=");
        print_sockid(c, r.id, r.sdiag_family);
    });
    uint32_t off = NLMSG_ALIGN(sizeof r);
    if (whole && len > off) {
        c.str(", ");
        req_attrs(c, addr + off, len - off);
    }
}

// Reply attributes.
bool nla_meminfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<inet_diag_meminfo>(c, addr, len, [&](const inet_diag_meminfo &m) {
        u_fields(c, {{"idiag_rmem", m.idiag_rmem},
                     {"idiag_wmem", m.idiag_wmem},
                     {"idiag_fmem", m.idiag_fmem},
                     {"idiag_tmem", m.idiag_tmem}});
    });
}

bool nla_vegas(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<tcpvegas_info>(c, addr, len, [&](const tcpvegas_info &v) {
        u_fields(c, {{"tcpv_enabled", v.tcpv_enabled},
                     {"tcpv_rttcnt", v.tcpv_rttcnt},
                     {"tcpv_rtt", v.tcpv_rtt},
                     {"tcpv_minrtt", v.tcpv_minrtt}});
    });
}

bool nla_dctcp(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<tcp_dctcp_info>(c, addr, len, [&](const tcp_dctcp_info &d) {
        u_fields(c, {{"dctcp_enabled", d.dctcp_enabled},
                     {"dctcp_ce_state", d.dctcp_ce_state},
                     {"dctcp_alpha", d.dctcp_alpha},
                     {"dctcp_ab_ecn", d.dctcp_ab_ecn},
                     {"dctcp_ab_tot", d.dctcp_ab_tot}});
    });
}

bool nla_bbr(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<tcp_bbr_info>(c, addr, len, [&](const tcp_bbr_info &b) {
        c.str("{bbr_bw_lo=");
        c.hex(b.bbr_bw_lo);
        c.str(", bbr_bw_hi=");
        c.hex(b.bbr_bw_hi);
        c.str(", bbr_min_rtt=");
        c.udec(b.bbr_min_rtt);
        c.str(", bbr_pacing_gain=");
        c.udec(b.bbr_pacing_gain);
        c.str(", bbr_cwnd_gain=");
        c.udec(b.bbr_cwnd_gain);
        c.str("}");
    });
}

// The shutdown bits' names are not in UAPI, so the number always shows (strace prints them in
// the verbose style unless -X raw).
bool nla_shutdown(Call &c, uint64_t addr, uint32_t len, const void *) {
    int style = c.options().xlat_style == kXlatRaw ? kXlatRaw : kXlatVerbose;
    bool ok = false;
    c.with_xlat_style(style,
                      [&](Call &v) { ok = nla_flags(v, addr, len, 1, xlat_sock_shutdown_flags, "0", "???_SHUTDOWN"); });
    return ok;
}

bool nla_sockaddrs(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(sockaddr_storage)) return false;
    c.array<sockaddr_storage>(addr, len / sizeof(sockaddr_storage), [&](const sockaddr_storage &s) {
        print_sockaddr_data(c, reinterpret_cast<const unsigned char *>(&s), sizeof s);
        return true;
    });
    return true;
}

bool nla_md5sig(Call &c, uint64_t addr, uint32_t len, const void *) {
    if (len < sizeof(tcp_diag_md5sig)) return false;
    c.array<tcp_diag_md5sig>(addr, len / sizeof(tcp_diag_md5sig), [&](const tcp_diag_md5sig &s) {
        c.str("{tcpm_family=");
        c.enum_val(xlat_address_families, s.tcpm_family, "%#llx /* AF_??? */");
        c.str(", tcpm_prefixlen=");
        c.udec(s.tcpm_prefixlen);
        c.str(", tcpm_keylen=");
        c.udec(s.tcpm_keylen);
        c.str(", ");
        print_inet_addr(c, s.tcpm_family, s.tcpm_addr, sizeof s.tcpm_addr, "tcpm_addr");
        c.str(", tcpm_key=");
        Call::quote(c.out(), s.tcpm_key, std::min<size_t>(sizeof s.tcpm_key, s.tcpm_keylen), false, kHexAll);
        c.str("}");
        return true;
    });
    return true;
}

bool nla_tls_version(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint16_t>(c, addr, len, xlat_tls_info_versions, "%#llx /* TLS_???_VERSION */");
}
bool nla_tls_cipher(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint16_t>(c, addr, len, xlat_tls_info_ciphers, "%#llx /* TLS_CIPHER_??? */");
}
bool nla_tls_config(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_xval<uint16_t>(c, addr, len, xlat_tls_info_configs, "%#llx /* TLS_CONF_??? */");
}

const Decoders<7> k_tls_attrs{{1, nla_tls_version}, {2, nla_tls_cipher}, {3, nla_tls_config}, {4, nla_tls_config}};

bool nla_mptcp_flags(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 4, xlat_mptcp_subflow_flags, "0", "MPTCP_SUBFLOW_FLAG_???");
}

const Decoders<12> k_mptcp_attrs{
    {1, nla_x32}, {2, nla_x32}, {3, nla_u32},         {4, nla_u64}, {5, nla_u32},
    {6, nla_u32}, {7, nla_u16}, {8, nla_mptcp_flags}, {9, nla_u8},  {10, nla_u8},
};

bool nla_ulp_tls(Call &c, uint64_t addr, uint32_t len, const void *) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_ulp_info_tls_attrs, "%#llx /* TLS_INFO_??? */", k_tls_attrs.at,
                   std::size(k_tls_attrs.at), nullptr);
    return true;
}

bool nla_ulp_mptcp(Call &c, uint64_t addr, uint32_t len, const void *) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_ulp_info_mptcp_attrs, "%#llx /* MPTCP_SUBFLOW_ATTR_??? */",
                   k_mptcp_attrs.at, std::size(k_mptcp_attrs.at), nullptr);
    return true;
}

// INET_DIAG_ULP_INFO: the ULP's name and its own attributes (each ULP uses its own types).
const Decoders<4> k_ulp_attrs{{1, nla_str}, {2, nla_ulp_tls}, {3, nla_ulp_mptcp}};

bool nla_ulp_info(Call &c, uint64_t addr, uint32_t len, const void *) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_ulp_info_attrs, "%#llx /* INET_ULP_INFO_??? */", k_ulp_attrs.at,
                   std::size(k_ulp_attrs.at), nullptr);
    return true;
}

const Decoders<4> k_bpf_storage_attrs{{2, nla_u32}, {3, nla_xint}};

bool nla_bpf_storage(Call &c, uint64_t addr, uint32_t len, const void *) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_bpf_storage_attrs, "%#llx /* SK_DIAG_BPF_STORAGE_??? */",
                   k_bpf_storage_attrs.at, std::size(k_bpf_storage_attrs.at), nullptr);
    return true;
}

const Decoders<2> k_bpf_storages_attrs{{1, nla_bpf_storage}};

bool nla_bpf_storages(Call &c, uint64_t addr, uint32_t len, const void *) {
    decode_nlattrs(c, addr, len, xlat_inet_diag_bpf_storages_attrs, "%#llx /* SK_DIAG_BPF_STORAGE_??? */",
                   k_bpf_storages_attrs.at, std::size(k_bpf_storages_attrs.at), nullptr);
    return true;
}

// INET_DIAG_SOCKOPT: 11 one-bit options and 5 unused bits (only the set ones unless -v), then
// any further bytes that are not zero.
bool nla_sockopt(Call &c, uint64_t addr, uint32_t len, const void *) {
    uint16_t bits;
    if (len < sizeof bits) return false;
    if (!c.mem().read_obj(RemoteAddr(addr), bits)) {
        c.ptr(addr);
        return true;
    }
    static const char *const names[] = {"recverr",         "is_icsk",      "freebind",
                                        "hdrincl",         "mc_loop",      "transparent",
                                        "mc_all",          "nodefrag",     "bind_address_no_port",
                                        "recverr_rfc4884", "defer_connect"};
    const bool all = !c.options().abbrev;
    const char *sep = "{";
    for (unsigned i = 0; i < std::size(names); i++) {
        unsigned v = (bits >> i) & 1;
        if (!all && !v) continue;
        c.str(sep);
        c.str(names[i]);
        c.str("=");
        c.udec(v);
        sep = ", ";
    }
    unsigned unused = bits >> 11;
    if (all || unused) {
        c.str(sep);
        c.str("unused=");
        c.hex(unused);
        c.str(" /* bits 3..8 */");
        sep = ", ";
    }
    if (sep[0] == '{') c.str("{");
    c.str("}");
    uint32_t total = std::min<uint32_t>(len, static_cast<uint32_t>(sysconf(_SC_PAGESIZE)));
    if (total > sizeof bits) print_nonzero_tail(c, addr, sizeof bits, total);
    return true;
}

const Decoders<INET_DIAG_SOCKOPT + 1> k_msg_attrs{
    {INET_DIAG_MEMINFO, nla_meminfo},   {INET_DIAG_VEGASINFO, nla_vegas},
    {INET_DIAG_CONG, nla_str},          {INET_DIAG_TOS, nla_u8},
    {INET_DIAG_TCLASS, nla_u8},         {INET_DIAG_SKMEMINFO, nla_sk_meminfo},
    {INET_DIAG_SHUTDOWN, nla_shutdown}, {INET_DIAG_DCTCPINFO, nla_dctcp},
    {INET_DIAG_PROTOCOL, nla_ip_proto}, {INET_DIAG_SKV6ONLY, nla_u8},
    {INET_DIAG_LOCALS, nla_sockaddrs},  {INET_DIAG_PEERS, nla_sockaddrs},
    {INET_DIAG_MARK, nla_u32},          {INET_DIAG_BBRINFO, nla_bbr},
    {INET_DIAG_CLASS_ID, nla_u32},      {INET_DIAG_MD5SIG, nla_md5sig},
    {INET_DIAG_ULP_INFO, nla_ulp_info}, {INET_DIAG_SK_BPF_STORAGES, nla_bpf_storages},
    {INET_DIAG_CGROUP_ID, nla_u64},     {INET_DIAG_SOCKOPT, nla_sockopt},
};

void inet_reply(Call &c, uint64_t addr, uint32_t len) {
    fixed_then_attrs<inet_diag_msg>(
        c, addr, len, "idiag_family",
        [&](const inet_diag_msg &m) {
            c.str("idiag_state=");
            c.enum_val(xlat_tcp_states, m.idiag_state, "%#llx /* TCP_??? */");
            c.str(", idiag_timer=");
            c.udec(m.idiag_timer);
            c.str(", idiag_retrans=");
            c.udec(m.idiag_retrans);
            c.str(", id=");
            print_sockid(c, m.id, m.idiag_family);
            c.str(", idiag_expires=");
            c.udec(m.idiag_expires);
            c.str(", idiag_rqueue=");
            c.udec(m.idiag_rqueue);
            c.str(", idiag_wqueue=");
            c.udec(m.idiag_wqueue);
            c.str(", idiag_uid=");
            c.udec(m.idiag_uid);
            c.str(", idiag_inode=");
            c.udec(m.idiag_inode);
        },
        xlat_inet_diag_attrs, "%#llx /* INET_DIAG_??? */", k_msg_attrs.at, std::size(k_msg_attrs.at));
}

// AF_SMC keeps an AF_INET socket id.
void smc_request(Call &c, uint64_t addr, uint32_t len) {
    smc_diag_req r{};
    print_fixed_part(c, addr, len, "diag_family", r, [&] {
        c.str("diag_ext=");
        c.flags_of({&xlat_smc_diag_extended_flags}, r.diag_ext, "0", "1<<SMC_DIAG_?\?\?-1");
        c.str(", id=");
        print_sockid(c, r.id, AF_INET);
    });
}

void print_cursor(Call &c, const char *name, const smc_diag_cursor &k) {
    c.str(name);
    c.str("={reserved=");
    c.udec(k.reserved);
    c.str(", wrap=");
    c.udec(k.wrap);
    c.str(", count=");
    c.udec(k.count);
    c.str("}");
}

template <typename T>
void print_0x(Call &c, const char *name, T v) {
    char b[40];
    std::snprintf(b, sizeof b, "%s%#0*llx", name, static_cast<int>(sizeof v * 2), static_cast<unsigned long long>(v));
    c.str(b);
}

bool nla_smc_conninfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<smc_diag_conninfo>(c, addr, len, [&](const smc_diag_conninfo &i) {
        c.str("{token=");
        c.udec(i.token);
        c.str(", sndbuf_size=");
        c.udec(i.sndbuf_size);
        c.str(", rmbe_size=");
        c.udec(i.rmbe_size);
        c.str(", peer_rmbe_size=");
        c.udec(i.peer_rmbe_size);
        print_cursor(c, ", rx_prod", i.rx_prod);
        print_cursor(c, ", rx_cons", i.rx_cons);
        print_cursor(c, ", tx_prod", i.tx_prod);
        print_cursor(c, ", tx_cons", i.tx_cons);
        print_0x(c, ", rx_prod_flags=", i.rx_prod_flags);
        print_0x(c, ", rx_conn_state_flags=", i.rx_conn_state_flags);
        print_0x(c, ", tx_prod_flags=", i.tx_prod_flags);
        print_0x(c, ", tx_conn_state_flags=", i.tx_conn_state_flags);
        print_cursor(c, ", tx_prep", i.tx_prep);
        print_cursor(c, ", tx_sent", i.tx_sent);
        print_cursor(c, ", tx_fin", i.tx_fin);
        c.str("}");
    });
}

bool nla_smc_lgrinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<smc_diag_lgrinfo>(c, addr, len, [&](const smc_diag_lgrinfo &l) {
        c.str("{lnk=");
        c.local_array<smc_diag_linkinfo>(
            reinterpret_cast<const unsigned char *>(l.lnk), std::size(l.lnk), [&](const smc_diag_linkinfo &k) {
                c.str("{link_id=");
                c.udec(k.link_id);
                c.str(", ibname=");
                print_cstring_field(c, reinterpret_cast<const char *>(k.ibname), sizeof k.ibname);
                c.str(", ibport=");
                c.udec(k.ibport);
                c.str(", gid=");
                print_cstring_field(c, reinterpret_cast<const char *>(k.gid), sizeof k.gid);
                c.str(", peer_gid=");
                print_cstring_field(c, reinterpret_cast<const char *>(k.peer_gid), sizeof k.peer_gid);
                c.str("}");
                return true;
            });
        c.str(", role=");
        c.enum_val(xlat_smc_link_group_roles, l.role, "%#llx /* SMC_??? */");
        c.str("}");
    });
}

bool nla_smc_shutdown(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_flags(c, addr, len, 1, xlat_sock_shutdown_flags, "0", "???_SHUTDOWN");
}

bool nla_smc_dmbinfo(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<smcd_diag_dmbinfo>(c, addr, len, [&](const smcd_diag_dmbinfo &d) {
        c.str("{linkid=");
        c.udec(d.linkid);
        c.str(", peer_gid=");
        c.hex(d.peer_gid);
        c.str(", my_gid=");
        c.hex(d.my_gid);
        c.str(", token=");
        c.hex(d.token);
        c.str(", peer_token=");
        c.hex(d.peer_token);
        c.str("}");
    });
}

// The decline reasons are kernel-internal: named in the verbose style.
bool nla_smc_fallback(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<smc_diag_fallback>(c, addr, len, [&](const smc_diag_fallback &f) {
        int style = c.options().xlat_style == kXlatRaw ? kXlatRaw : kXlatVerbose;
        c.with_xlat_style(style, [&](Call &v) {
            v.str("{reason=");
            v.enum_val(xlat_smc_decl_codes, f.reason, "%#llx /* SMC_CLC_DECL_??? */");
            v.str(", peer_diagnosis=");
            v.enum_val(xlat_smc_decl_codes, f.peer_diagnosis, "%#llx /* SMC_CLC_DECL_??? */");
            v.str("}");
        });
    });
}

const Decoders<SMC_DIAG_FALLBACK + 1> k_smc_attrs{
    {SMC_DIAG_CONNINFO, nla_smc_conninfo}, {SMC_DIAG_LGRINFO, nla_smc_lgrinfo},   {SMC_DIAG_SHUTDOWN, nla_smc_shutdown},
    {SMC_DIAG_DMBINFO, nla_smc_dmbinfo},   {SMC_DIAG_FALLBACK, nla_smc_fallback},
};

void smc_reply(Call &c, uint64_t addr, uint32_t len) {
    fixed_then_attrs<smc_diag_msg>(
        c, addr, len, "diag_family",
        [&](const smc_diag_msg &m) {
            c.str("diag_state=");
            c.enum_val(xlat_smc_states, m.diag_state, "%#llx /* SMC_??? */");
            c.str(", diag_fallback=");
            c.enum_val(xlat_smc_diag_mode, m.diag_fallback, "%#llx /* SMC_DIAG_MODE_??? */");
            c.str(", diag_shutdown=");
            c.udec(m.diag_shutdown);
            c.str(", id=");
            print_sockid(c, m.id, AF_INET);
            c.str(", diag_uid=");
            c.udec(m.diag_uid);
            c.str(", diag_inode=");
            c.udec(m.diag_inode);
        },
        xlat_smc_diag_attrs, "%#llx /* SMC_DIAG_??? */", k_smc_attrs.at, std::size(k_smc_attrs.at));
}
}  // namespace

void decode_inet_diag(Call &c, uint16_t type, uint64_t addr, uint32_t len, bool request) {
    if (!request) return inet_reply(c, addr, len);
    if (type == TCPDIAG_GETSOCK || type == DCCPDIAG_GETSOCK) return request_compat(c, addr, len);
    request_v2(c, addr, len);
}

void decode_smc_diag(Call &c, uint64_t addr, uint32_t len, bool request) {
    request ? smc_request(c, addr, len) : smc_reply(c, addr, len);
}

}  // namespace wiretrace
