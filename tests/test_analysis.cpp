// Wireshark's TCP sequence analysis against tshark 4.0.17: the recorded answers of every
// public capture (byte for byte, and through ../shared/pcaps/score.sh), and fresh traffic made
// at test time across a lossy bridge between two namespaces, judged by tshark on the same file.
#include <gtest/gtest.h>
#include <glob.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <regex>
#include <sstream>

#include "analysis/tcp_analysis.h"
#include "packet/capture_writer.h"
#include "run_helper.h"

namespace {
std::string source_dir() {
    std::string f = __FILE__;
    return f.substr(0, f.rfind('/'));
}
std::string shared_pcaps() {
    return source_dir() + "/../../shared/pcaps";
}

std::vector<std::string> public_captures() {
    std::vector<std::string> v;
    for (const char *pat : {"/public/*.pcap", "/public/*.pcapng"}) {
        glob_t g{};
        if (glob((shared_pcaps() + pat).c_str(), 0, nullptr, &g) == 0)
            for (size_t i = 0; i < g.gl_pathc; i++) v.push_back(g.gl_pathv[i]);
        globfree(&g);
    }
    return v;
}

std::string stem(const std::string &path) {
    std::string n = path.substr(path.rfind('/') + 1);
    return n.substr(0, n.rfind('.'));
}

// tshark's own CSV for a capture: the columns of fields.txt, checksums verified.
RunResult tshark_csv(const std::string &file) {
    std::vector<std::string> argv{"/usr/bin/tshark",
                                  "-n",
                                  "-r",
                                  file,
                                  "-o",
                                  "tcp.check_checksum:TRUE",
                                  "-o",
                                  "ip.check_checksum:TRUE",
                                  "-o",
                                  "udp.check_checksum:TRUE",
                                  "-T",
                                  "fields",
                                  "-E",
                                  "header=y",
                                  "-E",
                                  "separator=,",
                                  "-E",
                                  "occurrence=f"};
    std::string header = wiretrace::TcpAnalyzer::csv_header();
    header.pop_back();
    std::stringstream ss(header);
    std::string col;
    while (std::getline(ss, col, ',')) argv.insert(argv.end(), {"-e", col});
    return run_cmd(argv, 120);
}

// column name -> how many frames have it
std::map<std::string, int> column_counts(const std::string &csv) {
    auto rows = lines_of(csv);
    std::map<std::string, int> counts;
    if (rows.empty()) return counts;
    std::vector<std::string> names;
    std::stringstream hs(rows[0]);
    std::string c;
    while (std::getline(hs, c, ',')) names.push_back(c);
    for (size_t r = 1; r < rows.size(); r++) {
        std::string cell;
        size_t i = 0, start = 0;
        const std::string &row = rows[r];
        for (size_t k = 0; k <= row.size(); k++) {
            if (k == row.size() || row[k] == ',') {
                if (k > start && i < names.size()) counts[names[i]]++;
                i++;
                start = k + 1;
            }
        }
    }
    return counts;
}
}  // namespace

TEST(Analysis, EveryPublicCaptureIsTsharksCsvByteForByte) {
    auto files = public_captures();
    if (files.empty()) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    std::string dir = "/tmp/wt-analysis-" + std::to_string(getpid());
    ASSERT_EQ(system(("rm -rf " + dir + " && mkdir -p " + dir).c_str()), 0);
    for (const auto &f : files) {
        auto r = run_cmd({build_dir() + "/wiredump", "--analysis-csv", "-r", f});
        EXPECT_EQ(r.code(), 0) << f << r.err;
        std::string truth = read_file(shared_pcaps() + "/public/" + stem(f) + ".flags.csv");
        EXPECT_EQ(r.out, truth) << stem(f);
        FILE *out = fopen((dir + "/" + stem(f) + ".flags.csv").c_str(), "w");
        ASSERT_NE(out, nullptr);
        fwrite(r.out.data(), 1, r.out.size(), out);
        fclose(out);
    }
    // and the judge's verdict, every column
    auto score = run_cmd({shared_pcaps() + "/score.sh", dir, "--all-columns"});
    EXPECT_EQ(score.code(), 0) << score.out;
    std::string last = lines_of(score.out).back();
    EXPECT_EQ(last, std::to_string(files.size()) + " passed, 0 failed") << score.out;
    (void)!system(("rm -rf " + dir).c_str());
}

TEST(Analysis, CsvNeedsAFile) {
    auto r = run_cmd({build_dir() + "/wiredump", "--analysis-csv", "-i", "lo"});
    EXPECT_NE(r.code(), 0);
    EXPECT_EQ(r.err, "wiredump: --analysis-csv needs -r FILE\n");
    auto bad = run_cmd({build_dir() + "/wiredump", "--analysis-csv", "-r", "/nonexistent.pcap"});
    EXPECT_NE(bad.code(), 0);
    EXPECT_EQ(bad.err.rfind("wiredump: ", 0), 0u) << bad.err;
}

