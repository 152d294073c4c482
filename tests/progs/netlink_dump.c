/* Asks the kernel over NETLINK_ROUTE for its IPv4 addresses (sendto/recvfrom), sends a link
 * request with a netlink peer address (sendmsg, on a second socket never read), and a malformed
 * request whose error acknowledgement quotes it. Reads kernel state only: no traffic. */
#define _GNU_SOURCE
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static char buf[1 << 16];

int main(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE), fd2 = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (fd < 0 || fd2 < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa))
		return 1;
	struct {
		struct nlmsghdr h;
		struct ifaddrmsg a;
	} addr_req = { { sizeof addr_req, RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, 1, 0 }, { .ifa_family = AF_INET } };
	if (sendto(fd, &addr_req, sizeof addr_req, 0, NULL, 0) < 0)
		return 2;
	if (recvfrom(fd, buf, sizeof buf, 0, NULL, NULL) < 0)
		return 3;
	/* the rest of the dump (its NLMSG_DONE) */
	if (recvfrom(fd, buf, sizeof buf, 0, NULL, NULL) < 0)
		return 3;
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} link_req = { { sizeof link_req, RTM_GETLINK, NLM_F_REQUEST, 2, 0 }, { .ifi_family = AF_UNSPEC, .ifi_index = 1 } };
	struct iovec iov = { &link_req, sizeof link_req };
	struct msghdr m = { .msg_name = &sa, .msg_namelen = sizeof sa, .msg_iov = &iov, .msg_iovlen = 1 };
	if (sendmsg(fd2, &m, 0) < 0)
		return 4;
	/* a request the kernel refuses: its acknowledgement quotes it */
	struct nlmsghdr bad = { sizeof bad, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK, 3, 0 };
	sendto(fd, &bad, sizeof bad, 0, NULL, 0);
	recvfrom(fd, buf, sizeof buf, 0, NULL, NULL);
	close(fd2);
	close(fd);
	return 0;
}
