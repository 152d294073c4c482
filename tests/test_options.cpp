// The option parser: strace's grammar through CLI11, and its error messages.
#include <gtest/gtest.h>
#include <signal.h>
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
    EXPECT_TRUE(o.print.time.durations);
    EXPECT_EQ(o.max_strlen, 4096u);
    EXPECT_EQ(o.print.time.absolute, TimeFormat::Unix);
    EXPECT_EQ(o.print.time.absolute_digits, 6);
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
    EXPECT_EQ(o.quiet, kQuietAttach | kQuietPersonality);
    EXPECT_FALSE(o.signals.shown(17));
}

TEST(Options, Errors) {
    EXPECT_EQ(error_of({}), "must have PROG [ARGS] or -p PID");
    EXPECT_EQ(error_of({"-e", "trace=nosuchcall", "ls"}), "invalid system call 'nosuchcall'");
    EXPECT_EQ(error_of({"-p", "0"}), "Invalid process id: '0'");
    EXPECT_EQ(error_of({"-p", "abc"}), "Invalid process id: 'abc'");
    EXPECT_EQ(error_of({"-p", std::to_string(getpid())}), "I'm sorry, I can't let you do that, Dave.");
    EXPECT_EQ(error_of({"--no-such-option", "ls"}), "unrecognized option '--no-such-option'");
    EXPECT_EQ(error_of({"-j", "ls"}), "invalid option -- 'j'");
    EXPECT_EQ(error_of({"-fj", "ls"}), "invalid option -- 'j'");
    EXPECT_EQ(error_of({"-o"}), "option requires an argument -- 'o'");
    EXPECT_EQ(error_of({"--output"}), "option '--output' requires an argument");
    EXPECT_EQ(error_of({"--s", "ls"}).substr(0, 67),
              "option '--s' is ambiguous; possibilities: '--summary-only' '--summa");
    EXPECT_EQ(error_of({"--follow-forks=1", "ls"}), "option '--follow-forks' doesn't allow an argument");
    EXPECT_EQ(error_of({"-b", "chdir", "ls"}), "Syscall 'chdir' for -b isn't supported");
    EXPECT_EQ(error_of({"--detach-on=chdir", "ls"}), "Syscall 'chdir' for -b isn't supported");
    EXPECT_EQ(error_of({"-I", "5", "ls"}), "invalid -I argument: '5'");
    EXPECT_EQ(error_of({"-Inev", "ls"}), "invalid -I argument: 'nev'");
    EXPECT_EQ(error_of({"--interruptible=0", "ls"}), "invalid --interruptible argument: '0'");
    EXPECT_EQ(error_of({"-O", "-42", "ls"}), "invalid -O argument: '-42'");
    EXPECT_EQ(error_of({"--kill-on-exit", "-p", "1"}), "--kill-on-exit and -p/--attach are mutually exclusive options");
    EXPECT_EQ(error_of({"--secontext", "ls"}),
              "SELinux context printing (--secontext option) is not supported by this build of strace");
    EXPECT_EQ(error_of({"-e", "decode-pids=bogus", "ls"}), "invalid decode-pids 'bogus'");
    EXPECT_EQ(error_of({"-s", "x", "ls"}), "invalid -s argument: 'x'");
    EXPECT_EQ(error_of({"-s", "-1", "ls"}), "invalid -s argument: '-1'");
    EXPECT_EQ(error_of({"-a", "x", "ls"}), "invalid -a argument: 'x'");
    EXPECT_EQ(error_of({"-e", "status=bogus", "ls"}), "invalid status 'bogus'");
    EXPECT_EQ(error_of({"-e", "quiet=attach,bogus", "ls"}), "invalid quiet 'bogus'");
    EXPECT_EQ(error_of({"--syscall-times=xx", "ls"}), "invalid --syscall-times argument: 'xx'");
    EXPECT_EQ(error_of({"--relative-timestamps=xx", "ls"}), "invalid --relative-timestamps argument: 'xx'");
    EXPECT_EQ(error_of({"--absolute-timestamps=xx", "ls"}), "invalid --absolute-timestamps argument: 'xx'");
    EXPECT_EQ(error_of({"-ff", "-o", "|cat", "ls"}),
              "piping the output and -ff/--output-separately are mutually exclusive");
    EXPECT_EQ(error_of({"-D", "-p", "1"}), "PROG [ARGS] must be specified with -D/--daemonize");
    EXPECT_EQ(error_of({"-ff", "-c", "-o", "x", "ls"}),
              "(-c/--summary-only or -C/--summary) and -ff/--output-separately are mutually exclusive");
    EXPECT_EQ(error_of({"-e", "kvm=all", "ls"}), "invalid -e kvm= argument: 'all'");
    EXPECT_EQ(error_of({"-e", "fault=open:retval=1", "ls"}), "invalid fault argument 'open:retval=1'");
    EXPECT_EQ(error_of({"-e", "inject=open", "ls"}), "invalid inject argument 'open'");
    EXPECT_EQ(error_of({"-e", "bogus=1", "ls"}), "invalid filter action 'bogus'");
}

