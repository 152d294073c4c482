/* Integration tracee: a non-leader thread calls execve, so the kernel switches its tid to the
 * process id; the new image (argv[1] == "done") exits 4. */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static char *self;

static void *do_exec(void *arg)
{
	(void)arg;
	char *a[] = { self, "done", NULL };
	char *e[] = { NULL };
	execve(self, a, e);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "done") == 0)
		return 4;
	self = argv[0];
	pthread_t t;
	pthread_create(&t, NULL, do_exec, NULL);
	pause();
	return 1;
}
