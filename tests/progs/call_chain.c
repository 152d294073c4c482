/* -k tracee: known call chains (main -> outer -> middle -> inner -> chdir), in the main
 * thread, in a second thread, and again after the process re-executes itself. */
#define _GNU_SOURCE
#include <pthread.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) void inner(const char *dir) { chdir(dir); }
__attribute__((noinline)) void middle(const char *dir) { inner(dir); __asm__ volatile("" ::: "memory"); }
__attribute__((noinline)) void outer(const char *dir) { middle(dir); __asm__ volatile("" ::: "memory"); }

static void *thread_main(void *arg)
{
	outer(arg);
	return NULL;
}

int main(int argc, char **argv)
{
	outer("/");
	pthread_t t;
	pthread_create(&t, NULL, thread_main, "/tmp");
	pthread_join(t, NULL);
	if (argc < 2) {
		char *a[] = { argv[0], "again", NULL };
		execv(argv[0], a);
	}
	return 0;
}
