// Descriptor I/O: read/write and friends, lseek, pipes, dup3, getrandom.
#include "decode/decoder.h"

namespace wiretrace {

void decode_read(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    c.returned_buffer(c.arg(1));
    c.sep();
    c.udec(c.arg(2));
}

void decode_pread(Call &c) {
    decode_read(c);
    if (c.exiting()) {
        c.sep();
        c.dec(static_cast<int64_t>(c.arg(3)));
    }
}

void decode_write(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.buffer(c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
}

void decode_pwrite(Call &c) {
    decode_write(c);
    if (c.entering()) {
        c.sep();
        c.dec(static_cast<int64_t>(c.arg(3)));
    }
}

void decode_lseek(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
    c.sep();
    c.enum_val(xlat_whence, static_cast<unsigned>(c.arg(2)), "%#llx /* SEEK_??? */");
}

void decode_ftruncate(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
}

void decode_truncate(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(1)));
}

void decode_pipe(Call &c) {
    if (c.exiting()) c.int_pair(c.arg(0));
}

void decode_pipe2(Call &c) {
    if (c.entering()) return;
    c.int_pair(c.arg(0));
    c.sep();
    c.flags(xlat_pipe_flags, static_cast<unsigned>(c.arg(1)), "0");
}

void decode_dup3(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.fd(c.iarg(1));
    c.sep();
    c.flags(xlat_pipe_flags, static_cast<unsigned>(c.arg(2)), "0");
}

// getrandom's bytes are always shown in hex, as strace does.
void decode_getrandom(Call &c) {
    if (c.entering()) return;
    uint64_t len = c.failed() ? 0 : static_cast<uint64_t>(c.ret());
    size_t n = static_cast<size_t>(std::min<uint64_t>(len, c.options().max_strlen));
    unsigned char buf[4096];
    if (c.failed() || n > sizeof buf || (n && !c.mem().read_exact(RemoteAddr(c.arg(0)), buf, n))) {
        c.ptr(c.arg(0));
    } else {
        static const char digits[] = "0123456789abcdef";
        std::string &o = c.out();
        o += '"';
        for (size_t i = 0; i < n; i++) {
            o += "\\x";
            o += digits[buf[i] >> 4];
            o += digits[buf[i] & 15];
        }
        o += '"';
        if (len > n) o += "...";
    }
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    c.flags(xlat_getrandom_flags, static_cast<unsigned>(c.arg(2)), "0");
}

}  // namespace wiretrace
