// Memory technology devices ('M', mtd/mtd-abi.h): erase regions, OOB buffers, writes, OTP areas,
// device and region information, NAND layouts and ECC statistics, as strace's mtd.c. (The
// 'M' type is shared with sound mixers, named MIXER_READ/WRITE(n) by the request printer.)
#include <linux/ioctl.h>
#include <mtd/mtd-abi.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
template <typename T, typename P>
void with(Call &c, uint64_t addr, P print) {
    T v;
    if (c.fetch(addr, v)) print(v);
}

void start_length(Call &c, uint64_t start, uint64_t length) {
    c.str("{start=");
    c.hex(start);
    c.str(", length=");
    c.hex(length);
}

void info(Call &c, const mtd_info_user &m) {
    c.str("{type=");
    c.enum_val(xlat_mtd_type_options, m.type, "%#llx /* MTD_??? */");
    c.str(", flags=");
    c.flags_of({&xlat_mtd_flags_options}, m.flags, "0", "MTD_???");
    c.str(", size=");
    c.hex(m.size);
    c.str(", erasesize=");
    c.hex(m.erasesize);
    c.str(", writesize=");
    c.hex(m.writesize);
    c.str(", oobsize=");
    c.hex(m.oobsize);
    c.str(", padding=");
    c.hex(m.padding);
    c.str("}");
}

void oobinfo(Call &c, const nand_oobinfo &n) {
    c.str("{useecc=");
    c.enum_val(xlat_mtd_nandecc_options, n.useecc, "%#llx /* MTD_NANDECC_??? */");
    c.str(", eccbytes=");
    c.hex(n.eccbytes);
    c.str(", oobfree=");
    c.local_array<uint32_t[2]>(reinterpret_cast<const unsigned char *>(n.oobfree), 8, [&](const uint32_t(&p)[2]) {
        print_hex_array(c, p, 2);
        return true;
    });
    c.str(", eccpos=");
    c.local_array<uint32_t>(reinterpret_cast<const unsigned char *>(n.eccpos), 32, [&](uint32_t v) {
        c.hex(v);
        return true;
    });
    c.str("}");
}

void ecclayout(Call &c, const nand_ecclayout_user &n) {
    c.str("{eccbytes=");
    c.hex(n.eccbytes);
    c.str(", eccpos=");
    c.local_array<uint32_t>(reinterpret_cast<const unsigned char *>(n.eccpos), MTD_MAX_ECCPOS_ENTRIES, [&](uint32_t v) {
        c.hex(v);
        return true;
    });
    c.str(", oobavail=");
    c.hex(n.oobavail);
    c.str(", oobfree=");
    c.local_array<nand_oobfree>(reinterpret_cast<const unsigned char *>(n.oobfree), MTD_MAX_OOBFREE_ENTRIES,
                                [&](const nand_oobfree &f) {
                                    c.str("{offset=");
                                    c.hex(f.offset);
                                    c.str(", length=");
                                    c.hex(f.length);
                                    c.str("}");
                                    return true;
                                });
    c.str("}");
}
}  // namespace

