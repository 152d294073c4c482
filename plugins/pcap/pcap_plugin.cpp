// The libpcap capture plugin: the only code in wiretrace that links libpcap. Built as a MODULE
// library that exports one symbol, wiretrace_capture_plugin (include/wiretrace/capture_abi.h).
#include <fcntl.h>
#include <linux/filter.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <pcap/pcap.h>
#include <sched.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "wiretrace/capture_abi.h"

struct wt_capture_handle {
    pcap_t *p = nullptr;
    bool nano = false;
    int linktype = 0;
    uint32_t fixed_direction = WT_DIR_UNKNOWN;  // -Q in/out: every packet goes that way
    // A loopback device hands a packet socket every packet twice (as sent and as received),
    // and libpcap throws the sent copy away - after it went through the ring. Filtering it out
    // in the kernel instead halves the ring's traffic; the packets delivered are the same.
    bool loopback_inbound = false;
};

namespace {
bool is_loopback(const char *device) {
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0) return false;
    ifreq ifr{};
    std::snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", device);
    bool lo = ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_LOOPBACK);
    close(s);
    return lo;
}

// Puts `expr` with "inbound" in front into the kernel only, behind libpcap's back: libpcap's
// own filter (the user's expression, or none) stays what it filters the ring's older blocks
// with in user space, where "inbound" (an ancillary load) cannot be evaluated.
bool kernel_inbound_filter(wt_capture_handle *h, const std::string &expr) {
    std::string full = expr.empty() ? "inbound" : "inbound and (" + expr + ")";
    bpf_program prog;
    if (pcap_compile(h->p, &prog, full.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) return false;
    sock_fprog fp{static_cast<unsigned short>(prog.bf_len), reinterpret_cast<sock_filter *>(prog.bf_insns)};
    bool ok = setsockopt(pcap_fileno(h->p), SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof fp) == 0;
    pcap_freecode(&prog);
    return ok;
}

void set_err(char *err, size_t errlen, const std::string &msg) {
    if (err && errlen) std::snprintf(err, errlen, "%s", msg.c_str());
}

wt_capture_handle *open_live(const wt_live_options *o, char *err, size_t errlen) {
    char ebuf[PCAP_ERRBUF_SIZE] = {};
    // A capture socket belongs to the namespace it is created in: enter the target's for the
    // time of activation, then come back.
    int home = -1;
    if (o->netns_fd >= 0) {
        home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        if (home < 0 || setns(o->netns_fd, CLONE_NEWNET) != 0) {
            set_err(err, errlen, std::string("cannot enter the network namespace: ") + strerror(errno));
            if (home >= 0) close(home);
            return nullptr;
        }
    }
    bool lo = is_loopback(o->device ? o->device : "any");  // asked in the capture's namespace
    pcap_t *p = pcap_create(o->device ? o->device : "any", ebuf);
    int rc = -1;
    if (p) {
        pcap_set_snaplen(p, o->snaplen > 0 ? o->snaplen : 262144);
        pcap_set_promisc(p, o->promisc);
        pcap_set_timeout(p, 100);
        if (o->buffer_size > 0) pcap_set_buffer_size(p, o->buffer_size);
        if (o->immediate) pcap_set_immediate_mode(p, 1);
        if (o->nano) pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
        rc = pcap_activate(p);
    }
    bool v12 = WT_HAS_FIELD(o, wt_live_options, linktype);
    std::string late_error;
    if (p && rc >= 0 && v12 && o->linktype > 0 && pcap_set_datalink(p, o->linktype) != 0) late_error = pcap_geterr(p);
    if (p && rc >= 0 && late_error.empty() && v12 && o->direction != 0 &&
        pcap_setdirection(p, o->direction == WT_DIR_IN ? PCAP_D_IN : PCAP_D_OUT) != 0)
        late_error = pcap_geterr(p);
    if (home >= 0) {
        setns(home, CLONE_NEWNET);
        close(home);
    }
    if (!p) {
        set_err(err, errlen, ebuf);
        return nullptr;
    }
    if (rc < 0 || !late_error.empty()) {
        set_err(err, errlen,
                !late_error.empty() ? late_error
                : rc == PCAP_ERROR  ? pcap_geterr(p)
                                    : pcap_statustostr(rc));
        pcap_close(p);
        return nullptr;
    }
    auto *h = new wt_capture_handle;
    h->p = p;
    h->nano = pcap_get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
    h->linktype = pcap_datalink(p);
    if (v12 && o->direction != 0) h->fixed_direction = static_cast<uint32_t>(o->direction);
    if (lo && h->linktype == DLT_EN10MB && (!v12 || o->direction == 0)) {
        h->loopback_inbound = kernel_inbound_filter(h, "");
        if (h->loopback_inbound) h->fixed_direction = WT_DIR_IN;
    }
    return h;
}

wt_capture_handle *open_offline(const char *path, int nano, char *err, size_t errlen) {
    char ebuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t *p = pcap_open_offline_with_tstamp_precision(
        path, nano ? PCAP_TSTAMP_PRECISION_NANO : PCAP_TSTAMP_PRECISION_MICRO, ebuf);
    if (!p) {
        set_err(err, errlen, ebuf);
        return nullptr;
    }
    auto *h = new wt_capture_handle;
    h->p = p;
    h->nano = nano != 0;
    h->linktype = pcap_datalink(p);
    return h;
}

int linktype(wt_capture_handle *h) {
    return pcap_datalink(h->p);
}

int snaplen(wt_capture_handle *h) {
    return pcap_snapshot(h->p);
}

int set_filter(wt_capture_handle *h, const char *expr, char *err, size_t errlen) {
    bpf_program prog;
    if (pcap_compile(h->p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        set_err(err, errlen, pcap_geterr(h->p));
        return -1;
    }
    int rc = pcap_setfilter(h->p, &prog);
    if (rc != 0) set_err(err, errlen, pcap_geterr(h->p));
    pcap_freecode(&prog);
    if (rc == 0 && h->loopback_inbound) kernel_inbound_filter(h, expr);  // else libpcap's stays
    return rc == 0 ? 0 : -1;
}

int dump_filter(int linktype, int snaplen, const char *expr, int level, char *out, size_t outlen, char *err,
                size_t errlen) {
    pcap_t *p = pcap_open_dead(linktype, snaplen > 0 ? snaplen : 262144);
    if (!p) {
        set_err(err, errlen, "pcap_open_dead failed");
        return -1;
    }
    bpf_program prog;
    if (pcap_compile(p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
        set_err(err, errlen, pcap_geterr(p));
        pcap_close(p);
        return -1;
    }
    // tcpdump's bpf_dump(): -d the program as text, -dd as a C array, -ddd in decimal
    std::string text;
    char line[160];
    if (level == WT_DUMP_DECIMAL) {
        std::snprintf(line, sizeof line, "%u\n", prog.bf_len);
        text += line;
    }
    for (u_int i = 0; i < prog.bf_len; i++) {
        const bpf_insn &in = prog.bf_insns[i];
        if (level == WT_DUMP_C)
            std::snprintf(line, sizeof line, "{ 0x%x, %d, %d, 0x%08x },\n", in.code, in.jt, in.jf, in.k);
        else if (level == WT_DUMP_DECIMAL)
            std::snprintf(line, sizeof line, "%u %u %u %u\n", in.code, in.jt, in.jf, in.k);
        else
            std::snprintf(line, sizeof line, "%s\n", bpf_image(&in, static_cast<int>(i)));
        text += line;
    }
    pcap_freecode(&prog);
    pcap_close(p);
    if (text.size() + 1 > outlen) {
        set_err(err, errlen, "filter program too large for the buffer");
        return -1;
    }
    std::memcpy(out, text.c_str(), text.size() + 1);
    return static_cast<int>(text.size());
}

struct DispatchContext {
    wt_capture_handle *h;
    wt_packet_cb cb;
    void *user;
};

void on_packet(u_char *arg, const pcap_pkthdr *hdr, const u_char *data) {
    auto *ctx = reinterpret_cast<DispatchContext *>(arg);
    wt_packet pkt{};
    pkt.struct_size = sizeof pkt;
    pkt.caplen = hdr->caplen;
    pkt.len = hdr->len;
    pkt.ts_sec = hdr->ts.tv_sec;
    pkt.ts_nsec = static_cast<uint32_t>(ctx->h->nano ? hdr->ts.tv_usec : hdr->ts.tv_usec * 1000);
    pkt.data = data;
    pkt.direction = ctx->h->fixed_direction;
    // Linux cooked headers say which way a packet went (PACKET_OUTGOING is 4)
    if (ctx->h->linktype == DLT_LINUX_SLL && hdr->caplen >= 2)
        pkt.direction = (data[0] << 8 | data[1]) == 4 ? WT_DIR_OUT : WT_DIR_IN;
    else if (ctx->h->linktype == DLT_LINUX_SLL2 && hdr->caplen >= 11)
        pkt.direction = data[10] == 4 ? WT_DIR_OUT : WT_DIR_IN;
    ctx->cb(ctx->user, &pkt);
}

int dispatch(wt_capture_handle *h, int max, int timeout_ms, wt_packet_cb cb, void *user, char *err, size_t errlen) {
    // live handles wake at least every 100 ms (pcap_set_timeout); 0: only what is ready now
    bool poll_only = timeout_ms == 0 && !pcap_file(h->p);
    char nb_err[PCAP_ERRBUF_SIZE];
    if (poll_only) pcap_setnonblock(h->p, 1, nb_err);
    DispatchContext ctx{h, cb, user};
    int n = pcap_dispatch(h->p, max > 0 ? max : -1, on_packet, reinterpret_cast<u_char *>(&ctx));
    if (poll_only) pcap_setnonblock(h->p, 0, nb_err);
    if (n == PCAP_ERROR) {
        set_err(err, errlen, pcap_geterr(h->p));
        return -1;
    }
    if (n == PCAP_ERROR_BREAK) return 0;
    if (n == 0 && pcap_file(h->p)) return -2;  // end of the file
    return n;
}

int stats(wt_capture_handle *h, wt_capture_stats *s, char *err, size_t errlen) {
    pcap_stat ps{};
    if (pcap_stats(h->p, &ps) != 0) {
        set_err(err, errlen, pcap_geterr(h->p));
        return -1;
    }
    s->received = ps.ps_recv;
    s->dropped = ps.ps_drop;
    s->if_dropped = ps.ps_ifdrop;
    return 0;
}

void breakloop(wt_capture_handle *h) {
    pcap_breakloop(h->p);  // libpcap 1.10 also wakes a poll in progress
}

void close_handle(wt_capture_handle *h) {
    if (!h) return;
    pcap_close(h->p);
    delete h;
}

// tcpdump -D's words for an interface's flags
std::string flag_words(bpf_u_int32 f) {
    std::string w;
    auto add = [&](const char *s) { w += (w.empty() ? "" : ", ") + std::string(s); };
    if (f & PCAP_IF_UP) add("Up");
    if (f & PCAP_IF_RUNNING) add("Running");
    if (f & PCAP_IF_WIRELESS) add("Wireless");
    if (f & PCAP_IF_LOOPBACK) add("Loopback");
    switch (f & PCAP_IF_CONNECTION_STATUS) {
        case PCAP_IF_CONNECTION_STATUS_CONNECTED:
            add(f & PCAP_IF_WIRELESS ? "Associated" : "Connected");
            break;
        case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
            add(f & PCAP_IF_WIRELESS ? "Not associated" : "Disconnected");
            break;
        default:
            break;
    }
    return w;
}

int list_devices(char *out, size_t outlen, char *err, size_t errlen) {
    char ebuf[PCAP_ERRBUF_SIZE] = {};
    pcap_if_t *all = nullptr;
    if (pcap_findalldevs(&all, ebuf) != 0) {
        set_err(err, errlen, ebuf);
        return -1;
    }
    std::string text;
    for (pcap_if_t *d = all; d; d = d->next)
        text +=
            std::string(d->name) + "\t" + (d->description ? d->description : "") + "\t" + flag_words(d->flags) + "\n";
    pcap_freealldevs(all);
    if (text.size() + 1 > outlen) {
        set_err(err, errlen, "device list too large for the buffer");
        return -1;
    }
    std::memcpy(out, text.c_str(), text.size() + 1);
    return static_cast<int>(text.size());
}

std::string version_name() {
    std::string v = pcap_lib_version();  // "libpcap version 1.10.3 (with TPACKET_V3)"
    auto pos = v.find("version ");
    if (pos != std::string::npos) v = "libpcap " + v.substr(pos + 8, v.find(' ', pos + 8) - pos - 8);
    return v;
}
}  // namespace

extern "C" __attribute__((visibility("default"))) const wt_capture_plugin *wiretrace_capture_plugin(void) {
    static const std::string name = version_name();
    static const wt_capture_plugin plugin = {
        WT_CAPTURE_ABI_MAJOR,
        WT_CAPTURE_ABI_MINOR,
        sizeof(wt_capture_plugin),
        name.c_str(),
        open_live,
        open_offline,
        linktype,
        snaplen,
        set_filter,
        dump_filter,
        dispatch,
        stats,
        close_handle,
        breakloop,
        list_devices,
    };
    return &plugin;
}
