// UBI volumes and devices ('o' and 'O', mtd/ubi-user.h): volume creation (the new id at exit),
// resizing, renaming, LEB changes and maps, attaching (the device number at exit), volume
// properties and the requests that take a number, as strace's ubi.c.
#include <linux/ioctl.h>
#include <mtd/ubi-user.h>

#include <algorithm>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// A volume name of name_len characters (clamped to the field), "..." without its NUL.
void volume_name(Call &c, const char *name, size_t field, int name_len) {
    print_cstring_field(c, name, 1 + static_cast<size_t>(std::clamp(name_len, 0, static_cast<int>(field) - 1)));
}

// Requests whose exit brings back an int through the same pointer (" => [N]").
IoctlArg returned_int(Call &c, uint64_t arg) {
    if (!c.failed()) {
        c.str(" => ");
        print_int_at(c, arg);
    }
    return IoctlArg::Done;
}

IoctlArg mkvol(Call &c, uint64_t arg) {
    if (c.exiting()) return returned_int(c, arg);
    c.sep();
    ubi_mkvol_req m;
    if (!c.fetch(arg, m)) return IoctlArg::Done;
    c.str("{vol_id=");
    c.dec(m.vol_id);
    c.str(", alignment=");
    c.dec(m.alignment);
    c.str(", bytes=");
    c.dec(m.bytes);
    c.str(", vol_type=");
    c.enum_val(xlat_ubi_volume_types, static_cast<uint8_t>(m.vol_type), "%#llx /* UBI_???_VOLUME */");
    c.str(", flags=");
    c.flags_of({&xlat_ubi_volume_flags}, m.flags, "0", "UBI_VOL_???");
    c.str(", name_len=");
    c.dec(m.name_len);
    c.str(", name=");
    volume_name(c, m.name, sizeof m.name, m.name_len);
    c.str("}");
    return IoctlArg::AtExit;
}

IoctlArg attach(Call &c, uint64_t arg) {
    if (c.exiting()) return returned_int(c, arg);
    c.sep();
    ubi_attach_req a;
    if (!c.fetch(arg, a)) return IoctlArg::Done;
    c.str("{ubi_num=");
    c.dec(a.ubi_num);
    c.str(", mtd_num=");
    c.dec(a.mtd_num);
    c.str(", vid_hdr_offset=");
    c.dec(a.vid_hdr_offset);
    c.str(", max_beb_per1024=");
    c.dec(a.max_beb_per1024);
    c.str("}");
    return IoctlArg::AtExit;
}
}  // namespace

IoctlArg ubi_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case UBI_IOCMKVOL:
            return mkvol(c, arg);
        case UBI_IOCATT:
            return attach(c, arg);
        case UBI_IOCRSVOL: {
            c.sep();
            ubi_rsvol_req r;
            if (c.fetch(arg, r)) {
                c.str("{bytes=");
                c.dec(r.bytes);
                c.str(", vol_id=");
                c.dec(r.vol_id);
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case UBI_IOCRNVOL: {
            c.sep();
            ubi_rnvol_req r;
            if (!c.fetch(arg, r)) return IoctlArg::Done;
            c.str("{count=");
            c.dec(r.count);
            c.str(", ents=");
            using Ent = decltype(r.ents[0]);
            using E = std::remove_cv_t<std::remove_reference_t<Ent>>;
            size_t n = static_cast<size_t>(std::clamp<int32_t>(r.count, 0, UBI_MAX_RNVOL));
            c.local_array<E>(reinterpret_cast<const unsigned char *>(r.ents), n, [&](const E &e) {
                c.str("{vol_id=");
                c.dec(e.vol_id);
                c.str(", name_len=");
                c.dec(e.name_len);
                c.str(", name=");
                volume_name(c, e.name, sizeof e.name, e.name_len);
                c.str("}");
                return true;
            });
            c.str("}");
            return IoctlArg::Done;
        }
        case UBI_IOCEBCH: {
            c.sep();
            ubi_leb_change_req l;
            if (c.fetch(arg, l)) {
                c.str("{lnum=");
                c.dec(l.lnum);
                c.str(", bytes=");
                c.dec(l.bytes);
                c.str(", dtype=");
                c.enum_val(xlat_ubi_data_types, l.dtype, "%#llx /* UBI_??? */");
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case UBI_IOCEBMAP: {
            c.sep();
            ubi_map_req m;
            if (c.fetch(arg, m)) {
                c.str("{lnum=");
                c.dec(m.lnum);
                c.str(", dtype=");
                c.enum_val(xlat_ubi_data_types, m.dtype, "%#llx /* UBI_??? */");
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case UBI_IOCSETVOLPROP: {
            c.sep();
            ubi_set_vol_prop_req p;
            if (c.fetch(arg, p)) {
                c.str("{property=");
                c.enum_val(xlat_ubi_volume_props, p.property, "%#llx /* UBI_VOL_PROP_??? */");
                c.str(", value=");
                c.hex(p.value);
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case UBI_IOCVOLUP:
            c.sep();
            print_num_at<int64_t>(c, arg);
            return IoctlArg::Done;
        case UBI_IOCDET:
        case UBI_IOCEBER:
        case UBI_IOCEBISMAP:
        case UBI_IOCEBUNMAP:
        case UBI_IOCRMVOL:
        case UBI_IOCRPEB:
        case UBI_IOCSPEB:
            c.sep();
            print_int_at(c, arg);
            return IoctlArg::Done;
        case UBI_IOCVOLCRBLK:
        case UBI_IOCVOLRMBLK:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
