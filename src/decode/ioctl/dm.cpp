// Device-mapper requests (0xfd, linux/dm-ioctl.h) as strace prints them: the dm_ioctl header
// (only for the ABI version it knows and a plausible data_size), then the request's payload -
// target specs, dependencies, device and version lists, target messages, strings - walked
// within data_size with strace's "misplaced" checks. Shown again at exit ("=> [...]") when the
// call succeeded or changed the header.
#include <linux/ioctl.h>
// (after linux/ioctl.h, which it needs)
#include <linux/dm-ioctl.h>

#include <cstddef>
#include <algorithm>
#include <cstring>
#include <string>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

namespace {
void version3(Call &c, const uint32_t (&v)[3]) {
    c.str("[");
    c.udec(v[0]);
    c.str(", ");
    c.udec(v[1]);
    c.str(", ");
    c.udec(v[2]);
    c.str("]");
}

void misplaced(Call &c, const char *what) {
    c.str("??? /* misplaced ");
    c.str(what);
    c.str(" */");
}

bool has_params(unsigned code) {
    switch (code) {
        case DM_VERSION:
        case DM_REMOVE_ALL:
        case DM_DEV_CREATE:
        case DM_DEV_REMOVE:
        case DM_DEV_SUSPEND:
        case DM_DEV_STATUS:
        case DM_TABLE_CLEAR:
        case DM_DEV_ARM_POLL:
            return false;
        default:
            return true;
    }
}

// The header; false when the rest cannot be trusted (another ABI, too small a data_size).
bool header(Call &c, unsigned code, const dm_ioctl &d) {
    c.str("{version=");
    version3(c, d.version);
    if (d.version[0] != DM_VERSION_MAJOR) {
        c.str(" /* unsupported device mapper ABI version */}");
        return false;
    }
    c.str(", data_size=");
    c.udec(d.data_size);
    if (d.data_size < offsetof(dm_ioctl, data)) {
        c.str(" /* data_size too small */}");
        return false;
    }
    if (has_params(code)) {
        c.str(", data_start=");
        c.udec(d.data_start);
    }
    if (code != DM_REMOVE_ALL && code != DM_LIST_DEVICES && code != DM_LIST_VERSIONS) {
        if (d.dev) {
            c.str(", dev=");
            print_dev(c, d.dev);
        }
        if (d.name[0]) {
            c.str(", name=");
            print_cstring_field(c, d.name, sizeof d.name);
        }
        if (d.uuid[0]) {
            c.str(", uuid=");
            print_cstring_field(c, d.uuid, sizeof d.uuid);
        }
    }
    if (c.entering()) {
        switch (code) {
            case DM_TABLE_LOAD:
                c.str(", target_count=");
                c.udec(d.target_count);
                break;
            case DM_DEV_SUSPEND:
                if (d.flags & DM_SUSPEND_FLAG) break;
                [[fallthrough]];
            case DM_DEV_RENAME:
            case DM_DEV_REMOVE:
            case DM_DEV_WAIT:
                c.str(", event_nr=");
                c.udec(d.event_nr);
                break;
        }
    } else if (!c.failed()) {
        switch (code) {
            case DM_DEV_CREATE:
            case DM_DEV_RENAME:
            case DM_DEV_SUSPEND:
            case DM_DEV_STATUS:
            case DM_DEV_WAIT:
            case DM_TABLE_LOAD:
            case DM_TABLE_CLEAR:
            case DM_TABLE_DEPS:
            case DM_TABLE_STATUS:
            case DM_TARGET_MSG:
                c.str(", target_count=");
                c.udec(d.target_count);
                c.str(", open_count=");
                c.udec(d.open_count);
                c.str(", event_nr=");
                c.udec(d.event_nr);
                break;
        }
    }
    c.str(", flags=");
    c.flags_of({&xlat_dm_flags}, d.flags, "0", "DM_???");
    c.str("}");
    return true;
}

void target_specs(Call &c, uint64_t addr, const dm_ioctl &d) {
    if (c.options().abbrev) {
        if (d.target_count) c.str(", ...");
        return;
    }
    uint32_t offset = d.data_start, end = 0;
    for (uint32_t i = 0; i < d.target_count; i++) {
        c.str(", ");
        if (i && offset <= end) return misplaced(c, "struct dm_target_spec");
        end = offset + sizeof(dm_target_spec);
        if (end <= offset || end > d.data_size) return misplaced(c, "struct dm_target_spec");
        if (i >= c.options().max_strlen) return c.str("...");
        dm_target_spec s;
        if (!c.fetch(addr + offset, s)) return;
        c.str("{sector_start=");
        c.udec(s.sector_start);
        c.str(", length=");
        c.udec(s.length);
        if (c.exiting()) {
            c.str(", status=");
            c.dec(s.status);
        }
        c.str(", target_type=");
        print_cstring_field(c, s.target_type, sizeof s.target_type);
        c.str(", string=");
        c.bounded_cstring(addr + end, d.data_size - end);
        c.str("}");
        offset = c.entering() ? offset + s.next : d.data_start + s.next;
    }
}

void target_deps(Call &c, uint64_t addr, const dm_ioctl &d) {
    if (d.data_start == d.data_size) return;
    c.str(", ");
    if (c.options().abbrev) return c.str("...");
    const uint32_t offset = d.data_start, end = offset + offsetof(dm_target_deps, dev);
    if (end <= offset || end > d.data_size) return misplaced(c, "struct dm_target_deps");
    dm_target_deps s;
    if (!c.fetch(addr + offset, s)) return;
    if (s.count > (d.data_size - end) / sizeof(uint64_t)) return misplaced(c, "struct dm_target_deps");
    c.str("{count=");
    c.udec(s.count);
    c.str(", deps=");
    c.array<uint64_t>(addr + end, s.count, [&](uint64_t dev) {
        print_dev(c, dev);
        return true;
    });
    c.str("}");
}

// The records of a list chained by `next` offsets (dm_name_list, dm_target_versions): each must
// start after the previous one's header and end its header within data_size; at most -s shown.
template <typename T, typename P>
void chained(Call &c, uint64_t addr, const dm_ioctl &d, size_t header, const char *what, P print) {
    if (d.data_start == d.data_size) return;
    if (c.options().abbrev) return c.str(", ...");
    uint32_t offset = d.data_start, end = 0;
    for (uint32_t n = 0;; n++) {
        c.str(", ");
        if (n && offset <= end) return misplaced(c, what);
        end = offset + static_cast<uint32_t>(header);
        if (end <= offset || end > d.data_size) return misplaced(c, what);
        if (n >= c.options().max_strlen) return c.str("...");
        T s;
        if (!c.fetch(addr + offset, s)) return;
        print(s, offset, end);
        if (!s.next) return;
        offset += s.next;
    }
}

void name_list(Call &c, uint64_t addr, const dm_ioctl &d) {
    chained<dm_name_list>(c, addr, d, offsetof(dm_name_list, name), "struct dm_name_list",
                          [&](const dm_name_list &s, uint32_t offset, uint32_t end) {
                              c.str("{dev=");
                              print_dev(c, s.dev);
                              c.str(", name=");
                              const int rc = c.bounded_cstring(addr + end, d.data_size - end);
                              // since dm 4.37 an event number may follow the name, 8-aligned, within
                              // this entry
                              if (rc > 0 && d.version[1] >= 37) {
                                  const uint64_t event_addr =
                                      (addr + end + static_cast<uint64_t>(rc) + 7) & ~uint64_t{7};
                                  uint32_t event_nr;
                                  if (event_addr + sizeof event_nr <= addr + offset + s.next &&
                                      c.mem().read_obj(RemoteAddr(event_addr), event_nr)) {
                                      c.str(", event_nr=");
                                      c.udec(event_nr);
                                  }
                              }
                              c.str("}");
                          });
}

void target_versions(Call &c, uint64_t addr, const dm_ioctl &d) {
    chained<dm_target_versions>(c, addr, d, offsetof(dm_target_versions, name), "struct dm_target_versions",
                                [&](const dm_target_versions &s, uint32_t, uint32_t end) {
                                    c.str("{name=");
                                    c.bounded_cstring(addr + end, d.data_size - end);
                                    c.str(", version=");
                                    version3(c, s.version);
                                    c.str("}");
                                });
}

void target_msg(Call &c, uint64_t addr, const dm_ioctl &d) {
    if (d.data_start == d.data_size) return;
    c.str(", ");
    if (c.options().abbrev) return c.str("...");
    const uint32_t offset = d.data_start, end = offset + offsetof(dm_target_msg, message);
    if (end <= offset || end > d.data_size) return misplaced(c, "struct dm_target_msg");
    dm_target_msg s;
    if (!c.fetch(addr + offset, s)) return;
    c.str("{sector=");
    c.udec(s.sector);
    c.str(", message=");
    c.bounded_cstring(addr + end, d.data_size - end);
    c.str("}");
}

void payload_string(Call &c, uint64_t addr, const dm_ioctl &d) {
    c.str(", ");
    if (c.options().abbrev) return c.str("...");
    if (d.data_start > d.data_size) return misplaced(c, "string");
    c.str("{string=");
    c.bounded_cstring(addr + d.data_start, d.data_size - d.data_start);
    c.str("}");
}

void payload(Call &c, unsigned code, uint64_t addr, const dm_ioctl &d) {
    const bool ok_exit = c.exiting() && !c.failed();
    switch (code) {
        case DM_DEV_WAIT:
        case DM_TABLE_STATUS:
            if (ok_exit) target_specs(c, addr, d);
            break;
        case DM_TABLE_LOAD:
            if (c.entering()) target_specs(c, addr, d);
            break;
        case DM_TABLE_DEPS:
            if (ok_exit) target_deps(c, addr, d);
            break;
        case DM_LIST_DEVICES:
            if (ok_exit) name_list(c, addr, d);
            break;
        case DM_LIST_VERSIONS:
            if (ok_exit) target_versions(c, addr, d);
            break;
        case DM_TARGET_MSG:
            if (c.entering())
                target_msg(c, addr, d);
            else if (ok_exit && (d.flags & DM_DATA_OUT_FLAG))
                payload_string(c, addr, d);
            break;
        case DM_DEV_RENAME:
        case DM_DEV_SET_GEOMETRY:
            if (c.entering()) payload_string(c, addr, d);
            break;
    }
}

bool known(unsigned code) {
    switch (code) {
        case DM_VERSION:
        case DM_REMOVE_ALL:
        case DM_LIST_DEVICES:
        case DM_DEV_CREATE:
        case DM_DEV_REMOVE:
        case DM_DEV_RENAME:
        case DM_DEV_SUSPEND:
        case DM_DEV_STATUS:
        case DM_DEV_WAIT:
        case DM_TABLE_LOAD:
        case DM_TABLE_CLEAR:
        case DM_TABLE_DEPS:
        case DM_TABLE_STATUS:
        case DM_LIST_VERSIONS:
        case DM_TARGET_MSG:
        case DM_DEV_SET_GEOMETRY:
        case DM_DEV_ARM_POLL:
            return true;
        default:
            return false;
    }
}
}  // namespace

