// CLI11 definitions for strace's grammar. CLI11 needs help here: repeatable options must not
// swallow the command's words (allow_extra_args(false)), parsing stops at the first non-option
// (prefix_command()), and unknown options then land in remaining() and are checked by hand.
#include "cli/options.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>

#include "common.h"

namespace wiretrace {

namespace {
// strace options that wiretrace does not take yet: each gets a clear error, never a silent ignore.
constexpr std::string_view k_unsupported = "bcCdDEFiIknOPrSuUvwWxXyYzZ";

[[noreturn]] void usage_error(const std::string &msg) {
    throw FatalError(msg, "Try 'wiretrace -h' for more information.", 1);
}

template <typename T>
T parse_number(const std::string &s, const char *what) {
    T v{};
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        usage_error(std::string("invalid ") + what + " '" + s + "'");
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

void apply_e(Options &o, const std::string &expr) {
    std::string qual = "trace", value = expr;
    if (auto eq = expr.find('='); eq != std::string::npos) {
        qual = expr.substr(0, eq);
        value = expr.substr(eq + 1);
    }
    if (qual == "trace" || qual == "t")
        o.trace.parse(value);
    else if (qual == "signal" || qual == "signals" || qual == "s")
        o.signals.parse(value);
    else if (qual == "abbrev" || qual == "verbose" || qual == "raw" || qual == "read" || qual == "write" ||
             qual == "fault" || qual == "inject" || qual == "status" || qual == "quiet" || qual == "kvm" ||
             qual == "decode-fds" || qual == "trace-fds" || qual == "silent")
        throw FatalError("option -e " + qual + "= is not supported yet");
    else
        throw FatalError("invalid filter action '" + qual + "'");
}
}  // namespace

std::string usage_text() {
    return "Usage: wiretrace [-fqT] [-t|-tt|-ttt] [-a COLUMN] [-e EXPR]... [-o FILE] [-A] [-s STRSIZE]\n"
           "                 { -p PID | [--] PROG [ARGS] }\n"
           "\n"
           "Tracing:\n"
           "  -f             follow forks, vforks and threads\n"
           "  -p PID         attach to PID (repeatable, comma lists); every thread is traced\n"
           "Filtering:\n"
           "  -e trace=SET   trace only these calls: names, %class (%network %process %signal\n"
           "                 %file %desc %memory %ipc %creds %clock %pure ...), /regex, all, none,\n"
           "                 a leading ! negates\n"
           "  -e signal=SET  show only these signals' delivery lines\n"
           "Output:\n"
           "  -o FILE        write the trace to FILE instead of stderr\n"
           "  -A             append to the -o file\n"
           "  -s STRSIZE     print at most STRSIZE bytes of each string (default 32)\n"
           "  -a COLUMN      align results at COLUMN (default 40)\n"
           "  -t, -tt, -ttt  prefix each line with the wall-clock time (seconds, microseconds, epoch)\n"
           "  -T             show the time spent in each call\n"
           "  -q             suppress attach/detach messages (-qq: and exit lines)\n"
           "Miscellaneous:\n"
           "  -h, --help     this help\n"
           "  -V, --version  print the version\n";
}

Options parse_options(int argc, const char *const *argv) {
    Options o;
    CLI::App app{"wiretrace"};
    app.set_help_flag();  // -h is handled below so that its output is ours
    bool help = false, version = false, follow = false, append = false, times = false;
    int tcount = 0, qcount = 0;
    std::vector<std::string> evals, pvals, ovals, svals, avals;
    app.add_flag("-h,--help", help);
    app.add_flag("-V,--version", version);
    app.add_flag("-f", follow);
    app.add_flag("-A", append);
    app.add_flag("-T", times);
    app.add_flag("-t", tcount);
    app.add_flag("-q", qcount);
    app.add_option("-e", evals)->allow_extra_args(false);
    app.add_option("-p", pvals)->allow_extra_args(false);
    app.add_option("-o", ovals)->allow_extra_args(false);
    app.add_option("-s", svals)->allow_extra_args(false);
    app.add_option("-a", avals)->allow_extra_args(false);
    app.prefix_command();
    app.allow_extras();

    // CLI11 does not know strace's unsupported letters: catch them (alone or combined) first,
    // up to the first word that is not an option.
    for (int i = 1; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "--" || a.empty() || a[0] != '-') break;
        if (a.size() > 1 && a[1] == '-') continue;
        for (size_t k = 1; k < a.size(); k++) {
            char ch = a[k];
            if (k_unsupported.find(ch) != std::string_view::npos)
                throw FatalError(std::string("option -") + ch + " is not supported yet");
            if (std::string_view("epoasP").find(ch) != std::string_view::npos) {
                if (k + 1 == a.size()) i++;  // the value is the next word
                break;
            }
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        usage_error(e.what());
    }
    std::vector<std::string> rest = app.remaining();
    if (!rest.empty() && rest[0] == "--")
        rest.erase(rest.begin());
    else if (!rest.empty() && rest[0].size() > 1 && rest[0][0] == '-')
        usage_error("invalid option '" + rest[0] + "'");

    o.show_help = help;
    o.show_version = version;
    if (help || version) return o;
    o.follow_forks = follow;
    o.append = append;
    o.syscall_times = times;
    o.timestamps = std::min(tcount, 3);
    o.quiet = qcount;
    for (const auto &e : evals) apply_e(o, e);
    for (const auto &p : pvals) parse_pids(p, o.attach_pids);
    if (!ovals.empty()) o.output_file = ovals.back();
    if (!svals.empty()) {
        long long s = parse_number<long long>(svals.back(), "string size");
        if (s < 0) usage_error("invalid -s argument: '" + svals.back() + "'");
        o.max_strlen = static_cast<unsigned>(std::min<long long>(s, 1 << 30));
    }
    if (!avals.empty()) o.align_column = parse_number<int>(avals.back(), "column");
    o.command = std::move(rest);
    if (o.command.empty() && o.attach_pids.empty()) usage_error("must have PROG [ARGS] or -p PID");
    return o;
}

}  // namespace wiretrace
