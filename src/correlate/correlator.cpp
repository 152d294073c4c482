#include "correlate/correlator.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace wiretrace {

namespace {
bool seq_le(uint32_t a, uint32_t b) {
    return static_cast<int32_t>(a - b) <= 0;
}

constexpr uint64_t kOpen = ~uint64_t{0};  // a running call's end offset
constexpr size_t kKeepCalls = 256, kKeepControls = 8, kKeepArrivals = 4096, kKeepUnacked = 256, kKeepHandshakes = 64;
constexpr int64_t kGraceNs = 5'000'000'000;  // a closed socket's late packets (FIN, last ACK, RST)

}  // namespace

Correlator::Correlator(const CorrelatorOptions &opt) : opt_(opt) {
    for (long nr : {SYS_socket, SYS_connect,  SYS_bind,    SYS_listen,   SYS_accept,   SYS_accept4,     SYS_write,
                    SYS_writev, SYS_sendto,   SYS_sendmsg, SYS_sendmmsg, SYS_sendfile, SYS_splice,      SYS_read,
                    SYS_readv,  SYS_recvfrom, SYS_recvmsg, SYS_recvmmsg, SYS_close,    SYS_close_range, SYS_shutdown,
                    SYS_dup,    SYS_dup2,     SYS_dup3,    SYS_fcntl,    SYS_clone,    SYS_clone3})
        wanted_.set(static_cast<size_t>(nr));
    // --net-summary: a process's TCP connections are read (tcp_info) before it exits
    if (opt.net_summary) wanted_.set(SYS_exit_group);
}

Correlator::Kind Correlator::kind_of(long nr, const uint64_t (&args)[6], int &fd) const {
    fd = static_cast<int>(args[0]);
    switch (nr) {
        case SYS_socket:
            return Kind::Socket;
        case SYS_connect:
            return Kind::Connect;
        case SYS_bind:
            return Kind::Bind;
        case SYS_listen:
            return Kind::Listen;
        case SYS_accept:
        case SYS_accept4:
            return Kind::Accept;
        case SYS_write:
        case SYS_writev:
        case SYS_sendto:
        case SYS_sendmsg:
        case SYS_sendmmsg:
        case SYS_sendfile:
            return Kind::Send;
        case SYS_splice:
            fd = static_cast<int>(args[2]);  // fd_out; a socket fd_in is a receive (on_entry)
            return Kind::Send;
        case SYS_read:
        case SYS_readv:
        case SYS_recvfrom:
        case SYS_recvmsg:
        case SYS_recvmmsg:
            return Kind::Recv;
        case SYS_close:
        case SYS_close_range:
            return Kind::Close;
        case SYS_shutdown:
            return Kind::Shutdown;
        case SYS_dup:
            return Kind::Dup;
        case SYS_fcntl:
            return args[1] == F_DUPFD || args[1] == F_DUPFD_CLOEXEC ? Kind::Dup : Kind::None;
        case SYS_dup2:
        case SYS_dup3:
            return Kind::Dup2;
        case SYS_clone:
        case SYS_clone3:
            fd = -1;
            return Kind::Clone;
        case SYS_exit_group:
            fd = -1;
            return opt_.net_summary ? Kind::Exit : Kind::None;
        default:
            return Kind::None;
    }
}

CallRef *Correlator::open_call(Fifo<CallRef> &q, const SyscallEvent &ev, const InFlight &f, size_t keep) {
    if (q.size() >= keep) q.pop_front();
    CallRef &c = q.emplace_back();
    c.seq = ev.seq;
    c.name = f.name;
    c.pid = f.pid;
    c.tid = ev.tid;
    c.fd = f.fd;
    c.entry_ns = ev.time_ns;
    c.end = kOpen;
    return &c;
}

CallRef *Correlator::find_call(Fifo<CallRef> &q, uint64_t seq) {
    for (auto it = q.rbegin(); it != q.rend(); ++it)
        if (it->seq == seq) return &*it;
    return nullptr;
}

