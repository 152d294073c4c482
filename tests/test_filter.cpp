// -e trace= and -e signal= parsing.
#include <gtest/gtest.h>
#include <sys/syscall.h>

#include "common.h"
#include "syscalls/trace_filter.h"

using namespace wiretrace;

TEST(TraceFilter, DefaultTracesEverything) {
    TraceFilter f;
    EXPECT_TRUE(f.traced(SYS_read));
    EXPECT_TRUE(f.traced(500));
    EXPECT_TRUE(f.all());
}

TEST(TraceFilter, NamesAndClasses) {
    TraceFilter f;
    f.parse("%network,write");
    EXPECT_TRUE(f.traced(SYS_connect));
    EXPECT_TRUE(f.traced(SYS_write));
    EXPECT_FALSE(f.traced(SYS_read));
    EXPECT_TRUE(f.traced(500));  // numbers strace has no name for are shown whatever the filter
    f.parse("process");
    EXPECT_TRUE(f.traced(SYS_clone3));
    EXPECT_TRUE(f.traced(SYS_execve));
    EXPECT_FALSE(f.traced(SYS_connect));  // a later -e trace= replaces the earlier one
}

TEST(TraceFilter, NegationAppliesToTheWholeList) {
    TraceFilter f;
    f.parse("!write,close,%memory");
    EXPECT_FALSE(f.traced(SYS_write));
    EXPECT_FALSE(f.traced(SYS_close));
    EXPECT_FALSE(f.traced(SYS_mmap));
    EXPECT_TRUE(f.traced(SYS_read));
    EXPECT_TRUE(f.traced(500));
}

TEST(TraceFilter, AllNoneRegexAndOptional) {
    TraceFilter f;
    f.parse("none");
    EXPECT_FALSE(f.traced(SYS_read));
    f.parse("all");
    EXPECT_TRUE(f.traced(SYS_read));
    f.parse("/^(pread|pwrite)64$");
    EXPECT_TRUE(f.traced(SYS_pread64));
    EXPECT_TRUE(f.traced(SYS_pwrite64));
    EXPECT_FALSE(f.traced(SYS_read));
    f.parse("?nosuchcall,read");
    EXPECT_TRUE(f.traced(SYS_read));
}

TEST(TraceFilter, BadNamesAreErrors) {
    TraceFilter f;
    try {
        f.parse("nosuchcall");
        FAIL() << "no error";
    } catch (const FatalError &e) {
        EXPECT_STREQ(e.what(), "invalid system call 'nosuchcall'");
        EXPECT_EQ(e.exit_code, 1);
    }
    EXPECT_THROW(f.parse("%nosuchclass"), FatalError);
    EXPECT_NO_THROW(f.parse("write,"));               // strace skips empty words...
    EXPECT_THROW(f.parse(","), FatalError);           // ...but wants one
    EXPECT_THROW(f.parse("415"), FatalError);         // a number no call has
    EXPECT_THROW(f.parse("write,none"), FatalError);  // none/all only alone
    EXPECT_NO_THROW(f.parse("chdir@64,1"));
    try {
        f.parse("/[id");
        FAIL() << "no error";
    } catch (const FatalError &e) {
        EXPECT_EQ(std::string(e.what()).rfind("regcomp: [id: ", 0), 0u) << e.what();
    }
    try {
        f.parse("chdir@65");
        FAIL() << "no error";
    } catch (const FatalError &e) {
        EXPECT_STREQ(e.what(), "incorrect personality designator '65' in qualification 'chdir@65'");
    }
}

TEST(SignalFilter, Sets) {
    SignalFilter s;
    EXPECT_TRUE(s.shown(17));
    s.parse("SIGCHLD,TERM");
    EXPECT_TRUE(s.shown(17));
    EXPECT_TRUE(s.shown(15));
    EXPECT_FALSE(s.shown(10));
    s.parse("!SIGCHLD");
    EXPECT_FALSE(s.shown(17));
    EXPECT_TRUE(s.shown(10));
    EXPECT_THROW(s.parse("SIGNOPE"), FatalError);
}
