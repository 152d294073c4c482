/* One UDP datagram larger than the loopback MTU the test sets (1280): the kernel sends it in
 * fragments (fragmentation allowed on the socket), and the receiver reads it whole. Run in a
 * namespace of its own by the test. Prints "got N". */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	int rx = socket(AF_INET, SOCK_DGRAM, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(4747),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(rx, (struct sockaddr *)&a, sizeof a))
		return 1;
	int dont = IP_PMTUDISC_DONT;
	setsockopt(tx, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof dont);
	static char buf[4000];
	memset(buf, 'x', sizeof buf);
	if (sendto(tx, buf, sizeof buf, 0, (struct sockaddr *)&a, sizeof a) != (ssize_t)sizeof buf)
		return 2;
	ssize_t n = recvfrom(rx, buf, sizeof buf, 0, NULL, NULL);
	printf("got %zd\n", n);
	return n == (ssize_t)sizeof buf ? 0 : 3;
}
