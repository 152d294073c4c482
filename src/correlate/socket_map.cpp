#include "correlate/socket_map.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wiretrace {

namespace {
bool is_wildcard(const IpAddr &a) {
    return a.word(0) == 0 && a.word(1) == 0;
}

std::string read_comm(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/comm", pid);
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "?";
    char buf[64];
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n <= 0) return "?";
    while (n > 0 && buf[n - 1] == '\n') n--;
    return std::string(buf, static_cast<size_t>(n));
}
}  // namespace

bool endpoint_of(const sockaddr_storage &ss, IpEndpoint &ep) {
    ep = IpEndpoint{};
    if (ss.ss_family == AF_INET) {
        const auto &sin = reinterpret_cast<const sockaddr_in &>(ss);
        ep.addr.family = 4;
        std::memcpy(ep.addr.bytes, &sin.sin_addr, 4);
        ep.port = ntohs(sin.sin_port);
        return true;
    }
    if (ss.ss_family == AF_INET6) {
        const auto &sin6 = reinterpret_cast<const sockaddr_in6 &>(ss);
        // a v4-mapped address is the IPv4 packet's address
        static const uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(sin6.sin6_addr.s6_addr, mapped, 12) == 0) {
            ep.addr.family = 4;
            std::memcpy(ep.addr.bytes, sin6.sin6_addr.s6_addr + 12, 4);
        } else {
            ep.addr.family = 6;
            std::memcpy(ep.addr.bytes, sin6.sin6_addr.s6_addr, 16);
        }
        ep.port = ntohs(sin6.sin6_port);
        return true;
    }
    return false;
}

pid_t tgid_of(pid_t tid) {
    pid_t pid = tid;
    char path[64], buf[512];
    std::snprintf(path, sizeof path, "/proc/%d/status", tid);
    int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return pid;
    ssize_t n = ::read(fd, buf, sizeof buf - 1);
    ::close(fd);
    if (n > 0) {
        buf[n] = '\0';
        if (const char *p = std::strstr(buf, "\nTgid:")) pid = static_cast<pid_t>(std::atoi(p + 6));
    }
    return pid;
}

size_t SocketMap::FlowKeyHash::operator()(const FlowKey &k) const {
    uint64_t h = k.proto;
    for (const IpEndpoint *e : {&k.local, &k.remote}) {
        h = h * 0x9e3779b97f4a7c15ULL ^ e->addr.word(0);
        h = h * 0x9e3779b97f4a7c15ULL ^ e->addr.word(1);
        h = h * 0x9e3779b97f4a7c15ULL ^ e->port;
    }
    return static_cast<size_t>(h ^ (h >> 29));
}

SocketMap::SocketMap() = default;

SocketMap::~SocketMap() {
    for (auto &kv : processes_)
        if (kv.second.pidfd >= 0) ::close(kv.second.pidfd);
}

pid_t SocketMap::tgid(pid_t tid) {
    auto it = tgid_.find(tid);
    if (it != tgid_.end()) return it->second;
    return tgid_[tid] = tgid_of(tid);
}

Process &SocketMap::process(pid_t pid) {
    Process &p = processes_[pid];
    if (!p.pid) {
        p.pid = pid;
        p.comm = read_comm(pid);
    }
    return p;
}

void SocketMap::exec(pid_t pid) {
    auto it = processes_.find(pid);
    if (it != processes_.end()) it->second.comm = read_comm(pid);
}

void SocketMap::task_gone(pid_t tid) {
    tgid_.erase(tid);
}

void SocketMap::process_gone(pid_t pid) {
    auto it = processes_.find(pid);
    if (it == processes_.end()) return;
    if (it->second.pidfd >= 0) ::close(it->second.pidfd);
    processes_.erase(it);
}

void SocketMap::use(Socket &s, pid_t pid, pid_t tid, int fd) {
    const std::string &comm = process(pid).comm;  // (a new one after an exec)
    if (s.comm != comm) s.comm = comm;
    s.pid = pid;
    s.tid = tid;
    s.fd = fd;
}

int SocketMap::dup_fd(pid_t pid, int fd) {
    Process &p = process(pid);
    if (p.pidfd < 0) {
        p.pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
        if (p.pidfd < 0) return -1;
        fcntl(p.pidfd, F_SETFD, FD_CLOEXEC);
    }
    return static_cast<int>(syscall(SYS_pidfd_getfd, p.pidfd, fd, 0));
}

