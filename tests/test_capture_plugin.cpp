// The capture plugin boundary: the loader's errors with deliberately wrong plugins, and the
// libpcap plugin against tcpdump on the shared captures.
#include <gtest/gtest.h>
#include <glob.h>
#include <unistd.h>

#include <fstream>

#include "capture/plugin.h"
#include "common.h"
#include "run_helper.h"

using namespace wiretrace;

namespace {
std::string load_error(const std::string &path) {
    try {
        CapturePlugin::load(path);
    } catch (const FatalError &e) {
        return e.what();
    }
    return "(loaded)";
}
std::string pcap_plugin() {
    return build_dir() + "/plugins/wiretrace-capture-pcap.so";
}
std::vector<std::string> shared_pcaps() {
    glob_t g{};
    std::vector<std::string> out;
    if (glob((build_dir() + "/../../shared/pcaps/public/*.pcap*").c_str(), 0, nullptr, &g) == 0)
        for (size_t i = 0; i < g.gl_pathc; i++) out.push_back(g.gl_pathv[i]);
    globfree(&g);
    return out;
}
}  // namespace

TEST(CapturePlugin, LoaderErrorsNameTheProblem) {
    std::string dir = build_dir() + "/test-plugins/";
    EXPECT_EQ(load_error("/nonexistent/plugin.so").rfind("cannot load capture plugin '/nonexistent/plugin.so': ", 0),
              0u);
    std::string e = load_error(dir + "wrong_plugin_nosym.so");
    EXPECT_NE(e.find("is not a wiretrace capture plugin (no wiretrace_capture_plugin symbol)"), std::string::npos) << e;
    e = load_error(dir + "wrong_plugin_abi.so");
    EXPECT_NE(e.find("has ABI 2.3; this wiretrace needs ABI 1.x"), std::string::npos) << e;
    e = load_error(dir + "wrong_plugin_short.so");
    EXPECT_NE(e.find("has a truncated function table (24 bytes)"), std::string::npos) << e;
}

TEST(CapturePlugin, DefaultPluginIsFoundBesideTheExecutableNeverInTheCurrentDirectory) {
    // the test binary lives in build/tests: the default path is relative to it, not to ".."
    EXPECT_NE(CapturePlugin::default_path().find("/plugins/wiretrace-capture-pcap.so"), std::string::npos);
    EXPECT_EQ(CapturePlugin::default_path().rfind("./", 0), std::string::npos);
}

TEST(CapturePlugin, PcapPluginReadsEveryPacketTcpdumpReads) {
    if (access(pcap_plugin().c_str(), R_OK) != 0) GTEST_SKIP() << "libpcap plugin not built";
    auto plugin = CapturePlugin::load(pcap_plugin());
    const wt_capture_plugin &api = plugin->api();
    EXPECT_EQ(std::string(api.name).rfind("libpcap ", 0), 0u) << api.name;
    auto files = shared_pcaps();
    if (files.empty()) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    int checked = 0;
    for (const auto &f : files) {
        std::string answer = f.substr(0, f.rfind('.')) + ".tcpdump.txt";
        if (access(answer.c_str(), R_OK) != 0) continue;
        char err[256] = {};
        wt_capture_handle *h = api.open_offline(f.c_str(), 0, err, sizeof err);
        ASSERT_NE(h, nullptr) << f << ": " << err;
        long packets = 0;
        int rc;
        while ((rc = api.dispatch(
                    h, 100, 0, [](void *u, const wt_packet *) { ++*static_cast<long *>(u); }, &packets, err,
                    sizeof err)) > 0) {
        }
        api.close(h);
        // tcpdump's answer: one line per packet (with -nn, no -v)
        std::ifstream in(answer);
        long lines = 0;
        for (std::string l; std::getline(in, l);) {
            if (!l.empty() && l[0] >= '0' && l[0] <= '9') lines++;
        }
        std::string stderr_file = f.substr(0, f.rfind('.')) + ".tcpdump.stderr";
        bool truncated = read_file(stderr_file).find("truncated") != std::string::npos;
        if (rc == -1) {
            EXPECT_TRUE(truncated) << f << ": " << err;
        }
        EXPECT_EQ(packets, lines) << f;
        checked++;
    }
    EXPECT_GT(checked, 0);
}

TEST(CapturePlugin, FiltersCompileAsTcpdumpDumpsThem) {
    if (access(pcap_plugin().c_str(), R_OK) != 0 || access("/usr/bin/tcpdump", X_OK) != 0)
        GTEST_SKIP() << "needs the libpcap plugin and tcpdump";
    auto files = shared_pcaps();
    if (files.empty()) GTEST_SKIP() << "../shared/pcaps is not beside the checkout";
    for (const char *flag : {"-d", "-dd", "-ddd"}) {
        for (const char *expr : {"tcp port 80", "udp and dst port 53", "ip6 or arp", "tcp[tcpflags] & tcp-syn != 0"}) {
            auto mine = run_cmd({build_dir() + "/wiredump", flag, "-r", files[0], expr});
            auto ref = run_cmd({"/usr/bin/tcpdump", flag, "-r", files[0], expr});
            EXPECT_EQ(mine.code(), 0) << mine.err;
            EXPECT_EQ(mine.out, ref.out) << flag << " " << expr;
        }
    }
    auto bad = run_cmd({build_dir() + "/wiredump", "-d", "tcp port"});
    EXPECT_EQ(bad.code(), 1);
    EXPECT_EQ(bad.err.rfind("wiredump: ", 0), 0u) << bad.err;
    EXPECT_NE(bad.err.find("syntax error"), std::string::npos) << bad.err;
}
