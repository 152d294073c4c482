// Writes captured packets: pcapng (our own writer: libpcap cannot write it) or classic pcap.
// pcapng: a section header naming the tool and the OS, one interface block, enhanced packet
// blocks with nanosecond timestamps, direction flags and an optional comment, and an
// interface-statistics block with the drop counts when the file is closed.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace wiretrace {

class CaptureWriter {
public:
    enum class Format { Pcapng, Pcap };
    // "x.pcap" is classic pcap, anything else pcapng, unless forced. Throws FatalError.
    static Format format_for(const std::string &path, bool force_pcap);

    CaptureWriter(const std::string &path, Format format, int linktype, int snaplen, const std::string &ifname,
                  const std::string &tool);
    ~CaptureWriter();
    CaptureWriter(const CaptureWriter &) = delete;
    CaptureWriter &operator=(const CaptureWriter &) = delete;

    // direction: 0 unknown, 1 inbound, 2 outbound (epb_flags)
    void write(int64_t sec, uint32_t nsec, const uint8_t *data, uint32_t caplen, uint32_t len, int direction = 0,
               const std::string &comment = {});
    // Hands what is buffered to the file now, unless it is written with direct I/O (which
    // takes whole buffers only): a pipe's reader sees packets as they come.
    void flush() {
        if (!direct_ && used_) drain();
    }
    // Called often (every batch): at most once a second puts what is buffered in the file -
    // with direct I/O its whole 4 KiB blocks - so that a crash or a SIGKILL loses at most about
    // a second of packets, not a 4 MiB buffer. Throws FatalError on a write error.
    void checkpoint();
    // tcpdump's -U: every batch of packets reaches the file as it is written (no direct I/O,
    // which only takes whole buffers).
    void set_packet_buffered();
    // Ends the file (pcapng: the statistics block) and closes it.
    void close(uint64_t received, uint64_t dropped);
    // After a write error (a full disk): stops writing, cuts the file after its last whole
    // packet (so every reader takes it), closes it. Returns the packets it keeps.
    uint64_t abandon();

private:
    void put(const void *p, size_t n);
    uint8_t *new_buffer();
    void drain();                // writes everything out, the partial buffer included, and waits
    void write_front(size_t n);  // writes the buffer's first n bytes (after the I/O thread), keeps the rest
    void write_all(const uint8_t *p, size_t n);
    void stop_direct();  // back to buffered writes (O_DIRECT off)
    void submit();       // a full buffer goes to the I/O thread; an empty one comes back
    void io_loop();
    static constexpr size_t kAlign = 4096, kBuffer = 4 << 20, kBuffers = 8;
    int fd_ = -1;
    bool direct_ = false;  // O_DIRECT: only whole aligned buffers
    uint8_t *buf_ = nullptr;
    size_t used_ = 0;
    // Files are written by a thread of their own while the next buffer fills (a direct write
    // waits for the device): full buffers go to it, empty ones come back.
    std::vector<uint8_t *> buffers_;  // all of them, to free
    size_t max_buffers_ = kBuffers;
    std::thread io_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<uint8_t *> full_;    // guarded by mu_
    std::vector<uint8_t *> empty_;  // guarded by mu_
    bool io_busy_ = false;          // guarded by mu_
    bool io_stop_ = false;          // guarded by mu_
    std::string io_error_;          // guarded by mu_
    Format format_;
    std::string path_;
    int64_t last_sec_ = 0;
    int64_t checkpoint_ns_ = 0;  // CLOCK_MONOTONIC of the last checkpoint
    uint32_t last_nsec_ = 0;
    std::vector<uint8_t> scratch_;  // a packet's options
};

}  // namespace wiretrace
