/* Integration tracee for -f: a child process and a thread each write a line, then the parent
 * waits for both. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static int devnull;

static void *thread_main(void *arg)
{
	(void)arg;
	(void)!write(devnull, "thread\n", 7);
	return NULL;
}

int main(void)
{
	devnull = open("/dev/null", O_WRONLY);
	pid_t pid = fork();
	if (pid == 0) {
		(void)!write(devnull, "child\n", 6);
		_exit(3);
	}
	int st;
	waitpid(pid, &st, 0);
	pthread_t t;
	pthread_create(&t, NULL, thread_main, NULL);
	pthread_join(t, NULL);
	(void)!write(devnull, "parent\n", 7);
	return WEXITSTATUS(st) == 3 ? 0 : 1;
}