Socket *SocketMap::query(pid_t pid, int fd, bool refresh) {
    int mine = dup_fd(pid, fd);
    if (mine < 0) return nullptr;
    struct stat st;
    Socket *s = nullptr;
    if (fstat(mine, &st) == 0 && S_ISSOCK(st.st_mode)) {
        auto it = sockets_.find(st.st_ino);
        if (it != sockets_.end()) {
            s = it->second.get();
        } else {  // new to us: what it is
            int domain = 0, type = 0, proto = 0;
            socklen_t l = sizeof domain;
            getsockopt(mine, SOL_SOCKET, SO_DOMAIN, &domain, &l);
            l = sizeof type;
            getsockopt(mine, SOL_SOCKET, SO_TYPE, &type, &l);
            l = sizeof proto;
            getsockopt(mine, SOL_SOCKET, SO_PROTOCOL, &proto, &l);
            bool icmp = (domain == AF_INET && proto == IPPROTO_ICMP) || (domain == AF_INET6 && proto == IPPROTO_ICMPV6);
            if ((domain == AF_INET || domain == AF_INET6) && (proto == IPPROTO_TCP || proto == IPPROTO_UDP || icmp)) {
                auto &slot = sockets_[st.st_ino];
                slot = std::make_unique<Socket>();
                slot->inode = st.st_ino;
                slot->family = domain;
                slot->type = type;
                slot->protocol = proto;
                s = slot.get();
                refresh = true;
            }
        }
        if (s && refresh) {
            sockaddr_storage ss{};
            socklen_t sl = sizeof ss;
            IpEndpoint ep;
            // (a raw socket's "port" is its protocol: its echo id comes from what it sends)
            if (s->type != SOCK_RAW && getsockname(mine, reinterpret_cast<sockaddr *>(&ss), &sl) == 0 &&
                endpoint_of(ss, ep) && ep.port != 0) {
                s->local = ep;
                s->has_local = true;
            }
            sl = sizeof ss;
            ss = {};
            if (getpeername(mine, reinterpret_cast<sockaddr *>(&ss), &sl) == 0 && endpoint_of(ss, ep)) {
                s->remote = ep;
                s->has_remote = true;
            }
            // (a connected socket is not listening)
            int listening = 0;
            socklen_t l = sizeof listening;
            if (s->protocol == IPPROTO_TCP && !s->has_remote &&
                getsockopt(mine, SOL_SOCKET, SO_ACCEPTCONN, &listening, &l) == 0)
                s->listening = listening != 0;
            index(*s);
        }
    }
    ::close(mine);
    return s;
}

Socket *SocketMap::bind_fd(pid_t pid, int fd, bool refresh) {
    Socket *s = query(pid, fd, refresh);
    fds_[FdKey{table(pid), fd}] = s;
    if (s) {
        s->refs++;
        s->closed_ns = 0;
        if (!s->pid) use(*s, pid, 0, fd);
    }
    return s;
}

Socket *SocketMap::lookup(pid_t pid, int fd) {
    if (fd < 0) return nullptr;
    auto it = fds_.find(FdKey{table(pid), fd});
    return it != fds_.end() ? it->second : bind_fd(pid, fd, false);
}

Socket *SocketMap::known(pid_t pid, int fd) const {
    auto it = fds_.find(FdKey{table(pid), fd});
    return it == fds_.end() ? nullptr : it->second;
}

Socket *SocketMap::refresh(pid_t pid, int fd) {
    if (fd < 0) return nullptr;
    auto it = fds_.find(FdKey{table(pid), fd});
    if (it == fds_.end()) return bind_fd(pid, fd, true);  // one question to the kernel, not two
    return it->second ? query(pid, fd, true) : nullptr;
}

int SocketMap::queued(pid_t pid, int fd, bool out) {
    int mine = dup_fd(pid, fd);
    if (mine < 0) return -1;
    int n = -1;
    if (ioctl(mine, out ? SIOCOUTQ : SIOCINQ, &n) < 0) n = -1;
    ::close(mine);
    return n;
}

