/* The demo: a TCP echo server and a client over 127.0.0.1 in one program. The parent listens
 * on an ephemeral port, forks a client that connects, sends a line and reads the echo back;
 * the server accepts, echoes and both exit. Try: wiretrace -f -e trace=network build/demo_echo */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	socklen_t alen = sizeof a;
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int srv = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (srv < 0 || bind(srv, (struct sockaddr *)&a, sizeof a) < 0 || listen(srv, 1) < 0 ||
	    getsockname(srv, (struct sockaddr *)&a, &alen) < 0) {
		perror("demo_echo: server");
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		char buf[64];
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, sizeof a) < 0)
			_exit(1);
		send(c, "hello, wiretrace\n", 17, 0);
		ssize_t n = recv(c, buf, sizeof buf, 0);
		close(c);
		_exit(n == 17 ? 0 : 1);
	}
	int conn = accept(srv, NULL, NULL);
	char buf[64];
	ssize_t n = recv(conn, buf, sizeof buf, 0);
	if (n > 0)
		send(conn, buf, (size_t)n, 0);
	close(conn);
	close(srv);
	int st = 0;
	waitpid(pid, &st, 0);
	printf("demo_echo: echoed %zd bytes over 127.0.0.1:%u\n", n, ntohs(a.sin_port));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
