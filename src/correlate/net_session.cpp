#include "correlate/net_session.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>

#include "common.h"
#include "output/json_lines.h"

namespace wiretrace {

namespace {
// The descriptors open in this process (to find, and close on exec, what a plugin opened).
std::vector<int> open_fds() {
    std::vector<int> fds;
    if (DIR *d = opendir("/proc/self/fd")) {
        while (dirent *e = readdir(d))
            if (e->d_name[0] != '.' && atoi(e->d_name) != dirfd(d)) fds.push_back(atoi(e->d_name));
        closedir(d);
    }
    return fds;
}

// How long a packet no traced socket claims waits for a running call that may claim it (a
// connect() to a slow peer, when several run at once, holds its SYN until it returns).
constexpr int64_t kHoldNs = 2'000'000'000;
}  // namespace

NetSession::NetSession(const CaptureOptions &co, StracePrinter &printer,
                       std::function<void(const std::string &)> message, OutBuf *json)
    : opt_(co), printer_(printer), message_(std::move(message)), json_(json), correlator_(co.correlation) {
    plugin_ = CapturePlugin::load(co.plugin);
    LiveConfig lc;
    lc.device = co.device;
    lc.snaplen = co.snaplen;
    lc.immediate = true;    // a packet line follows its syscall within milliseconds
    lc.buffer_kib = 65536;  // as wiredump's default: a burst must not outrun the kernel's ring
    // Under load packets are handed over in batches up to 0.5 ms apart: a wake-up per packet
    // slowed the traced command more than anything else the capture does (bench --main-job).
    lc.coalesce_us = 500;
    lc.filter = co.filter;
    int ns = -1;
    if (!co.netns.empty()) {
        ns = ::open(co.netns.c_str(), O_RDONLY | O_CLOEXEC);
        if (ns < 0) throw FatalError("--capture-netns " + co.netns + ": " + strerror(errno));
        lc.netns_fd = ns;
    }
    std::vector<int> before = open_fds();
    try {
        capture_ = std::make_unique<CaptureSession>(*plugin_, lc);
    } catch (...) {
        if (ns >= 0) ::close(ns);
        throw;
    }
    if (ns >= 0) ::close(ns);
    // Whatever the plugin opened must not leak into the command (it would shift its fds).
    for (int fd : open_fds())
        if (std::find(before.begin(), before.end(), fd) == before.end()) fcntl(fd, F_SETFD, FD_CLOEXEC);
    TcpdumpOptions topt;
    topt.timestamps = 1;        // the line's time is printed by the trace's printer
    topt.forget_idle_s = 1800;  // a live capture: quiet connections' sequence bases are forgotten
    packet_printer_ = std::make_unique<TcpdumpPrinter>(topt);
    if (!co.file.empty())
        writer_ = std::make_unique<CaptureWriter>(co.file, CaptureWriter::format_for(co.file, false),
                                                  capture_->linktype(), capture_->snaplen(),
                                                  co.netns.empty() ? co.device : "", "wiretrace " WIRETRACE_VERSION);
    text_.reserve(4096);
    analyzer_.set_explain(co.explain);
    analyzer_.set_checksums(co.verify_checksums);
    analyzer_.set_expiry(true, co.summary);  // a trace may run for days
}

NetSession::~NetSession() = default;

void NetSession::start(std::function<void()> on_queued) {
    capture_->start(std::move(on_queued));
}

void NetSession::drain() {
    if (!capture_) return;
    while (capture_->take(batch_, 0) && !batch_.empty()) batch_.for_each([&](const CapturedPacket &p) { packet(p); });
    release(false);
    notes();
    if (!capture_failed_said_ && !capture_->error().empty()) {  // (the interface went away)
        capture_failed_said_ = true;
        message_("capture failed: " + capture_->error() + "; tracing goes on");
    }
    if (writer_) {
        try {
            writer_->checkpoint();
        } catch (const FatalError &e) {
            file_failed(e);
        }
    }
}

void NetSession::after_call() {
    if (!held_.empty() && !correlator_.may_resolve()) release(false);
    notes();
}

void NetSession::packet(const CapturedPacket &p) {
    seen_++;
    if (!held_.empty()) {  // in order: behind what waits
        hold(p);
        return;
    }
    PacketView v = dissect(capture_->linktype(), p.data, p.caplen, p.len);
    int64_t ts = p.sec * 1000000000LL + p.nsec;
    bool mine = correlator_.attribute(v, ts, kept_ + 1, attribution_, true);
    if (mine || !correlator_.may_resolve()) {
        emit(p, v, mine);
        return;
    }
    hold(p);
}

void NetSession::hold(const CapturedPacket &p) {
    Held &h = held_.emplace_back();
    h.p = p;
    h.bytes.assign(p.data, p.data + p.caplen);  // the batch is reused: the packet is copied
    h.since_ns = monotonic_ns();
}

void NetSession::release(bool all) {
    int64_t now = monotonic_ns();
    while (!held_.empty()) {
        Held &h = held_.front();
        h.p.data = h.bytes.data();
        PacketView v = dissect(capture_->linktype(), h.p.data, h.p.caplen, h.p.len);
        int64_t ts = h.p.sec * 1000000000LL + h.p.nsec;
        bool expired = all || !correlator_.may_resolve() || now - h.since_ns >= kHoldNs;
        bool mine = correlator_.attribute(v, ts, kept_ + 1, attribution_, !expired);
        if (!mine && !expired) return;
        emit(h.p, v, mine);
        held_.pop_front();
    }
}

bool NetSession::emit(const CapturedPacket &p, const PacketView &v, bool attributed) {
    if (!attributed) {
        if (!opt_.capture_all) return false;  // not a traced socket's
        attribution_.clear();
    }
    kept_++;
    PacketTime ts{p.sec, p.nsec};
    FrameAnalysis fa = analyzer_.analyze(v, ts);
    correlator_.account(attribution_, fa.flags);
    if (traffic_) {
        if (attribution_.empty()) traffic_->packet(v, fa.flags);
        for (const auto &g : attribution_.groups)
            traffic_->packet(v, fa.flags, TrafficTable::Owner{g.inode, g.pid, g.comm, g.fd, g.outgoing});
    }
    if (writer_) {
        comment_.clear();
        attribution_.comment(comment_);
        try {
            writer_->write(p.sec, p.nsec, p.data, p.caplen, p.len, static_cast<int>(p.direction), comment_);
        } catch (const FatalError &e) {
            file_failed(e);
        }
    }
    text_.clear();
    if (!json_) {
        attribution_.text(text_);
        if (!text_.empty()) {
            text_.erase(0, 1);  // " [pid ...]": the line's first word
            text_ += ' ';
        }
    }
    size_t start = text_.size();
    packet_printer_->print(text_, v, ts);
    TcpAnalyzer::annotate(text_, start, fa, opt_.analysis, opt_.verify_checksums);
    if (json_) {
        if (!text_.empty() && text_.back() == '\n') text_.pop_back();
        std::string owners = "[";
        for (const auto &g : attribution_.groups) {
            if (owners.size() > 1) owners += ',';
            owners += "{\"pid\":" + std::to_string(g.pid) + ",\"comm\":";
            json_string(owners, g.comm ? *g.comm : "");
            owners += ",\"tid\":" + std::to_string(g.tid) + ",\"fd\":" + std::to_string(g.fd);
            owners += g.outgoing ? ",\"dir\":\"out\"" : ",\"dir\":\"in\"";
            owners += ",\"syscalls\":[";
            for (size_t i = 0; i < g.calls.size(); i++) {
                if (i) owners += ',';
                owners += "{\"seq\":" + std::to_string(g.calls[i].second) + ",\"name\":";
                json_string(owners, g.calls[i].first);
                owners += '}';
            }
            owners += g.kernel && g.calls.empty() ? "],\"kernel\":true}" : "],\"kernel\":false}";
        }
        owners += ']';
        JsonObject o(json_buf_, "packet");
        o.add("frame", kept_).time("time", p.sec, p.nsec).add("len", static_cast<uint64_t>(p.len));
        o.add("caplen", static_cast<uint64_t>(p.caplen)).add("line", text_).raw("owners", owners).write(*json_);
    } else {
        printer_.packet_line(timespec{static_cast<time_t>(p.sec), static_cast<long>(p.nsec)}, text_);
    }
    for (const auto &h : analyzer_.take_hints()) note("hint", h + "\n");
    notes();
    return true;
}

void NetSession::notes() {
    auto &n = correlator_.notes();
    for (const CallNote &c : n) {
        if (json_) {
            JsonObject o(json_buf_, "call_packets");
            o.add("seq", c.seq).add("name", c.name).add("pid", c.pid).add("tid", c.tid).add("fd", c.fd);
            o.add("dir", c.out ? "out" : "in").add("bytes", c.bytes).add("frames", c.frames);
            if (c.wire_first_ns >= 0) o.add("wire_first_ns", c.wire_first_ns).add("wire_last_ns", c.wire_last_ns);
            if (c.arrived_before_ns >= 0) o.add("arrived_before_ns", c.arrived_before_ns);
            o.write(*json_);
            continue;
        }
        if (!opt_.correlation.show_packets && !opt_.correlation.latency) continue;
        text_.clear();
        c.text(text_, opt_.correlation);
        text_ += '\n';
        printer_.packet_note(text_);
    }
    n.clear();
}

void NetSession::note(std::string_view type, const std::string &text) {
    if (!json_) return printer_.packet_note(text);
    if (!text.empty()) JsonObject(json_buf_, type).add("text", text).write(*json_);
}

void NetSession::file_failed(const std::exception &e) {
    uint64_t kept = writer_->abandon();
    writer_.reset();
    message_(std::string(e.what()) + "; the capture file ends after its last whole packet (" + std::to_string(kept) +
             " packets), tracing goes on");
}

void NetSession::finish() {
    auto &message = message_;
    if (!capture_) return;
    // the command's last packets (its FIN, the peer's answer) may still be on their way
    // through the capture ring: give them a moment
    usleep(20000);
    capture_->stop();
    drain();
    release(true);
    correlator_.flush();
    notes();
    CaptureSession::Stats st = capture_->stats();
    if (writer_) {
        try {
            writer_->close(st.valid ? st.received : seen_, st.dropped);
        } catch (const FatalError &e) {
            file_failed(e);
        }
    }
    for (const auto &l : analyzer_.finish(opt_.verify_checksums)) note("hint", l + "\n");
    if (opt_.summary) {
        std::string table;
        analyzer_.print_summary(table, opt_.verify_checksums);
        note("analysis_summary", table);
    }
    if (opt_.net_summary) {
        if (json_) {
            for (const ConnectionRow &r : correlator_.connections()) {
                JsonObject o(json_buf_, "connection");
                r.json(o);
                o.write(*json_);
            }
        } else {
            std::string table;
            ConnectionRow::header(table);
            for (const ConnectionRow &r : correlator_.connections()) r.text(table);
            printer_.packet_note(table);
        }
    }
    std::string e = capture_->error();
    if (!e.empty() && !capture_failed_said_) message("capture failed: " + e);
    std::string line = std::to_string(seen_) + " packet" + (seen_ == 1 ? "" : "s") + " captured, " +
                       std::to_string(st.received) + " received by filter, " + std::to_string(st.dropped) +
                       " dropped by kernel";
    if (st.overflow) line += ", " + std::to_string(st.overflow) + " dropped by wiretrace (it fell behind)";
    if (!opt_.capture_all) line += "; " + std::to_string(kept_) + " of the traced sockets shown";
    message(line);
    if (json_) {
        JsonObject o(json_buf_, "capture_stats");
        o.add("captured", seen_).add("received", st.received).add("dropped", st.dropped).add("overflow", st.overflow);
        o.add("shown", kept_).write(*json_);
    }
    capture_.reset();
}

}  // namespace wiretrace
