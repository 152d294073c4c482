// Video4Linux2 requests ('V', linux/videodev2.h) as strace prints them: what the caller passes
// at entry, what the driver fills in at exit (after "=>" where it replaces what was passed):
// capabilities, formats (pixel, multi-planar, overlay, VBI, sliced, SDR, metadata), buffers,
// stream parameters, standards, inputs, controls (plain, queried, extended), tuners, cropping,
// frame sizes and intervals.
#include <linux/videodev2.h>

#include <cstddef>
#include <cstdio>

#include <iterator>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

namespace {
void rect(Call &c, const v4l2_rect &r) {
    c.str("{left=");
    c.dec(r.left);
    c.str(", top=");
    c.dec(r.top);
    c.str(", width=");
    c.udec(r.width);
    c.str(", height=");
    c.udec(r.height);
    c.str("}");
}

void fract(Call &c, const v4l2_fract &f) {
    c.udec(f.numerator);
    c.str("/");
    c.udec(f.denominator);
}

// v4l2_fourcc('Y', 'U', 'Y', 'V') /* V4L2_PIX_FMT_YUYV */; the number under -X raw.
void fourcc(Call &c, uint32_t v, const Xlat *names) {
    if (c.options().xlat_style == kXlatRaw) return c.hex(v);
    c.str("v4l2_fourcc(");
    for (int i = 0; i < 4; i++) {
        if (i) c.str(", ");
        print_quoted_char(c, static_cast<unsigned char>(v >> (8 * i)), false);
    }
    c.str(")");
    if (const char *n = names ? xlat_name(*names, v) : nullptr) {
        c.str(" /* ");
        c.str(n);
        c.str(" */");
    }
}

void buf_type(Call &c, uint32_t t) {
    c.enum_val(xlat_v4l2_buf_types, t, "%#llx /* V4L2_BUF_TYPE_??? */");
}

void cstring_field(Call &c, const char *name, const __u8 *p, size_t n) {
    c.str(name);
    print_cstring_field(c, reinterpret_cast<const char *>(p), n);
}

IoctlArg capability(Call &c, uint64_t arg) {
    if (c.entering()) return IoctlArg::AtExit;
    c.sep();
    v4l2_capability caps;
    if (!c.fetch(arg, caps)) return IoctlArg::Done;
    cstring_field(c, "{driver=", caps.driver, sizeof caps.driver);
    cstring_field(c, ", card=", caps.card, sizeof caps.card);
    cstring_field(c, ", bus_info=", caps.bus_info, sizeof caps.bus_info);
    c.str(", version=");
    c.composite(caps.version, [&](Call &n) {
        char b[64];
        std::snprintf(b, sizeof b, "KERNEL_VERSION(%u, %u, %u)", caps.version >> 16, (caps.version >> 8) & 0xff,
                      caps.version & 0xff);
        n.str(b);
    });
    c.str(", capabilities=");
    c.flags_of({&xlat_v4l2_device_capabilities_flags}, caps.capabilities, "0", "V4L2_CAP_???");
    if (caps.device_caps) {
        c.str(", device_caps=");
        c.flags_of({&xlat_v4l2_device_capabilities_flags}, caps.device_caps, "0", "V4L2_CAP_???");
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg fmtdesc(Call &c, uint64_t arg) {
    v4l2_fmtdesc f;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, f)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(f.index);
        c.str(", type=");
        buf_type(c, f.type);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), f)) {
        c.str(", flags=");
        c.flags_of({&xlat_v4l2_format_description_flags}, f.flags, "0", "V4L2_FMT_FLAG_???");
        cstring_field(c, ", description=", f.description, sizeof f.description);
        c.str(", pixelformat=");
        fourcc(c, f.pixelformat, &xlat_v4l2_pix_fmts);
    }
    c.str("}");
    return IoctlArg::Done;
}

void field_order(Call &c, uint32_t f) {
    c.enum_val(xlat_v4l2_fields, f, "%#llx /* V4L2_FIELD_??? */");
}
void colorspace(Call &c, uint32_t s) {
    c.enum_val(xlat_v4l2_colorspaces, s, "%#llx /* V4L2_COLORSPACE_??? */");
}

