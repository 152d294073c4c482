// Infrared remote control devices ('i', linux/lirc.h): features, modes and the numeric settings
// through a pointer, as strace's lirc_ioctl.c.
#include <linux/ioctl.h>
#include <linux/lirc.h>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

IoctlArg lirc_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case LIRC_GET_FEATURES:
        case LIRC_GET_SEND_MODE:
        case LIRC_GET_REC_MODE:
        case LIRC_GET_REC_RESOLUTION:
        case LIRC_GET_MIN_TIMEOUT:
        case LIRC_GET_MAX_TIMEOUT:
        case LIRC_GET_LENGTH:
        case LIRC_SET_SEND_MODE:
        case LIRC_SET_REC_MODE:
        case LIRC_SET_SEND_CARRIER:
        case LIRC_SET_REC_CARRIER:
        case LIRC_SET_SEND_DUTY_CYCLE:
        case LIRC_SET_TRANSMITTER_MASK:
        case LIRC_SET_REC_TIMEOUT:
        case LIRC_SET_REC_TIMEOUT_REPORTS:
        case LIRC_SET_MEASURE_CARRIER_MODE:
        case LIRC_SET_REC_CARRIER_RANGE:
        case LIRC_SET_WIDEBAND_RECEIVER:
        case LIRC_GET_REC_TIMEOUT:
            break;
        default:
            return IoctlArg::Generic;
    }
    if (shown_at_exit(c, _IOC_DIR(code) == _IOC_READ)) return IoctlArg::AtExit;
    unsigned v;
    if (!c.fetch(arg, v)) return IoctlArg::Done;
    c.str("[");
    switch (code) {
        case LIRC_GET_FEATURES:
            c.flags_of({&xlat_lirc_features}, v, "0", "LIRC_CAN_???");
            break;
        case LIRC_GET_SEND_MODE:
        case LIRC_GET_REC_MODE:
        case LIRC_SET_SEND_MODE:
        case LIRC_SET_REC_MODE:
            c.enum_val(xlat_lirc_modes, v, "%#llx /* LIRC_MODE_??? */");
            break;
        case LIRC_SET_TRANSMITTER_MASK:
            c.hex(v);
            break;
        default:
            c.udec(v);
    }
    c.str("]");
    return IoctlArg::Done;
}

}  // namespace wiretrace
