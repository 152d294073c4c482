/* A loopback HTTP exchange in two processes: the parent serves one request on 127.0.0.1
 * (port chosen by the kernel), a forked child is the client. The steps are ordered with a
 * pipe so that each process's own calls are the same on every run. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static const char request[] = "GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
static const char response[] = "HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello";

int main(void)
{
	int srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	int one = 1;
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(srv, (struct sockaddr *)&a, sizeof a) || listen(srv, 4))
		return 1;
	socklen_t len = sizeof a;
	getsockname(srv, (struct sockaddr *)&a, &len);
	int ready[2];
	if (pipe2(ready, O_CLOEXEC))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(srv);
		if (read(ready[0], &c, 1) != 1)
			_exit(2);
		int s = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		if (connect(s, (struct sockaddr *)&a, sizeof a))
			_exit(3);
		send(s, request, sizeof request - 1, 0);
		char buf[256];
		ssize_t n, total = 0;
		while ((n = recv(s, buf, sizeof buf, 0)) > 0)
			total += n;
		shutdown(s, SHUT_RDWR);
		close(s);
		_exit(total == (ssize_t)sizeof response - 1 ? 0 : 4);
	}
	(void)!write(ready[1], "g", 1);
	struct sockaddr_in peer;
	socklen_t plen = sizeof peer;
	int c = accept4(srv, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	char buf[512];
	ssize_t n = recvfrom(c, buf, sizeof buf, 0, NULL, NULL);
	if (n <= 0)
		return 5;
	sendto(c, response, sizeof response - 1, MSG_NOSIGNAL, NULL, 0);
	shutdown(c, SHUT_WR);
	close(c);
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : 6;
}
