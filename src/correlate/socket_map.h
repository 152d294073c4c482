// Every IP socket the tracees hold: (process, fd) -> the socket (by its inode, so dup, fork and
// SCM_RIGHTS copies are one socket), its family, type, protocol and endpoints, and the index
// from a packet's flow to the socket. What a call does not say (the port connect() chose, an
// accepted peer, descriptors inherited or passed, sockets open before -p) is asked of the kernel:
// pidfd_getfd() gives wiretrace its own reference to the tracee's socket for getsockname(),
// getpeername() and getsockopt(), which answer in the socket's own network namespace.
//
// Only the correlator uses it, from the tracer's thread; no /proc read happens per syscall (a
// task's process and a process's name are read once).
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "packet/packet_view.h"

namespace wiretrace {

// A first-in first-out queue in one vector: empty, it holds no memory (a std::deque allocates
// its map and a block up front, which for the five queues of every socket closed in the last
// seconds was most of the correlator's memory).
template <typename T>
class Fifo {
public:
    bool empty() const { return head_ == v_.size(); }
    size_t size() const { return v_.size() - head_; }
    T &front() { return v_[head_]; }
    T &back() { return v_.back(); }
    template <typename... A>
    T &emplace_back(A &&...a) {
        return v_.emplace_back(std::forward<A>(a)...);
    }
    void push_back(const T &t) { v_.push_back(t); }
    void pop_front() {
        if (++head_ == v_.size()) {
            clear();
        } else if (head_ >= 32 && head_ * 2 >= v_.size()) {
            v_.erase(v_.begin(), v_.begin() + static_cast<std::ptrdiff_t>(head_));
            head_ = 0;
        }
    }
    void clear() {
        v_.clear();
        head_ = 0;
    }
    using iterator = typename std::vector<T>::iterator;
    iterator begin() { return v_.begin() + static_cast<std::ptrdiff_t>(head_); }
    iterator end() { return v_.end(); }
    auto rbegin() { return v_.rbegin(); }
    auto rend() { return v_.rend() - static_cast<std::ptrdiff_t>(head_); }
    void erase(iterator it) { v_.erase(it); }

private:
    std::vector<T> v_;
    size_t head_ = 0;
};

// A send or receive call's share of a TCP stream, or of a UDP socket's datagrams.
struct CallRef {
    uint64_t seq = 0;  // the SyscallEvent's
    const char *name = "";
    pid_t pid = 0, tid = 0;
    int fd = -1;
    int64_t entry_ns = 0, exit_ns = 0;  // exit 0: still running
    uint64_t start = 0, end = 0;        // stream offsets [start, end); end ~0 while running
    std::vector<uint64_t> frames;       // the packets that carried its bytes
    int64_t first_wire_ns = 0, last_wire_ns = 0;
    bool done = false;  // its bytes are all on the wire (and its note written)
};

// One direction of a TCP connection, in stream offsets (byte 0 follows the SYN).
struct TcpStream {
    bool base_known = false;
    uint32_t base = 0;    // the sequence number of offset 0
    uint64_t app = 0;     // bytes the calls moved so far (counted since the socket was known)
    uint64_t wire = 0;    // the highest offset seen on the wire
    bool anchor = false;  // attached mid-stream: the next data segment after anchor_ns starts at anchor_at
    uint64_t anchor_at = 0;
    int64_t anchor_ns = 0;
    uint64_t offset(uint32_t seq) const { return static_cast<uint32_t>(seq - base); }
    // The SYN (or SYN-ACK) with this initial sequence number. The calls' count stays: a held
    // SYN may be seen after the first calls already moved bytes.
    void start_at(uint32_t isn) {
        base_known = true;
        base = isn + 1;
        anchor = false;
        wire = 0;
    }
    // Attached mid-stream (no SYN seen): when the kernel has nothing queued in this direction,
    // the next new data segment after `now_ns` starts at the calls' current offset.
    bool needs_anchor() const { return !base_known && !anchor; }
    void set_anchor(int64_t now_ns) {
        anchor = true;
        anchor_at = app;
        anchor_ns = now_ns;
    }
    // A data segment at `ts`: fixes the base if it is the one the anchor waited for.
    void settle_anchor(uint32_t seq, int64_t ts) {
        if (base_known || !anchor || ts < anchor_ns) return;
        base_known = true;
        base = seq - static_cast<uint32_t>(anchor_at);
        wire = anchor_at;
    }
};

struct Process {
    pid_t pid = 0;
    std::string comm;
    int pidfd = -1;
};

struct Socket {
    uint64_t inode = 0;
    int family = 0, type = 0, protocol = 0;  // AF_INET/AF_INET6, SOCK_STREAM/SOCK_DGRAM/SOCK_RAW, IPPROTO_*
    // ICMP (ping) sockets: the local "port" is the echo identifier (a ping socket's, as
    // getsockname says; a raw socket's, as its first echo request says)
    bool icmp() const { return protocol == 1 || protocol == 58; }
    bool has_local = false, has_remote = false;
    IpEndpoint local, remote;
    bool listening = false;
    bool connecting = false;  // a connect() is running: a SYN to connect_to is this socket's
    IpEndpoint connect_to;
    // the last process and fd that used it (kernel-sent packets are theirs), and its name then
    pid_t pid = 0, tid = 0;
    int fd = -1;
    std::string comm;
    int refs = 0;  // descriptors known to point at it
    int64_t closed_ns = 0;
    bool indexed_flow = false, indexed_local = false;
    IpEndpoint flow_local, flow_remote;  // as indexed
    // correlation state
    TcpStream out, in;
    Fifo<CallRef> sends, recvs;  // recent calls, oldest first
    Fifo<CallRef> controls;      // connect, accept, close, shutdown: matched by time
    struct Arrival {
        uint64_t frame;
        uint64_t start, end;  // stream offsets (TCP) or 0, length (UDP)
        int64_t ns;
    };
    Fifo<Arrival> arrivals;  // received data not yet consumed by a call
    // a listening socket: the handshakes of connections not accepted yet (what accept() hands
    // to the new socket: both initial sequence numbers, data that came before the accept)
    struct Handshake {
        IpEndpoint remote;
        bool in_known = false, out_known = false;
        uint32_t in_base = 0, out_base = 0;
        int64_t syn_ns = 0, synack_ns = 0;
        std::vector<Arrival> arrivals;
        uint64_t in_wire = 0;
    };
    Fifo<Handshake> handshakes;
    Fifo<std::pair<uint32_t, int64_t>> unacked;  // (end seq, first send time) for RTT samples
    // --net-summary
    struct Totals {
        uint64_t calls = 0, app_out = 0, app_in = 0, wire_out = 0, wire_in = 0, segs_out = 0, segs_in = 0;
        uint64_t retrans = 0, warnings = 0;
        int64_t rtt_min = -1, rtt_max = -1, rtt_sum = 0;
        uint64_t rtt_n = 0;
        int64_t first_ns = 0, last_ns = 0;
        int64_t connect_ns = -1, handshake_ns = -1;  // connect() duration; SYN -> SYN-ACK
        int64_t syn_ns = 0;
    } totals;
    bool summarized = false;
    // --net-summary: the kernel's own view of a TCP connection (getsockopt TCP_INFO, what
    // `ss -ti` shows), taken when its last descriptor is closed or its process exits, or at
    // the end for those still open
    struct KernelView {
        bool valid = false;
        uint8_t state = 0;  // TCP_ESTABLISHED...
        uint32_t rtt_us = 0, rttvar_us = 0, min_rtt_us = 0, snd_cwnd = 0, snd_ssthresh = 0, snd_mss = 0, rcv_mss = 0;
        uint32_t pmtu = 0, retrans = 0, total_retrans = 0, lost = 0, unacked = 0;
        uint64_t delivery_rate = 0, pacing_rate = 0, bytes_sent = 0, bytes_acked = 0, bytes_received = 0;
        uint64_t bytes_retrans = 0;
        uint32_t segs_out = 0, segs_in = 0, data_segs_out = 0, data_segs_in = 0;
    } kernel;
};

// A sockaddr's IP endpoint (a v4-mapped IPv6 address as the IPv4 packets carry it); false for
// other families.
bool endpoint_of(const sockaddr_storage &ss, IpEndpoint &ep);
// The process a thread belongs to (Tgid in /proc/TID/status; tid itself when unreadable).
pid_t tgid_of(pid_t tid);

class SocketMap {
public:
    SocketMap();
    ~SocketMap();
    SocketMap(const SocketMap &) = delete;
    SocketMap &operator=(const SocketMap &) = delete;

