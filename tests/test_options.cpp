// The option parser: strace's grammar through CLI11, and its error messages.
#include <gtest/gtest.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "cli/options.h"
#include "common.h"

using namespace wiretrace;

namespace {
Options parse(std::vector<std::string> args) {
    args.insert(args.begin(), "wiretrace");
    std::vector<const char *> v;
    for (auto &a : args) v.push_back(a.c_str());
    return parse_options(static_cast<int>(v.size()), v.data());
}
std::string error_of(std::vector<std::string> args) {
    try {
        parse(std::move(args));
    } catch (const FatalError &e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST(Options, CommandWordsAreNotSwallowed) {
    Options o = parse({"-f", "-e", "trace=write", "ls", "-l", "-f", "-e", "x"});
    EXPECT_TRUE(o.follow_forks);
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls", "-l", "-f", "-e", "x"}));
    EXPECT_TRUE(o.trace.traced(SYS_write));
    EXPECT_FALSE(o.trace.traced(SYS_read));
}

TEST(Options, DoubleDashEndsOptions) {
    Options o = parse({"-s", "10", "--", "-weird-name", "arg"});
    EXPECT_EQ(o.max_strlen, 10u);
    EXPECT_EQ(o.command, (std::vector<std::string>{"-weird-name", "arg"}));
}

TEST(Options, CombinedAndAttachedShortOptions) {
    Options o = parse({"-fTs4096", "-ttt", "-etrace=%network", "cmd"});
    EXPECT_TRUE(o.follow_forks);
    EXPECT_TRUE(o.syscall_times);
    EXPECT_EQ(o.max_strlen, 4096u);
    EXPECT_EQ(o.timestamps, 3);
    EXPECT_TRUE(o.trace.traced(SYS_connect));
    EXPECT_FALSE(o.trace.traced(SYS_write));
}

TEST(Options, PidLists) {
    Options o = parse({"-p", "1,2", "-p", "3"});
    EXPECT_EQ(o.attach_pids, (std::vector<pid_t>{1, 2, 3}));
    EXPECT_TRUE(o.command.empty());
    o = parse({"-p", "5", "cmd"});  // both modes together
    EXPECT_EQ(o.attach_pids.size(), 1u);
    EXPECT_EQ(o.command.size(), 1u);
}

TEST(Options, OutputAndSignals) {
    Options o = parse({"-o", "/tmp/x", "-A", "-q", "-e", "signal=!SIGCHLD", "true"});
    EXPECT_EQ(o.output_file, "/tmp/x");
    EXPECT_TRUE(o.append);
    EXPECT_EQ(o.quiet, 1);
    EXPECT_FALSE(o.signals.shown(17));
}

TEST(Options, Errors) {
    EXPECT_EQ(error_of({}), "must have PROG [ARGS] or -p PID");
    EXPECT_EQ(error_of({"-e", "trace=nosuchcall", "ls"}), "invalid system call 'nosuchcall'");
    EXPECT_EQ(error_of({"-p", "0"}), "Invalid process id: '0'");
    EXPECT_EQ(error_of({"-p", "abc"}), "Invalid process id: 'abc'");
    EXPECT_EQ(error_of({"-p", std::to_string(getpid())}), "I'm sorry, I can't let you do that, Dave.");
    EXPECT_EQ(error_of({"--no-such-option", "ls"}), "invalid option '--no-such-option'");
    EXPECT_EQ(error_of({"-c", "ls"}), "option -c is not supported yet");
    EXPECT_EQ(error_of({"-fk", "ls"}), "option -k is not supported yet");
    EXPECT_EQ(error_of({"-s", "x", "ls"}), "invalid string size 'x'");
    EXPECT_EQ(error_of({"-e", "fault=open", "ls"}), "option -e fault= is not supported yet");
    EXPECT_EQ(error_of({"-e", "bogus=1", "ls"}), "invalid filter action 'bogus'");
}

TEST(Options, HelpAndVersion) {
    EXPECT_TRUE(parse({"-h"}).show_help);
    EXPECT_TRUE(parse({"--version"}).show_version);
    EXPECT_NE(usage_text().find("-e trace=SET"), std::string::npos);
}
