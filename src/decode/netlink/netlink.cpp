// The netlink message walk and header, acknowledgements, and the attribute walker.
#include "decode/netlink/netlink.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/selinux_netlink.h>
#include <net/if.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "decoders.h"

namespace wiretrace {

namespace {
constexpr uint32_t kHdr = sizeof(nlmsghdr);  // NLMSG_HDRLEN
constexpr uint32_t kNlaHdr = 4;              // NLA_HDRLEN

uint32_t align4(uint32_t n) {
    return (n + 3) & ~3u;
}

void type_name(Call &c, uint16_t type, int protocol) {
    const Xlat *x = &xlat_netlink_types;
    const char *dflt = "%#llx /* NLMSG_??? */";
    if (type >= NLMSG_MIN_TYPE) {
        switch (protocol) {
            case NETLINK_ROUTE:
                x = &xlat_nl_route_types, dflt = "%#llx /* RTM_??? */";
                break;
            case NETLINK_SOCK_DIAG:
                x = &xlat_nl_sock_diag_types, dflt = "%#llx /* SOCK_DIAG_??? */";
                break;
            case NETLINK_AUDIT:
                x = &xlat_nl_audit_types, dflt = "%#llx /* AUDIT_??? */";
                break;
            case NETLINK_XFRM:
                x = &xlat_nl_xfrm_types, dflt = "%#llx /* XFRM_MSG_??? */";
                break;
            case NETLINK_SELINUX:
                x = &xlat_nl_selinux_types, dflt = "%#llx /* SELNL_MSG_??? */";
                break;
            case NETLINK_CRYPTO:
                x = &xlat_nl_crypto_types, dflt = "%#llx /* CRYPTO_MSG_??? */";
                break;
            case NETLINK_GENERIC:
                if (const char *name = genl_family_name(type)) {
                    if (c.options().xlat_style != kXlatAbbrev) c.hex(type);
                    if (c.options().xlat_style == kXlatVerbose) c.str(" /* ");
                    if (c.options().xlat_style != kXlatRaw) c.str(name);
                    if (c.options().xlat_style == kXlatVerbose) c.str(" */");
                    return;
                }
                dflt = "%#llx /* GENERIC_FAMILY_??? */";
                x = nullptr;
                break;
            case NETLINK_NETFILTER:
                return print_netfilter_type(c, type);
            default:
                break;
        }
    }
    if (!x) {
        char b[64];
        std::snprintf(b, sizeof b, dflt, static_cast<unsigned long long>(type));
        c.str(b);
        return;
    }
    c.enum_val(*x, type, dflt);
}

// The flags a request of `type` may carry beyond the common ones.
const Xlat *type_flags(uint16_t type, int protocol) {
    if (type < NLMSG_MIN_TYPE) return type == NLMSG_ERROR ? &xlat_netlink_ack_flags : nullptr;
    switch (protocol) {
        case NETLINK_ROUTE:
            if (type == 49) return &xlat_netlink_get_flags;  // RTM_DELACTION takes NLM_F_ROOT
            switch (type & 3) {
                case 0:
                    return &xlat_netlink_new_flags;
                case 1:
                    return &xlat_netlink_delete_flags;
                case 2:
                    return &xlat_netlink_get_flags;
                default:
                    return nullptr;
            }
        case NETLINK_SOCK_DIAG:
            return &xlat_netlink_get_flags;
        case NETLINK_NETFILTER:
            return netfilter_type_flags(type);
        case NETLINK_CRYPTO:
            return type == 0x10   ? &xlat_netlink_new_flags
                   : type == 0x11 ? &xlat_netlink_delete_flags
                   : type == 0x14 ? &xlat_netlink_delete_flags
                   : type == 0x13 ? &xlat_netlink_get_flags
                                  : nullptr;
        case NETLINK_XFRM:
            switch (type) {
                case 16:  // NEWSA
                case 19:  // NEWPOLICY
                case 30:  // NEWAE
                case 34:  // NEWSADINFO
                case 36:  // NEWSPDINFO
                    return &xlat_netlink_new_flags;
                case 17:  // DELSA
                case 20:  // DELPOLICY
                    return &xlat_netlink_delete_flags;
                case 18:  // GETSA
                case 21:  // GETPOLICY
                case 31:  // GETAE
                case 35:  // GETSADINFO
                case 37:  // GETSPDINFO
                    return &xlat_netlink_get_flags;
                default:
                    return nullptr;
            }
        default:
            return nullptr;
    }
}

void print_header(Call &c, const nlmsghdr &h, int protocol) {
    c.str("{nlmsg_len=");
    c.udec(h.nlmsg_len);
    c.str(", nlmsg_type=");
    type_name(c, h.nlmsg_type, protocol);
    c.str(", nlmsg_flags=");
    c.flags_of({&xlat_netlink_flags, type_flags(h.nlmsg_type, protocol)}, h.nlmsg_flags, "0", "NLM_F_???");
    c.str(", nlmsg_seq=");
    c.udec(h.nlmsg_seq);
    c.str(", nlmsg_pid=");
    c.pid(static_cast<int>(h.nlmsg_pid));
    c.str("}");
}

void message(Call &c, int protocol, const nlmsghdr &h, uint64_t addr, uint64_t len);

bool nla_cookie(Call &c, uint64_t addr, uint32_t len, const void *) {
    c.array<uint8_t>(addr, len, [&](uint8_t v) {
        c.udec(v);
        return true;
    });
    return true;
}

// NLMSG_ERROR's payload: {error=-EACCES, msg=<the request>}, and the extended ack's attributes.
void print_error(Call &c, int protocol, uint64_t addr, uint32_t len, bool capped) {
    nlmsgerr e;
    if (len < sizeof e) return c.hex_buffer(addr, len);
    if (!c.mem().read_obj(RemoteAddr(addr), e)) return c.ptr(addr);
    addr += offsetof(nlmsgerr, msg);
    len -= offsetof(nlmsgerr, msg);
    uint32_t msg_len = std::max<uint32_t>(kHdr, e.msg.nlmsg_len);
    uint32_t payload = std::min<uint32_t>(len, capped ? kHdr : msg_len);
    if (len > payload) c.str("[");
    c.str("{error=");
    print_err(c, e.error, true);
    c.str(", msg=");
    message(c, protocol, e.msg, addr, payload);
    c.str("}");
    if (len > payload) {
        static const NlaDecoder decoders[] = {nullptr, nla_str, nla_u32, nla_cookie};
        c.str(", ");
        decode_nlattrs(c, addr + payload, len - payload, xlat_nlmsgerr_attrs, "%#llx /* NLMSGERR_ATTR_??? */", decoders,
                       std::size(decoders), nullptr);
        c.str("]");
    }
}

void payload(Call &c, int protocol, const nlmsghdr &h, uint64_t addr, uint32_t len) {
    if (h.nlmsg_type == NLMSG_ERROR) return print_error(c, protocol, addr, len, h.nlmsg_flags & 0x100);
    if (h.nlmsg_type >= NLMSG_MIN_TYPE && protocol == NETLINK_ROUTE && decode_netlink_route(c, h.nlmsg_type, addr, len))
        return;
    if ((h.nlmsg_type >= NLMSG_MIN_TYPE || h.nlmsg_type == NLMSG_DONE) && protocol == NETLINK_SOCK_DIAG &&
        decode_netlink_sock_diag(c, h, addr, len))
        return;
    if (protocol == NETLINK_NETFILTER && decode_netlink_netfilter(c, h, addr, len)) return;
    if (protocol == NETLINK_SELINUX && len >= 4 &&
        (h.nlmsg_type == SELNL_MSG_SETENFORCE || h.nlmsg_type == SELNL_MSG_POLICYLOAD)) {
        uint32_t v;
        if (!c.mem().read_obj(RemoteAddr(addr), v)) return c.ptr(addr);
        if (h.nlmsg_type == SELNL_MSG_SETENFORCE) {
            c.str("{val=");
            c.dec(static_cast<int32_t>(v));
        } else {
            c.str("{seqno=");
            c.udec(v);
        }
        c.str("}");
        return;
    }
    if (h.nlmsg_type == NLMSG_DONE && len == sizeof(int)) {
        int n;
        if (!c.mem().read_obj(RemoteAddr(addr), n)) return c.ptr(addr);
        return c.dec(n);
    }
    c.hex_buffer(addr, len);
}

// One message: its header, then "[header, payload]" when there is a payload.
void message(Call &c, int protocol, const nlmsghdr &h, uint64_t addr, uint64_t len) {
    uint64_t msg_len = std::min<uint64_t>(h.nlmsg_len, len);
    if (msg_len > kHdr) c.str("[");
    print_header(c, h, protocol);
    if (msg_len > kHdr) {
        c.str(", ");
        payload(c, protocol, h, addr + kHdr, static_cast<uint32_t>(msg_len - kHdr));
        c.str("]");
    }
}

// Reads the header at addr; when it cannot, prints what strace prints there.
bool fetch(Call &c, uint64_t addr, uint64_t len, bool in_array, void *out, size_t size) {
    if (len < size) {
        c.hex_buffer(addr, len);
        return false;
    }
    if (c.mem().read_exact(RemoteAddr(addr), out, size)) return true;
    if (in_array) {
        c.str("... /* ");
        c.ptr(addr);
        c.str(" */");
    } else {
        c.ptr(addr);
    }
    return false;
}
}  // namespace

namespace {
// NETLINK_KOBJECT_UEVENT carries no netlink headers: the kernel's "change@/devices/..." text, or
// libudev's monitor header (udev's own layout, not in UAPI) before its properties.
struct UdevMonitorHeader {
    char prefix[8];  // "libudev"
    uint32_t magic, header_size, properties_off, properties_len;
    uint32_t filter_subsystem_hash, filter_devtype_hash, filter_tag_bloom_hi, filter_tag_bloom_lo;
};

void decode_kobject_uevent(Call &c, uint64_t addr, uint64_t len) {
    UdevMonitorHeader u;
    if (!c.options().verbose || (c.exiting() && c.failed()) || !addr || len < sizeof u ||
        !c.mem().read_obj(RemoteAddr(addr), u) || std::memcmp(u.prefix, "libudev", 8) != 0)
        return c.buffer(addr, len);
    auto htonl_x = [&](const char *name, uint32_t v) {
        c.str(name);
        c.str("=htonl(");
        c.hex(ntohl(v));
        c.str(")");
    };
    if (len > sizeof u) c.str("[");
    c.str("{prefix=");
    print_cstring_field(c, u.prefix, sizeof u.prefix);
    htonl_x(", magic", u.magic);
    c.str(", header_size=");
    c.udec(u.header_size);
    c.str(", properties_off=");
    c.udec(u.properties_off);
    c.str(", properties_len=");
    c.udec(u.properties_len);
    htonl_x(", filter_subsystem_hash", u.filter_subsystem_hash);
    htonl_x(", filter_devtype_hash", u.filter_devtype_hash);
    htonl_x(", filter_tag_bloom_hi", u.filter_tag_bloom_hi);
    htonl_x(", filter_tag_bloom_lo", u.filter_tag_bloom_lo);
    c.str("}");
    if (len > sizeof u) {
        c.str(", ");
        c.buffer(addr + sizeof u, len - sizeof u);
        c.str("]");
    }
}
}  // namespace

void decode_netlink(Call &c, int protocol, uint64_t addr, uint64_t len) {
    if (protocol == NETLINK_KOBJECT_UEVENT) return decode_kobject_uevent(c, addr, len);
    bool in_array = false;
    nlmsghdr h;
    for (unsigned n = 0; fetch(c, addr, len, in_array, &h, sizeof h); n++) {
        if (c.options().abbrev && n == c.options().max_strlen) {
            c.str("...");
            break;
        }
        uint32_t step = align4(h.nlmsg_len);
        uint64_t next = 0, next_len = 0;
        if (h.nlmsg_len >= kHdr) {
            next_len = len >= step ? len - step : 0;
            if (next_len && addr + step > addr) next = addr + step;
        }
        if (!in_array && next) {
            c.str("[");
            in_array = true;
        }
        message(c, protocol, h, addr, len);
        if (!next) break;
        c.str(", ");
        addr = next;
        len = next_len;
    }
    if (in_array) c.str("]");
}

void print_sockbuf(Call &c, int fd, uint64_t addr, uint64_t len) {
    NetlinkProbe *probe = c.options().netlink;
    if (!probe || !addr) return c.buffer(addr, len);
    // The socket is asked about only when the bytes could be netlink messages (a short buffer,
    // a first length within the buffer or flags in netlink's range): text (whose bytes are
    // all 0x20 or more) costs no more than the read it needs anyway.
    unsigned char head[8];
    if (len >= sizeof(nlmsghdr)) {
        if (!c.mem().read_exact(RemoteAddr(addr), head, sizeof head)) return c.ptr(addr);
        uint32_t msg_len;
        uint16_t flags;
        std::memcpy(&msg_len, head, 4);
        std::memcpy(&flags, head + 6, 2);
        if (msg_len > len && flags >= 0x2000) return c.buffer(addr, len);
    }
    int protocol = probe->netlink_protocol(c.tid(), fd);
    if (protocol >= 0)
        decode_netlink(c, protocol, addr, len);
    else
        c.buffer(addr, len);
}

void decode_nlattrs(Call &c, uint64_t addr, uint32_t len, const Xlat &types, const char *dflt,
                    const NlaDecoder *decoders, size_t ndecoders, const void *opaque) {
    bool in_array = false;
    nlattr a;
    for (unsigned n = 0; fetch(c, addr, len, in_array, &a, sizeof a); n++) {
        if (c.options().abbrev && n == c.options().max_strlen) {
            c.str("...");
            break;
        }
        uint32_t step = align4(a.nla_len);
        uint64_t next = 0;
        uint32_t next_len = 0;
        if (a.nla_len >= kNlaHdr) {
            next_len = len >= step ? len - step : 0;
            if (next_len && addr + step > addr) next = addr + step;
        }
        if (!in_array && next) {
            c.str("[");
            in_array = true;
        }
        uint32_t nla_len = std::min<uint32_t>(a.nla_len, len);
        if (nla_len > kNlaHdr) c.str("[");
        c.str("{nla_len=");
        c.udec(a.nla_len);
        c.str(", nla_type=");
        if (a.nla_type & NLA_F_NESTED) c.str("NLA_F_NESTED|");
        if (a.nla_type & NLA_F_NET_BYTEORDER) c.str("NLA_F_NET_BYTEORDER|");
        uint16_t type = a.nla_type & NLA_TYPE_MASK;
        c.enum_val(types, type, dflt);
        c.str("}");
        if (nla_len > kNlaHdr) {
            c.str(", ");
            NlaDecoder d = type < ndecoders ? decoders[type] : nullptr;
            if (!d || !d(c, addr + kNlaHdr, nla_len - kNlaHdr, opaque)) c.hex_buffer(addr + kNlaHdr, nla_len - kNlaHdr);
            c.str("]");
        }
        if (!next) break;
        c.str(", ");
        addr = next;
        len = next_len;
    }
    if (in_array) c.str("]");
}

bool nla_hwaddr(Call &c, uint64_t addr, uint32_t len, const void *) {
    unsigned char buf[32];  // (MAX_ADDR_LEN: longer ones are shown as bytes)
    if (len > sizeof buf) return false;
    uint32_t n = len;
    if (!c.mem().read_exact(RemoteAddr(addr), buf, n)) {
        c.ptr(addr);
        return true;
    }
    print_hwaddr(c, buf, n);
    return true;
}

// Flags of `size` bytes (strace's decode_nla_flags: a payload of size..8 bytes, of which the
// first `size` count).
bool nla_flags(Call &c, uint64_t addr, uint32_t len, size_t size, const Xlat &x, const char *zero,
               const char *unknown) {
    if (len > 8 || len < size) return false;
    uint64_t v = 0;
    if (!c.mem().read_exact(RemoteAddr(addr), &v, size)) {
        c.ptr(addr);
        return true;
    }
    c.flags_of({&x}, v, zero, unknown);
    return true;
}

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

bool nla_fd(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<int32_t>(c, addr, len, [&](const int32_t &v) { c.fd(v); });
}

bool nla_strz(Call &c, uint64_t addr, uint32_t len) {
    c.bounded_cstring(addr, len);
    return true;
}

bool nla_str(Call &c, uint64_t addr, uint32_t len, const void *) {
    // strace (printstr_ex with a trailing NUL expected): the bytes, embedded NULs too, up to -s;
    // a NUL that ends them is not shown, anything else is followed by "..."
    unsigned char buf[512];
    const uint32_t max = std::min<uint32_t>(c.options().max_strlen, sizeof buf - 1);
    uint32_t fetch = std::min<uint32_t>(len, max + 1);
    if (!c.mem().read_exact(RemoteAddr(addr), buf, fetch)) {
        c.ptr(addr);
        return true;
    }
    uint32_t size = std::min(fetch, max);
    int hex = c.options().strings_in_hex;
    bool all_hex = hex == kHexAll;
    for (uint32_t i = 0; hex == kHexNonAscii && i < size && !all_hex; i++)
        all_hex = buf[i] > 0x7e || (buf[i] < ' ' && !(buf[i] >= '\t' && buf[i] <= '\r'));
    if (all_hex) {  // (every byte in hex, the NUL too, then "...")
        Call::quote(c.out(), buf, size, false, kHexAll);
        if (size) c.str("...");
        return true;
    }
    bool ends_in_nul = size && buf[size - 1] == 0;
    Call::quote(c.out(), buf, ends_in_nul ? size - 1 : size, false, hex);
    if (size && !ends_in_nul) c.str("...");
    return true;
}

bool nla_strn(Call &c, uint64_t addr, uint32_t len, const void *) {
    c.buffer(addr, len);
    return true;
}

bool nla_u8(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint8_t>(c, addr, len, [&](uint8_t v) { c.udec(v); });
}
bool nla_u16(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint16_t>(c, addr, len, [&](uint16_t v) { c.udec(v); });
}
bool nla_u32(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](uint32_t v) { c.udec(v); });
}
bool nla_u64(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint64_t>(c, addr, len, [&](uint64_t v) { c.udec(v); });
}
bool nla_s32(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<int32_t>(c, addr, len, [&](int32_t v) { c.dec(v); });
}
bool nla_x32(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](uint32_t v) { c.hex(v); });
}
bool nla_xint(Call &c, uint64_t addr, uint32_t len, const void *) {
    uint64_t v = 0;
    if (len != 1 && len != 2 && len != 4 && len != 8) return false;
    if (!c.mem().read_exact(RemoteAddr(addr), &v, len))
        c.ptr(addr);
    else
        c.hex(v);
    return true;
}
void print_nonzero_tail(Call &c, uint64_t addr, uint32_t from, uint32_t total) {
    if (from >= total) return;
    std::string bytes(total - from, '\0');
    if (!c.mem().read_exact(RemoteAddr(addr + from), bytes.data(), bytes.size())) return c.str(", ???");
    if (bytes.find_first_not_of('\0') == std::string::npos) return;
    c.str(", /* bytes ");
    c.udec(from);
    c.str("..");
    c.udec(total - 1);
    c.str(" */ ");
    size_t shown = std::min<size_t>(bytes.size(), c.options().max_strlen);
    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(bytes.data()), shown, false, kHexAll);
    if (shown < bytes.size()) c.str("...");
}
bool nla_ifindex(Call &c, uint64_t addr, uint32_t len, const void *) {
    return nla_read<uint32_t>(c, addr, len, [&](uint32_t v) { print_ifindex(c, v); });
}

void print_inet_addr_at(Call &c, uint64_t addr, uint32_t len, int family, const char *name) {
    size_t size = family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
    unsigned char a[16];
    if (size && len >= size && c.mem().read_exact(RemoteAddr(addr), a, size))
        return print_inet_addr(c, family, a, size, name);
    if (name) {
        c.str(name);
        c.str("=");
    }
    if (!size || len < size) return c.hex_buffer(addr, len);
    c.ptr(addr);
}

bool nla_inet_addr(Call &c, uint64_t addr, uint32_t len, const void *family) {
    print_inet_addr_at(c, addr, len, family ? *static_cast<const uint8_t *>(family) : AF_UNSPEC);
    return true;
}

}  // namespace wiretrace
