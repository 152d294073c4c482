/* A hostile tracee: passes unmapped, half-mapped and wild pointers and huge lengths to the
 * calls wiretrace decodes, while a thread keeps rewriting a buffer the calls point at. Every
 * call fails or does nothing harmful; the tracer must print addresses (or what it could
 * read) and carry on. Exits 0 when it got to the end. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kvm.h>
#include <linux/blkpg.h>
#include <linux/counter.h>
#include <linux/fiemap.h>
#include <linux/blktrace_api.h>
#include <linux/fs.h>
#include <linux/gpio.h>
#include <linux/hdreg.h>
#include <linux/input.h>
#include <linux/kd.h>
#include <linux/loop.h>
#include <linux/ptp_clock.h>
#include <linux/rtc.h>
#include <mtd/mtd-abi.h>
#include <mtd/ubi-user.h>
#include <linux/sockios.h>
#include <linux/userfaultfd.h>
#include <linux/seccomp.h>
#include <linux/futex.h>
#include <linux/dm-ioctl.h>
#include <linux/netlink.h>
#include <linux/perf_event.h>
#include <linux/tee.h>
#include <linux/videodev2.h>
#include <scsi/sg.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define BAD ((void *)0xdead0000UL)
#define HUGE ((size_t)1 << 40)

static volatile int stop;
static char *edge; /* the last 8 bytes before a PROT_NONE page */
static char churn[256];

static void *churner(void *arg)
{
	(void)arg;
	unsigned i = 0;
	while (!stop) {
		memset(churn, (int)(i++ & 0xff), sizeof churn);
		churn[i % sizeof churn] = 0;
	}
	return NULL;
}

