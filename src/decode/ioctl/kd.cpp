// Console and keyboard requests ('K', linux/kd.h): sound and tones, LEDs, keyboard type, mode
// and meta handling, screen maps, key and string entries (named through the key tables of
// linux/keyboard.h), accents, key codes, repeat rates, fonts (GIO/PIO_FONT, FONTX, KDFONTOP),
// unicode maps and colour maps, as strace's kd_ioctl.c and kd_mpers_ioctl.c.
#include <linux/kd.h>
#include <linux/keyboard.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstddef>
#include <cstdio>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
constexpr unsigned kPitTickRate = 1193182;

void comment(Call &c, const char *text) {
    if (c.options().xlat_style == kXlatRaw) return;
    c.str(" /* ");
    c.str(text);
    c.str(" */");
}

IoctlArg sound(Call &c, uint64_t arg) {
    c.sep();
    c.udec(arg);
    char buf[32];
    unsigned freq = arg ? static_cast<unsigned>(kPitTickRate / arg) : 0;
    if (freq) std::snprintf(buf, sizeof buf, "%u Hz", freq);
    comment(c, freq ? buf : "off");
    return IoctlArg::Done;
}

IoctlArg tone(Call &c, unsigned arg) {
    c.sep();
    unsigned ticks = arg >> 16, count = arg & 0xffff;
    unsigned freq = ticks && count ? kPitTickRate / count : 0;
    if (ticks) {
        c.udec(ticks);
        c.str("<<16|");
    }
    c.udec(count);
    char buf[48];
    if (freq) std::snprintf(buf, sizeof buf, "%u Hz, %u ms", freq, ticks);
    comment(c, freq ? buf : "off");
    return IoctlArg::Done;
}

IoctlArg leds(Call &c, unsigned code, uint64_t arg) {
    const bool get = code == KDGETLED || code == KDGKBLED;
    const Xlat &x = code == KDGKBLED || code == KDSKBLED ? xlat_kd_default_led_flags : xlat_kd_led_flags;
    if (shown_at_exit(c, get)) return IoctlArg::AtExit;
    unsigned char v = static_cast<unsigned char>(arg);
    if (get && !c.fetch(arg, v)) return IoctlArg::Done;
    if (get) c.str("[");
    c.flags_of({&x}, v, "0", "LED_???");
    if (get) c.str("]");
    return IoctlArg::Done;
}

// "[NAME]" from a T the call returned.
template <typename T, typename Print>
IoctlArg returned(Call &c, uint64_t arg, Print print) {
    if (shown_at_exit(c, true)) return IoctlArg::AtExit;
    T v;
    if (!c.fetch(arg, v)) return IoctlArg::Done;
    c.str("[");
    print(v);
    c.str("]");
    return IoctlArg::Done;
}

IoctlArg io_port(Call &c, uint64_t arg) {
    c.sep();
    c.hex(arg);
    if (arg >= 0x3b4 && arg <= 0x3df) {
        char buf[48];
        std::snprintf(buf, sizeof buf, "GPFIRST + %llu", static_cast<unsigned long long>(arg - 0x3b4));
        comment(c, buf);
    }
    return IoctlArg::Done;
}

// A table the call reads or fills, in hex (screen maps, fonts, colour maps): the address
// where a call that was to fill it failed.
IoctlArg hex_table(Call &c, uint64_t arg, bool get, size_t size) {
    if (shown_at_exit(c, get)) return IoctlArg::AtExit;
    if (c.exiting() && c.failed())
        c.ptr(arg);
    else
        c.hex_buffer(arg, size);
    return IoctlArg::Done;
}

// The 256 unicode values of GIO/PIO_UNISCRNMAP.
IoctlArg uni_screen_map(Call &c, uint64_t arg, bool get) {
    if (shown_at_exit(c, get)) return IoctlArg::AtExit;
    if (c.exiting() && c.failed()) {  // (nothing was written: strace's tfetch_mem)
        c.ptr(arg);
        return IoctlArg::Done;
    }
    const int style = c.options().xlat_style;
    c.array<unsigned short>(arg, E_TABSZ, [&](unsigned short v) {
        const bool direct = (v & ~UNI_DIRECT_MASK) == UNI_DIRECT_BASE;
        if (style != kXlatAbbrev || !direct) c.hex(v);
        if (style == kXlatRaw || !direct) return true;
        char buf[40];
        std::snprintf(buf, sizeof buf, "UNI_DIRECT_BASE+%#hx", static_cast<unsigned short>(v & UNI_DIRECT_MASK));
        if (style == kXlatVerbose)
            comment(c, buf);
        else
            c.str(buf);
        return true;
    });
    return IoctlArg::Done;
}

