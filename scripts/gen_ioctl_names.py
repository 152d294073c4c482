#!/usr/bin/env python3
"""Builds syscall_tables/ioctl_names.tsv: every ioctl request the installed kernel headers define
with _IO/_IOR/_IOW/_IOWR/_IOC (name, value), as strace's ioctlent. Each header's candidates are
evaluated by the C compiler (one small program per header, so that headers which cannot be
included together need not be); a header that does not compile is skipped. Run by hand when the
headers change (linux-libc-dev); the output is committed.
  scripts/gen_ioctl_names.py [OUT]"""
import glob, os, re, subprocess, sys, tempfile

root = "/usr/include"
dirs = ["linux", "linux/*", "asm", "asm-generic", "sound", "mtd", "rdma", "misc", "drm", "scsi", "video", "xen"]
headers = []
for d in dirs:
    headers += sorted(glob.glob(os.path.join(root, d, "*.h")))
define = re.compile(r"^\s*#\s*define\s+([A-Z][A-Z0-9_]*)\s+(?:\\\n\s*)?(_IO[RW]*|_IOC|_IOWR_BAD|_IOR_BAD|_IOW_BAD|_SIO[RW]*|SECCOMP_IO[RW]*)\s*\(", re.M)
prelude = "#include <sys/types.h>\n#include <stdint.h>\n#include <stdio.h>\n#include <sys/socket.h>\n#include <sys/time.h>\n#include <linux/types.h>\n#include <linux/ioctl.h>\n"
plain = re.compile(r"^\s*#\s*define\s+((?:TC|TIOC|FIO|SIOC|FIOC|SIOG)[A-Z0-9_]*)\s+(0x[0-9a-fA-F]+|[0-9]+|_IO)", re.M)
def rel_name(h):
    return os.path.relpath(h, root)
# headers that declare the structures other headers' requests are sized by
extra_headers = "".join("#include <%s>\n" % h for h in ("linux/blktrace_api.h", "linux/fiemap.h", "linux/fs.h", "asm/termbits.h"))
PLAIN_NUMBER_HEADERS = [
    ("linux/loop.h", ["LOOP_"], 0x4c),
    ("linux/hdreg.h", ["HDIO_"], 0x03),
    ("linux/cdrom.h", ["CDROM", "DVD_"], 0x53),
    ("linux/fb.h", ["FBIO"], 0x46),
    ("linux/kd.h", ["KD", "KIOC", "GIO_", "PIO_"], 0x4b),
    ("linux/vt.h", ["VT_"], 0x56),
    ("linux/wireless.h", ["SIOC"], 0x8b),
    ("scsi/scsi.h", ["SCSI_"], 0x53),
    ("scsi/scsi_ioctl.h", ["SCSI_"], 0x53),
    ("scsi/sg.h", ["SG_"], 0x22),
]
names = {}
work = tempfile.mkdtemp()
for h in headers:
    try:
        text = open(h, errors="replace").read()
    except OSError:
        continue
    cands = set(m.group(1) for m in define.finditer(text))
    # the terminal and socket requests are plain numbers in these headers
    if rel_name(h) in ("asm-generic/ioctls.h", "linux/sockios.h", "asm/sockios.h", "asm-generic/sockios.h"):
        cands |= set(m.group(1) for m in plain.finditer(text))
    # and these headers' requests are plain numbers with their own prefixes (kept when the
    # number has the subsystem's type byte: the same headers define flags with those prefixes)
    plain_type = None
    for hdr, prefixes, type_byte in PLAIN_NUMBER_HEADERS:
        if rel_name(h) == hdr:
            plain_type = type_byte
            cands |= set(re.findall(r"^\s*#\s*define\s+((?:%s)[A-Z0-9_]*)\s+0x[0-9a-fA-F]+" % "|".join(prefixes),
                                    text, re.M))
    cands = sorted(cands)
    if not cands:
        continue
    rel = os.path.relpath(h, root)
    src = os.path.join(work, "p.c")
    def attempt(cs, extra=""):
        body = "".join('#ifdef %s\n printf("%%s\\t%%#x\\n", "%s", (unsigned)(%s));\n#endif\n' % (c, c, c) for c in cs)
        open(src, "w").write(prelude + extra + "#include <%s>\nint main(void) {\n%s return 0;\n}\n" % (rel, body))
        exe = os.path.join(work, "p")
        r = subprocess.run(["gcc", "-w", "-o", exe, src], capture_output=True, text=True)
        if r.returncode != 0:
            return None
        return subprocess.run([exe], capture_output=True, text=True).stdout
    out = attempt(cands)
    if out is None and len(cands) > 1:
        # some macros need types the header does not declare: one at a time
        outs = []
        for c in cands:
            o = attempt([c])
            if o is None:  # a structure declared elsewhere: with the headers that declare those
                o = attempt([c], extra_headers)
            outs.append(o or "")
        out = "".join(outs)
    for line in (out or "").splitlines():
        n, v = line.split("\t")
        # (flags that share the terminal requests' prefix are not requests)
        if re.match(r"(TIOCPKT_|TIOCM_|TIOCSER_)", n):
            continue
        value = int(v, 16)
        if plain_type is not None and value < 0x10000 and (value >> 8) != plain_type:
            continue
        names.setdefault(n, value)
# v4l2-subdev.h gives the video device's own requests a second name; strace (and so the trace)
# uses the VIDIOC_ one alone
for alias in ("DV_TIMINGS_CAP", "ENUM_DV_TIMINGS", "ENUMSTD", "G_DV_TIMINGS", "G_EDID", "G_STD", "QUERY_DV_TIMINGS",
              "QUERYSTD", "S_DV_TIMINGS", "S_EDID", "S_STD"):
    names.pop("VIDIOC_SUBDEV_" + alias, None)
# OpenZFS's requests (scripts/gen_zfs_ioctls.sh), as strace names them too
zfs = os.path.join(os.path.dirname(__file__), "..", "syscall_tables", "zfs_ioctls.tsv")
for line in open(zfs):
    if line.strip() and not line.startswith("#"):
        n, v = line.split()
        names.setdefault(n, int(v, 16))
# requests the kernel has that glibc's copies of its headers lack
names.setdefault("SG_GET_ACCESS_COUNT", 0x2289)  # scsi/sg.h
names.pop("SG_FLAG_NO_DXFER", None)  # (a flag of sg_io_hdr that the plain-number scan takes for a request)
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "syscall_tables", "xlat", "ioctl_names.tsv")
with open(out, "w") as f:
    f.write("# ioctl requests by name, from the kernel headers (scripts/gen_ioctl_names.py; sorted by value)\n#kind enum\n")
    for n, v in sorted(names.items(), key=lambda kv: (kv[1], kv[0])):
        f.write("%s %#x\n" % (n, v))
print("%d ioctl names" % len(names), file=sys.stderr)
