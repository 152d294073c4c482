// What a decoder sees: the call's arguments and result, a reader for tracee memory, and
// helpers that append strace-formatted text. Decoders live in decode_<family>.cpp; each is
// called at syscall entry and again at exit (c.exiting()) and prints what is known then, so a
// blocking call shows its inputs before it blocks, exactly as strace splits its lines.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string>
#include <type_traits>
#include <string_view>

#include "common.h"
#include "syscalls/xlat.h"

namespace wiretrace {

struct SyscallInfo;

// Reads tracee memory. Implemented by Tracee (process_vm_readv) and by fakes in tests.
class RemoteMemory {
public:
    virtual ~RemoteMemory() = default;
    // Copies up to len bytes; returns how many were readable from the start (0 on failure).
    virtual size_t read(RemoteAddr addr, void *dst, size_t len) = 0;
    bool read_exact(RemoteAddr addr, void *dst, size_t len) { return read(addr, dst, len) == len; }
    template <typename T>
    bool read_obj(RemoteAddr addr, T &out) {
        return read_exact(addr, &out, sizeof(T));
    }
    // Reads a NUL-terminated string of at most max bytes (without the NUL). Returns false when
    // the first byte is unreadable; `terminated` says whether a NUL was found within max.
    bool read_cstring(RemoteAddr addr, size_t max, std::string &out, bool &terminated);
};

// What -y/-yy print inside "<...>" after a descriptor; implemented by the tracer (it reads
// /proc and asks sock_diag), so that decoders stay pure memory readers.
// Which netlink protocol a tracee's descriptor speaks (NETLINK_ROUTE...), for the decoders of
// what is sent and received on it; -1 when it is not a netlink socket.
class NetlinkProbe {
public:
    virtual ~NetlinkProbe() = default;
    virtual int netlink_protocol(pid_t tid, int fd) = 0;
};

class FdDescriber {
public:
    virtual ~FdDescriber() = default;
    // Appends "<description>" of `fd` of task `tid` (-100: its working directory) to `out`,
    // as strace: "<socket:[123]>", "</memfd:x>(deleted)"; nothing, and false, when there is
    // none (closed descriptor, vanished task).
    virtual bool describe(pid_t tid, int fd, std::string &out) = 0;
};

// What a pid names (strace's pid types): a thread, a process, a process group, a session.
enum class PidType { Tid, Tgid, Pgid, Sid };

// --decode-pids (-Y, --pidns-translation): what is printed after a pid.
class PidDescriber {
public:
    virtual ~PidDescriber() = default;
    // Appends to `out` what follows `pid` (of `type`, as task `tid` sees it): "<comm>" and/or
    // " /* 1234 in strace's PID NS */"; nothing when it cannot tell.
    virtual void describe(pid_t tid, int pid, PidType type, std::string &out) = 0;
    // `pid` (as task `tid` sees it) in the tracer's PID namespace; 0 when unknown.
    virtual int translate(pid_t tid, int pid, PidType type) = 0;
};

// --strings-in-hex: none; non-ascii-chars (escapes in hex); non-ascii (-x: a string with any
// unprintable byte wholly in hex); all (-xx).
enum StringsInHex { kHexNone, kHexNonAsciiChars, kHexNonAscii, kHexAll };
// -e decode-fds=SET: what a descriptor is shown with (-y: path; -yy: all).
enum DecodeFds { kDecodeFdPath = 1, kDecodeFdSocket = 2, kDecodeFdDev = 4, kDecodeFdPidfd = 8, kDecodeFdAll = 15 };
// -X: how named constants are shown.
enum XlatStyle { kXlatAbbrev, kXlatRaw, kXlatVerbose };

struct DecodeOptions {
    unsigned max_strlen = 32;         // -s
    FdDescriber *fds = nullptr;       // -y/-yy: decorate descriptors
    PidDescriber *pids = nullptr;     // -Y, --pidns-translation: decorate pids
    NetlinkProbe *netlink = nullptr;  // what netlink protocol a descriptor speaks
    int strings_in_hex = kHexNone;    // -x, -xx, --strings-in-hex
    int xlat_style = kXlatAbbrev;     // -X
    bool abbrev = true;               // -v / -e abbrev=: false prints structures in full
    bool verbose = true;              // -e verbose=: false shows structures by their address
    bool kvm_vcpu = false;            // -e kvm=vcpu: KVM_RUN's exit reasons
};

// One system call being decoded. Text goes into `out` (the line's pending text).
class Call {
public:
    Call(RemoteMemory &mem, const DecodeOptions &opt, std::string &out) : mem_(mem), opt_(opt), out_(out) {}

