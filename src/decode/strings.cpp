// Numbers, pointers and strings in strace's notation.
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <cstring>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
void append_u(std::string &out, uint64_t v) {
    char buf[24];
    char *p = buf + sizeof buf;
    do {
        *--p = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v);
    out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}
void append_hex(std::string &out, uint64_t v) {
    static const char digits[] = "0123456789abcdef";
    char buf[24];
    char *p = buf + sizeof buf;
    do {
        *--p = digits[v & 15];
        v >>= 4;
    } while (v);
    out.append("0x");
    out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}
}  // namespace

bool RemoteMemory::read_cstring(RemoteAddr addr, size_t max, std::string &out, bool &terminated) {
    out.clear();
    terminated = false;
    char chunk[256];
    while (out.size() < max + 1) {
        // Never read across a page boundary in one go: the next page may be unmapped.
        uint64_t a = addr.value + out.size();
        size_t want = std::min<size_t>(sizeof chunk, 4096 - (a & 4095));
        want = std::min(want, max + 1 - out.size());
        size_t got = read(RemoteAddr(a), chunk, want);
        if (got == 0) return !out.empty();
        for (size_t i = 0; i < got; i++) {
            if (chunk[i] == '\0') {
                terminated = true;
                return true;
            }
            out.push_back(chunk[i]);
            if (out.size() > max) return true;
        }
        if (got < want) return true;
    }
    return true;
}

void Call::dec(int64_t v) {
    if (v < 0) {
        out_ += '-';
        append_u(out_, static_cast<uint64_t>(0) - static_cast<uint64_t>(v));
    } else {
        append_u(out_, static_cast<uint64_t>(v));
    }
}
void Call::udec(uint64_t v) {
    append_u(out_, v);
}
void Call::hex(uint64_t v) {
    if (v == 0)
        out_ += '0';
    else
        append_hex(out_, v);
}
void Call::ptr(uint64_t v) {
    if (v == 0)
        out_ += "NULL";
    else
        append_hex(out_, v);
}
void Call::fd(int v) {
    if (v == -100 && opt_.xlat_style == kXlatAbbrev)
        out_ += "AT_FDCWD";
    else
        dec(v);
    if (v == -100 && opt_.xlat_style == kXlatVerbose) out_ += " /* AT_FDCWD */";
    if (opt_.fds && (v >= 0 || v == -100)) decorate_fd(v);
}

void Call::plain_fd(int v) {
    dec(v);
    if (opt_.fds && v >= 0) decorate_fd(v);
}

void Call::fd_of(int pid, int v) {
    dec(v);
    if (!opt_.fds || v < 0 || pid <= 0) return;
    if (opt_.pids)  // (a pid the tracee gave in its own PID namespace)
        if (int ours = opt_.pids->translate(tid_, pid, PidType::Tgid)) pid = ours;
    opt_.fds->describe(pid, v, out_);
}

void Call::pid(int64_t v, PidType type) {
    int p = static_cast<int>(v);
    dec(p);
    if (opt_.pids && p > 0) opt_.pids->describe(tid_, p, type, out_);
}

void Call::pid_or_pgid(int64_t v) {
    int p = static_cast<int>(v);
    dec(p);
    if (!opt_.pids) return;
    if (p > 0)
        opt_.pids->describe(tid_, p, PidType::Tgid, out_);
    else if (p < -1)
        opt_.pids->describe(tid_, -p, PidType::Pgid, out_);
}

void Call::pid_result(PidType type) {
    if (!opt_.pids || !exiting_ || failed() || ret() <= 0) return;
    std::string &r = result_text();
    r = std::to_string(ret());
    opt_.pids->describe(tid_, static_cast<int>(ret()), type, r);
}

void Call::decorate_fd(int v) {
    opt_.fds->describe(tid_, v, out_);
}
void Call::oct(uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%#03llo", static_cast<unsigned long long>(v));
    out_ += buf;
}

void Call::quote(std::string &out, const unsigned char *p, size_t n, bool stop_at_nul, int hex) {
    quote_ex(out, p, n, stop_at_nul, hex, true, nullptr);
}

