// wiredump: tcpdump's command line over wiretrace's capture plugin: reads pcap/pcapng files and
// prints tcpdump's -nn lines (src/packet/tcpdump_printer), compiles and dumps filters (-d, -dd,
// -ddd). Live capture and writing come next.
#include <cstdint>

#include <signal.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/plugin.h"
#include "common.h"
#include "packet/capture_writer.h"
#include "packet/tcpdump_printer.h"

namespace {
[[noreturn]] void usage_error(const std::string &msg) {
    throw wiretrace::FatalError(msg, "Try 'wiredump -h' for more information.", 1);
}

const char *k_usage =
    "Usage: wiredump [-nAeStvxX] [-c COUNT] [-d|-dd|-ddd] [-i IFACE | -r FILE] [-w FILE] [-s SNAPLEN]\n"
    "                [--time-stamp-precision=nano]\n"
    "                [--capture-plugin PATH] [EXPRESSION]\n"
    "  -r FILE                 read packets from FILE (pcap or pcapng; '-' is standard input)\n"
    "  -c COUNT                stop after COUNT packets\n"
    "  -t ... -ttttt           no timestamps; epoch; since the previous packet; date; since the first\n"
    "  -S                      absolute TCP sequence numbers\n"
    "  -e                      the link-level header on each line\n"
    "  -v                      IP header details and checksum verdicts\n"
    "  -x, -X, -A              the packet after its link header in hex, hex and ASCII, ASCII\n"
    "  -n, -nn                 (addresses and ports are always printed as numbers)\n"
    "  -d, -dd, -ddd           print the compiled filter as text, a C array, or decimal numbers\n"
    "                          (with -d: the filter is compiled for FILE's link type)\n"
    "  --capture-plugin PATH   the capture plugin to load (default: the libpcap plugin beside\n"
    "                          the executable)\n"
    "  -i IFACE                capture live on IFACE (default any); -s SNAPLEN (0: 262144),\n"
    "                          -B KiB buffer, --immediate-mode\n"
    "  -w FILE                 write the packets to FILE: pcapng, or pcap for *.pcap or --pcap\n";
}  // namespace

namespace {
struct ReadState {
    wiretrace::TcpdumpPrinter *printer;
    int linktype;
    std::string *out;
    long printed = 0;
    wiretrace::CaptureWriter *writer = nullptr;  // -w: packets go to the file, not the screen
};

volatile sig_atomic_t g_stop = 0;
const wt_capture_plugin *g_api = nullptr;
wt_capture_handle *g_handle = nullptr;
void on_stop(int) {
    g_stop = 1;
    // a dispatch waiting for packets must return now (ABI 1.1)
    if (g_api && g_handle && g_api->struct_size >= offsetof(wt_capture_plugin, breakloop) + sizeof(g_api->breakloop))
        g_api->breakloop(g_handle);
}

void on_packet(void *user, const wt_packet *pkt) {
    auto *st = static_cast<ReadState *>(user);
    st->printed++;
    if (st->writer) {
        st->writer->write(pkt->ts_sec, pkt->ts_nsec, pkt->data, pkt->caplen, pkt->len);
        return;
    }
    wiretrace::PacketTime ts{pkt->ts_sec, pkt->ts_nsec};
    st->printer->print(*st->out, st->linktype, ts, pkt->data, pkt->caplen, pkt->len);
    if (st->out->size() > (1 << 16)) {
        std::fwrite(st->out->data(), 1, st->out->size(), stdout);
        st->out->clear();
    }
}
}  // namespace

