// The live view's numbers (--top): bytes per connection, per process and per interface in
// rolling one-second buckets, averaged over 2 s, 10 s and 40 s as iftop does; totals, peaks,
// the wire's TCP state and Wireshark's warnings counted per connection. Fed once per packet,
// after its dissection, attribution and analysis (it reads those, never the bytes); rolled
// once per second, when it also hands out an immutable snapshot for the screen.
//
// Lives in the thread that owns the packets (the tracer's, wiredump's); the snapshot is what
// crosses to the screen's thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "packet/packet_view.h"
#include "views/net_counters.h"

namespace wiretrace {

// Forty one-second buckets of bytes, each with its real length (a tick comes a little late
// now and then: rates divide by the time the buckets really covered).
class RateRing {
public:
    static constexpr int kSlots = 40;
    void add(uint64_t bytes) { current_ += bytes; }
    // Closes the running bucket, `ns` long.
    void roll(int64_t ns);
    // Bytes per second over the last `seconds` closed buckets (fewer while the ring fills).
    double rate(int seconds) const { return rate(seconds, *this); }
    // The same over the time `clock` (a ring rolled at the same ticks since the view began)
    // covered: a connection born a second ago shows a tenth of that second's bytes in the 10 s
    // column, as iftop's history of a new pair starts with empty slots.
    double rate(int seconds, const RateRing &clock) const;
    double peak() const { return peak_; }  // the highest one-second rate seen
    bool idle() const;                     // nothing in the ring, nothing running

private:
    uint64_t bytes_[kSlots] = {};
    int64_t ns_[kSlots] = {};
    int head_ = 0, filled_ = 0;
    uint64_t current_ = 0;
    double peak_ = 0;
};

struct Rates {
    double r2 = 0, r10 = 0, r40 = 0;  // bytes per second
    double peak = 0;
    uint64_t total = 0;  // bytes
    uint64_t packets = 0;
};

struct TopConnection {
    pid_t pid = 0;  // 0: nobody's (wiredump, or an unattributed packet with --capture-all)
    std::string comm;
    int fd = -1;
    const char *proto = "TCP";
    std::string local, remote;
    const char *state = "";  // the wire's TCP state: SYN_SENT, ESTABLISHED, FIN_WAIT, CLOSED, RESET
    Rates out, in;
    uint32_t retrans = 0, dup_acks = 0, zero_windows = 0, lost = 0;
    uint32_t warnings() const { return retrans + dup_acks + zero_windows + lost; }
};

struct TopProcess {
    pid_t pid = 0;
    std::string comm;
    Rates out, in;
    int connections = 0;  // seen so far
    bool exited = false;
};

struct TopIface {
    std::string name;
    double rx_pps = 0, tx_pps = 0, rx_Bps = 0, tx_Bps = 0, rx_err = 0, tx_err = 0, rx_drop = 0, tx_drop = 0;
    uint64_t rx_bytes = 0, tx_bytes = 0, rx_packets = 0, tx_packets = 0, rx_errs = 0, tx_errs = 0, rx_drops = 0,
             tx_drops = 0;  // totals since the view started
};

struct TopModel {
    timespec wall{};
    double elapsed_s = 0;
    std::string title;  // "wiretrace -f -- curl ...", "wiredump -i eth0"
    std::vector<TopConnection> connections;
    std::vector<TopProcess> processes;
    std::vector<TopIface> ifaces;
    Rates out, in;       // all connections
    bool ended = false;  // the command exited (the last screen)
};

class TrafficTable {
public:
    // A packet of `bytes` (its IP datagram's length) and its TCP analysis flags (TcpFlag bits),
    // for the connection of socket `inode` (0: no socket - keyed by the flow) owned by pid/fd.
    struct Owner {
        uint64_t inode = 0;
        pid_t pid = 0;
        const std::string *comm = nullptr;
        int fd = -1;
        bool outgoing = true;
    };
    void packet(const PacketView &v, uint32_t tcp_flags, const Owner &owner);
    // A packet no socket claims (wiredump): the connection is keyed by its flow, its first
    // packet's sender is "local".
    void packet(const PacketView &v, uint32_t tcp_flags);
    void process_gone(pid_t pid);
    // Closes this second's buckets (now: CLOCK_MONOTONIC) and builds the screen's snapshot.
    std::shared_ptr<const TopModel> tick(int64_t now_ns, const CounterSnapshot *counters);
    void set_title(std::string t) { title_ = std::move(t); }

private:
    struct Conn {
        TopConnection row;
        RateRing out, in;
        IpEndpoint local, remote;
        uint8_t l4 = 0;
        uint8_t fins = 0;  // bit 0: local sent a FIN, bit 1: remote did
        int64_t last_ns = 0;
    };
    struct Proc {
        TopProcess row;
        RateRing out, in;
    };
    struct Key {  // by process and flow (pid 0: nobody's)
        pid_t pid;
        uint8_t proto;
        IpEndpoint a, b;
        bool operator==(const Key &o) const { return pid == o.pid && proto == o.proto && a == o.a && b == o.b; }
    };
    struct KeyHash {
        size_t operator()(const Key &k) const;
    };
    Conn &conn(const Key &k, const PacketView &v, bool outgoing);
    void account(Conn &c, const PacketView &v, uint32_t tcp_flags, bool outgoing, uint64_t bytes);
    void fill(Rates &r, const RateRing &ring) const;

    std::unordered_map<Key, Conn, KeyHash> conns_;
    std::unordered_map<pid_t, Proc> procs_;
    RateRing clock_;  // rolled at every tick since the start: the windows' real lengths
    RateRing all_out_, all_in_;
    uint64_t all_out_total_ = 0, all_in_total_ = 0;
    int64_t start_ns_ = 0, last_tick_ns_ = 0, now_ns_ = 0;
    std::string title_;
    bool have_counters_ = false;
    CounterSnapshot first_, prev_;
};

// "8.00Mb", "512b", "1.21Gb": a rate in bits per second as iftop prints it (bytes/s in)
std::string iftop_rate(double bytes_per_s);
// "12.3MB", "900B": a byte count
std::string byte_count(uint64_t bytes);

}  // namespace wiretrace
