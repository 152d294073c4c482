// Socket addresses, dispatched by family: AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, AF_PACKET,
// and strace's raw form for the rest.
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/if_xdp.h>
#include <linux/mctp.h>
#include <linux/netlink.h>
#include <linux/qrtr.h>
#include <linux/vm_sockets.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstdio>
#include <cstring>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
void print_inet(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_in sin{};
    std::memcpy(&sin, buf, std::min(len, sizeof sin));
    char ip[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sin.sin_addr, ip, sizeof ip);
    int style = c.options().xlat_style, hex = c.options().strings_in_hex;
    auto raw_bytes = [&](const void *p, size_t n) {
        Call::quote(c.out(), static_cast<const unsigned char *>(p), n, false, kHexAll);
    };
    auto port = [&] {
        c.str("htons(");
        c.udec(ntohs(sin.sin_port));
        c.str(")");
    };
    auto address = [&] {
        // strace quotes the dotted address as a string: -xx shows it in hex too
        c.str("inet_addr(");
        Call::quote(c.out(), reinterpret_cast<const unsigned char *>(ip), strlen(ip), false, hex);
        c.str(")");
    };
    // -X raw: the bytes as they are; -X verbose: the bytes, then the decoding in a comment
    c.str(", sin_port=");
    if (style == kXlatAbbrev) {
        port();
    } else {
        raw_bytes(&sin.sin_port, 2);
        if (style == kXlatVerbose) {
            c.str(" /* ");
            port();
            c.str(" */");
        }
    }
    c.str(", sin_addr=");
    if (style == kXlatAbbrev) {
        address();
    } else {
        raw_bytes(&sin.sin_addr, 4);
        if (style == kXlatVerbose) {
            c.str(" /* ");
            address();
            c.str(" */");
        }
    }
}

void print_inet6(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_in6 s6{};
    std::memcpy(&s6, buf, std::min(len, sizeof s6));
    char ip[INET6_ADDRSTRLEN];
    inet_ntop(AF_INET6, &s6.sin6_addr, ip, sizeof ip);
    int style = c.options().xlat_style;
    print_net_field(c, ", sin6_port=", &s6.sin6_port, 2, "htons", ntohs(s6.sin6_port));
    print_net_field(c, ", sin6_flowinfo=", &s6.sin6_flowinfo, 4, "htonl", ntohl(s6.sin6_flowinfo));
    c.str(", ");
    if (style != kXlatAbbrev) {
        c.str("sin6_addr=");
        Call::quote(c.out(), reinterpret_cast<const unsigned char *>(&s6.sin6_addr), 16, false, kHexAll);
    }
    if (style != kXlatRaw) {
        if (style == kXlatVerbose) c.str(" /* ");
        c.str("inet_pton(AF_INET6, \"");
        c.str(ip);
        c.str(style == kXlatAbbrev ? "\", &sin6_addr)" : "\")");
        if (style == kXlatVerbose) c.str(" */");
    }
    if (len <= offsetof(sockaddr_in6, sin6_scope_id)) return;
    c.str(", sin6_scope_id=");
    if (IN6_IS_ADDR_LINKLOCAL(&s6.sin6_addr) || IN6_IS_ADDR_MC_LINKLOCAL(&s6.sin6_addr))
        print_ifindex(c, s6.sin6_scope_id);
    else
        c.udec(s6.sin6_scope_id);
}

