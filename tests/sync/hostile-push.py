#!/usr/bin/env python3
# A hostile enrolled laptop: pushes raw changesets to the district server
# with a real device certificate, as a modified Gongjian could. Standard
# library only; connects to 127.0.0.1 and nowhere else.
#
# Usage: hostile-push.py PORT IDENTITY_DIR SITE_ID CASE [ARGS...]
#   PORT          the district server's port on 127.0.0.1
#   IDENTITY_DIR  an enrolled laptop's identity folder (cert.pem, key.pem)
#   SITE_ID       the site id the pages claim to come from (32 hex digits)
#   CASE          what to push, see CASES below
# Prints one line per push: "<case> <HTTP status> <reply as JSON>", the
# reply being {"error": …} when the server did not answer with JSON.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import gzip
import http.client
import json
import os
import ssl
import sys
import time

HOST = "127.0.0.1"
HLC_EPOCH_MS = 1577836800000
HLC_SHIFT = 8


def hlc(ms_offset=0):
    """A hybrid logical clock for now (+ms_offset), as Gongjian writes it."""
    return (int(time.time() * 1000) + ms_offset - HLC_EPOCH_MS) << HLC_SHIFT


def post(port, identity, body, gzipped=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    # The server's certificate is self-signed and pinned by the real client;
    # what is tested here is what the server does with a device's pages.
    ctx.verify_mode = ssl.CERT_NONE
    ctx.load_cert_chain(os.path.join(identity, "cert.pem"), os.path.join(identity, "key.pem"))
    conn = http.client.HTTPSConnection(HOST, port, context=ctx, timeout=120)
    data = gzipped if gzipped is not None else gzip.compress(body, 6)
    try:
        conn.request("POST", "/v1/changes", body=data,
                     headers={"Content-Type": "application/x-gongjian-changeset+gzip"})
        resp = conn.getresponse()
        text = resp.read()
        status = resp.status
    except (OSError, http.client.HTTPException) as e:
        return 0, {"error": "connection: %s" % e}
    finally:
        conn.close()
    try:
        reply = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        reply = {"error": "not JSON: %r" % text[:200]}
    return status, reply


def page_text(site, rows, sites=None, rows_text=None):
    """A page's JSON text. rows_text, if given, is spliced in raw."""
    head = {"protocol": 1, "schema": 1, "site": site, "time": int(time.time() * 1000),
            "clock": hlc(), "next": [0, 0], "more": False, "sites": sites or [site]}
    text = json.dumps(head, ensure_ascii=False)[:-1]
    rows_json = rows_text if rows_text is not None else json.dumps(rows, ensure_ascii=False)
    return (text + ', "rows": ' + rows_json + "}").encode("utf-8")


def say(name, status, reply):
    print(name, status, json.dumps(reply, ensure_ascii=False, separators=(",", ":")))
    sys.stdout.flush()


def uid(tag, n=0):
    """A record id of the hostile laptop's own making, valid as an id."""
    return "hostile-%s-%d-%d" % (tag, os.getpid(), n)


def org(street, name, extra=None, t=None):
    t = t or hlc()
    cells = [["street_id", street, t, 0, 0], ["name", name, t, 0, 0],
             ["legal_form", "social_group", t, 0, 0], ["category", "elderly_care", t, 0, 0]]
    for k, v in (extra or {}).items():
        cells = [c for c in cells if c[0] != k] + [[k, v, t, 0, 0]]
    return cells


# Bodies the decoder must refuse as a whole (issue 16, issue 9 first section).
def case_bodies(port, identity, site, street):
    t = hlc()

    def org_row(rid, name, members):
        # Raw JSON text: these values cannot be written by json.dumps.
        return ('[["organization", %s, [["street_id", "%s", %d, 0, 0], ["name", %s, %d, 0, 0], '
                '["legal_form", "social_group", %d, 0, 0], ["category", "elderly_care", %d, 0, 0], '
                '["members", %s, %d, 0, 0]]]]' % (rid, street, t, name, t, t, t, members, t))

    def raw(rows_text):
        return page_text(site, None, rows_text=rows_text)

    bodies = [
        ("inf", raw(org_row('"%s"' % uid("inf"), '"无穷"', "1e999"))),
        ("neg-inf", raw(org_row('"%s"' % uid("ninf"), '"负无穷"', "-1e400"))),
        ("hours-inf", raw('[["hours", "%s", [["street_id", "%s", %d, 0, 0], ["volunteer_id", "x", %d, 0, 0], '
                          '["kind", "earn", %d, 0, 0], ["hours", 1e999, %d, 0, 0], ["date", "2026-01-01", %d, 0, 0]]]]'
                          % (uid("hinf"), street, t, t, t, t, t))),
        ("surrogate", raw(org_row('"%s"' % uid("sur"), '"a\\ud800b"', "1"))),
        ("surrogate-id", raw(org_row('"id\\udc00"', '"ok"', "1"))),
        ("octal", raw(org_row('"%s"' % uid("oct"), '"\\305"', "1"))),
        ("octal-id", raw(org_row('"id\\305"', '"ok"', "1"))),
        ("nest", b"[" * 100000),
        ("nest-in-value", raw(org_row('"%s"' % uid("nv"), "[" * 100000 + "]" * 100000, "1"))),
    ]
    # A NUL in a text: the pre-scan refuses it with the page, since no
    # Gongjian writes one (local writes refuse it and older ones cut it).
    bodies.append(("nul", page_text(site, [["organization", uid("nul"), org(street, "空\u0000字符")]])))
    for name, body in bodies:
        status, reply = post(port, identity, body)
        say(name, status, reply)
    # 16 MB of "{}," in a small gzip body: once just under the size limit
    # (the pre-scan must refuse it cheaply) and once just over.
    for name, size in (("bomb", 16 * 1024 * 1024 - 4096), ("bomb-over", 16 * 1024 * 1024 + 3)):
        head = page_text(site, None, rows_text="[")[:-1]
        n = (size - len(head) - 3) // 3
        body = head + b"{}," * n + b"{}]}"
        gz = gzip.compress(body, 9)
        status, reply = post(port, identity, None, gzipped=gz)
        say("%s(%dB,gzip:%dB)" % (name, len(body), len(gz)), status, reply)


# Rows that fail a value check, mixed with valid ones in one page (issue 9).
def case_values(port, identity, site, street):
    t = hlc()
    vol = uid("vol")
    rows = [
        ["organization", uid("ok", 1), org(street, "合法组织一", {"leader": "丙"})],
        ["organization", uid("bogus"), org(street, "类别不对", {"category": "bogus"})],
        ["organization", uid("date"), org(street, "日期不对", {"founded": "2026-02-30"})],
        ["organization", uid("members"), org(street, "人数为负", {"members": -5})],
        ["organization", uid("brand"), org(street, "布尔为七", {"brand": 7})],
        ["organization", uid("credit"), org(street, "校验码错", {"credit_code": "51350503HXPJHF1F3Y"})],
        ["organization", uid("required"), [["street_id", street, t, 0, 0], ["leader", "只有负责人", t, 0, 0]]],
        ["organization", uid("ok", 2), org(street, "合法组织二", {"founded": "2024-02-29", "members": 12, "brand": 1})],
        ["volunteer", vol, [["street_id", street, t, 0, 0], ["name", "西湖志愿者", t, 0, 0]]],
        ["hours", uid("earn"), [["street_id", street, t, 0, 0], ["volunteer_id", vol, t, 0, 0],
                                ["kind", "earn", t, 0, 0], ["hours", 3.0, t, 0, 0], ["date", "2026-01-05", t, 0, 0]]],
        ["hours", uid("redeem"), [["street_id", street, t, 0, 0], ["volunteer_id", vol, t, 0, 0],
                                  ["kind", "redeem", t, 0, 0], ["hours", 100000.0, t, 0, 0],
                                  ["date", "2026-01-06", t, 0, 0]]],
        ["organization", uid("ok", 3), org(street, "合法组织三")],
    ]
    status, reply = post(port, identity, page_text(site, rows))
    say("values", status, reply)


# Street scope judged on the row as the server holds it (issue 9).
def case_scope_rename(port, identity, site, street, east_org, east_street):
    old, t = 1 << HLC_SHIFT, hlc()
    rows = [["organization", east_org, [["street_id", street, old, 0, 0], ["name", "西湖改的名字", t, 0, 0]]],
            ["street", east_street, [["street_id", street, old, 0, 0], ["name", "西湖改的街道", t, 0, 0]]]]
    status, reply = post(port, identity, page_text(site, rows))
    say("scope-rename", status, reply)


def case_scope_move(port, identity, site, street, east_volunteer):
    rows = [["volunteer", east_volunteer, [["street_id", street, hlc(), 0, 0]]]]
    status, reply = post(port, identity, page_text(site, rows))
    say("scope-move", status, reply)


# One row, one field, 20,000 cells alternating between two devices (issue 16).
def case_alternate(port, identity, site, street, row):
    other = "%032x" % (int(site, 16) ^ 0x5A5A)
    # Newer than what the server holds, so the last cell wins and what it
    # held becomes the one conflict.
    t = hlc()
    cells = [["leader", "甲" if i % 2 else "乙", t + i, i % 2, 0] for i in range(20000)]
    status, reply = post(port, identity, page_text(site, [["organization", row, cells]], sites=[site, other]))
    say("alternate", status, reply)


CASES = {"bodies": case_bodies, "values": case_values, "scope-rename": case_scope_rename,
         "scope-move": case_scope_move, "alternate": case_alternate}

if __name__ == "__main__":
    if len(sys.argv) < 5 or sys.argv[4] not in CASES:
        sys.exit("usage: hostile-push.py PORT IDENTITY_DIR SITE_ID CASE [ARGS...]; cases: " + " ".join(CASES))
    port, identity, site, case = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    CASES[case](port, identity, site, *sys.argv[5:])
