// Wireshark's TCP sequence analysis against tshark 4.0.17: the recorded answers of every
// public capture (byte for byte, and through ../shared/pcaps/score.sh), and fresh traffic made
// at test time across a lossy bridge between two namespaces, judged by tshark on the same file.
#include <gtest/gtest.h>
#include <glob.h>
#include <unistd.h>

#include <map>
#include <sstream>

#include "analysis/tcp_analysis.h"
#include "run_helper.h"

namespace {
std::string build_dir() {
    std::string b = wiretrace_bin();
    return b.substr(0, b.rfind('/'));
}
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
    for (const char *flag : {"tcp.analysis.retransmission", "tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack",
                             "tcp.analysis.window_update", "tcp.analysis.window_full", "tcp.analysis.zero_window",
                             "tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack"})
        EXPECT_GT(n[flag], 0) << flag;
    if (::testing::Test::HasFailure()) {
        std::string keep = "/tmp/wt-lossy-failed.pcapng";
        rename(file.c_str(), keep.c_str());
        ADD_FAILURE() << "capture kept as " << keep;
    } else {
        unlink(file.c_str());
    }
}
