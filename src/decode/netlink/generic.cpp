// NETLINK_GENERIC family names. Their message types are ids the kernel hands out when a family
// registers, so (as strace does) the names are asked of the kernel once: a CTRL_CMD_GETFAMILY
// dump on wiretrace's own generic netlink socket.
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <string>

#include "decode/netlink/netlink.h"

namespace wiretrace {

namespace {
std::map<uint16_t, std::string> query_families() {
    std::map<uint16_t, std::string> names;
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
    if (fd < 0) return names;
    struct {
        nlmsghdr h;
        genlmsghdr g;
    } req{};
    req.h.nlmsg_len = sizeof req;
    req.h.nlmsg_type = GENL_ID_CTRL;
    req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    req.g.cmd = CTRL_CMD_GETFAMILY;
    req.g.version = 1;
    timeval tv{1, 0};  // (a kernel that does not answer must not hang the trace)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    if (send(fd, &req, sizeof req, 0) != static_cast<ssize_t>(sizeof req)) {
        close(fd);
        return names;
    }
    alignas(nlmsghdr) char buf[16384];
    for (bool done = false; !done;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        for (auto *h = reinterpret_cast<nlmsghdr *>(buf); NLMSG_OK(h, static_cast<unsigned>(n)); h = NLMSG_NEXT(h, n)) {
            if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
                done = true;
                break;
            }
            auto *attr = reinterpret_cast<nlattr *>(static_cast<char *>(NLMSG_DATA(h)) + GENL_HDRLEN);
            int left = static_cast<int>(h->nlmsg_len) - NLMSG_HDRLEN - GENL_HDRLEN;
            uint16_t id = 0;
            std::string name;
            while (left >= static_cast<int>(sizeof(nlattr)) && attr->nla_len >= sizeof(nlattr) &&
                   attr->nla_len <= left) {
                const char *data = reinterpret_cast<const char *>(attr) + NLA_HDRLEN;
                size_t dlen = attr->nla_len - NLA_HDRLEN;
                if (attr->nla_type == CTRL_ATTR_FAMILY_ID && dlen >= 2) std::memcpy(&id, data, 2);
                if (attr->nla_type == CTRL_ATTR_FAMILY_NAME) name.assign(data, strnlen(data, dlen));
                int step = NLA_ALIGN(attr->nla_len);
                left -= step;
                attr = reinterpret_cast<nlattr *>(reinterpret_cast<char *>(attr) + step);
            }
            if (id && !name.empty()) names[id] = name;
        }
    }
    close(fd);
    return names;
}
}  // namespace

const char *genl_family_name(uint16_t id) {
    static const std::map<uint16_t, std::string> names = query_families();
    auto it = names.find(id);
    return it == names.end() ? nullptr : it->second.c_str();
}

}  // namespace wiretrace