IoctlArg mtd_ioctl(Call &c, unsigned code, uint64_t arg) {
    // requests that fill their structure: only the separator at entry
    const bool out = code == OTPGETREGIONINFO || code == MEMGETINFO || code == MEMGETOOBSEL || code == ECCGETLAYOUT ||
                     code == ECCGETSTATS || code == OTPGETREGIONCOUNT || code == MEMGETREGIONCOUNT;
    switch (code) {
        case MEMERASE:
        case MEMLOCK:
        case MEMUNLOCK:
        case MEMISLOCKED:
        case MEMERASE64:
        case MEMWRITEOOB:
        case MEMREADOOB:
        case MEMWRITEOOB64:
        case MEMREADOOB64:
        case MEMWRITE:
        case OTPLOCK:
        case OTPSELECT:
        case MTDFILEMODE:
        case MEMGETBADBLOCK:
        case MEMSETBADBLOCK:
        case MEMGETREGIONINFO:
            break;
        default:
            if (!out) return IoctlArg::Generic;
            if (c.entering()) return IoctlArg::AtExit;
    }
    if (c.entering() || out) c.sep();
    switch (code) {
        case MEMERASE:
        case MEMLOCK:
        case MEMUNLOCK:
        case MEMISLOCKED:
            with<erase_info_user>(c, arg, [&](const erase_info_user &e) {
                start_length(c, e.start, e.length);
                c.str("}");
            });
            break;
        case MEMERASE64:
            with<erase_info_user64>(c, arg, [&](const erase_info_user64 &e) {
                start_length(c, e.start, e.length);
                c.str("}");
            });
            break;
        case MEMWRITEOOB:
        case MEMREADOOB:
            with<mtd_oob_buf>(c, arg, [&](const mtd_oob_buf &b) {
                start_length(c, b.start, b.length);
                c.str(", ptr=");
                c.ptr(reinterpret_cast<uint64_t>(b.ptr));
                c.str("}");
            });
            break;
        case MEMWRITEOOB64:
        case MEMREADOOB64:
            with<mtd_oob_buf64>(c, arg, [&](const mtd_oob_buf64 &b) {
                start_length(c, b.start, b.length);
                c.str(", usr_ptr=");
                c.ptr(b.usr_ptr);
                c.str("}");
            });
            break;
        case MEMWRITE:
            with<mtd_write_req>(c, arg, [&](const mtd_write_req &w) {
                c.str("{start=");
                c.hex(w.start);
                c.str(", len=");
                c.hex(w.len);
                c.str(", ooblen=");
                c.hex(w.ooblen);
                c.str(", usr_data=");
                c.ptr(w.usr_data);
                c.str(", usr_oob=");
                c.ptr(w.usr_oob);
                c.str(", mode=");
                c.enum_val(xlat_mtd_mode_options, w.mode, "%#llx /* MTD_OPS_??? */");
                c.str("}");
            });
            break;
        case OTPGETREGIONINFO:
        case OTPLOCK:
            with<otp_info>(c, arg, [&](const otp_info &o) {
                start_length(c, o.start, o.length);
                c.str(", locked=");
                c.udec(o.locked);
                c.str("}");
            });
            break;
        case OTPSELECT:
            with<unsigned>(c, arg, [&](unsigned v) {
                c.str("[");
                c.enum_val(xlat_mtd_otp_options, v, "%#llx /* MTD_OTP_??? */");
                c.str("]");
            });
            break;
        case MTDFILEMODE:
            c.enum_val(xlat_mtd_file_mode_options, arg, "%#llx /* MTD_FILE_MODE_??? */");
            break;
        case MEMGETBADBLOCK:
        case MEMSETBADBLOCK:
            print_num_at<uint64_t>(c, arg);
            break;
        case MEMGETINFO:
            with<mtd_info_user>(c, arg, [&](const mtd_info_user &m) { info(c, m); });
            break;
        case MEMGETOOBSEL:
            with<nand_oobinfo>(c, arg, [&](const nand_oobinfo &n) { oobinfo(c, n); });
            break;
        case ECCGETLAYOUT:
            with<nand_ecclayout_user>(c, arg, [&](const nand_ecclayout_user &n) { ecclayout(c, n); });
            break;
        case ECCGETSTATS:
            with<mtd_ecc_stats>(c, arg, [&](const mtd_ecc_stats &e) {
                c.str("{corrected=");
                c.hex(e.corrected);
                c.str(", failed=");
                c.hex(e.failed);
                c.str(", badblocks=");
                c.hex(e.badblocks);
                c.str(", bbtblocks=");
                c.hex(e.bbtblocks);
                c.str("}");
            });
            break;
        case OTPGETREGIONCOUNT:
            print_num_at<unsigned>(c, arg);
            break;
        case MEMGETREGIONCOUNT:
            print_int_at(c, arg);
            break;
        case MEMGETREGIONINFO: {
            region_info_user r;
            if (c.entering()) {
                if (!c.fetch(arg, r)) break;
                c.str("{regionindex=");
                c.hex(r.regionindex);
                return IoctlArg::AtExit;
            }
            if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), r)) {
                c.str(", offset=");
                c.hex(r.offset);
                c.str(", erasesize=");
                c.hex(r.erasesize);
                c.str(", numblocks=");
                c.hex(r.numblocks);
            }
            c.str("}");
            break;
        }
        default:
            break;
    }
    return IoctlArg::Done;
}

}  // namespace wiretrace