// Real TCP between two namespaces through a bridge that drops packets at random, plus a
// receiver that stops reading and an idle keep-alive connection: a capture the engine has
// never seen, judged by tshark on the same file.
TEST(Analysis, FreshTrafficAcrossALossyBridgeMatchesTshark) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, nft)";
    ASSERT_EQ(access("/usr/bin/tshark", X_OK), 0) << "tshark is the oracle (scripts/install-deps installs it)";
    ASSERT_EQ(access("/usr/sbin/nft", X_OK), 0) << "nft makes the losses (scripts/install-deps installs it)";
    std::string file = "/tmp/wt-lossy-" + std::to_string(getpid()) + ".pcapng";
    auto made = run_cmd(
        {source_dir() + "/net/lossy_bridge.sh", std::to_string(getpid() % 100000), build_dir() + "/wiredump", file},
        120);
    ASSERT_EQ(made.code(), 0) << made.out << made.err;
    auto theirs = tshark_csv(file);
    ASSERT_EQ(theirs.code(), 0) << theirs.err;
    auto ours = run_cmd({build_dir() + "/wiredump", "--analysis-csv", "-r", file});
    ASSERT_EQ(ours.code(), 0) << ours.err;
    EXPECT_GT(lines_of(ours.out).size(), 1000u);
    auto t = lines_of(theirs.out), o = lines_of(ours.out);
    ASSERT_EQ(o.size(), t.size());
    int shown = 0;
    for (size_t i = 0; i < t.size(); i++) {
        if (o[i] != t[i] && shown++ < 10) ADD_FAILURE() << "tshark: " << t[i] << "\nours:   " << o[i];
    }
    EXPECT_EQ(shown, 0) << "frames that differ";
    // the traffic did exercise the rules (what random drops, a stalled reader and keep-alive
    // always produce)
    auto n = column_counts(theirs.out);
    // (a segment resent within the iRTT of the newest one is "Out-Of-Order" to Wireshark: on a
    // 70 us veth path most resends are; a given run may have no plain retransmission at all)
    EXPECT_GT(n["tcp.analysis.retransmission"] + n["tcp.analysis.out_of_order"], 0);
    for (const char *flag : {"tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack", "tcp.analysis.window_update",
                             "tcp.analysis.window_full", "tcp.analysis.zero_window", "tcp.analysis.keep_alive",
                             "tcp.analysis.keep_alive_ack", "tcp.analysis.reused_ports"})
        EXPECT_GT(n[flag], 0) << flag;
    if (::testing::Test::HasFailure()) {
        std::string keep = "/tmp/wt-lossy-failed.pcapng";
        rename(file.c_str(), keep.c_str());
        ADD_FAILURE() << "capture kept as " << keep;
    } else {
        unlink(file.c_str());
    }
}

