// -c: strace's table, golden strings, and the counts against strace's on a real program.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include <map>
#include <regex>

#include "output/summary.h"
#include "run_helper.h"

using namespace wiretrace;

TEST(Summary, StraceTableLayout) {
    std::vector<SyscallCount> rows(500);
    rows[SYS_read] = {4, 3, 11000, 1000, 5000};
    rows[SYS_write] = {2, 0, 1999513000, 1000, 1999512000};
    rows[SYS_close] = {7, 1, 0, 0, 0};
    EXPECT_EQ(Summary::table(rows, SummarySort::Time),
              "% time     seconds  usecs/call     calls    errors syscall\n"
              "------ ----------- ----------- --------- --------- ----------------\n"
              "100.00    1.999513      999756         2           write\n"
              "  0.00    0.000011           2         4         3 read\n"
              "  0.00    0.000000           0         7         1 close\n"
              "------ ----------- ----------- --------- --------- ----------------\n"
              "100.00    1.999524      153809        13         4 total\n");
    std::string by_calls = Summary::table(rows, SummarySort::Calls);
    EXPECT_LT(by_calls.find(" close\n"), by_calls.find(" read\n"));
    std::string by_name = Summary::table(rows, SummarySort::Name);
    EXPECT_LT(by_name.find(" close\n"), by_name.find(" read\n"));
    EXPECT_LT(by_name.find(" read\n"), by_name.find(" write\n"));
}

TEST(Summary, ColumnsAsAsked) {
    std::vector<SyscallCount> rows(500);
    rows[SYS_close] = {2, 1, 3000, 1000, 2000};
    EXPECT_EQ(Summary::table(rows, SummarySort::Time,
                             {SummaryColumn::Name, SummaryColumn::Calls, SummaryColumn::Errors, SummaryColumn::MaxTime,
                              SummaryColumn::MinTime, SummaryColumn::AvgTime, SummaryColumn::TotalTime,
                              SummaryColumn::TimePercent}),
              "syscall              calls    errors  longest shortest  usecs/call     seconds % time\n"
              "---------------- --------- --------- -------- -------- ----------- ----------- ------\n"
              "close                    2         1 0.000002 0.000001           1    0.000003 100.00\n"
              "---------------- --------- --------- -------- -------- ----------- ----------- ------\n"
              "total                    2         1 0.000002 0.000001           1    0.000003 100.00\n");
}

namespace {
// syscall -> "calls/errors" from a summary table
std::map<std::string, std::string> counts(const std::string &text) {
    std::map<std::string, std::string> m;
    std::regex row(R"(^ *[\d.]+ +[\d.]+ +\d+ +(\d+) +(\d*) (\S+)$)");
    for (const auto &l : lines_of(text)) {
        std::smatch s;
        // (futex calls depend on thread timing, and with them the total)
        if (std::regex_match(l, s, row) && s[3] != "futex" && s[3] != "total")
            m[s[3]] = std::string(s[1]) + "/" + (s[2].length() ? std::string(s[2]) : "0");
    }
    return m;
}
}  // namespace

TEST(Summary, CountsMatchStraceAndNoTraceIsPrinted) {
    if (access("/usr/bin/strace", X_OK) != 0) GTEST_SKIP() << "strace is the oracle";
    auto ref = run_cmd({"/usr/bin/strace", "-f", "-c", prog("forker")});
    auto got = run_cmd({wiretrace_bin(), "-f", "-c", "-qq", prog("forker")});
    EXPECT_EQ(got.code(), 0) << got.err;
    EXPECT_EQ(counts(got.err), counts(ref.err)) << got.err << "\n" << ref.err;
    EXPECT_EQ(got.err.find("write("), std::string::npos) << "-c prints no trace";
    EXPECT_EQ(got.err.find("+++"), std::string::npos);
    EXPECT_NE(got.err.find("100.00"), std::string::npos);

    // -C: the trace, then the table; -e trace limits what is counted
    auto both = run_cmd({wiretrace_bin(), "-C", "-e", "trace=write", prog("basic_calls")});
    auto tbl = counts(both.err);
    EXPECT_EQ(tbl.size(), 1u) << both.err;  // write
    EXPECT_LT(both.err.find("write(3, \"hello\\n\", 6)"), both.err.find("% time")) << both.err;
}

TEST(Summary, PerProcessTables) {
    auto r = run_cmd({wiretrace_bin(), "-f", "-qq", "--summary-per-pid", "-w", "-S", "name", prog("forker")});
    EXPECT_EQ(r.code(), 0) << r.err;
    std::smatch m;
    std::string e = r.err;
    int tables = 0;
    while (std::regex_search(e, m, std::regex(R"(process \d+\n% time)"))) {
        tables++;
        e = m.suffix();
    }
    EXPECT_EQ(tables, 2) << "the parent (with its thread) and the forked child: " << r.err;
    EXPECT_EQ(run_cmd({wiretrace_bin(), "-c", "-S", "bogus", "/bin/true"}).err,
              "wiretrace: invalid sortby: 'bogus'\nTry 'wiretrace -h' for more information.\n");
}
