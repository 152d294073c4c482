/* Two processes, one descriptor table (clone with CLONE_FILES, not a thread): the parent's
 * socket A sits at fd X; the child closes X and connects a new socket, which the kernel puts at
 * X again; then the parent sends 17 bytes on X, which go out on the child's new connection.
 * Prints "fd X". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static struct sockaddr_in addr;
static int fd_x;

static int child(void *arg)
{
	(void)arg;
	close(fd_x);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (s != fd_x || connect(s, (struct sockaddr *)&addr, sizeof addr))
		_exit(1);
	_exit(0);
}

int main(void)
{
	int l = socket(AF_INET, SOCK_STREAM, 0);
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof addr;
	if (bind(l, (struct sockaddr *)&addr, sizeof addr) || listen(l, 4) ||
	    getsockname(l, (struct sockaddr *)&addr, &len))
		return 1;
	fd_x = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(fd_x, (struct sockaddr *)&addr, sizeof addr))
		return 2;
	int a = accept(l, NULL, NULL);
	if (send(fd_x, "a", 1, 0) != 1 || recv(a, (char[8]){0}, 8, 0) != 1)
		return 3;
	static char stack[65536];
	pid_t pid = clone(child, stack + sizeof stack, CLONE_FILES | SIGCHLD, NULL);
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid || status != 0)
		return 4;
	int b = accept(l, NULL, NULL);
	char buf[32];
	if (sendto(fd_x, "hello-from-parent", 17, 0, NULL, 0) != 17 || recv(b, buf, 17, MSG_WAITALL) != 17)
		return 5;
	printf("fd %d\n", fd_x);
	return 0;
}