// The format union by buffer type, after `prefix`; false when the type has no known layout or
// the overlay's clip list cannot be read (nothing more is shown then).
bool format_fmt(Call &c, const char *prefix, const v4l2_format &f) {
    switch (f.type) {
        case V4L2_BUF_TYPE_VIDEO_CAPTURE:
        case V4L2_BUF_TYPE_VIDEO_OUTPUT: {
            const v4l2_pix_format &p = f.fmt.pix;
            c.str(prefix);
            c.str("fmt.pix={width=");
            c.udec(p.width);
            c.str(", height=");
            c.udec(p.height);
            c.str(", pixelformat=");
            fourcc(c, p.pixelformat, &xlat_v4l2_pix_fmts);
            c.str(", field=");
            field_order(c, p.field);
            c.str(", bytesperline=");
            c.udec(p.bytesperline);
            c.str(", sizeimage=");
            c.udec(p.sizeimage);
            c.str(", colorspace=");
            colorspace(c, p.colorspace);
            c.str("}");
            return true;
        }
        case V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE:
        case V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE: {
            const v4l2_pix_format_mplane &p = f.fmt.pix_mp;
            c.str(prefix);
            c.str("fmt.pix_mp={width=");
            c.udec(p.width);
            c.str(", height=");
            c.udec(p.height);
            c.str(", pixelformat=");
            fourcc(c, p.pixelformat, &xlat_v4l2_pix_fmts);
            c.str(", field=");
            field_order(c, p.field);
            c.str(", colorspace=");
            colorspace(c, p.colorspace);
            c.str(", plane_fmt=");
            c.local_array<v4l2_plane_pix_format>(reinterpret_cast<const unsigned char *>(p.plane_fmt),
                                                 std::min<size_t>(p.num_planes, VIDEO_MAX_PLANES),
                                                 [&](const v4l2_plane_pix_format &pl) {
                                                     c.str("{sizeimage=");
                                                     c.udec(pl.sizeimage);
                                                     c.str(", bytesperline=");
                                                     c.udec(pl.bytesperline);
                                                     c.str("}");
                                                     return true;
                                                 });
            c.str(", num_planes=");
            c.udec(p.num_planes);
            c.str("}");
            return true;
        }
        case V4L2_BUF_TYPE_VIDEO_OUTPUT_OVERLAY:
        case V4L2_BUF_TYPE_VIDEO_OVERLAY: {
            const v4l2_window &w = f.fmt.win;
            c.str(prefix);
            c.str("fmt.win={w=");
            rect(c, w.w);
            c.str(", field=");
            field_order(c, w.field);
            c.str(", chromakey=");
            c.hex(w.chromakey);
            c.str(", clips=");
            const bool ok =
                c.array<v4l2_clip>(reinterpret_cast<uint64_t>(w.clips), w.clipcount, [&](const v4l2_clip &k) {
                    c.str("{c=");
                    rect(c, k.c);
                    c.str("}");
                    return true;
                });
            c.str(", clipcount=");
            c.udec(w.clipcount);
            c.str(", bitmap=");
            c.ptr(reinterpret_cast<uint64_t>(w.bitmap));
            if (w.global_alpha) {
                c.str(", global_alpha=");
                c.hex(w.global_alpha);
            }
            c.str("}");
            return ok;
        }
        case V4L2_BUF_TYPE_VBI_CAPTURE:
        case V4L2_BUF_TYPE_VBI_OUTPUT: {
            const v4l2_vbi_format &v = f.fmt.vbi;
            c.str(prefix);
            c.str("fmt.vbi={sampling_rate=");
            c.udec(v.sampling_rate);
            c.str(", offset=");
            c.udec(v.offset);
            c.str(", samples_per_line=");
            c.udec(v.samples_per_line);
            c.str(", sample_format=");
            fourcc(c, v.sample_format, &xlat_v4l2_pix_fmts);
            c.str(", start=[");
            c.dec(v.start[0]);
            c.str(", ");
            c.dec(v.start[1]);
            c.str("], count=[");
            c.udec(v.count[0]);
            c.str(", ");
            c.udec(v.count[1]);
            c.str("], flags=");
            c.flags_of({&xlat_v4l2_vbi_flags}, v.flags, "0", "V4L2_VBI_???");
            c.str("}");
            return true;
        }
        case V4L2_BUF_TYPE_SLICED_VBI_CAPTURE:
        case V4L2_BUF_TYPE_SLICED_VBI_OUTPUT: {
            const v4l2_sliced_vbi_format &s = f.fmt.sliced;
            c.str(prefix);
            c.str("fmt.sliced={service_set=");
            c.flags_of({&xlat_v4l2_sliced_flags}, s.service_set, "0", "V4L2_SLICED_???");
            c.str(", service_lines=[");
            for (size_t i = 0; i < std::size(s.service_lines); i++) {
                if (i) c.str(", ");
                print_hex_array(c, s.service_lines[i], std::size(s.service_lines[i]));
            }
            c.str("], io_size=");
            c.udec(s.io_size);
            c.str("}");
            return true;
        }
        case V4L2_BUF_TYPE_SDR_OUTPUT:
        case V4L2_BUF_TYPE_SDR_CAPTURE: {
            const v4l2_sdr_format &s = f.fmt.sdr;
            c.str(prefix);
            c.str("fmt.sdr={pixelformat=");
            fourcc(c, s.pixelformat, &xlat_v4l2_sdr_fmts);
            if (s.buffersize) {
                c.str(", buffersize=");
                c.udec(s.buffersize);
            }
            c.str("}");
            return true;
        }
        case V4L2_BUF_TYPE_META_OUTPUT:
        case V4L2_BUF_TYPE_META_CAPTURE: {
            const v4l2_meta_format &m = f.fmt.meta;
            c.str(prefix);
            c.str("fmt.meta={dataformat=");
            fourcc(c, m.dataformat, &xlat_v4l2_meta_fmts);
            c.str(", buffersize=");
            c.udec(m.buffersize);
            c.str("}");
            return true;
        }
        default:
            return false;
    }
}

