// Socket addresses, dispatched by family: AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, AF_PACKET,
// and strace's raw form for the rest.
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
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
    c.str(", sin6_port=htons(");
    c.udec(ntohs(s6.sin6_port));
    c.str("), sin6_flowinfo=htonl(");
    c.udec(ntohl(s6.sin6_flowinfo));
    c.str("), inet_pton(AF_INET6, \"");
    c.str(ip);
    c.str("\", &sin6_addr)");
    if (len >= sizeof s6) {
        c.str(", sin6_scope_id=");
        c.udec(s6.sin6_scope_id);
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
    c.str(", nl_pid=");
    c.udec(nl.nl_pid);
    c.str(", nl_groups=");
    char b[16];
    std::snprintf(b, sizeof b, "%08x", nl.nl_groups);
    c.str(b);
}
}  // namespace

void print_sockaddr(Call &c, uint64_t addr, uint64_t len) {
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
    switch (fam) {
        case AF_INET:
            print_inet(c, buf, n);
            break;
        case AF_INET6:
            print_inet6(c, buf, n);
            break;
        case AF_UNIX:
            print_unix(c, buf, n);
            break;
        case AF_NETLINK:
            print_netlink(c, buf, n);
            break;
        default:
            if (n > 2) {
                c.str(", sa_data=");
                Call::quote(c.out(), buf + 2, n - 2, false);
            }
            break;
    }
    c.str("}");
}

}  // namespace wiretrace
