// Decoders over fake tracee memory, for the decoder unit tests: mapped regions and holes, and a
// runner that calls a syscall's decoder at entry and at exit as the tracer does.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "decode/decoder.h"
#include "syscalls/syscall_table.h"

namespace wiretrace_test {
using namespace wiretrace;
// Memory made of mapped regions; everything else is a hole.
class FakeMemory : public RemoteMemory {
public:
    void map(uint64_t addr, const void *data, size_t len) {
        regions_[addr] = std::vector<unsigned char>(static_cast<const unsigned char *>(data),
                                                    static_cast<const unsigned char *>(data) + len);
    }
    void map_str(uint64_t addr, const std::string &s) { map(addr, s.c_str(), s.size() + 1); }
    size_t read(RemoteAddr addr, void *dst, size_t len) override {
        size_t done = 0;
        while (done < len) {
            uint64_t a = addr.value + done;
            auto it = regions_.upper_bound(a);
            if (it == regions_.begin()) break;
            --it;
            if (a >= it->first + it->second.size()) break;
            size_t off = static_cast<size_t>(a - it->first);
            size_t k = std::min(len - done, it->second.size() - off);
            std::memcpy(static_cast<char *>(dst) + done, it->second.data() + off, k);
            done += k;
        }
        return done;
    }

private:
    std::map<uint64_t, std::vector<unsigned char>> regions_;
};

struct Decode {
    FakeMemory mem;
    DecodeOptions opt;
    std::string out;
    // Runs the table's decoder for `name` at entry and (if ret is given) at exit.
    std::string run(const char *name, std::initializer_list<uint64_t> a, int64_t ret) {
        const SyscallInfo *info = syscall_by_name(name);
        EXPECT_NE(info, nullptr) << name;
        uint64_t args[6] = {};
        int i = 0;
        for (uint64_t v : a) args[i++] = v;
        out.clear();
        Call c(mem, opt, out);
        c.reset(info, info->nr, args);
        info->decode(c);
        c.set_exit(ret);
        info->decode(c);
        return out;
    }
};
}  // namespace wiretrace_test
