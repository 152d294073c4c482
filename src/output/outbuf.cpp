#include "output/outbuf.h"

#include <errno.h>
#include <unistd.h>

namespace wiretrace {

OutBuf::~OutBuf() {
    close();
}

void OutBuf::open(int fd, bool owned, bool line_buffered) {
    close();
    fd_ = fd;
    owned_ = owned;
    line_buffered_ = line_buffered;
}

void OutBuf::flush() {
    if (fd_ < 0) return;
    size_t off = 0;
    while (off < buf_.size()) {
        ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (!error_) error_ = errno;
            break;  // EPIPE, ENOSPC: the trace is lost, the tracees must not be
        }
        off += static_cast<size_t>(n);
    }
    buf_.clear();
}

void OutBuf::close() {
    flush();
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
    owned_ = false;
}

}  // namespace wiretrace
