// A live capture with its own thread: the thread only reads (plugin dispatch) and copies each
// packet into a queue; whoever consumes the queue (printing, writing a file, wiretrace's trace
// loop) can be as slow as it likes without making the thread miss packets. If the consumer
// falls behind by more than the queue limit, new packets are counted as dropped instead of
// blocking the reader.
//
// Threads: the capture thread runs with every signal blocked, so SIGINT & co reach the main
// thread; request_stop() is async-signal-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capture/plugin.h"

namespace wiretrace {

struct CapturedPacket {
    int64_t sec;
    uint32_t nsec;
    uint32_t caplen;
    uint32_t len;
    uint32_t direction;  // WT_DIR_*
    const uint8_t *data;
};

// Packets copied back to back: a fixed header, then the bytes (8-byte aligned).
class PacketBatch {
public:
    static constexpr size_t kHeader = 24;
    static size_t footprint(uint32_t caplen) { return kHeader + ((caplen + 7) & ~size_t{7}); }
    // Fixed capacity: a batch never reallocates (and never copies what it holds) once reserved.
    void reserve(size_t n) { bytes_.reserve(n); }
    size_t capacity() const { return bytes_.capacity(); }
    void add(const wt_packet &p, uint32_t direction);
    bool empty() const { return count_ == 0; }
    size_t count() const { return count_; }
    size_t bytes() const { return bytes_.size(); }
    void clear() {
        bytes_.clear();
        count_ = 0;
    }
    void swap(PacketBatch &other) {
        bytes_.swap(other.bytes_);
        std::swap(count_, other.count_);
    }
    template <typename F>
    void for_each(F &&f) const;

private:
    struct Header {
        int64_t sec;
        uint32_t nsec, caplen, len, direction;
    };
    static_assert(sizeof(Header) == kHeader, "footprint() counts the header as kHeader bytes");
    std::vector<uint8_t> bytes_;
    size_t count_ = 0;
};

struct LiveConfig {
    std::string device = "any";
    int snaplen = 262144;
    int buffer_kib = 0;  // 0: the back end's default
    bool promisc = true;
    bool immediate = false;
    bool nano = true;
    int direction = 0;  // -Q
    std::string filter;
    int netns_fd = -1;  // capture in this network namespace
    size_t queue_limit = size_t{1} << 30;
    int coalesce_us = 0;  // after handing packets over, wait this long before reading again
};

class CaptureSession {
public:
    // Opens the capture and sets the filter; throws FatalError with the back end's message.
    CaptureSession(const CapturePlugin &plugin, const LiveConfig &config);
    ~CaptureSession();
    CaptureSession(const CaptureSession &) = delete;
    CaptureSession &operator=(const CaptureSession &) = delete;

    int linktype() const { return linktype_; }
    int snaplen() const { return snaplen_; }

    // Starts the capture thread. `on_queued`, if given, is called from that thread whenever
    // packets arrive in a queue the consumer had emptied (e.g. to wake a thread in waitpid).
    void start(std::function<void()> on_queued = {});
    // Hands `out` back for reuse and moves the oldest queued batch into it, waiting up to
    // timeout_ms for one. False when the capture has ended (stopped, or an error) and nothing
    // is queued.
    bool take(PacketBatch &out, int timeout_ms);
    // Async-signal-safe: asks the thread to stop as soon as possible.
    void request_stop();
    // Stops and joins the thread; the packets it had queued stay there for take().
    void stop();
    // Why the capture ended early, or "".
    std::string error() const;

    struct Stats {
        bool valid = false;     // the back end reported its counters
        uint64_t received = 0;  // received by the filter
        uint64_t dropped = 0;   // dropped by the kernel
        uint64_t overflow = 0;  // dropped here: the consumer fell behind by more than the limit
    };
    // Call after stop().
    Stats stats();

private:
    void run();

    const wt_capture_plugin &api_;
    wt_capture_handle *h_ = nullptr;
    int linktype_ = 0;
    int snaplen_ = 0;
    size_t limit_;
    int coalesce_us_;
    std::thread thread_;
    std::function<void()> on_queued_;
    std::atomic<bool> stop_{false};
    bool finished_ = false;  // guarded by mu_
    mutable std::mutex mu_;
    std::condition_variable cv_;
    // Batches of up to kBatchBytes go from the capture thread to the consumer and come back
    // empty, so that steady state neither allocates nor faults in fresh memory.
    static constexpr size_t kBatchBytes = 4 << 20;
    void hand_over();                // the capture thread: queue local_, take an empty batch
    std::deque<PacketBatch> queue_;  // guarded by mu_
    std::vector<PacketBatch> free_;  // guarded by mu_
    size_t queued_bytes_ = 0;        // guarded by mu_
    PacketBatch local_;              // the capture thread's
    uint64_t overflow_ = 0;          // guarded by mu_
    std::string error_;              // guarded by mu_
};

template <typename F>
void PacketBatch::for_each(F &&f) const {
    size_t off = 0;
    while (off < bytes_.size()) {
        Header h;
        std::memcpy(&h, bytes_.data() + off, sizeof h);
        CapturedPacket p{h.sec, h.nsec, h.caplen, h.len, h.direction, bytes_.data() + off + sizeof h};
        f(p);
        off += footprint(h.caplen);
    }
}

}  // namespace wiretrace
