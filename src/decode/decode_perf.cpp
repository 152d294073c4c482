// perf_event_open(2) and struct perf_event_attr as strace prints it (also for
// PERF_EVENT_IOC_MODIFY_ATTRIBUTES): the structure is read at entry - only as far as the size it
// declares, and under -v's abbreviation only its first part - and shown at exit, when a kernel
// that found it too big (E2BIG) has written the size it wants.
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>

#include <cstddef>
#include <cstdio>
#include <cstring>

#include "decode/decoder.h"
#include "decode/perf.h"

namespace wiretrace {

bool fetch_perf_event_attr(Call &c, uint64_t addr, std::string &into) {
    uint32_t size;
    if (!c.mem().read_obj(RemoteAddr(addr + offsetof(perf_event_attr, size)), size)) {
        c.ptr(addr);
        return false;
    }
    if (size > sizeof(perf_event_attr)) size = sizeof(perf_event_attr);
    if (!size) size = PERF_ATTR_SIZE_VER0;
    if (size < PERF_ATTR_SIZE_VER0) {  // (the kernel refuses these too)
        c.ptr(addr);
        return false;
    }
    if (c.options().abbrev) size = offsetof(perf_event_attr, wakeup_events);
    into.assign(sizeof(perf_event_attr), '\0');
    if (!c.mem().read_exact(RemoteAddr(addr), into.data(), size)) {
        c.ptr(addr);
        return false;
    }
    into.append(reinterpret_cast<const char *>(&size), sizeof size);
    return true;
}

void print_perf_event_attr(Call &c, uint64_t addr, const std::string &fetched) {
    perf_event_attr a;
    uint32_t size;
    std::memcpy(&a, fetched.data(), sizeof a);
    std::memcpy(&size, fetched.data() + sizeof a, sizeof size);
    auto present = [&](size_t offset) { return offset < size; };

    c.str("{type=");
    c.enum_val(xlat_perf_type_id, a.type, "%#llx /* PERF_TYPE_??? */");
    c.str(", size=");
    c.enum_val(xlat_perf_attr_size, a.size, "%#llx /* PERF_ATTR_SIZE_??? */");
    if (c.exiting() && c.failed() && -c.ret() == E2BIG) {  // the size the kernel wants
        uint32_t wanted;
        c.str(" => ");
        if (c.mem().read_obj(RemoteAddr(addr + offsetof(perf_event_attr, size)), wanted))
            c.enum_val(xlat_perf_attr_size, wanted, "%#llx /* PERF_ATTR_SIZE_??? */");
        else
            c.str("???");
    }
    c.str(", config=");
    auto pmu_then = [&](uint64_t high, unsigned shift) {
        if (!high) return;
        c.hex(high);
        c.str("<<");
        c.udec(shift);
        c.str("|");
    };
    switch (a.type) {
        case PERF_TYPE_HARDWARE:  // PMU type << 32 | event
            pmu_then(a.config >> 32, 32);
            c.enum_val(xlat_perf_hw_id, a.config & PERF_HW_EVENT_MASK, "%#llx /* PERF_COUNT_HW_??? */");
            break;
        case PERF_TYPE_SOFTWARE:
            c.enum_val(xlat_perf_sw_ids, a.config, "%#llx /* PERF_COUNT_SW_??? */");
            break;
        case PERF_TYPE_TRACEPOINT:
            c.udec(a.config);
            break;
        case PERF_TYPE_HW_CACHE:  // PMU type << 32 | result << 16 | op << 8 | cache
            pmu_then(a.config >> 32, 32);
            pmu_then((a.config & PERF_HW_EVENT_MASK) >> 24, 24);
            c.enum_val(xlat_perf_hw_cache_op_result_id, (a.config >> 16) & 0xff,
                       "%#llx /* PERF_COUNT_HW_CACHE_RESULT_??? */");
            c.str("<<16|");
            c.enum_val(xlat_perf_hw_cache_op_id, (a.config >> 8) & 0xff, "%#llx /* PERF_COUNT_HW_CACHE_OP_??? */");
            c.str("<<8|");
            c.enum_val(xlat_perf_hw_cache_id, a.config & 0xff, "%#llx /* PERF_COUNT_HW_CACHE_??? */");
            break;
        default:
            c.hex(a.config);
            break;
    }
    c.str(a.freq ? ", sample_freq=" : ", sample_period=");
    c.udec(a.sample_period);
    c.str(", sample_type=");
    c.flags_of({&xlat_perf_event_sample_format}, a.sample_type, "0", "PERF_SAMPLE_???");
    c.str(", read_format=");
    c.flags_of({&xlat_perf_event_read_format}, a.read_format, "0", "PERF_FORMAT_???");

    const bool all = !c.options().abbrev;
    auto flag = [&](const char *name, unsigned v) {
        if (!all && !v) return;
        c.str(", ");
        c.str(name);
        c.str("=");
        c.udec(v);
    };
    flag("disabled", a.disabled);
    flag("inherit", a.inherit);
    flag("pinned", a.pinned);
    flag("exclusive", a.exclusive);
    flag("exclude_user", a.exclude_user);
    flag("exclude_kernel", a.exclude_kernel);
    flag("exclude_hv", a.exclude_hv);
    flag("exclude_idle", a.exclude_idle);
    flag("mmap", a.mmap);
    flag("comm", a.comm);
    flag("freq", a.freq);
    flag("inherit_stat", a.inherit_stat);
    flag("enable_on_exec", a.enable_on_exec);
    flag("task", a.task);
    flag("watermark", a.watermark);
    static const char *const skid[] = {"arbitrary skid", "constant skid", "requested to have 0 skid",
                                       "must have 0 skid"};
    c.str(", precise_ip=");
    c.udec(a.precise_ip);
    c.str(" /* ");
    c.str(skid[a.precise_ip]);
    c.str(" */");
    flag("mmap_data", a.mmap_data);
    flag("sample_id_all", a.sample_id_all);
    flag("exclude_host", a.exclude_host);
    flag("exclude_guest", a.exclude_guest);
    flag("exclude_callchain_kernel", a.exclude_callchain_kernel);
    flag("exclude_callchain_user", a.exclude_callchain_user);
    flag("mmap2", a.mmap2);
    flag("comm_exec", a.comm_exec);
    flag("use_clockid", a.use_clockid);
    flag("context_switch", a.context_switch);
    flag("write_backward", a.write_backward);
    flag("namespaces", a.namespaces);
    flag("ksymbol", a.ksymbol);
    flag("bpf_event", a.bpf_event);
    flag("aux_output", a.aux_output);
    flag("cgroup", a.cgroup);
    flag("text_poke", a.text_poke);
    flag("build_id", a.build_id);
    flag("inherit_thread", a.inherit_thread);
    flag("remove_on_exec", a.remove_on_exec);
    flag("sigtrap", a.sigtrap);
    if (a.__reserved_1) {  // bits this decoder does not know
        c.str(", __reserved_1=");
        c.hex(a.__reserved_1);
        c.str(" /* Bits 63..38 */");
    }
    [&] {
        if (!all) return;
        const bool bp = a.type == PERF_TYPE_BREAKPOINT;
        c.str(a.watermark ? ", wakeup_watermark=" : ", wakeup_events=");
        c.udec(a.wakeup_events);
        if (bp) {
            c.str(", bp_type=");
            c.enum_val(xlat_hw_breakpoint_type, a.bp_type,
                       a.bp_type <= (HW_BREAKPOINT_X | HW_BREAKPOINT_RW) ? "%#llx /* HW_BREAKPOINT_INVALID */"
                                                                         : "%#llx /* HW_BREAKPOINT_??? */");
        }
        c.str(bp ? ", bp_addr=" : ", config1=");
        c.hex(a.config1);
        // the fields after config1 are there only when the declared size covers them
        if (!present(offsetof(perf_event_attr, bp_len))) return;
        if (bp) {
            c.str(", bp_len=");
            c.udec(a.bp_len);
        } else {
            c.str(", config2=");
            c.hex(a.config2);
        }
        if (!present(offsetof(perf_event_attr, branch_sample_type))) return;
        if (a.sample_type & PERF_SAMPLE_BRANCH_STACK) {
            c.str(", branch_sample_type=");
            c.flags_of({&xlat_perf_branch_sample_type}, a.branch_sample_type, "0", "PERF_SAMPLE_BRANCH_???");
        }
        if (!present(offsetof(perf_event_attr, sample_regs_user))) return;
        c.str(", sample_regs_user=");
        c.hex(a.sample_regs_user);
        if (!present(offsetof(perf_event_attr, sample_stack_user))) return;
        if (a.sample_type & PERF_SAMPLE_STACK_USER) {
            c.str(", sample_stack_user=");
            c.hex(a.sample_stack_user);
        }
        if (a.use_clockid) {
            if (!present(offsetof(perf_event_attr, clockid))) return;
            c.str(", clockid=");
            c.enum_val(xlat_clocks, static_cast<uint32_t>(a.clockid), "%#llx /* CLOCK_??? */");
        }
        if (!present(offsetof(perf_event_attr, sample_regs_intr))) return;
        c.str(", sample_regs_intr=");
        c.hex(a.sample_regs_intr);
        if (!present(offsetof(perf_event_attr, aux_watermark))) return;
        c.str(", aux_watermark=");
        c.udec(a.aux_watermark);
        if (!present(offsetof(perf_event_attr, sample_max_stack))) return;
        c.str(", sample_max_stack=");
        c.udec(a.sample_max_stack);
        char note[48];
        if (!present(offsetof(perf_event_attr, __reserved_2))) return;
        if (a.__reserved_2) {
            std::snprintf(note, sizeof note, " /* bytes 110..111: %#hx */", a.__reserved_2);
            c.str(note);
        }
        if (!present(offsetof(perf_event_attr, aux_sample_size))) return;
        c.str(", aux_sample_size=");
        c.udec(a.aux_sample_size);
        if (!present(offsetof(perf_event_attr, __reserved_3))) return;
        if (a.__reserved_3) {
            std::snprintf(note, sizeof note, " /* bytes 116..119: %#x */", a.__reserved_3);
            c.str(note);
        }
        if (!present(offsetof(perf_event_attr, sig_data))) return;
        c.str(", sig_data=");
        c.hex(a.sig_data);
    }();
    if ((a.size && a.size > size) || (!a.size && size < PERF_ATTR_SIZE_VER0)) c.str(", ...");
    c.str("}");
}

void decode_perf_event_open(Call &c) {
    if (c.entering()) {
        c.saved().clear();
        if (!c.by_address(c.arg(0)) && fetch_perf_event_attr(c, c.arg(0), c.saved())) return;  // shown at exit
        c.saved().clear();
    } else if (!c.saved().empty()) {
        print_perf_event_attr(c, c.arg(0), c.saved());
    } else {
        return;  // (everything was shown at entry)
    }
    c.sep();
    c.dec(static_cast<int>(c.arg(1)));
    c.sep();
    c.dec(static_cast<int>(c.arg(2)));
    c.sep();
    c.fd(static_cast<int>(c.arg(3)));
    c.sep();
    c.flags_of({&xlat_perf_event_open_flags}, c.arg(4), "0", "PERF_FLAG_???");
    c.set_result_fd();
}

}  // namespace wiretrace