void SocketMap::read_tcp_info(Socket &s, pid_t pid, int fd) {
    if (s.protocol != IPPROTO_TCP) return;
    int mine = dup_fd(pid, fd);
    if (mine < 0) return;
    tcp_info ti{};
    socklen_t len = sizeof ti;
    if (getsockopt(mine, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && len >= offsetof(tcp_info, tcpi_bytes_retrans)) {
        Socket::KernelView &k = s.kernel;
        k.valid = true;
        k.state = ti.tcpi_state;
        k.rtt_us = ti.tcpi_rtt;
        k.rttvar_us = ti.tcpi_rttvar;
        k.min_rtt_us = ti.tcpi_min_rtt;
        k.snd_cwnd = ti.tcpi_snd_cwnd;
        k.snd_ssthresh = ti.tcpi_snd_ssthresh;
        k.snd_mss = ti.tcpi_snd_mss;
        k.rcv_mss = ti.tcpi_rcv_mss;
        k.pmtu = ti.tcpi_pmtu;
        k.retrans = ti.tcpi_retrans;
        k.total_retrans = ti.tcpi_total_retrans;
        k.lost = ti.tcpi_lost;
        k.unacked = ti.tcpi_unacked;
        k.delivery_rate = ti.tcpi_delivery_rate;
        k.pacing_rate = ti.tcpi_pacing_rate;
        k.bytes_sent = ti.tcpi_bytes_sent;
        k.bytes_acked = ti.tcpi_bytes_acked;
        k.bytes_received = ti.tcpi_bytes_received;
        k.bytes_retrans = ti.tcpi_bytes_retrans;
        k.segs_out = ti.tcpi_segs_out;
        k.segs_in = ti.tcpi_segs_in;
        k.data_segs_out = ti.tcpi_data_segs_out;
        k.data_segs_in = ti.tcpi_data_segs_in;
    }
    ::close(mine);
}

void SocketMap::forget_fd(pid_t pid, int fd, int64_t now_ns) {
    auto it = fds_.find(FdKey{table(pid), fd});
    if (it == fds_.end()) return;
    if (Socket *s = it->second)
        if (--s->refs <= 0) s->closed_ns = now_ns;
    fds_.erase(it);
}

void SocketMap::forget_range(pid_t pid, unsigned first, unsigned last, int64_t now_ns) {
    pid = table(pid);
    for (auto it = fds_.begin(); it != fds_.end();) {
        auto fd = static_cast<unsigned>(it->first.fd);
        if (it->first.pid == pid && fd >= first && fd <= last) {
            if (Socket *s = it->second)
                if (--s->refs <= 0) s->closed_ns = now_ns;
            it = fds_.erase(it);
        } else {
            ++it;
        }
    }
}

void SocketMap::forget_process(pid_t pid, int64_t now_ns) {
    forget_range(pid, 0, ~0u, now_ns);
}

void SocketMap::share_files(pid_t child, pid_t parent) {
    pid_t owner = table(parent);
    if (child == owner) return;
    // what the child's calls taught us already (it may run before its parent's clone returns)
    // describes the same table
    for (auto it = fds_.begin(); it != fds_.end();) {
        if (it->first.pid == child) {
            fds_.emplace(FdKey{owner, it->first.fd}, it->second);
            it = fds_.erase(it);
        } else {
            ++it;
        }
    }
    shared_files_[child] = owner;
}

bool SocketMap::leave_files(pid_t pid) {
    if (shared_files_.erase(pid)) return true;  // the entries are the owner's
    pid_t heir = 0;
    for (auto &kv : shared_files_)
        if (kv.second == pid) heir = kv.first;
    if (!heir) return false;
    // the owner leaves: one of the others becomes the entries' key
    shared_files_.erase(heir);
    for (auto &kv : shared_files_)
        if (kv.second == pid) kv.second = heir;
    std::vector<std::pair<int, Socket *>> moved;
    for (auto it = fds_.begin(); it != fds_.end();) {
        if (it->first.pid == pid) {
            moved.emplace_back(it->first.fd, it->second);
            it = fds_.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &m : moved) fds_[FdKey{heir, m.first}] = m.second;
    return true;
}

void SocketMap::scan(pid_t pid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/fd", pid);
    DIR *d = opendir(path);
    if (!d) return;
    while (dirent *e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        char link[320], target[64];
        std::snprintf(link, sizeof link, "%s/%s", path, e->d_name);
        ssize_t n = readlink(link, target, sizeof target - 1);
        if (n > 8 && std::strncmp(target, "socket:[", 8) == 0) lookup(pid, std::atoi(e->d_name));
    }
    closedir(d);
}

void SocketMap::unindex(Socket &s) {
    if (s.indexed_flow) {
        auto it = flows_.find(FlowKey{static_cast<uint8_t>(s.protocol), s.flow_local, s.flow_remote});
        if (it != flows_.end() && it->second == &s) flows_.erase(it);
        s.indexed_flow = false;
    }
    if (s.indexed_local) {
        auto it = locals_.find(static_cast<uint32_t>(s.protocol) << 16 | s.flow_local.port);
        if (it != locals_.end()) {
            auto &v = it->second;
            v.erase(std::remove(v.begin(), v.end(), &s), v.end());
            if (v.empty()) locals_.erase(it);
        }
        s.indexed_local = false;
    }
}

void SocketMap::index(Socket &s) {
    if (!s.has_local) return;
    unindex(s);
    s.flow_local = s.local;
    auto proto = static_cast<uint8_t>(s.protocol);
    if (s.has_remote) {
        s.flow_remote = s.remote;
        // a newer socket on the same four-tuple takes the flow over (port reuse)
        flows_[FlowKey{proto, s.local, s.remote}] = &s;
        s.indexed_flow = true;
    } else {
        locals_[uint32_t{proto} << 16 | s.local.port].push_back(&s);
        s.indexed_local = true;
    }
}

Socket *SocketMap::by_flow(uint8_t proto, const IpEndpoint &local, const IpEndpoint &remote) {
    auto it = flows_.find(FlowKey{proto, local, remote});
    return it == flows_.end() ? nullptr : it->second;
}

Socket *SocketMap::by_local(uint8_t proto, const IpEndpoint &local) {
    auto it = locals_.find(uint32_t{proto} << 16 | local.port);
    if (it == locals_.end()) return nullptr;
    Socket *wild = nullptr;
    for (Socket *s : it->second) {
        if (s->local.addr == local.addr) return s;
        if (is_wildcard(s->local.addr) && (s->local.addr.family == local.addr.family || s->family == AF_INET6))
            wild = s;
    }
    return wild;
}

}  // namespace wiretrace