namespace {
std::vector<std::string> brackets(const std::string &line, bool checksums) {
    std::vector<std::string> v;
    static const std::regex re(R"(\[(TCP|UDP) [^\]]*\])");
    for (auto it = std::sregex_iterator(line.begin(), line.end(), re); it != std::sregex_iterator(); ++it) {
        std::string b = it->str();
        if (b == "[TCP segment of a reassembled PDU]") continue;  // reassembly, not analysis
        if (!checksums && b.find("CHECKSUM") != std::string::npos) continue;
        v.push_back(b);
    }
    return v;
}

// tshark -z conv,tcp rows: "A <-> B  n(<-) bytes  n(->) bytes  total  start  duration"
struct ConvRow {
    std::string a, b;
    unsigned long long ab_frames = 0, ab_bytes = 0, ba_frames = 0, ba_bytes = 0;
    std::string ab_bytes_text, ba_bytes_text;
    double start = 0, duration = 0;
};
std::string tshark_size(unsigned long long n) {  // tshark 4.0's byte counts
    if (n < 10000) return std::to_string(n) + " bytes";
    if (n < 10000000) return std::to_string(n / 1000) + " kB";
    return std::to_string(n / 1000000) + " MB";
}
std::vector<ConvRow> tshark_conversations(const std::string &text) {
    std::vector<ConvRow> rows;
    for (const auto &l : lines_of(text)) {
        if (l.find("<->") == std::string::npos) continue;
        std::istringstream in(l);
        ConvRow r;
        std::string arrow, n1, v1, u1, n2, v2, u2, n3, v3, u3;
        in >> r.a >> arrow >> r.b >> n1 >> v1 >> u1 >> n2 >> v2 >> u2 >> n3 >> v3 >> u3 >> r.start >> r.duration;
        r.ba_frames = std::stoull(n1);
        r.ba_bytes_text = v1 + " " + u1;
        r.ab_frames = std::stoull(n2);
        r.ab_bytes_text = v2 + " " + u2;
        rows.push_back(r);
    }
    return rows;
}
// our --analysis-summary rows, and the warning counts summed over them
std::vector<ConvRow> our_conversations(const std::string &text, std::map<std::string, long> &warnings) {
    std::vector<ConvRow> rows;
    bool in_table = false;
    for (const auto &raw : lines_of(text)) {
        std::string l = raw.rfind("## ", 0) == 0 ? raw.substr(3) : raw;
        if (l == "TCP conversations:") {
            in_table = true;
            continue;
        }
        if (!in_table || l.rfind("Address A", 0) == 0) continue;
        std::istringstream in(l);
        ConvRow r;
        std::string irtt, w;
        if (!(in >> r.a >> r.b >> r.ab_frames >> r.ab_bytes >> r.ba_frames >> r.ba_bytes >> r.start >> r.duration >>
              irtt))
            continue;
        while (in >> w) {
            size_t eq = w.find('=');
            if (eq != std::string::npos) warnings[w.substr(0, eq)] += std::stol(w.substr(eq + 1));
        }
        rows.push_back(r);
    }
    return rows;
}
// tshark -z expert: the TCP sequence warnings, by our names
std::map<std::string, long> tshark_warnings(const std::string &text) {
    static const std::pair<const char *, const char *> names[] = {
        {"Previous segment(s) not captured", "lost_segment"},
        {"ACKed segment that wasn't captured", "ack_lost_segment"},
        {"This frame is a (suspected) out-of-order segment", "out_of_order"},
        {"This frame is a (suspected) retransmission", "retransmission"},
        {"This frame is a (suspected) fast retransmission", "fast_retransmission"},
        {"This frame is a (suspected) spurious retransmission", "spurious_retransmission"},
        {"Duplicate ACK (#", "duplicate_ack"},
        {"TCP window update", "window_update"},
        {"TCP window specified by the receiver is now completely full", "window_full"},
        {"TCP Zero Window segment", "zero_window"},
        {"TCP keep-alive segment", "keep_alive"},
        {"ACK to a TCP keep-alive segment", "keep_alive_ack"},
        {"TCP Zero Window Probe", "zero_window_probe"},
        {"ACK to a TCP Zero Window Probe", "zero_window_probe_ack"},
        {"A new tcp session is started with the same ports", "reused_ports"},
        {"Bad checksum", "bad_checksum"},
        {"TCP Checksum 0xffff instead of 0x0000", "bad_checksum"},
    };
    std::map<std::string, long> w;
    for (const auto &l : lines_of(text)) {
        std::istringstream in(l);
        long n;
        std::string group, proto;
        if (!(in >> n >> group >> proto) || proto != "TCP") continue;
        std::string summary;
        std::getline(in, summary);
        summary = summary.substr(summary.find_first_not_of(' '));
        for (const auto &[text, name] : names)
            if (summary.rfind(text, 0) == 0 &&
                (summary.size() == strlen(text) || text[strlen(text) - 1] == '#' || summary[strlen(text)] == ' '))
                w[name] += n;
    }
    return w;
}

void expect_same_summary(const std::string &ours, const std::string &conv, const std::string &expert,
                         const std::string &what) {
    std::map<std::string, long> our_w;
    auto mine = our_conversations(ours, our_w);
    auto theirs = tshark_conversations(conv);
    ASSERT_EQ(mine.size(), theirs.size()) << what << "\n" << ours << conv;
    // tshark sorts its table; ours is in order of appearance: match rows by endpoints and start
    for (const auto &t : theirs) {
        bool found = false;
        for (const auto &m : mine) {
            if (m.a != t.a || m.b != t.b || std::abs(m.start - t.start) > 1e-6) continue;
            found = true;
            EXPECT_EQ(m.ab_frames, t.ab_frames) << what << " " << t.a;
            EXPECT_EQ(m.ba_frames, t.ba_frames) << what << " " << t.a;
            EXPECT_EQ(tshark_size(m.ab_bytes), t.ab_bytes_text) << what << " " << t.a;
            EXPECT_EQ(tshark_size(m.ba_bytes), t.ba_bytes_text) << what << " " << t.a;
            EXPECT_NEAR(m.duration, t.duration, 0.00011) << what << " " << t.a;
        }
        EXPECT_TRUE(found) << what << ": no row for " << t.a << " <-> " << t.b << " at " << t.start << "\n" << ours;
    }
    EXPECT_EQ(our_w, tshark_warnings(expert)) << what;
}
}  // namespace

