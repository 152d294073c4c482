// wiredump: tcpdump's command line over wiretrace's capture plugin: reads pcap/pcapng files and
// prints tcpdump's -nn lines (src/packet/tcpdump_printer), compiles and dumps filters (-d, -dd,
// -ddd). Live capture and writing come next.
#include <cstdint>

#include <linux/capability.h>
#include <signal.h>
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/tcp_analysis.h"
#include "capture/capture_session.h"
#include "capture/plugin.h"
#include "common.h"
#include "packet/capture_writer.h"
#include "packet/tcpdump_printer.h"
#include "views/top_capture.h"

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
    "                          -B KiB kernel buffer (default 65536), --immediate-mode\n"
    "  -w FILE                 write the packets to FILE: pcapng, or pcap for *.pcap or --pcap\n"
    "  -U                      with -w: packets reach the file as they are captured\n"
    "  --analysis              Wireshark's TCP analysis on each line: [TCP Retransmission],\n"
    "                          [TCP Dup ACK 12#1], [TCP Previous segment not captured], ...\n"
    "  --analysis-summary      at the end, one row per TCP conversation: packets and bytes each\n"
    "                          way, start, duration, iRTT, and the count of each warning\n"
    "  --explain               (implies --analysis) a plain-language hint under the first\n"
    "                          occurrence of each warning\n"
    "  --verify-checksums      check IPv4/TCP/UDP checksums and say so on each bad frame\n"
    "  --top                   with -i: a live full-screen view of the interface (iftop's job): its\n"
    "                          connections with their 2 s, 10 s, 40 s rates, totals, TCP state and\n"
    "                          warnings; its counters (sar -n DEV,EDEV). Plain text every second\n"
    "                          when stdout is not a terminal. Keys: h in the view\n"
    "  --analysis-csv          with -r: Wireshark's TCP analysis flags and checksum verdicts per\n"
    "                          frame, as CSV (the columns of tshark -T fields)\n";
}  // namespace

namespace {
struct ReadState {
    ReadState(wiretrace::TcpdumpPrinter *p, int lt, std::string *o) : printer(p), linktype(lt), out(o) {}
    wiretrace::TcpdumpPrinter *printer;
    int linktype;
    std::string *out;
    long printed = 0;
    wiretrace::CaptureWriter *writer = nullptr;  // -w: packets go to the file, not the screen
    wiretrace::TcpAnalyzer *csv = nullptr;       // --analysis-csv: a CSV row per frame instead
    wiretrace::TcpAnalyzer *analyzer = nullptr;  // --analysis and friends
    bool flags_on_lines = false, checksums = false;
    bool interactive = false;  // stdout is a terminal: each packet is shown as it is read, as tcpdump