IoctlArg format(Call &c, uint64_t arg, bool is_get) {
    v4l2_format f;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, f)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, f.type);
        if (is_get) return IoctlArg::AtExit;
        if (!format_fmt(c, ", ", f)) {
            c.str("}");
            return IoctlArg::Done;
        }
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), f)) format_fmt(c, is_get ? ", " : "} => {", f);
    c.str("}");
    return IoctlArg::Done;
}

void memory(Call &c, uint32_t m) {
    c.enum_val(xlat_v4l2_memories, m, "%#llx /* V4L2_MEMORY_??? */");
}

IoctlArg requestbuffers(Call &c, uint64_t arg) {
    v4l2_requestbuffers r;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, r)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, r.type);
        c.str(", memory=");
        memory(c, r.memory);
        c.str(", count=");
        c.udec(r.count);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), r)) {
        c.str(" => ");
        c.udec(r.count);
    }
    c.str("}");
    return IoctlArg::Done;
}

// A buffer's flags: the plain flags, then the timestamp type and source fields by name.
void buffer_flags(Call &c, uint32_t v) {
    if (c.options().xlat_style == kXlatRaw) return c.hex(v);
    const uint32_t ts_type = v & V4L2_BUF_FLAG_TIMESTAMP_MASK, ts_src = v & V4L2_BUF_FLAG_TSTAMP_SRC_MASK;
    const uint32_t rest = v & ~ts_type & ~ts_src;
    if (rest) {
        c.flags_of({&xlat_v4l2_buf_flags}, rest, "0", "V4L2_BUF_FLAG_???");
        c.str("|");
    }
    c.enum_val(xlat_v4l2_buf_flags_ts_type, ts_type, "%#llx /* V4L2_BUF_FLAG_TIMESTAMP_??? */");
    c.str("|");
    c.enum_val(xlat_v4l2_buf_flags_ts_src, ts_src, "%#llx /* V4L2_BUF_FLAG_TSTAMP_SRC_??? */");
}