const Xlat *key_table_of_type(unsigned type) {
    switch (type) {
        case KT_FN:
            return &xlat_kd_key_fn_keys;
        case KT_SPEC:
            return &xlat_kd_key_spec_keys;
        case KT_PAD:
            return &xlat_kd_key_pad_keys;
        case KT_DEAD:
            return &xlat_kd_key_dead_keys;
        case KT_CUR:
            return &xlat_kd_key_cur_keys;
        case KT_SHIFT:
            return &xlat_kd_key_shift_keys;
        case KT_ASCII:
            return &xlat_kd_key_ascii_keys;
        case KT_LOCK:
            return &xlat_kd_key_lock_keys;
        case KT_SLOCK:
            return &xlat_kd_key_slock_keys;
        case KT_BRL:
            return &xlat_kd_key_brl_keys;
        default:
            return nullptr;
    }
}

// KDGKBENT/KDSKBENT: the table and index at entry, the value (named as a key) when it is known.
IoctlArg key_entry(Call &c, uint64_t arg, bool get) {
    if (c.entering()) {
        c.sep();
        unsigned char head[2];
        if (!arg || c.mem().read(RemoteAddr(arg), head, 2) != 2) {
            c.ptr(arg);
            return IoctlArg::Done;
        }
        c.str("{kb_table=");
        if (const char *name = xlat_name(xlat_kd_key_tables, head[0])) {
            const int style = c.options().xlat_style;
            if (style == kXlatAbbrev) {
                c.str(name);
            } else {
                c.hex(head[0]);
                if (style == kXlatVerbose) comment(c, name);
            }
        } else {
            c.flags_of({&xlat_kd_keymap_flags}, head[0], "0", "K_???");
        }
        c.str(", kb_index=");
        c.udec(head[1]);
        if (get) return IoctlArg::AtExit;
    } else if (c.failed()) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(", ");
    unsigned short v;
    if (!c.mem().read_obj(RemoteAddr(arg + offsetof(kbentry, kb_value)), v)) {
        c.str("kb_value=???}");
        return IoctlArg::Done;
    }
    c.str("kb_value=");
    c.hex(v);
    if (c.options().xlat_style != kXlatRaw) {
        unsigned type = KTYP(v), val = KVAL(v);
        const Xlat *table = key_table_of_type(type);
        const char *name = table ? xlat_name(*table, v) : nullptr;
        if (name) {
            comment(c, name);
        } else {
            c.str(" /* K(");
            if (const char *t = xlat_name(xlat_kd_key_types, type))
                c.str(t);
            else
                c.hex(type);
            c.str(", ");
            switch (type) {
                case KT_LATIN:
                case KT_META:
                case KT_LETTER:
                case KT_DEAD2:
                    print_quoted_char(c, static_cast<unsigned char>(val), true);
                    break;
                default:
                    c.hex(val);
            }
            c.str(") */");
        }
    }
    c.str("}");
    return IoctlArg::Done;
}

// KDGKBSENT/KDSKBSENT: the function key at entry, its string.
IoctlArg string_entry(Call &c, uint64_t arg, bool get) {
    if (c.entering()) {
        c.sep();
        unsigned char func;
        if (!c.fetch(arg, func)) return IoctlArg::Done;
        c.str("{kb_func=");
        c.enum_val(xlat_kd_key_fn_key_vals, func,
                   "%#llx /* KVAL(K_??"
                   "?) */");
        if (get) return IoctlArg::AtExit;
    } else if (c.failed()) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(", kb_string=");
    std::string s;
    bool terminated = false;
    const size_t size = sizeof(kbsentry::kb_string);
    if (!c.mem().read_cstring(RemoteAddr(arg + offsetof(kbsentry, kb_string)), size, s, terminated) ||
        (!terminated && s.size() < size)) {
        c.str("???}");
        return IoctlArg::Done;
    }
    // strace: the string and its NUL, at most -s bytes; "..." unless that ended on the NUL
    size_t n = std::min<size_t>(c.options().max_strlen, terminated ? s.size() + 1 : size);
    s.resize(std::max(s.size(), n), '\0');
    bool omitted_nul = s[n - 1] == '\0';
    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(s.data()), omitted_nul ? n - 1 : n, false,
                c.options().strings_in_hex);
    if (!omitted_nul) c.str("...");
    c.str("}");
    return IoctlArg::Done;
}