void print_ll(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_ll ll{};
    std::memcpy(&ll, buf, std::min(len, sizeof ll));
    int style = c.options().xlat_style;
    c.str(", sll_protocol=");
    if (style != kXlatAbbrev)
        Call::quote(c.out(), reinterpret_cast<const unsigned char *>(&ll.sll_protocol), 2, false, kHexAll);
    if (style != kXlatRaw) {
        if (style == kXlatVerbose) c.str(" /* ");
        c.str("htons(");
        DecodeOptions plain = c.options();
        plain.xlat_style = kXlatAbbrev;
        Call names(c.mem(), plain, c.out());
        names.enum_val(xlat_ethernet_protocols, ntohs(ll.sll_protocol), "%#llx /* ETH_P_??? */");
        c.str(")");
        if (style == kXlatVerbose) c.str(" */");
    }
    c.str(", sll_ifindex=");
    print_ifindex(c, static_cast<unsigned>(ll.sll_ifindex));
    c.str(", sll_hatype=");
    c.enum_val(xlat_arp_hardware_types, ll.sll_hatype, "%#llx /* ARPHRD_??? */");
    c.str(", sll_pkttype=");
    c.enum_val(xlat_af_packet_types, ll.sll_pkttype, "%#llx /* PACKET_??? */");
    c.str(", sll_halen=");
    c.udec(ll.sll_halen);
    if (ll.sll_halen) {
        size_t room = len - offsetof(sockaddr_ll, sll_addr);
        c.str(", sll_addr=[");
        for (unsigned i = 0; i < ll.sll_halen; i++) {
            if (i) c.str(", ");
            if (i >= room || i >= sizeof ll.sll_addr + 8) {
                c.str("...");
                break;
            }
            char b[8];
            std::snprintf(b, sizeof b, "%#04x", buf[offsetof(sockaddr_ll, sll_addr) + i]);
            c.str(b);
        }
        c.str("]");
    }
}

void print_vsock(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_vm v{};
    std::memcpy(&v, buf, std::min(len, sizeof v));
    c.str(", ");
    if (v.svm_reserved1) {
        c.str("svm_reserved1=");
        c.hex(v.svm_reserved1);
        c.str(", ");
    }
    c.str("svm_cid=");
    c.enum_val(xlat_vsock_cids, v.svm_cid, "%#llx");
    c.str(", svm_port=");
    c.enum_val(xlat_vsock_ports, v.svm_port, "%#llx");
    c.str(", svm_flags=");
    c.flags_of({&xlat_vsock_flags}, v.svm_flags, "0", "VMADDR_FLAG_???");
    bool zero = true;
    for (unsigned char z : v.svm_zero) zero = zero && !z;
    if (!zero) {
        c.str(", svm_zero=");
        Call::quote(c.out(), v.svm_zero, sizeof v.svm_zero, false, kHexAll);
    }
}

void print_qrtr(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_qrtr q{};
    std::memcpy(&q, buf, std::min(len, sizeof q));
    c.str(", sq_node=");
    c.enum_val(xlat_qipcrtr_nodes, q.sq_node, "%#llx");
    c.str(", sq_port=");
    c.enum_val(xlat_qipcrtr_ports, q.sq_port, "%#llx");
}

void print_xdp(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_xdp x{};
    std::memcpy(&x, buf, std::min(len, sizeof x));
    c.str(", sxdp_flags=");
    c.flags_of({&xlat_xdp_sockaddr_flags}, x.sxdp_flags, "0", "XDP_???");
    c.str(", sxdp_ifindex=");
    print_ifindex(c, x.sxdp_ifindex);
    c.str(", sxdp_queue_id=");
    c.udec(x.sxdp_queue_id);
    if (x.sxdp_flags & XDP_SHARED_UMEM) {
        c.str(", sxdp_shared_umem_fd=");
        c.fd(static_cast<int>(x.sxdp_shared_umem_fd));
    } else if (x.sxdp_shared_umem_fd) {
        c.str(", sxdp_shared_umem_fd=");
        c.hex(x.sxdp_shared_umem_fd);
    }
}

void print_mctp(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_mctp m{};
    std::memcpy(&m, buf, std::min(len, sizeof m));
    c.str(", ");
    if (m.__smctp_pad0) {
        c.str("__smctp_pad0=");
        c.hex(m.__smctp_pad0);
        c.str(", ");
    }
    c.str("smctp_network=");
    c.enum_val(xlat_mctp_nets, m.smctp_network, "%#llx");
    c.str(", smctp_addr={s_addr=");
    c.enum_val(xlat_mctp_addrs, m.smctp_addr.s_addr, "%#llx");
    c.str("}, smctp_type=");
    c.hex(m.smctp_type);
    c.str(", smctp_tag=");
    c.hex(m.smctp_tag);
    if (m.__smctp_pad1) {
        c.str(", __smctp_pad1=");
        c.hex(m.__smctp_pad1);
    }
}

