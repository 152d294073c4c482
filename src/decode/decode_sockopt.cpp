// getsockopt/setsockopt: level and name from the xlat tables, values decoded for the options
// whose layout strace knows (ints as [1], linger, peer credentials), other values as bytes.
#include <netinet/in.h>
#include <sys/socket.h>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

void print_ucred(Call &c, int pid, unsigned uid, unsigned gid) {
    c.str("{pid=");
    c.dec(pid);
    c.str(", uid=");
    c.udec(uid);
    c.str(", gid=");
    c.udec(gid);
    c.str("}");
}

namespace {
void print_level_name(Call &c) {
    unsigned level = static_cast<unsigned>(c.arg(1)), name = static_cast<unsigned>(c.arg(2));
    c.enum_val(xlat_socket_levels, level, "%#llx /* SOL_??? */");
    c.sep();
    switch (level) {
        case SOL_SOCKET:
            c.enum_val(xlat_sockopts_socket, name, "%#llx /* SO_??? */");
            break;
        case IPPROTO_TCP:
            c.enum_val(xlat_sockopts_tcp, name, "%#llx /* TCP_??? */");
            break;
        case IPPROTO_IP:
            c.enum_val(xlat_sockopts_ip, name, "%#llx /* IP_??? */");
            break;
        case IPPROTO_IPV6:
            c.enum_val(xlat_sockopts_ipv6, name, "%#llx /* IPV6_??? */");
            break;
        default:
            c.udec(name);
    }
}

// The value of an option, `len` bytes at `addr`.
void print_optval(Call &c, uint64_t addr, uint64_t len) {
    unsigned level = static_cast<unsigned>(c.arg(1)), name = static_cast<unsigned>(c.arg(2));
    if (level == SOL_SOCKET && name == SO_LINGER) {
        struct linger l;
        if (len != sizeof l || !c.mem().read_obj(RemoteAddr(addr), l)) {
            c.ptr(addr);
            return;
        }
        c.str("{l_onoff=");
        c.dec(l.l_onoff);
        c.str(", l_linger=");
        c.dec(l.l_linger);
        c.str("}");
        return;
    }
    if (level == SOL_SOCKET && name == SO_PEERCRED) {
        struct ucred cr;
        if (len < sizeof cr || !c.mem().read_obj(RemoteAddr(addr), cr)) {
            c.ptr(addr);
            return;
        }
        print_ucred(c, cr.pid, cr.uid, cr.gid);
        return;
    }
    int v = 0;
    if (len == sizeof(int) && c.mem().read_obj(RemoteAddr(addr), v)) {
        c.str("[");
        c.dec(v);
        c.str("]");
    } else {
        c.buffer(addr, len);
    }
}
}  // namespace

void decode_setsockopt(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_level_name(c);
    c.sep();
    print_optval(c, c.arg(3), static_cast<uint32_t>(c.arg(4)));
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(4)));
}

void decode_getsockopt(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        print_level_name(c);
        c.sep();
        uint32_t in = 0;
        c.aux() = c.mem().read_obj(RemoteAddr(c.arg(4)), in) ? in : ~uint64_t(0);
        return;
    }
    uint32_t out = 0;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(c.arg(4)), out))
        c.ptr(c.arg(3));
    else
        print_optval(c, c.arg(3), out);
    c.sep();
    if (c.aux() == ~uint64_t(0))
        c.ptr(c.arg(4));
    else
        print_socklen_inout(c, c.arg(4), static_cast<uint32_t>(c.aux()));
}

}  // namespace wiretrace
