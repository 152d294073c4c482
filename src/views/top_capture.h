// wiredump --top -i IFACE: iftop's job - the connections on an interface and its counters,
// live, no tracing. Reads the capture's queue, dissects and analyses each packet once, counts
// it, and hands the screen a new model every second.
#pragma once

#include <csignal>
#include <string>

#include "capture/capture_session.h"

namespace wiretrace {

// Runs until `stop` is set (Ctrl-C, q) or the capture ends; the session is started here.
void run_capture_top(CaptureSession &session, const std::string &iface, volatile std::sig_atomic_t &stop);

}  // namespace wiretrace