TEST(Options, HelpAndVersion) {
    EXPECT_TRUE(parse({"-h"}).show_help);
    EXPECT_TRUE(parse({"--version"}).show_version);
    EXPECT_NE(usage_text().find("-e trace=SET"), std::string::npos);
}

TEST(Options, LongOptionsByAnyUnambiguousPrefix) {
    // getopt_long's rules, as strace: a prefix of one option (or of aliases of one) names it
    Options o = parse({"--stack-trace", "--sig=!chld", "--foll", "--daemoni", "ls"});
    EXPECT_TRUE(o.stack_trace);
    EXPECT_TRUE(o.follow_forks);
    EXPECT_EQ(o.daemonize, 1);
    EXPECT_FALSE(o.signals.shown(SIGCHLD));
    EXPECT_TRUE(o.signals.shown(SIGINT));
    EXPECT_EQ(parse({"--fail", "ls"}).print.status, kStatusFailed);  // --failed-only, --failing-only
}

TEST(Options, TimestampsAndTipsAsStraceParsesThem) {
    Options o = parse({"--timestamps=ns,FORMAT:unix", "ls"});
    EXPECT_EQ(o.print.time.absolute, TimeFormat::Unix);
    EXPECT_EQ(o.print.time.absolute_digits, 9);
    EXPECT_EQ(parse({"--absolute-timestamps=,,", "ls"}).print.time.absolute, TimeFormat::Time);
    EXPECT_EQ(error_of({"--timestamps=format:s", "ls"}), "invalid --timestamps argument: 'format:s'");
    EXPECT_EQ(error_of({"-t", "--timestamps", "ls"}), "-t and --absolute-timestamps cannot be provided simultaneously");
    EXPECT_NO_THROW(parse({"--tips=id:random,23", "--tips=format:full", "ls"}));
    EXPECT_EQ(error_of({"--tips=id:rand", "ls"}), "invalid --tips argument: 'id:rand'");
    // strace's order: the first of several problems is the one said
    EXPECT_EQ(error_of({"-w", "--seccomp-bpf", "ls"}),
              "-w/--summary-wall-clock must be given with (-c/--summary-only or -C/--summary)");
    EXPECT_EQ(error_of({"-D", "--daemonize", "-p", "1"}), "-D and --daemonize cannot be provided simultaneously");
    EXPECT_EQ(error_of({"-DDDD", "ls"}), "Too many -D's (4), maximum supported -D count is 3");
}

