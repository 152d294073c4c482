// POSIX message queues (mq_open, mq_timedsend, mq_timedreceive, mq_notify, mq_getsetattr) and
// struct sigevent, which mq_notify shares with the POSIX timers.
#include <fcntl.h>
#include <signal.h>

#include <cstdint>
#include <cstdio>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

namespace {
struct MqAttr {
    int64_t mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs, reserved[4];
};

// mq_open shows the flags in hex (they are the queue's open flags there), mq_getsetattr by name.
void mq_attr(Call &c, uint64_t addr, bool named_flags) {
    MqAttr a;
    if (!c.fetch(addr, a)) return;
    c.str("{mq_flags=");
    if (named_flags)
        c.flags_of({&xlat_mq_attr_flags}, static_cast<uint64_t>(a.mq_flags), "0", "O_???");
    else
        c.hex(static_cast<uint64_t>(a.mq_flags));
    c.str(", mq_maxmsg=");
    c.dec(a.mq_maxmsg);
    c.str(", mq_msgsize=");
    c.dec(a.mq_msgsize);
    c.str(", mq_curmsgs=");
    c.dec(a.mq_curmsgs);
    c.str("}");
}

void umode(Call &c, uint16_t m) {
    char b[16];
    std::snprintf(b, sizeof b, "%#03o", m);
    c.str(b);
}
}  // namespace

void print_sigevent(Call &c, uint64_t addr) {
    struct {
        uint64_t value;  // union sigval: sival_int in its low half
        int32_t signo, notify;
        union {
            int32_t tid;
            struct {
                uint64_t function, attribute;
            } thread;
        } un;
    } e;  // (the part the kernel reads, as strace fetches it: not the 64-byte padded whole)
    if (!c.fetch(addr, e)) return;
    c.str("{");
    if (e.value) {
        c.str("sigev_value={sival_int=");
        c.dec(static_cast<int32_t>(e.value));
        c.str(", sival_ptr=");
        c.ptr(e.value);
        c.str("}, ");
    }
    c.str("sigev_signo=");
    if (e.notify == SIGEV_SIGNAL || e.notify == SIGEV_THREAD || e.notify == SIGEV_THREAD_ID)
        c.signame(e.signo);
    else
        c.udec(static_cast<uint32_t>(e.signo));
    c.str(", sigev_notify=");
    c.enum_val(xlat_sigev_value, static_cast<uint32_t>(e.notify), "%#llx /* SIGEV_??? */");
    if (e.notify == SIGEV_THREAD_ID) {
        c.str(", sigev_notify_thread_id=");
        c.dec(e.un.tid);
    } else if (e.notify == SIGEV_THREAD) {
        c.str(", sigev_notify_function=");
        c.ptr(e.un.thread.function);
        c.str(", sigev_notify_attributes=");
        c.ptr(e.un.thread.attribute);
    }
    c.str("}");
}

void decode_mq_open(Call &c) {
    if (c.exiting()) return;
    c.path(c.arg(0));
    c.sep();
    print_open_flags(c, static_cast<uint32_t>(c.arg(1)));
    if (c.arg(1) & O_CREAT) {
        c.sep();
        umode(c, static_cast<uint16_t>(c.arg(2)));
        c.sep();
        mq_attr(c, c.arg(3), false);
    }
    c.set_result_fd();
}

void decode_mq_timedsend(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    c.buffer(c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.udec(static_cast<uint32_t>(c.arg(3)));
    c.sep();
    print_timespec(c, c.arg(4));
}

void decode_mq_timedreceive(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        return;
    }
    if (c.failed())
        c.ptr(c.arg(1));
    else
        c.buffer(c.arg(1), static_cast<uint64_t>(c.ret()));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    uint32_t prio;
    if (c.fetch(c.arg(3), prio)) {
        c.str("[");
        c.udec(prio);
        c.str("]");
    }
    c.sep();
    print_timespec(c, c.arg(4));  // (read at entry by the kernel: shown even after a failure)
}

void decode_mq_notify(Call &c) {
    if (c.exiting()) return;
    c.fd(c.iarg(0));
    c.sep();
    print_sigevent(c, c.arg(1));
}

void decode_mq_getsetattr(Call &c) {
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        mq_attr(c, c.arg(1), true);
        c.sep();
        return;
    }
    mq_attr(c, c.arg(2), true);
}

}  // namespace wiretrace
