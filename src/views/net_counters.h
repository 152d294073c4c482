// The kernel's network counters of one network namespace, as sar, nstat, `ip -s link` and
// `netstat -i` read them: /proc/net/dev (per interface), /proc/net/snmp, /proc/net/netstat and
// /proc/net/snmp6 (protocol counters, by nstat's names: "TcpActiveOpens", "TcpExtTCPLostRetransmit").
//
// The files are opened once, in the namespace asked for (a short-lived thread enters it), and
// re-read from offset 0 at each snapshot: the kernel regenerates them for the namespace they
// were opened in, whatever namespace the reader is in by then.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

namespace wiretrace {

struct IfaceCounters {
    std::string name;
    // /proc/net/dev's sixteen columns, in its order
    uint64_t rx_bytes = 0, rx_packets = 0, rx_errs = 0, rx_drop = 0, rx_fifo = 0, rx_frame = 0, rx_compressed = 0,
             rx_multicast = 0;
    uint64_t tx_bytes = 0, tx_packets = 0, tx_errs = 0, tx_drop = 0, tx_fifo = 0, tx_colls = 0, tx_carrier = 0,
             tx_compressed = 0;
    int speed_mbps = 0;  // the link's speed (0: unknown, as for lo), for sar's %ifutil
    bool full_duplex = true;
};

struct CounterSnapshot {
    int64_t mono_ns = 0;  // CLOCK_MONOTONIC when taken
    timespec wall{};      // CLOCK_REALTIME when taken
    std::vector<IfaceCounters> ifaces;
    std::vector<std::pair<std::string, uint64_t>> protocol;  // nstat's names, the files' order
    uint64_t get(std::string_view name) const;               // 0 when absent
    const IfaceCounters *iface(std::string_view name) const;
};

class NetCounters {
public:
    // `netns`: a namespace file (/proc/PID/ns/net, /run/netns/NAME), "" for wiretrace's own.
    // Throws FatalError when the namespace or /proc/net/dev cannot be opened.
    explicit NetCounters(const std::string &netns);
    ~NetCounters();
    NetCounters(const NetCounters &) = delete;
    NetCounters &operator=(const NetCounters &) = delete;

    // False when the files cannot be read any more (the namespace is gone).
    bool read(CounterSnapshot &out);

    // Parsers, public for the tests.
    static void parse_dev(std::string_view text, std::vector<IfaceCounters> &out);
    // "Tcp: A B\nTcp: 1 2\n" pairs (snmp, netstat) or "Name value" lines (snmp6)
    static void parse_protocol(std::string_view text, std::vector<std::pair<std::string, uint64_t>> &out);

private:
    bool slurp(int fd, std::string &out);
    int speed_of(const std::string &iface, bool &full_duplex);

    int dev_ = -1, snmp_ = -1, netstat_ = -1, snmp6_ = -1;
    int sock_ = -1;  // an AF_INET socket in the namespace, for the links' speed (SIOCETHTOOL)
    std::string buf_;
    std::vector<std::pair<std::string, int>> speeds_;  // asked once per interface
};

}  // namespace wiretrace