IoctlArg buffer(Call &c, unsigned code, uint64_t arg) {
    v4l2_buffer b;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, b)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, b.type);
        if (code != VIDIOC_DQBUF) {
            c.str(", index=");
            c.udec(b.index);
        }
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), b)) {
        if (code == VIDIOC_DQBUF) {
            c.str(", index=");
            c.udec(b.index);
        }
        c.str(", memory=");
        memory(c, b.memory);
        if (b.memory == V4L2_MEMORY_MMAP) {
            c.str(", m.offset=");
            c.hex(b.m.offset);
        } else if (b.memory == V4L2_MEMORY_USERPTR) {
            c.str(", m.userptr=");
            c.ptr(b.m.userptr);
        }
        c.str(", length=");
        c.udec(b.length);
        c.str(", bytesused=");
        c.udec(b.bytesused);
        c.str(", flags=");
        buffer_flags(c, b.flags);
        if (code == VIDIOC_DQBUF) {
            c.str(", timestamp={tv_sec=");
            c.dec(b.timestamp.tv_sec);
            c.str(", tv_usec=");
            c.dec(b.timestamp.tv_usec);
            c.str("}");
        }
        c.str(", ...");
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg framebuffer(Call &c, uint64_t arg) {
    c.sep();
    v4l2_framebuffer b;
    if (!c.fetch(arg, b)) return IoctlArg::Done;
    c.str("{capability=");
    c.hex(b.capability);
    c.str(", flags=");
    c.hex(b.flags);
    c.str(", base=");
    c.ptr(reinterpret_cast<uint64_t>(b.base));
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg stream_type(Call &c, uint64_t arg) {
    c.sep();
    int32_t t;
    if (!c.fetch(arg, t)) return IoctlArg::Done;
    c.str("[");
    buf_type(c, static_cast<uint32_t>(t));
    c.str("]");
    return IoctlArg::Done;
}

void streamparm_body(Call &c, const v4l2_streamparm &s) {
    const bool capture = s.type == V4L2_BUF_TYPE_VIDEO_CAPTURE;
    const v4l2_captureparm &cp = s.parm.capture;
    const v4l2_outputparm &op = s.parm.output;
    c.str(capture ? "parm.capture={capability=" : "parm.output={capability=");
    c.flags_of({&xlat_v4l2_streaming_capabilities}, capture ? cp.capability : op.capability, "0", "V4L2_CAP_???");
    c.str(capture ? ", capturemode=" : ", outputmode=");
    c.flags_of({&xlat_v4l2_capture_modes}, capture ? cp.capturemode : op.outputmode, "0", "V4L2_MODE_???");
    c.str(", timeperframe=");
    fract(c, capture ? cp.timeperframe : op.timeperframe);
    c.str(", extendedmode=");
    c.hex(capture ? cp.extendedmode : op.extendedmode);
    c.str(capture ? ", readbuffers=" : ", writebuffers=");
    c.udec(capture ? cp.readbuffers : op.writebuffers);
    c.str("}");
}

IoctlArg streamparm(Call &c, uint64_t arg, bool is_get) {
    v4l2_streamparm s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, s.type);
        if (s.type != V4L2_BUF_TYPE_VIDEO_CAPTURE && s.type != V4L2_BUF_TYPE_VIDEO_OUTPUT) {
            c.str("}");
            return IoctlArg::Done;
        }
        if (is_get) return IoctlArg::AtExit;
        c.str(", ");
        streamparm_body(c, s);
        return IoctlArg::AtExit;
    }
    if (c.failed() || !c.mem().read_obj(RemoteAddr(arg), s)) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(is_get ? ", " : "} => {");
    streamparm_body(c, s);
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg standard(Call &c, uint64_t arg) {
    v4l2_standard s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(s.index);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), s)) {
        cstring_field(c, ", name=", s.name, sizeof s.name);
        c.str(", frameperiod=");
        fract(c, s.frameperiod);
        c.str(", framelines=");
        c.udec(s.framelines);
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg input(Call &c, uint64_t arg) {
    v4l2_input i;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, i)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(i.index);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), i)) {
        cstring_field(c, ", name=", i.name, sizeof i.name);
        c.str(", type=");
        c.enum_val(xlat_v4l2_input_types, i.type, "%#llx /* V4L2_INPUT_TYPE_??? */");
    }
    c.str("}");
    return IoctlArg::Done;
}

