// wiretrace's packet side: the capture (plugin, thread, queue), and for each packet, in order,
// one dissection, the correlator's attribution (and the scope: only the traced sockets' flows
// unless --capture-all), Wireshark's TCP analysis, the pcapng record with the attribution as
// its comment, and the "## " line in the trace. The tracer owns one, feeds its correlator the
// syscall events and calls drain() when the capture thread has queued packets.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analysis/tcp_analysis.h"
#include "capture/capture_session.h"
#include "capture/plugin.h"
#include "correlate/correlator.h"
#include "output/strace_printer.h"
#include "packet/capture_writer.h"
#include "packet/tcpdump_printer.h"
#include "views/traffic.h"

namespace wiretrace {

// --capture and friends: the traced program's packets in the same stream.
struct CaptureOptions {
    bool enabled = false;  // --capture[=IFACE] (or any other --capture-* option)
    std::string device = "any";
    std::string filter;             // --capture-filter EXPR
    int snaplen = 262144;           // --snaplen N (0: 262144)
    std::string file;               // --capture-file FILE (pcapng; pcap for *.pcap)
    std::string netns;              // --capture-netns PATH
    std::string plugin;             // --capture-plugin PATH (default: the libpcap plugin)
    bool analysis = true;           // Wireshark's TCP warnings on packet lines (--no-analysis: off)
    bool summary = false;           // --analysis-summary
    bool explain = false;           // --explain
    bool verify_checksums = false;  // --verify-checksums
    bool capture_all = false;       // --capture-all: every packet, not only the traced sockets'
    bool net_summary = false;       // --net-summary
    CorrelatorOptions correlation;  // --show-packets, --latency
};

class NetSession {
public:
    // Opens the plugin and the capture (before anything runs); throws FatalError. With `json`,
    // packets and notes go there as JSON Lines instead of "## " lines on the printer.
    // `message` prints a "wiretrace: " line (a failing capture file is reported, not fatal).
    NetSession(const CaptureOptions &opt, StracePrinter &printer, std::function<void(const std::string &)> message,
               OutBuf *json = nullptr);
    ~NetSession();
    NetSession(const NetSession &) = delete;
    NetSession &operator=(const NetSession &) = delete;

    // Starts the capture thread; on_queued is called from it when packets wait.
    void start(std::function<void()> on_queued);
    Correlator &correlator() { return correlator_; }
    // --top: every packet shown is counted there too
    void set_traffic(TrafficTable *t) { traffic_ = t; }
    // Takes what the capture queued: attributes, writes and prints it.
    void drain();
    // After a socket call returned: packets held for it, and the correlator's notes.
    void after_call();
    // The end: the last packets, the file's statistics, the summaries.
    void finish();

private:
    struct Held {
        CapturedPacket p;
        std::vector<uint8_t> bytes;
        int64_t since_ns;  // CLOCK_MONOTONIC when it was first held
    };
    void packet(const CapturedPacket &p);  // one packet from the queue, in order
    void hold(const CapturedPacket &p);
    bool emit(const CapturedPacket &p, const PacketView &v, bool attributed);
    void release(bool all);  // held packets that can be decided now (all: the end)
    void notes();
    // The capture file failed (a full disk): said once, the file cut after its last whole
    // packet, no more writing - the trace and the command go on.
    void file_failed(const std::exception &e);
    void note(std::string_view type, const std::string &text);  // hints, summaries: lines or JSON

    const CaptureOptions &opt_;
    StracePrinter &printer_;
    std::function<void(const std::string &)> message_;
    OutBuf *json_;
    std::string json_buf_;
    std::unique_ptr<CapturePlugin> plugin_;
    std::unique_ptr<CaptureSession> capture_;
    std::unique_ptr<CaptureWriter> writer_;
    std::unique_ptr<TcpdumpPrinter> packet_printer_;
    TcpAnalyzer analyzer_;
    Correlator correlator_;
    Attribution attribution_;
    PacketBatch batch_;
    std::deque<Held> held_;
    std::string text_, comment_;
    uint64_t seen_ = 0;  // taken from the capture
    uint64_t kept_ = 0;  // shown and written (the frame numbers)
    bool capture_failed_said_ = false;
    TrafficTable *traffic_ = nullptr;
};

}  // namespace wiretrace
