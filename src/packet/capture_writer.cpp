#include "packet/capture_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

#include <algorithm>
#include <ctime>
#include <vector>

#include "common.h"

namespace wiretrace {

namespace {
void add_option(std::vector<uint8_t> &b, uint16_t code, const void *data, size_t len) {
    uint8_t h[4];
    uint16_t l = static_cast<uint16_t>(len);
    memcpy(h, &code, 2);
    memcpy(h + 2, &l, 2);
    b.insert(b.end(), h, h + 4);
    b.insert(b.end(), static_cast<const uint8_t *>(data), static_cast<const uint8_t *>(data) + len);
    b.resize((b.size() + 3) & ~size_t{3}, 0);
}
void end_options(std::vector<uint8_t> &b) {
    b.insert(b.end(), 4, 0);
}
// A block: type, total length, body, total length again.
template <typename T>
void append(std::vector<uint8_t> &b, T v) {
    uint8_t bytes[sizeof v];
    memcpy(bytes, &v, sizeof v);
    b.insert(b.end(), bytes, bytes + sizeof v);
}
std::vector<uint8_t> block(uint32_t type, const std::vector<uint8_t> &body) {
    std::vector<uint8_t> b;
    uint32_t total = static_cast<uint32_t>(12 + body.size());
    append(b, type);
    append(b, total);
    b.insert(b.end(), body.begin(), body.end());
    append(b, total);
    return b;
}
}  // namespace

CaptureWriter::Format CaptureWriter::format_for(const std::string &path, bool force_pcap) {
    if (force_pcap) return Format::Pcap;
    return path.size() > 5 && path.compare(path.size() - 5, 5, ".pcap") == 0 ? Format::Pcap : Format::Pcapng;
}

CaptureWriter::CaptureWriter(const std::string &path, Format format, int linktype, int snaplen,
                             const std::string &ifname, const std::string &tool)
    : format_(format), path_(path) {
    if (path == "-") {
        fd_ = STDOUT_FILENO;
    } else {
        // Direct I/O where the file system has it: at capture rates the page cache's copy is
        // what limits a writer (725 MB/s buffered against 2.1 GB/s direct on the test machine),
        // and the data is not read again soon. Whole aligned buffers only; the tail at close.
        fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0666);
        direct_ = fd_ >= 0;
        if (fd_ < 0 && errno == EINVAL) fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd_ < 0) throw FatalError(path + ": " + strerror(errno));
    }
    // one buffer to start with; more (up to kBuffers) only when the disk falls behind, and the
    // I/O thread only when a buffer fills - in the process that writes (wiretrace -D forks
    // after opening the file, and a thread does not survive a fork)
    max_buffers_ = fd_ == STDOUT_FILENO ? 1 : kBuffers;
    buf_ = new_buffer();
    if (format == Format::Pcap) {
        // classic pcap with nanosecond timestamps (tcpdump and tshark read them)
        struct {
            uint32_t magic;
            uint16_t major, minor;
            int32_t zone;
            uint32_t sigfigs, snaplen, linktype;
        } h{0xa1b23c4d, 2, 4, 0, 0, static_cast<uint32_t>(snaplen), static_cast<uint32_t>(linktype)};
        put(&h, sizeof h);
        return;
    }
    std::vector<uint8_t> shb;
    append<uint32_t>(shb, 0x1a2b3c4d);
    append<uint16_t>(shb, 1);
    append<uint16_t>(shb, 0);
    append<int64_t>(shb, -1);
    utsname u{};
    uname(&u);
    std::string os = std::string(u.sysname) + " " + u.release;
    add_option(shb, 3, os.data(), os.size());      // shb_os
    add_option(shb, 4, tool.data(), tool.size());  // shb_userappl
    end_options(shb);
    auto b = block(0x0a0d0d0a, shb);
    put(b.data(), b.size());
    std::vector<uint8_t> idb;
    append<uint16_t>(idb, static_cast<uint16_t>(linktype));
    append<uint16_t>(idb, 0);
    append<uint32_t>(idb, static_cast<uint32_t>(snaplen));
    if (!ifname.empty()) add_option(idb, 2, ifname.data(), ifname.size());  // if_name
    uint8_t tsresol = 9;                                                    // nanoseconds
    add_option(idb, 9, &tsresol, 1);
    end_options(idb);
    b = block(1, idb);
    put(b.data(), b.size());
}

