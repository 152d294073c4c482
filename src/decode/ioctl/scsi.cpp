// SCSI generic requests (0x22, scsi/sg.h): SG_IO in its v3 (sg_io_hdr, 'S') and v4 (bsg's
// sg_io_v4, 'Q') forms - the request at entry, the response at exit, even after a failure (the
// structure is read again) - the device and request table queries, resets, and the integer
// settings.
#include <linux/bsg.h>
#include <scsi/sg.h>

#include <cstddef>
#include <cstring>

#include "decode/ioctl/ioctl.h"

// (newer than glibc's scsi/sg.h)
#ifndef SG_SCSI_RESET_NO_ESCALATE
#define SG_SCSI_RESET_NO_ESCALATE 0x100
#endif
#ifndef SG_GET_ACCESS_COUNT
#define SG_GET_ACCESS_COUNT 0x2289
#endif

namespace wiretrace {

namespace {
// A data buffer: the iovecs when it is scattered, else the bytes in hex.
void sg_buffer(Call &c, uint64_t addr, uint32_t size, uint32_t iovec_count) {
    if (iovec_count)
        print_iov(c, addr, iovec_count, size);
    else
        c.hex_buffer(addr, size);
}

void v3_request(Call &c, uint64_t arg) {
    c.str("{interface_id='S', ");
    sg_io_hdr h;
    const size_t skip = offsetof(sg_io_hdr, dxfer_direction);
    if (!c.mem().read_exact(RemoteAddr(arg + skip), reinterpret_cast<char *>(&h) + skip, sizeof h - skip)) {
        c.ptr(arg + skip);
        c.str("}");
        c.aux() = 0;
        return;
    }
    c.str("dxfer_direction=");
    c.enum_val(xlat_sg_io_dxfer_direction, static_cast<uint32_t>(h.dxfer_direction), "%#llx /* SG_DXFER_??? */");
    c.str(", cmd_len=");
    c.udec(h.cmd_len);
    c.str(", cmdp=");
    sg_buffer(c, reinterpret_cast<uint64_t>(h.cmdp), h.cmd_len, 0);
    c.str(", mx_sb_len=");
    c.udec(h.mx_sb_len);
    c.str(", iovec_count=");
    c.udec(h.iovec_count);
    c.str(", dxfer_len=");
    c.udec(h.dxfer_len);
    c.str(", timeout=");
    c.udec(h.timeout);
    c.str(", flags=");
    c.flags_of({&xlat_sg_io_flags}, h.flags, "0", "SG_FLAG_???");
    if (h.dxfer_direction == SG_DXFER_TO_DEV || h.dxfer_direction == SG_DXFER_TO_FROM_DEV) {
        c.str(", dxferp=");
        sg_buffer(c, reinterpret_cast<uint64_t>(h.dxferp), h.dxfer_len, h.iovec_count);
    }
    // what the exit needs of the request: its direction and the buffers' addresses
    std::string &saved = c.saved();
    saved.assign(reinterpret_cast<const char *>(&h), sizeof h);
}

void v3_response(Call &c, uint64_t arg) {
    sg_io_hdr at_entry, h;
    std::memcpy(&at_entry, c.saved().data(), sizeof at_entry);
    if (!c.mem().read_obj(RemoteAddr(arg), h)) {  // the i/o fields as they were at entry
        if (at_entry.dxfer_direction == SG_DXFER_FROM_DEV) {
            c.str(", dxferp=");
            c.ptr(reinterpret_cast<uint64_t>(at_entry.dxferp));
        }
        c.str(", sbp=");
        c.ptr(reinterpret_cast<uint64_t>(at_entry.sbp));
        return;
    }
    if (h.interface_id != 'S') {
        c.str(" => interface_id=");
        c.udec(static_cast<uint32_t>(h.interface_id));
        return;
    }
    if (h.dxfer_direction == SG_DXFER_FROM_DEV || h.dxfer_direction == SG_DXFER_TO_FROM_DEV) {
        uint32_t din_len = h.dxfer_len;
        if (h.resid > 0 && static_cast<unsigned>(h.resid) <= din_len) din_len -= static_cast<unsigned>(h.resid);
        bool show = true;
        if (h.dxfer_direction == SG_DXFER_FROM_DEV)
            c.str(", dxferp=");
        else if (din_len)
            c.str(" => dxferp=");
        else
            show = false;
        if (show) sg_buffer(c, reinterpret_cast<uint64_t>(h.dxferp), din_len, h.iovec_count);
    }
    c.str(", status=");
    c.hex(h.status);
    c.str(", masked_status=");
    c.hex(h.masked_status);
    c.str(", msg_status=");
    c.hex(h.msg_status);
    c.str(", sb_len_wr=");
    c.udec(h.sb_len_wr);
    c.str(", sbp=");
    sg_buffer(c, reinterpret_cast<uint64_t>(h.sbp), h.sb_len_wr, 0);
    c.str(", host_status=");
    c.hex(h.host_status);
    c.str(", driver_status=");
    c.hex(h.driver_status);
    c.str(", resid=");
    c.dec(h.resid);
    c.str(", duration=");
    c.udec(h.duration);
    c.str(", info=");
    c.flags_of({&xlat_sg_io_info}, h.info, "0", "SG_INFO_???");
}

void v4_request(Call &c, uint64_t arg) {
    c.str("{guard='Q', ");
    sg_io_v4 h;
    const size_t skip = offsetof(sg_io_v4, protocol);
    if (!c.mem().read_exact(RemoteAddr(arg + skip), reinterpret_cast<char *>(&h) + skip, sizeof h - skip)) {
        c.ptr(arg + skip);
        c.str("}");
        c.aux() = 0;
        return;
    }
    c.str("protocol=");
    c.enum_val(xlat_bsg_protocol, h.protocol, "%#llx /* BSG_PROTOCOL_??? */");
    c.str(", subprotocol=");
    c.enum_val(xlat_bsg_subprotocol, h.subprotocol, "%#llx /* BSG_SUB_PROTOCOL_??? */");
    c.str(", request_len=");
    c.udec(h.request_len);
    c.str(", request=");
    sg_buffer(c, h.request, h.request_len, 0);
    c.str(", request_tag=");
    c.hex(h.request_tag);
    c.str(", request_attr=");
    c.udec(h.request_attr);
    c.str(", request_priority=");
    c.udec(h.request_priority);
    c.str(", request_extra=");
    c.udec(h.request_extra);
    c.str(", max_response_len=");
    c.udec(h.max_response_len);
    c.str(", dout_iovec_count=");
    c.udec(h.dout_iovec_count);
    c.str(", dout_xfer_len=");
    c.udec(h.dout_xfer_len);
    c.str(", din_iovec_count=");
    c.udec(h.din_iovec_count);
    c.str(", din_xfer_len=");
    c.udec(h.din_xfer_len);
    c.str(", dout_xferp=");
    sg_buffer(c, h.dout_xferp, h.dout_xfer_len, h.dout_iovec_count);
    c.str(", timeout=");
    c.udec(h.timeout);
    c.str(", flags=");
    c.flags_of({&xlat_bsg_flags}, h.flags, "0", "BSG_FLAG_???");
    c.str(", usr_ptr=");
    c.hex(h.usr_ptr);
    c.saved().assign(reinterpret_cast<const char *>(&h), sizeof h);
}

void v4_response(Call &c, uint64_t arg) {
    sg_io_v4 at_entry, h;
    std::memcpy(&at_entry, c.saved().data(), sizeof at_entry);
    if (!c.mem().read_obj(RemoteAddr(arg), h)) {
        c.str(", response=");
        c.hex(at_entry.response);
        c.str(", din_xferp=");
        c.hex(at_entry.din_xferp);
        return;
    }
    if (h.guard != 'Q') {
        c.str(" => guard=");
        c.udec(h.guard);
        return;
    }
    c.str(", response_len=");
    c.udec(h.response_len);
    c.str(", response=");
    sg_buffer(c, h.response, h.response_len, 0);
    uint32_t din_len = h.din_xfer_len;
    if (h.din_resid > 0 && static_cast<unsigned>(h.din_resid) <= din_len) din_len -= static_cast<unsigned>(h.din_resid);
    c.str(", din_xferp=");
    sg_buffer(c, h.din_xferp, din_len, h.din_iovec_count);
    c.str(", driver_status=");
    c.hex(h.driver_status);
    c.str(", transport_status=");
    c.hex(h.transport_status);
    c.str(", device_status=");
    c.hex(h.device_status);
    c.str(", retry_delay=");
    c.udec(h.retry_delay);
    c.str(", info=");
    c.flags_of({&xlat_sg_io_info}, h.info, "0", "SG_INFO_???");
    c.str(", duration=");
    c.udec(h.duration);
    c.str(", response_len=");
    c.udec(h.response_len);
    c.str(", din_resid=");
    c.dec(h.din_resid);
    c.str(", dout_resid=");
    c.dec(h.dout_resid);
    c.str(", generated_tag=");
    c.hex(h.generated_tag);
}

IoctlArg sg_io(Call &c, uint64_t arg) {
    if (c.entering()) {
        c.sep();
        uint32_t iid;
        if (!c.fetch(arg, iid)) return IoctlArg::Done;
        c.aux() = iid;  // the form, for the exit (0: nothing to add there)
        if (iid == 'S')
            v3_request(c, arg);
        else if (iid == 'Q')
            v4_request(c, arg);
        else {
            c.str("[");
            c.udec(iid);
            c.str("]");
            return IoctlArg::Done;
        }
        return c.aux() ? IoctlArg::AtExit : IoctlArg::Done;
    }
    const uint64_t iid = c.aux() & ~kIoctlAtExit;
    if (iid == 'S')
        v3_response(c, arg);
    else if (iid == 'Q')
        v4_response(c, arg);
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg scsi_id(Call &c, uint64_t arg) {
    if (c.entering()) return IoctlArg::AtExit;
    c.sep();
    sg_scsi_id id;
    if (!c.fetch(arg, id)) return IoctlArg::Done;
    c.str("{host_no=");
    c.dec(id.host_no);
    c.str(", channel=");
    c.dec(id.channel);
    c.str(", scsi_id=");
    c.hex(static_cast<uint32_t>(id.scsi_id));
    c.str(", lun=");
    c.dec(id.lun);
    c.str(", scsi_type=");
    c.hex(static_cast<uint32_t>(id.scsi_type));
    c.str(", h_cmd_per_lun=");
    c.dec(id.h_cmd_per_lun);
    c.str(", d_queue_depth=");
    c.dec(id.d_queue_depth);
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg request_table(Call &c, uint64_t arg) {
    if (c.entering()) return IoctlArg::AtExit;
    c.sep();
    sg_req_info r;
    if (!c.fetch(arg, r)) return IoctlArg::Done;
    c.str("{req_state=");
    c.dec(r.req_state);
    c.str(", orphan=");
    c.dec(r.orphan);
    c.str(", sg_io_owned=");
    c.dec(r.sg_io_owned);
    c.str(", problem=");
    c.dec(r.problem);
    c.str(", pack_id=");
    c.dec(r.pack_id);
    c.str(", usr_ptr=");
    c.ptr(reinterpret_cast<uint64_t>(r.usr_ptr));
    c.str(", duration=");
    c.udec(r.duration);
    c.str("}");
    return IoctlArg::Done;
}

}  // namespace

IoctlArg scsi_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case SG_IO:
            return sg_io(c, arg);
        case SG_GET_SCSI_ID:
            return scsi_id(c, arg);
        case SG_GET_REQUEST_TABLE:
            return request_table(c, arg);
        case SG_SCSI_RESET: {
            c.sep();
            uint32_t v;
            if (!c.fetch(arg, v)) return IoctlArg::Done;
            c.str("[");
            if (v & SG_SCSI_RESET_NO_ESCALATE) {
                c.enum_val(xlat_sg_scsi_reset, SG_SCSI_RESET_NO_ESCALATE, "%#llx");
                c.str("|");
            }
            c.enum_val(xlat_sg_scsi_reset, v & ~SG_SCSI_RESET_NO_ESCALATE, "%#llx /* SG_SCSI_RESET_??? */");
            c.str("]");
            return IoctlArg::Done;
        }
        case SG_NEXT_CMD_LEN:
        case SG_SET_COMMAND_Q:
        case SG_SET_DEBUG:
        case SG_SET_FORCE_LOW_DMA:
        case SG_SET_FORCE_PACK_ID:
        case SG_SET_KEEP_ORPHAN:
        case SG_SET_RESERVED_SIZE:
        case SG_SET_TIMEOUT:
            c.sep();
            print_num_at<int32_t>(c, arg);
            return IoctlArg::Done;
        case SG_EMULATED_HOST:
        case SG_GET_ACCESS_COUNT:
        case SG_GET_COMMAND_Q:
        case SG_GET_KEEP_ORPHAN:
        case SG_GET_LOW_DMA:
        case SG_GET_NUM_WAITING:
        case SG_GET_PACK_ID:
        case SG_GET_RESERVED_SIZE:
        case SG_GET_SG_TABLESIZE:
        case SG_GET_TRANSFORM:
        case SG_GET_VERSION_NUM:
            if (c.entering()) return IoctlArg::AtExit;
            c.sep();
            print_num_at<int32_t>(c, arg);
            return IoctlArg::Done;
        case SG_SET_TRANSFORM:
            c.sep();
            c.hex(static_cast<uint32_t>(arg));
            return IoctlArg::Done;
        case SG_GET_TIMEOUT:  // (no argument)
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
