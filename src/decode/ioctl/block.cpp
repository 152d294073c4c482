// Block device requests (0x12, linux/fs.h): numbers by value or through pointers of the width
// each request uses, discard ranges, BLKPG partitions and blktrace setup, as strace's block.c.
#include <linux/blkpg.h>
#include <linux/blktrace_api.h>
#include <linux/blkzoned.h>
#include <linux/fs.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void print_blkpg(Call &c, uint64_t addr) {
    blkpg_ioctl_arg a;
    if (!c.fetch(addr, a)) return;
    c.str("{op=");
    c.enum_val(xlat_blkpg_ops, static_cast<unsigned>(a.op), "%#llx /* BLKPG_??? */");
    c.str(", flags=");
    c.dec(a.flags);
    c.str(", datalen=");
    c.dec(a.datalen);
    c.str(", data=");
    blkpg_partition p;
    if (c.fetch(reinterpret_cast<uint64_t>(a.data), p)) {
        c.str("{start=");
        c.dec(p.start);
        c.str(", length=");
        c.dec(p.length);
        c.str(", pno=");
        c.dec(p.pno);
        c.str(", devname=");
        print_cstring_field(c, p.devname, sizeof p.devname);
        c.str(", volname=");
        print_cstring_field(c, p.volname, sizeof p.volname);
        c.str("}");
    }
    c.str("}");
}

// BLKTRACESETUP: the request at entry, the name the kernel chose at exit.
IoctlArg print_trace_setup(Call &c, uint64_t addr) {
    blk_user_trace_setup b;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(addr, b)) return IoctlArg::Done;
        const std::pair<const char *, uint64_t> fields[] = {{"{act_mask=", b.act_mask},
                                                            {", buf_size=", b.buf_size},
                                                            {", buf_nr=", b.buf_nr},
                                                            {", start_lba=", b.start_lba},
                                                            {", end_lba=", b.end_lba}};
        for (const auto &[name, v] : fields) {
            c.str(name);
            c.udec(v);
        }
        c.str(", pid=");
        c.pid(static_cast<int>(b.pid));
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(addr), b)) {
        c.str(", name=");
        print_cstring_field(c, b.name, sizeof b.name);
    }
    c.str("}");
    return IoctlArg::Done;
}
}  // namespace

IoctlArg block_ioctl(Call &c, unsigned code, uint64_t arg) {
    // requests that return a value: nothing at entry
    auto output = [&](auto print) {
        if (c.entering()) return IoctlArg::AtExit;
        c.sep();
        print();
        return IoctlArg::Done;
    };
    switch (code) {
        case BLKRASET:
        case BLKFRASET:
            c.sep();
            c.udec(arg);
            return IoctlArg::Done;
        case BLKSECTGET:
        case BLKROTATIONAL:
            return output([&] { print_num_at<unsigned short>(c, arg); });
        case BLKROGET:
        case BLKBSZGET:
        case BLKSSZGET:
        case BLKALIGNOFF:
            return output([&] { print_num_at<int>(c, arg); });
        case BLKROSET:
        case BLKBSZSET:
            c.sep();
            print_num_at<int>(c, arg);
            return IoctlArg::Done;
        case BLKPBSZGET:
        case BLKIOMIN:
        case BLKIOOPT:
        case BLKDISCARDZEROES:
        case BLKGETZONESZ:
        case BLKGETNRZONES:
            return output([&] { print_num_at<unsigned>(c, arg); });
        case BLKRAGET:
        case BLKFRAGET:
            return output([&] { print_num_at<long>(c, arg); });
        case BLKGETSIZE:
            return output([&] { print_num_at<unsigned long>(c, arg); });
        case BLKGETSIZE64:
        case BLKGETDISKSEQ:
            return output([&] { print_num_at<uint64_t>(c, arg); });
        case BLKDISCARD:
        case BLKSECDISCARD:
        case BLKZEROOUT: {
            c.sep();
            uint64_t range[2];
            if (c.fetch(arg, range)) {
                c.str("[");
                c.udec(range[0]);
                c.str(", ");
                c.udec(range[1]);
                c.str("]");
            }
            return IoctlArg::Done;
        }
        case BLKPG:
            c.sep();
            print_blkpg(c, arg);
            return IoctlArg::Done;
        case BLKTRACESETUP:
            return print_trace_setup(c, arg);
        case BLKRRPART:
        case BLKFLSBUF:
        case BLKTRACESTART:
        case BLKTRACESTOP:
        case BLKTRACETEARDOWN:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
