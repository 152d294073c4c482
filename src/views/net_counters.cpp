#include "views/net_counters.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "common.h"

namespace wiretrace {

uint64_t CounterSnapshot::get(std::string_view name) const {
    for (const auto &[n, v] : protocol)
        if (n == name) return v;
    return 0;
}

const IfaceCounters *CounterSnapshot::iface(std::string_view name) const {
    for (const IfaceCounters &i : ifaces)
        if (i.name == name) return &i;
    return nullptr;
}

namespace {
struct Opened {
    int dev = -1, snmp = -1, netstat = -1, snmp6 = -1, sock = -1;
    std::string error;
};

void open_all(Opened &o) {
    auto open_one = [](const char *path) { return ::open(path, O_RDONLY | O_CLOEXEC); };
    o.dev = open_one("/proc/thread-self/net/dev");
    if (o.dev < 0) {
        o.error = std::string("/proc/net/dev: ") + strerror(errno);
        return;
    }
    o.snmp = open_one("/proc/thread-self/net/snmp");
    o.netstat = open_one("/proc/thread-self/net/netstat");
    o.snmp6 = open_one("/proc/thread-self/net/snmp6");  // absent without IPv6
    o.sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
}

std::string_view next_line(std::string_view &text) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    return line;
}

std::string_view next_word(std::string_view &s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos) {
        s = {};
        return {};
    }
    size_t e = s.find_first_of(" \t", b);
    std::string_view w = s.substr(b, e == std::string_view::npos ? std::string_view::npos : e - b);
    s.remove_prefix(e == std::string_view::npos ? s.size() : e);
    return w;
}

uint64_t number(std::string_view w) {
    // MaxConn is -1: a signed value shows as its two's complement, as nstat would not; it is
    // not a counter and no view uses it
    std::string s(w);
    return s.empty()     ? 0
           : s[0] == '-' ? static_cast<uint64_t>(std::strtoll(s.c_str(), nullptr, 10))
                         : std::strtoull(s.c_str(), nullptr, 10);
}
}  // namespace

NetCounters::NetCounters(const std::string &netns) {
    Opened o;
    if (netns.empty()) {
        open_all(o);
    } else {
        int ns = ::open(netns.c_str(), O_RDONLY | O_CLOEXEC);
        if (ns < 0) throw FatalError("network namespace " + netns + ": " + strerror(errno));
        // setns() moves only the calling thread: a thread of its own enters the namespace,
        // opens the files and ends
        std::thread([&] {
            if (unshare(CLONE_FS) != 0 || setns(ns, CLONE_NEWNET) != 0) {
                o.error = "network namespace " + netns + ": setns: " + strerror(errno);
                return;
            }
            open_all(o);
        }).join();
        ::close(ns);
    }
    if (!o.error.empty()) {
        for (int fd : {o.dev, o.snmp, o.netstat, o.snmp6, o.sock})
            if (fd >= 0) ::close(fd);
        throw FatalError(o.error);
    }
    dev_ = o.dev, snmp_ = o.snmp, netstat_ = o.netstat, snmp6_ = o.snmp6, sock_ = o.sock;
    buf_.reserve(16384);
}

NetCounters::~NetCounters() {
    for (int fd : {dev_, snmp_, netstat_, snmp6_, sock_})
        if (fd >= 0) ::close(fd);
}

bool NetCounters::slurp(int fd, std::string &out) {
    out.clear();
    if (fd < 0) return false;
    if (lseek(fd, 0, SEEK_SET) < 0) return false;
    char chunk[8192];
    for (;;) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return false;
        if (n == 0) return true;
        out.append(chunk, static_cast<size_t>(n));
    }
}

void NetCounters::parse_dev(std::string_view text, std::vector<IfaceCounters> &out) {
    out.clear();
    next_line(text);  // the two header lines
    next_line(text);
    while (!text.empty()) {
        std::string_view line = next_line(text);
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        IfaceCounters &c = out.emplace_back();
        std::string_view name = line.substr(0, colon);
        c.name = std::string(next_word(name));
        std::string_view rest = line.substr(colon + 1);
        uint64_t *fields[] = {&c.rx_bytes, &c.rx_packets, &c.rx_errs,       &c.rx_drop,
                              &c.rx_fifo,  &c.rx_frame,   &c.rx_compressed, &c.rx_multicast,
                              &c.tx_bytes, &c.tx_packets, &c.tx_errs,       &c.tx_drop,
                              &c.tx_fifo,  &c.tx_colls,   &c.tx_carrier,    &c.tx_compressed};
        for (uint64_t *f : fields) *f = number(next_word(rest));
    }
}

void NetCounters::parse_protocol(std::string_view text, std::vector<std::pair<std::string, uint64_t>> &out) {
    while (!text.empty()) {
        std::string_view names = next_line(text);
        size_t colon = names.find(':');
        if (colon == std::string_view::npos || colon + 1 >= names.size() || names[colon + 1] != ' ') {
            // snmp6: "Ip6InReceives  123"
            std::string_view w = next_word(names);
            if (!w.empty()) out.emplace_back(std::string(w), number(next_word(names)));
            continue;
        }
        std::string_view values = next_line(text);
        std::string_view prefix = names.substr(0, colon);
        if (values.substr(0, colon + 1) != names.substr(0, colon + 1)) continue;  // not a pair
        names.remove_prefix(colon + 1);
        values.remove_prefix(colon + 1);
        for (;;) {
            std::string_view n = next_word(names), v = next_word(values);
            if (n.empty() || v.empty()) break;
            std::string key(prefix);
            key += n;
            out.emplace_back(std::move(key), number(v));
        }
    }
}

int NetCounters::speed_of(const std::string &iface, bool &full_duplex) {
    for (const auto &[n, s] : speeds_)
        if (n == iface) {
            full_duplex = s >= 0;
            return s < 0 ? -s : s;
        }
    int speed = 0;
    full_duplex = true;
    if (sock_ >= 0 && iface.size() < IFNAMSIZ) {
        ethtool_cmd cmd{};
        cmd.cmd = ETHTOOL_GSET;
        ifreq ifr{};
        memcpy(ifr.ifr_name, iface.c_str(), iface.size());
        ifr.ifr_data = reinterpret_cast<char *>(&cmd);
        if (ioctl(sock_, SIOCETHTOOL, &ifr) == 0) {
            uint32_t s = ethtool_cmd_speed(&cmd);
            if (s != 0 && s != static_cast<uint32_t>(SPEED_UNKNOWN) && s < 100000000) speed = static_cast<int>(s);
            full_duplex = cmd.duplex != DUPLEX_HALF;
        }
    }
    speeds_.emplace_back(iface, full_duplex ? speed : -speed);
    return speed;
}

bool NetCounters::read(CounterSnapshot &out) {
    out.mono_ns = monotonic_ns();
    clock_gettime(CLOCK_REALTIME, &out.wall);
    if (!slurp(dev_, buf_)) return false;
    parse_dev(buf_, out.ifaces);
    for (IfaceCounters &c : out.ifaces) c.speed_mbps = speed_of(c.name, c.full_duplex);
    out.protocol.clear();
    for (int fd : {snmp_, netstat_, snmp6_})
        if (slurp(fd, buf_)) parse_protocol(buf_, out.protocol);
    return true;
}

}  // namespace wiretrace