void print_unix(Call &c, const unsigned char *buf, size_t len) {
    size_t off = offsetof(sockaddr_un, sun_path);
    if (len <= off) return;
    const unsigned char *p = buf + off;
    size_t n = std::min(len, sizeof(sockaddr_un)) - off;  // (a longer length shows no more)
    c.str(", sun_path=");
    if (p[0] == 0) {
        // Abstract namespace: every byte counts, NULs included.
        c.str("@");
        Call::quote(c.out(), p + 1, n - 1, false);
    } else {
        Call::quote(c.out(), p, strnlen(reinterpret_cast<const char *>(p), n), false);
    }
}

void print_netlink(Call &c, const unsigned char *buf, size_t len) {
    sockaddr_nl nl{};
    std::memcpy(&nl, buf, std::min(len, sizeof nl));
    if (nl.nl_pad) {
        c.str(", nl_pad=");
        c.hex(nl.nl_pad);
    }
    c.str(", nl_pid=");
    c.pid(static_cast<int>(nl.nl_pid));
    c.str(", nl_groups=");
    char b[16];
    std::snprintf(b, sizeof b, "%#08x", nl.nl_groups);  // (0 prints as 00000000, as strace)
    c.str(b);
}

// AF_IPX (struct sockaddr_ipx: port and network in network order, the node, the type).
void print_ipx(Call &c, const unsigned char *buf, size_t) {
    uint16_t port;
    uint32_t network;
    std::memcpy(&port, buf + 2, 2);
    std::memcpy(&network, buf + 4, 4);
    char b[32];
    c.str(", sipx_port=htons(");
    c.udec(ntohs(port));
    c.str("), sipx_network=htonl(");
    c.hex(ntohl(network));
    c.str("), sipx_node=[");
    for (int i = 0; i < 6; i++) {
        std::snprintf(b, sizeof b, "%s%#04x", i ? ", " : "", buf[8 + i]);
        c.str(b);
    }
    std::snprintf(b, sizeof b, "], sipx_type=%#04x", buf[14]);
    c.str(b);
    if (buf[15]) {
        c.str(", sipx_zero=");
        c.hex(buf[15]);
    }
}

// An AX.25 callsign (7 bytes: six shifted characters, then the SSID): "CALL-7" when it reads as
// one, else its bytes (and, when it almost does, the callsign in a comment), as strace.
void print_ax25_call(Call &c, const unsigned char *a) {
    enum { Plain, Verbose, Raw } style = Plain;
    bool space_seen = false, char_seen = false;
    for (int i = 0; i < 6; i++) {
        unsigned char ch = a[i];
        if (ch & 1) style = Verbose;
        ch >>= 1;
        if (ch == ' ')
            space_seen = true;
        else
            char_seen = true;
        if ((ch < '0' || ch > '9') && (ch < 'A' || ch > 'Z') && ch != ' ') style = Verbose;
        if (ch != ' ' && space_seen) style = Verbose;
        if (ch < ' ' || ch > 0x7e || ch == '*' || ch == '/') {
            style = Raw;
            break;
        }
    }
    if (style != Raw && (a[6] & ~0x1e)) style = Verbose;
    if (style != Raw && !char_seen && a[6]) style = Verbose;
    const int xs = c.options().xlat_style;
    if (style == Plain) style = xs == kXlatRaw ? Raw : xs == kXlatVerbose ? Verbose : Plain;
    if (style != Plain) {
        c.str("{ax25_call=");
        Call::quote(c.out(), a, 7, false, kHexAll);
        c.str("}");
    }
    if (style == Raw) return;
    char text[16];
    size_t end = 6, k = 0;
    while (end && (a[end - 1] >> 1) == ' ') end--;
    for (size_t i = 0; i < end; i++) text[k++] = static_cast<char>(a[i] >> 1);
    text[k++] = '-';
    unsigned ssid = (a[6] >> 1) & 0xf;
    if (ssid > 9) {
        text[k++] = '1';
        ssid -= 10;
    }
    text[k++] = static_cast<char>('0' + ssid);
    text[k] = 0;
    const char *shown = text[0] == '-' && text[1] == '0' ? "*" : text;
    if (style == Verbose) {
        c.str(" /* ");
        c.str(shown);
        c.str(" */");
    } else {
        c.str(shown);
    }
}

