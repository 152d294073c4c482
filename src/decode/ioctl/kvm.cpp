// KVM requests (0xAE, linux/kvm.h): capabilities, VM and vCPU creation (their descriptors),
// memory slots, registers, special registers, CPUID tables; with -e kvm=vcpu, KVM_RUN's result
// names the exit reason read from the vCPU's shared kvm_run page, as strace's kvm.c shows them.
#include <linux/kvm.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

#include "decode/ioctl/ioctl.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// struct kvm_cpuid2's fixed part. (Compiled as C++, the header's zero-length entries[] array
// makes the struct 12 bytes, not the kernel's 8, and the requests built on its size wrong.)
struct Cpuid2Head {
    uint32_t nent;
    uint32_t padding;
};
constexpr unsigned kGetSupportedCpuid = _IOWR(KVMIO, 0x05, Cpuid2Head);
constexpr unsigned kGetEmulatedCpuid = _IOWR(KVMIO, 0x09, Cpuid2Head);
constexpr unsigned kSetCpuid2 = _IOW(KVMIO, 0x90, Cpuid2Head);

void field_x(Call &c, const char *name, uint64_t v, bool first = false) {
    if (!first) c.str(", ");
    c.str(name);
    c.str("=");
    c.hex(v);
}

void field_u(Call &c, const char *name, uint64_t v, bool first = false) {
    if (!first) c.str(", ");
    c.str(name);
    c.str("=");
    c.udec(v);
}

void print_regs(Call &c, const kvm_regs &r) {
    const bool abbrev = c.options().abbrev;
    c.str("{");
    field_x(c, "rax", r.rax, true);
    if (abbrev) {
        c.str(", ...");
    } else {
        const std::pair<const char *, uint64_t> more[] = {
            {"rbx", r.rbx}, {"rcx", r.rcx}, {"rdx", r.rdx}, {"rsi", r.rsi}, {"rdi", r.rdi}};
        for (const auto &[n, v] : more) field_x(c, n, v);
    }
    field_x(c, "rsp", r.rsp);
    field_x(c, "rbp", r.rbp);
    if (abbrev) {
        c.str(", ...");
    } else {
        const std::pair<const char *, uint64_t> more[] = {{"r8", r.r8},   {"r9", r.r9},   {"r10", r.r10},
                                                          {"r11", r.r11}, {"r12", r.r12}, {"r13", r.r13},
                                                          {"r14", r.r14}, {"r15", r.r15}};
        for (const auto &[n, v] : more) field_x(c, n, v);
    }
    field_x(c, "rip", r.rip);
    field_x(c, "rflags", r.rflags);
    c.str("}");
}

void print_segment(Call &c, const char *name, const kvm_segment &s, bool first = false) {
    if (!first) c.str(", ");
    c.str(name);
    c.str("={");
    field_x(c, "base", s.base, true);
    const std::pair<const char *, unsigned> rest[] = {{"limit", s.limit}, {"selector", s.selector},
                                                      {"type", s.type},   {"present", s.present},
                                                      {"dpl", s.dpl},     {"db", s.db},
                                                      {"s", s.s},         {"l", s.l},
                                                      {"g", s.g},         {"avl", s.avl}};
    for (const auto &[n, v] : rest) field_u(c, n, v);
    c.str("}");
}

void print_dtable(Call &c, const char *name, const kvm_dtable &t) {
    c.str(", ");
    c.str(name);
    c.str("={");
    field_x(c, "base", t.base, true);
    field_u(c, "limit", t.limit);
    c.str("}");
}

void print_sregs(Call &c, const kvm_sregs &s) {
    c.str("{");
    print_segment(c, "cs", s.cs, true);
    if (c.options().abbrev) {
        c.str(", ...}");
        return;
    }
    const std::pair<const char *, const kvm_segment *> segs[] = {
        {"ds", &s.ds}, {"es", &s.es}, {"fs", &s.fs}, {"gs", &s.gs}, {"ss", &s.ss}, {"tr", &s.tr}, {"ldt", &s.ldt}};
    for (const auto &[n, seg] : segs) print_segment(c, n, *seg);
    print_dtable(c, "gdt", s.gdt);
    print_dtable(c, "idt", s.idt);
    const std::pair<const char *, uint64_t> crs[] = {{"cr0", s.cr0}, {"cr2", s.cr2}, {"cr3", s.cr3},
                                                     {"cr4", s.cr4}, {"cr8", s.cr8}, {"efer", s.efer}};
    for (const auto &[n, v] : crs) field_u(c, n, v);
    field_x(c, "apic_base", s.apic_base);
    c.str(", interrupt_bitmap=[");
    for (size_t i = 0; i < sizeof s.interrupt_bitmap / sizeof s.interrupt_bitmap[0]; i++) {
        if (i) c.str(", ");
        c.hex(s.interrupt_bitmap[i]);
    }
    c.str("]}");
}

