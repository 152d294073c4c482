// --top: the tracer's side of the live view. The packets are counted as the capture hands
// them over (NetSession feeds the TrafficTable); once a second, on the tracer's 100 ms timer,
// the counters of the capture's namespace are read and a new model goes to the screen.
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>

#include "common.h"
#include "tracer/tracer.h"

namespace wiretrace {

void Tracer::start_top() {
    if (!opt_.top) return;
    traffic_ = std::make_unique<TrafficTable>();
    std::string title = "wiretrace";
    if (opt_.follow_forks) title += " -f";
    for (pid_t p : opt_.attach_pids) title += " -p " + std::to_string(p);
    if (!opt_.command.empty()) {
        title += " --";
        for (const auto &w : opt_.command) title += " " + w;
    }
    traffic_->set_title(title);
    top_counters_ = std::make_unique<NetCounters>(opt_.capture.netns);
    if (net_) net_->set_traffic(traffic_.get());
    // 'q' stops the trace as Ctrl-C does: the signal goes to this thread, blocked in waitpid
    pid_t self = static_cast<pid_t>(syscall(SYS_gettid));
    top_ = std::make_unique<TopScreen>(true, [self] { syscall(SYS_tgkill, getpid(), self, SIGINT); });
    int64_t now = monotonic_ns();
    top_counters_->read(top_snapshot_);
    traffic_->tick(now, &top_snapshot_);  // starts the clock
    top_next_ns_ = now + 1'000'000'000;
}

void Tracer::top_tick() {
    int64_t now = monotonic_ns();
    if (now < top_next_ns_) return;
    top_next_ns_ += 1'000'000'000;
    if (top_next_ns_ <= now) top_next_ns_ = now + 1'000'000'000;
    bool have = top_counters_->read(top_snapshot_);
    top_->show(traffic_->tick(now, have ? &top_snapshot_ : nullptr));
}

void Tracer::finish_top(bool interrupted) {
    if (!top_) return;
    if (interrupted) {
        top_->close();
    } else {
        bool have = top_counters_->read(top_snapshot_);
        top_->finish(traffic_->tick(monotonic_ns(), have ? &top_snapshot_ : nullptr),
                     [this] { return interrupted_now(); });
    }
    top_.reset();
    for (const std::string &m : deferred_) (void)!::write(STDERR_FILENO, m.data(), m.size());
    deferred_.clear();
}

}  // namespace wiretrace