    void consume(const wiretrace::CapturedPacket &p) {
        printed++;
        wiretrace::PacketTime ts{p.sec, p.nsec};
        if (csv) {
            wiretrace::TcpAnalyzer::csv_row(*out, csv->analyze(linktype, ts, p.data, p.caplen, p.len));
            if (out->size() > (1 << 16)) flush();
            return;
        }
        if (writer && !analyzer) {
            writer->write(p.sec, p.nsec, p.data, p.caplen, p.len, static_cast<int>(p.direction));
            return;
        }
        // dissected once: the analysis and the printer read the same view
        wiretrace::PacketView v = wiretrace::dissect(linktype, p.data, p.caplen, p.len);
        wiretrace::FrameAnalysis fa;
        if (analyzer) fa = analyzer->analyze(v, ts);
        if (writer) {
            writer->write(p.sec, p.nsec, p.data, p.caplen, p.len, static_cast<int>(p.direction));
            return;
        }
        size_t at = out->size();
        printer->print(*out, v, ts);
        if (analyzer) {
            wiretrace::TcpAnalyzer::annotate(*out, at, fa, flags_on_lines, checksums);
            for (const auto &h : analyzer->take_hints()) *out += "  " + h + "\n";
        }
        if (interactive || out->size() > (1 << 16)) flush();
    }
    void flush() {
        std::fwrite(out->data(), 1, out->size(), stdout);
        out->clear();
    }
};

volatile sig_atomic_t g_stop = 0;
// What a signal must interrupt: a file's dispatch, or the live capture thread.
const wt_capture_plugin *g_api = nullptr;
wt_capture_handle *g_handle = nullptr;
wiretrace::CaptureSession *g_session = nullptr;
void on_stop(int) {
    g_stop = 1;
    if (g_session) g_session->request_stop();
    if (g_api && g_handle && WT_HAS_FIELD(g_api, wt_capture_plugin, breakloop)) g_api->breakloop(g_handle);
}

// Installed with file capabilities (setcap cap_net_raw,cap_net_admin+ep) or set-id, wiredump
// needs them only to open the capture: once it and the -w file are open, it gives them all up
// (tcpdump's -Z does the same by changing user).
void drop_raised_privileges() {
    if (!getauxval(AT_SECURE)) return;
    __user_cap_header_struct h{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct d[2] = {};
    if (syscall(SYS_capset, &h, d) != 0)
        throw wiretrace::FatalError(std::string("cannot drop capabilities: ") + strerror(errno));
    if (setgid(getgid()) != 0 || setuid(getuid()) != 0)
        throw wiretrace::FatalError(std::string("cannot drop set-id privileges: ") + strerror(errno));
}

void on_file_packet(void *user, const wt_packet *pkt) {
    wiretrace::CapturedPacket p{pkt->ts_sec, pkt->ts_nsec, pkt->caplen, pkt->len, WT_DIR_UNKNOWN, pkt->data};
    static_cast<ReadState *>(user)->consume(p);
}

// The plugin's device list: one "name\tdescription\tflags" per device.
struct Device {
    std::string name, description, flags;
};
std::vector<Device> list_devices(const wt_capture_plugin &api) {
    if (!WT_HAS_FIELD(&api, wt_capture_plugin, list_devices))
        throw wiretrace::FatalError("the capture plugin cannot list interfaces (ABI older than 1.2)");
    std::vector<char> buf(1 << 16);
    char err[512] = {};
    int n = api.list_devices(buf.data(), buf.size(), err, sizeof err);
    if (n < 0) throw wiretrace::FatalError(err);
    std::vector<Device> devs;
    std::string text(buf.data(), static_cast<size_t>(n));
    size_t pos = 0;
    while (pos < text.size()) {
        size_t eol = text.find('\n', pos);
        if (eol == std::string::npos) eol = text.size();
        std::string line = text.substr(pos, eol - pos);
        pos = eol + 1;
        size_t t1 = line.find('\t'), t2 = line.find('\t', t1 == std::string::npos ? line.size() : t1 + 1);
        if (t1 == std::string::npos || t2 == std::string::npos) continue;
        devs.push_back({line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
    }
    return devs;
}

void print_stat_line(unsigned long long n, const char *what) {
    std::fprintf(stderr, "%llu packet%s %s\n", n, n == 1 ? "" : "s", what);
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
        // tcpdump's -B default is libpcap's 2 MiB: at loopback speeds that is a millisecond of
        // traffic, lost whenever the capture thread is not scheduled for that long
        int snaplen = 262144, buffer_kib = 65536;
        int hex = 0, direction = 0;
        bool list = false, packet_buffered = false, analysis_csv = false, analysis = false, summary = false,
             explain = false, verify = false, top = false;
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
            } else if (a == "--top") {
                top = true;
            } else if (a == "--immediate-mode") {
                immediate = true;
            } else if (a == "--analysis-csv") {
                analysis_csv = true;
            } else if (a == "--analysis") {
                analysis = true;
            } else if (a == "--analysis-summary") {
                summary = true;
            } else if (a == "--explain") {
                explain = analysis = true;
            } else if (a == "--verify-checksums") {
                verify = true;
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
                    } else if (ch == 'D') {
                        list = true;
                    } else if (ch == 'Q') {
                        std::string v = value(k);
                        if (v == "in")
                            direction = WT_DIR_IN;
                        else if (v == "out")
                            direction = WT_DIR_OUT;
                        else if (v == "inout")
                            direction = 0;
                        else
                            throw FatalError("unknown capture direction `" + v + "'");
                        break;
                    } else if (ch == 'U') {
                        packet_buffered = true;
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
        if (analysis_csv && file.empty()) throw FatalError("--analysis-csv needs -r FILE");
        if (top && !file.empty()) throw FatalError("--top is a live view: it needs -i IFACE, not -r FILE");
        if (top && !write_file.empty()) throw FatalError("--top and -w are mutually exclusive");
        std::string expression;
        for (const auto &w : expr) expression += (expression.empty() ? "" : " ") + w;
        auto plugin = CapturePlugin::load(plugin_path);
        const wt_capture_plugin &api = plugin->api();
        char err[512] = {};
        if (list) {
            // tcpdump -D: "1.eth0 [Up, Running, Connected]"
            int i = 0;
            for (const Device &d : list_devices(api))
                std::printf("%d.%s%s [%s]\n", ++i, d.name.c_str(),
                            d.description.empty() ? "" : (" (" + d.description + ")").c_str(),
                            d.flags.empty() ? "none" : d.flags.c_str());
            return 0;
        }
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
        TcpdumpOptions topt;
        topt.timestamps = std::min(tcount, 5);
        topt.nano = nano;
        topt.absolute_seq = absolute;
        topt.link_header = link_header;
        topt.verbose = verbose;
        topt.hex = hex;
        if (file.empty()) topt.forget_idle_s = 1800;  // live: bounded memory (a file keeps tcpdump's rule)
        TcpdumpPrinter printer(topt);
        std::string out;
        std::unique_ptr<CaptureWriter> writer;
        auto open_writer = [&](int linktype, int snap, const std::string &ifname) {
            if (!write_file.empty())
                writer = std::make_unique<CaptureWriter>(write_file, CaptureWriter::format_for(write_file, force_pcap),
                                                         linktype, snap, ifname,
                                                         "wiredump (wiretrace " WIRETRACE_VERSION ")");
            if (writer && packet_buffered) writer->set_packet_buffered();
        };
        auto setup_analysis = [&](ReadState &st, TcpAnalyzer &an) {
            if (!(analysis || summary || explain || verify)) return;
            st.analyzer = &an;
            st.flags_on_lines = analysis;
            st.checksums = verify;
            an.set_explain(explain);
            an.set_checksums(verify);
            if (verify)
                std::fprintf(stderr,
                             "wiredump: verifying checksums: frames sent by the capturing host usually "
                             "show as bad (checksum offload)\n");
        };
        auto finish_analysis = [&](ReadState &st) {
            if (!st.analyzer) return;
            for (const auto &l : st.analyzer->finish(verify)) out += "  " + l + "\n";
            if (summary) st.analyzer->print_summary(out, verify);
        };
        struct sigaction sa {};
        sa.sa_handler = on_stop;
        sa.sa_flags = SA_RESTART;  // a write to a slow reader must not fail half done
        sigemptyset(&sa.sa_mask);
        if (!file.empty()) {
            // nanoseconds always: the analysis needs them; the printer truncates to microseconds itself
            wt_capture_handle *h = api.open_offline(file.c_str(), 1, err, sizeof err);
            if (!h) throw FatalError(err);
            if (!expression.empty() && api.set_filter(h, expression.c_str(), err, sizeof err) != 0) {
                api.close(h);
                throw FatalError(err);
            }
            int linktype = api.linktype(h);
            std::fprintf(stderr, "reading from file %s, link-type %s, snapshot length %d\n", file.c_str(),
                         TcpdumpPrinter::linktype_name(linktype).c_str(), api.snaplen(h));
            // libpcap maps the link types it knows into [104, 289] (LINKTYPE_MATCHING_MIN/MAX) or
            // below; past that, tcpdump refuses the file
            if (linktype > 289) {
                api.close(h);
                throw FatalError("unknown data link type " + std::to_string(linktype) + " (min 104, max 289)");
            }
            if (linktype == 276) std::fprintf(stderr, "Warning: interface names might be incorrect\n");
            open_writer(linktype, api.snaplen(h), "");
            ReadState st(&printer, linktype, &out);
            st.writer = writer.get();
            TcpAnalyzer analyzer;
            if (analysis_csv) {
                st.csv = &analyzer;
                out = TcpAnalyzer::csv_header();
            }
            setup_analysis(st, analyzer);
            if (!analysis_csv) analyzer.set_expiry(true, summary, true);  // (the CSV is tshark's, frame for frame)
            g_api = &api;
            g_handle = h;
            st.interactive = isatty(STDOUT_FILENO);
            // (no SA_RESTART here: a read from a stalled pipe must end on Ctrl-C, with what it has)
            sa.sa_flags = 0;
            for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
            int rc = 0;
            while (!g_stop && (count < 0 || st.printed < count)) {
                int max = count < 0 ? 256 : static_cast<int>(std::min<long>(256, count - st.printed));
                rc = api.dispatch(h, max, 100, on_file_packet, &st, err, sizeof err);
                if (rc <= 0) break;
            }
            if (g_stop) rc = 0;  // interrupted: what was read is the result, not an error
            finish_analysis(st);
            st.flush();
            std::fflush(stdout);
            if (writer) writer->close(static_cast<uint64_t>(st.printed), 0);
            g_handle = nullptr;
            api.close(h);
            if (rc == -1) throw FatalError(err);  // a truncated or corrupt file, after its good packets
            return 0;
        }

        // Live: the capture thread reads and queues; this thread prints or writes.
        if (iface.empty()) iface = "any";
        if (iface.find_first_not_of("0123456789") == std::string::npos) {
            // tcpdump's -i N: the Nth interface of -D's list
            auto devs = list_devices(api);
            size_t n = std::stoul(iface);
            if (n == 0 || n > devs.size()) throw FatalError("interface number " + iface + " out of range");
            iface = devs[n - 1].name;
        }
        LiveConfig lc;
        lc.device = iface;
        lc.snaplen = snaplen;
        lc.buffer_kib = buffer_kib;
        lc.immediate = immediate;
        lc.nano = true;  // printed in microseconds unless asked (truncated, as libpcap does)
        lc.direction = direction;
        lc.filter = expression;
        CaptureSession session(*plugin, lc);
        int linktype = session.linktype();
        std::fprintf(stderr, "wiredump: listening on %s, link-type %s, snapshot length %d bytes\n", iface.c_str(),
                     TcpdumpPrinter::linktype_name(linktype).c_str(), session.snaplen());
        if (top) {
            drop_raised_privileges();
            g_session = &session;
            for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
            run_capture_top(session, iface, g_stop);
            g_session = nullptr;
            CaptureSession::Stats stats = session.stats();
            std::string failed = session.error();
            if (!failed.empty()) std::fprintf(stderr, "wiredump: %s\n", failed.c_str());
            print_stat_line(stats.received, "received by filter");
            print_stat_line(stats.dropped, "dropped by kernel");
            return failed.empty() ? 0 : 1;
        }
        open_writer(linktype, session.snaplen(), iface);
        drop_raised_privileges();
        ReadState st(&printer, linktype, &out);
        st.writer = writer.get();
        TcpAnalyzer analyzer;
        setup_analysis(st, analyzer);
        analyzer.set_expiry(true, summary);  // a live capture may run for days
        g_session = &session;
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
        session.start();
        PacketBatch batch;
        bool more = true;
        auto consume = [&](const PacketBatch &b) {
            b.for_each([&](const CapturedPacket &p) {
                if (count >= 0 && st.printed >= count) return;
                st.consume(p);
            });
            if (!out.empty()) {  // live lines appear as they come
                st.flush();
                std::fflush(stdout);
            }
            if (writer) {
                writer->flush();
                writer->checkpoint();
            }
        };
        while (more && !g_stop && (count < 0 || st.printed < count)) {
            more = session.take(batch, 100);
            consume(batch);
        }
        session.stop();
        g_session = nullptr;
        // what the thread had queued before the stop is kept: the file ends complete
        while (count < 0 || st.printed < count) {
            if (!session.take(batch, 0) || batch.empty()) break;
            consume(batch);
        }
        finish_analysis(st);
        st.flush();
        std::fflush(stdout);
        CaptureSession::Stats stats = session.stats();
        if (writer) writer->close(stats.valid ? stats.received : static_cast<uint64_t>(st.printed), stats.dropped);
        // a capture that failed (the interface went away) says why, then, as tcpdump, still
        // its closing statistics, and exits 1
        std::string failed = session.error();
        if (!failed.empty()) std::fprintf(stderr, "wiredump: %s\n", failed.c_str());
        print_stat_line(static_cast<unsigned long long>(st.printed), "captured");
        print_stat_line(stats.received, "received by filter");
        print_stat_line(stats.dropped, "dropped by kernel");
        if (stats.overflow) print_stat_line(stats.overflow, "dropped by wiredump (it fell behind)");
        return failed.empty() ? 0 : 1;
    } catch (const FatalError &e) {
        std::fflush(stdout);
        std::fprintf(stderr, "wiredump: %s\n", e.what());
        if (!e.hint.empty()) std::fprintf(stderr, "%s\n", e.hint.c_str());
        return e.exit_code;
    }
}
