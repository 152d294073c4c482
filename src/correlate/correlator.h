// The join of the two streams: socket calls (from the tracer, as TraceObserver events) and
// packets (from the capture, as dissected views). Each packet of a traced socket's flow gets the
// process, fd and, where one caused it, the syscall: a TCP data segment the send calls whose
// stream bytes it carries (by stream offset), a SYN its connect(), a FIN or RST the close() or
// shutdown() running when it left, a UDP datagram the send call running when it left.
// Received data is tied the other way: the receive call that consumed it lists the packets
// that carried its bytes. Whatever the kernel sends on a socket's behalf (ACKs, window updates,
// retransmissions, keep-alives) is the socket's, marked as the kernel's.
//
// Lives in the tracer's thread (no locks). State per socket is bounded and dropped a few
// seconds after the socket is closed.
#pragma once

#include <sys/types.h>

#include <bitset>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "correlate/socket_map.h"
#include "correlate/trace_events.h"
#include "packet/packet_view.h"

namespace wiretrace {

class JsonObject;

// To whom one packet belongs: one group per traced socket it touched (two when both ends of a
// loopback connection are traced).
struct Attribution {
    struct Group {
        pid_t pid = 0, tid = 0;
        int fd = -1;
        uint64_t inode = 0;  // the socket's
        const std::string *comm = nullptr;
        bool outgoing = false;
        bool kernel = false;                                   // sent by the kernel on the socket's behalf
        std::vector<std::pair<const char *, uint64_t>> calls;  // (name, seq) of the calls it carries
        void calls_text(std::string &out) const;               // "write#3,write#4"
    };
    std::vector<Group> groups;
    bool empty() const { return groups.empty(); }
    void clear() { groups.clear(); }
    // " [pid 4242 fd 5 sendto#17]" groups, as on packet lines
    void text(std::string &out) const;
    // "pid=4242 comm=curl tid=4242 fd=5 syscall=sendto#17 dir=out", groups joined by "; "
    void comment(std::string &out) const;
};

struct CorrelatorOptions {
    bool show_packets = false;  // --show-packets: a call's packets, under the call
    bool latency = false;       // --latency: the call's timing against its packets
    bool records = false;       // --json: a CallNote for every call that moved bytes
    bool net_summary = false;   // --net-summary: keep a row for every connection
};

// A socket call that moved bytes, once its packets are known: which packets carried them and
// when (--show-packets, --latency, --json).
struct CallNote {
    uint64_t seq = 0;
    const char *name = "";
    pid_t pid = 0, tid = 0;
    int fd = -1;
    bool out = false;
    uint64_t bytes = 0;
    std::vector<uint64_t> frames;
    int64_t wire_first_ns = -1, wire_last_ns = -1;  // sends: after the call began
    int64_t arrived_before_ns = -1;                 // receives: the last byte, before the return
    // "sendto#17 [pid 4242 fd 5] 45 bytes out: #23 (...)", the parts the options ask for
    void text(std::string &out, const CorrelatorOptions &opt) const;
};

// --net-summary: one connection (a socket that moved bytes), as it ended or at the end.
struct ConnectionRow {
    pid_t pid = 0;
    std::string comm;
    int fd = -1;
    const char *proto = "TCP";  // TCP, UDP, ICMP, ICMPv6
    std::string local, remote;  // "127.0.0.1:80", "[::1]:80", "*"
    Socket::Totals totals;
    Socket::KernelView kernel;  // TCP: the kernel's tcp_info when it ended
    static void header(std::string &out);
    void text(std::string &out) const;  // (render.cpp)
    void json(JsonObject &o) const;     // its members
};

// ss's name of a TCP state ("ESTAB"), and `ss -ti`'s fields of a tcp_info, in ss's spelling
const char *tcp_state_name(unsigned state);
void kernel_text(const Socket::KernelView &k, std::string &out);

class Correlator : public TraceObserver {
public:
    explicit Correlator(const CorrelatorOptions &opt);

    bool wants(long nr) const override { return nr >= 0 && nr < kMaxNr && wanted_[static_cast<size_t>(nr)]; }
    void on_entry(const SyscallEvent &ev) override;
    void on_exit(const SyscallEvent &ev) override;
    void on_task_gone(pid_t tid) override;
    void on_exec(pid_t tid) override;
    // -p: the sockets the process holds already.
    void attached(pid_t pid) { map_.scan(map_.tgid(pid)); }

