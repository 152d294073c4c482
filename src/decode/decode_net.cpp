// Socket calls: socket, bind/connect, accept, get{sock,peer}name, send/recv, shutdown,
// and shutdown. Options: decode_sockopt.cpp; messages: decode_msghdr.cpp.
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <algorithm>

#include "decode/decoder.h"
#include "decode/netlink/netlink.h"
#include "decoders.h"

namespace wiretrace {

void print_socklen_inout(Call &c, uint64_t lenp, uint32_t in) {
    uint32_t out = 0;
    if (!c.mem().read_obj(RemoteAddr(lenp), out)) {
        c.ptr(lenp);
        return;
    }
    c.str("[");
    c.udec(in);
    if (out != in) {
        c.str(" => ");
        c.udec(out);
    }
    c.str("]");
}

namespace {
// The shared tail of accept/getsockname/getpeername/recvfrom: a sockaddr the kernel fills
// and its in/out length. At entry: remember the length; at exit: print both.
bool sockname_entry(Call &c, uint64_t addr, uint64_t lenp) {
    if (addr == 0 || lenp == 0) return false;
    uint32_t in = 0;
    c.aux() = c.mem().read_obj(RemoteAddr(lenp), in) ? in : ~uint64_t(0);
    return true;
}
void sockname_exit(Call &c, uint64_t addr, uint64_t lenp) {
    if (addr == 0 || lenp == 0) {
        c.ptr(addr);
        c.sep();
        c.ptr(lenp);
        return;
    }
    uint32_t out = 0;
    if (c.failed() || !c.mem().read_obj(RemoteAddr(lenp), out)) {
        c.ptr(addr);
    } else {
        print_sockaddr(c, addr, std::min<uint64_t>(out, c.aux()));
    }
    c.sep();
    if (c.aux() == ~uint64_t(0))
        c.ptr(lenp);
    else
        print_socklen_inout(c, lenp, static_cast<uint32_t>(c.aux()));
}
}  // namespace

void decode_socket(Call &c) {
    if (c.exiting()) return;
    int family = c.iarg(0);
    unsigned type = static_cast<unsigned>(c.arg(1));
    c.enum_val(xlat_address_families, static_cast<unsigned>(family), "%#llx /* AF_??? */");
    c.sep();
    c.enum_val(xlat_socket_types, type & 0xf, "%#llx /* SOCK_??? */");
    if (type & ~0xfu) {
        c.str("|");
        c.flags(xlat_socket_flags, type & ~0xfu, "0");
    }
    c.sep();
    unsigned proto = static_cast<unsigned>(c.arg(2));
    if (family == AF_INET || family == AF_INET6) {
        c.enum_val(xlat_ip_protocols, proto, "%llu /* IPPROTO_??? */");
    } else if (family == AF_NETLINK) {
        c.enum_val(xlat_netlink_protocols, proto, "%llu /* NETLINK_??? */");
    } else if (family == AF_PACKET) {
        c.str("htons(");
        c.enum_val(xlat_ethernet_protocols, ntohs(static_cast<uint16_t>(proto)), "%#llx /* ETH_P_??? */");
        c.str(")");
    } else {
        c.udec(proto);
    }
}

void decode_socketpair(Call &c) {
    if (c.entering()) {
        decode_socket(c);
        c.sep();
        return;
    }
    c.int_pair(c.arg(3));
}

// bind, connect: the address is an input.
void decode_sockaddr_in(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_sockaddr(c, c.arg(1), static_cast<uint32_t>(c.arg(2)));
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(2)));
}

// accept, accept4, getsockname, getpeername
void decode_sockname(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        // With no address to fill, everything is known now (strace prints it before blocking).
        if (!sockname_entry(c, c.arg(1), c.arg(2))) sockname_exit(c, c.arg(1), c.arg(2));
        return;
    }
    if (c.arg(1) && c.arg(2)) sockname_exit(c, c.arg(1), c.arg(2));
}

void decode_accept4(Call &c) {
    decode_sockname(c);
    if (c.exiting()) {
        c.sep();
        c.flags(xlat_socket_flags, static_cast<unsigned>(c.arg(3)), "0");
    }
}

void decode_sendto(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_sockbuf(c, c.iarg(0), c.arg(1), c.arg(2));  // (netlink messages on a netlink socket)
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(3)), "0");
    c.sep();
    print_sockaddr(c, c.arg(4), static_cast<uint32_t>(c.arg(5)));
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(5)));
}

void decode_recvfrom(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        sockname_entry(c, c.arg(4), c.arg(5));
        return;
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else  // with MSG_TRUNC the call returns more than the buffer holds
        print_sockbuf(c, c.iarg(0), c.arg(1), std::min<uint64_t>(static_cast<uint64_t>(c.ret()), c.arg(2)));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.flags(xlat_msg_flags, static_cast<unsigned>(c.arg(3)), "0");
    c.sep();
    sockname_exit(c, c.arg(4), c.arg(5));
}

void decode_shutdown(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.enum_val(xlat_shutdown_modes, c.arg(1), "%llu /* SHUT_??? */");
}

}  // namespace wiretrace