IoctlArg dm_ioctl_decode(Call &c, unsigned code, uint64_t arg) {
    if (!known(code)) return IoctlArg::Generic;
    dm_ioctl d{};
    const size_t head = offsetof(dm_ioctl, data);
    const bool read = c.mem().read_exact(RemoteAddr(arg), &d, head) && d.data_size >= offsetof(dm_ioctl, data_size);
    if (c.entering()) {
        if (!read) return IoctlArg::Generic;
        c.saved().assign(reinterpret_cast<const char *>(&d), head);
        c.sep();
        c.str("[");
        if (header(c, code, d)) payload(c, code, arg, d);
        c.str("]");
        return IoctlArg::AtExit;
    }
    if (!read) return IoctlArg::Done;
    dm_ioctl at_entry{};
    std::memcpy(&at_entry, c.saved().data(), std::min(head, c.saved().size()));
    const bool changed = std::memcmp(d.version, at_entry.version, sizeof d.version) != 0 ||
                         d.data_size != at_entry.data_size || d.data_start != at_entry.data_start ||
                         d.flags != at_entry.flags;
    if (c.failed() && !changed) return IoctlArg::Done;
    c.str(" => [");
    if (header(c, code, d)) payload(c, code, arg, d);
    c.str("]");
    return IoctlArg::Done;
}

}  // namespace wiretrace
