// The packet printer on hand-made packets (hex fixtures), one or more per protocol, against
// what tcpdump 4.99.3 printed for the same bytes (-nn, -v, -e, -X; timestamps cut off).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "packet/tcpdump_printer.h"

using namespace wiretrace;

namespace {
std::vector<uint8_t> bytes(const char *hex) {
    std::vector<uint8_t> out;
    for (size_t i = 0; hex[i] && hex[i + 1]; i += 2)
        out.push_back(static_cast<uint8_t>(std::stoi(std::string(hex + i, 2), nullptr, 16)));
    return out;
}
std::string print(const char *hex, uint32_t extra_len, TcpdumpOptions opt) {
    opt.timestamps = 1;  // -t
    TcpdumpPrinter p(opt);
    auto b = bytes(hex);
    std::string out;
    p.print(out, 1, {}, b.data(), static_cast<uint32_t>(b.size()), static_cast<uint32_t>(b.size()) + extra_len);
    return out;
}
struct Fixture {
    const char *name, *hex;
    uint32_t extra_len;  // bytes on the wire beyond the captured ones
    const char *plain, *verbose, *link, *hexdump;
};
const Fixture k_fixtures[] = {
    {"arp_padded",
     "020000000001020000000002080600010800060400020200000000020a0000020200000000010a00000100000000000000000000000000000"
     "0000000",
     0, "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 46\n",
     "ARP, Ethernet (len 6), IPv4 (len 4), Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 46\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype ARP (0x0806), length 60: Reply 10.0.0.2 is-at "
     "02:00:00:00:00:02, length 46\n",
     "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 46\n"
     "\t0x0000:  0001 0800 0604 0002 0200 0000 0002 0a00  ................\n"
     "\t0x0010:  0002 0200 0000 0001 0a00 0001 0000 0000  ................\n"
     "\t0x0020:  0000 0000 0000 0000 0000 0000 0000       ..............\n"},
    {"qinq_udp",
     "02000000000102000000000288a82064810000c808004500002100014000401126c90a0000010a00000204d2162e000d000068656c6c6f",
     0, "IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 5\n",
     "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 33)\n"
     "    10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 5\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype 802.1Q-QinQ (0x88a8), length 55: vlan 100, p 1, ethertype "
     "802.1Q (0x8100), vlan 200, p 0, ethertype IPv4 (0x0800), 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 5\n",
     "IP 10.0.0.1.1234 > 10.0.0.2.5678: UDP, length 5\n"
     "\t0x0000:  4500 0021 0001 4000 4011 26c9 0a00 0001  E..!..@.@.&.....\n"
     "\t0x0010:  0a00 0002 04d2 162e 000d 0000 6865 6c6c  ............hell\n"
     "\t0x0020:  6f                                       o\n"},
    {"tcp_sack_urg",
     "02000000000102000000000208004500004800014000400626ad0a0000010a0000029c4001bb0000138800001770a03002000000000301010"
     "50a000003e8000007d0fe04abcd4d040102000078787878787878787878",
     0,
     "IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [.U], seq 5000:5012, ack 6000, win 512, urg 3, options [nop,nop,sack 1 "
     "{4294962297:4294963297},exp-abcd,unknown-77 0x0102], length 12\n",
     "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 72)\n"
     "    10.0.0.1.40000 > 10.0.0.2.443: Flags [.U], cksum 0x0000 (incorrect -> 0x1ca5), seq 5000:5012, ack 6000, win "
     "512, urg 3, options [nop,nop,sack 1 {4294962297:4294963297},exp-abcd,unknown-77 0x0102], length 12\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 86: 10.0.0.1.40000 > 10.0.0.2.443: Flags "
     "[.U], seq 5000:5012, ack 6000, win 512, urg 3, options [nop,nop,sack 1 "
     "{4294962297:4294963297},exp-abcd,unknown-77 0x0102], length 12\n",
     "IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [.U], seq 5000:5012, ack 6000, win 512, urg 3, options [nop,nop,sack 1 "
     "{4294962297:4294963297},exp-abcd,unknown-77 0x0102], length 12\n"
     "\t0x0000:  4500 0048 0001 4000 4006 26ad 0a00 0001  E..H..@.@.&.....\n"
     "\t0x0010:  0a00 0002 9c40 01bb 0000 1388 0000 1770  .....@.........p\n"
     "\t0x0020:  a030 0200 0000 0003 0101 050a 0000 03e8  .0..............\n"
     "\t0x0030:  0000 07d0 fe04 abcd 4d04 0102 0000 7878  ........M.....xx\n"
     "\t0x0040:  7878 7878 7878 7878                      xxxxxxxx\n"},
    {"icmp_net_unreach",
     "02000000000102000000000208004500003800014000400125c50a0000fe0a00000203000000000000004500002800014000400626c50a000"
     "0020a0000099c41005000000001",
     0, "IP 10.0.0.254 > 10.0.0.2: ICMP net 10.0.0.9 unreachable, length 36\n",
     "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 56)\n"
     "    10.0.0.254 > 10.0.0.2: ICMP net 10.0.0.9 unreachable, length 36 (wrong icmp cksum 0 (->606d)!)\n"
     "\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 40)\n"
     "    10.0.0.2.40001 > 10.0.0.9.80:  [|tcp]\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 70: 10.0.0.254 > 10.0.0.2: ICMP net "
     "10.0.0.9 unreachable, length 36\n",
     "IP 10.0.0.254 > 10.0.0.2: ICMP net 10.0.0.9 unreachable, length 36\n"
     "\t0x0000:  4500 0038 0001 4000 4001 25c5 0a00 00fe  E..8..@.@.%.....\n"
     "\t0x0010:  0a00 0002 0300 0000 0000 0000 4500 0028  ............E..(\n"
     "\t0x0020:  0001 4000 4006 26c5 0a00 0002 0a00 0009  ..@.@.&.........\n"
     "\t0x0030:  9c41 0050 0000 0001                      .A.P....\n"},
    {"dns_cname",
     "02000000000102000000000208004500006c000140004011264a0a0000350a0000020035823500580000004d8180000100020000000003777"
     "777076578616d706c6504746573740000010001c00c000500010000003c001203776562076578616d706c65047465737400c02e0001000100"
     "00003c0004c0000207",
     0, "IP 10.0.0.53.53 > 10.0.0.2.33333: 77 2/0/0 CNAME web.example.test., A 192.0.2.7 (80)\n",
     "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 108)\n"
     "    10.0.0.53.53 > 10.0.0.2.33333: 77 2/0/0 www.example.test. CNAME web.example.test., web.example.test. A "
     "192.0.2.7 (80)\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 122: 10.0.0.53.53 > 10.0.0.2.33333: 77 "
     "2/0/0 CNAME web.example.test., A 192.0.2.7 (80)\n",
     "IP 10.0.0.53.53 > 10.0.0.2.33333: 77 2/0/0 CNAME web.example.test., A 192.0.2.7 (80)\n"
     "\t0x0000:  4500 006c 0001 4000 4011 264a 0a00 0035  E..l..@.@.&J...5\n"
     "\t0x0010:  0a00 0002 0035 8235 0058 0000 004d 8180  .....5.5.X...M..\n"
     "\t0x0020:  0001 0002 0000 0000 0377 7777 0765 7861  .........www.exa\n"
     "\t0x0030:  6d70 6c65 0474 6573 7400 0001 0001 c00c  mple.test.......\n"
     "\t0x0040:  0005 0001 0000 003c 0012 0377 6562 0765  .......<...web.e\n"
     "\t0x0050:  7861 6d70 6c65 0474 6573 7400 c02e 0001  xample.test.....\n"
     "\t0x0060:  0001 0000 003c 0004 c000 0207            .....<......\n"},
    {"ip_truncated", "020000000001020000000002080045000028000140004006", 20, "IP  [|ip]\n", "IP  [|ip]\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4 (0x0800), length 44:  [|ip]\n",
     "IP  [|ip]\n"
     "\t0x0000:  4500 0028 0001 4000 4006                 E..(..@.@.\n"},
    {"ipv6_hbh_udp",
     "02000000000102000000000286dd600000000013004020010db800000000000000000000000120010db800000000000000000000000211000"
     "104000000009c409c41000b0000616263",
     0, "IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 40001: UDP, length 3\n",
     "IP6 (hlim 64, next-header Options (0) payload length: 19) 2001:db8::1 > 2001:db8::2: HBH (padn) 40000 > 40001: "
     "[bad udp cksum 0x0000 -> 0xa77e!] UDP, length 3\n",
     "02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv6 (0x86dd), length 73: 2001:db8::1 > 2001:db8::2: HBH 40000 "
     "> 40001: UDP, length 3\n",
     "IP6 2001:db8::1 > 2001:db8::2: HBH 40000 > 40001: UDP, length 3\n"
     "\t0x0000:  6000 0000 0013 0040 2001 0db8 0000 0000  `......@........\n"
     "\t0x0010:  0000 0000 0000 0001 2001 0db8 0000 0000  ................\n"
     "\t0x0020:  0000 0000 0000 0002 1100 0104 0000 0000  ................\n"
     "\t0x0030:  9c40 9c41 000b 0000 6162 63              .@.A....abc\n"},
};
}  // namespace

