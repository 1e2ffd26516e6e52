#!/usr/bin/env python3
"""A TCP relay on 127.0.0.1 that counts, for test-files.sh, how many bytes
the server sent (or, with "up", received), so that a test can tell a resumed
transfer from one that started over. TLS passes through it untouched: the
laptop still talks to the server's certificate. Standard library only.

  relay.py LISTEN_PORT TARGET_PORT COUNT_FILE [DELAY [up]]
      relays every connection to 127.0.0.1:TARGET_PORT; after each chunk from
      the server (from the laptop with "up"), writes the running total of
      bytes that way to COUNT_FILE and waits DELAY seconds (default 0), which
      slows a transfer enough for a test to stop it midway. Prints "ready"
      once it listens.
"""
import os
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
total = 0
lock = threading.Lock()


def write_count(count_file, value):
    # Replaced whole, never truncated in place: the test reads the file while
    # a transfer it has just killed may still be counted, and an empty read
    # would count every byte ever sent as sent after that moment.
    tmp = count_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % value)
    os.replace(tmp, count_file)


def pipe(src, dst, count_file, delay):
    global total
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
            if count_file is not None:
                with lock:
                    total += len(data)
                    write_count(count_file, total)
                if delay > 0:
                    time.sleep(delay)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    listen_port, target_port, count_file = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    delay = float(sys.argv[4]) if len(sys.argv) > 4 else 0.0
    upward = len(sys.argv) > 5 and sys.argv[5] == "up"
    write_count(count_file, 0)
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((HOST, listen_port))
    server.listen(16)
    print("ready", flush=True)
    while True:
        client, _ = server.accept()
        upstream = socket.create_connection((HOST, target_port))
        counted = (count_file, delay)
        threading.Thread(target=pipe, args=(client, upstream) + (counted if upward else (None, 0)),
                         daemon=True).start()
        threading.Thread(target=pipe, args=(upstream, client) + ((None, 0) if upward else counted),
                         daemon=True).start()


if __name__ == "__main__":
    main()