void Correlator::on_entry(const SyscallEvent &ev) {
    InFlight f;
    f.kind = kind_of(ev.nr, ev.args, f.fd);
    if (f.kind == Kind::None) return;
    f.seq = ev.seq;
    f.name = ev.name.data();  // the syscall table's names are NUL-terminated literals
    f.pid = map_.tgid(ev.tid);
    Socket *s = nullptr;
    switch (f.kind) {
        case Kind::Connect:
            if ((s = map_.lookup(f.pid, f.fd))) {
                sockaddr_storage ss{};
                size_t n = std::min<uint64_t>(ev.args[2], sizeof ss);
                if (ev.mem && n >= sizeof(sa_family_t) && ev.mem->read(RemoteAddr(ev.args[1]), &ss, n) == n &&
                    n >= (ss.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in)))
                    s->connecting = endpoint_of(ss, s->connect_to);
                open_call(s->controls, ev, f, kKeepControls);
                f.unresolved = !s->has_local;
            }
            break;
        case Kind::Send:
            s = map_.lookup(f.pid, f.fd);
            if (!s && ev.nr == SYS_splice) {
                f.fd = static_cast<int>(ev.args[0]);
                f.kind = Kind::Recv;
                s = map_.lookup(f.pid, f.fd);
                break;
            }
            if (s) {
                if (s->icmp() && !s->has_local) learn_echo_id(*s, ev);
                CallRef *c = open_call(s->sends, ev, f, kKeepCalls);
                if (s->protocol == IPPROTO_TCP) {
                    c->start = s->out.app;
                    if (s->out.needs_anchor() && map_.queued(f.pid, f.fd, true) == 0) s->out.set_anchor(ev.time_ns);
                }
                f.unresolved = !s->has_local;
            }
            break;
        case Kind::Recv:
            if ((s = map_.lookup(f.pid, f.fd))) {
                f.peek = (ev.nr == SYS_recvfrom && (ev.args[3] & MSG_PEEK)) ||
                         (ev.nr == SYS_recvmsg && (ev.args[2] & MSG_PEEK));
                if (s->protocol == IPPROTO_TCP && s->in.needs_anchor() && map_.queued(f.pid, f.fd, false) == 0)
                    s->in.set_anchor(ev.time_ns);
            }
            break;
        case Kind::Close:
            if (ev.nr == SYS_close && (s = map_.known(f.pid, f.fd))) {
                open_call(s->controls, ev, f, kKeepControls);
                if (opt_.net_summary && s->refs <= 1) map_.read_tcp_info(*s, f.pid, f.fd);
            } else if (ev.nr == SYS_close_range && opt_.net_summary) {
                auto first = static_cast<unsigned>(ev.args[0]), last = static_cast<unsigned>(ev.args[1]);
                map_.for_each_fd(f.pid, [&](int fd, Socket &so) {
                    if (static_cast<unsigned>(fd) >= first && static_cast<unsigned>(fd) <= last && so.refs <= 1)
                        map_.read_tcp_info(so, f.pid, fd);
                });
            }
            break;
        case Kind::Exit:
            map_.for_each_fd(f.pid, [&](int fd, Socket &so) { map_.read_tcp_info(so, f.pid, fd); });
            return;
        case Kind::Shutdown:
        case Kind::Accept:
            if ((s = map_.lookup(f.pid, f.fd)) && f.kind == Kind::Shutdown)
                open_call(s->controls, ev, f, kKeepControls);
            break;
        default:
            break;
    }
    f.sock = s;
    if (s) {
        map_.use(*s, f.pid, ev.tid, f.fd);
        s->totals.calls++;
    }
    if (f.unresolved) unresolved_++;
    inflight_[ev.tid] = f;
}

