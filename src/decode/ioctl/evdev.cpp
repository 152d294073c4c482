// Input event devices ('E', linux/input.h): versions, ids, key codes, repeat rates, absolute
// axes, the capability bitsets (EVIOCGBIT and friends, whose size is in the request), multitouch
// slots, force-feedback effects, and the names strace gives the variable-size requests, as
// strace's evdev.c.
#include <linux/input.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <vector>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void pair_u32(Call &c, uint64_t addr) {
    unsigned v[2];
    if (!c.fetch(addr, v)) return;
    c.str("[");
    c.udec(v[0]);
    c.str(", ");
    c.udec(v[1]);
    c.str("]");
}

void keycode(Call &c, uint64_t addr) {
    unsigned v[2];
    if (!c.fetch(addr, v)) return;
    c.str("[");
    c.udec(v[0]);
    c.str(", ");
    c.enum_val(xlat_evdev_keycode, v[1], "%#llx /* KEY_??? */");
    c.str("]");
}

void keycode_v2(Call &c, uint64_t addr) {
    input_keymap_entry k;
    if (!c.fetch(addr, k)) return;
    c.str("{flags=");
    c.udec(k.flags);
    c.str(", len=");
    c.udec(k.len);
    if (c.options().abbrev) {
        c.str(", ...}");
        return;
    }
    c.str(", index=");
    c.udec(k.index);
    c.str(", keycode=");
    c.enum_val(xlat_evdev_keycode, k.keycode, "%#llx /* KEY_??? */");
    c.str(", scancode=");
    print_hex_array(c, k.scancode, sizeof k.scancode);
    c.str("}");
}

void get_id(Call &c, uint64_t addr) {
    input_id id;
    if (!c.fetch(addr, id)) return;
    c.str("{bustype=");
    c.udec(id.bustype);
    c.str(", vendor=");
    c.udec(id.vendor);
    c.str(", product=");
    c.udec(id.product);
    c.str(", version=");
    c.udec(id.version);
    c.str("}");
}

// struct input_absinfo, as long as the request says it is (the first five fields at least).
void absinfo(Call &c, unsigned code, uint64_t addr) {
    const size_t orig = offsetof(input_absinfo, flat) + sizeof(int32_t);
    const size_t with_res = sizeof(input_absinfo);
    size_t sz = _IOC_SIZE(code);
    if (sz < orig) return c.ptr(addr);
    input_absinfo a{};
    size_t want = std::min(sz, sizeof a);
    if (!addr) return c.str("NULL");
    if ((c.exiting() && c.failed()) || c.mem().read(RemoteAddr(addr), &a, want) != want) return c.ptr(addr);
    c.str("{value=");
    c.udec(static_cast<uint32_t>(a.value));
    c.str(", minimum=");
    c.udec(static_cast<uint32_t>(a.minimum));
    if (c.options().abbrev) {
        c.str(", ...}");
        return;
    }
    c.str(", maximum=");
    c.udec(static_cast<uint32_t>(a.maximum));
    c.str(", fuzz=");
    c.udec(static_cast<uint32_t>(a.fuzz));
    c.str(", flat=");
    c.udec(static_cast<uint32_t>(a.flat));
    if (sz > orig) {
        if (sz >= with_res) {
            c.str(", resolution=");
            c.udec(static_cast<uint32_t>(a.resolution));
        }
        if (sz != with_res) c.str(", ...");
    }
    c.str("}");
}