TEST(Analysis, LinesCarryWiresharksWordsFrameForFrame) {
    auto files = public_captures();
    if (files.empty()) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    for (bool checksums : {false, true}) {
        for (const auto &f : files) {
            std::vector<std::string> argv{build_dir() + "/wiredump", "--analysis", "-r", f};
            if (checksums) argv.insert(argv.begin() + 1, "--verify-checksums");
            auto r = run_cmd(argv);
            ASSERT_EQ(r.code(), 0) << r.err;
            std::vector<std::string> ours;
            for (const auto &l : lines_of(r.out))
                if (l.rfind("  ", 0) != 0) ours.push_back(l);  // not the closing notes
            auto theirs = lines_of(read_file(shared_pcaps() + "/public/" + stem(f) + ".tshark.txt"));
            ASSERT_EQ(ours.size(), theirs.size()) << stem(f);
            for (size_t i = 0; i < ours.size(); i++) {
                auto o = brackets(ours[i], checksums), t = brackets(theirs[i], checksums);
                EXPECT_EQ(o, t) << stem(f) << " frame " << i + 1 << "\nours:   " << ours[i]
                                << "\ntshark: " << theirs[i];
            }
        }
    }
    // without --analysis, the lines stay tcpdump's
    auto plain = run_cmd({build_dir() + "/wiredump", "-r", shared_pcaps() + "/public/syn-ooo-a.pcap"});
    EXPECT_EQ(plain.out, read_file(shared_pcaps() + "/public/syn-ooo-a.tcpdump.txt"));
}

TEST(Analysis, SummaryHasTsharksConversationsAndExpertCounts) {
    auto files = public_captures();
    if (files.empty()) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    for (const auto &f : files) {
        // (the reference expert lists were made with checksum verification on)
        auto r = run_cmd({build_dir() + "/wiredump", "--analysis-summary", "--verify-checksums", "-r", f});
        ASSERT_EQ(r.code(), 0) << r.err;
        std::string base = shared_pcaps() + "/public/" + stem(f);
        expect_same_summary(r.out, read_file(base + ".conv-tcp.txt"), read_file(base + ".expert.txt"), stem(f));
    }
}

TEST(Analysis, ExplainSaysWhetherAMissingSegmentWasLostOrNotCaptured) {
    std::string dir = shared_pcaps() + "/public/";
    if (access((dir + "syn-ooo-a.pcap").c_str(), R_OK) != 0)
        GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    // syn-ooo-a: the hole before frame 6 is filled by frame 7 (resent: lost on the way)
    auto r = run_cmd({build_dir() + "/wiredump", "--explain", "-r", dir + "syn-ooo-a.pcap"});
    EXPECT_NE(r.out.find("  hint [TCP Previous segment not captured] (frame 6): bytes 2001-3000 (relative) were "
                         "missing: the sender resent them in frame 7"),
              std::string::npos)
        << r.out;
    // tcp-ackedunseen-a-rcv: the capture missed segments the peer acknowledged
    auto u = run_cmd({build_dir() + "/wiredump", "--explain", "-r", dir + "tcp-ackedunseen-a-rcv.pcap"});
    EXPECT_NE(u.out.find("the peer acknowledged them in frame"), std::string::npos) << u.out;
    EXPECT_NE(u.out.find("  hint [TCP ACKed unseen segment]"), std::string::npos) << u.out;
    // one hint per kind of warning
    auto lines = lines_of(u.out);
    EXPECT_EQ(
        std::count_if(lines.begin(), lines.end(),
                      [](const std::string &l) { return l.find("hint [TCP Window Update]") != std::string::npos; }),
        1);
}

