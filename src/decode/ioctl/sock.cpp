// Socket requests (type 0x89, linux/sockios.h): interface requests through struct ifreq (the
// name in, the answer out), process groups and owners as [N], bridge requests, and the
// requests strace shows only as an address.
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstdio>
#include <algorithm>
#include <cstring>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void ifr_string(Call &c, const char *s) {
    print_cstring_field(c, s, IFNAMSIZ);
}

// The part of an ifreq a request fills or reads, after its name.
void ifreq_value(Call &c, unsigned code, const ifreq &r) {
    auto sockaddr = [&](const char *field, const ::sockaddr &sa) {
        c.str(field);
        print_sockaddr_data(c, reinterpret_cast<const unsigned char *>(&sa), sizeof sa);
    };
    switch (code) {
        case SIOCSIFADDR:
        case SIOCGIFADDR:
            return sockaddr("ifr_addr=", r.ifr_addr);
        case SIOCSIFDSTADDR:
        case SIOCGIFDSTADDR:
            return sockaddr("ifr_dstaddr=", r.ifr_dstaddr);
        case SIOCSIFBRDADDR:
        case SIOCGIFBRDADDR:
            return sockaddr("ifr_broadaddr=", r.ifr_broadaddr);
        case SIOCSIFNETMASK:
        case SIOCGIFNETMASK:
            return sockaddr("ifr_netmask=", r.ifr_netmask);
        case SIOCADDMULTI:
        case SIOCDELMULTI:
        case SIOCGIFHWADDR:
        case SIOCSIFHWADDR:
        case SIOCSIFHWBROADCAST: {
            c.str("ifr_hwaddr={sa_family=");
            c.enum_val(xlat_arp_hardware_types, r.ifr_hwaddr.sa_family, "%#llx /* ARPHRD_??? */");
            c.str(", sa_data=");
            // (as many bytes as the hardware type's addresses have, as strace's table)
            size_t n = sizeof r.ifr_hwaddr.sa_data;
            switch (r.ifr_hwaddr.sa_family) {
                case 0:  // ARPHRD_NETROM
                case 3:  // ARPHRD_AX25
                    n = 7;
                    break;
                case 1:  // ARPHRD_ETHER
                case 6:  // ARPHRD_IEEE802
                    n = 6;
                    break;
                case 7:  // ARPHRD_ARCNET
                    n = 1;
                    break;
                case 27:  // ARPHRD_EUI64
                    n = 8;
                    break;
                default:
                    break;
            }
            print_hwaddr(c, reinterpret_cast<const unsigned char *>(r.ifr_hwaddr.sa_data), n);
            c.str("}");
            return;
        }
        case SIOCSIFFLAGS:
        case SIOCGIFFLAGS:
            c.str("ifr_flags=");
            c.flags_of({&xlat_iffflags}, static_cast<uint16_t>(r.ifr_flags), "0", "IFF_???");
            return;
        case SIOCGIFINDEX:
            c.str("ifr_ifindex=");
            return c.dec(r.ifr_ifindex);
        case SIOCSIFMETRIC:
        case SIOCGIFMETRIC:
            c.str("ifr_metric=");
            return c.dec(r.ifr_metric);
        case SIOCSIFMTU:
        case SIOCGIFMTU:
            c.str("ifr_mtu=");
            return c.dec(r.ifr_mtu);
        case SIOCSIFSLAVE:
        case SIOCGIFSLAVE:
            c.str("ifr_slave=");
            return ifr_string(c, r.ifr_slave);
        case SIOCSIFNAME:
            c.str("ifr_newname=");
            return ifr_string(c, r.ifr_newname);
        case SIOCGIFNAME:
            c.str("ifr_name=");
            return ifr_string(c, r.ifr_name);
        case SIOCSIFTXQLEN:
        case SIOCGIFTXQLEN:
            c.str("ifr_qlen=");
            return c.dec(r.ifr_qlen);
        case SIOCSIFMAP:
        case SIOCGIFMAP:
            c.str("ifr_map={mem_start=");
            c.hex(r.ifr_map.mem_start);
            c.str(", mem_end=");
            c.hex(r.ifr_map.mem_end);
            c.str(", base_addr=");
            c.hex(r.ifr_map.base_addr);
            c.str(", irq=");
            c.hex(r.ifr_map.irq);
            c.str(", dma=");
            c.hex(r.ifr_map.dma);
            c.str(", port=");
            c.hex(r.ifr_map.port);
            c.str("}");
            return;
        default:
            return;
    }
}
}  // namespace

