// Counter devices ('>', linux/counter.h): watches added (component, event, channel) and event
// switches, as strace's counter_ioctl.c.
#include <linux/counter.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void watch(Call &c, uint64_t addr) {
    counter_watch w;
    if (!c.fetch(addr, w)) return;
    c.str("{component={type=");
    c.enum_val(xlat_counter_ioctl_component_types, w.component.type, "%#llx /* COUNTER_COMPONENT_??? */");
    c.str(", scope=");
    c.enum_val(xlat_counter_ioctl_scopes, w.component.scope, "%#llx /* COUNTER_SCOPE_??? */");
    c.str(", parent=");
    c.udec(w.component.parent);
    c.str(", id=");
    c.udec(w.component.id);
    c.str("}, event=");
    c.enum_val(xlat_counter_ioctl_event_types, w.event, "%#llx /* COUNTER_EVENT_??? */");
    c.str(", channel=");
    c.udec(w.channel);
    c.str("}");
}
}  // namespace

IoctlArg counter_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case COUNTER_ADD_WATCH_IOCTL:
            c.sep();
            watch(c, arg);
            return IoctlArg::Done;
        case COUNTER_ENABLE_EVENTS_IOCTL:
        case COUNTER_DISABLE_EVENTS_IOCTL:
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