TEST(Analysis, VerifyChecksumsExplainsOffload) {
    std::string f = shared_pcaps() + "/public/tcp-offload-on.pcap";
    if (access(f.c_str(), R_OK) != 0) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    auto r = run_cmd({build_dir() + "/wiredump", "--verify-checksums", "-r", f});
    EXPECT_NE(r.err.find("wiredump: verifying checksums: frames sent by the capturing host usually show as bad"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.out.find("[TCP CHECKSUM INCORRECT]"), std::string::npos);
    // said early (after 5 bad frames from one sender), and again at the end with the count
    EXPECT_NE(r.out.find("  note: the first 5 frames 10.201.0.1 sent have a bad checksum"), std::string::npos) << r.out;
    EXPECT_LT(r.out.find("  note: the first 5 frames 10.201.0.1"), r.out.size() / 2) << "said early";
    EXPECT_NE(r.out.find("  note: all 15 frames 10.201.0.1 sent have a bad checksum"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("checksum offload"), std::string::npos) << r.out;
    auto plain = run_cmd({build_dir() + "/wiredump", "--analysis", "-r", f});
    EXPECT_EQ(plain.out.find("CHECKSUM"), std::string::npos) << "off by default, as in Wireshark";
}

namespace {
// An Ethernet/IPv4/TCP frame from 10.0.0.1:40000 (a) or 10.0.0.2:80 (b), no options.
std::vector<uint8_t> tcp_frame(bool from_a, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t win, size_t len) {
    std::vector<uint8_t> f(14 + 20 + 20 + len, 0);
    f[12] = 0x08;
    uint8_t *ip = f.data() + 14;
    ip[0] = 0x45;
    uint16_t total = static_cast<uint16_t>(40 + len);
    ip[2] = static_cast<uint8_t>(total >> 8);
    ip[3] = static_cast<uint8_t>(total);
    ip[8] = 64;
    ip[9] = 6;
    uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
    memcpy(ip + 12, from_a ? a : b, 4);
    memcpy(ip + 16, from_a ? b : a, 4);
    uint8_t *t = ip + 20;
    uint16_t sp = from_a ? 40000 : 80, dp = from_a ? 80 : 40000;
    t[0] = static_cast<uint8_t>(sp >> 8), t[1] = static_cast<uint8_t>(sp);
    t[2] = static_cast<uint8_t>(dp >> 8), t[3] = static_cast<uint8_t>(dp);
    for (int i = 0; i < 4; i++) {
        t[4 + i] = static_cast<uint8_t>(seq >> (24 - 8 * i));
        t[8 + i] = static_cast<uint8_t>(ack >> (24 - 8 * i));
    }
    t[12] = 0x50;
    t[13] = flags;
    t[14] = static_cast<uint8_t>(win >> 8), t[15] = static_cast<uint8_t>(win);
    return f;
}

// One segment of a crafted connection, with its time in nanoseconds (window 502).
struct Seg {
    bool from_a;
    uint32_t seq, ack;
    uint8_t flags;
    size_t len;
    uint32_t ns;
};
std::vector<uint8_t> tcp_frame(const Seg &s) {
    return tcp_frame(s.from_a, s.seq, s.ack, s.flags, 502, s.len);
}
}  // namespace

// Capture timestamps can go backwards (several CPUs feed one capture): Wireshark measures
// "since" unsigned, so a segment stamped before the newest one is not within the
// out-of-order window - it is a plain retransmission.
TEST(Analysis, ASegmentStampedBeforeTheNewestIsARetransmission) {
    for (uint32_t last_ns : {3500000u - 90, 3600000u}) {
        wiretrace::TcpAnalyzer an;
        const Seg frames[] = {
            {true, 1000, 0, 0x02, 0, 0},             // SYN
            {false, 5000, 1001, 0x12, 0, 1000000},   // SYN/ACK
            {true, 1001, 5001, 0x10, 0, 2000000},    // ACK: iRTT 2 ms
            {true, 1001, 5001, 0x10, 100, 3000000},  // data
            {true, 1201, 5001, 0x10, 100, 3500000},  // a hole before it
            {true, 1101, 5001, 0x10, 100, last_ns},  // the hole's data
        };
        wiretrace::FrameAnalysis last;
        for (const auto &f : frames) {
            auto bytes = tcp_frame(f);
            last = an.analyze(1, wiretrace::PacketTime{1000, f.ns}, bytes.data(), static_cast<uint32_t>(bytes.size()),
                              static_cast<uint32_t>(bytes.size()));
        }
        if (last_ns < 3500000) {
            EXPECT_EQ(last.flags, wiretrace::kTcpRetransmission) << "stamped 90 ns before the newest segment";
        } else {
            EXPECT_EQ(last.flags, wiretrace::kTcpOutOfOrder) << "0.1 ms after, within the 2 ms iRTT";
        }
    }
}

// wiretrace --capture on the lossy bridge: the warnings reach the packet lines while the
// transfer runs (within a second of the packets' capture times), and --analysis-summary
// equals tshark's -z conv,tcp and -z expert on the same capture file.
TEST(Analysis, LiveWarningsOnWiretracePacketLinesAndItsSummaryAsTshark) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (namespaces, nft)";
    ASSERT_EQ(access("/usr/bin/tshark", X_OK), 0) << "tshark is the oracle (scripts/install-deps installs it)";
    std::string tag = std::to_string(getpid() % 100000 + 1);
    std::string file = "/tmp/wt-live-analysis-" + tag + ".pcapng";
    std::vector<std::string> argv{source_dir() + "/net/lossy_bridge.sh",
                                  tag,
                                  build_dir() + "/wiredump",
                                  "-",
                                  wiretrace_bin(),
                                  "-f",
                                  "-ttt",
                                  "--capture-netns",
                                  "/run/netns/wtB" + tag,
                                  "--capture=wxb",
                                  "--capture-file",
                                  file,
                                  "--analysis-summary",
                                  "-e",
                                  "trace=none"};
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_t p = fork();
    if (p == 0) {
        dup2(fds[1], 1);
        dup2(fds[1], 2);
        close(fds[0]);
        std::vector<char *> args;
        for (auto &a : argv) args.push_back(a.data());
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    close(fds[1]);
    // every line with the wall-clock time it arrived
    std::vector<std::pair<std::string, double>> lines;
    std::string partial;
    char buf[65536];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) {
        timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        double t = now.tv_sec + now.tv_nsec / 1e9;
        partial.append(buf, static_cast<size_t>(n));
        size_t eol;
        while ((eol = partial.find('\n')) != std::string::npos) {
            lines.emplace_back(partial.substr(0, eol), t);
            partial.erase(0, eol + 1);
        }
    }
    close(fds[0]);
    int st = 0;
    waitpid(p, &st, 0);
    std::string all;
    for (const auto &l : lines) all += l.first + "\n";
    ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0) << all.substr(all.size() > 3000 ? all.size() - 3000 : 0);
    int retrans = 0, dupacks = 0;
    double worst = 0;
    for (const auto &[l, arrived] : lines) {
        // resent segments: retransmissions, or "Out-Of-Order" when resent within the iRTT
        bool r = l.find("Retransmission]") != std::string::npos || l.find("[TCP Out-Of-Order]") != std::string::npos;
        bool d = l.find("[TCP Dup ACK ") != std::string::npos;
        if (!r && !d) continue;
        retrans += r;
        dupacks += d;
        double captured = std::strtod(l.c_str() + 3, nullptr);  // "## 1795701541.041441 ..."
        worst = std::max(worst, arrived - captured);
    }
    EXPECT_GT(retrans, 0) << all.substr(0, 3000);
    EXPECT_GT(dupacks, 0) << all.substr(0, 3000);
    EXPECT_LT(worst, 1.0) << "a warning reached its packet line more than a second after the packet";
    auto conv = run_cmd({"/usr/bin/tshark", "-n", "-r", file, "-q", "-z", "conv,tcp"});
    auto expert = run_cmd({"/usr/bin/tshark", "-n", "-r", file, "-q", "-z", "expert"});
    expect_same_summary(all, conv.out, expert.out, "live");
    unlink(file.c_str());
}

