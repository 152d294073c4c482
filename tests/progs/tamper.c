// A tracee for -e inject=/-e fault=: it reports what its calls returned, so a test can check
// that the tracee, not just the trace, saw the injected results.
//   tamper calls N      chdir("/") N times, then getuid() N times: one line per call
//   tamper signal N     N chdir("/") calls, then the number of SIGUSR1 it caught
//   tamper poke         chdir(buf) with buf "/nonexistent-dir", then buf as it is afterwards
//   tamper time         gettimeofday() once, then the microseconds it took
//   tamper fork N       N children, each calling chdir("/") twice: "pid: r1 r2" per child
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static void on_usr1(int sig) {
    (void)sig;
    caught++;
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    int n = argc > 2 ? atoi(argv[2]) : 1;
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(argv[1], "calls")) {
        for (int i = 1; i <= n; i++) {
            int r = chdir("/");
            printf("chdir %d: %d %s\n", i, r, r < 0 ? strerrorname_np(errno) : "");
        }
        for (int i = 1; i <= n; i++) printf("getuid %d: %u\n", i, (unsigned)getuid());
    } else if (!strcmp(argv[1], "signal")) {
        signal(SIGUSR1, on_usr1);
        for (int i = 0; i < n; i++) chdir("/");
        printf("caught %d\n", (int)caught);
    } else if (!strcmp(argv[1], "poke")) {
        char buf[32] = "/nonexistent-dir";
        int r = chdir(buf);
        printf("chdir: %d, buf: %s\n", r, buf);
    } else if (!strcmp(argv[1], "time")) {
        struct timespec a, b;
        struct timeval tv;
        clock_gettime(CLOCK_MONOTONIC, &a);
        syscall(SYS_gettimeofday, &tv, NULL);  // (not the vDSO: a real call)
        clock_gettime(CLOCK_MONOTONIC, &b);
        printf("took %ld us\n", (long)((b.tv_sec - a.tv_sec) * 1000000 + (b.tv_nsec - a.tv_nsec) / 1000));
    } else if (!strcmp(argv[1], "fork")) {
        for (int i = 0; i < n; i++) {
            pid_t p = fork();
            if (p == 0) {
                int r1 = chdir("/"), r2 = chdir("/");
                printf("child: %d %d\n", r1, r2);
                _exit(0);
            }
            waitpid(p, NULL, 0);
        }
    }
    return 0;
}
