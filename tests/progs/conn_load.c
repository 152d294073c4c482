/* A loopback workload for scripts/bench --main-job: a forked server and a client in one
 * command, so that a tracer with -f sees both ends.
 *   conn_load PORT CONNECTIONS [BULK_MB]
 * CONNECTIONS short HTTP-like exchanges (connect, a 100-byte request, a 1000-byte answer,
 * close) one after the other, then, with BULK_MB, one connection carrying that many MB. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[1 << 16];

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	int port = atoi(argv[1]);
	long n = atol(argv[2]);
	long mb = argc > 3 ? atol(argv[3]) : 0;
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int lst = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(lst, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(lst, (struct sockaddr *)&a, sizeof a) || listen(lst, 128))
		return 1;
	pid_t srv = fork();
	if (srv == 0) {
		for (;;) {
			int c = accept(lst, NULL, NULL);
			if (c < 0)
				continue;
			ssize_t r;
			long total = 0;
			while ((r = read(c, buf, sizeof buf)) > 0) {
				total += r;
				if (total == 100) {
					memset(buf, 'a', 1000);
					(void)!write(c, buf, 1000);
					break;
				}
			}
			close(c);
		}
	}
	close(lst);
	char req[100];
	memset(req, 'q', sizeof req);
	for (long i = 0; i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&a, sizeof a))
			return 3;
		(void)!write(s, req, sizeof req);
		long got = 0;
		ssize_t r;
		while ((r = read(s, buf, sizeof buf)) > 0)
			got += r;
		close(s);
		if (got != 1000)
			return 4;
	}
	if (mb) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(s, (struct sockaddr *)&a, sizeof a))
			return 3;
		memset(buf, 'b', sizeof buf);
		for (long left = mb << 20; left > 0;) {
			ssize_t r = write(s, buf, left < (long)sizeof buf ? left : (long)sizeof buf);
			if (r <= 0)
				return 5;
			left -= r;
		}
		close(s);
	}
	kill(srv, SIGKILL);
	waitpid(srv, NULL, 0);
	return 0;
}
