// libFuzzer target over reading a capture file: the input is the whole file (pcap or pcapng, as
// libpcap's reader takes it through the capture plugin), and every packet it yields goes where
// wiredump -r sends it: one dissection, the TCP analysis and the tcpdump printer. A file that
// cannot be opened must only be refused. Run by scripts/fuzz (clang, ASan, UBSan).
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "analysis/tcp_analysis.h"
#include "packet/packet_view.h"
#include "packet/tcpdump_printer.h"
#include "wiretrace/capture_abi.h"

extern "C" const wt_capture_plugin *wiretrace_capture_plugin(void);

namespace {
struct Reader {
    int linktype = 0;
    wiretrace::TcpdumpPrinter printer{wiretrace::TcpdumpOptions{}};
    wiretrace::TcpAnalyzer analyzer;
    std::string out;
};

void on_packet(void *user, const wt_packet *p) {
    auto *r = static_cast<Reader *>(user);
    wiretrace::PacketView v = wiretrace::dissect(r->linktype, p->data, p->caplen, p->len);
    wiretrace::PacketTime ts{p->ts_sec, p->ts_nsec};
    wiretrace::FrameAnalysis fa = r->analyzer.analyze(v, ts);
    size_t at = r->out.size();
    r->printer.print(r->out, v, ts);
    wiretrace::TcpAnalyzer::annotate(r->out, at, fa, true, true);
    if (r->out.size() > (1 << 16)) r->out.clear();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    static const wt_capture_plugin *api = wiretrace_capture_plugin();
    static int fd = memfd_create("capture", 0);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) return 0;
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    char err[256];
    wt_capture_handle *h = api->open_offline(path.c_str(), data[0] & 1, err, sizeof err);
    if (!h) return 0;  // refused: what wiredump says in one line
    Reader r;
    r.linktype = api->linktype(h);
    for (int rounds = 0; rounds < 100000; rounds++) {
        int n = api->dispatch(h, 64, 0, on_packet, &r, err, sizeof err);
        if (n < 0 || n == 0) break;  // the end (-2), an error (-1), or nothing more
    }
    api->close(h);
    return 0;
}
