#!/usr/bin/python3
"""TCP traffic that makes Wireshark's analysis flags happen, between two test namespaces.

  tcp_mix.py server ADDR      (in the receiving namespace; exits after the three connections)
  tcp_mix.py client ADDR      (in the sending namespace)

Three connections, each on its own port:
  5001  bulk: 3 MB sent as fast as possible (the test drops packets at random with nft:
        retransmissions, dup ACKs, lost segments, fast retransmissions, window updates)
  5002  a receiver that does not read for 1.5 s with a small buffer: zero window, window
        full, zero-window probes (Linux sends them as keep-alive-like segments), window update
  5003  an idle connection with TCP keep-alive every second: keep-alive, keep-alive ACK
  5004  two connections from the same client port (the server closes first, so the client
        side keeps no TIME_WAIT): port numbers reused
Only the addresses given are used (the test assigns them inside its namespaces).
"""
import socket
import sys
import threading
import time

BULK, ZW, KA, REUSE = 5001, 5002, 5003, 5004
REUSE_CLIENT_PORT = 45004


def server(addr):
    def listen(port, rcvbuf=None):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if rcvbuf:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        s.bind((addr, port))
        s.listen(1)
        return s

    ls = {BULK: listen(BULK), ZW: listen(ZW, 4096), KA: listen(KA), REUSE: listen(REUSE)}
    print("ready", flush=True)

    def serve(port):
        if port == REUSE:
            for _ in range(2):
                c, _ = ls[port].accept()
                c.recv(100)
                c.close()  # first: TIME_WAIT stays on this side
            return
        c, _ = ls[port].accept()
        if port == ZW:
            time.sleep(1.5)
        while True:
            d = c.recv(65536)
            if not d:
                break
            if port == ZW:
                time.sleep(0.01)
        c.close()

    ts = [threading.Thread(target=serve, args=(p,)) for p in ls]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


def client(addr):
    def bulk():
        s = socket.create_connection((addr, BULK))
        s.sendall(b"x" * (3 << 20))
        s.close()

    def zero_window():
        s = socket.create_connection((addr, ZW))
        s.sendall(b"y" * (256 << 10))
        s.close()

    def keep_alive():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
        s.connect((addr, KA))
        s.send(b"hello")
        time.sleep(2.6)
        s.close()

    def reuse():
        for _ in range(2):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("0.0.0.0", REUSE_CLIENT_PORT))
            s.connect((addr, REUSE))
            s.send(b"hi")
            s.recv(100)  # the server's FIN
            s.close()
            time.sleep(0.3)

    ts = [threading.Thread(target=f) for f in (bulk, zero_window, keep_alive, reuse)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()


if __name__ == "__main__":
    {"server": server, "client": client}[sys.argv[1]](sys.argv[2])
