// prctl(2) as strace prints it: each option's arguments by name (signals, capabilities, modes,
// flags, pids, strings, seccomp filters), what the GET options fill in at exit, and the return
// values that are flags or names ("= 0x3 (PR_FP_MODE_FR|PR_FP_MODE_FRE)").
#include <sys/prctl.h>

#include <cstdio>
#include <string>

#include "decode/decoder.h"
#include "decoders.h"

// (newer than Debian's sys/prctl.h)
#ifndef PR_PAC_SET_ENABLED_KEYS
#define PR_PAC_SET_ENABLED_KEYS 60
#define PR_PAC_GET_ENABLED_KEYS 61
#endif
#ifndef PR_SME_SET_VL
#define PR_SME_SET_VL 63
#define PR_SME_GET_VL 64
#endif
#ifndef PR_SET_VMA
#define PR_SET_VMA 0x53564d41
#endif
#ifndef PR_MTE_TAG_SHIFT
#define PR_MTE_TAG_SHIFT 3
#endif

namespace wiretrace {

namespace {
constexpr uint64_t kVlLenMask = 0xffff;  // PR_SVE_VL_LEN_MASK, PR_SME_VL_LEN_MASK

// The remaining arguments from `first` (0-based) in hex.
void rest_hex(Call &c, int first) {
    for (int i = first; i < 5; i++) {
        c.sep();
        c.hex(c.arg(i));
    }
}

void hex_result(Call &c, const std::string &note) {
    char b[24];
    std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(c.ret()));
    c.result_text() = note.empty() ? std::string(b) : std::string(b) + " (" + note + ")";
}

void named_result(Call &c, const Xlat &x) {
    if (const char *n = xlat_name(x, static_cast<uint64_t>(c.ret())))
        c.result_text() = std::to_string(c.ret()) + " (" + n + ")";
}

// An SVE/SME vector length argument: FLAGS|0xlen (for a return value, nothing when no flag is
// set).
std::string vl_text(Call &c, const Xlat &flags_x, uint64_t v, bool result) {
    const int style = c.options().xlat_style;
    char b[128];
    if (style == kXlatRaw) {
        if (result) return {};
        std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(v));
        return b;
    }
    const uint64_t len = v & kVlLenMask, flags = v & ~kVlLenMask;
    if (!flags && result) return {};
    std::string names;
    if (flags) {
        DecodeOptions plain = c.options();
        plain.xlat_style = kXlatAbbrev;
        Call n(c.mem(), plain, names);
        n.flags_of({&flags_x}, flags, "0", nullptr);
        names += '|';
    }
    if (!result && flags && style == kXlatVerbose)
        std::snprintf(b, sizeof b, "%#llx /* %s%#llx */", static_cast<unsigned long long>(v), names.c_str(),
                      static_cast<unsigned long long>(len));
    else
        std::snprintf(b, sizeof b, "%s%#llx", names.c_str(), static_cast<unsigned long long>(len));
    return b;
}

// The tagged address control word: enable bit, MTE fault mode, tag mask, the rest.
std::string tagged_addr_text(Call &c, uint64_t v, bool result) {
    const int style = c.options().xlat_style;
    const uint64_t enabled = v & PR_TAGGED_ADDR_ENABLE, tcf = v & PR_MTE_TCF_MASK, tag = v & PR_MTE_TAG_MASK;
    const uint64_t rest = v & ~(uint64_t{PR_TAGGED_ADDR_ENABLE} | PR_MTE_TCF_MASK | PR_MTE_TAG_MASK);
    std::string out;
    char b[64];
    if (!result && style != kXlatAbbrev) {
        std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(v));
        out += b;
    }
    if (style == kXlatRaw) return result ? std::string() : out;
    if (!result && style == kXlatVerbose) out += " /* ";
    out += enabled ? "PR_TAGGED_ADDR_ENABLE|" : "!PR_TAGGED_ADDR_ENABLE|";
    if (const char *n = xlat_name(xlat_pr_tagged_addr_mte_tcf, tcf)) {
        out += n;
    } else {
        std::snprintf(b, sizeof b, "%#llx", static_cast<unsigned long long>(tcf));
        out += b;
    }
    if (tag) {
        std::snprintf(b, sizeof b, "|%#llx<<PR_MTE_TAG_SHIFT",
                      static_cast<unsigned long long>(tag >> PR_MTE_TAG_SHIFT));
        out += b;
    }
    if (rest) {
        std::snprintf(b, sizeof b, "|%#llx", static_cast<unsigned long long>(rest));
        out += b;
    }
    if (!result && style == kXlatVerbose) out += " */";
    return out;
}

}  // namespace