void Correlator::on_exit(const SyscallEvent &ev) {
    auto it = inflight_.find(ev.tid);
    if (it == inflight_.end()) return;
    InFlight f = it->second;
    inflight_.erase(it);
    if (f.unresolved) unresolved_--;
    if (f.seq != ev.seq) return;
    const int64_t ret = ev.ret, now = ev.time_ns;
    Socket *s = f.sock;
    auto close_control = [&](Socket *sock) {
        if (CallRef *c = sock ? find_call(sock->controls, f.seq) : nullptr) c->exit_ns = now;
    };
    switch (f.kind) {
        case Kind::Socket:
            // a new descriptor: asked about when first used (a socket that is never used
            // sends nothing)
            if (ret >= 0) map_.forget_fd(f.pid, static_cast<int>(ret), now);
            break;
        case Kind::Connect:
            if (s) {
                close_control(s);
                s->connecting = false;
                map_.refresh(f.pid, f.fd);
                if (CallRef *c = find_call(s->controls, f.seq)) s->totals.connect_ns = c->exit_ns - c->entry_ns;
            }
            break;
        case Kind::Bind:
        case Kind::Listen:
            map_.refresh(f.pid, f.fd);
            break;
        case Kind::Accept:
            if (ret >= 0) {
                int nfd = static_cast<int>(ret);
                map_.forget_fd(f.pid, nfd, now);
                Socket *ns = map_.refresh(f.pid, nfd);
                if (ns) {
                    map_.use(*ns, f.pid, ev.tid, nfd);
                    ns->totals.calls++;
                    // what the listener saw of this connection before accept() returned
                    if (s && ns->has_remote) {
                        for (auto h = s->handshakes.begin(); h != s->handshakes.end(); ++h) {
                            if (h->remote != ns->remote) continue;
                            if (h->in_known) ns->in = TcpStream{true, h->in_base, 0, h->in_wire};
                            if (h->out_known) ns->out = TcpStream{true, h->out_base, 0, 0};
                            ns->totals.syn_ns = h->syn_ns;
                            if (h->synack_ns) ns->totals.handshake_ns = h->synack_ns - h->syn_ns;
                            for (auto &a : h->arrivals) ns->arrivals.push_back(a);
                            s->handshakes.erase(h);
                            break;
                        }
                    }
                }
            }
            break;
        case Kind::Send:
            if (CallRef *c = s ? find_call(s->sends, f.seq) : nullptr) {
                c->exit_ns = now;
                if (ret <= 0 || ev.nr == SYS_sendmmsg) {
                    if (ret <= 0) c->end = c->start;  // nothing sent: no packet is this call's
                    if (ev.nr == SYS_sendmmsg && ret > 0) c->end = kOpen - 1;
                } else if (s->protocol == IPPROTO_TCP) {
                    c->end = c->start + static_cast<uint64_t>(ret);
                    s->out.app = c->end;
                    s->totals.app_out += static_cast<uint64_t>(ret);
                    if (s->out.base_known && s->out.wire >= c->end && !c->frames.empty()) send_done(*c);
                } else {
                    c->end = static_cast<uint64_t>(ret);
                    s->totals.app_out += static_cast<uint64_t>(ret);
                    if (!c->frames.empty()) send_done(*c);
                }
                if (!s->has_local) map_.refresh(f.pid, f.fd);  // a first sendto() bound it
                while (!s->sends.empty() && (s->sends.front().done || s->sends.front().end == s->sends.front().start))
                    s->sends.pop_front();
            }
            break;
        case Kind::Recv:
            if (s && ret > 0 && !f.peek && !s->icmp()) {
                if (s->recvs.size() >= kKeepCalls) {
                    CallRef old = s->recvs.front();
                    s->recvs.pop_front();
                    recv_done(*s, old, true);
                }
                CallRef &c = *open_call(s->recvs, ev, f, kKeepCalls);
                c.exit_ns = now;
                if (s->protocol == IPPROTO_TCP) {
                    c.start = s->in.app;
                    c.end = s->in.app += static_cast<uint64_t>(ret);
                    s->totals.app_in += static_cast<uint64_t>(ret);
                } else {  // datagrams: how many it took
                    c.end = ev.nr == SYS_recvmmsg ? static_cast<uint64_t>(ret) : 1;
                    if (ev.nr != SYS_recvmmsg) s->totals.app_in += static_cast<uint64_t>(ret);
                }
                complete_recvs(*s, false);
            }
            break;
        case Kind::Close:
            if (ev.nr == SYS_close_range) {
                map_.forget_range(f.pid, static_cast<unsigned>(ev.args[0]), static_cast<unsigned>(ev.args[1]), now);
            } else {
                close_control(s);
                map_.forget_fd(f.pid, f.fd, now);
            }
            break;
        case Kind::Shutdown:
            close_control(s);
            break;
        case Kind::Dup:
            if (ret >= 0) map_.forget_fd(f.pid, static_cast<int>(ret), now);
            break;
        case Kind::Dup2:
            if (ret >= 0) map_.forget_fd(f.pid, static_cast<int>(ev.args[1]), now);
            break;
        case Kind::Clone: {
            // a new process that shares its parent's descriptor table (CLONE_FILES without
            // CLONE_THREAD): one table, whichever of them closes or opens
            uint64_t flags = ev.args[0];
            if (ev.nr == SYS_clone3 && (!ev.mem || ev.mem->read(RemoteAddr(ev.args[0]), &flags, 8) != 8)) break;
            if (ret > 0 && (flags & CLONE_FILES) && !(flags & CLONE_THREAD))
                map_.share_files(static_cast<pid_t>(ret), f.pid);
            break;
        }
        default:
            break;
    }
}

