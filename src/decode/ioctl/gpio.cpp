// GPIO character devices (0xb4, linux/gpio.h): chip and line information, line handle and event
// requests (the request at entry, the new descriptor at exit), values and configurations, v1
// and v2 ABIs, as strace's gpio_ioctl.c.
#include <linux/gpio.h>

#include <algorithm>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
template <typename T, size_t N>
void uint_array(Call &c, const T (&a)[N], size_t upto = N) {
    c.local_array<T>(reinterpret_cast<const unsigned char *>(a), std::min(upto, N), [&](T v) {
        c.udec(v);
        return true;
    });
}

// Requests whose structure goes in at entry and comes back at exit (after " => "): `in` prints
// the entry part, `out` the exit part.
template <typename S, typename In, typename Out>
IoctlArg in_out(Call &c, uint64_t addr, In in, Out out) {
    if (!entry_or_result(c)) return IoctlArg::Done;
    S s;
    if (!c.fetch(addr, s)) return IoctlArg::Done;
    c.str("{");
    if (c.entering()) {
        in(s);
        c.str("}");
        return IoctlArg::AtExit;
    }
    out(s);
    c.str("}");
    return IoctlArg::Done;
}

void attribute_raw(Call &c, const gpio_v2_line_attribute &a, bool as_field) {
    if (as_field) c.str("attr={");
    c.str("id=");
    c.udec(a.id);
    if (a.padding) {
        c.str(", padding=");
        c.hex(a.padding);
    }
    c.str(", data=");
    c.hex(a.values);
    if (as_field) c.str("}");
}

void attribute(Call &c, const gpio_v2_line_attribute &a, bool as_field) {
    if (a.padding) return attribute_raw(c, a, as_field);
    switch (a.id) {
        case GPIO_V2_LINE_ATTR_ID_FLAGS:
            c.str("flags=");
            c.flags_of({&xlat_gpio_v2_line_flags}, a.flags, "0", "GPIO_V2_LINE_FLAG_???");
            break;
        case GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES:
            c.str("values=");
            c.hex(a.values);
            break;
        case GPIO_V2_LINE_ATTR_ID_DEBOUNCE:
            c.str("debounce_period_us=");
            c.udec(a.debounce_period_us);
            break;
        default:
            attribute_raw(c, a, as_field);
    }
}

void line_config(Call &c, const gpio_v2_line_config &lc) {
    c.str("{flags=");
    c.flags_of({&xlat_gpio_v2_line_flags}, lc.flags, "0", "GPIO_V2_LINE_FLAG_???");
    c.str(", num_attrs=");
    c.udec(lc.num_attrs);
    if (!all_zero(lc.padding)) {
        c.str(", padding=");
        print_hex_array(c, lc.padding, 5);
    }
    if (lc.num_attrs) {
        c.str(", attrs=");
        c.local_array<gpio_v2_line_config_attribute>(reinterpret_cast<const unsigned char *>(lc.attrs),
                                                     std::min<size_t>(lc.num_attrs, GPIO_V2_LINE_NUM_ATTRS_MAX),
                                                     [&](const gpio_v2_line_config_attribute &a) {
                                                         c.str("{");
                                                         attribute(c, a.attr, true);
                                                         c.str(", mask=");
                                                         c.hex(a.mask);
                                                         c.str("}");
                                                         return true;
                                                     });
    }
    c.str("}");
}

IoctlArg chip_info(Call &c, uint64_t addr) {
    if (c.entering()) return IoctlArg::AtExit;
    c.sep();
    gpiochip_info i;
    if (!c.fetch(addr, i)) return IoctlArg::Done;
    c.str("{name=");
    print_cstring_field(c, i.name, sizeof i.name);
    c.str(", label=");
    print_cstring_field(c, i.label, sizeof i.label);
    c.str(", lines=");
    c.udec(i.lines);
    c.str("}");
    return IoctlArg::Done;
}

void handle_data(Call &c, uint64_t addr) {
    gpiohandle_data v;
    if (!c.fetch(addr, v)) return;
    c.str("{values=");
    uint_array(c, v.values);
    c.str("}");
}
}  // namespace