    // Set by the tracer before each decoder call.
    void reset(const SyscallInfo *info, long nr, const uint64_t (&args)[6]) {
        info_ = info;
        nr_ = nr;
        for (int i = 0; i < 6; i++) args_[i] = args[i];
        exiting_ = false;
        ret_ = 0;
    }
    void set_exit(int64_t ret) {
        exiting_ = true;
        ret_ = ret;
    }

    bool entering() const { return !exiting_; }
    bool exiting() const { return exiting_; }
    uint64_t arg(int i) const { return args_[i]; }
    int iarg(int i) const { return static_cast<int>(args_[i]); }
    int64_t ret() const { return ret_; }
    bool failed() const { return ret_ < 0 && ret_ >= -4095; }
    long nr() const { return nr_; }
    const SyscallInfo *info() const { return info_; }
    RemoteMemory &mem() { return mem_; }
    const DecodeOptions &options() const { return opt_; }
    std::string &out() { return out_; }
    // For restart_syscall: the name of the call it resumes.
    const char *prev_name = nullptr;
    // A value a decoder keeps from entry to exit (e.g. socklen before the call). The tracer
    // points it at per-task storage; by default it lives in the Call.
    void set_aux_storage(uint64_t *p) { aux_ = p; }
    void set_saved_storage(std::string *p) { saved_ = p; }
    void set_stack_pointer(uint64_t sp) { sp_ = sp; }
    void set_tid(pid_t tid) { tid_ = tid; }
    // A decoder may print a successful result itself ("0x1 (flags FD_CLOEXEC)", "2 ([...])")
    // or say that it is a descriptor (fcntl F_DUPFD), for -y.
    std::string &result_text() { return result_text_; }
    void set_result_fd() { result_fd_ = true; }
    bool result_fd() const { return result_fd_; }
    pid_t tid() const { return tid_; }
    uint64_t stack_pointer() const { return sp_; }
    uint64_t &aux() { return *aux_; }
    // Text or bytes a decoder keeps from entry to exit (recvmmsg's timeout as it was at entry).
    std::string &saved() { return *saved_; }