// Receive calls return before their packets reach us (the capture thread hands them over a
// little later): each is completed once the bytes it read have been seen on the wire.
void Correlator::complete_recvs(Socket &s, bool all) {
    while (!s.recvs.empty()) {
        CallRef &c = s.recvs.front();
        bool tcp = s.protocol == IPPROTO_TCP;
        bool seen = tcp ? s.in.base_known && s.in.wire >= c.end : s.arrivals.size() >= c.end;
        if (!seen && !all) return;
        CallRef done = std::move(c);
        s.recvs.pop_front();
        recv_done(s, done, false);
    }
}

void Correlator::recv_done(Socket &s, CallRef &c, bool dropped) {
    int64_t last = 0;
    uint64_t bytes = 0;
    if (s.protocol == IPPROTO_TCP) {
        bytes = c.end - c.start;
        for (auto &a : s.arrivals)
            if (a.start < c.end && a.end > c.start) {
                c.frames.push_back(a.frame);
                last = a.ns;
            }
        while (!s.arrivals.empty() && s.arrivals.front().end <= c.end) s.arrivals.pop_front();
    } else {
        for (uint64_t i = 0; i < c.end && !s.arrivals.empty(); i++) {
            c.frames.push_back(s.arrivals.front().frame);
            bytes += s.arrivals.front().end;
            last = s.arrivals.front().ns;
            s.arrivals.pop_front();
        }
    }
    if (dropped || (!opt_.show_packets && !opt_.latency && !opt_.records)) return;
    note(c, "in", bytes, last ? c.exit_ns - last : -1);
}

void Correlator::flush() {
    map_.for_each([&](Socket &s) { settle(s); });
}

// A socket's calls still waiting for packets that will not come (the capture missed them, or
// the trace ends): noted with what was seen.
void Correlator::settle(Socket &s) {
    complete_recvs(s, true);
    for (CallRef &c : s.sends)
        if (c.exit_ns && c.end != c.start) send_done(c);
    s.sends.clear();
}

void Correlator::on_task_gone(pid_t tid) {
    auto it = inflight_.find(tid);
    if (it != inflight_.end()) {
        if (it->second.unresolved) unresolved_--;
        inflight_.erase(it);
    }
    pid_t pid = map_.tgid(tid);
    if (pid == tid) {
        // (a descriptor table others still share stays theirs)
        if (!map_.leave_files(pid)) map_.forget_process(pid, now_ns_);
        map_.process_gone(pid);
    }
    map_.task_gone(tid);
}

void Correlator::on_exec(pid_t tid) {
    pid_t pid = map_.tgid(tid);
    // close-on-exec descriptors are gone, the others are asked about again when used (a
    // process sharing its table gets a copy of its own: the others keep theirs)
    if (!map_.leave_files(pid)) map_.forget_process(pid, now_ns_);
    map_.exec(pid);
}

void Correlator::group(Attribution &out, Socket &s, bool outgoing) {
    Attribution::Group &g = out.groups.emplace_back();
    g.pid = s.pid;
    g.tid = s.tid ? s.tid : s.pid;
    g.fd = s.fd;
    g.inode = s.inode;
    g.comm = &s.comm;
    g.outgoing = outgoing;
}

