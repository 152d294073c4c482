// StracePrinter against golden strings: alignment, prefixes, interleaving, results.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "output/strace_printer.h"

using namespace wiretrace;

namespace {
// Captures what an OutBuf writes, through a pipe.
struct Capture {
    int fds[2];
    OutBuf out;
    Capture() {
        EXPECT_EQ(pipe(fds), 0);
        out.open(fds[1], true, false);
    }
    std::string text() {
        out.close();
        std::string s;
        char buf[4096];
        ssize_t n;
        while ((n = read(fds[0], buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
        close(fds[0]);
        return s;
    }
};
const timespec t0{};
}  // namespace

TEST(Printer, AlignsResultsAtColumn40) {
    Capture c;
    StracePrinter p(c.out, PrinterOptions{});
    TaskLine t{100};
    p.syscall_entry(t, "close", "3", t0);
    p.syscall_exit(t, "close", "", RetKind::Dec, 0, t0, nullptr);
    p.syscall_entry(t, "openat", "AT_FDCWD, \"/a/rather/long/path/name\", O_RDONLY", t0);
    p.syscall_exit(t, "openat", "", RetKind::Fd, -2, t0, nullptr);
    p.syscall_entry(t, "mmap", "NULL, 8192", t0);
    p.syscall_exit(t, "mmap", "", RetKind::Hex, 0x7f0000001000, t0, nullptr);
    EXPECT_EQ(c.text(),
              "close(3)                                = 0\n"
              "openat(AT_FDCWD, \"/a/rather/long/path/name\", O_RDONLY) = -1 ENOENT (No such file or directory)\n"
              "mmap(NULL, 8192)                        = 0x7f0000001000\n");
}

TEST(Printer, ColumnEdgeCases) {
    Capture c;
    StracePrinter p(c.out, PrinterOptions{});
    TaskLine t{1};
    // ")" at column 38 and 39: "=" still lands at 40, then one space past it.
    p.syscall_entry(t, "x", std::string(35, 'a'), t0);
    p.syscall_exit(t, "x", "", RetKind::Dec, 1, t0, nullptr);
    p.syscall_entry(t, "x", std::string(36, 'a'), t0);
    p.syscall_exit(t, "x", "", RetKind::Dec, 1, t0, nullptr);
    p.syscall_entry(t, "x", std::string(37, 'a'), t0);
    p.syscall_exit(t, "x", "", RetKind::Dec, 1, t0, nullptr);
    auto s = c.text();
    EXPECT_EQ(s, "x(" + std::string(35, 'a') + ")  = 1\n" + "x(" + std::string(36, 'a') + ") = 1\n" + "x(" +
                     std::string(37, 'a') + ") = 1\n");
}

TEST(Printer, UnfinishedAndResumedWithPidPrefix) {
    Capture c;
    StracePrinter p(c.out, PrinterOptions{});
    p.set_task_count(2);
    TaskLine a{10}, b{2345};
    p.syscall_entry(a, "read", "3, ", t0);
    p.syscall_entry(b, "write", "1, \"x\", 1", t0);
    p.syscall_exit(b, "write", "", RetKind::Dec, 1, t0, nullptr);
    p.syscall_exit(a, "read", "\"go\\n\", 64", RetKind::Dec, 3, t0, nullptr);
    p.event_line(b, "+++ exited with 0 +++", t0);
    EXPECT_EQ(c.text(),
              "[pid    10] read(3,  <unfinished ...>\n"
              "[pid  2345] write(1, \"x\", 1)            = 1\n"
              "[pid    10] <... read resumed>\"go\\n\", 64) = 3\n"
              "[pid  2345] +++ exited with 0 +++\n");
}

TEST(Printer, PlainPrefixDurationsAndNoReturn) {
    Capture c;
    PrinterOptions o;
    o.plain_pid_prefix = true;
    o.time.durations = true;
    StracePrinter p(c.out, o);
    TaskLine a{42};
    timespec d{0, 11000};
    p.syscall_entry(a, "write", "5, \"main end\\n\", 9", t0);
    p.syscall_exit(a, "write", "", RetKind::Dec, 9, t0, &d);
    p.syscall_entry(a, "exit_group", "0", t0);
    p.syscall_noreturn(a, "exit_group", t0);
    EXPECT_EQ(c.text(),
              "42    write(5, \"main end\\n\", 9)         = 9 <0.000011>\n"
              "42    exit_group(0)                     = ?\n");
}

TEST(Printer, EpochTimestamps) {
    Capture c;
    PrinterOptions o;
    o.time.absolute = TimeFormat::Unix;
    o.time.absolute_digits = 6;
    StracePrinter p(c.out, o);
    TaskLine a{1};
    timespec now{1700000000, 123456789};
    p.event_line(a, "+++ exited with 0 +++", now);
    EXPECT_EQ(c.text(), "1700000000.123456 +++ exited with 0 +++\n");
}

TEST(Printer, Results) {
    std::string s;
    auto r = [&](RetKind k, int64_t v) {
        s.clear();
        StracePrinter::format_result(s, k, v);
        return s;
    };
    EXPECT_EQ(r(RetKind::Dec, 5), "5");
    EXPECT_EQ(r(RetKind::Dec, -1), "-1 EPERM (Operation not permitted)");
    EXPECT_EQ(r(RetKind::Dec, -512), "? ERESTARTSYS (To be restarted if SA_RESTART is set)");
    EXPECT_EQ(r(RetKind::Dec, -516), "? ERESTART_RESTARTBLOCK (Interrupted by signal)");
    EXPECT_EQ(r(RetKind::Hex, 0x1000), "0x1000");
    EXPECT_EQ(r(RetKind::Hex, -12), "-1 ENOMEM (Cannot allocate memory)");
    EXPECT_EQ(r(RetKind::Oct, 022), "022");
    EXPECT_EQ(r(RetKind::Dec, -4000), "-1 ERRNO_4000 (Unknown error 4000)");
}

TEST(Printer, RelativeTimestampsAndSyscallNumbers) {
    Capture c;
    PrinterOptions o;
    o.time.relative = true;
    o.syscall_numbers = true;
    StracePrinter p(c.out, o);
    TaskLine a{1};
    a.nr = 3;
    Stamp s1, s2;
    s1.mono = {5, 100000000};
    s2.mono = {6, 350000000};
    p.syscall_entry(a, "close", "3", s1);
    p.syscall_exit(a, "close", "", RetKind::Dec, 0, s1, nullptr);
    p.event_line(a, "+++ exited with 0 +++", s2);
    EXPECT_EQ(c.text(),
              "     0.000000 [   3] close(3)           = 0\n"
              "     1.250000 [   3] +++ exited with 0 +++\n");
}

TEST(Printer, AbsoluteWithRelativeAndPrecisions) {
    Capture c;
    PrinterOptions o;
    o.time.absolute = TimeFormat::Unix;
    o.time.absolute_digits = 3;
    o.time.relative = true;
    o.time.relative_digits = 9;
    o.time.durations = true;
    o.time.duration_digits = 9;
    StracePrinter p(c.out, o);
    TaskLine a{1};
    Stamp s;
    s.wall = {1700000000, 123456789};
    timespec d{0, 33200};
    p.syscall_entry(a, "close", "3", s);
    p.syscall_exit(a, "close", "", RetKind::Dec, 0, s, &d);
    EXPECT_EQ(c.text(), "1700000000.123 (+     0.000000000) close(3) = 0 <0.000033200>\n");
}

TEST(Printer, StatusFilterCommitsWholeLinesOnly) {
    Capture c;
    PrinterOptions o;
    o.status = kStatusFailed | kStatusUnfinished;
    StracePrinter p(c.out, o);
    p.set_task_count(2);
    SinkBuffer pa, pb;
    TaskLine a{10}, b{20};
    a.pending = &pa.sink;
    b.pending = &pb.sink;
    p.syscall_entry(a, "read", "3, ", t0);
    p.syscall_entry(b, "close", "7", t0);  // does not cut a's line: they are composed apart
    p.syscall_exit(b, "close", "", RetKind::Dec, -9, t0, nullptr);
    p.syscall_exit(a, "read", "\"x\", 1", RetKind::Dec, 1, t0, nullptr);  // successful: dropped
    p.syscall_entry(a, "exit_group", "0", t0);
    p.event_line(b, "+++ exited with 0 +++", t0);
    p.syscall_noreturn(a, "exit_group", t0);
    EXPECT_EQ(c.text(),
              "[pid    20] close(7)                    = -1 EBADF (Bad file descriptor)\n"
              "[pid    20] +++ exited with 0 +++\n"
              "[pid    10] exit_group(0)               = ?\n");
}

TEST(Printer, PerTaskDestinations) {
    Capture main, one;
    StracePrinter p(main.out, PrinterOptions{});
    p.set_task_count(2);
    Sink own(one.out);
    TaskLine a{10}, b{20};
    b.dest = &own;
    p.syscall_entry(a, "read", "3, ", t0);
    p.syscall_entry(b, "write", "1, \"x\", 1", t0);  // another file: a's line is not cut
    p.syscall_exit(b, "write", "", RetKind::Dec, 1, t0, nullptr);
    p.syscall_exit(a, "read", "\"x\", 1", RetKind::Dec, 1, t0, nullptr);
    EXPECT_EQ(main.text(), "[pid    10] read(3, \"x\", 1)             = 1\n");
    EXPECT_EQ(one.text(), "[pid    20] write(1, \"x\", 1)            = 1\n");
}
