// -e read=FDS / -e write=FDS: strace's dump of the bytes a call moved, 16 per line:
//  | 00000  68 65 6c 6c 6f 20 77 6f  72 6c 64 2c 20 74 68 69  hello world, thi |
#pragma once

#include <cstddef>
#include <string>

namespace wiretrace {

void hexdump(std::string &out, const unsigned char *p, size_t n);

}  // namespace wiretrace