// A packet carries the bytes of call `c`: the group names it, and the process that made it (a
// socket shared by processes is shown as the one whose call sent the packet).
void Correlator::credit(Attribution::Group &g, const CallRef &c) {
    if (g.calls.empty() && c.pid && (c.pid != g.pid || c.fd != g.fd)) {
        g.pid = c.pid;
        g.tid = c.tid ? c.tid : c.pid;
        g.fd = c.fd;
        if (const std::string *comm = map_.comm_of(c.pid)) g.comm = comm;
    }
    g.calls.emplace_back(c.name, c.seq);
}

void Correlator::send_done(CallRef &c) {
    if (c.done) return;
    c.done = true;
    if (!opt_.show_packets && !opt_.latency && !opt_.records) return;
    uint64_t bytes = c.end == kOpen - 1 ? 0 : c.end - c.start;
    note(c, "out", bytes, -1);
}

void Correlator::note(const CallRef &c, const char *dir, uint64_t bytes, int64_t latency_ns) {
    CallNote &n = notes_.emplace_back();
    n.seq = c.seq;
    n.name = c.name;
    n.pid = c.pid;
    n.tid = c.tid;
    n.fd = c.fd;
    n.out = dir[0] == 'o';
    n.bytes = bytes;
    n.frames = c.frames;
    n.arrived_before_ns = latency_ns;
    if (c.first_wire_ns) {
        n.wire_first_ns = c.first_wire_ns - c.entry_ns;
        n.wire_last_ns = c.last_wire_ns - c.entry_ns;
    }
}

void Correlator::tcp_out(Socket &s, const PacketView &v, int64_t ts, uint64_t frame, Attribution::Group &g) {
    const TransportView &t = v.l4;
    const bool syn = t.flags & kSyn, ack = t.flags & kAck;
    s.totals.wire_out += ip_bytes(v);
    s.totals.segs_out++;
    if (!t.has_seq) return;
    if (s.listening) {  // a SYN-ACK for a connection not accepted yet
        for (auto &h : s.handshakes)
            if (h.remote == v.dst() && syn) {
                h.out_known = true;
                h.out_base = t.seq + 1;
                h.synack_ns = ts;
            }
        g.kernel = true;
        return;
    }
    if (syn) {
        s.out.start_at(t.seq);
        if (!ack) s.totals.syn_ns = ts;
        if (ack && s.totals.syn_ns) s.totals.handshake_ns = ts - s.totals.syn_ns;
    }
    if (t.payload_len > 0) s.out.settle_anchor(t.seq, ts);
    bool new_data = false;  // bytes a call wrote, seen for the first time
    if (t.payload_len > 0 && s.out.base_known) {
        uint64_t off = s.out.offset(t.seq), end = off + t.payload_len;
        if (end > s.out.wire) {
            new_data = true;
            for (CallRef &c : s.sends) {
                if (c.start < end && c.end > off && c.end != c.start) {
                    credit(g, c);
                    c.frames.push_back(frame);
                    if (!c.first_wire_ns) c.first_wire_ns = ts;
                    c.last_wire_ns = ts;
                    if (c.exit_ns && end >= c.end) send_done(c);
                }
            }
            s.out.wire = end;
            if (s.unacked.size() >= kKeepUnacked) s.unacked.pop_front();
            s.unacked.emplace_back(t.seq + t.payload_len, ts);
            while (!s.sends.empty() && s.sends.front().done) s.sends.pop_front();
        }
    }
    if (g.calls.empty() && (syn || (t.flags & (kFin | kRst)))) {
        for (CallRef &c : s.controls)
            if (c.entry_ns <= ts && (!c.exit_ns || ts <= c.exit_ns)) {
                credit(g, c);
                break;
            }
    }
    // the kernel's own: ACKs, window updates, retransmissions, keep-alives; new bytes whose call
    // was not seen (before an attach, after a detach) are the socket's, with no call named
    if (g.calls.empty() && !new_data && !(t.payload_len > 0 && !s.out.base_known)) g.kernel = true;
}

