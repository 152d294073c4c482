// ioctl decoding over fake tracee memory: requests named as strace names them (table names,
// "A or B", names with a parameter), each subsystem's structures at entry or at exit, the
// address where the call failed or memory is unreadable.
#include <asm/termbits.h>
#include <linux/audit.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <linux/kvm.h>
#include <linux/loop.h>
#include <linux/seccomp.h>

#include <cerrno>

#include "fake_memory.h"

using wiretrace_test::Decode;

TEST(DecodeIoctl, TerminalAttributesAtExitAndTheAddressOnFailure) {
    Decode d;
    termios t{};
    t.c_iflag = ICRNL | IXON;
    t.c_oflag = OPOST | ONLCR;
    t.c_cflag = B38400 | CS8 | CREAD;
    t.c_lflag = ISIG | ICANON | ECHO;
    d.mem.map(0x1000, &t, sizeof t);
    EXPECT_EQ(d.run("ioctl", {0, TCGETS, 0x1000}, 0),
              "0, TCGETS, {c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|VT0|FF0|OPOST|ONLCR, "
              "c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO, ...}");
    EXPECT_EQ(d.run("ioctl", {0, TCGETS, 0x1000}, -ENOTTY), "0, TCGETS, 0x1000");
    winsize w{24, 80, 0, 0};
    d.mem.map(0x2000, &w, sizeof w);
    EXPECT_EQ(d.run("ioctl", {1, TIOCSWINSZ, 0x2000}, 0),
              "1, TIOCSWINSZ, {ws_row=24, ws_col=80, ws_xpixel=0, ws_ypixel=0}");
    EXPECT_EQ(d.run("ioctl", {1, TIOCMGET, 0}, -EFAULT), "1, TIOCMGET, NULL");
}

TEST(DecodeIoctl, ParameterisedNamesAndCapabilityBitsets) {
    Decode d;
    unsigned char bits[16] = {};
    bits[KEY_A / 8] |= 1 << (KEY_A % 8);
    bits[KEY_B / 8] |= 1 << (KEY_B % 8);
    d.mem.map(0x3000, bits, sizeof bits);
    EXPECT_EQ(d.run("ioctl", {5, EVIOCGBIT(EV_KEY, 16), 0x3000}, 16), "5, EVIOCGBIT(EV_KEY, 16), [KEY_A KEY_B]");
    d.opt.xlat_style = wiretrace::kXlatRaw;
    EXPECT_EQ(d.run("ioctl", {5, EVIOCGBIT(EV_KEY, 16), 0x3000}, 16), "5, 0x80104521, [0x1000040000000, 0]");
    d.opt.xlat_style = wiretrace::kXlatAbbrev;
    d.mem.map_str(0x4000, "Power Button");
    EXPECT_EQ(d.run("ioctl", {5, EVIOCGNAME(256), 0x4000}, 13), "5, EVIOCGNAME(256), \"Power Button\\0\"");
}

TEST(DecodeIoctl, ValuesByArgumentAndComments) {
    Decode d;
    EXPECT_EQ(d.run("ioctl", {0, KIOCSOUND, 1000}, 0), "0, KIOCSOUND, 1000 /* 1193 Hz */");
    EXPECT_EQ(d.run("ioctl", {0, KIOCSOUND, 0}, 0), "0, KIOCSOUND, 0 /* off */");
    EXPECT_EQ(d.run("ioctl", {0, KDSETMODE, KD_GRAPHICS}, 0), "0, KDSETMODE, KD_GRAPHICS");
    EXPECT_EQ(d.run("ioctl", {7, LOOP_SET_FD, 3}, 0), "7, LOOP_SET_FD, 3");
    EXPECT_EQ(d.run("ioctl", {7, LOOP_CLR_FD, 0x1234}, 0), "7, LOOP_CLR_FD");
}

TEST(DecodeIoctl, SeccompNotificationShownWhereItWasFilled) {
    Decode d;
    seccomp_notif n{};
    d.mem.map(0x5000, &n, sizeof n);  // zeroed, as the kernel wants it: shown at exit only
    std::string out = d.run("ioctl", {4, SECCOMP_IOCTL_NOTIF_RECV, 0x5000}, -ENOENT);
    EXPECT_EQ(out, "4, SECCOMP_IOCTL_NOTIF_RECV, 0x5000");
    n.id = 0x10;
    n.pid = 42;
    n.data.nr = 39;  // getpid
    n.data.arch = AUDIT_ARCH_X86_64;
    d.mem.map(0x5000, &n, sizeof n);
    EXPECT_EQ(d.run("ioctl", {4, SECCOMP_IOCTL_NOTIF_RECV, 0x5000}, 0),
              "4, SECCOMP_IOCTL_NOTIF_RECV, {id=0x10, pid=42, flags=0, data={nr=__NR_getpid, arch=AUDIT_ARCH_X86_64, "
              "instruction_pointer=NULL, args=[0, 0, 0, 0, 0, 0]}} => {id=0x10, pid=42, flags=0, data={nr=__NR_getpid, "
              "arch=AUDIT_ARCH_X86_64, instruction_pointer=NULL, args=[0, 0, 0, 0, 0, 0]}}");
}

TEST(DecodeIoctl, KvmRegistersAndCapabilities) {
    Decode d;
    EXPECT_EQ(d.run("ioctl", {3, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY}, 1),
              "3, KVM_CHECK_EXTENSION, KVM_CAP_USER_MEMORY");
    EXPECT_EQ(d.run("ioctl", {3, KVM_CHECK_EXTENSION, 0xfffff}, 0),
              "3, KVM_CHECK_EXTENSION, 0xfffff /* KVM_CAP_??? */");
    kvm_regs r{};
    r.rax = 2;
    r.rip = 0x1000;
    r.rflags = 2;
    d.mem.map(0x1000, &r, sizeof r);
    EXPECT_EQ(d.run("ioctl", {5, KVM_SET_REGS, 0x1000}, 0),
              "5, KVM_SET_REGS, {rax=0x2, ..., rsp=0, rbp=0, ..., rip=0x1000, rflags=0x2}");
    EXPECT_EQ(d.run("ioctl", {5, KVM_GET_REGS, 0x1000}, -EBADF), "5, KVM_GET_REGS, 0x1000");
    kvm_userspace_memory_region m{0, KVM_MEM_READONLY, 0x1000, 4096, 0x7f0000000000};
    d.mem.map(0x2000, &m, sizeof m);
    EXPECT_EQ(d.run("ioctl", {4, KVM_SET_USER_MEMORY_REGION, 0x2000}, 0),
              "4, KVM_SET_USER_MEMORY_REGION, {slot=0, flags=KVM_MEM_READONLY, guest_phys_addr=0x1000, "
              "memory_size=4096, userspace_addr=0x7f0000000000}");
    uint32_t cpuid[2] = {3, 0};  // struct kvm_cpuid2's head: three entries follow (abbreviated)
    d.mem.map(0x3000, cpuid, sizeof cpuid);
    EXPECT_EQ(d.run("ioctl", {5, 0x4008ae90 /* KVM_SET_CPUID2 */, 0x3000}, 0),
              "5, KVM_SET_CPUID2, {nent=3, entries=[...]}");
}
