/* Ground truth for the correlator: loopback traffic whose every socket call is logged by the
 * program itself, so a test can check what wiretrace attributed to whom.
 *   corr_truth LOG
 * LOG gets one line per fact, written whole with O_APPEND:
 *   conn PID FD LOCALPORT REMOTEPORT   a connected TCP socket (either end), the listener or a UDP
 *                                      socket (remote 0)
 *   send PID FD BYTES                  what one send call moved
 *   recv PID FD BYTES                  what one receive call moved
 * The traffic: a TCP ping-pong (10 rounds), a 2 MB bulk transfer, 4 short connections from
 * forked children and 4 from threads, a UDP request/response (5 rounds), and a connected
 * socket passed over a UNIX socket (SCM_RIGHTS) to a child that sends on it. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static int logfd;
static struct sockaddr_in srv_addr;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	(void)!write(logfd, buf, n);
}

static void log_conn(int fd)
{
	struct sockaddr_in l, r;
	socklen_t ll = sizeof l, rl = sizeof r;
	getsockname(fd, (struct sockaddr *)&l, &ll);
	if (getpeername(fd, (struct sockaddr *)&r, &rl))
		r.sin_port = 0;
	logf_("conn %d %d %d %d\n", getpid(), fd, ntohs(l.sin_port), ntohs(r.sin_port));
}

static ssize_t tsend(int fd, const void *p, size_t n)
{
	ssize_t r = send(fd, p, n, 0);
	if (r > 0)
		logf_("send %d %d %zd\n", getpid(), fd, r);
	return r;
}

static ssize_t trecv(int fd, void *p, size_t n)
{
	ssize_t r = recv(fd, p, n, 0);
	if (r > 0)
		logf_("recv %d %d %zd\n", getpid(), fd, r);
	return r;
}

static int dial(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&srv_addr, sizeof srv_addr))
		exit(3);
	log_conn(s);
	return s;
}

/* the client side of one short exchange: a request, the answer until the server closes */
static void short_client(void)
{
	int s = dial();
	tsend(s, "ping", 4);
	char buf[64];
	while (trecv(s, buf, sizeof buf) > 0)
		;
	close(s);
}

static void *thread_client(void *arg)
{
	(void)arg;
	short_client();
	return NULL;
}

static void serve_short(int lst, int n)
{
	for (int i = 0; i < n; i++) {
		int c = accept(lst, NULL, NULL);
		log_conn(c);
		char buf[64];
		trecv(c, buf, sizeof buf);
		tsend(c, "pong!", 5);
		close(c);
	}
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	logfd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0644);
	int lst = socket(AF_INET, SOCK_STREAM, 0);
	srv_addr.sin_family = AF_INET;
	srv_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(lst, (struct sockaddr *)&srv_addr, sizeof srv_addr) || listen(lst, 16))
		return 1;
	socklen_t al = sizeof srv_addr;
	getsockname(lst, (struct sockaddr *)&srv_addr, &al);
	log_conn(lst); /* what reaches it before accept() returns is the listener's */
	char buf[65536];

	/* 1. ping-pong and bulk, from a forked client */
	pid_t pid = fork();
	if (pid == 0) {
		int s = dial();
		for (int i = 0; i < 10; i++) {
			tsend(s, "0123456789", 10);
			trecv(s, buf, 10);
		}
		static char bulk[1 << 16];
		memset(bulk, 'b', sizeof bulk);
		for (int i = 0; i < 32; i++) {
			size_t off = 0;
			while (off < sizeof bulk) {
				ssize_t r = tsend(s, bulk + off, sizeof bulk - off);
				if (r <= 0)
					_exit(4);
				off += r;
			}
		}
		shutdown(s, SHUT_WR);
		while (trecv(s, buf, sizeof buf) > 0)
			;
		close(s);
		_exit(0);
	}
	int c = accept(lst, NULL, NULL);
	log_conn(c);
	for (int i = 0; i < 10; i++) {
		ssize_t got = 0;
		while (got < 10) {
			ssize_t r = trecv(c, buf, 10 - got);
			if (r <= 0)
				return 5;
			got += r;
		}
		tsend(c, buf, 10);
	}
	while (trecv(c, buf, sizeof buf) > 0)
		;
	close(c);
	waitpid(pid, NULL, 0);

	/* 2. short connections from forked children, then from threads */
	for (int i = 0; i < 4; i++)
		if (fork() == 0) {
			short_client();
			_exit(0);
		}
	serve_short(lst, 4);
	while (wait(NULL) > 0)
		;
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, thread_client, NULL);
	serve_short(lst, 4);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);

	/* 3. UDP request/response */
	int us = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in ua = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(us, (struct sockaddr *)&ua, sizeof ua);
	al = sizeof ua;
	getsockname(us, (struct sockaddr *)&ua, &al);
	log_conn(us);
	pid = fork();
	if (pid == 0) {
		int uc = socket(AF_INET, SOCK_DGRAM, 0);
		for (int i = 0; i < 5; i++) {
			ssize_t r = sendto(uc, "question", 8, 0, (struct sockaddr *)&ua, sizeof ua);
			if (i == 0)
				log_conn(uc);
			logf_("send %d %d %zd\n", getpid(), uc, r);
			r = recv(uc, buf, sizeof buf, 0);
			logf_("recv %d %d %zd\n", getpid(), uc, r);
		}
		_exit(0);
	}
	for (int i = 0; i < 5; i++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof from;
		ssize_t r = recvfrom(us, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
		logf_("recv %d %d %zd\n", getpid(), us, r);
		r = sendto(us, "answer!", 7, 0, (struct sockaddr *)&from, fl);
		logf_("send %d %d %zd\n", getpid(), us, r);
	}
	waitpid(pid, NULL, 0);
	close(us);

	/* 4. a connected socket passed to a child, which sends on it */
	int pair[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, pair);
	pid = fork();
	if (pid == 0) {
		close(pair[0]);
		char b;
		struct iovec iov = {&b, 1};
		char cbuf[CMSG_SPACE(sizeof(int))];
		struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
		if (recvmsg(pair[1], &mh, 0) != 1)
			_exit(6);
		int fd;
		memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof fd);
		log_conn(fd);
		tsend(fd, "from the child", 14);
		close(fd);
		_exit(0);
	}
	close(pair[1]);
	int s = dial();
	char b = 'x';
	struct iovec iov = {&b, 1};
	char cbuf[CMSG_SPACE(sizeof(int))];
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof cbuf};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &s, sizeof s);
	sendmsg(pair[0], &mh, 0);
	close(s);
	c = accept(lst, NULL, NULL);
	log_conn(c);
	while (trecv(c, buf, sizeof buf) > 0)
		;
	close(c);
	waitpid(pid, NULL, 0);
	return 0;
}
