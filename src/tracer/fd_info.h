// -y / -yy: what a descriptor is, as strace prints it after the number. Paths come from
// /proc/TID/fd (readlink, as strace); with -yy, sockets are described by sock_diag - asked in
// the tracee's own network namespace, through one NETLINK_SOCK_DIAG socket per namespace -
// and character/block devices get their numbers.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <unordered_map>

#include "decode/decoder.h"

namespace wiretrace {

class PidInfo;

class FdInfo : public FdDescriber {
public:
    explicit FdInfo(int set);  // kDecodeFd*: path (-y), socket, dev, pidfd; all (-yy)
    ~FdInfo() override;
    FdInfo(const FdInfo &) = delete;
    FdInfo &operator=(const FdInfo &) = delete;

    bool describe(pid_t tid, int fd, std::string &out) override;
    void set_strings_in_hex(int hex) { hex_ = hex; }    // -x, -xx: paths are quoted as strings are
    void set_proc_pids(PidInfo *p) { proc_pids_ = p; }  // /proc's pids when it is another namespace's

    // "TCP:[127.0.0.1:80->127.0.0.1:40000]" for a socket inode, asked through `diag_fd`
    // (a NETLINK_SOCK_DIAG socket); empty when sock_diag does not know it. For tests.
    static std::string socket_text(int diag_fd, const std::string &proto, uint64_t inode);

private:
    int diag_socket(pid_t tid);  // the sock_diag socket of tid's network namespace, or -1
    bool describe_socket(pid_t tid, int fd, uint64_t inode, std::string &out);

    int set_;
    int hex_ = kHexNone;
    PidInfo *proc_pids_ = nullptr;
    int own_netns_ = -1;                               // to come back after setns
    std::unordered_map<uint64_t, int> diag_by_netns_;  // netns inode -> NETLINK_SOCK_DIAG fd
    // socket inode -> "TCP:[...]": as strace, the first answer sock_diag gives is kept for the
    // socket's life (a UDP socket connected after its bind keeps "UDP:[local]"); a socket
    // sock_diag does not know yet is asked again each time.
    std::unordered_map<uint64_t, std::string> sockets_;
};

}  // namespace wiretrace
