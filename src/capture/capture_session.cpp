#include "capture/capture_session.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>

#include "common.h"

namespace wiretrace {

void PacketBatch::add(const wt_packet &p, uint32_t direction) {
    Header h{p.ts_sec, p.ts_nsec, p.caplen, p.len, direction};
    size_t off = bytes_.size();
    bytes_.resize(off + footprint(p.caplen));  // within the reserved capacity: no copy
    std::memcpy(bytes_.data() + off, &h, sizeof h);
    std::memcpy(bytes_.data() + off + sizeof h, p.data, p.caplen);
    count_++;
}

CaptureSession::CaptureSession(const CapturePlugin &plugin, const LiveConfig &c)
    : api_(plugin.api()), limit_(c.queue_limit), coalesce_us_(c.coalesce_us) {
    wt_live_options lo{};
    lo.struct_size = sizeof lo;
    lo.device = c.device.c_str();
    lo.snaplen = c.snaplen;
    lo.promisc = c.promisc;
    lo.buffer_size = c.buffer_kib * 1024;
    lo.immediate = c.immediate;
    lo.nano = c.nano;
    lo.netns_fd = c.netns_fd;
    lo.direction = c.direction;
    // tcpdump 4.99 asks for LINUX_SLL2 on "any": its lines then name the interface
    lo.linktype = c.device == "any" ? 276 : 0;
    char err[512] = {};
    h_ = api_.open_live(&lo, err, sizeof err);
    if (!h_) throw FatalError(c.device + ": " + err);
    if (!c.filter.empty() && api_.set_filter(h_, c.filter.c_str(), err, sizeof err) != 0) {
        api_.close(h_);
        h_ = nullptr;
        throw FatalError(err);
    }
    linktype_ = api_.linktype(h_);
    snaplen_ = api_.snaplen(h_);
}

CaptureSession::~CaptureSession() {
    stop();
    if (h_) api_.close(h_);
}

void CaptureSession::start(std::function<void()> on_queued) {
    on_queued_ = std::move(on_queued);
    // the thread inherits this mask: signals are the main thread's business
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    thread_ = std::thread([this] { run(); });
    pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

void CaptureSession::hand_over() {
    bool wake = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (queued_bytes_ + local_.bytes() > limit_ && !queue_.empty()) {
            overflow_ += local_.count();  // the consumer is too far behind: drop, never block
            local_.clear();
            return;
        }
        wake = queue_.empty();
        queued_bytes_ += local_.bytes();
        queue_.push_back(std::move(local_));
        local_ = PacketBatch();
        if (!free_.empty()) {
            local_.swap(free_.back());
            free_.pop_back();
        }
    }
    if (local_.capacity() < kBatchBytes) local_.reserve(kBatchBytes);
    cv_.notify_one();
    if (wake && on_queued_) on_queued_();
}

void CaptureSession::run() {
    char err[512] = {};
    local_.reserve(kBatchBytes);
    auto on_packet = [](void *user, const wt_packet *p) {
        auto *self = static_cast<CaptureSession *>(user);
        if (self->local_.bytes() + PacketBatch::footprint(p->caplen) > kBatchBytes && !self->local_.empty())
            self->hand_over();
        uint32_t dir = WT_HAS_FIELD(p, wt_packet, direction) ? p->direction : uint32_t{WT_DIR_UNKNOWN};
        self->local_.add(*p, dir);
    };
    std::string failure;
    while (!stop_.load(std::memory_order_relaxed)) {
        int rc = api_.dispatch(h_, -1, 100, on_packet, this, err, sizeof err);
        if (rc == -1) failure = err;
        if (!local_.empty()) {
            hand_over();
            // under load, let packets gather in the kernel's ring for a moment: one wake-up
            // per batch instead of one per packet (the first packet after a quiet spell is
            // still handed over at once)
            if (coalesce_us_ > 0 && rc > 0) usleep(static_cast<useconds_t>(coalesce_us_));
        }
        if (rc == -1 || rc == -2) break;
    }
    // asked to stop: what the kernel's ring holds already is read first (a command's last
    // packets, when this thread was slow to run); a pending break makes the first call return
    // at once, so the ring is polled until it comes back empty
    if (failure.empty()) {
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);  // (a flood never ends)
        for (int round = 0; std::chrono::steady_clock::now() < until; round++) {
            int rc = api_.dispatch(h_, -1, 0, on_packet, this, err, sizeof err);
            if (!local_.empty()) hand_over();
            if (rc < 0 || (rc == 0 && round > 0)) break;
        }
    }
    {
        std::lock_guard<std::mutex> lock(mu_);
        finished_ = true;
        error_ = failure;
    }
    cv_.notify_all();
    if (on_queued_) on_queued_();
}

bool CaptureSession::take(PacketBatch &out, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mu_);
    if (out.capacity() >= kBatchBytes && free_.size() < 64) {
        out.clear();
        free_.push_back(std::move(out));
    }
    out = PacketBatch();
    if (queue_.empty() && !finished_)
        cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return !queue_.empty() || finished_; });
    if (queue_.empty()) return !finished_;
    out = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= out.bytes();
    return true;
}

void CaptureSession::request_stop() {
    stop_.store(true, std::memory_order_relaxed);
    if (h_ && WT_HAS_FIELD(&api_, wt_capture_plugin, breakloop)) api_.breakloop(h_);
}

void CaptureSession::stop() {
    if (!thread_.joinable()) return;
    request_stop();
    thread_.join();
}

std::string CaptureSession::error() const {
    std::lock_guard<std::mutex> lock(mu_);
    return error_;
}

CaptureSession::Stats CaptureSession::stats() {
    Stats s;
    wt_capture_stats cs{};
    cs.struct_size = sizeof cs;
    char err[512];
    if (h_ && api_.stats(h_, &cs, err, sizeof err) == 0) {
        s.valid = true;
        s.received = cs.received;
        s.dropped = cs.dropped;
    }
    std::lock_guard<std::mutex> lock(mu_);
    s.overflow = overflow_;
    return s;
}

}  // namespace wiretrace