// struct kvm_cpuid2 and its entries (only their count with the default abbreviation).
void print_cpuid2(Call &c, uint64_t addr) {
    Cpuid2Head head;
    if (!c.fetch(addr, head)) return;
    c.str("{nent=");
    c.udec(head.nent);
    c.str(", entries=");
    if (c.options().abbrev) {
        c.str(head.nent ? "[...]}" : "[]}");
        return;
    }
    c.str("[");
    const uint64_t base = addr + sizeof head;
    for (uint32_t i = 0; i < head.nent; i++) {
        if (i) c.str(", ");  // (all of them: this is -v's form, which strace does not cut)
        kvm_cpuid_entry2 e;
        if (!c.mem().read_obj(RemoteAddr(base + i * sizeof e), e)) {
            c.str("... /* ");
            c.ptr(base + i * sizeof e);
            c.str(" */");
            break;
        }
        c.str("{");
        field_x(c, "function", e.function, true);
        field_x(c, "index", e.index);
        c.str(", flags=");
        c.flags_of({&xlat_kvm_cpuid_flags}, e.flags, "0", "KVM_CPUID_FLAG_???");
        field_x(c, "eax", e.eax);
        field_x(c, "ebx", e.ebx);
        field_x(c, "ecx", e.ecx);
        field_x(c, "edx", e.edx);
        c.str("}");
    }
    c.str("]}");
}

// -e kvm=vcpu: the exit reason KVM_RUN left in the vCPU's kvm_run page, which the program has
// mapped from the vCPU descriptor ("anon_inode:kvm-vcpu:N" in its maps). Empty: unknown.
std::string exit_reason(Call &c, pid_t tid, int fd) {
    char link[64], target[256];
    std::snprintf(link, sizeof link, "/proc/%d/fd/%d", tid, fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return "";
    target[n] = '\0';
    if (std::strncmp(target, "anon_inode:kvm-vcpu:", 20) != 0) return "";
    std::snprintf(link, sizeof link, "/proc/%d/maps", tid);
    FILE *f = std::fopen(link, "re");
    if (!f) return "";
    char line[512];
    unsigned long start = 0, end = 0;
    bool found = false;
    while (!found && std::fgets(line, sizeof line, f)) {
        char *name = std::strstr(line, target);
        found = name && std::strcmp(name + std::strlen(target), "\n") == 0 &&
                std::sscanf(line, "%lx-%lx", &start, &end) == 2;
    }
    std::fclose(f);
    kvm_run run;
    if (!found || end - start < sizeof run || !c.mem().read_obj(RemoteAddr(start), run)) return "";
    const char *name = xlat_name(xlat_kvm_exit_reason, run.exit_reason);
    return name ? name : "KVM_EXIT_???";
}
}  // namespace

IoctlArg kvm_ioctl(Call &c, unsigned code, uint64_t arg) {
    switch (code) {
        case KVM_CHECK_EXTENSION:
            c.sep();
            c.enum_val(xlat_kvm_cap, arg, "%#llx /* KVM_CAP_??? */");
            return IoctlArg::Done;
        case KVM_CREATE_VM:
        case KVM_CREATE_VCPU:  // a new descriptor, decorated at exit
            if (c.exiting()) {
                c.set_result_fd();
                return IoctlArg::Done;
            }
            c.sep();
            if (code == KVM_CREATE_VM)
                c.hex(arg);
            else
                c.udec(static_cast<uint32_t>(arg));
            return IoctlArg::AtExit;
        case KVM_SET_USER_MEMORY_REGION: {
            c.sep();
            kvm_userspace_memory_region r;
            if (!c.fetch(arg, r)) return IoctlArg::Done;
            field_u(c, "{slot", r.slot, true);
            c.str(", flags=");
            c.flags_of({&xlat_kvm_mem_flags}, r.flags, "0", "KVM_MEM_???");
            field_x(c, "guest_phys_addr", r.guest_phys_addr);
            field_u(c, "memory_size", r.memory_size);
            field_x(c, "userspace_addr", r.userspace_addr);
            c.str("}");
            return IoctlArg::Done;
        }
        case KVM_GET_REGS:
        case KVM_SET_REGS: {
            if (shown_at_exit(c, code == KVM_GET_REGS)) return IoctlArg::AtExit;
            kvm_regs r;
            if (c.fetch(arg, r)) print_regs(c, r);
            return IoctlArg::Done;
        }
        case KVM_GET_SREGS:
        case KVM_SET_SREGS: {
            if (shown_at_exit(c, code == KVM_GET_SREGS)) return IoctlArg::AtExit;
            kvm_sregs s;
            if (c.fetch(arg, s)) print_sregs(c, s);
            return IoctlArg::Done;
        }
        case kGetSupportedCpuid:
        case kGetEmulatedCpuid:
        case kSetCpuid2:
            if (shown_at_exit(c, code != kSetCpuid2)) return IoctlArg::AtExit;
            print_cpuid2(c, arg);
            return IoctlArg::Done;
        case KVM_RUN:
            if (c.entering()) {
                c.sep();
                c.hex(arg);
                return c.options().kvm_vcpu ? IoctlArg::AtExit : IoctlArg::Done;
            }
            if (!c.failed()) {
                std::string reason = exit_reason(c, c.tid(), static_cast<int>(c.arg(0)));
                if (!reason.empty()) c.result_text() = std::to_string(c.ret()) + " (" + reason + ")";
            }
            return IoctlArg::Done;
        default:
            return IoctlArg::Generic;
    }
}

}  // namespace wiretrace
