"""Requests the studio answers: only those addressed to itself, only from its own pages.

A page on another site can make a browser send requests to 127.0.0.1 — by a
cross-site form post, or by DNS rebinding (a hostile name that resolves to
127.0.0.1, so the browser thinks the studio is that site). The first carries a
foreign ``Origin``; the second a foreign ``Host``. Both are refused with 403
before any handler runs. Every answer also carries a Content-Security-Policy
that allows only the studio's own script and style.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Scope = dict[str, Any]


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values that name this server: its address, and localhost."""
    names = {host, "127.0.0.1", "localhost"} if host in ("127.0.0.1", "localhost") else {host}
    if ":" in host and not host.startswith("["):
        names = {f"[{host}]"}
    return frozenset(f"{name}:{port}" for name in names)


class SameOrigin:
    """ASGI middleware: 403 unless Host is ours and, for a change, Origin is ours too."""

    def __init__(self, app: Any, hosts: Iterable[str]):
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        problem = self.problem(scope["method"], headers)
        if problem:
            await _refuse(send, problem)
            return
        await self.app(scope, receive, _with_headers(send))

    def problem(self, method: str, headers: dict[str, str]) -> str:
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            return f"refused: this server answers to {', '.join(sorted(self.hosts))} only"
        if method in SAFE_METHODS:
            return ""
        origin = headers.get("origin")
        if origin is not None and origin.lower() not in {f"http://{h}" for h in self.hosts}:
            return "refused: a change must come from the studio's own page"
        if origin is None and headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
            return "refused: a change must come from the studio's own page"
        return ""


async def _refuse(send: Any, message: str) -> None:
    body = message.encode("utf-8")
    await send({"type": "http.response.start", "status": 403, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def _with_headers(send: Any) -> Any:
    async def wrapped(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [
                *message.get("headers", []),
                (b"content-security-policy", CSP.encode()),
                (b"x-content-type-options", b"nosniff"),
                (b"referrer-policy", b"same-origin"),
                (b"cache-control", b"no-store"),
            ]
        await send(message)

    return wrapped