// A capability bitset the call returned (its length: the return value, at most max bits), as
// the names of its set bits (four, then "..." unless -v) and, under -X raw/verbose, the words.
void bitset(Call &c, uint64_t addr, const Xlat &names, unsigned max, const char *unknown) {
    uint64_t rval = static_cast<uint64_t>(c.ret());
    unsigned bits = rval > max / 8 ? max : static_cast<unsigned>(rval * 8);
    size_t size = ((bits + 7) / 8 + 7) / 8 * 8;
    if (c.failed() || !size) return c.ptr(addr);
    std::vector<unsigned char> buf(size);
    if (!addr) return c.str("NULL");
    if (c.mem().read(RemoteAddr(addr), buf.data(), size) != size) return c.ptr(addr);
    const int style = c.options().xlat_style;
    auto bit = [&](unsigned i) { return (buf[i / 8] >> (i % 8)) & 1; };
    if (style != kXlatRaw) {
        char unknown_fmt[48];
        std::snprintf(unknown_fmt, sizeof unknown_fmt, "%%#llx /* %s */", unknown);
        c.str("[");
        int shown = 0;
        for (unsigned i = 0; i < bits; i++) {
            if (!bit(i)) continue;
            if (shown) {
                if (c.options().abbrev && shown >= 4) {
                    c.str(" ...");
                    break;
                }
                c.str(" ");
            }
            c.enum_val(names, i, unknown_fmt);
            shown++;
        }
        c.str("]");
    }
    if (style == kXlatVerbose) c.str(" /* ");
    if (style != kXlatAbbrev) {
        c.str("[");
        for (size_t w = 0; w < size / 8; w++) {
            uint64_t v;
            std::memcpy(&v, buf.data() + w * 8, 8);
            if (w) c.str(", ");
            c.hex(v);
        }
        c.str("]");
    }
    if (style == kXlatVerbose) c.str(" */");
}

void mtslots(Call &c, unsigned code, uint64_t addr) {
    size_t n = _IOC_SIZE(code) / sizeof(int);
    if (!n) return c.ptr(addr);
    unsigned slot_code;
    if (!c.fetch(addr, slot_code)) return;
    c.str("{code=");
    c.enum_val(xlat_evdev_mtslots, slot_code, "%#llx /* ABS_MT_??? */");
    c.str(", values=");
    c.array<int>(addr + sizeof(int), n - 1, [&](int v) {
        c.dec(v);
        return true;
    });
    c.str("}");
}

void bits_of_type(Call &c, unsigned type, uint64_t addr) {
    switch (type) {
        case 0:
            return bitset(c, addr, xlat_evdev_ev, EV_MAX, "EV_???");
        case EV_KEY:
            return bitset(c, addr, xlat_evdev_keycode, KEY_MAX, "KEY_???");
        case EV_REL:
            return bitset(c, addr, xlat_evdev_relative_axes, REL_MAX, "REL_???");
        case EV_ABS:
            return bitset(c, addr, xlat_evdev_abs, ABS_MAX, "ABS_???");
        case EV_MSC:
            return bitset(c, addr, xlat_evdev_misc, MSC_MAX, "MSC_???");
        case EV_SW:
            return bitset(c, addr, xlat_evdev_switch, SW_MAX, "SW_???");
        case EV_LED:
            return bitset(c, addr, xlat_evdev_leds, LED_MAX, "LED_???");
        case EV_SND:
            return bitset(c, addr, xlat_evdev_snd, SND_MAX, "SND_???");
        case EV_REP:
            return bitset(c, addr, xlat_evdev_autorepeat, REP_MAX, "REP_???");
        case EV_FF:
            return bitset(c, addr, xlat_evdev_ff_types, FF_MAX, "FF_???");
        case EV_PWR:
            return print_int_at(c, addr);
        case EV_FF_STATUS:
            return bitset(c, addr, xlat_evdev_ff_status, FF_STATUS_MAX, "FF_STATUS_???");
        default:
            return c.ptr(addr);
    }
}

