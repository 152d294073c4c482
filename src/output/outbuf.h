// A buffered writer on a file descriptor. The trace is written fully buffered (flushed when
// full, on a short timer while tracees run, and at exit/detach), or line-buffered when it goes
// to a terminal; one write(2) per flush instead of strace's one or two per line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wiretrace {

class OutBuf {
public:
    static constexpr size_t kCapacity = 64 * 1024;
    OutBuf() { buf_.reserve(kCapacity); }
    ~OutBuf();
    OutBuf(const OutBuf &) = delete;
    OutBuf &operator=(const OutBuf &) = delete;

    // Takes ownership of fd when `owned`. line_buffered: flush at every newline. An OutBuf that
    // was never opened is a memory buffer: it grows and flush() keeps its contents.
    void open(int fd, bool owned, bool line_buffered);
    int fd() const { return fd_; }
    void append(std::string_view s) {
        buf_.append(s);
        if (buf_.size() >= kCapacity) flush();
    }
    void append(char c) {
        buf_.push_back(c);
        if (buf_.size() >= kCapacity) flush();
    }
    // Called at the end of every complete line.
    void end_line() {
        if (line_buffered_ || buf_.size() >= kCapacity) flush();
    }
    bool empty() const { return buf_.empty(); }
    std::string_view view() const { return buf_; }
    void clear() { buf_.clear(); }
    void flush();
    void close();
    // The first write error (an errno), 0 if none: the owner says it once.
    int error() const { return error_; }

private:
    std::string buf_;
    int fd_ = -1;
    bool owned_ = false;
    bool line_buffered_ = false;
    int error_ = 0;
};

}  // namespace wiretrace