void Call::quote_ex(std::string &out, const unsigned char *p, size_t n, bool stop_at_nul, int hex, bool quotes,
                    const char *escape) {
    static const char digits[] = "0123456789abcdef";
    if (stop_at_nul) n = strnlen(reinterpret_cast<const char *>(p), n);
    // -x: a string with any byte that has no printable form is shown all in hex
    if (hex == kHexNonAscii) {
        for (size_t i = 0; i < n && hex == kHexNonAscii; i++) {
            unsigned char c = p[i];
            if (!(c >= 0x20 && c < 0x7f) && (c == 0 || !std::strchr("\t\n\v\f\r", c))) hex = kHexAll;
        }
        if (hex == kHexNonAscii) hex = kHexNone;
    }
    if (quotes) out += '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (hex == kHexAll) {
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 15];
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                continue;
            case '\\':
                out += "\\\\";
                continue;
            case '\f':
                out += "\\f";
                continue;
            case '\n':
                out += "\\n";
                continue;
            case '\r':
                out += "\\r";
                continue;
            case '\t':
                out += "\\t";
                continue;
            case '\v':
                out += "\\v";
                continue;
            default:
                break;
        }
        if (c >= 0x20 && c < 0x7f && !(escape && std::strchr(escape, c))) {
            out += static_cast<char>(c);
            continue;
        }
        if (hex == kHexNonAsciiChars) {
            out += "\\x";
            out += digits[c >> 4];
            out += digits[c & 15];
            continue;
        }
        // Octal; three digits when the next byte is an octal digit, so it cannot be misread.
        bool next_digit = i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7';
        out += '\\';
        if (next_digit || c >= 0100) out += static_cast<char>('0' + (c >> 6));
        if (next_digit || c >= 010) out += static_cast<char>('0' + ((c >> 3) & 7));
        out += static_cast<char>('0' + (c & 7));
    }
    if (quotes) out += '"';
}

void Call::cstring(uint64_t addr, bool limited) {
    if (addr == 0) {
        out_ += "NULL";
        return;
    }
    size_t max = limited ? opt_.max_strlen : 4095;  // (strace: PATH_MAX - 1, then "...")
    std::string s;
    bool terminated = false;
    if (!mem_.read_cstring(RemoteAddr(addr), max, s, terminated)) {
        append_hex(out_, addr);
        return;
    }
    bool truncated = s.size() > max;
    if (truncated) s.resize(max);
    if (!terminated && !truncated) {
        // An unreadable byte before any NUL: strace shows the address.
        append_hex(out_, addr);
        return;
    }
    quote(out_, reinterpret_cast<const unsigned char *>(s.data()), s.size(), false, opt_.strings_in_hex);
    if (truncated) out_ += "...";
}

void print_clock_t(Call &c, uint64_t v) {
    c.udec(v);
    static const long tck = sysconf(_SC_CLK_TCK);
    if (c.options().xlat_style == kXlatRaw || tck <= 0 || v == 0) return;
    int width = 0;
    for (long t = tck; t >= 10; t /= 10) width++;
    char frac[32];
    std::snprintf(frac, sizeof frac, "%.*f", width, static_cast<double>(v % static_cast<uint64_t>(tck)) / tck);
    char buf[64];
    std::snprintf(buf, sizeof buf, " /* %llu%s s */", static_cast<unsigned long long>(v / static_cast<uint64_t>(tck)),
                  frac + 1);  // ("0.50" -> ".50")
    c.str(buf);
}

std::string result_flags_note(Call &c, const Xlat &x, uint64_t v) {
    if (c.options().xlat_style == kXlatRaw) return {};
    if (!v) {
        const char *zero = xlat_name(x, 0);
        return zero ? zero : "";
    }
    std::string out;
    for (size_t i = 0; i < x.size && v; i++) {
        const uint64_t bit = x.entries[i].value;
        if (!bit || (v & bit) != bit) continue;
        if (!out.empty()) out += '|';
        out += x.entries[i].name;
        v &= ~bit;
    }
    if (out.empty()) return {};
    if (v) {
        char b[24];
        std::snprintf(b, sizeof b, "|%#llx", static_cast<unsigned long long>(v));
        out += b;
    }
    return out;
}

int Call::bounded_cstring(uint64_t addr, uint64_t len) {
    unsigned char buf[513] = {};
    const uint64_t max = std::min<uint64_t>(opt_.max_strlen, 512);
    const uint64_t fetch = std::min<uint64_t>(len, max + 1);
    size_t got = fetch ? mem_.read(RemoteAddr(addr), buf, static_cast<size_t>(fetch)) : 0;
    const auto *nul = static_cast<const unsigned char *>(std::memchr(buf, 0, got));
    if (!nul && got < fetch) {
        ptr(addr);
        return -1;
    }
    const size_t size = static_cast<size_t>(std::min(fetch, max));
    if (nul && static_cast<size_t>(nul - buf) < size) {
        quote(out_, buf, static_cast<size_t>(nul - buf), false, opt_.strings_in_hex);
        return static_cast<int>(nul - buf) + 1;
    }
    quote(out_, buf, size, false, opt_.strings_in_hex);
    const bool next_is_nul = fetch > size && buf[size] == 0;
    if (len && !next_is_nul) out_ += "...";
    return nul ? static_cast<int>(nul - buf) + 1 : 0;
}

