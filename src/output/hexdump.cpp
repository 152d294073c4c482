#include "output/hexdump.h"

#include <cstdio>

namespace wiretrace {

void hexdump(std::string &out, const unsigned char *p, size_t n) {
    static const char digits[] = "0123456789abcdef";
    for (size_t off = 0; off < n; off += 16) {
        char head[32];
        std::snprintf(head, sizeof head, " | %05zx  ", off);
        out += head;
        std::string ascii;
        for (size_t i = 0; i < 16; i++) {
            if (off + i < n) {
                unsigned char c = p[off + i];
                out += digits[c >> 4];
                out += digits[c & 15];
                out += ' ';
                ascii += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.';
            } else {
                out += "   ";
                ascii += ' ';
            }
            if (i == 7) out += ' ';
        }
        out += ' ';
        out += ascii;
        out += " |\n";
    }
}

}  // namespace wiretrace
