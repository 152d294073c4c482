// Decoders shared by many calls: raw arguments (strace's printargs) and one-shape calls.
#include "decode/decoder.h"
#include "syscalls/syscall_table.h"

namespace wiretrace {

// Every argument in hex, as strace prints calls it has no decoder for.
void decode_generic(Call &c) {
    if (c.exiting()) return;
    int n = c.info() ? c.info()->nargs : 6;
    for (int i = 0; i < n; i++) {
        if (i) c.sep();
        c.hex(c.arg(i));
    }
}

void decode_int1(Call &c) {
    if (c.entering()) c.dec(c.iarg(0));
}
void decode_uint1(Call &c) {
    if (c.entering()) c.udec(static_cast<unsigned>(c.arg(0)));
}
void decode_addr1(Call &c) {
    if (c.entering()) c.ptr(c.arg(0));
}
void decode_addr_len(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
    c.sep();
    c.udec(c.arg(1));
}
void decode_fd1(Call &c) {
    if (c.entering()) c.fd(c.iarg(0));
}
void decode_fd2(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.fd(c.iarg(1));
}
void decode_fd_int(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.dec(c.iarg(1));
}
void decode_path1(Call &c) {
    if (c.entering()) c.path(c.arg(0));
}
void decode_path2(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.path(c.arg(1));
}
void decode_path_mode(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    c.oct(c.arg(1) & 07777);
}
void decode_umask(Call &c) {
    if (c.entering()) c.oct(c.arg(0) & 0777);
}

}  // namespace wiretrace