void Call::hex_buffer(uint64_t addr, uint64_t len) {
    quoted_buffer(addr, len, kHexAll);
}

void Call::buffer(uint64_t addr, uint64_t len) {
    quoted_buffer(addr, len, opt_.strings_in_hex);
}

void Call::quoted_buffer(uint64_t addr, uint64_t len, int hex) {
    if (addr == 0) {  // (strace: NULL, whatever the length)
        out_ += "NULL";
        return;
    }
    size_t n = static_cast<size_t>(std::min<uint64_t>(len, opt_.max_strlen));
    // strace fetches one byte more than it shows (when there is one): a buffer that ends
    // right after the shown part is printed as its address
    size_t fetch = static_cast<size_t>(std::min<uint64_t>(len, uint64_t{opt_.max_strlen} + 1));
    unsigned char stackbuf[512];
    std::string heap;
    unsigned char *p = stackbuf;
    if (fetch > sizeof stackbuf) {
        heap.resize(fetch);
        p = reinterpret_cast<unsigned char *>(heap.data());
    }
    if (fetch && !mem_.read_exact(RemoteAddr(addr), p, fetch)) {
        append_hex(out_, addr);
        return;
    }
    quote(out_, p, n, false, hex);
    if (len > n) out_ += "...";
}

void Call::flags(const Xlat &x, uint64_t v, const char *zero) {
    flags_of({&x}, v, zero, nullptr);
}

void Call::flags_of(std::initializer_list<const Xlat *> tables, uint64_t v, const char *zero, const char *unknown) {
    if (opt_.xlat_style != kXlatAbbrev) {
        // -X raw: the number; -X verbose: the number, then the names in a comment
        hex(v);
        if (opt_.xlat_style == kXlatRaw) return;
        if (v == 0) {  // a table's zero entry (PROT_NONE) is named in the comment too
            if (zero && std::string_view(zero) != "0") {
                out_ += " /* ";
                out_ += zero;
                out_ += " */";
            }
            return;
        }
        bool any = false;
        for (const Xlat *x : tables)
            for (size_t i = 0; x && i < x->size; i++)
                any |= x->entries[i].value != 0 && (v & x->entries[i].value) == x->entries[i].value;
        if (!any) {  // (nothing named: the number and strace's "/* X_??? */")
            if (unknown) {
                out_ += " /* ";
                out_ += unknown;
                out_ += " */";
            }
            return;
        }
        out_ += " /* ";
        DecodeOptions plain = opt_;
        plain.xlat_style = kXlatAbbrev;
        Call names(mem_, plain, out_);
        names.flags_of(tables, v, zero, unknown);
        out_ += " */";
        return;
    }
    if (v == 0) {
        out_ += zero;
        return;
    }
    bool first = true;
    for (const Xlat *x : tables) {
        if (!x) continue;
        for (size_t i = 0; i < x->size; i++) {
            uint64_t f = x->entries[i].value;
            if (f != 0 && (v & f) == f) {
                if (!first) out_ += '|';
                out_ += x->entries[i].name;
                first = false;
                v &= ~f;
            }
        }
    }
    if (v) {
        if (!first) out_ += '|';
        char buf[24];
        std::snprintf(buf, sizeof buf, "%#llx", static_cast<unsigned long long>(v));
        out_ += buf;
        if (first && unknown) {  // (nothing named: strace's "0x40 /* X_??? */")
            out_ += " /* ";
            out_ += unknown;
            out_ += " */";
        }
    }
}

void Call::enum_val(const Xlat &x, uint64_t v, const char *unknown_fmt) {
    if (opt_.xlat_style != kXlatAbbrev) {
        // strace shows a named constant's value in hex under -X raw and verbose
        const char *n = xlat_name(x, v);
        if (!n && opt_.xlat_style == kXlatVerbose && std::strstr(unknown_fmt, "???")) {
            // (an unknown value under -X verbose: strace's "0x10 /* XXX_??? */", as abbreviated)
            char buf[48];
            std::snprintf(buf, sizeof buf, unknown_fmt, static_cast<unsigned long long>(v));
            out_ += buf;
            return;
        }
        hex(v);
        if (opt_.xlat_style == kXlatVerbose && n) {
            out_ += " /* ";
            out_ += n;
            out_ += " */";
        }
        return;
    }
    if (const char *n = xlat_name(x, v)) {
        out_ += n;
        return;
    }
    char buf[48];
    std::snprintf(buf, sizeof buf, unknown_fmt, static_cast<unsigned long long>(v));
    out_ += buf;
}

