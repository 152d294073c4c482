#include "tracer/fd_info.h"

#include "tracer/pid_info.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/netlink_diag.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace wiretrace {

namespace {
constexpr size_t k_reply_size = 32 * 1024;

bool send_request(int fd, const void *req, size_t len, uint16_t family_type, uint16_t flags) {
    nlmsghdr h{};
    h.nlmsg_len = static_cast<uint32_t>(NLMSG_LENGTH(len));
    h.nlmsg_type = family_type;
    h.nlmsg_flags = static_cast<uint16_t>(NLM_F_REQUEST | flags);
    h.nlmsg_seq = 1;
    iovec iov[2] = {{&h, sizeof h}, {const_cast<void *>(req), len}};
    sockaddr_nl nl{};
    nl.nl_family = AF_NETLINK;
    msghdr m{};
    m.msg_name = &nl;
    m.msg_namelen = sizeof nl;
    m.msg_iov = iov;
    m.msg_iovlen = 2;
    return sendmsg(fd, &m, 0) >= 0;
}

// Calls `each(nlmsghdr*)` for every reply message: to NLMSG_DONE for a dump (all of it, so
// the socket is clean for the next question), or the one message of an exact request.
template <typename F>
void read_replies(int fd, F each) {
    static char buf[k_reply_size] __attribute__((aligned(8)));
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        size_t len = static_cast<size_t>(n);
        for (auto *h = reinterpret_cast<nlmsghdr *>(buf); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) return;
            each(h);
            if (!(h->nlmsg_flags & NLM_F_MULTI)) return;
        }
    }
}

std::string endpoint(int family, const uint32_t *addr, uint16_t port_be) {
    char a[INET6_ADDRSTRLEN] = "?";
    inet_ntop(family, addr, a, sizeof a);
    std::string s = family == AF_INET6 ? "[" + std::string(a) + "]" : std::string(a);
    return s + ":" + std::to_string(ntohs(port_be));
}

std::string inet_text(int diag, int family, int protocol, uint64_t inode) {
    inet_diag_req_v2 req{};
    req.sdiag_family = static_cast<uint8_t>(family);
    req.sdiag_protocol = static_cast<uint8_t>(protocol);
    req.idiag_states = ~0u;
    if (!send_request(diag, &req, sizeof req, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP)) return "";
    std::string text;
    read_replies(diag, [&](nlmsghdr *h) {
        auto *m = static_cast<inet_diag_msg *>(NLMSG_DATA(h));
        if (m->idiag_inode != inode || !text.empty()) return;
        text = endpoint(family, m->id.idiag_src, m->id.idiag_sport);
        if (m->id.idiag_dport != 0) text += "->" + endpoint(family, m->id.idiag_dst, m->id.idiag_dport);
    });
    return text;
}

std::string unix_text(int diag, uint64_t inode) {
    unix_diag_req req{};
    req.sdiag_family = AF_UNIX;
    req.udiag_states = ~0u;
    req.udiag_ino = static_cast<uint32_t>(inode);
    req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER;
    req.udiag_cookie[0] = req.udiag_cookie[1] = ~0u;
    if (!send_request(diag, &req, sizeof req, SOCK_DIAG_BY_FAMILY, 0)) return "";
    std::string text;
    read_replies(diag, [&](nlmsghdr *h) {
        auto *m = static_cast<unix_diag_msg *>(NLMSG_DATA(h));
        if (m->udiag_ino != inode) return;
        const char *type = m->udiag_type == SOCK_STREAM      ? "UNIX-STREAM"
                           : m->udiag_type == SOCK_DGRAM     ? "UNIX-DGRAM"
                           : m->udiag_type == SOCK_SEQPACKET ? "UNIX-SEQPACKET"
                                                             : "UNIX";
        uint32_t peer = 0;
        std::string name;
        bool has_name = false, abstract = false;
        int len = static_cast<int>(h->nlmsg_len - NLMSG_LENGTH(sizeof *m));
        for (auto *a = reinterpret_cast<rtattr *>(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
            if (a->rta_type == UNIX_DIAG_PEER && RTA_PAYLOAD(a) >= 4) std::memcpy(&peer, RTA_DATA(a), 4);
            if (a->rta_type == UNIX_DIAG_NAME) {
                has_name = true;
                const char *p = static_cast<const char *>(RTA_DATA(a));
                size_t n = RTA_PAYLOAD(a);
                if (n && p[0] == '\0') {
                    abstract = true;
                    name.assign(p + 1, n - 1);
                } else {
                    name.assign(p, strnlen(p, n));
                }
            }
        }
        text = std::string(type) + ":[" + std::to_string(inode);
        if (peer) text += "->" + std::to_string(peer);
        if (has_name) text += (abstract ? ",@\"" : ",\"") + name + "\"";
        text += "]";
    });
    return text;
}

const char *netlink_protocol(int p) {
    static const char *names[] = {"ROUTE",         "UNUSED",   "USERSOCK", "FIREWALL",       "SOCK_DIAG",  "NFLOG",
                                  "XFRM",          "SELINUX",  "ISCSI",    "AUDIT",          "FIB_LOOKUP", "CONNECTOR",
                                  "NETFILTER",     "IP6_FW",   "DNRTMSG",  "KOBJECT_UEVENT", "GENERIC",    nullptr,
                                  "SCSITRANSPORT", "ECRYPTFS", "RDMA",     "CRYPTO",         "SMC"};
    return p >= 0 && p < static_cast<int>(sizeof names / sizeof names[0]) ? names[p] : nullptr;
}

std::string netlink_text(int diag, uint64_t inode) {
    netlink_diag_req req{};
    req.sdiag_family = AF_NETLINK;
    req.sdiag_protocol = NDIAG_PROTO_ALL;
    req.ndiag_ino = static_cast<uint32_t>(inode);
    req.ndiag_cookie[0] = req.ndiag_cookie[1] = ~0u;
    if (!send_request(diag, &req, sizeof req, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP)) return "";
    std::string text;
    read_replies(diag, [&](nlmsghdr *h) {
        auto *m = static_cast<netlink_diag_msg *>(NLMSG_DATA(h));
        if (m->ndiag_ino != inode) return;
        const char *p = netlink_protocol(m->ndiag_protocol);
        text = "NETLINK:[" + (p ? std::string(p) : std::to_string(m->ndiag_protocol)) + ":" +
               std::to_string(m->ndiag_portid) + "]";
    });
    return text;
}
}  // namespace

