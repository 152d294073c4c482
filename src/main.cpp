// wiretrace: parse options, run the tracer, map errors to exit codes.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/options.h"
#include "common.h"
#include "tracer/tracer.h"

int main(int argc, char **argv) {
    using namespace wiretrace;
    try {
        Options opt = parse_options(argc, argv);
        if (opt.show_help) {
            std::cout << usage_text();
            return 0;
        }
        if (opt.show_version) {
            std::cout << "wiretrace -- version " WIRETRACE_VERSION "\n";
            return 0;
        }
        Tracer tracer(opt);
        int status = tracer.run();
        if (status > 255) {
            // The command was killed by a signal: die the same way, without a core of our own.
            int sig = status - 256;
            rlimit no_core{0, 0};
            setrlimit(RLIMIT_CORE, &no_core);
            signal(sig, SIG_DFL);
            sigset_t set;
            sigemptyset(&set);
            sigaddset(&set, sig);
            sigprocmask(SIG_UNBLOCK, &set, nullptr);
            raise(sig);
            return 128 + sig;
        }
        return status;
    } catch (const FatalError &e) {
        std::fprintf(stderr, "wiretrace: %s\n", e.what());
        if (!e.hint.empty()) std::fprintf(stderr, "%s\n", e.hint.c_str());
        return e.exit_code;
    }
}