IoctlArg gpio_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case GPIO_GET_CHIPINFO_IOCTL:
            return chip_info(c, arg);
        case GPIO_GET_LINEINFO_UNWATCH_IOCTL: {
            c.sep();
            uint32_t offset;
            if (c.fetch(arg, offset)) {
                c.str("{offset=");
                c.udec(offset);
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case GPIO_V2_GET_LINEINFO_IOCTL:
        case GPIO_V2_GET_LINEINFO_WATCH_IOCTL:
            return in_out<gpio_v2_line_info>(
                c, arg,
                [&](const gpio_v2_line_info &li) {
                    c.str("offset=");
                    c.udec(li.offset);
                },
                [&](const gpio_v2_line_info &li) {
                    c.str("name=");
                    print_cstring_field(c, li.name, sizeof li.name);
                    c.str(", consumer=");
                    print_cstring_field(c, li.consumer, sizeof li.consumer);
                    c.str(", flags=");
                    c.flags_of({&xlat_gpio_v2_line_flags}, li.flags, "0", "GPIO_V2_LINE_FLAG_???");
                    c.str(", num_attrs=");
                    c.udec(li.num_attrs);
                    if (li.num_attrs) {
                        c.str(", attrs=");
                        c.local_array<gpio_v2_line_attribute>(
                            reinterpret_cast<const unsigned char *>(li.attrs),
                            std::min<size_t>(li.num_attrs, GPIO_V2_LINE_NUM_ATTRS_MAX),
                            [&](const gpio_v2_line_attribute &a) {
                                c.str("{");
                                attribute(c, a, false);
                                c.str("}");
                                return true;
                            });
                    }
                    if (!all_zero(li.padding)) {
                        c.str(", padding=");
                        print_hex_array(c, li.padding, 4);
                    }
                });
        case GPIO_V2_GET_LINE_IOCTL:
            return in_out<gpio_v2_line_request>(
                c, arg,
                [&](const gpio_v2_line_request &lr) {
                    c.str("num_lines=");
                    c.udec(lr.num_lines);
                    c.str(", offsets=");
                    uint_array(c, lr.offsets, lr.num_lines);
                    c.str(", consumer=");
                    print_cstring_field(c, lr.consumer, sizeof lr.consumer);
                    c.str(", config=");
                    line_config(c, lr.config);
                    if (lr.event_buffer_size) {
                        c.str(", event_buffer_size=");
                        c.udec(lr.event_buffer_size);
                    }
                    if (!all_zero(lr.padding)) {
                        c.str(", padding=");
                        print_hex_array(c, lr.padding, 5);
                    }
                },
                [&](const gpio_v2_line_request &lr) {
                    c.str("fd=");
                    c.fd(lr.fd);
                });
        case GPIO_V2_LINE_SET_CONFIG_IOCTL: {
            c.sep();
            gpio_v2_line_config lc;
            if (c.fetch(arg, lc)) line_config(c, lc);
            return IoctlArg::Done;
        }
        case GPIO_V2_LINE_GET_VALUES_IOCTL:
            return in_out<gpio_v2_line_values>(
                c, arg,
                [&](const gpio_v2_line_values &v) {
                    c.str("mask=");
                    c.hex(v.mask);
                },
                [&](const gpio_v2_line_values &v) {
                    c.str("bits=");
                    c.hex(v.bits);
                });
        case GPIO_V2_LINE_SET_VALUES_IOCTL: {
            c.sep();
            gpio_v2_line_values v;
            if (c.fetch(arg, v)) {
                c.str("{bits=");
                c.hex(v.bits);
                c.str(", mask=");
                c.hex(v.mask);
                c.str("}");
            }
            return IoctlArg::Done;
        }
        case GPIO_GET_LINEINFO_IOCTL:
        case GPIO_GET_LINEINFO_WATCH_IOCTL:
            return in_out<gpioline_info>(
                c, arg,
                [&](const gpioline_info &i) {
                    c.str("line_offset=");
                    c.udec(i.line_offset);
                },
                [&](const gpioline_info &i) {
                    c.str("flags=");
                    c.flags_of({&xlat_gpio_line_flags}, i.flags, "0", "GPIOLINE_FLAG_???");
                    c.str(", name=");
                    print_cstring_field(c, i.name, sizeof i.name);
                    c.str(", consumer=");
                    print_cstring_field(c, i.consumer, sizeof i.consumer);
                });
        case GPIO_GET_LINEHANDLE_IOCTL:
            return in_out<gpiohandle_request>(
                c, arg,
                [&](const gpiohandle_request &h) {
                    c.str("lines=");
                    c.udec(h.lines);
                    c.str(", lineoffsets=");
                    uint_array(c, h.lineoffsets, h.lines);
                    c.str(", flags=");
                    c.flags_of({&xlat_gpio_handle_flags}, h.flags, "0", "GPIOHANDLE_REQUEST_???");
                    c.str(", default_values=");
                    uint_array(c, h.default_values, h.lines);
                    c.str(", consumer_label=");
                    print_cstring_field(c, h.consumer_label, sizeof h.consumer_label);
                },
                [&](const gpiohandle_request &h) {
                    c.str("fd=");
                    c.fd(h.fd);
                });
        case GPIO_GET_LINEEVENT_IOCTL:
            return in_out<gpioevent_request>(
                c, arg,
                [&](const gpioevent_request &e) {
                    c.str("lineoffset=");
                    c.udec(e.lineoffset);
                    c.str(", handleflags=");
                    c.flags_of({&xlat_gpio_handle_flags}, e.handleflags, "0", "GPIOHANDLE_REQUEST_???");
                    c.str(", eventflags=");
                    c.flags_of({&xlat_gpio_event_flags}, e.eventflags, "0", "GPIOEVENT_REQUEST_???");
                    c.str(", consumer_label=");
                    print_cstring_field(c, e.consumer_label, sizeof e.consumer_label);
                },
                [&](const gpioevent_request &e) {
                    c.str("fd=");
                    c.fd(e.fd);
                });
        case GPIOHANDLE_GET_LINE_VALUES_IOCTL:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            handle_data(c, arg);
            return IoctlArg::Done;
        case GPIOHANDLE_SET_LINE_VALUES_IOCTL:
            c.sep();
            handle_data(c, arg);
            return IoctlArg::Done;
        case GPIOHANDLE_SET_CONFIG_IOCTL: {
            c.sep();
            gpiohandle_config hc;
            if (c.fetch(arg, hc)) {
                c.str("{flags=");
                c.flags_of({&xlat_gpio_handle_flags}, hc.flags, "0", "GPIOHANDLE_REQUEST_???");
                c.str(", default_values=");
                uint_array(c, hc.default_values);
                c.str("}");
            }
            return IoctlArg::Done;
        }
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