FdInfo::FdInfo(int set) : set_(set) {
    if (set_ & kDecodeFdSocket) own_netns_ = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
}

FdInfo::~FdInfo() {
    for (auto &kv : diag_by_netns_)
        if (kv.second >= 0) close(kv.second);
    if (own_netns_ >= 0) close(own_netns_);
}

int FdInfo::diag_socket(pid_t tid) {
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/ns/net", tid);
    struct stat st;
    if (stat(path, &st) != 0) return -1;
    auto it = diag_by_netns_.find(st.st_ino);
    if (it != diag_by_netns_.end()) return it->second;
    // A socket belongs to the namespace it was created in: enter the tracee's, create, return.
    int fd = -1;
    int ns = open(path, O_RDONLY | O_CLOEXEC);
    bool moved = ns >= 0 && own_netns_ >= 0 && st.st_ino != 0 && setns(ns, CLONE_NEWNET) == 0;
    fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (moved) setns(own_netns_, CLONE_NEWNET);
    if (ns >= 0) close(ns);
    diag_by_netns_[st.st_ino] = fd;
    return fd;
}

std::string FdInfo::socket_text(int diag, const std::string &proto, uint64_t inode) {
    if (diag < 0) return "";
    std::string t;
    if (proto == "TCP")
        t = inet_text(diag, AF_INET, IPPROTO_TCP, inode);
    else if (proto == "TCPv6")
        t = inet_text(diag, AF_INET6, IPPROTO_TCP, inode);
    else if (proto == "UDP")
        t = inet_text(diag, AF_INET, IPPROTO_UDP, inode);
    else if (proto == "UDPv6")
        t = inet_text(diag, AF_INET6, IPPROTO_UDP, inode);
    else if (proto.rfind("UNIX", 0) == 0)  // "UNIX", "UNIX-STREAM" (newer kernels)
        return unix_text(diag, inode);
    else if (proto == "NETLINK")
        return netlink_text(diag, inode);
    return t.empty() ? "" : proto + ":[" + t + "]";
}

bool FdInfo::describe_socket(pid_t tid, int fd, uint64_t inode, std::string &out) {
    auto it = sockets_.find(inode);
    if (it == sockets_.end()) {
        char path[64], proto[32] = {};
        std::snprintf(path, sizeof path, "/proc/%d/fd/%d", tid, fd);
        ssize_t n = getxattr(path, "system.sockprotoname", proto, sizeof proto - 1);
        if (n <= 0) return false;
        proto[n] = '\0';
        std::string text = socket_text(diag_socket(tid), proto, inode);
        if (text.empty()) {
            // Not known to sock_diag yet (an unbound socket): asked again next time.
            out += '<';
            out += proto;
            out += ":[" + std::to_string(inode) + "]>";
            return true;
        }
        // (a UNIX socket with neither peer nor name yet may get them: asked again, as strace)
        if (std::string_view(proto).starts_with("UNIX") && text.find("->") == std::string::npos &&
            text.find(",") == std::string::npos) {
            out += '<' + text + '>';
            return true;
        }
        it = sockets_.emplace(inode, std::move(text)).first;
    }
    out += '<';
    out += it->second;
    out += '>';
    return true;
}

bool FdInfo::describe(pid_t tid, int fd, std::string &out) {
    if (proc_pids_ && !(tid = proc_pids_->proc_pid(tid))) return false;
    char path[64], link[4096];
    if (fd == -100)
        std::snprintf(path, sizeof path, "/proc/%d/cwd", tid);
    else
        std::snprintf(path, sizeof path, "/proc/%d/fd/%d", tid, fd);
    ssize_t n = readlink(path, link, sizeof link - 1);
    if (n <= 0) return false;
    std::string_view s(link, static_cast<size_t>(n));
    if ((set_ & kDecodeFdSocket) && s.starts_with("socket:[")) {
        uint64_t inode = std::strtoull(link + 8, nullptr, 10);
        if (describe_socket(tid, fd, inode, out)) return true;
    }
    constexpr std::string_view deleted = " (deleted)";
    bool is_deleted = s.ends_with(deleted) && s[0] == '/';
    if (is_deleted) s.remove_suffix(deleted.size());
    char dev[64] = "";
    if ((set_ & kDecodeFdDev) && s[0] == '/') {
        struct stat st;
        if (stat(path, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
            std::snprintf(dev, sizeof dev, "<%s %u:%u>", S_ISCHR(st.st_mode) ? "char" : "block", major(st.st_rdev),
                          minor(st.st_rdev));
    }
    if (!dev[0] && !(set_ & kDecodeFdPath)) return false;
    out += '<';
    // (quoted as strace quotes strings, without the quotes, '<' and '>' escaped)
    Call::quote_ex(out, reinterpret_cast<const unsigned char *>(s.data()), s.size(), false, hex_, false, "<>");
    out += dev;
    out += '>';
    if (is_deleted) out += "(deleted)";
    return true;
}

}  // namespace wiretrace
