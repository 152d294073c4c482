// -e read=FDS / -e write=FDS: the bytes a call moved, as strace dumps them under its line -
// one buffer (read, write, recvfrom, sendto...), each iovec (readv, writev, recvmsg, sendmsg:
// " * N bytes in buffer I"), each message of a vector (recvmmsg, sendmmsg: " = N buffers in
// vector I"). What is written is dumped as asked, even when the call failed; what is read,
// as much as the call returned.
#pragma once

#include <cstdint>
#include <string>

#include "decode/decoder.h"

namespace wiretrace {

void dump_io(RemoteMemory &mem, long nr, const uint64_t (&args)[6], int64_t ret, bool failed, bool dump_written,
             bool dump_read, std::string &out);

}  // namespace wiretrace