// AF_AX25: the callsign and digipeater count, and with digipeaters (or a longer address) the
// full_sockaddr_ax25 form with its digipeater list.
void print_ax25(Call &c, const unsigned char *buf, size_t len) {
    int32_t nd;  // (sax25_ndigis: the int after the 7-byte callsign, aligned)
    std::memcpy(&nd, buf + 12, 4);
    const size_t base = 16, digi = 7, max_digis = 8;
    const bool full = nd != 0 || len > base;
    c.str(full ? ", fsa_ax25={sax25_call=" : ", sax25_call=");
    print_ax25_call(c, buf + 2);
    c.str(", sax25_ndigis=");
    c.dec(nd);
    if (!full) return;
    c.str("}");
    size_t has = std::min((len - base) / digi, max_digis);
    size_t want = std::min<size_t>(static_cast<size_t>(std::max(nd, 0)), max_digis);
    size_t n = std::min(has, want);
    if (want) {
        c.str(", fsa_digipeater=[");
        for (size_t i = 0; i < n; i++) {
            if (i) c.str(", ");
            if (c.options().abbrev && i >= c.options().max_strlen) {
                c.str("...");
                n = i;
                want = i;  // (the "..." is said once)
                break;
            }
            print_ax25_call(c, buf + base + i * digi);
        }
        if (want > has) c.str(n ? ", ..." : "...");
        c.str("]");
    }
    if (len > has * digi + base) c.str(", ...");
}

// strace's *_VERBOSE fields: the number and its name in a comment whatever -X says, but for raw.
void verbose_enum(Call &c, const Xlat &x, uint64_t v, const char *unknown_fmt) {
    DecodeOptions o = c.options();
    if (o.xlat_style != kXlatRaw) o.xlat_style = kXlatVerbose;
    Call v_call(c.mem(), o, c.out());
    v_call.enum_val(x, v, unknown_fmt);
}

void verbose_flags(Call &c, const Xlat &x, uint64_t v, const char *unknown) {
    DecodeOptions o = c.options();
    if (o.xlat_style != kXlatRaw) o.xlat_style = kXlatVerbose;
    Call v_call(c.mem(), o, c.out());
    v_call.flags_of({&x}, v, "0", unknown);
}

// AF_RXRPC: the service, the transport's type and length, and the transport address (IPv4 or
// IPv6; other families as their bytes).
void print_rxrpc(Call &c, const unsigned char *buf, size_t len) {
    uint16_t service, type, tlen, tfam;
    std::memcpy(&service, buf + 2, 2);
    std::memcpy(&type, buf + 4, 2);
    std::memcpy(&tlen, buf + 6, 2);
    std::memcpy(&tfam, buf + 8, 2);
    c.str(", srx_service=");
    verbose_enum(c, xlat_rxrpc_services, service, "%#llx /* ???_SERVICE */");
    c.str(", transport_type=");
    c.enum_val(xlat_socket_types, type, "%#llx /* SOCK_??? */");
    c.str(", transport_len=");
    c.udec(tlen);
    c.str(", transport={");
    const int avail = std::min<int>(tlen, static_cast<int>(len) - 8);
    const int rest = std::max(0, avail - 2);
    const unsigned char *t = buf + 8;
    auto family = [&](const char *field) {
        c.str(field);
        c.enum_val(xlat_address_families, tfam, "%#llx /* AF_??? */");
    };
    auto bytes = [&] {
        if (rest > 0) {
            c.str(", ");
            Call::quote(c.out(), t + 2, static_cast<size_t>(rest), false, c.options().strings_in_hex);
        }
    };
    if (tfam == AF_INET) {
        c.str("sin={");
        family("sin_family=");
        if (tlen >= sizeof(sockaddr_in))
            print_inet(c, t, static_cast<size_t>(avail));
        else
            bytes();
        c.str("}");
    } else if (tfam == AF_INET6) {
        c.str("sin6={");
        family("sin6_family=");
        if (tlen >= offsetof(sockaddr_in6, sin6_scope_id))
            print_inet6(c, t, static_cast<size_t>(avail));
        else
            bytes();
        c.str("}");
    } else {
        family("family=");
        bytes();
    }
    c.str("}");
}