CaptureWriter::~CaptureWriter() {
    if (io_.joinable()) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            io_stop_ = true;
        }
        cv_.notify_all();
        io_.join();
    }
    if (fd_ > STDOUT_FILENO) ::close(fd_);
    for (uint8_t *b : buffers_) free(b);
}

uint8_t *CaptureWriter::new_buffer() {
    void *mem = nullptr;
    if (posix_memalign(&mem, kAlign, kBuffer) != 0) throw FatalError(path_ + ": out of memory");
    buffers_.push_back(static_cast<uint8_t *>(mem));
    return buffers_.back();
}

void CaptureWriter::put(const void *p, size_t n) {
    const uint8_t *src = static_cast<const uint8_t *>(p);
    while (n) {
        size_t k = std::min(n, kBuffer - used_);
        memcpy(buf_ + used_, src, k);
        used_ += k;
        src += k;
        n -= k;
        if (used_ == kBuffer) submit();
    }
}

void CaptureWriter::submit() {
    if (max_buffers_ == 1) {
        drain();
        return;
    }
    if (!io_.joinable()) io_ = std::thread([this] { io_loop(); });
    std::unique_lock<std::mutex> lock(mu_);
    if (!io_error_.empty()) throw FatalError(path_ + ": " + io_error_);
    full_.push_back(buf_);
    cv_.notify_all();
    if (empty_.empty() && buffers_.size() < max_buffers_) {
        lock.unlock();
        buf_ = new_buffer();
        used_ = 0;
        return;
    }
    cv_.wait(lock, [&] { return !empty_.empty() || !io_error_.empty(); });
    if (!io_error_.empty()) throw FatalError(path_ + ": " + io_error_);
    buf_ = empty_.back();
    empty_.pop_back();
    used_ = 0;
}

void CaptureWriter::io_loop() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        cv_.wait(lock, [&] { return !full_.empty() || io_stop_; });
        if (full_.empty()) return;
        uint8_t *b = full_.front();
        full_.pop_front();
        io_busy_ = true;
        lock.unlock();
        std::string error;
        try {
            write_all(b, kBuffer);
        } catch (const FatalError &e) {
            error = e.what();
        }
        lock.lock();
        io_busy_ = false;
        if (!error.empty() && io_error_.empty()) io_error_ = error;
        empty_.push_back(b);
        cv_.notify_all();
    }
}

void CaptureWriter::write_all(const uint8_t *p, size_t n) {
    if (direct_ && n % kAlign) stop_direct();  // the tail of the file: direct I/O cannot write a partial block
    size_t off = 0;
    while (off < n) {
        ssize_t w = ::write(fd_, p + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && errno == EINVAL && direct_) {  // a file system that refuses it after all
            stop_direct();
            continue;
        }
        if (w < 0) throw FatalError(strerror(errno));
        off += static_cast<size_t>(w);
    }
}

void CaptureWriter::stop_direct() {
    fcntl(fd_, F_SETFL, fcntl(fd_, F_GETFL) & ~O_DIRECT);
    direct_ = false;
}

void CaptureWriter::checkpoint() {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    int64_t ns = now.tv_sec * 1000000000LL + now.tv_nsec;
    if (ns - checkpoint_ns_ < 1000000000LL || fd_ < 0) return;
    checkpoint_ns_ = ns;
    if (!direct_) {
        drain();
        return;
    }
    size_t n = used_ / kAlign * kAlign;  // direct I/O: whole blocks, at an aligned offset
    if (n) write_front(n);
}

void CaptureWriter::set_packet_buffered() {
    drain();
    if (direct_) stop_direct();
}

void CaptureWriter::drain() {
    write_front(used_);
}

void CaptureWriter::write_front(size_t n) {
    if (io_.joinable()) {  // after what the I/O thread is writing, in order
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return (full_.empty() && !io_busy_) || !io_error_.empty(); });
        if (!io_error_.empty()) throw FatalError(path_ + ": " + io_error_);
    }
    try {
        write_all(buf_, n);
    } catch (const FatalError &e) {
        throw FatalError(path_ + ": " + e.what());
    }
    if (n < used_) memmove(buf_, buf_ + n, used_ - n);
    used_ -= n;
}