void read_request(Call &c, unsigned code, uint64_t addr) {
    switch (code) {
        case EVIOCGVERSION: {
            int v;
            if (!c.fetch(addr, v)) return;
            c.str("[");
            c.hex(static_cast<unsigned>(v));
            c.str("]");
            return;
        }
        case EVIOCGEFFECTS:
            return print_num_at<unsigned>(c, addr);
        case EVIOCGID:
            return get_id(c, addr);
        case EVIOCGREP:
            return pair_u32(c, addr);
        case EVIOCGKEYCODE:
            return keycode(c, addr);
        case EVIOCGKEYCODE_V2:
            return keycode_v2(c, addr);
        default:
            break;
    }
    switch (_IOC_NR(code)) {
        case _IOC_NR(EVIOCGMTSLOTS(0)):
            return mtslots(c, code, addr);
        case _IOC_NR(EVIOCGNAME(0)):
        case _IOC_NR(EVIOCGPHYS(0)):
        case _IOC_NR(EVIOCGUNIQ(0)):
            return c.returned_buffer(addr);
        case _IOC_NR(EVIOCGPROP(0)):
            return bitset(c, addr, xlat_evdev_prop, INPUT_PROP_MAX, "PROP_???");
        case _IOC_NR(EVIOCGSND(0)):
            return bitset(c, addr, xlat_evdev_snd, SND_MAX, "SND_???");
        case _IOC_NR(EVIOCGSW(0)):
            return bitset(c, addr, xlat_evdev_switch, SW_MAX, "SW_???");
        case _IOC_NR(EVIOCGKEY(0)):
            return bitset(c, addr, xlat_evdev_keycode, KEY_MAX, "KEY_???");
        case _IOC_NR(EVIOCGLED(0)):
            return bitset(c, addr, xlat_evdev_leds, LED_MAX, "LED_???");
        default:
            break;
    }
    if ((_IOC_NR(code) & ~ABS_MAX) == _IOC_NR(EVIOCGABS(0))) return absinfo(c, code, addr);
    if ((_IOC_NR(code) & ~EV_MAX) == _IOC_NR(EVIOCGBIT(0, 0))) return bits_of_type(c, _IOC_NR(code) & EV_MAX, addr);
    c.ptr(addr);
}

void envelope(Call &c, const ff_envelope &e) {
    c.str("{attack_length=");
    c.udec(e.attack_length);
    c.str(", attack_level=");
    c.udec(e.attack_level);
    c.str(", fade_length=");
    c.udec(e.fade_length);
    c.str(", fade_level=");
    c.hex(e.fade_level);
    c.str("}");
}

void ff_effect_of(Call &c, uint64_t addr) {
    ff_effect f;
    if (!c.fetch(addr, f)) return;
    c.str("{type=");
    c.enum_val(xlat_evdev_ff_types, f.type, "%#llx /* FF_??? */");
    c.str(", id=");
    c.dec(f.id);
    c.str(", direction=");
    c.udec(f.direction);
    if (c.options().abbrev) {
        c.str(", ...}");
        return;
    }
    c.str(", trigger={button=");
    c.udec(f.trigger.button);
    c.str(", interval=");
    c.udec(f.trigger.interval);
    c.str("}, replay={length=");
    c.udec(f.replay.length);
    c.str(", delay=");
    c.udec(f.replay.delay);
    c.str("}");
    switch (f.type) {
        case FF_CONSTANT:
            c.str(", constant={level=");
            c.dec(f.u.constant.level);
            c.str(", envelope=");
            envelope(c, f.u.constant.envelope);
            c.str("}");
            break;
        case FF_RAMP:
            c.str(", ramp={start_level=");
            c.dec(f.u.ramp.start_level);
            c.str(", end_level=");
            c.dec(f.u.ramp.end_level);
            c.str(", envelope=");
            envelope(c, f.u.ramp.envelope);
            c.str("}");
            break;
        case FF_PERIODIC: {
            const ff_periodic_effect &p = f.u.periodic;
            c.str(", periodic={waveform=");
            c.udec(p.waveform);
            c.str(", period=");
            c.udec(p.period);
            c.str(", magnitude=");
            c.dec(p.magnitude);
            c.str(", offset=");
            c.dec(p.offset);
            c.str(", phase=");
            c.udec(p.phase);
            c.str(", envelope=");
            envelope(c, p.envelope);
            c.str(", custom_len=");
            c.udec(p.custom_len);
            c.str(", custom_data=");
            c.ptr(reinterpret_cast<uint64_t>(p.custom_data));
            c.str("}");
            break;
        }
        case FF_RUMBLE:
            c.str(", rumble={strong_magnitude=");
            c.udec(f.u.rumble.strong_magnitude);
            c.str(", weak_magnitude=");
            c.udec(f.u.rumble.weak_magnitude);
            c.str("}");
            break;
        default:
            break;
    }
    c.str("}");
}