    // The process a task belongs to (read once per task).
    pid_t tgid(pid_t tid);
    Process &process(pid_t pid);
    const std::string *comm_of(pid_t pid) const {  // a process met already, or null
        auto it = processes_.find(pid);
        return it == processes_.end() ? nullptr : &it->second.comm;
    }
    void task_gone(pid_t tid);
    // The process ended: its pidfd is closed and its entry dropped (sockets keep its name).
    void process_gone(pid_t pid);
    // `pid`'s thread `tid` used the socket through `fd`.
    void use(Socket &s, pid_t pid, pid_t tid, int fd);

    // The IP socket behind pid's fd (asking the kernel when the descriptor is new to us), or
    // null: not a socket, not IP, or gone.
    Socket *lookup(pid_t pid, int fd);
    // The same without asking the kernel (null when the descriptor is not known as a socket).
    Socket *known(pid_t pid, int fd) const;
    // A socket by its inode while the map keeps it (until evicted, seconds after its close).
    Socket *by_inode(uint64_t inode) const {
        auto it = sockets_.find(inode);
        return it == sockets_.end() ? nullptr : it->second.get();
    }
    // After a call that may have changed the endpoints (bind, connect, listen, a first send):
    // asks the kernel again.
    Socket *refresh(pid_t pid, int fd);
    void forget_fd(pid_t pid, int fd, int64_t now_ns);  // close(), the target of dup2()
    void forget_process(pid_t pid, int64_t now_ns);     // exec (close-on-exec) or exit: asked again later
    void forget_range(pid_t pid, unsigned first, unsigned last, int64_t now_ns);  // close_range()
    void exec(pid_t pid);                                                         // the process's name changed
    // `child` shares `parent`'s descriptor table (clone with CLONE_FILES, not a thread): their
    // descriptors are one set of entries.
    void share_files(pid_t child, pid_t parent);
    // `pid` stops using its table (exec gives it a copy of its own, exit drops it): true when
    // other processes still share it, whose entries those are now.
    bool leave_files(pid_t pid);
    // -p: the sockets a process holds already
    void scan(pid_t pid);
    // --net-summary: the TCP socket's tcp_info, through pid's descriptor fd, into s.kernel
    void read_tcp_info(Socket &s, pid_t pid, int fd);
    // every socket descriptor of pid's table: f(fd, socket)
    template <typename F>
    void for_each_fd(pid_t pid, F &&f) {
        pid = table(pid);
        for (auto &kv : fds_)
            if (kv.first.pid == pid && kv.second) f(kv.first.fd, *kv.second);
    }
    // SIOCOUTQ / SIOCINQ of a socket: bytes not yet acknowledged / not yet read (-1: unknown)
    int queued(pid_t pid, int fd, bool out);

