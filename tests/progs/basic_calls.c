/* Integration tracee: a fixed sequence of calls whose lines the tests assert exactly,
 * including bad pointers (the tracer must print the address and go on), an unknown syscall
 * number, and an exit status the tracer must pass on. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int code = argc > 1 ? atoi(argv[1]) : 0;
	int fd = open("/dev/null", O_WRONLY);
	(void)!write(fd, "hello\n", 6);
	(void)!write(fd, (const void *)1, 10);       /* EFAULT: the address is printed */
	(void)!open((const char *)1, O_RDONLY);      /* EFAULT on the path */
	(void)!write(fd, (const void *)0x1000, 0);   /* zero length at an unmapped address */
	syscall(500, 1, 2, 3, 4, 5, 6);              /* no such call: syscall_0x1f4(...) */
	close(fd);
	(void)!access("/nonexistent-wiretrace", F_OK);
	return code;
}
