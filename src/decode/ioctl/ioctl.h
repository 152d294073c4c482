// ioctl(2): the request named from the kernel headers, and its argument decoded by the
// subsystem its type byte names (one file per subsystem), as strace's ioctl_decode.
#pragma once

#include <cstdint>

#include "decode/decoder.h"

namespace wiretrace {

// What a subsystem decoder did with the argument.
enum class IoctlArg {
    Generic,  // nothing: the argument is printed as an address
    Done,     // printed it (", ..." included) or decided there is nothing to print
    AtExit,   // call again at exit (it fills memory the call returns)
};

// The top bit of Call::aux() is the dispatcher's (AtExit was answered); a subsystem decoder may
// keep a value from entry to exit in the other bits.
constexpr uint64_t kIoctlAtExit = uint64_t{1} << 63;

// For requests whose value is an input or an output: at entry the separator, and true for an
// output, which is shown when the call returns (answer AtExit then).
inline bool shown_at_exit(Call &c, bool output) {
    if (!c.entering()) return false;
    c.sep();
    return output;
}

// For requests shown at entry and again, after " => ", at exit: prints the separator or the
// arrow; false at the exit of a failed call (nothing more to show).
inline bool entry_or_result(Call &c) {
    if (c.entering()) {
        c.sep();
        return true;
    }
    if (c.failed()) return false;
    c.str(" => ");
    return true;
}

// A character as strace's print_char with quotes: 'a', '\'', '\x01'; with escape_ws, \t..\r as
// '\n' and the like.
void print_quoted_char(Call &c, unsigned char ch, bool escape_ws);

// Each is called at entry, and again at exit when it answered AtExit there.
IoctlArg term_ioctl(Call &c, unsigned code, uint64_t arg);      // 'T': terminals, FIONBIO, FIONREAD
IoctlArg nsfs_ioctl(Call &c, unsigned code, uint64_t arg);      // 0xb7: namespaces
IoctlArg inotify_ioctl(Call &c, unsigned code, uint64_t arg);   // 'I': inotify
IoctlArg random_ioctl(Call &c, unsigned code, uint64_t arg);    // 'R': /dev/random
IoctlArg watchdog_ioctl(Call &c, unsigned code, uint64_t arg);  // 'W': watchdogs
IoctlArg sock_ioctl(Call &c, unsigned code, uint64_t arg);      // 0x89: sockets, interfaces
IoctlArg loop_ioctl(Call &c, unsigned code, uint64_t arg);      // 'L': loop devices
IoctlArg block_ioctl(Call &c, unsigned code, uint64_t arg);     // 0x12: block devices
IoctlArg evdev_ioctl(Call &c, unsigned code, uint64_t arg);     // 'E': input event devices
// EVIOCGBIT(EV_KEY, 96) and the other requests strace names with a parameter.
bool evdev_request_name(Call &c, unsigned code);
IoctlArg hdio_ioctl(Call &c, unsigned code, uint64_t arg);       // 0x03: ATA disks
IoctlArg seccomp_ioctl(Call &c, unsigned code, uint64_t arg);    // '!': seccomp user notifications
IoctlArg fs_ioctl(Call &c, unsigned code, uint64_t arg);         // 'f', 'X': file systems
IoctlArg counter_ioctl(Call &c, unsigned code, uint64_t arg);    // '>': counter devices
IoctlArg ptp_ioctl(Call &c, unsigned code, uint64_t arg);        // '=': PTP hardware clocks
IoctlArg gpio_ioctl(Call &c, unsigned code, uint64_t arg);       // 0xb4: GPIO chips
IoctlArg kd_ioctl(Call &c, unsigned code, uint64_t arg);         // 'K': consoles and keyboards
IoctlArg lirc_ioctl(Call &c, unsigned code, uint64_t arg);       // 'i': infrared remotes
IoctlArg nbd_ioctl(Call &c, unsigned code, uint64_t arg);        // 0xab: network block devices
IoctlArg uffd_ioctl(Call &c, unsigned code, uint64_t arg);       // 0xaa: userfaultfd
IoctlArg ubi_ioctl(Call &c, unsigned code, uint64_t arg);        // 'o', 'O': UBI
IoctlArg mtd_ioctl(Call &c, unsigned code, uint64_t arg);        // 'M': memory technology devices
IoctlArg rtc_ioctl(Call &c, unsigned code, uint64_t arg);        // 'p': real-time clocks
IoctlArg kvm_ioctl(Call &c, unsigned code, uint64_t arg);        // 0xae: KVM
IoctlArg perf_ioctl(Call &c, unsigned code, uint64_t arg);       // '$': perf events
IoctlArg v4l2_ioctl(Call &c, unsigned code, uint64_t arg);       // 'V': Video4Linux2
IoctlArg scsi_ioctl(Call &c, unsigned code, uint64_t arg);       // 0x22: SCSI generic (SG_IO)
IoctlArg dm_ioctl_decode(Call &c, unsigned code, uint64_t arg);  // 0xfd: device mapper
IoctlArg tee_ioctl(Call &c, unsigned code, uint64_t arg);        // 0xa4: trusted execution environments

}  // namespace wiretrace
