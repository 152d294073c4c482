#include "views/top_capture.h"

#include <signal.h>
#include <unistd.h>

#include <ctime>

#include "analysis/tcp_analysis.h"
#include "common.h"
#include "packet/packet_view.h"
#include "views/net_counters.h"
#include "views/top_screen.h"
#include "views/traffic.h"

namespace wiretrace {

void run_capture_top(CaptureSession &session, const std::string &iface, volatile std::sig_atomic_t &stop) {
    TrafficTable traffic;
    traffic.set_title("wiredump --top -i " + iface);
    NetCounters counters("");
    CounterSnapshot snap;
    TcpAnalyzer analyzer;
    analyzer.set_expiry(true, false);
    TopScreen screen(false, [] { kill(getpid(), SIGINT); });  // q: as Ctrl-C
    int64_t now = monotonic_ns();
    counters.read(snap);
    traffic.tick(now, &snap);
    int64_t next = now + 1'000'000'000;
    session.start();
    PacketBatch batch;
    int linktype = session.linktype();
    auto model = [&] {
        bool have = counters.read(snap);
        return traffic.tick(monotonic_ns(), have ? &snap : nullptr);
    };
    bool more = true;
    while (more && !stop) {
        more = session.take(batch, 100);
        batch.for_each([&](const CapturedPacket &p) {
            PacketView v = dissect(linktype, p.data, p.caplen, p.len);
            FrameAnalysis fa = analyzer.analyze(v, PacketTime{p.sec, p.nsec});
            traffic.packet(v, fa.flags);
        });
        now = monotonic_ns();
        if (now >= next) {
            next += 1'000'000'000;
            if (next <= now) next = now + 1'000'000'000;
            screen.show(model());
        }
    }
    session.stop();
    if (stop)
        screen.close();
    else  // the capture ended by itself (the interface went away): the last numbers stay
        screen.finish(model(), [&] { return stop != 0; });
}

}  // namespace wiretrace