void decode_prctl(Call &c) {
    const unsigned op = static_cast<unsigned>(c.arg(0));
    const uint64_t arg2 = c.arg(1), arg3 = c.arg(2), arg4 = c.arg(3), arg5 = c.arg(4);
    const bool in = c.entering();
    if (in) c.enum_val(xlat_prctl_options, op, "%#llx /* PR_??? */");
    switch (op) {
        case PR_GET_KEEPCAPS:
        case PR_GET_SECCOMP:
        case PR_GET_TIMERSLACK:
        case PR_GET_TIMING:
        case PR_TASK_PERF_EVENTS_DISABLE:
        case PR_TASK_PERF_EVENTS_ENABLE:
            return;
        case PR_GET_CHILD_SUBREAPER:
        case PR_GET_ENDIAN:
        case PR_GET_FPEMU:
        case PR_GET_FPEXC:
            if (in) return c.sep();
            return print_num_at<uint32_t>(c, arg2);
        case PR_GET_DUMPABLE:
            if (!in && !c.failed()) named_result(c, xlat_dumpable);
            return;
        case PR_GET_NAME:
            if (in) return c.sep();
            if (c.failed()) return c.ptr(arg2);
            c.bounded_cstring(arg2, 16);
            return;
        case PR_GET_PDEATHSIG:
            if (in) return c.sep();
            return print_int_at(c, arg2, true);
        case PR_GET_SECUREBITS:
            if (!in && !c.failed() && c.ret() != 0) hex_result(c, result_flags_note(c, xlat_secbits, c.ret()));
            return;
        case PR_GET_TID_ADDRESS:
            if (in) return c.sep();
            {
                uint64_t v;
                if (!c.fetch(arg2, v)) return;
                c.str("[");
                c.ptr(v);
                c.str("]");
            }
            return;
        case PR_GET_TSC:
            if (in) return c.sep();
            {
                uint32_t v;
                if (!c.fetch(arg2, v)) return;
                c.str("[");
                c.enum_val(xlat_pr_tsc, v, "%#llx /* PR_TSC_??? */");
                c.str("]");
            }
            return;
        case PR_GET_UNALIGN:
            if (in) return c.sep();
            {
                uint32_t v;
                if (!c.fetch(arg2, v)) return;
                c.str("[");
                c.flags_of({&xlat_pr_unalign_flags}, v, "0", "PR_UNALIGN_???");
                c.str("]");
            }
            return;
        case PR_GET_FP_MODE:
            if (!in && !c.failed() && c.ret() != 0) hex_result(c, result_flags_note(c, xlat_pr_fp_mode, c.ret()));
            return;
        case PR_SVE_SET_VL:
        case PR_SME_SET_VL:
        case PR_SVE_GET_VL:
        case PR_SME_GET_VL: {
            const Xlat &x = (op == PR_SVE_SET_VL || op == PR_SVE_GET_VL) ? xlat_pr_sve_vl_flags : xlat_pr_sme_vl_flags;
            if (in) {
                if (op == PR_SVE_SET_VL || op == PR_SME_SET_VL) {
                    c.sep();
                    c.str(vl_text(c, x, arg2, false));
                }
                return;
            }
            if (c.failed() || c.ret() == 0) return;
            hex_result(c, vl_text(c, x, static_cast<uint64_t>(c.ret()), true));
            return;
        }
        case PR_GET_SPECULATION_CTRL:
            if (in) {
                c.sep();
                c.enum_val(xlat_pr_spec_cmds, arg2, "%#llx /* PR_SPEC_??? */");
                return;
            }
            if (c.failed()) return;
            if (arg2 <= 2) hex_result(c, result_flags_note(c, xlat_pr_spec_get_store_bypass_flags, c.ret()));
            return;
        case PR_SET_TAGGED_ADDR_CTRL:
            if (!in) return;
            c.sep();
            c.str(tagged_addr_text(c, arg2, false));
            return rest_hex(c, 2);
        case PR_GET_TAGGED_ADDR_CTRL:
            if (in) return rest_hex(c, 1);
            if (!c.failed()) hex_result(c, tagged_addr_text(c, static_cast<uint64_t>(c.ret()), true));
            return;
        default:
            break;
    }
    if (!in) {
        switch (op) {
            case PR_MCE_KILL_GET:
                if (!c.failed()) named_result(c, xlat_pr_mce_kill_policy);
                break;
            case PR_PAC_GET_ENABLED_KEYS:
                if (!c.failed()) hex_result(c, result_flags_note(c, xlat_pr_pac_enabled_keys, c.ret()));
                break;
            case PR_SCHED_CORE:
                if (static_cast<unsigned>(arg2) != PR_SCHED_CORE_GET) break;
                if (c.failed()) {
                    c.ptr(arg5);
                } else {
                    uint64_t cookie;
                    if (c.fetch(arg5, cookie)) {
                        c.str("[");
                        c.hex(cookie);
                        c.str("]");
                    }
                }
                break;
        }
        return;
    }
    switch (op) {
        case PR_SET_CHILD_SUBREAPER:
        case PR_SET_ENDIAN:
        case PR_SET_FPEMU:
        case PR_SET_FPEXC:
        case PR_SET_KEEPCAPS:
        case PR_SET_TIMING:
            c.sep();
            c.udec(arg2);
            return;
        case PR_SET_DUMPABLE:
            c.sep();
            c.enum_val(xlat_dumpable, arg2, "%#llx /* SUID_DUMP_??? */");
            return;
        case PR_CAPBSET_DROP:
        case PR_CAPBSET_READ:
            c.sep();
            c.enum_val(xlat_capabilities, arg2, "%#llx /* CAP_??? */");
            return;
        case PR_CAP_AMBIENT:
            c.sep();
            c.enum_val(xlat_pr_cap_ambient, arg2, "%#llx /* PR_CAP_AMBIENT_??? */");
            if (arg2 == PR_CAP_AMBIENT_RAISE || arg2 == PR_CAP_AMBIENT_LOWER || arg2 == PR_CAP_AMBIENT_IS_SET) {
                c.sep();
                c.enum_val(xlat_capabilities, arg3, "%#llx /* CAP_??? */");
                return rest_hex(c, 3);
            }
            return rest_hex(c, 2);
        case PR_MCE_KILL:
            c.sep();
            c.enum_val(xlat_pr_mce_kill, arg2, "%#llx /* PR_MCE_KILL_??? */");
            c.sep();
            if (arg2 == PR_MCE_KILL_SET)
                c.enum_val(xlat_pr_mce_kill_policy, arg3, "%#llx /* PR_MCE_KILL_??? */");
            else
                c.hex(arg3);
            return rest_hex(c, 3);
        case PR_SET_NAME:
            c.sep();
            c.bounded_cstring(arg2, 15);
            return;
        case PR_SET_VMA:
            c.sep();
            c.enum_val(xlat_pr_set_vma, arg2, "%#llx /* PR_SET_VMA_??? */");
            if (arg2 != 0) return rest_hex(c, 2);  // (PR_SET_VMA_ANON_NAME is the only one)
            c.sep();
            c.ptr(arg3);
            c.sep();
            c.udec(arg4);
            c.sep();
            c.cstring(arg5, true);
            return;
        case PR_SET_MM:
            c.sep();
            c.enum_val(xlat_pr_set_mm, static_cast<uint32_t>(arg2), "%#llx /* PR_SET_MM_??? */");
            return rest_hex(c, 2);
        case PR_SET_PDEATHSIG:
            c.sep();
            if (arg2 > 128)
                c.udec(arg2);
            else
                c.signame(static_cast<int>(arg2));
            return;
        case PR_SET_PTRACER:
            c.sep();
            if (static_cast<int>(arg2) == -1) {
                const int style = c.options().xlat_style;
                if (style != kXlatAbbrev) c.str("-1");
                if (style == kXlatVerbose) c.str(" /* PR_SET_PTRACER_ANY */");
                if (style == kXlatAbbrev) c.str("PR_SET_PTRACER_ANY");
            } else {
                c.pid(static_cast<int>(arg2), PidType::Tgid);
            }
            return;
        case PR_SET_SECCOMP:
            c.sep();
            c.enum_val(xlat_seccomp_mode, arg2, "%#llx /* SECCOMP_MODE_??? */");
            if (arg2 == 1) return;  // SECCOMP_MODE_STRICT
            if (arg2 == 2) {        // SECCOMP_MODE_FILTER
                c.sep();
                return print_seccomp_fprog(c, arg3);
            }
            return rest_hex(c, 2);
        case PR_SET_SECUREBITS:
            c.sep();
            c.flags_of({&xlat_secbits}, arg2, "0", "SECBIT_???");
            return;
        case PR_SET_TIMERSLACK:
            c.sep();
            c.dec(static_cast<int64_t>(arg2));
            return;
        case PR_SET_TSC:
            c.sep();
            c.enum_val(xlat_pr_tsc, static_cast<uint32_t>(arg2), "%#llx /* PR_TSC_??? */");
            return;
        case PR_SET_UNALIGN:
            c.sep();
            c.flags_of({&xlat_pr_unalign_flags}, static_cast<uint32_t>(arg2), "0", "PR_UNALIGN_???");
            return;
        case PR_SET_NO_NEW_PRIVS:
        case PR_SET_THP_DISABLE:
        case PR_SET_IO_FLUSHER:
            c.sep();
            c.udec(arg2);
            return rest_hex(c, 2);
        case PR_MCE_KILL_GET:
        case PR_PAC_GET_ENABLED_KEYS:
            return rest_hex(c, 1);
        case PR_SET_FP_MODE:
            c.sep();
            c.flags_of({&xlat_pr_fp_mode}, static_cast<uint32_t>(arg2), "0", "PR_FP_MODE_???");
            return;
        case PR_SET_SPECULATION_CTRL:
            c.sep();
            c.enum_val(xlat_pr_spec_cmds, arg2, "%#llx /* PR_SPEC_??? */");
            c.sep();
            if (arg2 <= 2)
                c.enum_val(xlat_pr_spec_set_store_bypass_flags, arg3, "%#llx /* PR_SPEC_??? */");
            else
                c.hex(arg3);
            return;
        case PR_PAC_RESET_KEYS:
            c.sep();
            c.flags_of({&xlat_pr_pac_enabled_keys, &xlat_pr_pac_keys}, arg2, "0", "PR_PAC_???");
            return rest_hex(c, 2);
        case PR_PAC_SET_ENABLED_KEYS:
            c.sep();
            c.flags_of({&xlat_pr_pac_enabled_keys}, arg2, "0", "PR_PAC_???");
            c.sep();
            c.flags_of({&xlat_pr_pac_enabled_keys}, arg3, "0", "PR_PAC_???");
            return rest_hex(c, 3);
        case PR_SET_SYSCALL_USER_DISPATCH:
            c.sep();
            c.enum_val(xlat_pr_sud_cmds, arg2, "%#llx /* PR_SYS_DISPATCH_??? */");
            c.sep();
            c.hex(arg3);
            c.sep();
            c.hex(arg4);
            c.sep();
            c.ptr(arg5);
            return;
        case PR_SCHED_CORE: {
            c.sep();
            c.enum_val(xlat_pr_sched_core_cmds, static_cast<uint32_t>(arg2), "%#llx /* PR_SCHED_CORE_??? */");
            c.sep();
            const unsigned type = static_cast<unsigned>(arg4);
            if (type <= 3)
                c.pid(static_cast<int>(arg3), type == 0   ? PidType::Tid
                                              : type == 1 ? PidType::Tgid
                                              : type == 2 ? PidType::Pgid
                                                          : PidType::Sid);
            else
                c.dec(static_cast<int>(arg3));
            c.sep();
            // the pid types are kernel-internal: named in the verbose style
            c.with_xlat_style(c.options().xlat_style == kXlatRaw ? kXlatRaw : kXlatVerbose, [&](Call &v) {
                v.enum_val(xlat_pr_sched_core_pidtypes, type, "%#llx /* PIDTYPE_??? */");
            });
            c.sep();
            if (static_cast<unsigned>(arg2) != PR_SCHED_CORE_GET) c.ptr(arg5);
            return;
        }
        default:
            return rest_hex(c, 1);
    }
}

}  // namespace wiretrace