void write_request(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case EVIOCSREP:
            return pair_u32(c, arg);
        case EVIOCSKEYCODE:
            return keycode(c, arg);
        case EVIOCSKEYCODE_V2:
            return keycode_v2(c, arg);
        case EVIOCRMFF:
            return c.dec(static_cast<int>(arg));
        case EVIOCGRAB:
        case EVIOCREVOKE:
            return c.udec(arg);
        case EVIOCSCLOCKID:
            return print_num_at<unsigned>(c, arg);
        case EVIOCSFF:
            return ff_effect_of(c, arg);
        default:
            break;
    }
    if ((_IOC_NR(code) & ~ABS_MAX) == _IOC_NR(EVIOCSABS(0))) return absinfo(c, code, arg);
    c.ptr(arg);
}

// An xlat name for the request's number part: the name, else the number (and, outside -X
// verbose's comment, strace's "/* X_??? */").
void number_part(Call &c, const Xlat &x, unsigned v, const char *unknown) {
    if (const char *n = xlat_name(x, v)) return c.str(n);
    char buf[48];
    if (c.options().xlat_style == kXlatVerbose)
        std::snprintf(buf, sizeof buf, "%#x", v);
    else
        std::snprintf(buf, sizeof buf, "%#x /* %s */", v, unknown);
    c.str(buf);
}

void with_size(Call &c, const char *name, unsigned code) {
    c.str(name);
    c.str("(");
    c.udec(_IOC_SIZE(code));
    c.str(")");
}
}  // namespace

bool evdev_request_name(Call &c, unsigned code) {
    unsigned nr = _IOC_NR(code);
    if (_IOC_DIR(code) == _IOC_WRITE && nr >= 0xc0 && nr <= 0xc0 + 0x3f) {
        c.str("EVIOCSABS(");
        number_part(c, xlat_evdev_abs, nr - 0xc0, "ABS_???");
        c.str(")");
        return true;
    }
    if (_IOC_DIR(code) != _IOC_READ) return false;
    if (nr >= 0x20 && nr <= 0x20 + 0x1f) {
        c.str("EVIOCGBIT(");
        if (nr == 0x20)
            c.str("0");
        else
            number_part(c, xlat_evdev_ev, nr - 0x20, "EV_???");
        c.str(", ");
        c.udec(_IOC_SIZE(code));
        c.str(")");
        return true;
    }
    if (nr >= 0x40 && nr <= 0x40 + 0x3f) {
        c.str("EVIOCGABS(");
        number_part(c, xlat_evdev_abs, nr - 0x40, "ABS_???");
        c.str(")");
        return true;
    }
    static const struct {
        unsigned nr;
        const char *name;
    } sized[] = {{0x06, "EVIOCGNAME"}, {0x07, "EVIOCGPHYS"},    {0x08, "EVIOCGUNIQ"},
                 {0x09, "EVIOCGPROP"}, {0x0a, "EVIOCGMTSLOTS"}, {0x18, "EVIOCGKEY"},
                 {0x19, "EVIOCGLED"},  {0x1a, "EVIOCGSND"},     {0x1b, "EVIOCGSW"}};
    for (const auto &s : sized) {
        if (s.nr == nr) {
            with_size(c, s.name, code);
            return true;
        }
    }
    return false;
}

IoctlArg evdev_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (_IOC_DIR(code)) {
        case _IOC_READ:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            read_request(c, code, arg);
            return IoctlArg::Done;
        case _IOC_WRITE:
            c.sep();
            write_request(c, code, arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