// wiredump -r analyses nanosecond timestamps even when it prints microseconds: the
// out-of-order window (the iRTT) is compared in nanoseconds, as tshark does.
TEST(Analysis, ReadingAFileKeepsNanosecondsForTheAnalysis) {
    std::string file = "/tmp/wt-ns-" + std::to_string(getpid()) + ".pcapng";
    {
        wiretrace::CaptureWriter w(file, wiretrace::CaptureWriter::Format::Pcapng, 1, 262144, "", "test");
        const Seg frames[] = {
            {true, 1000, 0, 0x02, 0, 4962},          // SYN
            {false, 5000, 1001, 0x12, 0, 8418},      // SYN/ACK
            {true, 1001, 5001, 0x10, 0, 71772},      // ACK: iRTT 66810 ns (67 us in microseconds)
            {true, 1001, 5001, 0x10, 100, 100000},   // data
            {true, 1201, 5001, 0x10, 100, 944807},   // a hole before it
            {true, 1101, 5001, 0x10, 100, 1011341},  // 66534 ns later (67 us in microseconds)
        };
        for (const auto &f : frames) {
            auto bytes = tcp_frame(f);
            w.write(1000 + f.ns / 1000000000, f.ns % 1000000000, bytes.data(), static_cast<uint32_t>(bytes.size()),
                    static_cast<uint32_t>(bytes.size()));
        }
        w.close(6, 0);
    }
    auto r = run_cmd({build_dir() + "/wiredump", "--analysis", "-r", file});
    ASSERT_EQ(r.code(), 0) << r.err;
    auto lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 6u) << r.out;
    EXPECT_NE(lines[5].find("[TCP Out-Of-Order]"), std::string::npos) << lines[5];
    if (access("/usr/bin/tshark", X_OK) == 0) {
        auto t = run_cmd({"/usr/bin/tshark", "-n", "-r", file, "-Y", "frame.number==6"});
        EXPECT_NE(t.out.find("[TCP Out-Of-Order]"), std::string::npos) << t.out;
    }
    unlink(file.c_str());
}

