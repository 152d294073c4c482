// PTP hardware clocks ('=', linux/ptp_clock.h): capabilities, external timestamp and periodic
// output requests, PPS, system offsets (samples at exit), pin functions, as strace's ptp.c.
#include <linux/ioctl.h>
#include <linux/ptp_clock.h>

#include <algorithm>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void clock_time(Call &c, const ptp_clock_time &t, bool wall) {
    c.str("{sec=");
    c.dec(t.sec);
    c.str(", nsec=");
    c.udec(t.nsec);
    if (t.reserved) {
        c.str(", reserved=");
        c.hex(t.reserved);
    }
    c.str("}");
    if (wall && c.options().xlat_style != kXlatRaw) print_time_note(c, t.sec, t.nsec);
}

template <typename T, size_t N>
void reserved(Call &c, const T (&rsv)[N]) {
    if (all_zero(rsv)) return;
    c.str(", rsv=");
    print_hex_array(c, reinterpret_cast<const std::make_unsigned_t<T> *>(rsv), N);
}

void caps(Call &c, uint64_t addr) {
    ptp_clock_caps k;
    if (!c.fetch(addr, k)) return;
    const std::pair<const char *, int> fields[] = {{"{max_adj=", k.max_adj},
                                                   {", n_alarm=", k.n_alarm},
                                                   {", n_ext_ts=", k.n_ext_ts},
                                                   {", n_per_out=", k.n_per_out},
                                                   {", pps=", k.pps},
                                                   {", n_pins=", k.n_pins},
                                                   {", cross_timestamping=", k.cross_timestamping},
                                                   {", adjust_phase=", k.adjust_phase}};
    for (const auto &[name, v] : fields) {
        c.str(name);
        c.dec(v);
    }
    reserved(c, k.rsv);
    c.str("}");
}

void extts(Call &c, unsigned code, uint64_t addr) {
    ptp_extts_request r;
    if (!c.fetch(addr, r)) return;
    c.str("{index=");
    c.udec(r.index);
    c.str(", flags=");
    c.flags_of({&xlat_ptp_extts_flags}, r.flags, "0", "PTP_???");
    if (code == PTP_EXTTS_REQUEST2) reserved(c, r.rsv);
    c.str("}");
}

void perout(Call &c, unsigned code, uint64_t addr) {
    ptp_perout_request r;
    if (!c.fetch(addr, r)) return;
    if (r.flags & PTP_PEROUT_PHASE) {
        c.str("{phase=");
        clock_time(c, r.phase, false);
    } else {
        c.str("{start=");
        clock_time(c, r.start, true);
    }
    c.str(", period=");
    clock_time(c, r.period, false);
    c.str(", index=");
    c.udec(r.index);
    c.str(", flags=");
    c.flags_of({&xlat_ptp_perout_flags}, r.flags, "0", "PTP_PEROUT_???");
    if (r.flags & PTP_PEROUT_DUTY_CYCLE) {
        c.str(", on=");
        clock_time(c, r.on, false);
    } else if (code == PTP_PEROUT_REQUEST2) {
        reserved(c, r.rsv);
    }
    c.str("}");
}

// The n_samples at entry; the timestamps at exit (strace: "ts=[...]" up to what was asked).
template <typename Offsets, typename PrintSamples>
IoctlArg offsets(Call &c, uint64_t addr, PrintSamples samples) {
    Offsets o;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(addr, o)) return IoctlArg::Done;
        c.str("{n_samples=");
        c.udec(o.n_samples);
        reserved(c, o.rsv);
        return IoctlArg::AtExit;
    }
    if (!c.failed()) {
        if (c.mem().read_obj(RemoteAddr(addr), o))
            samples(o, std::min<unsigned>(o.n_samples, PTP_MAX_SAMPLES));
        else
            c.str(", ???");
    }
    c.str("}");
    return IoctlArg::Done;
}

