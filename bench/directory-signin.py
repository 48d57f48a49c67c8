#!/usr/bin/env python3
"""Times sign-in POSTs the way a browser sends them (form page first, for its view state, CSRF token and
pre-session cookie). Prints one line: status of the last attempt, median, p95 and max in ms.

    directory-signin.py BASE_URL USERNAME PASSWORD COUNT
"""
import http.client
import re
import statistics
import sys
import time
import urllib.parse


def sign_in(host, port, username, password):
    connection = http.client.HTTPConnection(host, port, timeout=60)
    connection.request("GET", "/login.xhtml")
    page = connection.getresponse()
    html = page.read().decode()
    cookie = re.search(r"(__Host-gatehouse-csrf=[^;]+)", page.getheader("Set-Cookie") or "").group(1)
    view_state = re.search(r'name="jakarta.faces.ViewState"[^>]*value="([^"]*)"', html).group(1)
    csrf = re.search(r'name="gatehouse-csrf" value="([^"]*)"', html).group(1)
    body = urllib.parse.urlencode({
        "login": "login", "login:username": username, "login:password": password,
        "login:submit": "Sign in", "jakarta.faces.ViewState": view_state, "gatehouse-csrf": csrf})
    started = time.perf_counter()
    connection.request("POST", "/login.xhtml", body, {
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie,
        "Origin": f"http://{host}:{port}"})
    answer = connection.getresponse()
    answer.read()
    took = (time.perf_counter() - started) * 1000
    connection.close()
    return answer.status, took


def main():
    base, username, password, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    url = urllib.parse.urlparse(base)
    times, status = [], None
    for _ in range(count):
        status, took = sign_in(url.hostname, url.port, username, password)
        times.append(took)
    times.sort()
    p95 = times[min(len(times) - 1, int(round(0.95 * len(times))) - 1)]
    print(f"{status} {statistics.median(times):.1f} {p95:.1f} {times[-1]:.1f}")


if __name__ == "__main__":
    main()
