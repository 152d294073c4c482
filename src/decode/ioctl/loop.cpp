// Loop device requests (0x4c 'L', linux/loop.h): status structures old and 64-bit, LOOP_CONFIGURE,
// descriptors and the loop-control numbers, as strace's loop.c shows them (abbreviated unless -v;
// the encryption fields only when set).
#include <linux/loop.h>

#include <algorithm>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
void print_key(Call &c, const unsigned char *key, int size) {
    unsigned n = std::min<unsigned>(static_cast<unsigned>(size), LO_KEY_SIZE);
    Call::quote(c.out(), key, n, false, c.options().strings_in_hex);
}

void print_info(Call &c, uint64_t addr) {
    loop_info i;
    if (!c.fetch(addr, i)) return;
    const bool full = !c.options().abbrev, crypt = full || i.lo_encrypt_type != LO_CRYPT_NONE;
    c.str("{lo_number=");
    c.dec(i.lo_number);
    if (full) {
        c.str(", lo_device=");
        print_dev(c, i.lo_device);
        c.str(", lo_inode=");
        c.udec(i.lo_inode);
        c.str(", lo_rdevice=");
        print_dev(c, i.lo_rdevice);
    }
    c.str(", lo_offset=");
    c.hex(static_cast<unsigned>(i.lo_offset));
    if (crypt) {
        c.str(", lo_encrypt_type=");
        c.enum_val(xlat_loop_crypt_type_options, static_cast<unsigned>(i.lo_encrypt_type), "%#llx /* LO_CRYPT_??? */");
        c.str(", lo_encrypt_key_size=");
        c.udec(static_cast<unsigned>(i.lo_encrypt_key_size));
    }
    c.str(", lo_flags=");
    c.flags_of({&xlat_loop_flags_options}, static_cast<unsigned>(i.lo_flags), "0", "LO_FLAGS_???");
    c.str(", lo_name=");
    print_cstring_field(c, i.lo_name, sizeof i.lo_name);
    if (crypt) {
        c.str(", lo_encrypt_key=");
        print_key(c, i.lo_encrypt_key, i.lo_encrypt_key_size);
    }
    if (full) {
        c.str(", lo_init=");
        print_hex_array(c, i.lo_init, 2);
        c.str(", reserved=");
        print_hex_array(c, reinterpret_cast<const unsigned char *>(i.reserved), sizeof i.reserved);
    } else {
        c.str(", ...");
    }
    c.str("}");
}

void print_info64_fields(Call &c, const loop_info64 &i) {
    const bool full = !c.options().abbrev, crypt = full || i.lo_encrypt_type != LO_CRYPT_NONE;
    c.str("{");
    if (full) {
        c.str("lo_device=");
        print_dev(c, i.lo_device);
        c.str(", lo_inode=");
        c.udec(i.lo_inode);
        c.str(", lo_rdevice=");
        print_dev(c, i.lo_rdevice);
        c.str(", lo_offset=");
        c.hex(i.lo_offset);
        c.str(", lo_sizelimit=");
        c.udec(i.lo_sizelimit);
        c.str(", lo_number=");
        c.udec(i.lo_number);
    } else {
        c.str("lo_offset=");
        c.hex(i.lo_offset);
        c.str(", lo_number=");
        c.udec(i.lo_number);
    }
    if (crypt) {
        c.str(", lo_encrypt_type=");
        c.enum_val(xlat_loop_crypt_type_options, i.lo_encrypt_type, "%#llx /* LO_CRYPT_??? */");
        c.str(", lo_encrypt_key_size=");
        c.udec(i.lo_encrypt_key_size);
    }
    c.str(", lo_flags=");
    c.flags_of({&xlat_loop_flags_options}, i.lo_flags, "0", "LO_FLAGS_???");
    c.str(", lo_file_name=");
    print_cstring_field(c, reinterpret_cast<const char *>(i.lo_file_name), sizeof i.lo_file_name);
    if (crypt) {
        c.str(", lo_crypt_name=");
        print_cstring_field(c, reinterpret_cast<const char *>(i.lo_crypt_name), sizeof i.lo_crypt_name);
        c.str(", lo_encrypt_key=");
        print_key(c, i.lo_encrypt_key, static_cast<int>(i.lo_encrypt_key_size));
    }
    if (full) {
        c.str(", lo_init=");
        print_hex_array(c, i.lo_init, 2);
    } else {
        c.str(", ...");
    }
    c.str("}");
}

void print_config(Call &c, uint64_t addr) {
    loop_config cfg;
    if (!c.fetch(addr, cfg)) return;
    c.str("{fd=");
    c.fd(static_cast<int>(cfg.fd));
    c.str(", block_size=");
    c.udec(cfg.block_size);
    c.str(", info=");
    print_info64_fields(c, cfg.info);
    if (!all_zero(cfg.__reserved)) {
        c.str(", __reserved=");
        print_hex_array(c, cfg.__reserved, 8);
    }
    c.str("}");
}
}  // namespace

IoctlArg loop_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case LOOP_GET_STATUS:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case LOOP_SET_STATUS:
            c.sep();
            print_info(c, arg);
            return IoctlArg::Done;
        case LOOP_GET_STATUS64:
            if (c.entering()) return IoctlArg::AtExit;
            [[fallthrough]];
        case LOOP_SET_STATUS64: {
            c.sep();
            loop_info64 i;
            if (c.fetch(arg, i)) print_info64_fields(c, i);
            return IoctlArg::Done;
        }
        case LOOP_CONFIGURE:
            c.sep();
            print_config(c, arg);
            return IoctlArg::Done;
        case LOOP_CLR_FD:
        case LOOP_SET_CAPACITY:
        case LOOP_CTL_GET_FREE:
            return IoctlArg::Done;
        case LOOP_SET_FD:
        case LOOP_CHANGE_FD:
            c.sep();
            c.fd(static_cast<int>(arg));
            return IoctlArg::Done;
        case LOOP_CTL_ADD:
        case LOOP_CTL_REMOVE:
            c.sep();
            c.dec(static_cast<int>(arg));
            return IoctlArg::Done;
        case LOOP_SET_DIRECT_IO:
        case LOOP_SET_BLOCK_SIZE:
            c.sep();
            c.udec(arg);
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
