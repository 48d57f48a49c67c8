#!/usr/bin/env python3
"""Cross-node revocation latency: how long after a sign-out on node A answers does node B refuse the token?

    bench/revocation-latency.py A_BASE B_BASE USERNAME PASSWORD [COUNT]

For each of COUNT rounds: sign in on A, make B validate (and cache) the session with two /api/me requests, sign
out on A, then ask B's /api/me back to back until it answers 401. The latency is from the moment A's sign-out
response arrived to B's first 401 (so it includes one B request, about a millisecond). Prints p50, p99 and max
in milliseconds, and how many rounds B still answered 200 at least once after A had answered.
Only the two 127.0.0.1 bases given are contacted.
"""
import http.client
import re
import statistics
import sys
import time
import urllib.parse

VIEW_STATE = re.compile(r'name="jakarta\.faces\.ViewState"[^>]*value="([^"]*)"')
CSRF = re.compile(r'name="gatehouse-csrf"[^>]*value="([^"]*)"')
COOKIE = "__Host-gatehouse"


class Node:
    def __init__(self, base):
        parsed = urllib.parse.urlparse(base)
        assert parsed.hostname in ("127.0.0.1", "localhost"), "loopback only"
        self.connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)

    def request(self, method, path, headers=None, body=None):
        self.connection.request(method, path, body=body, headers=headers or {})
        response = self.connection.getresponse()
        return response.status, response.getheaders(), response.read().decode("utf-8", "replace")


def form(body):
    return VIEW_STATE.search(body).group(1), CSRF.search(body).group(1)


def set_cookie(headers, name):
    for key, value in headers:
        if key.lower() == "set-cookie" and value.startswith(name + "="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def sign_in(node, username, password):
    status, headers, body = node.request("GET", "/login.xhtml")
    presession = set_cookie(headers, COOKIE + "-csrf")
    view_state, csrf = form(body)
    fields = {"login": "login", "login:username": username, "login:password": password,
              "login:submit": "Sign in", "jakarta.faces.ViewState": view_state, "gatehouse-csrf": csrf}
    status, headers, _ = node.request("POST", "/login.xhtml", {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"{COOKIE}-csrf={presession}"},
        urllib.parse.urlencode(fields))
    token = set_cookie(headers, COOKIE)
    if not token:
        raise SystemExit(f"sign-in on node A failed with {status}")
    return token


def sign_out(node, token):
    cookie = {"Cookie": f"{COOKIE}={token}"}
    _, _, body = node.request("GET", "/index.xhtml", cookie)
    view_state, csrf = form(body)
    fields = {"signOut": "signOut", "signOut:submit": "Sign out", "jakarta.faces.ViewState": view_state,
              "gatehouse-csrf": csrf}
    status, _, _ = node.request("POST", "/index.xhtml", {**cookie, "Content-Type": "application/x-www-form-urlencoded"},
                                urllib.parse.urlencode(fields))
    if status not in (302, 303):
        raise SystemExit(f"sign-out on node A answered {status}")


def main():
    a, b = Node(sys.argv[1]), Node(sys.argv[2])
    username, password = sys.argv[3], sys.argv[4]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 200
    latencies, stale_rounds = [], 0
    for _ in range(count):
        token = sign_in(a, username, password)
        cookie = {"Cookie": f"{COOKIE}={token}"}
        for _ in range(2):
            status, _, _ = b.request("GET", "/api/me", cookie)
            if status != 200:
                raise SystemExit(f"node B did not accept a fresh session: {status}")
        sign_out(a, token)
        answered = time.perf_counter()
        stale = False
        while True:
            status, _, _ = b.request("GET", "/api/me", cookie)
            if status == 401:
                break
            if status != 200:
                raise SystemExit(f"node B answered {status}")
            stale = True
            if time.perf_counter() - answered > 10:
                raise SystemExit("node B still accepted a signed-out session after 10 s")
        latencies.append((time.perf_counter() - answered) * 1000)
        stale_rounds += stale
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    print(f"{count} {statistics.median(latencies):.1f} {p99:.1f} {latencies[-1]:.1f} {stale_rounds}")


if __name__ == "__main__":
    main()
