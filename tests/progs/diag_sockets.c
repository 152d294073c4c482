/* Opens one socket of each family NETLINK_SOCK_DIAG reports (a TCP listener and a UDP socket
 * on 127.0.0.1, a unix listener, a netlink socket, a packet socket), then runs the command given
 * as arguments (ss), which inherits them. Meant to run in a network namespace of its own
 * (unshare -n), whose loopback it brings up. Traffic: none. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2)
		return 1;
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = { 0 };
	strcpy(ifr.ifr_name, "lo");
	ifr.ifr_flags = IFF_UP;
	if (s < 0 || ioctl(s, SIOCSIFFLAGS, &ifr) != 0)
		return 1;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(40123) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int t = socket(AF_INET, SOCK_STREAM, 0);
	if (t < 0 || bind(t, (struct sockaddr *)&a, sizeof a) || listen(t, 7))
		return 2;
	a.sin_port = htons(40124);
	if (bind(s, (struct sockaddr *)&a, sizeof a))
		return 3;
	struct sockaddr_un u = { .sun_family = AF_UNIX };
	strcpy(u.sun_path + 1, "wiretrace-diag"); /* abstract: nothing to clean up */
	int x = socket(AF_UNIX, SOCK_STREAM, 0);
	if (x < 0 || bind(x, (struct sockaddr *)&u, offsetof(struct sockaddr_un, sun_path) + 15) || listen(x, 3))
		return 4;
	int n = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = 4242 };
	if (n < 0 || bind(n, (struct sockaddr *)&nl, sizeof nl))
		return 5;
	if (socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL)) < 0)
		return 6;
	execvp(argv[1], argv + 1);
	return 127;
}