    // ---- printing helpers (strace's formats)
    void sep() { out_ += ", "; }
    void str(std::string_view s) { out_ += s; }
    void dec(int64_t v);
    void udec(uint64_t v);
    void hex(uint64_t v);                                            // 0x1f; 0 prints as "0"
    void uid(uint32_t v) { v == UINT32_MAX ? str("-1") : udec(v); }  // a uid/gid: -1, or unsigned
    void ptr(uint64_t v);                                            // NULL or 0x...
    void fd(int v);              // AT_FDCWD for -100, else decimal; with -y, "<what it is>" after it
    void plain_fd(int v);        // strace's printfd: -100 is just a number
    void fd_of(int pid, int v);  // a descriptor of process pid (-y looks it up there)
    void decorate_fd(int v);
    void oct(uint64_t v);                                     // 0644 style, 0 prints as "000"
    void flags(const Xlat &x, uint64_t v, const char *zero);  // A|B|0x40; `zero` when v==0
    // The same over several tables in turn; a value none of them names reads "0x40 /* unknown */".
    void flags_of(std::initializer_list<const Xlat *> tables, uint64_t v, const char *zero, const char *unknown);
    void enum_val(const Xlat &x, uint64_t v, const char *unknown_fmt);  // name or formatted
    // A named value whose number strace shows in decimal (printxval_d): "NAME", "-1 /* X_??? */";
    // -X raw: the number; -X verbose: the number and the name (or `unknown`) in a comment.
    void enum_dec(const Xlat &x, int64_t v, const char *unknown);
    // A C string at addr (path, name): not truncated by -s unless `limited`.
    void cstring(uint64_t addr, bool limited = false);
    void path(uint64_t addr) { cstring(addr, false); }
    // A NUL-terminated string in at most len bytes (strace's printstr_ex with QUOTE_0_TERMINATED):
    // up to its NUL, "..." when none comes within -s; the address when it cannot be read.
    // Returns the length with its NUL when one was read (umovestr's answer), 0 when not, -1.
    int bounded_cstring(uint64_t addr, uint64_t len);
    // A buffer of len bytes, -s applies: "abc"...
    void buffer(uint64_t addr, uint64_t len);
    // The same with every byte as \xNN (strace's QUOTE_FORCE_HEX).
    void hex_buffer(uint64_t addr, uint64_t len);
    // At exit, the buffer the call filled: ret bytes, or the address when it failed.
    void returned_buffer(uint64_t addr) {
        if (failed())
            ptr(addr);
        else
            buffer(addr, static_cast<uint64_t>(ret_));
    }
    // [3, 4] from two ints at addr (pipe, socketpair), or the address.
    // A value made of several named parts (open's mode|flags, mmap's type|flags), under -X:
    // the parts as `names` prints them, the number, or the number and the parts in a comment.
    template <typename F>
    void composite(uint64_t v, F names) {
        if (opt_.xlat_style == kXlatAbbrev) return names(*this);
        hex(v);
        if (opt_.xlat_style == kXlatRaw) return;
        DecodeOptions plain = opt_;
        plain.xlat_style = kXlatAbbrev;
        out_ += " /* ";
        Call inner(mem_, plain, out_);
        names(inner);
        out_ += " */";
    }
    // Runs print(Call &) with -X taken as `style` (values whose names are not in UAPI headers
    // are shown as numbers with the name in a comment: strace's *_VERBOSE printers).
    template <typename F>
    void with_xlat_style(int style, F print) {
        DecodeOptions o = opt_;
        o.xlat_style = style;
        Call inner(mem_, o, out_);
        print(inner);
    }
    // Runs `print` with this call's output redirected into `into` (result texts: "2 ([...])").
    template <typename F>
    void print_into(std::string &into, F print) {
        out_.swap(into);
        print();
        out_.swap(into);
    }
    // strace's print_array over n elements of T in the tracee at addr: NULL; "[]"; the first -s
    // elements then "..." (unless -v); an element that cannot be read ends the list with
    // "... /* 0xADDR */" (or is the address itself when it is the first). print(const T &)
    // returns false to stop. True when all n were shown (strace's print_array result).
    template <typename T, typename F>
    bool array(uint64_t addr, uint64_t n, F print) {  // true when every element was shown
        if (!addr) return str("NULL"), false;
        if (!n) return str("[]"), false;  // (strace's print_array says false for these too)
        if (n > (~uint64_t(0) - addr) / sizeof(T)) return ptr(addr), false;
        for (uint64_t i = 0; i < n; i++) {
            uint64_t at = addr + i * sizeof(T);
            if (i) str(", ");
            T elem;
            if (!mem_.read_obj(RemoteAddr(at), elem)) {
                if (i == 0) return ptr(at), false;
                str("... /* ");
                ptr(at);
                str(" */");
                str("]");
                return false;
            }
            if (i == 0) str("[");
            if (opt_.abbrev && i >= opt_.max_strlen) {
                str("...]");
                return false;
            }
            if (!print(elem)) return str("]"), false;
        }
        str("]");
        return true;
    }
    // The same over elements already read (print_local_array).
    template <typename T, typename F>
    void local_array(const unsigned char *p, size_t n, F print) {
        str("[");
        for (size_t i = 0; i < n; i++) {
            if (i) str(", ");
            if (opt_.abbrev && i >= opt_.max_strlen) {
                str("...");
                break;
            }
            T elem;
            std::memcpy(&elem, p + i * sizeof(T), sizeof(T));
            if (!print(elem)) break;
        }
        str("]");
    }
    // strace's umove_or_printaddr: reads a T at addr, or prints NULL / the address (also at
    // the exit of a failed call, which wrote nothing) and returns false.
    template <typename T>
    bool fetch(uint64_t addr, T &v) {
        if (!addr) {
            str("NULL");
            return false;
        }
        if (!opt_.verbose || (exiting_ && failed()) || !mem_.read_obj(RemoteAddr(addr), v)) {
            ptr(addr);
            return false;
        }
        return true;
    }
    // An extensible structure (openat2's open_how, clone_args, mount_attr) of `size` bytes as
    // the caller says: reads the first min(size, sizeof v) into v, or prints the address (NULL)
    // and returns false when size is under the first version's `min_size`, -e verbose leaves it
    // out, or it cannot be read.
    template <typename T>
    bool fetch_sized(uint64_t addr, uint64_t size, uint64_t min_size, T &v) {
        if (size < min_size || !opt_.verbose || !addr ||
            !mem_.read_exact(RemoteAddr(addr), &v, size < sizeof v ? size : sizeof v)) {
            ptr(addr);
            return false;
        }
        return true;
    }
    void int_pair(uint64_t addr);  // [3, 4]: the descriptor pair of pipe and socketpair
    // -e verbose= leaves this call out: a structure at `addr` is shown by its address (true:
    // done). NULL is not a structure: false, and the caller prints it as usual.
    bool by_address(uint64_t addr) {
        if (opt_.verbose || !addr) return false;
        ptr(addr);
        return true;
    }
    // A pid (decorated by --decode-pids); pid_or_pgid: a process when positive, a process
    // group when below -1 (kill, wait4); pid_result: the call's return value is one.
    void pid(int64_t v, PidType type = PidType::Tgid);
    void pid_or_pgid(int64_t v);
    void pid_result(PidType type);
    void signame(int sig);

