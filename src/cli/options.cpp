// CLI11 definitions for strace's grammar. CLI11 needs help here: repeatable options must not
// swallow the command's words (allow_extra_args(false)), parsing stops at the first non-option
// (prefix_command()), after which unknown options and "--" land silently in remaining(), and
// an optional value (--syscall-times[=ns]) must not eat the command: add_flag("--x{default}").
// A scan in front of CLI11 checks every option word against strace's own list first, so that
// strace's options we do not take yet get their own error, and unknown ones strace's wording.
#include "cli/options.h"
#include "cli/option_words.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdlib>

#include "common.h"
#include "decode/decoder.h"

namespace wiretrace {

namespace {
[[noreturn]] void usage_error(const std::string &msg) {
    throw FatalError(msg, "Try 'wiretrace -h' for more information.", 1);
}

template <typename T>
T parse_number(const std::string &s, const std::string &what) {
    T v{};
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || r.ec != std::errc() || r.ptr != s.data() + s.size())
        usage_error("invalid " + what + " argument: '" + s + "'");
    return v;
}

void parse_pids(const std::string &spec, std::vector<pid_t> &out) {
    // strace takes comma or space separated lists: -p "1 2", -p 1,2
    size_t i = 0;
    while (i <= spec.size()) {
        size_t j = spec.find_first_of(", ", i);
        if (j == std::string::npos) j = spec.size();
        std::string one = spec.substr(i, j - i);
        if (!one.empty()) {
            pid_t pid = 0;
            auto r = std::from_chars(one.data(), one.data() + one.size(), pid);
            if (r.ec != std::errc() || r.ptr != one.data() + one.size() || pid <= 0)
                throw FatalError("Invalid process id: '" + one + "'");
            if (pid == getpid()) throw FatalError("I'm sorry, I can't let you do that, Dave.");
            out.push_back(pid);
        }
        i = j + 1;
    }
}

std::vector<std::string> split_commas(const std::string &s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i <= s.size()) {
        size_t j = s.find(',', i);
        if (j == std::string::npos) j = s.size();
        out.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

// A set of named bits (status=, quiet=, decode-fds=, decode-pids=) in strace's grammar.
template <size_t N>
unsigned parse_named_set(const std::string &spec, const std::pair<std::string_view, unsigned> (&names)[N], unsigned all,
                         const char *what) {
    TokenSet t = qualify_tokens(spec, what, [&](std::string_view w) {
        auto it = std::find_if(std::begin(names), std::end(names), [&](const auto &p) { return p.first == w; });
        return it == std::end(names) ? -1 : static_cast<int>(it->second);
    });
    unsigned mask = t.all ? all : 0;
    for (int bits : t.items) mask |= static_cast<unsigned>(bits);
    return t.negate ? all & ~mask : mask;
}

bool same_ci(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Takes `prefix` (any case) off the front of `w`.
bool strip_ci(std::string_view &w, std::string_view prefix) {
    if (w.size() < prefix.size() || !same_ci(w.substr(0, prefix.size()), prefix)) return false;
    w.remove_prefix(prefix.size());
    return true;
}

// A word of strace's "[a:]X,[b:]Y" lists: which prefix it had (0: none), taken off the word.
int prefix_of(std::string_view &w, std::string_view a, std::string_view b) {
    if (strip_ci(w, a)) return 1;
    if (strip_ci(w, b)) return 2;
    return 0;
}

// The comma-separated words of `s`, empty ones skipped (strtok's way).
std::vector<std::string_view> tokens(std::string_view s) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < s.size()) {
        size_t j = s.find(',', i);
        if (j == std::string_view::npos) j = s.size();
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j + 1;
    }
    return out;
}

// --absolute-timestamps=[[format:]FORMAT][,[precision:]PRECISION]...: a bare word is whichever
// it can be; without a format the one set before stays (strace's parse_ts_arg). false: invalid.
bool set_absolute(TimeFormat &tf, std::string_view spec) {
    if (tf.absolute == TimeFormat::None) tf.absolute = TimeFormat::Time;
    for (std::string_view w : tokens(spec)) {
        const int prefix = prefix_of(w, "format:", "precision:");
        const bool format = prefix != 2, precision = prefix != 1;
        if (format && (same_ci(w, "none") || same_ci(w, "time") || same_ci(w, "unix"))) {
            tf.absolute = same_ci(w, "none")   ? TimeFormat::None
                          : same_ci(w, "time") ? TimeFormat::Time
                                               : TimeFormat::Unix;
            continue;
        }
        if (precision && (w == "s" || w == "ms" || w == "us" || w == "ns")) {
            tf.absolute_digits = w == "s" ? 0 : w == "ms" ? 3 : w == "us" ? 6 : 9;
            continue;
        }
        return false;
    }
    return true;
}

// --tips[=[id:]ID|random,[format:]none|compact|full...]: checked as strace checks it; wiretrace
// has no tips of its own to show.
bool valid_tips(std::string_view spec) {
    for (std::string_view w : tokens(spec)) {
        const int prefix = prefix_of(w, "id:", "format:");
        const bool id = prefix != 2, format = prefix != 1;
        if (id && (same_ci(w, "random") || (!w.empty() && w.size() < 10 && std::all_of(w.begin(), w.end(), [](char ch) {
                       return ch >= '0' && ch <= '9';
                   }))))
            continue;
        if (format && (same_ci(w, "none") || same_ci(w, "compact") || same_ci(w, "full"))) continue;
        return false;
    }
    return true;
}

struct Parsed {
    bool help = false, version = false, append = false, numbers = false;
    bool successful_only = false, failed_only = false, separately = false, relative_flag = false;
    int xcount = 0;
    bool no_abbrev = false;
    std::vector<std::string> abbrev;
    std::vector<std::string> strings_in_hex, xlat_style, raw, read, write;
    bool stack = false, iflag = false, Yflag = false, pidns = false, kill_on_exit = false, no_seccomp = false;
    bool follow_long = false;
    int zs = 0, zf = 0;  // -z/--successful-only, -Z/--failed-only given (strace's zflags counts both)
    std::vector<std::string> xlat_style_long, string_limit;
    int Fcount = 0, debug = 0;
    std::vector<std::string> detach_on, interruptible, interruptible_long, overhead, overhead_long, paths;
    std::vector<std::string> timestamps, tips, verbose, kvm, decode_pids, secontext;
    bool seccomp = false, summary_only = false, summary = false, per_pid = false, wall = false;
    std::vector<std::string> sort_by, columns;
    int fcount = 0, tcount = 0, qcount = 0, dcount = 0, Tcount = 0, ycount = 0;
    std::vector<std::string> e, p, o, s, a, E, u;
    std::vector<std::string> trace, signal, status, quiet, inject, fault;
    std::vector<std::string> syscall_times, absolute, relative, daemonize, decode_fds;
    std::vector<std::string> capture, capture_filter, capture_file, capture_netns, capture_plugin, snaplen;
    bool analysis_summary = false, explain = false, verify_checksums = false, no_analysis = false;
    bool capture_all = false, show_packets = false, latency = false, net_summary = false, json = false;
    std::vector<std::string> stats;
    bool top = false;
};

FdSet parse_fd_set(const std::string &spec, const char * /* qualifier */) {
    TokenSet t = qualify_tokens(spec, "descriptor", [](std::string_view w) {
        int fd = -1;
        auto r = std::from_chars(w.data(), w.data() + w.size(), fd);
        return r.ec == std::errc() && r.ptr == w.data() + w.size() ? fd : -1;
    });
    FdSet set;
    set.any = true;
    set.negate = t.negate;
    set.all = t.all;
    set.fds = t.items;
    return set;
}

// -e decode-fds=SET: path (-y), socket, dev, pidfd, all (-yy), none.
int parse_decode_fds(const std::string &spec) {
    static const std::pair<std::string_view, unsigned> names[] = {
        {"path", kDecodeFdPath}, {"socket", kDecodeFdSocket}, {"dev", kDecodeFdDev}, {"pidfd", kDecodeFdPidfd}};
    return static_cast<int>(parse_named_set(spec, names, kDecodeFdAll, "decode-fds"));
}

// -e decode-pids=SET: comm (-Y), pidns (--pidns-translation), all, none.
int parse_decode_pids(const std::string &spec) {
    static const std::pair<std::string_view, unsigned> names[] = {{"comm", kDecodePidComm}, {"pidns", kDecodePidNs}};
    return static_cast<int>(parse_named_set(spec, names, kDecodePidComm | kDecodePidNs, "decode-pids"));
}

// -I: a number 1..4 or its name; 0 when invalid.
int parse_interruptible(const std::string &v) {
    static const std::pair<std::string_view, int> names[] = {
        {"anywhere", 1}, {"always", 1}, {"waiting", 2}, {"never", 3}, {"never_tstp", 4},
    };
    for (const auto &[name, val] : names)
        if (v == name) return val;
    if (v.size() == 1 && v[0] >= '1' && v[0] <= '4') return v[0] - '0';
    return 0;
}

// -O: a time with an optional unit (s, ms, us, ns; seconds by default), as strace's parse_ts.
int64_t parse_overhead(const std::string &v) {
    char *end = nullptr;
    errno = 0;
    double x = std::strtod(v.c_str(), &end);
    if (v.empty() || errno || end == v.c_str() || x < 0) return -1;
    std::string unit = end;
    double scale = unit.empty() || unit == "s" ? 1e9 : unit == "ms" ? 1e6 : unit == "us" ? 1e3 : unit == "ns" ? 1 : -1;
    if (scale < 0) return -1;
    return static_cast<int64_t>(x * scale + 0.5);
}

void apply_e(Options &o, const std::string &expr) {
    std::string qual = "trace", value = expr;
    if (auto eq = expr.find('='); eq != std::string::npos) {
        qual = expr.substr(0, eq);
        value = expr.substr(eq + 1);
    }
    if (qual == "trace" || qual == "t") {
        o.trace.parse(value);
    } else if (qual == "signal" || qual == "signals" || qual == "s") {
        o.signals.parse(value);
    } else if (qual == "status") {
        o.print.status = parse_status_set(value);
    } else if (qual == "quiet" || qual == "silent" || qual == "silence" || qual == "q") {
        o.quiet = parse_quiet_set(value);
        o.quiet_given = true;
        o.quiet_given_long = true;
    } else if (qual == "abbrev" || qual == "a") {
        o.abbrev.parse(value);
    } else if (qual == "raw" || qual == "x") {
        o.raw.parse(value);
    } else if (qual == "read" || qual == "reads" || qual == "r") {
        o.dump_read = parse_fd_set(value, "read");
    } else if (qual == "write" || qual == "writes" || qual == "w") {
        o.dump_write = parse_fd_set(value, "write");
    } else if (qual == "decode-fds" || qual == "decode-fd") {
        o.decode_fds = parse_decode_fds(value);
        o.decode_fds_given = true;
    } else if (qual == "inject" || qual == "fault") {
        o.inject.add(value, qual == "fault", o.warnings);
    } else if (qual == "verbose" || qual == "v") {
        o.verbose.parse(value);
    } else if (qual == "kvm") {
        if (value != "vcpu") throw FatalError("invalid -e kvm= argument: '" + value + "'");
        o.kvm_vcpu = true;
    } else if (qual == "decode-pids" || qual == "decode-pid") {
        o.decode_pids = parse_decode_pids(value);
    } else if (qual == "secontext") {
        throw FatalError("SELinux context printing (--secontext option) is not supported by this build of strace");
    } else {
        throw FatalError("invalid filter action '" + qual + "'");
    }
}
}  // namespace

