// System V IPC: message queues (msgget, msgsnd, msgrcv, msgctl), semaphores (semget, semop,
// semtimedop, semctl) and shared memory (shmget, shmat, shmdt, shmctl), as strace prints them:
// keys, flags with the permission bits in octal, message buffers, sembuf arrays, and the
// *_ds/*info structures a control command reads or fills (those at exit).
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "decode/decoder.h"
#include "decoders.h"

namespace wiretrace {

namespace {
// The kernel's 64-bit layouts on x86_64 (asm-generic ipcbuf/msgbuf/shmbuf, x86 sembuf).
struct Ipc64Perm {
    int32_t key;
    uint32_t uid, gid, cuid, cgid, mode;
    uint16_t seq, pad2;
    uint64_t unused1, unused2;
};
struct Msqid64 {
    Ipc64Perm perm;
    int64_t stime, rtime, ctime;
    uint64_t cbytes, qnum, qbytes;
    int32_t lspid, lrpid;
    uint64_t unused4, unused5;
};
struct Semid64 {
    Ipc64Perm perm;
    int64_t otime;
    uint64_t unused1;
    int64_t ctime;
    uint64_t unused2, nsems, unused3, unused4;
};
struct Shmid64 {
    Ipc64Perm perm;
    uint64_t segsz;
    int64_t atime, dtime, ctime;
    int32_t cpid, lpid;
    uint64_t nattch, unused4, unused5;
};
struct MsgInfo {
    int32_t msgpool, msgmap, msgmax, msgmnb, msgmni, msgssz, msgtql;
    uint16_t msgseg;
};
struct SemInfo {
    int32_t semmap, semmni, semmns, semmnu, semmsl, semopm, semume, semusz, semvmx, semaem;
};
struct ShmInfo64 {  // IPC_INFO
    uint64_t shmmax, shmmin, shmmni, shmseg, shmall, unused1, unused2, unused3, unused4;
};
struct ShmInfo {  // SHM_INFO
    int32_t used_ids;
    uint64_t shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};
struct SemBuf {
    uint16_t sem_num;
    int16_t sem_op;
    int16_t sem_flg;
};

constexpr unsigned kIpc64 = 0x100;
constexpr unsigned kIpcSet = 1, kIpcStat = 2, kIpcInfo = 3;

void umode(Call &c, uint64_t m) {
    char b[32];
    std::snprintf(b, sizeof b, "%#03llo", static_cast<unsigned long long>(m));
    c.str(b);
}

void key(Call &c, uint64_t k) {
    c.enum_val(xlat_ipc_private, static_cast<uint32_t>(k), "%#llx");
}

// flags|0600 (the permission bits always, in octal)
void get_flags(Call &c, uint64_t v, const Xlat &x) {
    const uint64_t flags = v & ~uint64_t{0777};
    if (flags) {
        c.flags_of({&x}, flags, "0", nullptr);
        c.str("|");
    }
    umode(c, v & 0777);
}

// IPC_64|IPC_STAT
void command(Call &c, uint64_t cmd, const Xlat &x, const char *unknown) {
    if (cmd & kIpc64) {
        c.composite(kIpc64, [](Call &n) { n.str("IPC_64"); });
        c.str("|");
    }
    c.enum_val(x, static_cast<uint32_t>(cmd & ~uint64_t{kIpc64}), unknown);
}

void perm(Call &c, const Ipc64Perm &p, unsigned cmd) {
    c.str("{uid=");
    c.uid(p.uid);
    c.str(", gid=");
    c.uid(p.gid);
    c.str(", mode=");
    umode(c, p.mode);
    if (cmd != kIpcSet) {
        c.str(", key=");
        c.udec(static_cast<uint32_t>(p.key));
        c.str(", cuid=");
        c.uid(p.cuid);
        c.str(", cgid=");
        c.uid(p.cgid);
    }
    c.str("}");
}

void msgbuf(Call &c, uint64_t addr, uint64_t count) {  // struct msgbuf: mtype, then count bytes
    int64_t mtype;
    if (!c.fetch(addr, mtype)) return;
    c.str("{mtype=");
    c.dec(mtype);
    c.str(", mtext=");
    c.buffer(addr + sizeof mtype, count);
    c.str("}");
}
}  // namespace

void decode_msgget(Call &c) {
    if (c.exiting()) return;
    key(c, c.arg(0));
    c.sep();
    get_flags(c, c.arg(1), xlat_resource_flags);
}

void decode_semget(Call &c) {
    if (c.exiting()) return;
    key(c, c.arg(0));
    c.sep();
    c.dec(static_cast<int>(c.arg(1)));
    c.sep();
    get_flags(c, c.arg(2), xlat_resource_flags);
}

void decode_shmget(Call &c) {
    if (c.exiting()) return;
    key(c, c.arg(0));
    c.sep();
    c.udec(c.arg(1));
    c.sep();
    // the huge page size rides in the flags' top bits: 21<<SHM_HUGE_SHIFT
    constexpr unsigned kHugeShift = 26, kHugeMask = 0x3f;
    uint32_t flags = static_cast<uint32_t>(c.arg(2)) & ~0777u;
    const uint32_t huge = flags & (kHugeMask << kHugeShift);
    flags &= ~(kHugeMask << kHugeShift);
    if (flags) c.flags_of({&xlat_shm_resource_flags}, flags, "0", nullptr);
    if (huge) {
        if (flags) c.str("|");
        c.udec(huge >> kHugeShift);
        c.str("<<");
        const int style = c.options().xlat_style;  // (print_xlat_u: the number in decimal)
        if (style != kXlatAbbrev) c.udec(kHugeShift);
        if (style == kXlatVerbose) c.str(" /* SHM_HUGE_SHIFT */");
        if (style == kXlatAbbrev) c.str("SHM_HUGE_SHIFT");
    }
    if (flags || huge) c.str("|");
    umode(c, c.arg(2) & 0777);
}

void decode_msgsnd(Call &c) {
    if (c.exiting()) return;
    c.dec(static_cast<int>(c.arg(0)));
    c.sep();
    msgbuf(c, c.arg(1), c.arg(2));
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.flags_of({&xlat_ipc_msg_flags}, static_cast<uint32_t>(c.arg(3)), "0", "MSG_???");
}

void decode_msgrcv(Call &c) {
    if (c.entering()) {
        c.aux() = 0;
        c.dec(static_cast<int>(c.arg(0)));
        c.sep();
        return;
    }
    msgbuf(c, c.arg(1), c.arg(2));  // (msgsz bytes, -s applied, as strace)
    c.sep();
    c.udec(c.arg(2));
    c.sep();
    c.dec(static_cast<int64_t>(c.arg(3)));
    c.sep();
    c.flags_of({&xlat_ipc_msg_flags}, static_cast<uint32_t>(c.arg(4)), "0", "MSG_???");
}

namespace {
void sembufs(Call &c, uint64_t addr, unsigned count) {
    c.array<SemBuf>(addr, count, [&](const SemBuf &b) {
        c.str("{sem_num=");
        c.udec(b.sem_num);
        c.str(", sem_op=");
        c.dec(b.sem_op);
        c.str(", sem_flg=");
        c.flags_of({&xlat_semop_flags}, static_cast<uint16_t>(b.sem_flg), "0", "SEM_???");
        c.str("}");
        return true;
    });
    c.sep();
    c.udec(count);
}
}  // namespace

void decode_semop(Call &c) {
    if (c.exiting()) return;
    c.dec(static_cast<int>(c.arg(0)));
    c.sep();
    sembufs(c, c.arg(1), static_cast<unsigned>(c.arg(2)));
}

void decode_semtimedop(Call &c) {
    if (c.exiting()) return;
    c.dec(static_cast<int>(c.arg(0)));
    c.sep();
    sembufs(c, c.arg(1), static_cast<unsigned>(c.arg(2)));
    c.sep();
    print_timespec(c, c.arg(3));
}

void decode_shmat(Call &c) {
    if (c.exiting()) return;
    c.dec(static_cast<int>(c.arg(0)));
    c.sep();
    c.ptr(c.arg(1));
    c.sep();
    c.flags_of({&xlat_shm_flags}, static_cast<uint32_t>(c.arg(2)), "0", "SHM_???");
}

void decode_shmdt(Call &c) {
    if (c.exiting()) return;
    c.ptr(c.arg(0));
}

namespace {
void msqid_ds(Call &c, uint64_t addr, unsigned cmd) {
    Msqid64 d;
    if (!c.fetch(addr, d)) return;
    c.str("{msg_perm=");
    perm(c, d.perm, cmd);
    if (cmd != kIpcSet) {
        c.str(", msg_stime=");
        c.udec(static_cast<uint64_t>(d.stime));
        c.str(", msg_rtime=");
        c.udec(static_cast<uint64_t>(d.rtime));
        c.str(", msg_ctime=");
        c.udec(static_cast<uint64_t>(d.ctime));
        c.str(", msg_qnum=");
        c.udec(d.qnum);
    }
    c.str(", msg_qbytes=");
    c.udec(d.qbytes);
    if (cmd != kIpcSet) {
        c.str(", msg_lspid=");
        c.dec(d.lspid);
        c.str(", msg_lrpid=");
        c.dec(d.lrpid);
    }
    c.str("}");
}

void msginfo(Call &c, uint64_t addr) {
    MsgInfo i;
    if (!c.fetch(addr, i)) return;
    const std::pair<const char *, int32_t> f[] = {
        {"{msgpool=", i.msgpool}, {", msgmap=", i.msgmap}, {", msgmax=", i.msgmax}, {", msgmnb=", i.msgmnb},
        {", msgmni=", i.msgmni},  {", msgssz=", i.msgssz}, {", msgtql=", i.msgtql}};
    for (auto &[name, v] : f) {
        c.str(name);
        c.dec(v);
    }
    c.str(", msgseg=");
    c.udec(i.msgseg);
    c.str("}");
}
}  // namespace

void decode_msgctl(Call &c) {
    const unsigned cmd = static_cast<unsigned>(c.arg(1)) & ~kIpc64;
    if (c.entering()) {
        c.aux() = 0;
        c.dec(static_cast<int>(c.arg(0)));
        c.sep();
        command(c, static_cast<uint32_t>(c.arg(1)), xlat_msgctl_flags, "%#llx /* MSG_??? */");
        c.sep();
        if (cmd == kIpcSet) return msqid_ds(c, c.arg(2), cmd);
        if (cmd == kIpcStat || cmd == 11 || cmd == 13 || cmd == kIpcInfo || cmd == 12) return;  // at exit
        c.ptr(c.arg(2));
        c.aux() = 1;  // (done)
        return;
    }
    if (cmd == kIpcSet || c.aux() == 1) return;
    if (cmd == kIpcInfo || cmd == 12)
        msginfo(c, c.arg(2));
    else
        msqid_ds(c, c.arg(2), cmd);
}

namespace {
void semid_ds(Call &c, uint64_t addr, unsigned cmd) {  // (read even after a failure, as strace)
    Semid64 d;
    if (!addr || !c.mem().read_obj(RemoteAddr(addr), d)) return c.ptr(addr);
    c.str("{sem_perm=");
    perm(c, d.perm, cmd);
    if (cmd != kIpcSet) {
        c.str(", sem_otime=");
        c.udec(static_cast<uint64_t>(d.otime));
        c.str(", sem_ctime=");
        c.udec(static_cast<uint64_t>(d.ctime));
        c.str(", sem_nsems=");
        c.udec(d.nsems);
    }
    c.str("}");
}

void seminfo(Call &c, uint64_t addr) {
    SemInfo i;
    if (!c.fetch(addr, i)) return;
    const std::pair<const char *, int32_t> f[] = {
        {"{semmap=", i.semmap},  {", semmni=", i.semmni}, {", semmns=", i.semmns}, {", semmnu=", i.semmnu},
        {", semmsl=", i.semmsl}, {", semopm=", i.semopm}, {", semume=", i.semume}, {", semusz=", i.semusz},
        {", semvmx=", i.semvmx}, {", semaem=", i.semaem}};
    for (auto &[name, v] : f) {
        c.str(name);
        c.dec(v);
    }
    c.str("}");
}
}  // namespace

void decode_semctl(Call &c) {
    const unsigned cmd = static_cast<unsigned>(c.arg(2)) & ~kIpc64;
    const uint64_t addr = c.arg(3);
    if (c.entering()) {
        c.aux() = 0;
        c.dec(static_cast<int>(c.arg(0)));
        c.sep();
        c.dec(static_cast<int>(c.arg(1)));
        c.sep();
        command(c, static_cast<uint32_t>(c.arg(2)), xlat_semctl_flags, "%#llx /* SEM_??? */");
        c.sep();
        if (cmd == kIpcSet) return semid_ds(c, addr, cmd);
        if (cmd == kIpcStat || cmd == 18 || cmd == 20 || cmd == kIpcInfo || cmd == 19) return;  // at exit
        c.ptr(addr);
        c.aux() = 1;
        return;
    }
    if (cmd == kIpcSet || c.aux() == 1) return;
    if (cmd == kIpcInfo || cmd == 19)
        seminfo(c, addr);
    else
        semid_ds(c, addr, cmd);
}

namespace {
void shmid_ds(Call &c, uint64_t addr, unsigned cmd) {
    Shmid64 d;
    if (!c.fetch(addr, d)) return;
    c.str("{shm_perm=");
    perm(c, d.perm, cmd);
    if (cmd != kIpcSet) {
        c.str(", shm_segsz=");
        c.udec(d.segsz);
        c.str(", shm_cpid=");
        c.pid(d.cpid);
        c.str(", shm_lpid=");
        c.pid(d.lpid);
        c.str(", shm_nattch=");
        c.udec(d.nattch);
        c.str(", shm_atime=");
        c.udec(static_cast<uint64_t>(d.atime));
        c.str(", shm_dtime=");
        c.udec(static_cast<uint64_t>(d.dtime));
        c.str(", shm_ctime=");
        c.udec(static_cast<uint64_t>(d.ctime));
    }
    c.str("}");
}
}  // namespace

void decode_shmctl(Call &c) {
    const unsigned cmd = static_cast<unsigned>(c.arg(1)) & ~kIpc64;
    const uint64_t addr = c.arg(2);
    if (c.entering()) {
        c.aux() = 0;
        c.dec(static_cast<int>(c.arg(0)));
        c.sep();
        command(c, static_cast<uint32_t>(c.arg(1)), xlat_shmctl_flags, "%#llx /* SHM_??? */");
        c.sep();
        if (cmd == kIpcSet) return shmid_ds(c, addr, cmd);
        if (cmd == kIpcStat || cmd == 13 || cmd == 15 || cmd == kIpcInfo || cmd == 14) return;  // at exit
        c.ptr(addr);
        c.aux() = 1;
        return;
    }
    if (cmd == kIpcSet || c.aux() == 1) return;
    if (cmd == kIpcInfo) {
        ShmInfo64 i;
        if (!c.fetch(addr, i)) return;
        const std::pair<const char *, uint64_t> f[] = {{"{shmmax=", i.shmmax},
                                                       {", shmmin=", i.shmmin},
                                                       {", shmmni=", i.shmmni},
                                                       {", shmseg=", i.shmseg},
                                                       {", shmall=", i.shmall}};
        for (auto &[name, v] : f) {
            c.str(name);
            c.udec(v);
        }
        c.str("}");
    } else if (cmd == 14) {
        ShmInfo i;
        if (!c.fetch(addr, i)) return;
        c.str("{used_ids=");
        c.dec(i.used_ids);
        const std::pair<const char *, uint64_t> f[] = {{", shm_tot=", i.shm_tot},
                                                       {", shm_rss=", i.shm_rss},
                                                       {", shm_swp=", i.shm_swp},
                                                       {", swap_attempts=", i.swap_attempts},
                                                       {", swap_successes=", i.swap_successes}};
        for (auto &[name, v] : f) {
            c.str(name);
            c.udec(v);
        }
        c.str("}");
    } else {
        shmid_ds(c, addr, cmd);
    }
}

}  // namespace wiretrace