// A control id: its name, or CLASS+offset within a known class, or V4L2_CID_??? (with the
// query's NEXT flags first when `next_flags`).
void cid(Call &c, uint32_t id, bool next_flags) {
    const int style = c.options().xlat_style;
    if (style == kXlatRaw) return c.hex(id);
    if (next_flags) {
        const uint32_t flags = id & (V4L2_CTRL_FLAG_NEXT_CTRL | V4L2_CTRL_FLAG_NEXT_COMPOUND);
        if (flags) {
            c.flags_of({&xlat_v4l2_control_query_flags}, flags, "0", "V4L2_CTRL_FLAG_NEXT_???");
            c.str("|");
            id &= ~flags;
        }
    }
    auto named = [&](const std::string &name, bool unknown) {
        if (style != kXlatAbbrev || unknown) c.hex(id);
        if (style == kXlatVerbose || unknown) c.str(" /* ");
        c.str(name);
        if (style == kXlatVerbose || unknown) c.str(" */");
    };
    if (const char *n = xlat_name(xlat_v4l2_control_ids, id)) return named(n, false);
    // the class whose base is the greatest not above id
    const XlatEntry *best = nullptr;
    for (size_t i = 0; i < xlat_v4l2_control_classes.size; i++) {
        const XlatEntry &e = xlat_v4l2_control_classes.entries[i];
        if (e.value <= id && (!best || e.value > best->value)) best = &e;
    }
    if (!best || id - best->value >= 0x10000) return named("V4L2_CID_???", true);
    char b[96];
    std::snprintf(b, sizeof b, "%s+%#llx", best->name, static_cast<unsigned long long>(id - best->value));
    named(b, false);
}

IoctlArg control(Call &c, uint64_t arg, bool is_get) {
    v4l2_control k;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, k)) return IoctlArg::Done;
        c.str("{id=");
        cid(c, k.id, false);
        if (!is_get) {
            c.str(", value=");
            c.dec(k.value);
        }
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), k)) {
        c.str(is_get ? ", value=" : " => ");
        c.dec(k.value);
    }
    c.str("}");
    return IoctlArg::Done;
}

void tuner_body(Call &c, const v4l2_tuner &t) {
    cstring_field(c, "name=", t.name, sizeof t.name);
    c.str(", type=");
    c.enum_val(xlat_v4l2_tuner_types, t.type, "%#llx /* V4L2_TUNER_??? */");
    c.str(", capability=");
    c.flags_of({&xlat_v4l2_tuner_capabilities}, t.capability, "0", "V4L2_TUNER_CAP_???");
    c.str(", rangelow=");
    c.udec(t.rangelow);
    c.str(", rangehigh=");
    c.udec(t.rangehigh);
    c.str(", rxsubchans=");
    c.flags_of({&xlat_v4l2_tuner_rxsubchanses}, t.rxsubchans, "0", "V4L2_TUNER_SUB_???");
    c.str(", audmode=");
    c.enum_val(xlat_v4l2_tuner_audmodes, t.audmode, "%#llx /* V4L2_TUNER_MODE_??? */");
    c.str(", signal=");
    c.dec(t.signal);
    c.str(", afc=");
    c.dec(t.afc);
}

