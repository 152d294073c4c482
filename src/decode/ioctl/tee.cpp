// Trusted Execution Environment requests (0xa4, linux/tee.h) as strace prints them: the
// version, sessions opened and closed, invocations and cancels, the supplicant's receive and
// send, shared memory. The session, invoke and supplicant requests pass a buffer holding the
// argument structure followed by its parameters; it is shown at entry and, after "=>", at exit.
#include <linux/tee.h>

#include <cstddef>
#include <cstdio>
#include <cstring>

#include "decode/ioctl/ioctl.h"

namespace wiretrace {

namespace {
// Not in UAPI: a downstream request strace knows.
struct ShmRegisterFd {
    int64_t fd;
    uint64_t size;
    uint32_t flags;
    uint8_t pad1[4];
    int32_t id;
    uint8_t pad2[4];
} __attribute__((aligned(8)));
constexpr unsigned kShmRegisterFd = _IOWR(0xa4, 8, ShmRegisterFd);

void print_buf(Call &c, const tee_ioctl_buf_data &b) {
    c.str("{buf_len=");
    c.udec(b.buf_len);
    c.str(", buf_ptr=");
    c.ptr(b.buf_ptr);
    c.str("}");
}

// Reads the buffer descriptor and the argument structure it points to (and checks, at entry,
// that the parameters fill the buffer, as the kernel does); false after showing the
// descriptor (or the address) when it cannot be used.
template <typename A>
bool fetch_buf(Call &c, uint64_t arg, tee_ioctl_buf_data &b, A &a, uint64_t &params) {
    if (!c.fetch(arg, b)) return false;
    if (b.buf_len > TEE_MAX_ARG_SIZE || b.buf_len < sizeof a || !c.mem().read_obj(RemoteAddr(b.buf_ptr), a) ||
        (c.entering() && sizeof a + sizeof(tee_ioctl_param) * a.num_params != b.buf_len)) {
        print_buf(c, b);
        return false;
    }
    params = a.num_params ? b.buf_ptr + sizeof a : 0;
    return true;
}

void print_params(Call &c, uint64_t addr, uint32_t n) {
    c.str(", params=");
    c.array<tee_ioctl_param>(addr, n, [&](const tee_ioctl_param &p) {
        c.str("{attr=");
        c.enum_val(xlat_tee_ioctl_param_attr_types, p.attr & ~uint64_t{TEE_IOCTL_PARAM_ATTR_META},
                   "%#llx /* TEE_IOCTL_PARAM_ATTR_ */");
        if (p.attr & TEE_IOCTL_PARAM_ATTR_META) c.str("|TEE_IOCTL_PARAM_ATTR_META");
        switch (p.attr) {
            case TEE_IOCTL_PARAM_ATTR_TYPE_NONE:
                break;
            case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INPUT:
            case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_INOUT:
            case TEE_IOCTL_PARAM_ATTR_TYPE_MEMREF_OUTPUT:
                c.str(", shm_offs=");
                c.hex(p.a);
                c.str(", size=");
                c.hex(p.b);
                c.str(", shm_id=");
                c.udec(p.c);
                break;
            default:
                c.str(", a=");
                c.hex(p.a);
                c.str(", b=");
                c.hex(p.b);
                c.str(", c=");
                c.hex(p.c);
                break;
        }
        c.str("}");
        return true;
    });
}

void uuid(Call &c, const __u8 *u) {
    char b[40];
    std::snprintf(b, sizeof b, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2],
                  u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
    c.str(b);
}

// The buffer requests: `in` prints the argument at entry (after "{buf_len=N, buf_ptr={"), `out`
// what the call returned (inside "=> {...}").
template <typename A, typename In, typename Out>
IoctlArg buffered(Call &c, uint64_t arg, In in, Out out) {
    tee_ioctl_buf_data b;
    A a;
    uint64_t params;
    if (c.entering()) {
        c.sep();
        if (!fetch_buf(c, arg, b, a, params)) return IoctlArg::Done;
        c.str("{buf_len=");
        c.udec(b.buf_len);
        c.str(", buf_ptr={");
        in(a);
        print_params(c, params, a.num_params);
        c.str("}");
        return IoctlArg::AtExit;
    }
    if (c.failed()) {
        c.str("}");
        return IoctlArg::Done;
    }
    c.str(" => ");
    if (!fetch_buf(c, arg, b, a, params)) return IoctlArg::Done;  // (the outer brace stays open, as strace's)
    c.str("{");
    out(a);
    print_params(c, params, a.num_params);
    c.str("}}");
    return IoctlArg::Done;
}

IoctlArg version(Call &c, uint64_t arg) {
    if (c.entering()) {
        c.sep();
        return IoctlArg::AtExit;
    }
    tee_ioctl_version_data v;
    if (!c.fetch(arg, v)) return IoctlArg::Done;
    c.str("{impl_id=");
    c.enum_val(xlat_tee_ioctl_impl_ids, v.impl_id, "%#llx /* TEE_IMPL_ID_??? */");
    c.str(", gen_caps=");
    c.flags_of({&xlat_tee_ioctl_gen_caps}, v.gen_caps, "0", "TEE_GEN_CAP_???");
    c.str(", impl_caps=");
    if (v.impl_id == TEE_IMPL_ID_OPTEE)
        c.flags_of({&xlat_tee_ioctl_optee_caps}, v.impl_caps, "0", "TEE_OPTEE_CAP_???");
    else
        c.hex(v.impl_caps);
    c.str("}");
    return IoctlArg::Done;
}

void shm_flags(Call &c, uint32_t f) {
    c.flags_of({&xlat_tee_ioctl_shm_flags}, f, "0", "TEE_IOCTL_SHM_???");
}

IoctlArg shm_alloc(Call &c, uint64_t arg) {
    tee_ioctl_shm_alloc_data s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{size=");
        c.hex(s.size);
        c.str(", flags=");
        shm_flags(c, s.flags);
        c.str("}");
        return IoctlArg::AtExit;
    }
    if (c.failed()) return IoctlArg::Done;
    c.str(" => ");
    if (!c.fetch(arg, s)) return IoctlArg::Done;
    c.str("{size=");
    c.hex(s.size);
    c.str(", flags=");
    shm_flags(c, s.flags);
    c.str(", id=");
    c.dec(s.id);
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg shm_register_fd(Call &c, uint64_t arg) {
    ShmRegisterFd s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{fd=");
        c.fd(static_cast<int>(s.fd));
        c.str(", flags=");
        shm_flags(c, s.flags);
        c.str("}");
        return IoctlArg::AtExit;
    }
    if (c.failed()) return IoctlArg::Done;
    c.str(" => ");
    if (!c.fetch(arg, s)) return IoctlArg::Done;
    c.str("{size=");
    c.hex(s.size);
    c.str(", id=");
    c.dec(s.id);
    c.str("}");
    return IoctlArg::Done;
}

IoctlArg shm_register(Call &c, uint64_t arg) {
    tee_ioctl_shm_register_data s;
    if (c.entering()) {
        c.sep();
        if (!c.fetch(arg, s)) return IoctlArg::Done;
        c.str("{addr=");
        c.ptr(s.addr);
        c.str(", length=");
        c.hex(s.length);
        c.str(", flags=");
        shm_flags(c, s.flags);
        c.str("}");
        return IoctlArg::AtExit;
    }
    if (c.failed()) return IoctlArg::Done;
    c.str(" => ");
    if (!c.fetch(arg, s)) return IoctlArg::Done;
    c.str("{length=");
    c.hex(s.length);
    c.str(", flags=");
    shm_flags(c, s.flags);
    c.str(", id=");
    c.dec(s.id);
    c.str("}");
    return IoctlArg::Done;
}
}  // namespace

IoctlArg tee_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case TEE_IOC_VERSION:
            return version(c, arg);
        case TEE_IOC_OPEN_SESSION:
            return buffered<tee_ioctl_open_session_arg>(
                c, arg,
                [&](const tee_ioctl_open_session_arg &s) {
                    c.str("uuid=");
                    uuid(c, s.uuid);
                    c.str(", clnt_login=");
                    c.enum_val(xlat_tee_ioctl_login_types, s.clnt_login, "%#llx /* TEE_IOCTL_LOGIN_??? */");
                    // clnt_uuid carries the group to log in as, for the group logins (not a UUID)
                    switch (s.clnt_login) {
                        case TEE_IOCTL_LOGIN_PUBLIC:
                        case TEE_IOCTL_LOGIN_USER:
                        case TEE_IOCTL_LOGIN_APPLICATION:
                        case TEE_IOCTL_LOGIN_USER_APPLICATION:
                            break;
                        case TEE_IOCTL_LOGIN_GROUP:
                        case TEE_IOCTL_LOGIN_GROUP_APPLICATION: {
                            uint32_t gid;
                            std::memcpy(&gid, s.clnt_uuid, sizeof gid);
                            c.str(", clnt_uuid=");
                            c.uid(gid);
                            break;
                        }
                        default:
                            c.str(", clnt_uuid=");
                            print_hex_array(c, s.clnt_uuid, sizeof s.clnt_uuid);
                    }
                    c.str(", cancel_id=");
                    c.udec(s.cancel_id);
                    c.str(", num_params=");
                    c.udec(s.num_params);
                },
                [&](const tee_ioctl_open_session_arg &s) {
                    c.str("session=");
                    c.hex(s.session);
                    c.str(", ret=");
                    c.udec(s.ret);
                    c.str(", ret_origin=");
                    c.enum_val(xlat_tee_ioctl_origins, s.ret_origin, "%#llx /* TEEC_ORIGIN_??? */");
                });
        case TEE_IOC_INVOKE:
            return buffered<tee_ioctl_invoke_arg>(
                c, arg,
                [&](const tee_ioctl_invoke_arg &v) {
                    c.str("func=");
                    c.udec(v.func);
                    c.str(", session=");
                    c.hex(v.session);
                    c.str(", cancel_id=");
                    c.udec(v.cancel_id);
                    c.str(", num_params=");
                    c.udec(v.num_params);
                },
                [&](const tee_ioctl_invoke_arg &v) {
                    c.str("ret=");
                    c.udec(v.ret);
                    c.str(", ret_origin=");
                    c.enum_val(xlat_tee_ioctl_origins, v.ret_origin, "%#llx /* TEEC_ORIGIN_??? */");
                });
        case TEE_IOC_CANCEL: {
            c.sep();
            tee_ioctl_cancel_arg k;
            if (!c.fetch(arg, k)) return IoctlArg::Done;
            c.str("{cancel_id=");
            c.udec(k.cancel_id);
            c.str(", session=");
            c.hex(k.session);
            c.str("}");
            return IoctlArg::Done;
        }
        case TEE_IOC_CLOSE_SESSION: {
            c.sep();
            tee_ioctl_close_session_arg k;
            if (!c.fetch(arg, k)) return IoctlArg::Done;
            c.str("{session=");
            c.hex(k.session);
            c.str("}");
            return IoctlArg::Done;
        }
        case TEE_IOC_SUPPL_RECV:
            return buffered<tee_iocl_supp_recv_arg>(
                c, arg,
                [&](const tee_iocl_supp_recv_arg &r) {
                    c.str("func=");
                    c.udec(r.func);
                    c.str(", num_params=");
                    c.udec(r.num_params);
                },
                [&](const tee_iocl_supp_recv_arg &r) {
                    c.str("num_params=");  // (the one field the kernel may change)
                    c.udec(r.num_params);
                });
        case TEE_IOC_SUPPL_SEND:
            return buffered<tee_iocl_supp_send_arg>(
                c, arg,
                [&](const tee_iocl_supp_send_arg &s) {
                    c.str("num_params=");
                    c.udec(s.num_params);
                },
                [&](const tee_iocl_supp_send_arg &s) {
                    c.str("ret=");
                    c.udec(s.ret);
                });
        case TEE_IOC_SHM_ALLOC:
            return shm_alloc(c, arg);
        case kShmRegisterFd:
            return shm_register_fd(c, arg);
        case TEE_IOC_SHM_REGISTER:
            return shm_register(c, arg);
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