void Correlator::tcp_in(Socket &s, const PacketView &v, int64_t ts, uint64_t frame) {
    const TransportView &t = v.l4;
    const bool syn = t.flags & kSyn, ack = t.flags & kAck;
    s.totals.wire_in += ip_bytes(v);
    s.totals.segs_in++;
    if (!t.has_seq) return;
    if (s.listening) {  // a connection not accepted yet
        Socket::Handshake *h = nullptr;
        for (auto &x : s.handshakes)
            if (x.remote == v.src()) h = &x;
        if (syn && !ack) {
            if (!h) {
                if (s.handshakes.size() >= kKeepHandshakes) s.handshakes.pop_front();
                h = &s.handshakes.emplace_back();
            }
            *h = Socket::Handshake{};
            h->remote = v.src();
            h->in_known = true;
            h->in_base = t.seq + 1;
            h->syn_ns = ts;
        } else if (h && h->in_known && t.payload_len > 0) {
            uint64_t off = static_cast<uint32_t>(t.seq - h->in_base), end = off + t.payload_len;
            if (end > h->in_wire && h->arrivals.size() < kKeepArrivals) {
                h->arrivals.push_back({frame, off, end, ts});
                h->in_wire = end;
            }
        }
        return;
    }
    if (syn) {
        s.in.start_at(t.seq);
        if (ack && s.totals.syn_ns) s.totals.handshake_ns = ts - s.totals.syn_ns;
        if (!ack) s.totals.syn_ns = ts;  // the server's side: SYN in, SYN-ACK out
    }
    if (ack) {
        int64_t sent = 0;
        while (!s.unacked.empty() && seq_le(s.unacked.front().first, t.ack)) {
            sent = s.unacked.front().second;
            s.unacked.pop_front();
        }
        if (sent) {
            int64_t rtt = ts - sent;
            auto &tt = s.totals;
            if (tt.rtt_min < 0 || rtt < tt.rtt_min) tt.rtt_min = rtt;
            if (rtt > tt.rtt_max) tt.rtt_max = rtt;
            tt.rtt_sum += rtt;
            tt.rtt_n++;
        }
    }
    if (t.payload_len > 0) s.in.settle_anchor(t.seq, ts);
    if (t.payload_len > 0 && s.in.base_known) {
        uint64_t off = s.in.offset(t.seq), end = off + t.payload_len;
        if (end > s.in.wire) {
            if (s.arrivals.size() >= kKeepArrivals) s.arrivals.pop_front();
            s.arrivals.push_back({frame, std::max(off, s.in.wire), end, ts});
            s.in.wire = end;
            complete_recvs(s, false);
        }
    }
}

void Correlator::learn_echo_id(Socket &s, const SyscallEvent &ev) {
    if (!ev.mem) return;
    uint64_t buf = ev.args[1];
    if (ev.nr == SYS_sendmsg) {  // the first iovec of the msghdr
        msghdr mh{};
        iovec iov{};
        if (!ev.mem->read_obj(RemoteAddr(ev.args[1]), mh) || mh.msg_iovlen < 1 ||
            !ev.mem->read_obj(RemoteAddr(reinterpret_cast<uint64_t>(mh.msg_iov)), iov) || iov.iov_len < 8)
            return;
        buf = reinterpret_cast<uint64_t>(iov.iov_base);
    } else if ((ev.nr != SYS_sendto && ev.nr != SYS_write) || ev.args[2] < 8) {
        return;
    }
    uint8_t h[8];
    if (!ev.mem->read_exact(RemoteAddr(buf), h, sizeof h)) return;
    if (h[0] != (s.protocol == 1 ? 8 : 128)) return;  // not an echo request
    s.local = IpEndpoint{};
    s.local.addr.family = s.family == AF_INET6 ? 6 : 4;  // any address of ours
    s.local.port = static_cast<uint16_t>(h[4] << 8 | h[5]);
    s.has_local = true;
    map_.index(s);
}

