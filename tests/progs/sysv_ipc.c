/* System V IPC on private objects it creates and removes: a message queue (send, receive,
 * stat, set, info), a semaphore set (op, timed op, stat, info, values) and a shared memory
 * segment (attach, detach, stat, info); then a POSIX message queue of its own (open with
 * attributes, send, receive, notify, attributes, unlink). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>

int main(void)
{
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0)
		return 77;
	struct {
		long mtype;
		char mtext[16];
	} m = { 7, "hello, queue" };
	msgsnd(q, &m, sizeof m.mtext, 0);
	msgrcv(q, &m, sizeof m.mtext, 0, IPC_NOWAIT);
	struct msqid_ds ds;
	msgctl(q, IPC_STAT, &ds);
	msgctl(q, IPC_SET, &ds);
	struct msginfo mi;
	msgctl(q, IPC_INFO, (struct msqid_ds *)&mi);
	msgctl(q, IPC_RMID, NULL);

	int s = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
	struct sembuf ops[2] = { { 0, 1, SEM_UNDO }, { 1, 1, IPC_NOWAIT } };
	semop(s, ops, 2);
	struct timespec ts = { 0, 1000 };
	ops[0].sem_op = -1;
	semtimedop(s, ops, 1, &ts);
	struct semid_ds sds;
	semctl(s, 0, IPC_STAT, &sds);
	semctl(s, 1, GETVAL);
	semctl(s, 0, IPC_RMID);

	int shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	void *p = shmat(shm, NULL, SHM_RDONLY);
	shmdt(p);
	struct shmid_ds shds;
	shmctl(shm, IPC_STAT, &shds);
	shmctl(shm, IPC_RMID, NULL);

	char name[64];
	snprintf(name, sizeof name, "/wiretrace-mq-%d", (int)getpid());
	struct mq_attr attr = { .mq_maxmsg = 2, .mq_msgsize = 32 };
	mqd_t mq = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &attr);
	if (mq == (mqd_t)-1)
		return 0;
	struct timespec later = { 2000000000, 0 };
	mq_timedsend(mq, "posix message", 13, 5, &later);
	char buf[32];
	unsigned prio;
	mq_timedreceive(mq, buf, sizeof buf, &prio, &later);
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2 };
	mq_notify(mq, &sev);
	mq_notify(mq, NULL);
	struct mq_attr old, nonblock = { .mq_flags = O_NONBLOCK };
	mq_setattr(mq, &nonblock, &old);
	mq_close(mq);
	mq_unlink(name);
	return 0;
}