namespace {
const uint8_t k_v6a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const uint8_t k_v6b[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};

// A transport payload over IPv6 (2001:db8::1 -> ::2) with its checksum filled in.
std::vector<uint8_t> v6_transport(uint8_t proto, std::vector<uint8_t> seg, size_t csum_at) {
    uint32_t sum = 0;
    auto add = [&](const uint8_t *p, size_t n) {
        for (size_t i = 0; i + 1 < n; i += 2) sum += static_cast<uint32_t>(p[i] << 8 | p[i + 1]);
        if (n & 1) sum += static_cast<uint32_t>(p[n - 1] << 8);
    };
    add(k_v6a, 16);
    add(k_v6b, 16);
    sum += static_cast<uint32_t>(seg.size() >> 16) + static_cast<uint32_t>(seg.size() & 0xffff) + proto;
    add(seg.data(), seg.size());
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    uint16_t c = static_cast<uint16_t>(~sum);
    if (c == 0) c = 0xffff;
    seg[csum_at] = static_cast<uint8_t>(c >> 8);
    seg[csum_at + 1] = static_cast<uint8_t>(c);
    return seg;
}

// One Ethernet frame: IPv6 with a fragment header carrying bytes [off, off+n) of `payload`
// (or, with frag false, the whole payload without one).
std::vector<uint8_t> v6_frame(uint8_t proto, const std::vector<uint8_t> &payload, bool frag, uint32_t off, size_t n,
                              bool more, uint32_t id) {
    std::vector<uint8_t> f(14, 0);
    f[12] = 0x86, f[13] = 0xdd;
    size_t plen = frag ? 8 + n : payload.size();
    uint8_t ip[40] = {0x60};
    ip[4] = static_cast<uint8_t>(plen >> 8), ip[5] = static_cast<uint8_t>(plen);
    ip[6] = frag ? 44 : proto;
    ip[7] = 64;
    memcpy(ip + 8, k_v6a, 16);
    memcpy(ip + 24, k_v6b, 16);
    f.insert(f.end(), ip, ip + 40);
    if (!frag) {
        f.insert(f.end(), payload.begin(), payload.end());
        return f;
    }
    uint16_t fo = static_cast<uint16_t>(off | (more ? 1 : 0));
    uint8_t fh[8] = {proto,
                     0,
                     static_cast<uint8_t>(fo >> 8),
                     static_cast<uint8_t>(fo),
                     static_cast<uint8_t>(id >> 24),
                     static_cast<uint8_t>(id >> 16),
                     static_cast<uint8_t>(id >> 8),
                     static_cast<uint8_t>(id)};
    f.insert(f.end(), fh, fh + 8);
    f.insert(f.end(), payload.begin() + off, payload.begin() + off + n);
    return f;
}
}  // namespace

// IPv6 fragments are reassembled like IPv4's: the transport is dissected, checksummed and
// analysed in the frame that completes the datagram (tshark is the judge).
TEST(Analysis, Ipv6FragmentsAreReassembledAsTsharkDoes) {
    ASSERT_EQ(access("/usr/bin/tshark", X_OK), 0) << "tshark is the oracle (scripts/install-deps installs it)";
    std::vector<uint8_t> udp(8 + 2000);
    udp[0] = 0x13, udp[1] = 0x88, udp[2] = 0x17, udp[3] = 0x70;  // 5000 -> 6000
    udp[4] = static_cast<uint8_t>(udp.size() >> 8), udp[5] = static_cast<uint8_t>(udp.size());
    for (size_t i = 8; i < udp.size(); i++) udp[i] = static_cast<uint8_t>(i * 7);
    udp = v6_transport(17, udp, 6);
    std::vector<uint8_t> syn(20 + 1500);
    syn[0] = 0x9c, syn[1] = 0x40, syn[2] = 0x00, syn[3] = 0x50;  // 40000 -> 80
    syn[4] = 0, syn[5] = 0, syn[6] = 0x03, syn[7] = 0xe8;        // seq 1000
    syn[12] = 0x50, syn[13] = 0x02, syn[14] = 0x10;              // SYN, window 4096
    for (size_t i = 20; i < syn.size(); i++) syn[i] = static_cast<uint8_t>(i);
    syn = v6_transport(6, syn, 16);
    std::vector<std::vector<uint8_t>> frames = {
        v6_frame(17, udp, true, 1232, udp.size() - 1232, false, 7),  // the last piece first
        v6_frame(17, udp, true, 0, 1232, true, 7),                   // completes the datagram
        v6_frame(6, syn, true, 0, 800, true, 8),
        v6_frame(6, syn, true, 800, syn.size() - 800, false, 8),  // completes the SYN
        v6_frame(6, syn, false, 0, 0, false, 0),                  // the SYN again, whole
    };
    std::string file = "/tmp/wt-v6frag-" + std::to_string(getpid()) + ".pcapng";
    {
        wiretrace::CaptureWriter w(file, wiretrace::CaptureWriter::Format::Pcapng, 1, 262144, "", "test");
        uint32_t ns = 0;
        for (const auto &f : frames)
            w.write(1000, ns += 1000000, f.data(), static_cast<uint32_t>(f.size()), static_cast<uint32_t>(f.size()));
        w.close(frames.size(), 0);
    }
    auto ours = run_cmd({build_dir() + "/wiredump", "--analysis-csv", "-r", file});
    auto theirs = tshark_csv(file);
    EXPECT_EQ(ours.out, theirs.out);
    auto rows = lines_of(ours.out);
    ASSERT_EQ(rows.size(), 6u) << ours.out;
    auto cell = [&](size_t row, size_t col) {
        std::vector<std::string> cells;
        std::stringstream ss(rows[row]);
        std::string c;
        while (std::getline(ss, c, ',')) cells.push_back(c);
        cells.resize(22);
        return cells[col];
    };
    EXPECT_EQ(cell(1, 21), "") << "frame 1: a fragment, no UDP yet";
    EXPECT_EQ(cell(2, 21), "1") << "frame 2: the reassembled UDP datagram's checksum is good";
    EXPECT_EQ(cell(4, 15), "1") << "frame 4: the reassembled SYN's checksum is good";
    EXPECT_EQ(cell(4, 1), "") << "frame 4: a first SYN has no warning";
    EXPECT_EQ(cell(5, 2), "1") << "frame 5: the SYN again is a retransmission";
    unlink(file.c_str());
}