TEST(Options, StracesRemainingOptions) {
    Options o =
        parse({"-k", "-i", "-b", "execve", "-I", "never_tstp", "-O", "1.5us", "-P", "/etc/passwd", "--trace-path=/tmp",
               "-Y", "--pidns-translation", "-e", "verbose=!stat", "-e", "kvm=vcpu", "--kill-on-exit", "ls"});
    EXPECT_TRUE(o.stack_trace);
    EXPECT_TRUE(o.print.instruction_pointer);
    EXPECT_TRUE(o.detach_on_execve);
    EXPECT_EQ(o.interruptible, 4);
    EXPECT_EQ(o.overhead_ns, 1500);
    EXPECT_EQ(o.trace_paths, (std::vector<std::string>{"/etc/passwd", "/tmp"}));
    EXPECT_EQ(o.decode_pids, kDecodePidComm | kDecodePidNs);
    EXPECT_FALSE(o.verbose.traced(SYS_stat));
    EXPECT_TRUE(o.verbose.traced(SYS_open));
    EXPECT_TRUE(o.kvm_vcpu);
    EXPECT_TRUE(o.kill_on_exit);
    EXPECT_EQ(parse({"-I2", "ls"}).interruptible, 2);
    EXPECT_EQ(parse({"--decode-pids=comm", "ls"}).decode_pids, kDecodePidComm);
    EXPECT_EQ(parse({"-O", "2", "ls"}).overhead_ns, 2000000000);
    // -F: -f's old spelling, with strace's warning
    Options f = parse({"-F", "ls"});
    EXPECT_TRUE(f.follow_forks);
    EXPECT_EQ(f.warnings, (std::vector<std::string>{"option -F is deprecated, please use -f/--follow-forks instead"}));
}

TEST(Options, SeccompFilterByDefaultForAFollowedSubset) {
    EXPECT_TRUE(parse({"-f", "-e", "trace=%network", "ls"}).seccomp_bpf);
    EXPECT_TRUE(parse({"-f", "-c", "-e", "trace=read", "ls"}).seccomp_bpf);
    EXPECT_FALSE(parse({"-f", "ls"}).seccomp_bpf);                           // everything traced
    EXPECT_FALSE(parse({"-e", "trace=%network", "ls"}).seccomp_bpf);         // needs -f
    EXPECT_FALSE(parse({"-f", "-e", "trace=read", "-p", "1"}).seccomp_bpf);  // attached
    EXPECT_FALSE(parse({"-f", "--no-seccomp-bpf", "-e", "trace=read", "ls"}).seccomp_bpf);
    EXPECT_FALSE(parse({"-f", "-b", "execve", "-e", "trace=read", "ls"}).seccomp_bpf);  // strace: not with -b
    Options b = parse({"-f", "--seccomp-bpf", "-b", "execve", "ls"});
    EXPECT_FALSE(b.seccomp_bpf);
    EXPECT_EQ(b.warnings,
              (std::vector<std::string>{"--seccomp-bpf is not enabled because it is not compatible with -b"}));
}

TEST(Options, OptionalValuesDoNotEatTheCommand) {
    // CLI11's add_flag("--x{default}"): "--x" alone takes the default, the next word is the command
    Options o = parse({"--syscall-times", "ls", "-l"});
    EXPECT_TRUE(o.print.time.durations);
    EXPECT_EQ(o.print.time.duration_digits, 6);
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls", "-l"}));
    o = parse({"--syscall-times=ns", "--relative-timestamps=ms", "ls"});
    EXPECT_EQ(o.print.time.duration_digits, 9);
    EXPECT_TRUE(o.print.time.relative);
    EXPECT_EQ(o.print.time.relative_digits, 3);
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls"}));
    o = parse({"--quiet", "ls"});
    EXPECT_EQ(o.quiet, kQuietAttach | kQuietPersonality);
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls"}));
    o = parse({"--absolute-timestamps", "ls"});
    EXPECT_EQ(o.print.time.absolute, TimeFormat::Time);
    EXPECT_EQ(o.print.time.absolute_digits, 0);
    o = parse({"--absolute-timestamps=unix,ms", "ls"});
    EXPECT_EQ(o.print.time.absolute, TimeFormat::Unix);
    EXPECT_EQ(o.print.time.absolute_digits, 3);
    o = parse({"--absolute-timestamps=format:time,precision:ns", "ls"});
    EXPECT_EQ(o.print.time.absolute, TimeFormat::Time);
    EXPECT_EQ(o.print.time.absolute_digits, 9);
}

