// NETLINK_SOCK_DIAG payloads: requests and replies by address family (UNIX here; the others
// as {family=AF_..., data="..."} for now), with their attributes.
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>

#include <cstdio>

#include <iterator>

#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void cookie(Call &c, const uint32_t (&v)[2]) {
    c.str("[");
    c.udec(v[0]);
    c.str(", ");
    c.udec(v[1]);
    c.str("]");
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
        static const NlaDecoder decoders[] = {nla_str,        nla_unix_vfs, nla_u32, nla_u32_array,
                                              nla_unix_rqlen, nullptr,      nla_u8,  nla_u32};
        c.str(", ");
        decode_nlattrs(c, addr + off, len - off, xlat_unix_diag_attrs, "%#llx /* UNIX_DIAG_??? */", decoders,
                       std::size(decoders), nullptr);
    }
}
}  // namespace

bool decode_netlink_sock_diag(Call &c, const nlmsghdr &h, uint64_t addr, uint32_t len) {
    if (h.nlmsg_type == NLMSG_DONE) return false;
    uint8_t family;
    if (!c.mem().read_obj(RemoteAddr(addr), family)) {
        c.ptr(addr);
        return true;
    }
    bool request = h.nlmsg_flags & NLM_F_REQUEST;
    if (family == AF_UNIX && len > 1) {
        if (request)
            unix_request(c, addr, len);
        else
            unix_reply(c, addr, len);
        return true;
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