namespace {
// "64 /* 2 * sizeof(struct ifreq) */" for a length that is whole ifreqs.
void ifc_len(Call &c, int len) {
    c.dec(len);
    unsigned n = static_cast<unsigned>(len) / sizeof(ifreq);
    if (len > 0 && n * sizeof(ifreq) == static_cast<unsigned>(len)) {
        c.str(" /* ");
        c.udec(n);
        c.str(" * sizeof(struct ifreq) */");
    }
}

// SIOCGIFCONF: the buffer's length at entry (the size query when ifc_buf is NULL), and at exit
// the length the kernel set and the interfaces with their addresses. The entry's struct is
// kept in Call::saved().
IoctlArg ifconf(Call &c, uint64_t arg) {
    ::ifconf now;
    if (c.entering()) {
        c.sep();
        if (!arg || !c.mem().read_obj(RemoteAddr(arg), now)) {
            c.ptr(arg);
            return IoctlArg::Done;
        }
        c.saved().assign(reinterpret_cast<const char *>(&now), sizeof now);
        c.str("{ifc_len=");
        if (now.ifc_buf) ifc_len(c, now.ifc_len);
        return IoctlArg::AtExit;
    }
    ::ifconf was{};
    if (c.saved().size() == sizeof was) std::memcpy(&was, c.saved().data(), sizeof was);
    c.saved().clear();
    const uint64_t was_buf = reinterpret_cast<uint64_t>(was.ifc_buf);
    if (!c.mem().read_obj(RemoteAddr(arg), now)) {
        if (!was.ifc_buf) ifc_len(c, was.ifc_len);
        c.str(", ifc_buf=");
        c.ptr(was_buf);
        c.str("}");
        return IoctlArg::Done;
    }
    if (was.ifc_buf && was.ifc_len != now.ifc_len) c.str(" => ");
    if (!was.ifc_buf || was.ifc_len != now.ifc_len) ifc_len(c, now.ifc_len);
    const uint64_t now_buf = reinterpret_cast<uint64_t>(now.ifc_buf);
    if (!was.ifc_buf || c.failed()) {
        c.str(", ifc_buf=");
        c.ptr(was_buf);
        if (was_buf != now_buf) {
            c.str(" => ");
            c.ptr(now_buf);
        }
    } else {
        c.str(", ifc_buf=");
        c.array<ifreq>(now_buf, static_cast<unsigned>(now.ifc_len) / sizeof(ifreq), [&](const ifreq &r) {
            c.str("{ifr_name=");
            ifr_string(c, r.ifr_name);
            c.str(", ifr_addr=");
            print_sockaddr_data(c, reinterpret_cast<const unsigned char *>(&r.ifr_addr), sizeof r.ifr_addr);
            c.str("}");
            return true;
        });
    }
    c.str("}");
    return IoctlArg::Done;
}
}  // namespace

