// Link layers: Ethernet (802.1Q/QinQ tags), Linux cooked v1 and v2, and ARP.
#include "packet/tcpdump/internal.h"

#include <net/if.h>

namespace wiretrace {

using namespace tcpdump_detail;

namespace {
const char *ethertype_name(uint16_t type) {
    switch (type) {
        case 0x0800:
            return "IPv4";
        case 0x86dd:
            return "IPv6";
        case 0x0806:
            return "ARP";
        case 0x8100:
            return "802.1Q";
        case 0x88a8:
            return "802.1Q-QinQ";
        case 0x9100:
            return "802.1Q-9100";
        default:
            return "Unknown";
    }
}
}  // namespace

void TcpdumpPrinter::link_ethernet(Cursor &c) {
    const uint8_t *h = c.need(0, 14);
    uint16_t type = be16(h + 12);
    uint32_t off = 14;
    std::string &o = c.out_ref();
    if (opt_.link_header) {
        o += mac(h + 6) + " > " + mac(h);
        app(o, (std::string(", ethertype ") + ethertype_name(type) + " (0x%04llx)").c_str(), type);
        app(o, ", length %llu: ", wire_len_);
    }
    // 802.1Q / QinQ tags: skipped without -e, as tcpdump; with -e each is shown
    while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
        const uint8_t *tag = c.need(off, 4);
        uint16_t tci = be16(tag);
        type = be16(tag + 2);
        if (opt_.link_header) {
            app(o, "vlan %llu", tci & 0xfffu);
            app(o, ", p %llu", tci >> 13);
            if (tci & 0x1000) o += ", DEI";
            app(o, (std::string(", ethertype ") + ethertype_name(type) + " (0x%04llx), ").c_str(), type);
        }
        off += 4;
    }
    link_len_ = off;
    Cursor in = c.at(off);
    ether_payload(in, type);
}

void TcpdumpPrinter::link_sll(Cursor &c, bool v2) {
    uint16_t type = v2 ? be16(c.need(0, 2)) : be16(c.need(14, 2));
    if (v2) {
        // cooked v2 names the interface (by its index on this machine) and the direction
        const uint8_t *h = c.need(0, 20);
        char ifname[IF_NAMESIZE + 1] = "?";
        if (!if_indextoname(be32(h + 4), ifname)) std::strcpy(ifname, "?");
        static const char *types[] = {"In", "B", "M", "P", "Out"};
        char b[64];
        std::snprintf(b, sizeof b, "%-5s %-3s ", ifname, h[10] < 5 ? types[h[10]] : "?");
        c.out_ref() += b;
    }
    if (opt_.link_header) {
        // " In 02:00:00:00:05:02 ethertype IPv4 (0x0800), length 76: "
        const uint8_t *h = c.need(0, v2 ? 20 : 16);
        unsigned pkttype = v2 ? h[10] : be16(h);
        unsigned halen = v2 ? h[11] : be16(h + 4);
        const uint8_t *addr = v2 ? h + 12 : h + 6;
        static const char *types[] = {"In", "B", "M", "P", "Out"};
        char b[32];
        if (v2)
            std::snprintf(b, sizeof b, "ifindex %u ", be32(h + 4));  // (name and direction: above)
        else
            std::snprintf(b, sizeof b, "%3s ", pkttype < 5 ? types[pkttype] : "?");
        std::string &o = c.out_ref();
        o += b;
        for (unsigned i = 0; i < std::min(halen, 8u); i++) {
            char x[4];
            std::snprintf(x, sizeof x, i ? ":%02x" : "%02x", addr[i]);
            o += x;
        }
        app(o, (std::string(" ethertype ") + ethertype_name(type) + " (0x%04llx)").c_str(), type);
        app(o, ", length %llu: ", wire_len_);
    }
    link_len_ = v2 ? 20 : 16;
    Cursor in = c.at(link_len_);
    ether_payload(in, type);
}

void TcpdumpPrinter::ether_payload(Cursor &c, uint16_t type) {
    switch (type) {
        case 0x0800:
            ipv4(c);
            break;
        case 0x86dd:
            ipv6(c);
            break;
        case 0x0806:
            arp(c);
            break;
        default:
            app(c.out_ref(), "ethertype Unknown (0x%04llx)", type);
            app(c.out_ref(), ", length %llu", c.avail);
    }
}

void TcpdumpPrinter::arp(Cursor &c) {
    if (!opt_.link_header) c.out_ref() += "ARP, ";
    try {
        const uint8_t *h = c.need(0, 8);
        uint16_t hrd = be16(h), pro = be16(h + 2), op = be16(h + 6);
        uint8_t hln = h[4], pln = h[5];
        if (hrd != 1 || pro != 0x0800 || hln != 6 || pln != 4) {
            app(c.out_ref(), "Unknown Hardware (%llu)", hrd);
            app(c.out_ref(), ", length %llu", c.avail);
            return;
        }
        if (opt_.verbose) c.out_ref() += "Ethernet (len 6), IPv4 (len 4), ";
        const uint8_t *a = c.need(8, 20);
        const uint8_t *sha = a, *spa = a + 6, *tpa = a + 16;
        if (op == 1)
            c.out_ref() += "Request who-has " + ip4(tpa) + " tell " + ip4(spa);
        else if (op == 2)
            c.out_ref() += "Reply " + ip4(spa) + " is-at " + mac(sha);
        else
            app(c.out_ref(), "op %llu", op);
        app(c.out_ref(), ", length %llu", c.avail);
    } catch (const Truncated &) {
        c.out_ref() += " [|arp]";
    }
}

}  // namespace wiretrace
