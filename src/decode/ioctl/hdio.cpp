// ATA disk requests (0x03, linux/hdreg.h): geometry, drive commands with their answer, and the
// HDIO_GET_*/SET_* settings (a number through a pointer or by value, the nice bits and the bus
// state named), as strace's hdio.c and its generated HDIO table.
#include <linux/hdreg.h>

#include <cerrno>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
enum class Hdio { Number, Nice, Busstate, Identity, ThreeWords };

struct HdioRequest {
    unsigned code;
    bool get;  // the value is an output through the pointer
    Hdio kind;
    unsigned size = 0;  // identity strings
};

const HdioRequest kRequests[] = {
    {HDIO_GET_UNMASKINTR, true, Hdio::Number},
    {HDIO_SET_UNMASKINTR, false, Hdio::Number},
    {HDIO_GET_MULTCOUNT, true, Hdio::Number},
    {HDIO_SET_MULTCOUNT, false, Hdio::Number},
    {HDIO_OBSOLETE_IDENTITY, true, Hdio::Identity, 142},
    {HDIO_GET_IDENTITY, true, Hdio::Identity, 512},
    {HDIO_GET_KEEPSETTINGS, true, Hdio::Number},
    {HDIO_SET_KEEPSETTINGS, false, Hdio::Number},
    {HDIO_GET_32BIT, true, Hdio::Number},
    {HDIO_SET_32BIT, false, Hdio::Number},
    {HDIO_GET_NOWERR, true, Hdio::Number},
    {HDIO_SET_NOWERR, false, Hdio::Number},
    {HDIO_GET_DMA, true, Hdio::Number},
    {HDIO_SET_DMA, false, Hdio::Number},
    {HDIO_GET_NICE, true, Hdio::Nice},
    {HDIO_SET_NICE, false, Hdio::Nice},
    {HDIO_GET_WCACHE, true, Hdio::Number},
    {HDIO_SET_WCACHE, false, Hdio::Number},
    {HDIO_GET_ACOUSTIC, true, Hdio::Number},
    {HDIO_SET_ACOUSTIC, false, Hdio::Number},
    {HDIO_GET_ADDRESS, true, Hdio::Number},
    {HDIO_SET_ADDRESS, false, Hdio::Number},
    {HDIO_GET_BUSSTATE, true, Hdio::Busstate},
    {HDIO_SET_BUSSTATE, false, Hdio::Busstate},
    {HDIO_SET_PIO_MODE, false, Hdio::Number},
    {HDIO_UNREGISTER_HWIF, false, Hdio::Number},
    {HDIO_DRIVE_RESET, false, Hdio::ThreeWords},
    {HDIO_SCAN_HWIF, false, Hdio::ThreeWords},
};

void value(Call &c, Hdio kind, uint64_t v) {
    switch (kind) {
        case Hdio::Nice:
            return c.flags_of({&xlat_hdio_ide_nice}, v, "0", "IDE_NICE_???");
        case Hdio::Busstate:
            return c.enum_val(xlat_hdio_busstates, v, "%#llx /* BUSSTATE_??? */");
        default:
            return c.udec(v);
    }
}

IoctlArg setting(Call &c, const HdioRequest &r, uint64_t arg) {
    if (shown_at_exit(c, r.get)) return IoctlArg::AtExit;
    switch (r.kind) {
        case Hdio::Identity:
            if (c.failed())
                c.ptr(arg);
            else
                c.buffer(arg, r.size);
            break;
        case Hdio::ThreeWords:
            c.array<uint32_t>(arg, 3, [&](uint32_t v) {
                c.hex(v);
                return true;
            });
            break;
        default:
            if (!r.get) {
                value(c, r.kind, arg);
                break;
            }
            unsigned long v;
            if (c.fetch(arg, v)) {
                c.str("[");
                value(c, r.kind, v);
                c.str("]");
            }
    }
    return IoctlArg::Done;
}

void geometry(Call &c, uint64_t addr) {
    hd_geometry g;
    if (!c.fetch(addr, g)) return;
    c.str("{heads=");
    c.udec(g.heads);
    c.str(", sectors=");
    c.udec(g.sectors);
    c.str(", cylinders=");
    c.udec(g.cylinders);
    c.str(", start=");
    c.udec(g.start);
    c.str("}");
}

// HDIO_DRIVE_CMD: the command at entry; at exit (also after EIO, which carries the drive's
// status) " => " the status, error, sector count and the sectors read.
IoctlArg drive_cmd(Call &c, uint64_t addr) {
    unsigned char b[4];
    if (c.entering()) {
        c.sep();
        if (!c.fetch(addr, b)) return IoctlArg::Done;
        c.str("{command=");
        c.enum_val(xlat_hdio_drive_cmds, b[0], "%#llx /* ATA_CMD_??? */");
        c.str(", sector_number=");
        c.udec(b[1]);
        c.str(", feature=");
        c.udec(b[2]);
        c.str(", sector_count=");
        c.udec(b[3]);
        c.str("}");
        return IoctlArg::AtExit;
    }
    if ((c.failed() && c.ret() != -EIO) || !c.mem().read_obj(RemoteAddr(addr), b)) return IoctlArg::Done;
    c.str(" => {status=");
    c.hex(b[0]);
    c.str(", error=");
    c.udec(b[1]);
    c.str(", nsector=");
    c.udec(b[2]);
    if (b[3]) {
        c.str(", buf=");
        c.hex_buffer(addr + 4, uint64_t{b[3]} * 512);
    }
    c.str("}");
    return IoctlArg::Done;
}
}  // namespace

IoctlArg hdio_ioctl(Call &c, unsigned code, uint64_t arg) {
    if (code == HDIO_GETGEO) {
        if (c.entering()) {
            c.sep();
            return IoctlArg::AtExit;
        }
        geometry(c, arg);
        return IoctlArg::Done;
    }
    if (code == HDIO_DRIVE_CMD) return drive_cmd(c, arg);
    for (const HdioRequest &r : kRequests)
        if (r.code == code) return setting(c, r, arg);
    return IoctlArg::Generic;
}

}  // namespace wiretrace