void Correlator::datagram_out(Socket &s, const PacketView &v, int64_t ts, uint64_t frame, Attribution::Group &g) {
    s.totals.wire_out += ip_bytes(v);
    s.totals.segs_out++;
    for (CallRef &c : s.sends) {
        if (c.entry_ns <= ts && (!c.exit_ns || ts <= c.exit_ns) && c.end != c.start) {
            credit(g, c);
            c.frames.push_back(frame);
            if (!c.first_wire_ns) c.first_wire_ns = ts;
            c.last_wire_ns = ts;
            if (c.exit_ns) send_done(c);
            break;
        }
    }
    while (!s.sends.empty() &&
           (s.sends.front().done || (s.sends.front().exit_ns && ts - s.sends.front().exit_ns > kGraceNs)))
        s.sends.pop_front();
}

bool Correlator::attribute(const PacketView &v, int64_t ts, uint64_t frame, Attribution &out, bool may_wait) {
    out.clear();
    now_ns_ = ts;
    maybe_evict(ts);
    if (v.net.fragment && !v.l4.has_ports) return later_fragment(v, ts, out);
    bool mine = attribute_ports(v, ts, frame, out, may_wait);
    if (mine && v.net.fragment) remember_fragment_owners(v, ts, out);
    return mine;
}

void Correlator::remember_fragment_owners(const PacketView &v, int64_t ts, const Attribution &out) {
    if (frag_owners_.size() >= 1024) {
        for (auto it = frag_owners_.begin(); it != frag_owners_.end();)
            it = ts - it->second.ts > 30'000'000'000LL ? frag_owners_.erase(it) : std::next(it);
        if (frag_owners_.size() >= 1024) frag_owners_.erase(frag_owners_.begin());
    }
    FragOwners &f = frag_owners_[FragKey{v.net.src, v.net.dst, v.net.frag_id, v.net.proto}];
    f.ts = ts;
    f.owners.clear();
    for (const auto &g : out.groups) f.owners.push_back({g.inode, g.pid, g.tid, g.fd, g.outgoing, g.kernel, g.calls});
}

