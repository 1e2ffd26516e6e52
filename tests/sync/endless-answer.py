#!/usr/bin/env python3
# A hostile "district server": it holds the real server's certificate (as
# a stolen key would) and answers any request with a 200 whose body never
# ends, to show that a laptop stops reading at the protocol's limit.
# Standard library only; listens on 127.0.0.1 and nowhere else.
#
# Usage: endless-answer.py IDENTITY_DIR PORT_FILE
#   IDENTITY_DIR  the server's identity folder (cert.pem, key.pem)
#   PORT_FILE     where the port listened on is written once listening
# Serves one connection, then prints how many body bytes it sent.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import socket
import ssl
import sys

ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(os.path.join(sys.argv[1], "cert.pem"), os.path.join(sys.argv[1], "key.pem"))

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(1)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(listener.getsockname()[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
listener.settimeout(60)
raw, _ = listener.accept()
sent = 0
try:
    conn = ctx.wrap_socket(raw, server_side=True)
    conn.settimeout(30)
    request = b""
    while b"\r\n\r\n" not in request:
        data = conn.recv(65536)
        if not data:
            break
        request += data
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1073741824\r\n\r\n")
    block = b" " * 65536
    while sent < 1073741824:
        conn.sendall(block)
        sent += len(block)
except (OSError, ssl.SSLError):
    pass
print(sent)