    // The socket a packet from `src` to `dst` belongs to on its sending side (src is local) or
    // on its receiving side (dst is local).
    Socket *by_flow(uint8_t proto, const IpEndpoint &local, const IpEndpoint &remote);
    Socket *by_local(uint8_t proto, const IpEndpoint &local);  // listening or unconnected
    void index(Socket &s);
    // Sockets closed more than `grace_ns` before `now_ns` leave the maps (calling `retire` first).
    template <typename F>
    void evict(int64_t now_ns, int64_t grace_ns, F &&retire);
    template <typename F>
    void for_each(F &&f) {
        for (auto &kv : sockets_) f(*kv.second);
    }

private:
    struct FdKey {
        pid_t pid;
        int fd;
        bool operator==(const FdKey &o) const { return pid == o.pid && fd == o.fd; }
    };
    struct FdKeyHash {
        size_t operator()(const FdKey &k) const {
            return std::hash<uint64_t>()(uint64_t(k.pid) << 32 | unsigned(k.fd));
        }
    };
    struct FlowKey {
        uint8_t proto;
        IpEndpoint local, remote;
        bool operator==(const FlowKey &o) const { return proto == o.proto && local == o.local && remote == o.remote; }
    };
    struct FlowKeyHash {
        size_t operator()(const FlowKey &k) const;
    };
    Socket *query(pid_t pid, int fd, bool refresh);
    Socket *bind_fd(pid_t pid, int fd, bool refresh);  // a descriptor new to us
    void unindex(Socket &s);
    int dup_fd(pid_t pid, int fd);  // our own reference to the tracee's descriptor, or -1

    std::unordered_map<pid_t, pid_t> tgid_;
    std::unordered_map<pid_t, Process> processes_;
    // whose descriptor table a process uses: the entries are keyed by its first owner's pid
    pid_t table(pid_t pid) const {
        if (shared_files_.empty()) return pid;
        auto it = shared_files_.find(pid);
        return it == shared_files_.end() ? pid : it->second;
    }
    std::unordered_map<pid_t, pid_t> shared_files_;                  // process -> the table's owner
    std::unordered_map<FdKey, Socket *, FdKeyHash> fds_;             // null: known not to be an IP socket
    std::unordered_map<uint64_t, std::unique_ptr<Socket>> sockets_;  // by inode
    std::unordered_map<FlowKey, Socket *, FlowKeyHash> flows_;
    std::unordered_map<uint32_t, std::vector<Socket *>> locals_;  // (proto << 16 | port) -> sockets
};

template <typename F>
void SocketMap::evict(int64_t now_ns, int64_t grace_ns, F &&retire) {
    for (auto it = sockets_.begin(); it != sockets_.end();) {
        Socket &s = *it->second;
        if (s.refs <= 0 && s.closed_ns && now_ns - s.closed_ns > grace_ns) {
            retire(s);
            unindex(s);
            it = sockets_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace wiretrace