// Live captures forget conversations that closed a minute ago (or went quiet for half an
// hour): the memory of a week-long capture stays flat, and the summary still lists them.
TEST(Analysis, LiveCapturesForgetClosedConversations) {
    for (bool keep : {false, true}) {
        wiretrace::TcpAnalyzer an;
        an.set_expiry(true, keep);
        auto feed = [&](const Seg &f, int64_t sec) {
            auto bytes = tcp_frame(f);
            return an.analyze(1, wiretrace::PacketTime{sec, f.ns}, bytes.data(), static_cast<uint32_t>(bytes.size()),
                              static_cast<uint32_t>(bytes.size()));
        };
        const Seg closed[] = {
            {true, 1000, 0, 0x02, 0, 0},    {false, 5000, 1001, 0x12, 0, 0}, {true, 1001, 5001, 0x10, 0, 0},
            {true, 1001, 5001, 0x11, 0, 0}, {false, 5001, 1002, 0x11, 0, 0}, {true, 1002, 5002, 0x10, 0, 0},
        };
        for (const auto &f : closed) feed(f, 1000);
        EXPECT_EQ(an.live_conversations(), 1u);
        feed(closed[2], 1030);  // half a minute later: still known (a late ACK)
        EXPECT_EQ(an.live_conversations(), 1u);
        // more than a minute after: forgotten; the next segment on those ports starts anew
        auto f = feed({true, 7000, 0, 0x02, 0, 0}, 1100);
        EXPECT_EQ(f.flags, 0u) << "a new conversation, not a reuse of a forgotten one";
        EXPECT_EQ(f.conversation, 2u);
        EXPECT_EQ(an.live_conversations(), 1u);
        std::string summary;
        an.print_summary(summary, false);
        EXPECT_EQ(lines_of(summary).size(), keep ? 4u : 3u) << summary;  // title, header, rows
    }
}

// Files keep a closed conversation for ten minutes of capture time (tshark's verdicts but for
// a port reused later than that), then forget it.
TEST(Analysis, FilesForgetConversationsClosedTenMinutesAgo) {
    wiretrace::TcpAnalyzer an;
    an.set_expiry(true, false, true);
    auto feed = [&](const Seg &f, int64_t sec) {
        auto bytes = tcp_frame(f);
        return an.analyze(1, wiretrace::PacketTime{sec, f.ns}, bytes.data(), static_cast<uint32_t>(bytes.size()),
                          static_cast<uint32_t>(bytes.size()));
    };
    const Seg closed[] = {
        {true, 1000, 0, 0x02, 0, 0},    {false, 5000, 1001, 0x12, 0, 0}, {true, 1001, 5001, 0x10, 0, 0},
        {true, 1001, 5001, 0x11, 0, 0}, {false, 5001, 1002, 0x11, 0, 0}, {true, 1002, 5002, 0x10, 0, 0},
    };
    for (const auto &f : closed) feed(f, 1000);
    // five minutes later the ports are reused: tshark's verdict
    auto f = feed({true, 7000, 0, 0x02, 0, 0}, 1300);
    EXPECT_EQ(f.flags, static_cast<uint32_t>(wiretrace::kTcpReusedPorts));
    for (const auto &g : {Seg{false, 9000, 7001, 0x12, 0, 0}, Seg{true, 7001, 9001, 0x10, 0, 0},
                          Seg{true, 7001, 9001, 0x11, 0, 0}, Seg{false, 9001, 7002, 0x11, 0, 0}})
        feed(g, 1300);
    // eleven minutes after that close: forgotten
    f = feed({true, 8000, 0, 0x02, 0, 0}, 1300 + 660);
    EXPECT_EQ(f.flags, 0u);
    EXPECT_EQ(an.live_conversations(), 1u);
}