// PTP_PIN_GETFUNC: the index at entry, the rest at exit; SETFUNC: everything at entry.
IoctlArg pin(Call &c, unsigned code, uint64_t addr) {
    const bool get = code == PTP_PIN_GETFUNC || code == PTP_PIN_GETFUNC2;
    ptp_pin_desc p;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(addr, p)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(p.index);
        if (code == PTP_PIN_GETFUNC2) reserved(c, p.rsv);
        if (get) return IoctlArg::AtExit;
    } else {
        if (c.failed()) {
            c.str("}");
            return IoctlArg::Done;
        }
        if (!c.mem().read_obj(RemoteAddr(addr), p)) {
            c.str(", ???}");
            return IoctlArg::Done;
        }
    }
    if (get) {
        c.str(", name=");
        print_cstring_field(c, p.name, sizeof p.name);
    }
    c.str(", func=");
    c.enum_val(xlat_ptp_pin_funcs, p.func, "%#llx /* PTP_PF_??? */");
    c.str(", chan=");
    c.udec(p.chan);
    if (code == PTP_PIN_SETFUNC2) reserved(c, p.rsv);
    c.str("}");
    return IoctlArg::Done;
}

void precise(Call &c, uint64_t addr) {
    ptp_sys_offset_precise o;
    if (!c.fetch(addr, o)) return;
    c.str("{device=");
    clock_time(c, o.device, true);
    c.str(", sys_realtime=");
    clock_time(c, o.sys_realtime, true);
    c.str(", sys_monoraw=");
    clock_time(c, o.sys_monoraw, false);
    reserved(c, o.rsv);
    c.str("}");
}
}  // namespace

IoctlArg ptp_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case PTP_CLOCK_GETCAPS:
        case PTP_CLOCK_GETCAPS2:
            if (c.entering()) {
                c.sep();
                return IoctlArg::AtExit;
            }
            caps(c, arg);
            return IoctlArg::Done;
        case PTP_EXTTS_REQUEST:
        case PTP_EXTTS_REQUEST2:
            c.sep();
            extts(c, code, arg);
            return IoctlArg::Done;
        case PTP_PEROUT_REQUEST:
        case PTP_PEROUT_REQUEST2:
            c.sep();
            perout(c, code, arg);
            return IoctlArg::Done;
        case PTP_ENABLE_PPS:
        case PTP_ENABLE_PPS2:
            c.sep();
            c.hex(arg);
            return IoctlArg::Done;
        case PTP_SYS_OFFSET:
        case PTP_SYS_OFFSET2:
            return offsets<ptp_sys_offset>(c, arg, [&](const ptp_sys_offset &o, unsigned n) {
                c.str(", ts=");
                c.local_array<ptp_clock_time>(reinterpret_cast<const unsigned char *>(o.ts), 2 * n + 1,
                                              [&](const ptp_clock_time &t) {
                                                  clock_time(c, t, true);
                                                  return true;
                                              });
            });
        case PTP_SYS_OFFSET_EXTENDED:
        case PTP_SYS_OFFSET_EXTENDED2:
            return offsets<ptp_sys_offset_extended>(c, arg, [&](const ptp_sys_offset_extended &o, unsigned n) {
                c.str(", ts=[");
                for (unsigned i = 0; i < n; i++) {
                    if (i) c.str(", ");
                    if (c.options().abbrev && i >= c.options().max_strlen) {
                        c.str("...");
                        break;
                    }
                    c.str("[");
                    for (int k = 0; k < 3; k++) {
                        if (k) c.str(", ");
                        clock_time(c, o.ts[i][k], true);
                    }
                    c.str("]");
                }
                c.str("]");
            });
        case PTP_PIN_GETFUNC:
        case PTP_PIN_GETFUNC2:
        case PTP_PIN_SETFUNC:
        case PTP_PIN_SETFUNC2:
            return pin(c, code, arg);
        case PTP_SYS_OFFSET_PRECISE:
        case PTP_SYS_OFFSET_PRECISE2:
            if (c.entering()) {
                c.sep();
                return IoctlArg::AtExit;
            }
            precise(c, arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