TEST(TcpdumpPrinter, HexFixturesPrintAsTcpdump) {
    for (const Fixture &f : k_fixtures) {
        TcpdumpOptions o;
        EXPECT_EQ(print(f.hex, f.extra_len, o), f.plain) << f.name;
        o.verbose = true;
        EXPECT_EQ(print(f.hex, f.extra_len, o), f.verbose) << f.name << " -v";
        o = {};
        o.link_header = true;
        EXPECT_EQ(print(f.hex, f.extra_len, o), f.link) << f.name << " -e";
        o = {};
        o.hex = 2;
        EXPECT_EQ(print(f.hex, f.extra_len, o), f.hexdump) << f.name << " -X";
    }
}

TEST(TcpdumpPrinter, NeverReadsPastTheCapture) {
    // every prefix of every fixture: the printer must stop at the captured bytes (ASan checks)
    for (const Fixture &f : k_fixtures) {
        auto b = bytes(f.hex);
        for (size_t n = 0; n <= b.size(); n++) {
            std::vector<uint8_t> cut(b.begin(), b.begin() + static_cast<long>(n));
            TcpdumpOptions o;
            o.verbose = true;
            o.hex = 2;
            TcpdumpPrinter p(o);
            std::string out;
            p.print(out, 1, {}, cut.data(), static_cast<uint32_t>(n), static_cast<uint32_t>(b.size()));
            EXPECT_FALSE(out.empty());
        }
    }
}

