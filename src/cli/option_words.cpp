#include "cli/option_words.h"

#include <string_view>

#include "common.h"

namespace wiretrace {

namespace {
// strace's short options (getopt's "x:" marks a value), and wiretrace's none.
constexpr std::string_view k_short = "+a:Ab:cCdDe:E:fFhiI:kno:O:p:P:qrs:S:tTu:U:vVwxX:yYzZ";

enum class Arg { None, Required, Optional };
struct LongOpt {
    std::string_view name;
    Arg arg;
    std::string_view canonical;  // the name CLI11 knows it by ("" = its own)
    bool supported = true;
};
// strace 6.1's long options in strace's order (getopt lists ambiguous matches in this order),
// then wiretrace's own.
constexpr LongOpt k_long[] = {
    {"columns", Arg::Required, ""},
    {"output-append-mode", Arg::None, ""},
    {"detach-on", Arg::Required, ""},
    {"summary-only", Arg::None, ""},
    {"summary", Arg::None, ""},
    {"debug", Arg::None, ""},
    {"daemonize", Arg::Optional, ""},
    {"daemonised", Arg::Optional, "daemonize"},
    {"daemonized", Arg::Optional, "daemonize"},
    {"env", Arg::Required, ""},
    {"follow-forks", Arg::None, ""},
    {"output-separately", Arg::None, ""},
    {"help", Arg::None, ""},
    {"instruction-pointer", Arg::None, ""},
    {"interruptible", Arg::Required, ""},
    {"stack-traces", Arg::None, ""},
    {"syscall-number", Arg::None, ""},
    {"output", Arg::Required, ""},
    {"summary-syscall-overhead", Arg::Required, ""},
    {"attach", Arg::Required, ""},
    {"trace-path", Arg::Required, ""},
    {"relative-timestamps", Arg::Optional, ""},
    {"string-limit", Arg::Required, ""},
    {"summary-sort-by", Arg::Required, ""},
    {"absolute-timestamps", Arg::Optional, ""},
    {"timestamps", Arg::Optional, ""},
    {"syscall-times", Arg::Optional, ""},
    {"user", Arg::Required, ""},
    {"summary-columns", Arg::Required, ""},
    {"no-abbrev", Arg::None, ""},
    {"version", Arg::None, ""},
    {"summary-wall-clock", Arg::None, ""},
    {"strings-in-hex", Arg::Optional, ""},
    {"const-print-style", Arg::Required, ""},
    {"pidns-translation", Arg::None, ""},
    {"successful-only", Arg::None, ""},
    {"failed-only", Arg::None, ""},
    {"failing-only", Arg::None, "failed-only"},
    {"seccomp-bpf", Arg::None, ""},
    {"tips", Arg::Optional, ""},
    {"trace", Arg::Required, ""},
    {"abbrev", Arg::Required, ""},
    {"verbose", Arg::Required, ""},
    {"raw", Arg::Required, ""},
    {"signals", Arg::Required, ""},
    {"status", Arg::Required, ""},
    {"read", Arg::Required, ""},
    {"write", Arg::Required, ""},
    {"fault", Arg::Required, ""},
    {"inject", Arg::Required, ""},
    {"kvm", Arg::Required, ""},
    {"quiet", Arg::Optional, ""},
    {"silent", Arg::Optional, "quiet"},
    {"silence", Arg::Optional, "quiet"},
    {"decode-fds", Arg::Optional, ""},
    {"decode-pids", Arg::Required, ""},
    {"secontext", Arg::Optional, ""},
    // wiretrace's own
    {"kill-on-exit", Arg::None, ""},
    {"no-seccomp-bpf", Arg::None, ""},
    {"capture", Arg::Optional, ""},
    {"capture-filter", Arg::Required, ""},
    {"capture-file", Arg::Required, ""},
    {"capture-netns", Arg::Required, ""},
    {"capture-plugin", Arg::Required, ""},
    {"snaplen", Arg::Required, ""},
    {"analysis-summary", Arg::None, ""},
    {"explain", Arg::None, ""},
    {"verify-checksums", Arg::None, ""},
    {"no-analysis", Arg::None, ""},
    {"capture-all", Arg::None, ""},
    {"show-packets", Arg::None, ""},
    {"latency", Arg::None, ""},
    {"net-summary", Arg::None, ""},
    {"stats", Arg::Optional, ""},
    {"top", Arg::None, ""},
    {"json", Arg::None, ""},
    {"summary-per-pid", Arg::None, ""},
};

// A long option word's name: exact, or an unambiguous prefix (getopt_long's rules: prefixes
// that all name the same option are not ambiguous).
[[noreturn]] void usage_error(const std::string &msg) {
    throw FatalError(msg, "Try 'wiretrace -h' for more information.", 1);
}

const LongOpt &find_long(std::string_view word, std::string_view name) {
    const LongOpt *found = nullptr;
    bool ambiguous = false;
    for (const LongOpt &o : k_long) {
        if (o.name == name) return o;
        if (o.name.substr(0, name.size()) != name) continue;
        auto canon = [](const LongOpt &x) { return x.canonical.empty() ? x.name : x.canonical; };
        if (found && (canon(*found) != canon(o) || found->arg != o.arg)) ambiguous = true;
        if (!found) found = &o;
    }
    if (!found) usage_error("unrecognized option '" + std::string(word) + "'");
    if (ambiguous) {
        std::string msg = "option '" + std::string(word.substr(0, word.find('='))) + "' is ambiguous; possibilities:";
        for (const LongOpt &o : k_long)
            if (o.name.substr(0, name.size()) == name) msg += " '--" + std::string(o.name) + "'";
        usage_error(msg);
    }
    return *found;
}

}  // namespace

std::vector<std::string> normalize_words(int argc, const char *const *argv) {
    std::vector<std::string> out{argc > 0 ? argv[0] : "wiretrace"};
    int i = 1;
    for (; i < argc; i++) {
        std::string_view a = argv[i];
        if (a == "--") {
            out.emplace_back("--");
            i++;
            break;
        }
        if (a.size() < 2 || a[0] != '-') break;
        if (a[1] == '-') {
            size_t eq = a.find('=');
            std::string_view name = a.substr(2, eq == std::string_view::npos ? a.npos : eq - 2);
            const LongOpt &o = find_long(a, name);
            std::string canon = "--" + std::string(o.canonical.empty() ? o.name : o.canonical);
            if (!o.supported) throw FatalError("option --" + std::string(o.name) + " is not supported yet");
            if (o.arg == Arg::None) {
                if (eq != std::string_view::npos)
                    usage_error("option '--" + std::string(o.name) + "' doesn't allow an argument");
                out.push_back(canon);
            } else if (o.arg == Arg::Optional) {
                out.push_back(eq == std::string_view::npos ? canon : canon + "=" + std::string(a.substr(eq + 1)));
            } else {
                out.push_back(canon);
                if (eq != std::string_view::npos) {
                    out.emplace_back(a.substr(eq + 1));
                } else {
                    if (i + 1 >= argc) usage_error("option '--" + std::string(o.name) + "' requires an argument");
                    out.emplace_back(argv[++i]);
                }
            }
            continue;
        }
        for (size_t k = 1; k < a.size(); k++) {
            char ch = a[k];
            size_t at = ch == ':' || ch == '+' ? std::string_view::npos : k_short.find(ch);
            if (at == std::string_view::npos) usage_error(std::string("invalid option -- '") + ch + "'");
            out.push_back(std::string("-") + ch);
            if (at + 1 < k_short.size() && k_short[at + 1] == ':') {
                if (k + 1 < a.size()) {
                    out.emplace_back(a.substr(k + 1));
                } else {
                    if (i + 1 >= argc) usage_error(std::string("option requires an argument -- '") + ch + "'");
                    out.emplace_back(argv[++i]);
                }
                break;
            }
        }
    }
    for (; i < argc; i++) out.emplace_back(argv[i]);
    return out;
}

}  // namespace wiretrace
