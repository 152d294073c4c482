// perf event requests ('$', linux/perf_event.h): group flags, counts, descriptors, the filter
// string, the BPF programs attached (QUERY_BPF) and a new perf_event_attr (MODIFY_ATTRIBUTES).
#include <linux/perf_event.h>

#include <cstddef>

#include "decode/ioctl/ioctl.h"
#include "decode/perf.h"

namespace wiretrace {

IoctlArg perf_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case PERF_EVENT_IOC_ENABLE:
        case PERF_EVENT_IOC_DISABLE:
        case PERF_EVENT_IOC_RESET:
            c.sep();
            c.flags_of({&xlat_perf_ioctl_flags}, static_cast<uint32_t>(arg), "0", "PERF_IOC_FLAG_???");
            return IoctlArg::Done;
        case PERF_EVENT_IOC_REFRESH:
            c.sep();
            c.dec(static_cast<int>(arg));
            return IoctlArg::Done;
        case PERF_EVENT_IOC_PERIOD:
            c.sep();
            print_num_at<uint64_t>(c, arg);
            return IoctlArg::Done;
        case PERF_EVENT_IOC_SET_OUTPUT:
        case PERF_EVENT_IOC_SET_BPF:
            c.sep();
            c.fd(static_cast<int>(arg));
            return IoctlArg::Done;
        case PERF_EVENT_IOC_PAUSE_OUTPUT:
            c.sep();
            c.udec(arg);
            return IoctlArg::Done;
        case PERF_EVENT_IOC_SET_FILTER:
            c.sep();
            c.cstring(arg, true);
            return IoctlArg::Done;
        case PERF_EVENT_IOC_ID:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            print_num_at<uint64_t>(c, arg);
            return IoctlArg::Done;
        case PERF_EVENT_IOC_QUERY_BPF: {
            if (c.entering()) {
                c.sep();
                uint32_t ids_len;
                if (!c.fetch(arg, ids_len)) return IoctlArg::Done;
                c.str("{ids_len=");
                c.udec(ids_len);
                c.str(", ");
                return IoctlArg::AtExit;
            }
            uint32_t count;
            if (c.failed() || !c.mem().read_obj(RemoteAddr(arg + offsetof(perf_event_query_bpf, prog_cnt)), count)) {
                c.str("...}");
                return IoctlArg::Done;
            }
            c.str("prog_cnt=");
            c.udec(count);
            c.str(", ids=");
            c.array<uint32_t>(arg + offsetof(perf_event_query_bpf, ids), count, [&](uint32_t id) {
                c.udec(id);
                return true;
            });
            c.str("}");
            return IoctlArg::Done;
        }
        case PERF_EVENT_IOC_MODIFY_ATTRIBUTES: {
            c.sep();
            std::string attr;
            if (fetch_perf_event_attr(c, arg, attr)) print_perf_event_attr(c, arg, attr);
            return IoctlArg::Done;
        }
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
