/* Integration tracee for signals: a handled SIGUSR1 from kill(), a group-stop by SIGSTOP that
 * the test ends with SIGCONT (mode "stop"), or death by SIGTERM (mode "die"). */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_usr1(int s) { got = s; }

int main(int argc, char **argv)
{
	signal(SIGUSR1, on_usr1);
	kill(getpid(), SIGUSR1);
	if (argc > 1 && strcmp(argv[1], "stop") == 0)
		raise(SIGSTOP);
	if (argc > 1 && strcmp(argv[1], "die") == 0)
		raise(SIGTERM);
	return got == SIGUSR1 ? 0 : 1;
}