// Record headers that cannot be right: tcpdump's words, no timestamp (and no exception thrown
// per packet: a file of them prints at the speed of any other).
TEST(TcpdumpPrinter, InvalidRecordHeadersAsTcpdump) {
    TcpdumpPrinter p(TcpdumpOptions{});
    const uint8_t b[20] = {};
    std::string out;
    p.print(out, 1, {1700000000, 5000}, b, 0, 0);
    p.print(out, 1, {1700000000, 5000}, b, 0, 60);
    p.print(out, 1, {1700000000, 5000}, b, 20, 10);
    p.print(out, 1, {1700000000, 5000}, b, 14, 0);
    EXPECT_EQ(out,
              "[Invalid header: caplen==0, len==0]\n"
              "[Invalid header: caplen==0]\n"
              "[Invalid header: len(10) < caplen(20)]\n"
              "[Invalid header: len==0]\n");
}

// An IP header whose version is not the link type's: tcpdump's words (4.99.3 on these bytes),
// and a cut IPv6 header is not named before it is checked.
TEST(TcpdumpPrinter, IpVersionThatIsNotTheLinkTypesAsTcpdump) {
    const struct {
        const char *hex, *plain, *link;
    } cases[] = {
        {"0011223344550066778899aa08006000000000081140000000000000000000000000000000000000000000000000000000000000000"
         "103e807d000080000",
         "IP6, wrong link-layer encapsulation (invalid)\n",
         "00:66:77:88:99:aa > 00:11:22:33:44:55, ethertype IPv4 (0x0800), length 62: IP6, wrong link-layer "
         "encapsulation (invalid)\n"},
        {"0011223344550066778899aa86dd4500001c00010000401100007f0000017f00000203e807d000080000", " [|ip6]\n",
         "00:66:77:88:99:aa > 00:11:22:33:44:55, ethertype IPv6 (0x86dd), length 42:  [|ip6]\n"},
        {"0011223344550066778899aa08005500001c00010000401100007f0000017f00000203e807d000080000", "IP5 (invalid)\n",
         "00:66:77:88:99:aa > 00:11:22:33:44:55, ethertype IPv4 (0x0800), length 42: IP5 (invalid)\n"},
        {"0011223344550066778899aa86dd5500001c00010000401100007f0000017f00000203e807d000080000000000000000000000000000"
         "0000000000000000",
         "IP6 version error: 5 != 6\n",
         "00:66:77:88:99:aa > 00:11:22:33:44:55, ethertype IPv6 (0x86dd), length 62: version error: 5 != 6\n"},
    };
    for (const auto &c : cases) {
        TcpdumpOptions link;
        link.link_header = true;
        EXPECT_EQ(print(c.hex, 0, {}), c.plain);
        EXPECT_EQ(print(c.hex, 0, link), c.link);
    }
}

