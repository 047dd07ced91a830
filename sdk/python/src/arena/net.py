"""The SDK's HTTP, on the standard library's http.client: one connection per request
(polls and batches are seconds apart), and a long-lived one for the stream."""

from __future__ import annotations

import http.client
import socket
import ssl
from typing import Dict, NamedTuple, Optional
from urllib.parse import urlsplit


class Endpoint(NamedTuple):
    """Where the server is and how to authenticate."""

    scheme: str
    host: str
    port: int
    prefix: str
    token: str
    timeout: float

    @staticmethod
    def parse(url: str, token: str, timeout: float) -> "Endpoint":
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"url must be an http(s) URL such as http://127.0.0.1:7700, got {url!r}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return Endpoint(parts.scheme, parts.hostname, port, parts.path.rstrip("/"), token, timeout)

    def connection(self, timeout: Optional[float] = None) -> http.client.HTTPConnection:
        t = self.timeout if timeout is None else timeout
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.host, self.port, timeout=t, context=ssl.create_default_context())
        return http.client.HTTPConnection(self.host, self.port, timeout=t)

    def headers(self, accept: str) -> Dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept": accept, "User-Agent": "arena-py/0.1.0"}


class Answer(NamedTuple):
    status: int
    headers: Dict[str, str]
    body: bytes


def send(
    endpoint: Endpoint, method: str, path: str, body: Optional[bytes] = None, extra: Optional[Dict[str, str]] = None
) -> Answer:
    """One request; raises OSError / http.client errors on network failure or timeout."""
    conn = endpoint.connection()
    try:
        headers = endpoint.headers("application/json")
        if body is not None:
            headers["Content-Type"] = "application/json"
        if extra:
            headers.update(extra)
        conn.request(method, endpoint.prefix + path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
    finally:
        conn.close()


def interrupt(conn: Optional[http.client.HTTPConnection]) -> None:
    """Unblocks a thread reading from conn (used by close())."""
    if conn is None:
        return
    sock = conn.sock
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        conn.close()
    except OSError:
        pass