IoctlArg tuner(Call &c, uint64_t arg, bool is_get) {
    v4l2_tuner t;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, t)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(t.index);
        if (is_get) return IoctlArg::AtExit;
        c.str(", ");
        tuner_body(c, t);
        return IoctlArg::AtExit;
    }
    if (c.failed() || !c.mem().read_obj(RemoteAddr(arg), t)) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(is_get ? ", " : "} => {");
    tuner_body(c, t);
    c.str("}");
    return IoctlArg::Done;
}

void reserved_if_set(Call &c, const __u32 *r, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (r[i]) {
            c.str(", reserved=");
            print_hex_array(c, r, n);
            return;
        }
}

// QUERYCTRL and QUERY_EXT_CTRL: the id asked for (with NEXT flags), at exit the id found when
// it differs, then the control's description (its limits and flags only with -v).
template <typename Q, typename P>
IoctlArg query_control(Call &c, uint64_t arg, P details) {
    Q q;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, q)) return IoctlArg::Done;
        c.aux() = q.id;
        c.str("{id=");
        cid(c, q.id, true);
        return IoctlArg::AtExit;
    }
    if (c.failed() || !c.mem().read_obj(RemoteAddr(arg), q)) {
        c.str("}");
        return IoctlArg::Done;
    }
    if (q.id != static_cast<uint32_t>(c.aux())) {
        c.str(" => ");
        cid(c, q.id, false);
    }
    c.str(", type=");
    c.enum_val(xlat_v4l2_control_types, q.type, "%#llx /* V4L2_CTRL_TYPE_??? */");
    cstring_field(c, ", name=", reinterpret_cast<const __u8 *>(q.name), sizeof q.name);
    if (!c.options().abbrev)
        details(q);
    else
        c.str(", ...");
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg queryctrl(Call &c, uint64_t arg) {
    return query_control<v4l2_queryctrl>(c, arg, [&](const v4l2_queryctrl &q) {
        c.str(", minimum=");
        c.dec(q.minimum);
        c.str(", maximum=");
        c.dec(q.maximum);
        c.str(", step=");
        c.dec(q.step);
        c.str(", default_value=");
        c.dec(q.default_value);
        c.str(", flags=");
        c.flags_of({&xlat_v4l2_control_flags}, q.flags, "0", "V4L2_CTRL_FLAG_???");
        reserved_if_set(c, q.reserved, std::size(q.reserved));
    });
}

IoctlArg query_ext_ctrl(Call &c, uint64_t arg) {
    return query_control<v4l2_query_ext_ctrl>(c, arg, [&](const v4l2_query_ext_ctrl &q) {
        c.str(", minimum=");
        c.dec(q.minimum);
        c.str(", maximum=");
        c.dec(q.maximum);
        c.str(", step=");
        c.udec(q.step);
        c.str(", default_value=");
        c.dec(q.default_value);
        c.str(", flags=");
        c.flags_of({&xlat_v4l2_control_flags}, q.flags, "0", "V4L2_CTRL_FLAG_???");
        c.str(", elem_size=");
        c.udec(q.elem_size);
        c.str(", elems=");
        c.udec(q.elems);
        c.str(", nr_of_dims=");
        c.udec(q.nr_of_dims);
        c.str(", dims=");
        c.local_array<uint32_t>(reinterpret_cast<const unsigned char *>(q.dims),
                                std::min<size_t>(q.nr_of_dims, std::size(q.dims)), [&](uint32_t d) {
                                    c.udec(d);
                                    return true;
                                });
        reserved_if_set(c, q.reserved, std::size(q.reserved));
    });
}

IoctlArg cropcap(Call &c, uint64_t arg) {
    v4l2_cropcap k;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, k)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, k.type);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), k)) {
        c.str(", bounds=");
        rect(c, k.bounds);
        c.str(", defrect=");
        rect(c, k.defrect);
        c.str(", pixelaspect=");
        fract(c, k.pixelaspect);
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg crop(Call &c, uint64_t arg, bool is_get) {
    v4l2_crop k;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, k)) return IoctlArg::Done;
        c.str("{type=");
        buf_type(c, k.type);
        if (is_get) return IoctlArg::AtExit;
        c.str(", c=");
        rect(c, k.c);
        c.str("}");
        return IoctlArg::Done;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), k)) {
        c.str(", c=");
        rect(c, k.c);
    }
    c.str("}");
    return IoctlArg::Done;
}

