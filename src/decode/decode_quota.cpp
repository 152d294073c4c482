// Disk quotas: quotactl(2) and quotactl_fd(2). The command is QCMD(command, type); what the
// last two arguments mean depends on the command - a format and a quota file (Q_QUOTAON), a
// user and the limits (Q_GETQUOTA, Q_SETQUOTA and XFS's), the quota file's information, XFS's
// state flags - and is printed as strace 6.1 prints it (structures abridged without -v).
#include <linux/dqblk_xfs.h>

#include <cstdint>
#include <cstring>

#include "decode/decoder.h"

namespace wiretrace {

namespace {
constexpr uint32_t kSync = 0x800001, kQuotaOn = 0x800002, kQuotaOff = 0x800003, kGetFmt = 0x800004, kGetInfo = 0x800005,
                   kSetInfo = 0x800006, kGetQuota = 0x800007, kSetQuota = 0x800008, kGetNextQuota = 0x800009,
                   kXQuotaOn = 0x5801, kXQuotaOff = 0x5802, kXGetQuota = 0x5803, kXSetQLim = 0x5804,
                   kXGetQStat = 0x5805, kXQuotaRm = 0x5806, kXQuotaSync = 0x5807, kXGetQStatV = 0x5808,
                   kXGetNextQuota = 0x5809;

// the generic quota interface's structures (linux/quota.h declares them for the kernel only)
struct DqBlk {
    uint64_t bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime;
    uint32_t valid;
} __attribute__((packed));
struct NextDqBlk {
    uint64_t bhardlimit, bsoftlimit, curspace, ihardlimit, isoftlimit, curinodes, btime, itime;
    uint32_t valid, id;
};
struct DqInfo {
    uint64_t bgrace, igrace;
    uint32_t flags, valid;
};

// ", name=value": the fields of these structures
void u(Call &c, const char *name, uint64_t v) {
    c.str(", ");
    c.str(name);
    c.str("=");
    c.udec(v);
}
void d(Call &c, const char *name, int64_t v) {
    c.str(", ");
    c.str(name);
    c.str("=");
    c.dec(v);
}

void print_qcmd(Call &c, uint32_t qcmd) {
    int style = c.options().xlat_style;
    if (style != kXlatAbbrev) c.udec(qcmd);
    if (style == kXlatRaw) return;
    if (style == kXlatVerbose) c.str(" /* ");
    c.with_xlat_style(kXlatAbbrev, [&](Call &n) {
        n.str("QCMD(");
        n.enum_val(xlat_quotacmds, qcmd >> 8, "%#llx /* Q_??? */");
        n.str(", ");
        n.enum_val(xlat_quotatypes, qcmd & 0xff, "%#llx /* ???QUOTA */");
        n.str(")");
    });
    if (style == kXlatVerbose) c.str(" */");
}

void print_dqblk(Call &c, uint64_t addr, bool next) {
    NextDqBlk q{};
    bool ok = next ? c.fetch(addr, q) : [&] {
        DqBlk b{};
        if (!c.fetch(addr, b)) return false;
        std::memcpy(&q, &b, sizeof b);
        return true;
    }();
    if (!ok) return;
    c.str("{dqb_bhardlimit=");
    c.udec(q.bhardlimit);
    u(c, "dqb_bsoftlimit", q.bsoftlimit);
    u(c, "dqb_curspace", q.curspace);
    u(c, "dqb_ihardlimit", q.ihardlimit);
    u(c, "dqb_isoftlimit", q.isoftlimit);
    u(c, "dqb_curinodes", q.curinodes);
    if (!c.options().abbrev) {
        u(c, "dqb_btime", q.btime);
        u(c, "dqb_itime", q.itime);
        c.str(", dqb_valid=");
        c.flags_of({&xlat_if_dqblk_valid}, q.valid, "0", "QIF_???");
        if (next) u(c, "dqb_id", q.id);
    } else {
        if (next) u(c, "dqb_id", q.id);
        c.str(", ...");
    }
    c.str("}");
}

void print_disk_quota(Call &c, uint64_t addr) {
    fs_disk_quota q{};
    if (!c.fetch(addr, q)) return;
    c.str("{d_version=");
    c.dec(q.d_version);
    c.str(", d_flags=");
    c.flags_of({&xlat_xfs_dqblk_flags}, static_cast<uint8_t>(q.d_flags), "0", "FS_???_QUOTA");
    c.str(", d_fieldmask=");
    c.hex(q.d_fieldmask);
    u(c, "d_id", q.d_id);
    u(c, "d_blk_hardlimit", q.d_blk_hardlimit);
    u(c, "d_blk_softlimit", q.d_blk_softlimit);
    u(c, "d_ino_hardlimit", q.d_ino_hardlimit);
    u(c, "d_ino_softlimit", q.d_ino_softlimit);
    u(c, "d_bcount", q.d_bcount);
    u(c, "d_icount", q.d_icount);
    if (!c.options().abbrev) {
        d(c, "d_itimer", q.d_itimer);
        d(c, "d_btimer", q.d_btimer);
        u(c, "d_iwarns", q.d_iwarns);
        u(c, "d_bwarns", q.d_bwarns);
        u(c, "d_rtb_hardlimit", q.d_rtb_hardlimit);
        u(c, "d_rtb_softlimit", q.d_rtb_softlimit);
        u(c, "d_rtbcount", q.d_rtbcount);
        d(c, "d_rtbtimer", q.d_rtbtimer);
        u(c, "d_rtbwarns", q.d_rtbwarns);
    } else {
        c.str(", ...");
    }
    c.str("}");
}

template <typename F>
void print_filestat(Call &c, const char *name, const F &f) {
    c.str(", ");
    c.str(name);
    c.str("={qfs_ino=");
    c.udec(f.qfs_ino);
    u(c, "qfs_nblks", f.qfs_nblks);
    u(c, "qfs_nextents", f.qfs_nextents);
    c.str("}");
}

// the time and warning limits both versions of the XFS quota state end with
template <typename S>
void print_qstat_limits(Call &c, const S &q) {
    d(c, "qs_btimelimit", q.qs_btimelimit);
    d(c, "qs_itimelimit", q.qs_itimelimit);
    d(c, "qs_rtbtimelimit", q.qs_rtbtimelimit);
    u(c, "qs_bwarnlimit", q.qs_bwarnlimit);
    u(c, "qs_iwarnlimit", q.qs_iwarnlimit);
}

void print_quota_stat(Call &c, uint64_t addr) {
    fs_quota_stat q{};
    if (!c.fetch(addr, q)) return;
    c.str("{qs_version=");
    c.dec(q.qs_version);
    if (!c.options().abbrev) {
        c.str(", qs_flags=");
        c.flags_of({&xlat_xfs_quota_flags}, q.qs_flags, "0", "FS_QUOTA_???");
        print_filestat(c, "qs_uquota", q.qs_uquota);
        print_filestat(c, "qs_gquota", q.qs_gquota);
        u(c, "qs_incoredqs", q.qs_incoredqs);
        print_qstat_limits(c, q);
    } else {
        c.str(", ...");
    }
    c.str("}");
}

void print_quota_statv(Call &c, uint64_t addr) {
    fs_quota_statv q{};
    if (!c.fetch(addr, q)) return;
    c.str("{qs_version=");
    c.dec(q.qs_version);
    if (!c.options().abbrev) {
        c.str(", qs_flags=");
        c.flags_of({&xlat_xfs_quota_flags}, q.qs_flags, "0", "FS_QUOTA_???");
        u(c, "qs_incoredqs", q.qs_incoredqs);
        print_filestat(c, "qs_uquota", q.qs_uquota);
        print_filestat(c, "qs_gquota", q.qs_gquota);
        print_filestat(c, "qs_pquota", q.qs_pquota);
        print_qstat_limits(c, q);
    } else {
        c.str(", ...");
    }
    c.str("}");
}

void print_dqinfo(Call &c, uint64_t addr) {
    DqInfo q{};
    if (!c.fetch(addr, q)) return;
    c.str("{dqi_bgrace=");
    c.udec(q.bgrace);
    u(c, "dqi_igrace", q.igrace);
    c.str(", dqi_flags=");
    c.flags_of({&xlat_if_dqinfo_flags}, q.flags, "0", "DQF_???");
    c.str(", dqi_valid=");
    c.flags_of({&xlat_if_dqinfo_valid}, q.valid, "0", "IIF_???");
    c.str("}");
}

// [FLAGS]: a u32 of flags at addr
void print_flags_at(Call &c, uint64_t addr, const Xlat &x, const char *unknown) {
    uint32_t v = 0;
    if (!c.fetch(addr, v)) return;
    c.str("[");
    c.flags_of({&x}, v, "0", unknown);
    c.str("]");
}

// The arguments after the command (and quotactl's special file): at entry, and for the
// commands that fill a structure, again at exit.
void cmd_data(Call &c, uint32_t id, uint32_t cmd, uint64_t data) {
    auto uid_then = [&] {
        c.sep();
        c.uid(id);
        c.sep();
    };
    bool in = c.entering();
    switch (cmd) {
        case kQuotaOff:
        case kSync:
        case kXQuotaSync:
            return;
        case kQuotaOn:
            if (!in) return;
            c.sep();
            c.enum_val(xlat_quota_formats, id, "%#llx /* QFMT_VFS_??? */");
            c.sep();
            c.path(data);
            return;
        case kGetQuota:
        case kGetNextQuota:
            if (in) return uid_then();
            return print_dqblk(c, data, cmd == kGetNextQuota);
        case kSetQuota:
            if (!in) return;
            uid_then();
            return print_dqblk(c, data, false);
        case kXGetQuota:
        case kXGetNextQuota:
            if (in) return uid_then();
            return print_disk_quota(c, data);
        case kXSetQLim:
            if (!in) return;
            uid_then();
            return print_disk_quota(c, data);
        case kGetFmt:
            if (in) return c.sep();
            {
                uint32_t fmt = 0;
                if (!c.fetch(data, fmt)) return;
                c.str("[");
                c.enum_val(xlat_quota_formats, fmt, "%#llx /* QFMT_VFS_??? */");
                c.str("]");
            }
            return;
        case kGetInfo:
            if (in) return c.sep();
            return print_dqinfo(c, data);
        case kSetInfo:
            if (!in) return;
            c.sep();
            return print_dqinfo(c, data);
        case kXGetQStat:
            if (in) return c.sep();
            return print_quota_stat(c, data);
        case kXGetQStatV:
            if (in) return c.sep();
            return print_quota_statv(c, data);
        case kXQuotaOn:
        case kXQuotaOff:
            if (!in) return;
            c.sep();
            return print_flags_at(c, data, xlat_xfs_quota_flags, "FS_QUOTA_???");
        case kXQuotaRm:
            if (!in) return;
            c.sep();
            return print_flags_at(c, data, xlat_xfs_dqblk_flags, "FS_???_QUOTA");
        default:
            if (!in) return;
            uid_then();
            c.ptr(data);
            return;
    }
}
}  // namespace

void decode_quotactl(Call &c) {
    auto qcmd = static_cast<uint32_t>(c.arg(0));
    if (c.entering()) {
        print_qcmd(c, qcmd);
        c.sep();
        c.path(c.arg(1));
    }
    cmd_data(c, static_cast<uint32_t>(c.arg(2)), qcmd >> 8, c.arg(3));
}

void decode_quotactl_fd(Call &c) {
    auto qcmd = static_cast<uint32_t>(c.arg(1));
    if (c.entering()) {
        c.fd(c.iarg(0));
        c.sep();
        print_qcmd(c, qcmd);
    }
    cmd_data(c, static_cast<uint32_t>(c.arg(2)), qcmd >> 8, c.arg(3));
}

}  // namespace wiretrace