void Call::enum_dec(const Xlat &x, int64_t v, const char *unknown) {
    const char *n = xlat_name(x, static_cast<uint64_t>(v));
    if (n && opt_.xlat_style == kXlatAbbrev) {
        out_ += n;
        return;
    }
    dec(v);
    if (opt_.xlat_style == kXlatRaw) return;
    out_ += " /* ";
    out_ += n ? n : unknown;
    out_ += " */";
}

void print_hwaddr(Call &c, const unsigned char *p, size_t n) {
    // -X raw: the bytes in hex; -X verbose: the bytes, then the address in a comment (strace's
    // print_mac_addr); an address longer than MAX_ADDR_LEN is only bytes
    const int style = c.options().xlat_style;
    if (style != kXlatAbbrev || n > 32) Call::quote(c.out(), p, n, false, kHexAll);
    if (style == kXlatRaw || n > 32) return;
    if (style == kXlatVerbose) c.str(" /* ");
    static const char digits[] = "0123456789abcdef";
    std::string &out = c.out();
    for (size_t i = 0; i < n; i++) {
        if (i) out += ':';
        out += digits[p[i] >> 4];
        out += digits[p[i] & 15];
    }
    if (style == kXlatVerbose) c.str(" */");
}

void Call::int_pair(uint64_t addr) {
    int v[2];
    if (!opt_.verbose || failed() || !mem_.read_obj(RemoteAddr(addr), v)) {
        ptr(addr);
        return;
    }
    out_ += '[';
    fd(v[0]);
    sep();
    fd(v[1]);
    out_ += ']';
}

void Call::signame(int sig) {
    char buf[16];
    if (opt_.xlat_style != kXlatAbbrev) {
        dec(sig);
        std::string_view name = signal_name(sig, buf);
        if (opt_.xlat_style == kXlatVerbose && !name.empty() && (name[0] < '0' || name[0] > '9')) {
            out_ += " /* ";  // (a number without a name has no comment)
            out_ += name;
            out_ += " */";
        }
        return;
    }
    out_ += signal_name(sig, buf);
}

}  // namespace wiretrace

namespace wiretrace {

void print_cstring_field(Call &c, const char *s, size_t size) {
    if (!size) return c.str("\"\"");
    size_t n = strnlen(s, size);
    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(s), std::min(n, size - 1), false,
                c.options().strings_in_hex);
    if (n >= size) c.str("...");
}

void print_time_note(Call &c, int64_t sec, uint64_t nsec, int digits) {
    uint64_t max = digits == 6 ? 999999 : digits == 0 ? 0 : 999999999;
    if ((sec == 0 && nsec == 0) || nsec > max) return;
    struct tm tm;
    time_t t = static_cast<time_t>(sec);
    if (!localtime_r(&t, &tm)) return;
    char buf[96];
    size_t n = strftime(buf, sizeof buf, " /* %Y-%m-%dT%H:%M:%S", &tm);
    if (!n) return;
    if (nsec)
        n += static_cast<size_t>(std::snprintf(buf + n, sizeof buf - n, ".%0*llu", digits, (unsigned long long)nsec));
    if (!strftime(buf + n, sizeof buf - n, "%z */", &tm)) return;
    c.str(buf);
}

void print_err(Call &c, int64_t err, bool negated) {
    const int64_t e = negated ? -err : err;
    const char *name = e > 0 && e < 4096 ? strerrorname_np(static_cast<int>(e)) : nullptr;
    const int style = c.options().xlat_style;
    if (!name || style != kXlatAbbrev) {
        if (negated)
            c.dec(err);
        else
            c.udec(static_cast<uint64_t>(err));
    }
    if (!name || style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    if (negated) c.str("-");
    c.str(name);
    if (style == kXlatVerbose) c.str(" */");
}

void print_dev(Call &c, uint64_t dev) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "makedev(%#x, %#x)", gnu_dev_major(dev), gnu_dev_minor(dev));
    c.str(buf);
}

}  // namespace wiretrace
