#!/usr/bin/env python3
"""Connections a hostile or broken client makes, for test-connections.sh.
Standard library only; the address is always 127.0.0.1.

  probe.py idle PORT COUNT SECONDS [partial]
                                     open COUNT TCP connections that never send
                                     a byte (with "partial": the first bytes of a
                                     TLS record and no more), print "open N",
                                     hold them SECONDS
  probe.py silent PORT               one such connection: print how many seconds
                                     pass until the server closes it
  probe.py early PORT CERT KEY       a TLS client with CERT/KEY announcing a
                                     10 MB push and sending none of it: print the
                                     answer's status line and body
"""
import socket
import ssl
import sys
import time

HOST = "127.0.0.1"


def idle(port, count, seconds, partial):
    held = []
    for _ in range(count):
        try:
            s = socket.create_connection((HOST, port), timeout=5)
            if partial:
                s.sendall(b"\x16\x03\x01\x02\x00")
            held.append(s)
        except OSError:
            pass
    print("open", len(held), flush=True)
    time.sleep(seconds)


def silent(port):
    s = socket.create_connection((HOST, port), timeout=60)
    start = time.monotonic()
    try:
        s.recv(1)
    except OSError:
        pass
    print("%.1f" % (time.monotonic() - start))


def early(port, cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.load_cert_chain(cert, key)
    raw = socket.create_connection((HOST, port), timeout=10)
    s = ctx.wrap_socket(raw, server_hostname=HOST)
    s.sendall(b"POST /v1/changes HTTP/1.1\r\nHost: %s:%d\r\n"
              b"Content-Type: application/x-gongjian-changeset+gzip\r\n"
              b"Content-Length: 10000000\r\n\r\n" % (HOST.encode(), port))
    answer = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            answer += chunk
    except (OSError, ssl.SSLError):
        pass
    head, _, body = answer.partition(b"\r\n\r\n")
    print(head.split(b"\r\n")[0].decode(errors="replace"))
    print(body.decode(errors="replace"))


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "idle":
        idle(port, int(sys.argv[3]), float(sys.argv[4]), sys.argv[5:] == ["partial"])
    elif mode == "silent":
        silent(port)
    elif mode == "early":
        early(port, sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