IoctlArg sock_ioctl(Call &c, unsigned code, uint64_t arg) {
    ifreq r;
    switch (code) {
        case SIOCBRADDBR:
        case SIOCBRDELBR: {
            // a bridge name: up to IFNAMSIZ bytes, "..." when no NUL ends them
            c.sep();
            char name[IFNAMSIZ];
            size_t got = arg ? c.mem().read(RemoteAddr(arg), name, sizeof name) : 0;
            size_t n = strnlen(name, got);
            if (!got || (n == got && got < sizeof name)) {  // (cut by unreadable memory)
                c.ptr(arg);
                return IoctlArg::Done;
            }
            Call::quote(c.out(), reinterpret_cast<const unsigned char *>(name), n, false, c.options().strings_in_hex);
            if (n == got) c.str("...");
            return IoctlArg::Done;
        }
        case SIOCGIFCONF:
            return ifconf(c, arg);
        case FIOGETOWN:
        case SIOCATMARK:
        case SIOCGIFENCAP:
        case SIOCGPGRP:
        case SIOCOUTQNSD:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case FIOSETOWN:
        case SIOCSIFENCAP:
        case SIOCSPGRP:
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case SIOCBRADDIF:
        case SIOCBRDELIF:
            c.sep();
            if (!arg || !c.mem().read_obj(RemoteAddr(arg), r)) {
                c.ptr(arg);
            } else {
                c.str("{ifr_ifindex=");
                print_ifindex(c, static_cast<unsigned>(r.ifr_ifindex));
                c.str("}");
            }
            return IoctlArg::Done;
        case SIOCADDMULTI:
        case SIOCDELMULTI:
        case SIOCSIFADDR:
        case SIOCSIFBRDADDR:
        case SIOCSIFDSTADDR:
        case SIOCSIFFLAGS:
        case SIOCSIFHWADDR:
        case SIOCSIFHWBROADCAST:
        case SIOCSIFMAP:
        case SIOCSIFMETRIC:
        case SIOCSIFMTU:
        case SIOCSIFNAME:
        case SIOCSIFNETMASK:
        case SIOCSIFSLAVE:
        case SIOCSIFTXQLEN:
            c.sep();
            if (!arg || !c.mem().read_obj(RemoteAddr(arg), r)) {
                c.ptr(arg);
                return IoctlArg::Done;
            }
            c.str("{ifr_name=");
            ifr_string(c, r.ifr_name);
            c.str(", ");
            ifreq_value(c, code, r);
            c.str("}");
            return IoctlArg::Done;
        case SIOCGIFADDR:
        case SIOCGIFBRDADDR:
        case SIOCGIFDSTADDR:
        case SIOCGIFFLAGS:
        case SIOCGIFHWADDR:
        case SIOCGIFINDEX:
        case SIOCGIFMAP:
        case SIOCGIFMETRIC:
        case SIOCGIFMTU:
        case SIOCGIFNAME:
        case SIOCGIFNETMASK:
        case SIOCGIFSLAVE:
        case SIOCGIFTXQLEN:
            // the name (or, for SIOCGIFNAME, the index) at entry, the answer at exit
            if (c.entering()) {
                c.sep();
                if (!arg || !c.mem().read_obj(RemoteAddr(arg), r)) {
                    c.ptr(arg);
                    return IoctlArg::Done;
                }
                if (code == SIOCGIFNAME) {
                    c.str("{ifr_ifindex=");
                    c.dec(r.ifr_ifindex);
                } else {
                    c.str("{ifr_name=");
                    ifr_string(c, r.ifr_name);
                }
                return IoctlArg::AtExit;
            }
            if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), r)) {
                c.str(", ");
                ifreq_value(c, code, r);
            }
            c.str("}");
            return IoctlArg::Done;
        case SIOCADDDLCI:
        case SIOCADDRT:
        case SIOCBONDCHANGEACTIVE:
        case SIOCBONDENSLAVE:
        case SIOCBONDINFOQUERY:
        case SIOCBONDRELEASE:
        case SIOCBONDSETHWADDR:
        case SIOCBONDSLAVEINFOQUERY:
        case SIOCDARP:
        case SIOCDELDLCI:
        case SIOCDELRT:
        case SIOCDIFADDR:
        case SIOCDRARP:
        case SIOCETHTOOL:
        case SIOCGARP:
        case SIOCGHWTSTAMP:
        case SIOCGIFBR:
        case SIOCGIFCOUNT:
        case SIOCGIFMEM:
        case SIOCGIFPFLAGS:
        case SIOCGIFVLAN:
        case SIOCGMIIPHY:
        case SIOCGMIIREG:
        case SIOCGRARP:
        case SIOCGSKNS:
        case SIOCGSTAMP_OLD:
        case SIOCGSTAMP_NEW:
        case SIOCGSTAMPNS_OLD:
        case SIOCGSTAMPNS_NEW:
        case SIOCRTMSG:
        case SIOCSARP:
        case SIOCSHWTSTAMP:
        case SIOCSIFBR:
        case SIOCSIFLINK:
        case SIOCSIFMEM:
        case SIOCSIFPFLAGS:
        case SIOCSIFVLAN:
        case SIOCSMIIREG:
        case SIOCSRARP:
        case SIOCWANDEV:
            c.sep();
            c.ptr(arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