// Live, the relative-sequence table forgets quiet connections (tcpdump's own never does; a file
// is read with tcpdump's rule): a connection quiet past the limit starts again from absolute
// numbers, a closed one is forgotten after a minute, and one still talking is kept.
TEST(TcpdumpPrinter, LiveCaptureForgetsQuietConnections) {
    // 10.0.0.1.40000 > 10.0.0.2.8000, ACK, seq 1000 ack 2000, 4 bytes (flags byte patched below)
    auto seg = bytes(
        "02000000000102000000000208004500002c00014000400626c50a0000010a0000029c401f4000000"
        "3e8000007d05010020000000000"
        "61626364");
    auto line = [&](TcpdumpPrinter &p, int64_t sec, uint8_t flags) {
        auto b = seg;
        b[14 + 20 + 13] = flags;
        std::string out;
        p.print(out, 1, {sec, 0}, b.data(), static_cast<uint32_t>(b.size()), static_cast<uint32_t>(b.size()));
        return out.substr(out.find("seq"));
    };
    TcpdumpOptions opt;
    opt.timestamps = 1;
    opt.forget_idle_s = 600;
    TcpdumpPrinter p(opt);
    EXPECT_EQ(line(p, 100, 0x18), "seq 1000:1004, ack 2000, win 512, length 4\n");  // the first: absolute
    EXPECT_EQ(line(p, 400, 0x18), "seq 0:4, ack 1, win 512, length 4\n");
    EXPECT_EQ(p.connections_remembered(), 1u);
    EXPECT_EQ(line(p, 1100, 0x18), "seq 1000:1004, ack 2000, win 512, length 4\n");  // quiet 700 s: forgotten
    EXPECT_EQ(line(p, 1150, 0x19), "seq 0:4, ack 1, win 512, length 4\n");           // a FIN
    EXPECT_EQ(line(p, 1200, 0x18), "seq 0:4, ack 1, win 512, length 4\n");           // 50 s after it: kept
    EXPECT_EQ(line(p, 1300, 0x18), "seq 1000:1004, ack 2000, win 512, length 4\n");  // 100 s: forgotten
    TcpdumpOptions file = opt;
    file.forget_idle_s = 0;
    TcpdumpPrinter f(file);
    line(f, 100, 0x18);
    EXPECT_EQ(line(f, 100000, 0x18), "seq 0:4, ack 1, win 512, length 4\n");
}