int parse_precision(const std::string &s, const char *what) {
    if (s == "s") return 0;
    if (s == "ms") return 3;
    if (s == "us") return 6;
    if (s == "ns") return 9;
    usage_error(std::string("invalid ") + what + " argument: '" + s + "'");
}

unsigned parse_status_set(const std::string &s) {
    static const std::pair<std::string_view, unsigned> names[] = {
        {"successful", kStatusSuccessful},   {"failed", kStatusFailed},     {"unfinished", kStatusUnfinished},
        {"unavailable", kStatusUnavailable}, {"detached", kStatusDetached},
    };
    return parse_named_set(s, names, kStatusAll, "status");
}

unsigned parse_quiet_set(const std::string &s) {
    static const std::pair<std::string_view, unsigned> names[] = {
        {"attach", kQuietAttach},
        {"exit", kQuietExit},
        {"exits", kQuietExit},
        {"path-resolution", kQuietPathResolution},
        {"personality", kQuietPersonality},
        {"personalities", kQuietPersonality},
        {"thread-execve", kQuietThreadExecve},
        {"superseded", kQuietThreadExecve},
    };
    return parse_named_set(s, names, kQuietAll, "quiet");
}

namespace {
void parse_into(Options &o, int argc, const char *const *argv) {
    std::vector<std::string> words = normalize_words(argc, argv);

    Parsed p;
    CLI::App app{"wiretrace"};
    app.set_help_flag();  // -h is handled here so that its output is ours
    app.add_flag("-h,--help", p.help);
    app.add_flag("-V,--version", p.version);
    app.add_flag("-f", p.fcount);
    app.add_flag("--follow-forks", p.follow_long);
    app.add_flag("--output-separately", p.separately);
    app.add_flag("-A,--output-append-mode", p.append);
    app.add_flag("-T", p.Tcount);
    app.add_flag("-t", p.tcount);
    app.add_flag("-q", p.qcount);
    app.add_flag("-r", p.relative_flag);
    app.add_flag("-n,--syscall-number", p.numbers);
    app.add_flag("-z,--successful-only", p.zs);
    app.add_flag("-Z,--failed-only", p.zf);
    app.add_flag("-D", p.dcount);
    app.add_flag("-y", p.ycount);
    app.add_flag("--decode-fds{path}", p.decode_fds);
    app.add_flag("--seccomp-bpf", p.seccomp);
    app.add_flag("-k,--stack-traces", p.stack);
    app.add_flag("-i,--instruction-pointer", p.iflag);
    app.add_flag("-Y", p.Yflag);
    app.add_flag("--pidns-translation", p.pidns);
    app.add_flag("-F", p.Fcount);
    app.add_flag("-d,--debug", p.debug);
    app.add_flag("--kill-on-exit", p.kill_on_exit);
    app.add_flag("--no-seccomp-bpf", p.no_seccomp);
    app.add_flag("-x", p.xcount);
    app.add_flag("-v,--no-abbrev", p.no_abbrev);
    app.add_option("--abbrev", p.abbrev)->allow_extra_args(false);
    app.add_flag("--strings-in-hex{all}", p.strings_in_hex);
    app.add_option("-X", p.xlat_style)->allow_extra_args(false);
    app.add_option("--const-print-style", p.xlat_style_long)->allow_extra_args(false);
    app.add_option("--raw", p.raw)->allow_extra_args(false);
    app.add_option("--read", p.read)->allow_extra_args(false);
    app.add_option("--write", p.write)->allow_extra_args(false);
    app.add_flag("-c,--summary-only", p.summary_only);
    app.add_flag("-C,--summary", p.summary);
    app.add_flag("--summary-per-pid", p.per_pid);
    app.add_flag("-w,--summary-wall-clock", p.wall);
    app.add_option("-S,--summary-sort-by", p.sort_by)->allow_extra_args(false);
    app.add_option("-U,--summary-columns", p.columns)->allow_extra_args(false);
    // Options with a value. Every one is repeatable and must not swallow the command.
    const std::pair<const char *, std::vector<std::string> *> valued[] = {
        {"-e", &p.e},
        {"-p,--attach", &p.p},
        {"-o,--output", &p.o},
        {"-s", &p.s},
        {"--string-limit", &p.string_limit},
        {"-a,--columns", &p.a},
        {"-E,--env", &p.E},
        {"-u,--user", &p.u},
        {"--trace", &p.trace},
        {"--signals", &p.signal},
        {"-b,--detach-on", &p.detach_on},
        {"-I", &p.interruptible},
        {"--interruptible", &p.interruptible_long},
        {"-O", &p.overhead},
        {"--summary-syscall-overhead", &p.overhead_long},
        {"-P,--trace-path", &p.paths},
        {"--verbose", &p.verbose},
        {"--kvm", &p.kvm},
        {"--decode-pids", &p.decode_pids},
        {"--status", &p.status},
        {"--inject", &p.inject},
        {"--fault", &p.fault},
        {"--capture-filter", &p.capture_filter},
        {"--capture-file", &p.capture_file},
        {"--capture-netns", &p.capture_netns},
        {"--capture-plugin", &p.capture_plugin},
        {"--snaplen", &p.snaplen},
    };
    for (const auto &[name, vec] : valued) app.add_option(name, *vec)->allow_extra_args(false);
    // Optional values: "--x" alone gives the {default}, "--x=V" gives V; never the next word.
    app.add_flag("--syscall-times{us}", p.syscall_times);
    app.add_flag("--absolute-timestamps{-}", p.absolute);
    app.add_flag("--timestamps{-}", p.timestamps);
    app.add_flag("--tips{-}", p.tips);
    app.add_flag("--secontext{-}", p.secontext);
    app.add_flag("--relative-timestamps{us}", p.relative);
    app.add_flag("--quiet{-}", p.quiet);
    app.add_flag("--daemonize{grandchild}", p.daemonize);
    app.add_flag("--capture{any}", p.capture);
    app.add_flag("--analysis-summary", p.analysis_summary);
    app.add_flag("--explain", p.explain);
    app.add_flag("--verify-checksums", p.verify_checksums);
    app.add_flag("--no-analysis", p.no_analysis);
    app.add_flag("--capture-all", p.capture_all);
    app.add_flag("--show-packets", p.show_packets);
    app.add_flag("--latency", p.latency);
    app.add_flag("--net-summary", p.net_summary);
    app.add_flag("--stats{1}", p.stats);
    app.add_flag("--top", p.top);
    app.add_flag("--json", p.json);
    app.prefix_command();
    app.allow_extras();

    std::vector<const char *> cargv;
    for (const std::string &w : words) cargv.push_back(w.c_str());
    try {
        app.parse(static_cast<int>(cargv.size()), cargv.data());
    } catch (const CLI::ParseError &e) {
        usage_error(e.what());
    }
    std::vector<std::string> rest = app.remaining();
    if (!rest.empty() && rest[0] == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest[0].size() > 1 && rest[0][0] == '-')
        usage_error("unrecognized option '" + rest[0] + "'");  // the scan should have caught it

    o.show_help = p.help;
    o.show_version = p.version;
    if (p.help || p.version) return;

    if (p.summary_only && p.summary) usage_error("-c/--summary-only and -C/--summary are mutually exclusive");
    o.follow_forks = p.fcount > 0 || p.follow_long;
    o.output_separately = p.fcount > 1 || p.separately;
    o.append = p.append;

    TimeFormat &tf = o.print.time;
    if (p.tcount == 1) tf.absolute = TimeFormat::Time;
    if (p.tcount == 2) tf.absolute = TimeFormat::Time, tf.absolute_digits = 6;
    if (p.tcount >= 3) tf.absolute = TimeFormat::Unix, tf.absolute_digits = 6;
    for (const auto &v : p.absolute)
        if (!set_absolute(tf, v == "-" ? "" : v)) usage_error("invalid --absolute-timestamps argument: '" + v + "'");
    for (const auto &v : p.timestamps)
        if (!set_absolute(tf, v == "-" ? "" : v)) usage_error("invalid --timestamps argument: '" + v + "'");
    for (const auto &v : p.tips)
        if (!valid_tips(v == "-" ? "" : v)) usage_error("invalid --tips argument: '" + v + "'");
    tf.relative = p.relative_flag || !p.relative.empty();
    for (const auto &v : p.relative) tf.relative_digits = parse_precision(v, "--relative-timestamps");
    tf.durations = p.Tcount > 0 || !p.syscall_times.empty();
    for (const auto &v : p.syscall_times) tf.duration_digits = parse_precision(v, "--syscall-times");
    o.print.syscall_numbers = p.numbers;
    o.stack_trace = p.stack;
    o.print.instruction_pointer = p.iflag;
    for (const auto &v : p.detach_on) {
        if (v != "execve") throw FatalError("Syscall '" + v + "' for -b isn't supported");
        o.detach_on_execve = true;
    }
    for (const auto &v : p.interruptible)
        if (!(o.interruptible = parse_interruptible(v))) usage_error("invalid -I argument: '" + v + "'");
    for (const auto &v : p.interruptible_long)
        if (!(o.interruptible = parse_interruptible(v))) usage_error("invalid --interruptible argument: '" + v + "'");
    for (const auto &v : p.overhead)
        if ((o.overhead_ns = parse_overhead(v)) < 0) usage_error("invalid -O argument: '" + v + "'");
    for (const auto &v : p.overhead_long)
        if ((o.overhead_ns = parse_overhead(v)) < 0)
            usage_error("invalid --summary-syscall-overhead argument: '" + v + "'");
    o.trace_paths = p.paths;
    if (p.Yflag) o.decode_pids |= kDecodePidComm;
    if (p.pidns) o.decode_pids |= kDecodePidNs;
    for (const auto &v : p.decode_pids) o.decode_pids = parse_decode_pids(v);
    for (const auto &v : p.verbose) o.verbose.parse(v);
    for (const auto &v : p.kvm) apply_e(o, "kvm=" + v);
    if (!p.secontext.empty()) apply_e(o, "secontext=");
    o.kill_on_exit = p.kill_on_exit;
    o.debug = p.debug > 0;
    o.no_seccomp_bpf = p.no_seccomp;

    o.decode_fds = p.ycount >= 2 ? kDecodeFdAll : p.ycount ? kDecodeFdPath : 0;
    if (p.xcount) o.strings_in_hex = p.xcount == 1 ? kHexNonAscii : kHexAll;
    for (const auto &v : p.strings_in_hex) {
        if (v == "all")
            o.strings_in_hex = kHexAll;
        else if (v == "non-ascii")
            o.strings_in_hex = kHexNonAscii;
        else if (v == "non-ascii-chars")
            o.strings_in_hex = kHexNonAsciiChars;
        else if (v == "none")
            o.strings_in_hex = kHexNone;
        else
            usage_error("invalid --strings-in-hex argument: '" + v + "'");
    }
    auto xlat_style = [&](const std::string &v, const char *spelling) {
        if (v == "raw")
            o.xlat_style = kXlatRaw;
        else if (v == "abbrev")
            o.xlat_style = kXlatAbbrev;
        else if (v == "verbose")
            o.xlat_style = kXlatVerbose;
        else
            usage_error(std::string("invalid ") + spelling + " argument: '" + v + "'");
    };
    for (const auto &v : p.xlat_style) xlat_style(v, "-X");
    for (const auto &v : p.xlat_style_long) xlat_style(v, "--const-print-style");
    for (const auto &v : p.raw) o.raw.parse(v);
    if (p.no_abbrev) o.abbrev.parse("none");
    for (const auto &v : p.abbrev) o.abbrev.parse(v);
    for (const auto &v : p.read) o.dump_read = parse_fd_set(v, "read");
    for (const auto &v : p.write) o.dump_write = parse_fd_set(v, "write");
    for (const auto &v : p.decode_fds) o.decode_fds = parse_decode_fds(v);

    CaptureOptions &c = o.capture;
    for (const auto &v : p.capture) {
        if (v.empty()) usage_error("option '--capture' needs an interface name after '='");
        c.device = v;
    }
    if (!p.capture_filter.empty()) c.filter = p.capture_filter.back();
    if (!p.capture_file.empty()) c.file = p.capture_file.back();
    if (!p.capture_netns.empty()) c.netns = p.capture_netns.back();
    if (!p.capture_plugin.empty()) c.plugin = p.capture_plugin.back();
    for (const auto &v : p.snaplen) {
        char *end = nullptr;
        long n = std::strtol(v.c_str(), &end, 10);
        if (v.empty() || *end || n < 0 || n > 262144) usage_error("invalid snapshot length '" + v + "'");
        c.snaplen = n == 0 ? 262144 : static_cast<int>(n);
    }
    c.analysis = !p.no_analysis;
    c.summary = p.analysis_summary;
    c.explain = p.explain;
    c.verify_checksums = p.verify_checksums;
    c.capture_all = p.capture_all;
    c.correlation.show_packets = p.show_packets;
    c.correlation.latency = p.latency;
    c.net_summary = p.net_summary;
    c.correlation.net_summary = p.net_summary;
    c.correlation.records = p.json;
    o.json = p.json;
    for (const auto &v : p.stats) {
        char *end = nullptr;
        double secs = std::strtod(v.c_str(), &end);
        if (v.empty() || *end || !(secs >= 0.01) || secs > 86400)
            usage_error("invalid --stats interval '" + v + "' (seconds, 0.01 to 86400)");
        o.stats_interval_ns = static_cast<int64_t>(secs * 1e9);
    }
    o.top = p.top;
    if (o.top && o.json) usage_error("--top and --json are mutually exclusive");
    if (o.top && p.summary_only) usage_error("--top and -c are mutually exclusive");
    // any capture or analysis option turns the capture on
    c.enabled = !p.capture.empty() || !p.capture_filter.empty() || !p.capture_file.empty() ||
                !p.capture_netns.empty() || !p.snaplen.empty() || !p.capture_plugin.empty() || c.summary || c.explain ||
                c.verify_checksums || c.capture_all || p.show_packets || p.latency || c.net_summary || o.top;

    if (p.qcount) {
        o.quiet_given = true;
        o.quiet = p.qcount == 1   ? kQuietAttach | kQuietPersonality
                  : p.qcount == 2 ? kQuietAttach | kQuietPersonality | kQuietExit
                                  : kQuietAll;
    }
    for (const auto &v : p.quiet) {
        o.quiet = v == "-" ? kQuietAttach | kQuietPersonality : parse_quiet_set(v);
        o.quiet_given = true;
        o.quiet_given_long = true;
    }

    if (p.zs) o.print.status = kStatusSuccessful;
    if (p.zf) o.print.status = kStatusFailed;

    for (const auto &e : p.e) apply_e(o, e);
    for (const auto &v : p.trace) o.trace.parse(v);
    for (const auto &v : p.inject) apply_e(o, "inject=" + v);
    for (const auto &v : p.fault) apply_e(o, "fault=" + v);
    for (const auto &v : p.signal) o.signals.parse(v);
    for (const auto &v : p.status) o.print.status = parse_status_set(v);
    for (const auto &v : p.p) parse_pids(v, o.attach_pids);
    if (!p.o.empty()) o.output_file = p.o.back();
    auto string_limit = [&](const std::string &v, const char *spelling) {
        // strace's string_to_uint, up to -1U / 4
        if (v.empty() || v.size() > 10 ||
            !std::all_of(v.begin(), v.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
            std::stoull(v) > 0x3fffffffULL)
            usage_error(std::string("invalid ") + spelling + " argument: '" + v + "'");
        o.max_strlen = static_cast<unsigned>(std::stoull(v));
    };
    for (const auto &v : p.s) string_limit(v, "-s");
    for (const auto &v : p.string_limit) string_limit(v, "--string-limit");
    if (!p.a.empty()) {
        int col = parse_number<int>(p.a.back(), "-a");
        if (col < 0) usage_error("invalid -a argument: '" + p.a.back() + "'");
        o.print.align_column = col;
    }
    o.env = p.E;
    if (!p.u.empty()) o.user = p.u.back();
    int daemonize_long = 0;
    for (const auto &v : p.daemonize) {
        if (same_ci(v, "grandchild"))
            daemonize_long = 1;
        else if (same_ci(v, "pgroup") || same_ci(v, "pgrp"))
            daemonize_long = 2;
        else if (same_ci(v, "session"))
            daemonize_long = 3;
        else
            usage_error("invalid --daemonize argument: '" + v + "'");
    }

    o.command = std::move(rest);
    o.summary = p.summary ? 2 : (p.summary_only || p.per_pid) ? 1 : 0;
    o.summary_per_pid = p.per_pid;
    o.summary_wall_clock = p.wall;
    // strace's one alias table for -S and -U (count.c's column names)
    enum Col { None, Percent, Total, Min, Max, Avg, Calls, Errors, Name };
    static const std::pair<std::string_view, Col> cols[] = {
        {"time", Percent},         {"time_percent", Percent},
        {"time-percent", Percent}, {"time_total", Total},
        {"time-total", Total},     {"total_time", Total},
        {"total-time", Total},     {"min_time", Min},
        {"min-time", Min},         {"shortest", Min},
        {"time_min", Min},         {"time-min", Min},
        {"longest", Max},          {"max_time", Max},
        {"max-time", Max},         {"time_max", Max},
        {"time-max", Max},         {"avg_time", Avg},
        {"avg-time", Avg},         {"time_avg", Avg},
        {"time-avg", Avg},         {"calls", Calls},
        {"count", Calls},          {"error", Errors},
        {"errors", Errors},        {"name", Name},
        {"syscall", Name},         {"syscall_name", Name},
        {"syscall-name", Name},    {"none", None},
        {"nothing", None},
    };
    auto col_of = [&](std::string_view w, Col &c) {
        for (const auto &[name, col] : cols)
            if (name == w) return c = col, true;
        return false;
    };
    for (const auto &v : p.sort_by) {
        static const SummarySort sorts[] = {SummarySort::Nothing, SummarySort::Time,    SummarySort::Time,
                                            SummarySort::MinTime, SummarySort::MaxTime, SummarySort::AvgTime,
                                            SummarySort::Calls,   SummarySort::Errors,  SummarySort::Name};
        Col c;
        if (!col_of(v, c)) usage_error("invalid sortby: '" + v + "'");
        o.summary_sort = sorts[c];
    }
    for (const auto &v : p.columns) {
        static const SummaryColumn columns[] = {
            SummaryColumn::Name,    SummaryColumn::TimePercent, SummaryColumn::TotalTime,
            SummaryColumn::MinTime, SummaryColumn::MaxTime,     SummaryColumn::AvgTime,
            SummaryColumn::Calls,   SummaryColumn::Errors,      SummaryColumn::Name};
        o.summary_columns.clear();
        for (const std::string &w : split_commas(v)) {
            Col c;
            if (!col_of(w, c) || c == None) usage_error("unknown column name: '" + w + "'");
            if (std::find(o.summary_columns.begin(), o.summary_columns.end(), columns[c]) != o.summary_columns.end())
                usage_error("call summary column has been provided more than once: '" + w + "' (-U option residual: '" +
                            v.substr(v.find(w)) + "')");
            o.summary_columns.push_back(columns[c]);
        }
        // the name column is always there: without it the table means nothing (strace)
        if (std::find(o.summary_columns.begin(), o.summary_columns.end(), SummaryColumn::Name) ==
            o.summary_columns.end())
            o.summary_columns.push_back(SummaryColumn::Name);
    }
    // strace's checks after the options, in strace's order (its warnings come before a later
    // error, as strace prints them as it goes)
    if (o.command.empty() && o.attach_pids.empty()) usage_error("must have PROG [ARGS] or -p PID");
    if (daemonize_long && p.dcount) throw FatalError("-D and --daemonize cannot be provided simultaneously");
    o.daemonize = daemonize_long ? daemonize_long : p.dcount;
    if (o.command.empty() && o.daemonize) usage_error("PROG [ARGS] must be specified with -D/--daemonize");
    if (o.daemonize > 3)
        usage_error("Too many -D's (" + std::to_string(o.daemonize) + "), maximum supported -D count is 3");
    if (p.tcount && (!p.absolute.empty() || !p.timestamps.empty()))
        throw FatalError("-t and --absolute-timestamps cannot be provided simultaneously");
    if (p.xcount && !p.strings_in_hex.empty())
        throw FatalError("-x and --strings-in-hex cannot be provided simultaneously");
    if (p.ycount && (!p.decode_fds.empty() || o.decode_fds_given))
        throw FatalError("-y and --decode-fds cannot be provided simultaneously");
    if (p.seccomp && o.detach_on_execve) {
        o.warnings.push_back("--seccomp-bpf is not enabled because it is not compatible with -b");
        p.seccomp = false;
    }
    if (p.fcount && p.follow_long) throw FatalError("-f and --follow-forks cannot be provided simultaneously");
    if (p.fcount >= 2 && p.separately)
        throw FatalError("-ff and --output-separately cannot be provided simultaneously");
    if (p.seccomp) {
        // strace's rules and words: the filter is inherited, so it needs -f, and a process
        // attached with -p cannot be given one.
        if (!o.attach_pids.empty() && (o.command.empty() || o.debug))
            o.warnings.push_back("--seccomp-bpf is not enabled for processes attached with -p");
        if (!o.follow_forks)
            o.warnings.push_back("--seccomp-bpf cannot be used without -f/--follow-forks, disabling");
        else if (o.attach_pids.empty())  // (attached processes cannot be given a filter: none then)
            o.seccomp_bpf = true;
    } else if (!o.no_seccomp_bpf && o.follow_forks && o.attach_pids.empty() && !o.command.empty() && !o.trace.all() &&
               !o.detach_on_execve) {
        // wiretrace's default (newer strace's too): a launched, followed command traced for a
        // subset of calls stops only at those. Said nowhere: the trace is the same.
        o.seccomp_bpf = true;
    }
    if (p.Fcount) {
        if (o.follow_forks) {
            o.warnings.push_back("deprecated option -F ignored");
        } else {
            o.warnings.push_back("option -F is deprecated, please use -f/--follow-forks instead");
            o.follow_forks = true;
        }
    }
    if (o.summary && o.output_separately)
        usage_error("(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive");
    if (o.summary_wall_clock && !o.summary)
        usage_error("-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)");
    if (!p.columns.empty() && !o.summary)
        usage_error("-U/--summary-columns must be given with (-c/--summary-only or -C/--summary)");
    if (!p.sort_by.empty() && !o.summary)
        o.warnings.push_back("-S/--summary-sort-by has no effect without (-c/--summary-only or -C/--summary)");
    if (o.summary == 1 && !o.summary_per_pid) {
        if (o.print.instruction_pointer)
            o.warnings.push_back("-i/--instruction-pointer has no effect with -c/--summary-only");
        if (o.stack_trace) o.warnings.push_back("-k/--stack-traces has no effect with -c/--summary-only");
        if (o.print.syscall_numbers) o.warnings.push_back("-n/--syscall-number has no effect with -c/--summary-only");
        if (tf.relative) o.warnings.push_back("-r/--relative-timestamps has no effect with -c/--summary-only");
        if (tf.absolute != TimeFormat::None)
            o.warnings.push_back("-t/--absolute-timestamps has no effect with -c/--summary-only");
        if (tf.durations) o.warnings.push_back("-T/--syscall-times has no effect with -c/--summary-only");
        if (o.decode_fds) o.warnings.push_back("-y/--decode-fds has no effect with -c/--summary-only");
    }
    if (o.output_file.empty()) {
        if (o.output_separately && !o.follow_forks)
            o.warnings.push_back("--output-separately has no effect without -o/--output");
        if (o.append) o.warnings.push_back("-A/--output-append-mode has no effect without -o/--output");
    }
    if (p.zs + p.zf > 1)
        o.warnings.push_back(
            "Only the last of -z/--successful-only/-Z/--failed-only options will take effect. See status "
            "qualifier for more complex filters.");
    if (p.qcount && o.quiet_given_long) o.late_error = "-q and -e quiet/--quiet cannot be provided simultaneously";
    if (o.output_separately && !o.output_file.empty() && (o.output_file[0] == '|' || o.output_file[0] == '!'))
        usage_error("piping the output and -ff/--output-separately are mutually exclusive");
    if (o.kill_on_exit && !o.attach_pids.empty())
        usage_error("--kill-on-exit and -p/--attach are mutually exclusive options");
    if (o.json && o.output_separately) usage_error("--json and -ff/--output-separately are mutually exclusive");
    if (o.json && o.summary) usage_error("--json and -c/-C (the summary table) are mutually exclusive");
}

}  // namespace

Options parse_options(int argc, const char *const *argv) {
    Options o;
    try {
        parse_into(o, argc, argv);
    } catch (const FatalError &) {
        // what strace had already said before the error
        for (const auto &w : o.warnings) std::fprintf(stderr, "wiretrace: %s\n", w.c_str());
        throw;
    }
    return o;
}

}  // namespace wiretrace
