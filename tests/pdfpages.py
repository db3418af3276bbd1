"""Pages of a PDF Chromium printed, and how much each one draws (no PDF library needed)."""

from __future__ import annotations

import re
import zlib


def page_ink(pdf: bytes) -> list[tuple[int, int, int, tuple[bytes, ...] | None]]:
    """(object number, text runs, content bytes, MediaBox size) of every page, in order."""
    objs = {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", pdf, re.S)}

    def stream(n: int) -> bytes:
        body = objs.get(n, b"")
        m = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)
        if not m:
            return b""
        data = m.group(1)
        try:
            return zlib.decompress(data)
        except zlib.error:
            return data

    pages = []
    for n, body in sorted(objs.items()):
        if re.search(rb"/Type\s*/Page[^s]", body):
            refs = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", body)
            ids = [int(x) for x in re.findall(rb"(\d+) 0 R", refs.group(1))] if refs else []
            content = b"".join(stream(i) for i in ids)
            size = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", body)
            pages.append(
                (
                    n,
                    len(re.findall(rb"T[Jj]\b", content)),
                    len(content),
                    size.groups() if size else None,
                )
            )
    return pages