// KDGKBDIACR(UC)/KDSKBDIACR(UC): the count and the accent table.
template <typename Entry, typename Print>
IoctlArg accents(Call &c, uint64_t arg, bool get, size_t entries_at, const char *field, Print print) {
    if (shown_at_exit(c, get)) return IoctlArg::AtExit;
    unsigned count;
    if (!c.fetch(arg, count)) return IoctlArg::Done;
    c.str("{kb_cnt=");
    c.udec(count);
    c.str(", ");
    c.str(field);
    c.str("=");
    std::string tail;
    c.array<Entry>(arg + entries_at, std::min(count, 256u), [&](const Entry &e) {
        print(e);
        return true;
    });
    if (count > 256) {  // (strace: the kernel's 256 and a "..." mark, once)
        std::string &o = c.out();
        if (o.size() > 4 && o.compare(o.size() - 4, 4, "...]") != 0 && o.back() == ']') {
            o.pop_back();
            o += ", ...]";
        }
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg keycode(Call &c, uint64_t arg, bool get) {
    kbkeycode k;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, k)) return IoctlArg::Done;
        c.str("{scancode=");
        c.hex(k.scancode);
        c.str(", keycode=");
        c.hex(k.keycode);
        if (get) return IoctlArg::AtExit;
        c.str("}");
        return IoctlArg::Done;
    }
    unsigned v;
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg + offsetof(kbkeycode, keycode)), v)) {
        c.str(" => ");
        c.hex(v);
    }
    c.str("}");
    return IoctlArg::Done;
}

// A structure shown at entry and again, after " => ", when the call returns: read at entry (or
// its address printed), at exit quietly (nothing more when the call failed or it is unreadable).
template <typename T>
bool fetch_in_then_out(Call &c, uint64_t addr, T &v) {
    if (c.entering()) {
        c.sep();
        return c.fetch(addr, v);
    }
    if (c.failed() || !c.mem().read_obj(RemoteAddr(addr), v)) return false;
    c.str(" => ");
    return true;
}

void repeat_of(Call &c, const kbd_repeat &r) {
    c.str("{delay=");
    c.dec(r.delay);
    c.str(", period=");
    c.dec(r.period);
    c.str("}");
}

IoctlArg repeat(Call &c, uint64_t arg) {
    kbd_repeat r;
    if (!fetch_in_then_out(c, arg, r)) return IoctlArg::Done;
    repeat_of(c, r);
    return c.entering() ? IoctlArg::AtExit : IoctlArg::Done;
}

IoctlArg meta(Call &c, uint64_t arg, bool get) {
    if (shown_at_exit(c, get)) return IoctlArg::AtExit;
    unsigned v = static_cast<unsigned>(arg);
    if (get && !c.fetch(arg, v)) return IoctlArg::Done;
    if (get) c.str("[");
    c.enum_val(xlat_kd_meta_vals, v, "%#llx /* K_??? */");
    if (get) c.str("]");
    return IoctlArg::Done;
}

IoctlArg unimap_clear(Call &c, uint64_t arg) {
    c.sep();
    unimapinit u;
    if (!c.fetch(arg, u)) return IoctlArg::Done;
    c.str("{advised_hashsize=");
    c.udec(u.advised_hashsize);
    c.str(", advised_hashstep=");
    c.udec(u.advised_hashstep);
    c.str(", advised_hashlevel=");
    c.udec(u.advised_hashlevel);
    c.str("}");
    return IoctlArg::Done;
}

// GIO_UNIMAP/PIO_UNIMAP: the count and the pairs; GIO's count at exit too (the entries are
// shown for as many as were asked, also when the buffer was too small: ENOMEM).
IoctlArg unimap(Call &c, uint64_t arg, bool get) {
    if (c.entering()) c.sep();
    unimapdesc d;
    if (!arg || c.mem().read_obj(RemoteAddr(arg), d) == false) {
        if (c.entering())
            c.ptr(arg);
        else
            c.str("}");
        return IoctlArg::Done;
    }
    if (c.entering()) {
        c.aux() = d.entry_ct;
        c.str("{entry_ct=");
        c.udec(d.entry_ct);
        if (get) return IoctlArg::AtExit;
    } else {
        c.str(" => ");
        c.udec(d.entry_ct);
    }
    if (c.exiting() && c.failed() && c.ret() != -ENOMEM) {
        c.str(", entries=");
        c.ptr(reinterpret_cast<uint64_t>(d.entries));
        c.str("}");
        return IoctlArg::Done;
    }
    unsigned short count = static_cast<unsigned short>(c.entering() ? d.entry_ct : c.aux());
    c.str(", entries=");
    c.array<unipair>(reinterpret_cast<uint64_t>(d.entries), count, [&](const unipair &p) {
        c.str("{unicode=");
        c.hex(p.unicode);
        c.str(", fontpos=");
        c.hex(p.fontpos);
        c.str("}");
        return true;
    });
    c.str("}");
    return IoctlArg::Done;
}