// AF_IEEE802154: the address type, PAN id and a short or long (hardware) address.
void print_ieee802154(Call &c, const unsigned char *buf, size_t) {
    int32_t type;
    uint16_t pan, short_addr;
    std::memcpy(&type, buf + 4, 4);
    std::memcpy(&pan, buf + 8, 2);
    std::memcpy(&short_addr, buf + 10, 2);
    c.str(", addr={addr_type=");
    verbose_enum(c, xlat_ieee802154_addr_types, static_cast<uint32_t>(type), "%#llx /* IEEE802154_ADDR_??? */");
    c.str(", pan_id=");
    verbose_enum(c, xlat_ieee802154_pan_ids, pan, "%#llx");
    if (type == 2) {  // IEEE802154_ADDR_SHORT
        c.str(", short_addr=");
        verbose_enum(c, xlat_ieee802154_addrs, short_addr, "%#llx");
    } else if (type != 0) {  // (IEEE802154_ADDR_LONG and anything else)
        c.str(", hwaddr=");
        print_hwaddr(c, buf + 10, 8);
    }
    c.str("}");
}

// AF_ALG: the algorithm's type, feature and mask bits, and name.
void print_alg(Call &c, const unsigned char *buf, size_t len) {
    uint32_t feat, mask;
    std::memcpy(&feat, buf + 16, 4);
    std::memcpy(&mask, buf + 20, 4);
    c.str(", salg_type=");
    print_cstring_field(c, reinterpret_cast<const char *>(buf + 2), 14);
    c.str(", salg_feat=");
    verbose_flags(c, xlat_alg_sockaddr_flags, feat, "CRYPTO_ALG_???");
    c.str(", salg_mask=");
    verbose_flags(c, xlat_alg_sockaddr_flags, mask, "CRYPTO_ALG_???");
    c.str(", salg_name=");
    print_cstring_field(c, reinterpret_cast<const char *>(buf + 24), len - 24);
}

// AF_NFC: device, target and protocol; the LLCP form adds service access points and a name.
void print_nfc(Call &c, const unsigned char *buf, size_t len) {
    uint32_t dev, target, proto;
    std::memcpy(&dev, buf + 4, 4);
    std::memcpy(&target, buf + 8, 4);
    std::memcpy(&proto, buf + 12, 4);
    c.str(", dev_idx=");
    print_ifindex(c, dev);
    c.str(", target_idx=");
    c.hex(target);
    c.str(", nfc_protocol=");
    c.enum_val(xlat_nfc_sockaddr_protocols, proto, "%#llx /* NFC_PROTO_??? */");
    const size_t llcp_len = 96;  // (struct sockaddr_nfc_llcp on a 64-bit personality)
    if (len < llcp_len) {
        if (len > 16) c.str(", ...");
        return;
    }
    uint64_t name_len;
    std::memcpy(&name_len, buf + 88, 8);
    c.str(", dsap=");
    verbose_enum(c, xlat_nfc_saps, buf[16], "%#llx");
    c.str(", ssap=");
    verbose_enum(c, xlat_nfc_saps, buf[17], "%#llx");
    c.str(", service_name=");
    Call::quote(c.out(), buf + 18, static_cast<size_t>(std::min<uint64_t>(63, name_len)), false,
                c.options().strings_in_hex);
    c.str(", service_name_len=");
    c.udec(name_len);
}

// AF_X25: the X.121 address as a string field.
void print_x25(Call &c, const unsigned char *buf, size_t) {
    c.str(", sx25_addr={x25_addr=");
    print_cstring_field(c, reinterpret_cast<const char *>(buf + 2), 16);
    c.str("}");
}
}  // namespace

