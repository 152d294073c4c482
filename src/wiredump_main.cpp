// wiredump: tcpdump's command line over wiretrace's capture plugin. Today it compiles and dumps
// filters (-d, -dd, -ddd) for a file's link type or Ethernet; reading and printing packets come
// with the packet printer.
#include <cstdint>

#include <cstdio>
#include <string>
#include <vector>

#include "capture/plugin.h"
#include "common.h"

namespace {
[[noreturn]] void usage_error(const std::string &msg) {
    throw wiretrace::FatalError(msg, "Try 'wiredump -h' for more information.", 1);
}

const char *k_usage =
    "Usage: wiredump [-d|-dd|-ddd] [-r FILE] [--capture-plugin PATH] [EXPRESSION]\n"
    "  -d, -dd, -ddd           print the compiled filter as text, a C array, or decimal numbers\n"
    "  -r FILE                 use FILE's link type (pcap or pcapng; '-' is standard input)\n"
    "  --capture-plugin PATH   the capture plugin to load (default: the libpcap plugin beside\n"
    "                          the executable)\n"
    "Reading and printing packets is not supported yet.\n";
}  // namespace

int main(int argc, char **argv) {
    using namespace wiretrace;
    try {
        int dump = 0;
        std::string file, plugin_path;
        std::vector<std::string> expr;
        for (int i = 1; i < argc; i++) {
            std::string a = argv[i];
            if (a == "-h" || a == "--help") {
                std::fputs(k_usage, stdout);
                return 0;
            } else if (a == "-d" || a == "-dd" || a == "-ddd") {
                dump = static_cast<int>(a.size()) - 1;
            } else if (a == "-r" || a == "--capture-plugin") {
                if (i + 1 >= argc) usage_error("option requires an argument -- '" + a.substr(a.find_last_of('-') + 1) + "'");
                (a == "-r" ? file : plugin_path) = argv[++i];
            } else if (a.rfind("--capture-plugin=", 0) == 0) {
                plugin_path = a.substr(17);
            } else if (a.size() > 1 && a[0] == '-') {
                throw FatalError("option " + a + " is not supported yet");
            } else {
                expr.push_back(a);
            }
        }
        if (!dump) throw FatalError("reading and printing packets is not supported yet (only -d, -dd, -ddd)");
        std::string expression;
        for (const auto &w : expr) expression += (expression.empty() ? "" : " ") + w;
        auto plugin = CapturePlugin::load(plugin_path);
        const wt_capture_plugin &api = plugin->api();
        char err[512] = {};
        int linktype = 1 /* DLT_EN10MB */, snaplen = 262144;
        if (!file.empty()) {
            wt_capture_handle *h = api.open_offline(file.c_str(), 0, err, sizeof err);
            if (!h) throw FatalError(err);
            linktype = api.linktype(h);
            snaplen = api.snaplen(h);
            api.close(h);
        }
        std::vector<char> out(1 << 20);
        int n = api.dump_filter(linktype, snaplen, expression.c_str(), dump, out.data(), out.size(), err, sizeof err);
        if (n < 0) throw FatalError(err);
        std::fwrite(out.data(), 1, static_cast<size_t>(n), stdout);
        return 0;
    } catch (const FatalError &e) {
        std::fprintf(stderr, "wiredump: %s\n", e.what());
        if (!e.hint.empty()) std::fprintf(stderr, "%s\n", e.hint.c_str());
        return e.exit_code;
    }
}