void fontdesc(Call &c, const consolefontdesc &f, bool data_as_pointer) {
    c.str("{charcount=");
    c.udec(f.charcount);
    c.str(", charheight=");
    c.udec(f.charheight);
    c.str(", chardata=");
    if (data_as_pointer)
        c.ptr(reinterpret_cast<uint64_t>(f.chardata));
    else
        c.hex_buffer(reinterpret_cast<uint64_t>(f.chardata), std::min<unsigned>(f.charcount, 512) * 32u);
    c.str("}");
}

IoctlArg fontx(Call &c, uint64_t arg, bool get) {
    consolefontdesc f;
    if (!fetch_in_then_out(c, arg, f)) return IoctlArg::Done;
    fontdesc(c, f, get && c.entering());
    return get && c.entering() ? IoctlArg::AtExit : IoctlArg::Done;
}

void font_op_fields(Call &c, const console_font_op &f) {
    c.str("{");
    if (c.entering()) {
        c.str("op=");
        c.enum_val(xlat_kd_font_ops, f.op, "%#llx /* KD_FONT_OP_??? */");
        if (f.op != KD_FONT_OP_SET_DEFAULT && f.op != KD_FONT_OP_COPY) {
            c.str(", flags=");
            c.flags_of({&xlat_kd_font_flags}, f.flags, "0", "KD_FONT_FLAG_???");
        }
        c.str(", ");
    }
    if (f.op == KD_FONT_OP_COPY) {
        c.str("height=");
        c.udec(f.height);
    } else {
        c.str("width=");
        c.udec(f.width);
        c.str(", height=");
        c.udec(f.height);
    }
    if (f.op != KD_FONT_OP_SET_DEFAULT && f.op != KD_FONT_OP_COPY) {
        c.str(", charcount=");
        c.udec(f.charcount);
    }
    const uint64_t data = reinterpret_cast<uint64_t>(f.data);
    switch (f.op) {
        case KD_FONT_OP_GET:
            if (c.entering()) {
                c.str(", data=");
                c.ptr(data);
                break;
            }
            [[fallthrough]];
        case KD_FONT_OP_SET:
            c.str(", data=");
            c.hex_buffer(data, (std::min<unsigned>(f.width, 32) + 7) / 8 * 32 * std::min<unsigned>(f.charcount, 512));
            break;
        case KD_FONT_OP_SET_DEFAULT:
            if (c.entering()) {
                c.str(", data=");
                // (a font name: up to 31 characters, "..." when no NUL ends them)
                const size_t limit = std::min<size_t>(c.options().max_strlen, 31);
                std::string name;
                bool terminated = false;
                if (!data) {
                    c.str("NULL");
                } else if (!c.mem().read_cstring(RemoteAddr(data), limit, name, terminated) ||
                           (!terminated && name.size() <= limit)) {
                    c.ptr(data);
                } else {
                    bool cut = name.size() > limit;
                    if (cut) name.resize(limit);
                    Call::quote(c.out(), reinterpret_cast<const unsigned char *>(name.data()), name.size(), false,
                                c.options().strings_in_hex);
                    if (cut) c.str("...");
                }
            }
            break;
        case KD_FONT_OP_COPY:
            break;
        default:
            c.str(", data=");
            c.ptr(data);
    }
    c.str("}");
}

IoctlArg font_op(Call &c, uint64_t arg) {
    console_font_op f;
    if (!fetch_in_then_out(c, arg, f)) return IoctlArg::Done;
    font_op_fields(c, f);
    if (f.op == KD_FONT_OP_SET || f.op == KD_FONT_OP_COPY) return IoctlArg::Done;
    return c.entering() ? IoctlArg::AtExit : IoctlArg::Done;
}
}  // namespace