// The control array (read at exit even after a failure: the driver reports which one failed).
bool ext_control_array(Call &c, const v4l2_ext_controls &k) {
    const uint64_t addr = reinterpret_cast<uint64_t>(k.controls);
    c.str("controls=");
    return c.array<v4l2_ext_control>(addr, k.count, [&](const v4l2_ext_control &e) {
        c.str("{id=");
        c.enum_val(xlat_v4l2_control_ids, e.id, "%#llx /* V4L2_CID_??? */");
        c.str(", size=");
        c.udec(e.size);
        if (e.size > 0) {
            c.str(", string=");
            c.buffer(reinterpret_cast<uint64_t>(e.string), e.size);
        } else {
            c.str(", value=");
            c.dec(e.value);
            c.str(", value64=");
            c.dec(e.value64);
        }
        c.str("}");
        return true;
    });
}

IoctlArg ext_controls(Call &c, uint64_t arg, bool is_get) {
    v4l2_ext_controls k;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, k)) return IoctlArg::Done;
        c.str("{ctrl_class=");
        c.enum_val(xlat_v4l2_control_classes, k.ctrl_class, "%#llx /* V4L2_CTRL_CLASS_??? */");
        c.str(", count=");
        c.udec(k.count);
        if (!k.count) {
            c.str("}");
            return IoctlArg::Done;
        }
        if (is_get) return IoctlArg::AtExit;
        c.str(", ");
        if (!ext_control_array(c, k)) {
            c.str("}");
            return IoctlArg::Done;
        }
        return IoctlArg::AtExit;
    }
    if (!c.mem().read_obj(RemoteAddr(arg), k)) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(is_get ? ", " : "} => {");
    ext_control_array(c, k);
    if (c.failed()) {
        c.str(", error_idx=");
        c.udec(k.error_idx);
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg frmsizeenum(Call &c, uint64_t arg) {
    v4l2_frmsizeenum s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(s.index);
        c.str(", pixel_format=");
        fourcc(c, s.pixel_format, &xlat_v4l2_pix_fmts);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), s)) {
        c.str(", type=");
        c.enum_val(xlat_v4l2_framesize_types, s.type, "%#llx /* V4L2_FRMSIZE_TYPE_??? */");
        if (s.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            c.str(", discrete={width=");
            c.udec(s.discrete.width);
            c.str(", height=");
            c.udec(s.discrete.height);
            c.str("}");
        } else if (s.type == V4L2_FRMSIZE_TYPE_STEPWISE) {
            const v4l2_frmsize_stepwise &w = s.stepwise;
            const std::pair<const char *, uint32_t> f[] = {
                {", stepwise={min_width=", w.min_width}, {", max_width=", w.max_width},
                {", step_width=", w.step_width},         {", min_height=", w.min_height},
                {", max_height=", w.max_height},         {", step_height=", w.step_height}};
            for (auto &[name, v] : f) {
                c.str(name);
                c.udec(v);
            }
            c.str("}");
        }
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg frmivalenum(Call &c, uint64_t arg) {
    v4l2_frmivalenum f;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, f)) return IoctlArg::Done;
        c.str("{index=");
        c.udec(f.index);
        c.str(", pixel_format=");
        fourcc(c, f.pixel_format, &xlat_v4l2_pix_fmts);
        c.str(", width=");
        c.udec(f.width);
        c.str(", height=");
        c.udec(f.height);
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), f)) {
        c.str(", type=");
        c.enum_val(xlat_v4l2_frameinterval_types, f.type, "%#llx /* V4L2_FRMIVAL_TYPE_??? */");
        if (f.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
            c.str(", discrete=");
            fract(c, f.discrete);
        } else if (f.type == V4L2_FRMIVAL_TYPE_STEPWISE || f.type == V4L2_FRMIVAL_TYPE_CONTINUOUS) {
            c.str(", stepwise={min=");
            fract(c, f.stepwise.min);
            c.str(", max=");
            fract(c, f.stepwise.max);
            c.str(", step=");
            fract(c, f.stepwise.step);
            c.str("}");
        }
    }
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg create_buffers(Call &c, uint64_t arg) {
    v4l2_create_buffers b;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, b)) return IoctlArg::Done;
        c.str("{count=");
        c.udec(b.count);
        c.str(", memory=");
        memory(c, b.memory);
        c.str(", format={type=");
        buf_type(c, b.format.type);
        format_fmt(c, ", ", b.format);
        c.str("}}");
        return IoctlArg::AtExit;
    }
    if (!c.failed() && c.mem().read_obj(RemoteAddr(arg), b)) {
        char text[96];
        std::snprintf(text, sizeof text, "%lld ({index=%u, count=%u})", static_cast<long long>(c.ret()), b.index,
                      b.count);
        c.result_text() = text;
    }
    return IoctlArg::Done;
}
}  // namespace