    // Quotes bytes as strace does (used by the helpers and by tests).
    // strace's quoting; `hex` is -x's mode (kHexNone: octal escapes).
    static void quote(std::string &out, const unsigned char *p, size_t n, bool stop_at_nul, int hex = kHexNone);
    // The same, with or without the quotes, and `escape`'s characters escaped too ("<>" for a
    // descriptor's path in angle brackets).
    static void quote_ex(std::string &out, const unsigned char *p, size_t n, bool stop_at_nul, int hex, bool quotes,
                         const char *escape);

private:
    void quoted_buffer(uint64_t addr, uint64_t len, int hex);
    RemoteMemory &mem_;
    const DecodeOptions &opt_;
    std::string &out_;
    const SyscallInfo *info_ = nullptr;
    long nr_ = 0;
    uint64_t args_[6] = {};
    bool exiting_ = false;
    int64_t ret_ = 0;
    uint64_t own_aux_ = 0;
    uint64_t sp_ = 0;
    pid_t tid_ = 0;
    std::string result_text_;
    bool result_fd_ = false;
    uint64_t *aux_ = &own_aux_;
    std::string own_saved_;
    std::string *saved_ = &own_saved_;
};

}  // namespace wiretrace

#include <signal.h>
namespace wiretrace {
// "{si_signo=SIGCHLD, si_code=CLD_EXITED, ...}" as strace prints it in delivery lines.
void print_siginfo(Call &c, const siginfo_t &si);
void print_sigset(Call &c, uint64_t addr, uint64_t size);  // [USR1 TERM], ~[...], NULL or the address
void print_timespec(Call &c, uint64_t addr);               // {tv_sec=1, tv_nsec=0}, NULL or the address
void print_timeval(Call &c, uint64_t addr);                // {tv_sec=1, tv_usec=0}, NULL or the address
// struct sigevent (mq_notify, timer_create): "{sigev_signo=SIGALRM, sigev_notify=SIGEV_SIGNAL}".
void print_sigevent(Call &c, uint64_t addr);
// "{sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("127.0.0.1")}" for len bytes at addr.
void print_sockaddr(Call &c, uint64_t addr, uint64_t len);
void print_sockaddr_data(Call &c, const unsigned char *buf, size_t len);  // from bytes already read
void print_ifindex(Call &c, unsigned idx);
// An IPv4/IPv6 address field of len bytes at p, as strace's print_inet_addr: name=inet_addr("1.2.3.4"),
// inet_pton(AF_INET6, "::1", &name), their -X raw/verbose forms; other families: name="\x.." (the
// bytes). `name` may be null (attribute payloads).
void print_inet_addr(Call &c, int family, const void *p, size_t len, const char *name);
// A network-order field: name=htons(80) (fn "htons"/"htonl"), under -X its bytes first.
void print_net_field(Call &c, const char *name, const void *p, size_t size, const char *fn, unsigned long long v);
// [N] from the int at addr (strace's printnum_int; a signal name with as_signal): NULL, or the
// address when it cannot be read or the call failed.
void print_int_at(Call &c, uint64_t addr, bool as_signal = false);
// A char array field (strace's PRINT_FIELD_CSTRING): up to its NUL, at most size-1 characters,
// then "..." when no NUL ends it within size.
void print_cstring_field(Call &c, const char *s, size_t size);
// [N] from a T at addr (strace's printnum_*): NULL, or the address when it cannot be read or
// the call failed.
template <typename T>
void print_num_at(Call &c, uint64_t addr) {
    T v;
    if (!c.fetch(addr, v)) return;
    c.str("[");
    if constexpr (std::is_signed_v<T>)
        c.dec(static_cast<int64_t>(v));
    else
        c.udec(static_cast<uint64_t>(v));
    c.str("]");
}
// " /* 2026-11-26T09:26:56.375802316+0000 */" for a time (nothing for 0 or a bad fraction), as
// strace's sprinttime_nsec comments; digits 6: the fraction is in microseconds (sprinttime_usec),
// 0: whole seconds (sprinttime).
void print_time_note(Call &c, int64_t sec, uint64_t nsec, int digits = 9);
// An errno value as strace's print_err: "EPERM" (negated: "-EPERM", as netlink and seccomp
// carry them), the number when it has no name; -X raw: the number; -X verbose: both.
void print_err(Call &c, int64_t err, bool negated);
// A device number, "makedev(0x8, 0x1)".
void print_dev(Call &c, uint64_t dev);
// Whether every element of an array field is zero (reserved and padding fields are shown only
// when they are not: strace's IS_ARRAY_ZERO).
template <typename T, size_t N>
bool all_zero(const T (&a)[N]) {
    for (const T &v : a)
        if (v != 0) return false;
    return true;
}
// An array field in hex (PRINT_FIELD_X_ARRAY): "[0x1, 0x2]".
template <typename T>
void print_hex_array(Call &c, const T *p, size_t n) {
    c.str("[");
    for (size_t i = 0; i < n; i++) {
        if (i) c.str(", ");
        c.hex(static_cast<uint64_t>(p[i]));
    }
    c.str("]");
}
// A hardware address, "00:11:22:33:44:55".
void print_hwaddr(Call &c, const unsigned char *p, size_t n);
// Classic BPF: len instructions at addr (the address unless -v), and a struct sock_fprog.
void print_bpf_program(Call &c, uint64_t addr, unsigned short len, bool socket_filter);
void print_sock_fprog(Call &c, uint64_t addr);  // if_nametoindex("lo"), or the number
void print_seccomp_fprog(Call &c, uint64_t addr);
// Clock ticks with their seconds in a comment (strace's print_clock_t): "250 /* 2.50 s */".
void print_clock_t(Call &c, uint64_t v);
// The names of the bits of v in x joined by '|' (what is left in hex after them), for a return
// value's note "= 0x3 (A|B)"; empty under -X raw or when no bit is named (strace's auxstr flags).
std::string result_flags_note(Call &c, const Xlat &x, uint64_t v);  // a seccomp filter: returns named SECCOMP_RET_*
void print_open_flags(Call &c, uint64_t flags);                     // O_RDWR|O_CREAT
// strace's print_nonzero_bytes: ", /* bytes FROM..TOTAL-1 */ \"\x..\"" when any of the bytes
// from..total at addr is not zero (-s applies), ", ???" when they cannot be read.
void print_nonzero_tail(Call &c, uint64_t addr, uint32_t from, uint32_t total);
// The same for an extensible structure of `size` bytes whose first `known` were printed: the
// bytes after them, up to a page, when size says there are any.
inline void print_struct_tail(Call &c, uint64_t addr, uint64_t known, uint64_t size) {
    if (size > known)
        print_nonzero_tail(c, addr, static_cast<uint32_t>(known), static_cast<uint32_t>(size < 4096 ? size : 4096));
}
// [{iov_base="...", iov_len=N}, ...], -s per element, `data` bytes shown over all of them
// `netlink`: the iovecs hold netlink messages of that protocol (-1: unknown protocol), or
// kNotNetlink.
constexpr int kNotNetlink = -2;
void print_iov(Call &c, uint64_t addr, uint64_t count, uint64_t data, bool addresses = false,
               int netlink = kNotNetlink);
void print_ucred(Call &c, int pid, unsigned uid, unsigned gid);  // {pid=1, uid=0, gid=0}
void print_socklen_inout(Call &c, uint64_t lenp, uint32_t in);   // [16] or [128 => 16]
// An output argument at exit: its address when the call failed (nothing was written there),
// else what print(addr) shows (strace's rule for old-value and result structures).
template <typename Print>
void print_output(Call &c, uint64_t addr, Print &&print) {
    if (c.failed() && addr)
        c.ptr(addr);
    else
        print(addr);
}
}  // namespace wiretrace