int main(int argc, char **argv) {
    using namespace wiretrace;
    try {
        int dump = 0, tcount = 0;
        long count = -1;
        bool nano = false, absolute = false, link_header = false, verbose = false, immediate = false,
             force_pcap = false;
        std::string iface, write_file;
        int snaplen = 262144, buffer_kib = 0;
        int hex = 0;
        std::string file, plugin_path;
        std::vector<std::string> expr;
        for (int i = 1; i < argc; i++) {
            std::string a = argv[i];
            auto value = [&](size_t k) -> std::string {
                if (k + 1 < a.size()) return a.substr(k + 1);
                if (i + 1 >= argc) usage_error(std::string("option requires an argument -- '") + a[k] + "'");
                return argv[++i];
            };
            if (a == "-h" || a == "--help") {
                std::fputs(k_usage, stdout);
                return 0;
            } else if (a == "--capture-plugin") {
                if (i + 1 >= argc) usage_error("option '--capture-plugin' requires an argument");
                plugin_path = argv[++i];
            } else if (a.rfind("--capture-plugin=", 0) == 0) {
                plugin_path = a.substr(17);
            } else if (a == "--immediate-mode") {
                immediate = true;
            } else if (a == "--pcap") {
                force_pcap = true;
            } else if (a == "--time-stamp-precision=nano" || a == "--nano") {
                nano = true;
            } else if (a == "--time-stamp-precision=micro" || a == "--micro") {
                nano = false;
            } else if (a.size() > 1 && a[0] == '-' && a[1] != '-') {
                // tcpdump's short options, clustered as getopt allows: -nnr FILE, -c10
                for (size_t k = 1; k < a.size(); k++) {
                    char ch = a[k];
                    if (ch == 'n') continue;  // addresses and ports are always numeric
                    if (ch == 'd') {
                        dump++;
                    } else if (ch == 't') {
                        tcount++;
                    } else if (ch == 'S') {
                        absolute = true;
                    } else if (ch == 'e') {
                        link_header = true;
                    } else if (ch == 'v') {
                        verbose = true;
                    } else if (ch == 'x') {
                        hex = std::max(hex, 1);
                    } else if (ch == 'X') {
                        hex = 2;
                    } else if (ch == 'A') {
                        hex = 3;
                    } else if (ch == 'r') {
                        file = value(k);
                        break;
                    } else if (ch == 'i') {
                        iface = value(k);
                        break;
                    } else if (ch == 'w') {
                        write_file = value(k);
                        break;
                    } else if (ch == 's' || ch == 'B') {
                        std::string v = value(k);
                        char *end = nullptr;
                        long n = std::strtol(v.c_str(), &end, 10);
                        if (v.empty() || *end || n < 0)
                            throw FatalError("invalid " + std::string(ch == 's' ? "snaplen " : "buffer size ") + v);
                        if (ch == 's')
                            snaplen = n == 0 ? 262144 : static_cast<int>(n);
                        else
                            buffer_kib = static_cast<int>(n);
                        break;
                    } else if (ch == 'c') {
                        std::string v = value(k);
                        char *end = nullptr;
                        count = std::strtol(v.c_str(), &end, 10);
                        if (v.empty() || *end || count <= 0) throw FatalError("invalid packet count " + v);
                        break;
                    } else {
                        throw FatalError(std::string("option -") + ch + " is not supported yet");
                    }
                }
            } else if (a.size() > 1 && a[0] == '-') {
                throw FatalError("option " + a + " is not supported yet");
            } else {
                expr.push_back(a);
            }
        }
        std::string expression;
        for (const auto &w : expr) expression += (expression.empty() ? "" : " ") + w;
        auto plugin = CapturePlugin::load(plugin_path);
        const wt_capture_plugin &api = plugin->api();
        char err[512] = {};
        if (dump) {
            int linktype = 1 /* DLT_EN10MB */, snaplen = 262144;
            if (!file.empty()) {
                wt_capture_handle *h = api.open_offline(file.c_str(), 0, err, sizeof err);
                if (!h) throw FatalError(err);
                linktype = api.linktype(h);
                snaplen = api.snaplen(h);
                api.close(h);
            }
            std::vector<char> out(1 << 20);
            int n = api.dump_filter(linktype, snaplen, expression.c_str(), std::min(dump, 3), out.data(), out.size(),
                                    err, sizeof err);
            if (n < 0) throw FatalError(err);
            std::fwrite(out.data(), 1, static_cast<size_t>(n), stdout);
            return 0;
        }
        bool live = file.empty();
        wt_capture_handle *h;
        if (live) {
            if (iface.empty()) iface = "any";
            wt_live_options lo{};
            lo.struct_size = sizeof lo;
            lo.device = iface.c_str();
            lo.snaplen = snaplen;
            lo.promisc = 1;
            lo.buffer_size = buffer_kib * 1024;
            lo.immediate = immediate;
            lo.nano = nano;
            lo.netns_fd = -1;
            h = api.open_live(&lo, err, sizeof err);
        } else {
            h = api.open_offline(file.c_str(), nano, err, sizeof err);
        }
        if (!h) throw FatalError(err);
        if (!expression.empty() && api.set_filter(h, expression.c_str(), err, sizeof err) != 0) {
            api.close(h);
            throw FatalError(err);
        }
        int linktype = api.linktype(h);
        if (live)
            std::fprintf(stderr, "wiredump: listening on %s, link-type %s, snapshot length %d bytes\n", iface.c_str(),
                         TcpdumpPrinter::linktype_name(linktype), api.snaplen(h));
        else
            std::fprintf(stderr, "reading from file %s, link-type %s, snapshot length %d\n", file.c_str(),
                         TcpdumpPrinter::linktype_name(linktype), api.snaplen(h));
        if (linktype == 276) std::fprintf(stderr, "Warning: interface names might be incorrect\n");
        TcpdumpOptions topt;
        topt.timestamps = std::min(tcount, 5);
        topt.nano = nano;
        topt.absolute_seq = absolute;
        topt.link_header = link_header;
        topt.verbose = verbose;
        topt.hex = hex;
        TcpdumpPrinter printer(topt);
        std::string out;
        std::unique_ptr<CaptureWriter> writer;
        if (!write_file.empty())
            writer = std::make_unique<CaptureWriter>(write_file, CaptureWriter::format_for(write_file, force_pcap),
                                                     linktype, api.snaplen(h), live ? iface : "",
                                                     "wiredump (wiretrace " WIRETRACE_VERSION ")");
        ReadState st{&printer, linktype, &out};
        st.writer = writer.get();
        // Ctrl-C and SIGTERM end a live capture with the file complete
        g_api = &api;
        g_handle = h;
        struct sigaction sa {};
        sa.sa_handler = on_stop;
        sigemptyset(&sa.sa_mask);
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
        int rc = 0;
        while (!g_stop && (count < 0 || st.printed < count)) {
            int max = count < 0 ? 256 : static_cast<int>(std::min<long>(256, count - st.printed));
            rc = api.dispatch(h, max, 100, on_packet, &st, err, sizeof err);
            if (rc < 0 || (rc == 0 && !live)) break;
            if (live && !out.empty()) {  // live lines appear as they come
                std::fwrite(out.data(), 1, out.size(), stdout);
                std::fflush(stdout);
                out.clear();
            }
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        std::fflush(stdout);
        wt_capture_stats stats{};
        stats.struct_size = sizeof stats;
        bool have_stats = live && api.stats(h, &stats, err, sizeof err) == 0;
        if (writer)
            writer->close(have_stats ? stats.received : static_cast<uint64_t>(st.printed),
                          have_stats ? stats.dropped : 0);
        g_handle = nullptr;
        api.close(h);
        if (rc == -1) throw FatalError(err);  // a truncated or corrupt file, after its good packets
        if (live) {
            // tcpdump's closing statistics
            std::fprintf(stderr, "%ld packet%s captured\n", st.printed, st.printed == 1 ? "" : "s");
            std::fprintf(stderr, "%llu packet%s received by filter\n", static_cast<unsigned long long>(stats.received),
                         stats.received == 1 ? "" : "s");
            std::fprintf(stderr, "%llu packet%s dropped by kernel\n", static_cast<unsigned long long>(stats.dropped),
                         stats.dropped == 1 ? "" : "s");
        }
        return 0;
    } catch (const FatalError &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "wiredump: %s\n", e.what());
        if (!e.hint.empty()) std::fprintf(stderr, "%s\n", e.hint.c_str());
        return e.exit_code;
    }
}