    // Attributes one packet (frames are numbered by the caller, from 1, in the order kept).
    // False when no traced socket's flow carries it, or (may_wait) when a running call may still
    // claim it: then the caller holds it and asks again.
    bool attribute(const PacketView &v, int64_t ts_ns, uint64_t frame, Attribution &out, bool may_wait);
    // Whether a packet no socket claims now may be claimed once a running call returns (a
    // send on a socket whose local port the kernel has not told us yet).
    bool may_resolve() const { return unresolved_ > 0; }
    // Wireshark's verdict on a kept frame: retransmissions and warnings counted per socket.
    void account(const Attribution &a, uint32_t tcp_flags);
    // Calls whose packets became known (--show-packets, --latency, --json), in that order.
    std::vector<CallNote> &notes() { return notes_; }

    // The end: receive calls still waiting for their packets are noted with what was seen.
    void flush();
    // --net-summary: one row per connection (those still open included).
    const std::vector<ConnectionRow> &connections();
    SocketMap &map() { return map_; }

private:
    static constexpr long kMaxNr = 512;
    enum class Kind : uint8_t {
        None,
        Socket,
        Connect,
        Bind,
        Listen,
        Accept,
        Send,
        Recv,
        Close,
        Shutdown,
        Dup,
        Dup2,
        Clone,
        Exit
    };
    struct InFlight {
        uint64_t seq = 0;
        Kind kind = Kind::None;
        const char *name = "";
        pid_t pid = 0;
        int fd = -1;
        Socket *sock = nullptr;
        bool unresolved = false;
        bool peek = false;
    };
    Kind kind_of(long nr, const uint64_t (&args)[6], int &fd) const;
    CallRef *open_call(Fifo<CallRef> &q, const SyscallEvent &ev, const InFlight &f, size_t keep);
    CallRef *find_call(Fifo<CallRef> &q, uint64_t seq);
    void group(Attribution &out, Socket &s, bool outgoing);
    void credit(Attribution::Group &g, const CallRef &c);
    void tcp_out(Socket &s, const PacketView &v, int64_t ts, uint64_t frame, Attribution::Group &g);
    void tcp_in(Socket &s, const PacketView &v, int64_t ts, uint64_t frame);
    // a datagram (UDP, an ICMP echo request) sent by the call running when it left
    void datagram_out(Socket &s, const PacketView &v, int64_t ts, uint64_t frame, Attribution::Group &g);
    // a raw ICMP socket's echo identifier, from the request it is sending
    void learn_echo_id(Socket &s, const SyscallEvent &ev);
    void send_done(CallRef &c);
    void complete_recvs(Socket &s, bool all);
    void settle(Socket &s);
    void recv_done(Socket &s, CallRef &c, bool dropped);
    void note(const CallRef &c, const char *dir, uint64_t bytes, int64_t latency_ns);
    void retire(Socket &s);
    void maybe_evict(int64_t now_ns);
    bool attribute_ports(const PacketView &v, int64_t ts, uint64_t frame, Attribution &out, bool may_wait);
    // A fragment after the first carries no ports: it is its first fragment's sockets' and calls'.
    void remember_fragment_owners(const PacketView &v, int64_t ts, const Attribution &out);
    bool later_fragment(const PacketView &v, int64_t ts, Attribution &out);

    CorrelatorOptions opt_;
    std::bitset<kMaxNr> wanted_;
    SocketMap map_;
    std::unordered_map<pid_t, InFlight> inflight_;  // by tid
    int unresolved_ = 0;
    std::vector<CallNote> notes_;
    std::vector<ConnectionRow> rows_;  // --net-summary: connections already retired
    int64_t last_evict_ns_ = 0;
    int64_t now_ns_ = 0;  // the newest packet's time
    // The owners of fragmented datagrams, learnt from their first fragment, by (source,
    // destination, identification, protocol); kept 30 s (Linux's reassembly timeout), at most 1024.
    struct FragKey {
        IpAddr src, dst;
        uint32_t id = 0;
        uint8_t proto = 0;
        bool operator<(const FragKey &o) const {
            if (id != o.id) return id < o.id;
            if (proto != o.proto) return proto < o.proto;
            if (src != o.src) return src < o.src;
            return dst < o.dst;
        }
    };
    struct FragOwner {
        uint64_t inode = 0;
        pid_t pid = 0, tid = 0;
        int fd = -1;
        bool outgoing = false, kernel = false;
        std::vector<std::pair<const char *, uint64_t>> calls;
    };
    struct FragOwners {
        std::vector<FragOwner> owners;
        int64_t ts = 0;
    };
    std::map<FragKey, FragOwners> frag_owners_;
};

}  // namespace wiretrace