void CaptureWriter::write(int64_t sec, uint32_t nsec, const uint8_t *data, uint32_t caplen, uint32_t len, int direction,
                          const std::string &comment) {
    last_sec_ = sec;
    last_nsec_ = nsec;
    if (format_ == Format::Pcap) {
        uint32_t h[4] = {static_cast<uint32_t>(sec), nsec, caplen, len};
        put(h, sizeof h);
        put(data, caplen);
        return;
    }
    // header, data, padding and options, trailer: put in pieces, without assembling the block first
    uint64_t ts = static_cast<uint64_t>(sec) * 1000000000ULL + nsec;
    uint32_t pad = (4 - caplen % 4) % 4;
    std::vector<uint8_t> &opts = scratch_;
    opts.clear();
    if (direction) {
        uint32_t flags = static_cast<uint32_t>(direction & 3);
        add_option(opts, 2, &flags, 4);  // epb_flags
    }
    if (!comment.empty()) add_option(opts, 1, comment.data(), comment.size());  // opt_comment
    if (!opts.empty()) end_options(opts);
    uint32_t total = static_cast<uint32_t>(12 + 20 + caplen + pad + opts.size());
    uint32_t head[7] = {6, total, 0, static_cast<uint32_t>(ts >> 32), static_cast<uint32_t>(ts), caplen, len};
    put(head, sizeof head);
    put(data, caplen);
    static const uint8_t zeros[4] = {};
    if (pad) put(zeros, pad);
    if (!opts.empty()) put(opts.data(), opts.size());
    put(&total, 4);
}

uint64_t CaptureWriter::abandon() {
    if (io_.joinable()) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            io_stop_ = true;
            full_.clear();  // what was not written yet will not be
        }
        cv_.notify_all();
        io_.join();
    }
    used_ = 0;
    uint64_t kept = 0;
    if (fd_ > STDOUT_FILENO) {
        // walk the blocks (records) that are whole in the file; cut after the last one
        struct stat st;
        uint64_t size = fstat(fd_, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0, end = 0;
        int rd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
        if (rd >= 0) {
            uint64_t off = format_ == Format::Pcap ? 24 : 0;
            end = off <= size ? off : 0;
            for (;;) {
                uint32_t h[4];
                size_t want = format_ == Format::Pcap ? 16 : 8;
                if (off + want > size || pread(rd, h, want, static_cast<off_t>(off)) != static_cast<ssize_t>(want))
                    break;
                uint64_t next = format_ == Format::Pcap ? off + 16 + h[2] : off + h[1];
                if ((format_ == Format::Pcapng && (h[1] < 12 || h[1] % 4)) || next > size) break;
                if (format_ == Format::Pcap || h[0] == 6) kept++;
                off = end = next;
            }
            ::close(rd);
        }
        if (direct_) stop_direct();
        (void)!ftruncate(fd_, static_cast<off_t>(end));  // (if this fails too, there is nothing left to do)
        ::close(fd_);
    }
    fd_ = -1;
    return kept;
}

void CaptureWriter::close(uint64_t received, uint64_t dropped) {
    if (fd_ < 0) return;
    if (format_ == Format::Pcapng) {
        std::vector<uint8_t> isb;
        uint64_t ts = static_cast<uint64_t>(last_sec_) * 1000000000ULL + last_nsec_;
        append<uint32_t>(isb, 0);
        append<uint32_t>(isb, static_cast<uint32_t>(ts >> 32));
        append<uint32_t>(isb, static_cast<uint32_t>(ts));
        add_option(isb, 4, &received, 8);  // isb_ifrecv
        add_option(isb, 5, &dropped, 8);   // isb_ifdrop
        end_options(isb);
        auto b = block(5, isb);
        put(b.data(), b.size());
    }
    drain();
    if (fd_ > STDOUT_FILENO && ::close(fd_) != 0) {
        fd_ = -1;
        throw FatalError(path_ + ": " + strerror(errno));
    }
    fd_ = -1;
}

}  // namespace wiretrace