int main(void)
{
	long page = sysconf(_SC_PAGESIZE);
	char *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(map + page, page, PROT_NONE);
	edge = map + page - 8;
	memset(edge, 'A', 8); /* no terminating NUL before the hole */
	pthread_t t;
	pthread_create(&t, NULL, churner, NULL);
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	int ep = epoll_create1(0);
	int nl[] = { socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG), socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER),
		     socket(AF_NETLINK, SOCK_RAW, NETLINK_KOBJECT_UEVENT), socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) };

	for (int round = 0; round < 3; round++) {
		void *ptrs[] = { BAD, edge, churn, (void *)1, (void *)-1L };
		for (unsigned k = 0; k < sizeof ptrs / sizeof ptrs[0]; k++) {
			void *p = ptrs[k];
			(void)!write(-1, p, HUGE);
			(void)!write(s, p, 64);
			(void)!read(-1, p, HUGE);
			(void)!openat(AT_FDCWD, p, O_RDONLY);
			(void)!access(p, F_OK);
			struct iovec iov[2] = { { p, HUGE }, { edge, 64 } };
			(void)!writev(-1, p, 1 << 20);
			(void)!writev(-1, iov, 2);
			struct msghdr m = { .msg_name = p, .msg_namelen = 1 << 30, .msg_iov = p, .msg_iovlen = 1 << 30,
					    .msg_control = p, .msg_controllen = HUGE };
			(void)!sendmsg(s, p, 0);
			(void)!sendmsg(s, &m, MSG_DONTWAIT);
			(void)!recvmsg(s, p, MSG_DONTWAIT);
			(void)!syscall(SYS_sendmmsg, s, p, 1 << 30, 0);
			(void)!syscall(SYS_recvmmsg, s, p, 1 << 30, MSG_DONTWAIT, p);
			(void)!sendto(s, p, 10, 0, p, 1 << 30);
			(void)!connect(s, p, 1 << 30);
			(void)!bind(-1, p, 16);
			(void)!setsockopt(s, SOL_SOCKET, SO_LINGER, p, 8);
			(void)!getsockopt(s, SOL_SOCKET, SO_TYPE, p, p);
			(void)!syscall(SYS_accept, -1, p, p);
			(void)!syscall(SYS_poll, p, 1 << 30, 0);
			(void)!syscall(SYS_select, 1 << 30, p, p, p, p);
			(void)!syscall(SYS_pselect6, 1 << 30, p, p, p, p, p);
			(void)!epoll_ctl(ep, EPOLL_CTL_ADD, 0, p);
			(void)!syscall(SYS_epoll_wait, ep, p, 1 << 20, 0);
			(void)!syscall(SYS_rt_sigaction, SIGUSR1, p, p, 8);
			(void)!syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, p, 8);
			(void)!syscall(SYS_rt_sigprocmask, SIG_BLOCK, p, p, HUGE);
			(void)!syscall(SYS_clone3, p, HUGE);
			(void)!syscall(SYS_waitid, P_PID, 1, p, WEXITED | WNOHANG, p);
			(void)!syscall(SYS_wait4, -1, p, WNOHANG, p);
			(void)!syscall(SYS_statx, AT_FDCWD, p, 0, 0x7ff, p);
			(void)!syscall(SYS_newfstatat, AT_FDCWD, p, p, 0);
			(void)!syscall(SYS_statfs, p, p);
			(void)!syscall(SYS_getdents64, -1, p, HUGE);
			(void)!syscall(SYS_futex, p, FUTEX_WAKE, 1, p, p, 0);
			(void)!syscall(SYS_getxattr, p, p, p, HUGE);
			(void)!prctl(PR_SET_NAME, p, 0, 0, 0);
			(void)!prctl(PR_GET_TID_ADDRESS, p, 0, 0, 0);
			(void)!prctl(PR_GET_TSC, p, 0, 0, 0);
			if (p != churn) /* (unreadable programs only: EFAULT, no filter is ever installed) */
				(void)!prctl(PR_SET_SECCOMP, 2 /* SECCOMP_MODE_FILTER */, p, 0, 0),
					(void)!syscall(SYS_seccomp, 1 /* SECCOMP_SET_MODE_FILTER */, 0, p);
			(void)!syscall(SYS_seccomp, 3 /* SECCOMP_GET_NOTIF_SIZES */, 0, p);
			(void)!prctl(PR_SET_VMA, 0, (unsigned long)p, 16, (unsigned long)p);
			(void)!syscall(SYS_rt_sigqueueinfo, 0x7fffffff, SIGUSR1, p);
			/* (the churning buffer may hold a valid interval or time - other calls write structures
			 * into it - which would arm a killing timer or sleep for ages: unreadable ones only) */
			if (p != churn)
				(void)!syscall(SYS_setitimer, ITIMER_PROF, p, p);
			(void)!syscall(SYS_sigaltstack, p, p);
			if (p != churn)
				(void)!syscall(SYS_nanosleep, p, p);
			(void)!syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, p, p);
			(void)!syscall(SYS_fcntl, -1, F_SETLK, p);
			(void)!syscall(SYS_ioctl, -1, 0x5421 /* FIONBIO */, p);
			/* each ioctl subsystem's structures, from a garbage pointer and from the edge */
			static const unsigned long reqs[] = {
				0x5402 /* TCSETS */, 0x402c542b /* TCSETS2 */, 0x5406 /* TCSETA */,
				0x5414 /* TIOCSWINSZ */, 0x5416 /* TIOCMBIS */, RTC_SET_TIME, RTC_WKALM_SET,
				RTC_PLL_SET, RTC_PARAM_SET, LOOP_SET_STATUS, LOOP_SET_STATUS64, LOOP_CONFIGURE,
				BLKPG, BLKDISCARD, BLKTRACESETUP, EVIOCSFF, EVIOCSKEYCODE_V2, EVIOCSREP,
				EVIOCSABS(0), EVIOCGBIT(EV_KEY, 96), EVIOCGMTSLOTS(64), HDIO_DRIVE_CMD,
				HDIO_DRIVE_RESET, SECCOMP_IOCTL_NOTIF_RECV, SECCOMP_IOCTL_NOTIF_SEND,
				SECCOMP_IOCTL_NOTIF_ADDFD, FS_IOC_FIEMAP, FITRIM, FS_IOC_FSSETXATTR, FS_IOC_SETFLAGS,
				COUNTER_ADD_WATCH_IOCTL, PTP_PEROUT_REQUEST2, PTP_SYS_OFFSET, PTP_PIN_SETFUNC,
				GPIO_V2_GET_LINE_IOCTL, GPIO_V2_LINE_SET_CONFIG_IOCTL, GPIO_GET_LINEHANDLE_IOCTL,
				KDSKBENT, KDSKBSENT, KDSKBDIACR, KDSKBDIACRUC, PIO_UNIMAP, PIO_FONTX, KDFONTOP,
				PIO_UNISCRNMAP, KDKBDREP, UFFDIO_API, UFFDIO_REGISTER, UFFDIO_COPY, SIOCGIFCONF,
				MEMWRITE, MEMGETREGIONINFO, UBI_IOCMKVOL, UBI_IOCRNVOL,
				KVM_SET_USER_MEMORY_REGION, KVM_SET_REGS, KVM_SET_SREGS, KVM_SET_CPUID2,
				VIDIOC_S_FMT, VIDIOC_TRY_FMT, VIDIOC_S_EXT_CTRLS, VIDIOC_QUERYCTRL, VIDIOC_QBUF,
				VIDIOC_CREATE_BUFS, VIDIOC_S_TUNER, VIDIOC_ENUM_FRAMESIZES, PERF_EVENT_IOC_MODIFY_ATTRIBUTES,
				PERF_EVENT_IOC_QUERY_BPF, PERF_EVENT_IOC_SET_FILTER, SG_IO, SG_GET_SCSI_ID, DM_TABLE_LOAD,
				DM_LIST_DEVICES, DM_TARGET_MSG, DM_DEV_RENAME, TEE_IOC_OPEN_SESSION, TEE_IOC_INVOKE,
				TEE_IOC_SUPPL_RECV, TEE_IOC_SHM_REGISTER,
			};
			for (unsigned r = 0; r < sizeof reqs / sizeof reqs[0]; r++) {
				(void)!syscall(SYS_ioctl, -1, reqs[r], p);
				(void)!syscall(SYS_ioctl, -1, reqs[r], edge);
			}
			(void)!syscall(SYS_perf_event_open, p, 0, -1, -1, 0);
			/* SysV IPC on ids that do not exist: the structures are read, nothing is changed */
			(void)!syscall(SYS_msgsnd, -1, p, HUGE, IPC_NOWAIT);
			(void)!syscall(SYS_msgrcv, -1, p, HUGE, 0, IPC_NOWAIT);
			(void)!syscall(SYS_msgctl, -1, IPC_SET, p);
			(void)!syscall(SYS_semop, -1, p, 1 << 20);
			(void)!syscall(SYS_semtimedop, -1, p, 4, p);
			(void)!syscall(SYS_semctl, -1, 0, IPC_SET, p);
			(void)!syscall(SYS_shmctl, -1, IPC_SET, p);
			if (p != churn) /* (never a readable name: no queue is ever created) */
				(void)!syscall(SYS_mq_open, p, O_CREAT | O_RDONLY, 0600, p);
			(void)!syscall(SYS_mq_timedsend, -1, p, HUGE, 0, p);
			(void)!syscall(SYS_mq_timedreceive, -1, p, HUGE, p, p);
			(void)!syscall(SYS_mq_notify, -1, p);
			(void)!syscall(SYS_mq_getsetattr, -1, p, p);
			/* netlink messages of the families decoded by structure, from memory the kernel cannot
			 * read (EFAULT: nothing reaches it - never the churning buffer, which it could act on) */
			for (unsigned n = 0; p != churn && n < sizeof nl / sizeof nl[0]; n++) {
				(void)!sendto(nl[n], p, 1 << 16, MSG_DONTWAIT, NULL, 0);
				(void)!sendto(nl[n], edge, 64, MSG_DONTWAIT, NULL, 0);
			}
			(void)!syscall(SYS_sendfile, -1, -1, p, HUGE);
			(void)!syscall(SYS_memfd_create, p, 0);
			(void)!syscall(SYS_execve, p, p, p);
			char *argv[] = { edge, p, NULL };
			(void)!syscall(SYS_execve, edge, argv, p);
		}
	}
	stop = 1;
	pthread_join(t, NULL);
	return 0;
}