IoctlArg kd_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case KIOCSOUND:
            return sound(c, arg);
        case KDMKTONE:
            return tone(c, static_cast<unsigned>(arg));
        case KDGETLED:
        case KDSETLED:
        case KDGKBLED:
        case KDSKBLED:
            return leds(c, code, arg);
        case KDGKBTYPE:
            return returned<unsigned char>(
                c, arg, [&](unsigned char v) { c.enum_val(xlat_kd_kbd_types, v, "%#llx /* KB_??? */"); });
        case KDADDIO:
        case KDDELIO:
            return io_port(c, arg);
        case KDSETMODE:
            c.sep();
            c.enum_val(xlat_kd_modes, static_cast<unsigned>(arg), "%#llx /* KD_??? */");
            return IoctlArg::Done;
        case KDGETMODE:
            return returned<unsigned>(c, arg, [&](unsigned v) { c.enum_val(xlat_kd_modes, v, "%#llx /* KD_??? */"); });
        case GIO_SCRNMAP:
        case PIO_SCRNMAP:
            return hex_table(c, arg, code == GIO_SCRNMAP, E_TABSZ);
        case GIO_UNISCRNMAP:
        case PIO_UNISCRNMAP:
            return uni_screen_map(c, arg, code == GIO_UNISCRNMAP);
        case KDGKBMODE:
            return returned<unsigned>(c, arg,
                                      [&](unsigned v) { c.enum_dec(xlat_kd_kbd_modes, static_cast<int>(v), "K_???"); });
        case KDSKBMODE:
            c.sep();
            c.enum_dec(xlat_kd_kbd_modes, static_cast<int>(arg), "K_???");
            return IoctlArg::Done;
        case KDGKBENT:
        case KDSKBENT:
            return key_entry(c, arg, code == KDGKBENT);
        case KDGKBSENT:
        case KDSKBSENT:
            return string_entry(c, arg, code == KDGKBSENT);
        case KDGKBDIACR:
        case KDSKBDIACR:
            return accents<kbdiacr>(c, arg, code == KDGKBDIACR, offsetof(kbdiacrs, kbdiacr), "kbdiacr",
                                    [&](const kbdiacr &d) {
                                        c.str("{diacr=");
                                        print_quoted_char(c, d.diacr, true);
                                        c.str(", base=");
                                        print_quoted_char(c, d.base, true);
                                        c.str(", result=");
                                        print_quoted_char(c, d.result, true);
                                        c.str("}");
                                    });
        case KDGKBDIACRUC:
        case KDSKBDIACRUC:
            return accents<kbdiacruc>(c, arg, code == KDGKBDIACRUC, offsetof(kbdiacrsuc, kbdiacruc), "kbdiacruc",
                                      [&](const kbdiacruc &d) {
                                          c.str("{diacr=");
                                          c.hex(d.diacr);
                                          c.str(", base=");
                                          c.hex(d.base);
                                          c.str(", result=");
                                          c.hex(d.result);
                                          c.str("}");
                                      });
        case KDGETKEYCODE:
        case KDSETKEYCODE:
            return keycode(c, arg, code == KDGETKEYCODE);
        case KDSIGACCEPT:
            c.sep();
            if (arg < INT_MAX)
                c.signame(static_cast<int>(arg));
            else
                c.udec(arg);
            return IoctlArg::Done;
        case KDKBDREP:
            return repeat(c, arg);
        case GIO_FONT:
        case PIO_FONT:
            return hex_table(c, arg, code == GIO_FONT, 8192);  // (32 rows of 8 pixels, 256 characters)
        case KDGKBMETA:
        case KDSKBMETA:
            return meta(c, arg, code == KDGKBMETA);
        case PIO_UNIMAPCLR:
            return unimap_clear(c, arg);
        case GIO_CMAP:
        case PIO_CMAP:
            return hex_table(c, arg, code == GIO_CMAP, 3 * 16);
        case KDENABIO:
        case KDDISABIO:
        case KDMAPDISP:
        case KDUNMAPDISP:
        case PIO_FONTRESET:
            return IoctlArg::Done;
        case GIO_UNIMAP:
        case PIO_UNIMAP:
            return unimap(c, arg, code == GIO_UNIMAP);
        case GIO_FONTX:
        case PIO_FONTX:
            return fontx(c, arg, code == GIO_FONTX);
        case KDFONTOP:
            return font_op(c, arg);
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