TEST(Options, LongOptionsWithValues) {
    Options o = parse({"--output", "/tmp/f", "--string-limit=7", "--columns", "50", "--trace=write", "--attach=5",
                       "--env", "A=1", "--user=nobody", "ls"});
    EXPECT_EQ(o.output_file, "/tmp/f");
    EXPECT_EQ(o.max_strlen, 7u);
    EXPECT_EQ(o.print.align_column, 50);
    EXPECT_TRUE(o.trace.traced(SYS_write));
    EXPECT_FALSE(o.trace.traced(SYS_read));
    EXPECT_EQ(o.attach_pids, (std::vector<pid_t>{5}));
    EXPECT_EQ(o.env, (std::vector<std::string>{"A=1"}));
    EXPECT_EQ(o.user, "nobody");
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls"}));
}

TEST(Options, UnknownOptionAfterOptionsIsAnErrorNotTheCommand) {
    // after prefix_command(), CLI11 would hand "--bogus" over as the command: it must not
    EXPECT_EQ(error_of({"-f", "--bogus", "ls"}), "unrecognized option '--bogus'");
    // but after "--" everything is the command, options included
    Options o = parse({"-f", "--", "--bogus", "-f"});
    EXPECT_EQ(o.command, (std::vector<std::string>{"--bogus", "-f"}));
    // and after the command's name too
    o = parse({"ls", "--bogus", "-c", "--", "-x"});
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls", "--bogus", "-c", "--", "-x"}));
}

TEST(Options, FollowAndSeparateFiles) {
    Options o = parse({"-f", "ls"});
    EXPECT_TRUE(o.follow_forks);
    EXPECT_FALSE(o.output_separately);
    o = parse({"-ff", "-o", "out", "ls"});
    EXPECT_TRUE(o.follow_forks);
    EXPECT_TRUE(o.output_separately);
    o = parse({"-f", "-f", "ls"});
    EXPECT_TRUE(o.output_separately);
    o = parse({"-fs4096", "--output-separately", "-oout", "ls"});
    EXPECT_EQ(o.max_strlen, 4096u);
    EXPECT_TRUE(o.output_separately);
    EXPECT_EQ(o.output_file, "out");
}

TEST(Options, Timestamps) {
    auto tf = [](std::vector<std::string> a) {
        a.push_back("ls");
        return parse(a).print.time;
    };
    EXPECT_EQ(tf({"-t"}).absolute, TimeFormat::Time);
    EXPECT_EQ(tf({"-t"}).absolute_digits, 0);
    EXPECT_EQ(tf({"-tt"}).absolute_digits, 6);
    EXPECT_EQ(tf({"-t", "-t"}).absolute_digits, 6);
    EXPECT_EQ(tf({"-ttt"}).absolute, TimeFormat::Unix);
    EXPECT_EQ(tf({"-tttt"}).absolute, TimeFormat::Unix);
    EXPECT_TRUE(tf({"-r"}).relative);
    EXPECT_EQ(tf({"-r"}).absolute, TimeFormat::None);
    EXPECT_TRUE(tf({"-rT"}).durations);
    EXPECT_FALSE(tf({}).durations);
}

TEST(Options, QuietLevelsAndSets) {
    auto q = [](std::vector<std::string> a) {
        a.push_back("ls");
        return parse(a).quiet;
    };
    EXPECT_EQ(q({}), 0u);
    EXPECT_EQ(q({"-q"}), kQuietAttach | kQuietPersonality);
    EXPECT_EQ(q({"-qq"}), kQuietAttach | kQuietPersonality | kQuietExit);
    EXPECT_EQ(q({"-qqq"}), unsigned{kQuietAll});
    EXPECT_EQ(q({"-e", "quiet=exit,thread-execve"}), kQuietExit | kQuietThreadExecve);
    EXPECT_EQ(q({"-e", "quiet=!attach"}), kQuietAll & ~kQuietAttach);
    EXPECT_EQ(q({"--quiet=none"}), 0u);
    EXPECT_TRUE(parse({"-e", "quiet=none", "ls"}).quiet_given);
}