void print_net_field(Call &c, const char *name, const void *p, size_t size, const char *fn, unsigned long long v) {
    int style = c.options().xlat_style;
    c.str(name);
    if (style != kXlatAbbrev) Call::quote(c.out(), static_cast<const unsigned char *>(p), size, false, kHexAll);
    if (style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    c.str(fn);
    c.str("(");
    c.udec(v);
    c.str(")");
    if (style == kXlatVerbose) c.str(" */");
}

void print_inet_addr(Call &c, int family, const void *p, size_t len, const char *name) {
    const auto *bytes = static_cast<const unsigned char *>(p);
    auto field = [&] {
        if (name) {
            c.str(name);
            c.str("=");
        }
    };
    char text[INET6_ADDRSTRLEN];
    if ((family != AF_INET && family != AF_INET6) || len < (family == AF_INET ? 4u : 16u) ||
        !inet_ntop(family, bytes, text, sizeof text)) {
        field();
        return Call::quote(c.out(), bytes, len, false, kHexAll);
    }
    const int style = c.options().xlat_style;
    // IPv6 in the abbreviated style reads as a call: inet_pton(AF_INET6, "::1", &name)
    if (family == AF_INET || style != kXlatAbbrev) field();
    if (style != kXlatAbbrev) Call::quote(c.out(), bytes, len, false, kHexAll);
    if (style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    c.str(family == AF_INET ? "inet_addr(" : "inet_pton(AF_INET6, ");
    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(text), strlen(text), false,
                c.options().strings_in_hex);
    if (family == AF_INET6 && name && style == kXlatAbbrev) {
        c.str(", &");
        c.str(name);
    }
    c.str(")");
    if (style == kXlatVerbose) c.str(" */");
}

void print_sockaddr(Call &c, uint64_t addr, uint64_t len) {
    if (c.by_address(addr)) return;
    if (addr == 0) {
        c.str("NULL");
        return;
    }
    unsigned char buf[sizeof(sockaddr_storage)];
    size_t n = static_cast<size_t>(std::min<uint64_t>(len, sizeof buf));
    if (n < 2 || !c.mem().read_exact(RemoteAddr(addr), buf, n)) {
        c.ptr(addr);
        return;
    }
    print_sockaddr_data(c, buf, n);
}

void print_sockaddr_data(Call &c, const unsigned char *buf, size_t n) {
    sa_family_t fam;
    std::memcpy(&fam, buf, sizeof fam);
    c.str("{sa_family=");
    c.enum_val(xlat_address_families, fam, "%#llx /* AF_??? */");
    if (n <= sizeof(sa_family_t)) return c.str("}");
    // each family's printer needs its structure whole (strace's minimum lengths); shorter,
    // or a family without one, is shown as raw sa_data
    struct Printer {
        int family;
        size_t min_len;
        void (*print)(Call &, const unsigned char *, size_t);
    };
    static const Printer printers[] = {
        {AF_UNIX, sizeof(sa_family_t) + 1, print_unix},
        {AF_INET, sizeof(sockaddr_in), print_inet},
        {AF_INET6, offsetof(sockaddr_in6, sin6_scope_id), print_inet6},
        {AF_NETLINK, sizeof(sockaddr_nl), print_netlink},
        {AF_PACKET, sizeof(sockaddr_ll), print_ll},
        {AF_VSOCK, sizeof(sockaddr_vm), print_vsock},
        {AF_QIPCRTR, sizeof(sockaddr_qrtr), print_qrtr},
        {AF_XDP, sizeof(sockaddr_xdp), print_xdp},
        {AF_MCTP, sizeof(sockaddr_mctp), print_mctp},
        {AF_IPX, 16, print_ipx},
        {AF_AX25, 16, print_ax25},
        {AF_RXRPC, 36, print_rxrpc},
        {AF_IEEE802154, 20, print_ieee802154},
        {AF_ALG, 24 + 1, print_alg},
        {AF_NFC, 16, print_nfc},
        {AF_X25, 18, print_x25},
    };
    for (const Printer &p : printers)
        if (p.family == fam) {
            if (n >= p.min_len) {
                p.print(c, buf, n);
                return c.str("}");
            }
            break;
        }
    c.str(", sa_data=");
    Call::quote(c.out(), buf + 2, n - 2, false);
    c.str("}");
}

}  // namespace wiretrace
