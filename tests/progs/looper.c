/* Integration tracee for -p: loops until killed, touching a file each round so the test can
 * see it is still running (and untraced) after wiretrace detaches. Signals argv[1] (a path)
 * once it has started. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 5000000 };
	for (unsigned long i = 0;; i++) {
		if (argc > 1) {
			int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0600);
			if (fd >= 0) {
				char c = (char)('0' + i % 10);
				(void)!write(fd, &c, 1);
				close(fd);
			}
		}
		nanosleep(&ts, NULL);
	}
}
