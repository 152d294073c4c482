/* --pidns-translation tracee: a child in a new PID namespace asks for its ids, signals and
 * regroups its own child, whose pids it sees as 1 and 2. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
    if (unshare(CLONE_NEWPID)) { perror("unshare"); return 1; }
    pid_t p = fork();
    if (p == 0) {
        syscall(SYS_getpid);
        syscall(SYS_gettid);
        pid_t q = fork();
        if (q == 0) { syscall(SYS_getppid); _exit(0); }
        kill(q, 0);
        setpgid(q, q);
        syscall(SYS_getpgid, q);
        waitpid(q, NULL, 0);
        _exit(0);
    }
    waitpid(p, NULL, 0);
    return 0;
}