bool Correlator::later_fragment(const PacketView &v, int64_t ts, Attribution &out) {
    auto it = frag_owners_.find(FragKey{v.net.src, v.net.dst, v.net.frag_id, v.net.proto});
    if (it == frag_owners_.end() || ts - it->second.ts > 30'000'000'000LL) return false;
    for (const FragOwner &o : it->second.owners) {
        // (by the socket itself: its process may have closed it, or ended, since)
        Socket *s = map_.by_inode(o.inode);
        if (!s) continue;
        group(out, *s, o.outgoing);
        Attribution::Group &g = out.groups.back();
        g.pid = o.pid;
        g.tid = o.tid;
        g.fd = o.fd;
        g.calls = o.calls;
        g.kernel = o.kernel;
        (o.outgoing ? s->totals.wire_out : s->totals.wire_in) += ip_bytes(v);
        s->totals.last_ns = ts;
    }
    return !out.empty();
}

bool Correlator::attribute_ports(const PacketView &v, int64_t ts, uint64_t frame, Attribution &out, bool may_wait) {
    if (v.l4.has_ports && (v.l4.proto == 6 || v.l4.proto == 17)) {
        const uint8_t proto = v.l4.proto;
        const IpEndpoint src = v.src(), dst = v.dst();
        Socket *o = map_.by_flow(proto, src, dst);
        if (!o) o = map_.by_local(proto, src);
        if (!o && proto == 6 && (v.l4.flags & (kSyn | kAck)) == kSyn) {
            // the SYN of a connect() still running: its local port is known from here on, if
            // only one running connect() goes to that address (else it waits for their returns)
            Socket *only = nullptr;
            int candidates = 0;
            for (auto &kv : inflight_) {
                Socket *s = kv.second.sock;
                if (kv.second.kind == Kind::Connect && s && s->connecting && s->connect_to == dst && !s->has_local) {
                    only = s;
                    candidates++;
                }
            }
            if (candidates > 1 && may_wait) return false;  // held until those connects return
            if (candidates == 1) {
                only->local = src;
                only->has_local = true;
                only->remote = dst;
                only->has_remote = true;
                map_.index(*only);
                o = only;
            }
        }
        // a send running on a socket whose port the kernel has not told us yet may be the
        // sender: wait for it rather than show the receiving end alone
        if (!o && may_wait && unresolved_ > 0) return false;
        Socket *i = map_.by_flow(proto, dst, src);
        if (!i) i = map_.by_local(proto, dst);
        if (o) {
            group(out, *o, true);
            if (proto == 6)
                tcp_out(*o, v, ts, frame, out.groups.back());
            else
                datagram_out(*o, v, ts, frame, out.groups.back());
        }
        if (i) {
            group(out, *i, false);
            if (proto == 6) {
                tcp_in(*i, v, ts, frame);
            } else {
                i->totals.wire_in += ip_bytes(v);
                i->totals.segs_in++;
                if (i->arrivals.size() >= kKeepArrivals) i->arrivals.pop_front();
                i->arrivals.push_back({frame, 0, v.l4.payload_len, ts});
                complete_recvs(*i, false);
            }
        }
        for (Socket *s : {o, i})
            if (s) {
                if (!s->totals.first_ns) s->totals.first_ns = ts;
                s->totals.last_ns = ts;
            }
    } else if (v.l4.icmp_echo) {
        // ping: a request is the sending socket's, a reply the receiving one's, by echo id
        Socket *s = nullptr;
        if (v.l4.icmp_request) {
            if ((s = map_.by_local(v.l4.proto, {v.net.src, v.l4.icmp_id}))) {
                group(out, *s, true);
                datagram_out(*s, v, ts, frame, out.groups.back());
            }
        } else if ((s = map_.by_local(v.l4.proto, {v.net.dst, v.l4.icmp_id}))) {
            group(out, *s, false);
            s->totals.wire_in += ip_bytes(v);
            s->totals.segs_in++;
        }
        if (s) {
            if (!s->totals.first_ns) s->totals.first_ns = ts;
            s->totals.last_ns = ts;
        }
        if (out.empty() && may_wait && unresolved_ > 0) return false;
    } else if (v.has_quoted && v.quoted_l4.has_ports) {
        // an ICMP error about a datagram one of ours sent
        IpEndpoint qsrc{v.quoted_net.src, v.quoted_l4.sport}, qdst{v.quoted_net.dst, v.quoted_l4.dport};
        Socket *s = map_.by_flow(v.quoted_l4.proto, qsrc, qdst);
        if (!s) s = map_.by_local(v.quoted_l4.proto, qsrc);
        if (s) group(out, *s, false);
    }
    return !out.empty();
}

void Correlator::account(const Attribution &a, uint32_t tcp_flags) {
    if (!tcp_flags) return;
    constexpr uint32_t kRetrans = 1u | 2u | 4u;  // retransmission, fast, spurious
    for (const auto &g : a.groups) {
        Socket *s = map_.known(g.pid, g.fd);
        if (!s) continue;
        s->totals.warnings++;
        if (g.outgoing && (tcp_flags & kRetrans)) s->totals.retrans++;
    }
}

void Correlator::retire(Socket &s) {
    if (s.summarized || (!s.totals.segs_in && !s.totals.segs_out && !s.totals.app_in && !s.totals.app_out)) return;
    s.summarized = true;
    if (!opt_.net_summary) return;
    ConnectionRow &r = rows_.emplace_back();
    r.pid = s.pid;
    r.comm = s.comm;
    r.fd = s.fd;
    r.proto = s.protocol == IPPROTO_TCP   ? "TCP"
              : s.protocol == IPPROTO_UDP ? "UDP"
              : s.protocol == 1           ? "ICMP"
                                          : "ICMPv6";
    r.local = s.has_local ? endpoint_text(s.local) : "*";
    r.remote = s.has_remote ? endpoint_text(s.remote) : "*";
    r.totals = s.totals;
    r.kernel = s.kernel;
}

void Correlator::maybe_evict(int64_t now_ns) {
    if (now_ns - last_evict_ns_ < 1'000'000'000) return;
    last_evict_ns_ = now_ns;
    map_.evict(now_ns, kGraceNs, [&](Socket &s) {
        settle(s);
        retire(s);
    });
}

const std::vector<ConnectionRow> &Correlator::connections() {
    map_.for_each([&](Socket &s) {
        if (opt_.net_summary && !s.summarized && s.refs > 0) map_.read_tcp_info(s, s.pid, s.fd);  // still open
        retire(s);
    });
    return rows_;
}

}  // namespace wiretrace