IoctlArg v4l2_ioctl(Call &c, unsigned code, uint64_t arg) {
    if (!c.options().verbose) return IoctlArg::Generic;
    switch (code) {
        case VIDIOC_QUERYCAP:
            return capability(c, arg);
        case VIDIOC_ENUM_FMT:
            return fmtdesc(c, arg);
        case VIDIOC_G_FMT:
        case VIDIOC_S_FMT:
        case VIDIOC_TRY_FMT:
            return format(c, arg, code == VIDIOC_G_FMT);
        case VIDIOC_REQBUFS:
            return requestbuffers(c, arg);
        case VIDIOC_QUERYBUF:
        case VIDIOC_QBUF:
        case VIDIOC_DQBUF:
            return buffer(c, code, arg);
        case VIDIOC_G_FBUF:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case VIDIOC_S_FBUF:
            return framebuffer(c, arg);
        case VIDIOC_STREAMON:
        case VIDIOC_STREAMOFF:
            return stream_type(c, arg);
        case VIDIOC_G_PARM:
        case VIDIOC_S_PARM:
            return streamparm(c, arg, code == VIDIOC_G_PARM);
        case VIDIOC_G_STD:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case VIDIOC_S_STD: {
            c.sep();
            uint64_t v;
            if (c.fetch(arg, v)) {
                c.str("[");
                c.hex(v);
                c.str("]");
            }
            return IoctlArg::Done;
        }
        case VIDIOC_ENUMSTD:
            return standard(c, arg);
        case VIDIOC_ENUMINPUT:
            return input(c, arg);
        case VIDIOC_G_CTRL:
        case VIDIOC_S_CTRL:
            return control(c, arg, code == VIDIOC_G_CTRL);
        case VIDIOC_G_TUNER:
        case VIDIOC_S_TUNER:
            return tuner(c, arg, code == VIDIOC_G_TUNER);
        case VIDIOC_QUERYCTRL:
            return queryctrl(c, arg);
        case VIDIOC_QUERY_EXT_CTRL:
            return query_ext_ctrl(c, arg);
        case VIDIOC_G_INPUT:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case VIDIOC_S_INPUT:
            c.sep();
            print_num_at<uint32_t>(c, arg);
            return IoctlArg::Done;
        case VIDIOC_CROPCAP:
            return cropcap(c, arg);
        case VIDIOC_G_CROP:
        case VIDIOC_S_CROP:
            return crop(c, arg, code == VIDIOC_G_CROP);
        case VIDIOC_S_EXT_CTRLS:
        case VIDIOC_TRY_EXT_CTRLS:
        case VIDIOC_G_EXT_CTRLS:
            return ext_controls(c, arg, code == VIDIOC_G_EXT_CTRLS);
        case VIDIOC_ENUM_FRAMESIZES:
            return frmsizeenum(c, arg);
        case VIDIOC_ENUM_FRAMEINTERVALS:
            return frmivalenum(c, arg);
        case VIDIOC_CREATE_BUFS:
            return create_buffers(c, arg);
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
