// Wireshark's TCP sequence analysis (tshark 4.0.17, ../shared/pcaps/NOTES-wireshark-rules.md):
// per conversation and direction, the rules and precedence of packet-tcp.c's
// tcp_analyze_sequence_number, plus checksum verification (IPv4, TCP, UDP), IPv4 reassembly
// and "packet size limited during capture". Frames are fed in capture order; each gets a
// FrameAnalysis (the verdict), while the state stays per flow.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "packet/packet_view.h"
#include "packet/tcpdump_printer.h"

namespace wiretrace {

// The expert flags of one TCP segment (tcp.analysis.*).
enum TcpFlag : uint32_t {
    kTcpRetransmission = 1u << 0,
    kTcpFastRetransmission = 1u << 1,
    kTcpSpuriousRetransmission = 1u << 2,
    kTcpOutOfOrder = 1u << 3,
    kTcpLostSegment = 1u << 4,     // previous segment not captured
    kTcpAckLostSegment = 1u << 5,  // ACKed segment that wasn't captured
    kTcpDupAck = 1u << 6,
    kTcpZeroWindow = 1u << 7,
    kTcpWindowFull = 1u << 8,
    kTcpKeepAlive = 1u << 9,
    kTcpKeepAliveAck = 1u << 10,
    kTcpWindowUpdate = 1u << 11,
    kTcpZeroWindowProbe = 1u << 12,
    kTcpZeroWindowProbeAck = 1u << 13,
    kTcpReusedPorts = 1u << 14,
};

// tshark's checksum status values.
enum ChecksumStatus : int8_t {
    kCsumAbsent = -1,  // no such field in the frame
    kCsumBad = 0,
    kCsumGood = 1,
    kCsumUnverified = 2,
    kCsumNotPresent = 3,  // UDP over IPv4 with checksum 0
    kCsumIllegal = 4,     // UDP over IPv6 with checksum 0
};

struct FrameAnalysis {
    uint64_t frame = 0;
    bool tcp = false;    // a TCP header was dissected (outside ICMP errors)
    uint32_t flags = 0;  // TcpFlag, as shown (none when the header was cut)
    uint32_t dupack_num = 0;
    uint64_t dupack_of = 0;  // the frame this ACK duplicates
    int8_t tcp_checksum = kCsumAbsent, ip_checksum = kCsumAbsent, udp_checksum = kCsumAbsent;
    bool short_frame = false;        // "packet size limited during capture"
    bool tcp_checksum_ffff = false;  // bad because 0xffff stands where 0x0000 belongs
    uint32_t conversation = 0;       // 1-based TCP conversation index, 0 for none
    int direction = 0;               // 0: from the side that sent the conversation's first frame, 1: back
};

class TcpAnalyzer {
public:
    TcpAnalyzer();
    ~TcpAnalyzer();
    TcpAnalyzer(const TcpAnalyzer &) = delete;
    TcpAnalyzer &operator=(const TcpAnalyzer &) = delete;

    // The next frame of the capture (frames are numbered from 1 in the order given).
    FrameAnalysis analyze(const PacketView &v, const PacketTime &ts);
    // The same, dissecting the frame first (when nothing else reads its view).
    FrameAnalysis analyze(int linktype, const PacketTime &ts, const uint8_t *data, uint32_t caplen, uint32_t len);

    struct Conversation;
    // --analysis-summary: one row per TCP conversation (endpoints, packets and bytes each way,
    // start relative to the first frame, duration, iRTT, the count of each warning), the
    // columns of tshark -z conv,tcp and the counts of -z expert.
    // Bad TCP checksums are counted only with `checksums` (--verify-checksums).
    void print_summary(std::string &out, bool checksums) const;

    // Puts the frame's Info-column brackets, in Wireshark's order and wording, at the end of the
    // first line of `text` that starts at `line_start` (each with a space before it): the
    // analysis flags when `flags` (" [TCP Dup ACK 12#1]", " [TCP ZeroWindowProbeAck] [TCP
    // ZeroWindow]"), bad checksums when `checksums` (" [TCP CHECKSUM INCORRECT]").
    static void annotate(std::string &text, size_t line_start, const FrameAnalysis &a, bool flags, bool checksums);

    // Whether to verify checksums (on by default; the CSV needs them, packet lines only with
    // --verify-checksums): off, the checksum fields stay kCsumAbsent.
    void set_checksums(bool on);

    // --explain: plain-language hints for the first occurrence of each warning, ready to be
    // printed after the frame just analysed (some come later: whether a segment that was not
    // captured was lost on the way is known when it is resent or acknowledged).
    void set_explain(bool on) { explain_ = on; }
    // Long captures must not grow: live, conversations that closed (FINs both ways, or a RST)
    // and were quiet for a minute, or quiet for half an hour, are forgotten (a later segment on
    // their ports starts a new one); in a file (`file`), only closed ones quiet for ten minutes
    // of capture time, so that frames are judged as tshark judges them but for a port reused
    // that long after. With `keep_for_summary` their rows stay for print_summary. Off (the
    // default, and tshark's CSV) every conversation is kept.
    void set_expiry(bool on, bool keep_for_summary, bool file = false);
    size_t live_conversations() const;  // (for tests)
    std::vector<std::string> take_hints();
    // At the end: what is still undecided, and the checksum-offload note.
    std::vector<std::string> finish(bool checksums);

    // tshark-style CSV of ../shared/pcaps/tools/fields.txt: the header row, and one frame's row.
    static std::string csv_header();
    static void csv_row(std::string &out, const FrameAnalysis &a);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    bool explain_ = false;
};

}  // namespace wiretrace