TEST(Options, StatusFilters) {
    auto st = [](std::vector<std::string> a) {
        a.push_back("ls");
        return parse(a).print.status;
    };
    EXPECT_EQ(st({}), unsigned{kStatusAll});
    EXPECT_EQ(st({"-z"}), unsigned{kStatusSuccessful});
    EXPECT_EQ(st({"-Z"}), unsigned{kStatusFailed});
    EXPECT_EQ(st({"--failed-only"}), unsigned{kStatusFailed});
    EXPECT_EQ(st({"-e", "status=failed,unfinished"}), kStatusFailed | kStatusUnfinished);
    EXPECT_EQ(st({"-e", "status=!failed,unfinished"}), kStatusSuccessful | kStatusUnavailable | kStatusDetached);
    EXPECT_EQ(st({"--status=all"}), unsigned{kStatusAll});
    Options o = parse({"-z", "-Z", "ls"});
    EXPECT_EQ(o.print.status, unsigned{kStatusFailed});
    EXPECT_EQ(o.warnings.size(), 1u);
}

TEST(Options, StartupOptions) {
    Options o = parse({"-E", "A=1", "-EB", "-u", "nobody", "-n", "-D", "ls"});
    EXPECT_EQ(o.env, (std::vector<std::string>{"A=1", "B"}));
    EXPECT_EQ(o.user, "nobody");
    EXPECT_TRUE(o.print.syscall_numbers);
    EXPECT_EQ(o.daemonize, 1);
    EXPECT_EQ(parse({"-DDD", "ls"}).daemonize, 3);
    EXPECT_EQ(parse({"--daemonize=pgroup", "ls"}).daemonize, 2);
    EXPECT_EQ(parse({"-A", "ls"}).warnings.size(), 1u);
}

TEST(Options, HelpListsEveryOption) {
    std::string h = usage_text();
    for (const char *opt :
         {"-E VAR",     "-p PID", "-u USER",   "-D,",      "-f,", "-ff",     "-e trace", "-e signal", "-e status",
          "-z,",        "-Z,",    "-a COLUMN", "-e quiet", "-n,", "-o FILE", "-A,",      "-q ",       "-r,",
          "-s STRSIZE", "-t,",    "-tt",       "-ttt",     "-T,", "-h,",     "-V,"})
        EXPECT_NE(h.find(opt), std::string::npos) << opt;
}

TEST(Options, NetworkViews) {
    Options o = parse({"--stats", "ls"});
    EXPECT_EQ(o.stats_interval_ns, 1'000'000'000);
    EXPECT_EQ(o.command, (std::vector<std::string>{"ls"}));  // the optional value never eats a word
    EXPECT_EQ(parse({"--stats=0.5", "ls"}).stats_interval_ns, 500'000'000);
    EXPECT_EQ(error_of({"--stats=0", "ls"}), "invalid --stats interval '0' (seconds, 0.01 to 86400)");
    EXPECT_EQ(error_of({"--stats=x", "ls"}), "invalid --stats interval 'x' (seconds, 0.01 to 86400)");
    o = parse({"--top", "ls"});
    EXPECT_TRUE(o.top);
    EXPECT_TRUE(o.capture.enabled);  // the connections come from the packets
    EXPECT_EQ(error_of({"--top", "--json", "ls"}), "--top and --json are mutually exclusive");
    EXPECT_EQ(error_of({"--top", "-c", "ls"}), "--top and -c are mutually exclusive");
    std::string h = usage_text();
    for (const char *opt : {"--top", "--stats[=SECONDS]", "--net-summary"})
        EXPECT_NE(h.find(opt), std::string::npos) << opt;
}
