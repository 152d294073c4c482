// Real-time clock requests ('p', linux/rtc.h): times, wake alarms, PLL, voltage-low flags and
// the parameter interface, as strace's rtc.c shows them.
#include <linux/rtc.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// struct rtc_param (newer than some headers' copies: laid out here).
struct RtcParam {
    uint64_t param;
    uint64_t value;  // uvalue, svalue or ptr
    uint32_t index;
    uint32_t pad;
};

void print_time_fields(Call &c, const rtc_time &t) {
    const std::pair<const char *, int> head[] = {{"{tm_sec=", t.tm_sec},    {", tm_min=", t.tm_min},
                                                 {", tm_hour=", t.tm_hour}, {", tm_mday=", t.tm_mday},
                                                 {", tm_mon=", t.tm_mon},   {", tm_year=", t.tm_year}};
    for (const auto &[name, v] : head) {
        c.str(name);
        c.dec(v);
    }
    if (c.options().abbrev) {
        c.str(", ...}");
        return;
    }
    c.str(", tm_wday=");
    c.dec(t.tm_wday);
    c.str(", tm_yday=");
    c.dec(t.tm_yday);
    c.str(", tm_isdst=");
    c.dec(t.tm_isdst);
    c.str("}");
}

void print_time(Call &c, uint64_t addr) {
    rtc_time t;
    if (c.fetch(addr, t)) print_time_fields(c, t);
}

void print_wkalrm(Call &c, uint64_t addr) {
    rtc_wkalrm w;
    if (!c.fetch(addr, w)) return;
    c.str("{enabled=");
    c.udec(w.enabled);
    c.str(", pending=");
    c.udec(w.pending);
    c.str(", time=");
    print_time_fields(c, w.time);
    c.str("}");
}

void print_pll(Call &c, uint64_t addr) {
    rtc_pll_info p;
    if (!c.fetch(addr, p)) return;
    const std::pair<const char *, long> fields[] = {
        {"{pll_ctrl=", p.pll_ctrl},    {", pll_value=", p.pll_value},     {", pll_max=", p.pll_max},
        {", pll_min=", p.pll_min},     {", pll_posmult=", p.pll_posmult}, {", pll_negmult=", p.pll_negmult},
        {", pll_clock=", p.pll_clock},
    };
    for (const auto &[name, v] : fields) {
        c.str(name);
        c.dec(v);
    }
    c.str("}");
}

// RTC_PARAM_GET/SET: the parameter and index at entry; the value where it is an input (SET at
// entry) or an output (GET at exit, after " => ").
IoctlArg print_param(Call &c, uint64_t addr, bool get) {
    RtcParam p;
    if (!c.fetch(addr, p)) return IoctlArg::Done;
    bool entry = c.entering();
    c.str("{");
    if (entry) {
        c.str("param=");
        c.enum_val(xlat_rtc_params, p.param, "%#llx /* RTC_PARAM_??? */");
    }
    if (entry != get) {
        if (entry) c.str(", ");
        switch (p.param) {
            case RTC_PARAM_FEATURES:
                c.str("uvalue=");
                c.flags_of({&xlat_rtc_features}, p.value, "0", "1<<RTC_FEATURE_???");
                break;
            case RTC_PARAM_CORRECTION:
                c.str("svalue=");
                c.dec(static_cast<int64_t>(p.value));
                break;
            case RTC_PARAM_BACKUP_SWITCH_MODE:
                c.str("uvalue=");
                c.enum_val(xlat_rtc_backup_switch_modes, p.value, "%#llx /* RTC_BSM_??? */");
                break;
            default:
                c.str("uvalue=");
                c.hex(p.value);
        }
    }
    if (entry) {
        c.str(", index=");
        c.udec(p.index);
    }
    if (p.pad) {
        c.str(", __pad=");
        c.hex(p.pad);
    }
    c.str("}");
    return entry && get ? IoctlArg::AtExit : IoctlArg::Done;
}
}  // namespace

IoctlArg rtc_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case RTC_ALM_READ:
        case RTC_RD_TIME:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case RTC_ALM_SET:
        case RTC_SET_TIME:
            c.sep();
            print_time(c, arg);
            return IoctlArg::Done;
        case RTC_IRQP_SET:
        case RTC_EPOCH_SET:
            c.sep();
            c.udec(arg);
            return IoctlArg::Done;
        case RTC_IRQP_READ:
        case RTC_EPOCH_READ: {
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            unsigned long v;
            if (c.fetch(arg, v)) {
                c.str("[");
                c.udec(v);
                c.str("]");
            }
            return IoctlArg::Done;
        }
        case RTC_WKALM_RD:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case RTC_WKALM_SET:
            c.sep();
            print_wkalrm(c, arg);
            return IoctlArg::Done;
        case RTC_PLL_GET:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case RTC_PLL_SET:
            c.sep();
            print_pll(c, arg);
            return IoctlArg::Done;
        case RTC_VL_READ: {
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            unsigned v;
            if (c.fetch(arg, v)) {
                c.str("[");
                c.flags_of({&xlat_rtc_vl_flags}, v, "0", "RTC_VL_???");
                c.str("]");
            }
            return IoctlArg::Done;
        }
        case RTC_PARAM_GET:
        case RTC_PARAM_SET:
            c.str(c.entering() ? ", " : " => ");
            return print_param(c, arg, code == RTC_PARAM_GET);
        case RTC_AIE_ON:
        case RTC_AIE_OFF:
        case RTC_UIE_ON:
        case RTC_UIE_OFF:
        case RTC_PIE_ON:
        case RTC_PIE_OFF:
        case RTC_WIE_ON:
        case RTC_WIE_OFF:
        case RTC_VL_CLR:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
