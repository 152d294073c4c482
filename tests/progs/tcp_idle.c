// A loopback TCP connection that moves data both ways, then sits idle until told to close:
// argv[1] is written (with the client's port) when the connection is idle, argv[2] is waited
// for (at most 20 s) before the descriptors are closed. The views' tests read the kernel's
// view of the idle connection (ss -tin) while it waits, and compare it with wiretrace's.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void move(int from, int to, size_t n) {
    static char buf[65536];
    memset(buf, 'x', sizeof buf);
    size_t sent = 0, got = 0;
    while (got < n) {
        if (sent < n) {
            size_t k = n - sent < sizeof buf ? n - sent : sizeof buf;
            ssize_t w = send(from, buf, k, MSG_DONTWAIT);
            if (w > 0) sent += (size_t)w;
        }
        ssize_t r = recv(to, buf, sizeof buf, MSG_DONTWAIT);
        if (r > 0) got += (size_t)r;
        if (r == 0) exit(3);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) return 2;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &len))
        return 1;
    int c = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(c, (struct sockaddr *)&a, sizeof a)) return 1;
    int s = accept(l, NULL, NULL);
    if (s < 0) return 1;
    move(c, s, 200000);
    move(s, c, 100000);
    usleep(300000);  // the last ACKs
    struct sockaddr_in me;
    len = sizeof me;
    getsockname(c, (struct sockaddr *)&me, &len);
    FILE *f = fopen(argv[1], "w");
    if (!f) return 1;
    fprintf(f, "%d\n", ntohs(me.sin_port));
    fclose(f);
    for (int i = 0; i < 2000 && access(argv[2], F_OK) != 0; i++) usleep(10000);
    close(c);
    close(s);
    close(l);
    return 0;
}
