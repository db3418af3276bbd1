"""Write the interview's model as TOML with comments a consultant can follow.

Each flow is preceded by the question it answers; a closing comment lists
what was skipped, so the consultant knows what to ask next time. The text is
parsed back and compared with the data before it is written.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

from maturity.i18n import t
from maturity.intake.interview import Transcript
from maturity.model.writer import dumps_model


def _word(key: str, lang: str) -> str:
    return t(f"interview.{key}", lang)


def _comment(text: str) -> str:
    return "\n".join(f"# {line}".rstrip() for line in text.splitlines())


def _rule(title: str) -> str:
    return f"# {'-' * 8} {title}"


def commented_model(transcript: Transcript, lang: str = "en") -> str:
    """The TOML text of the interview's model, commented."""
    data = transcript.data
    parts = [
        "\n".join(f"# {line}" for line in _word("header", lang).splitlines()),
        dumps_model({"organization": data["organization"]}).strip(),
    ]
    if data.get("roles"):
        parts.append(_rule(_word("roles", lang)))
        parts += [dumps_model({"roles": [role]}).strip() for role in data["roles"]]
    if data.get("flows"):
        parts.append(_rule(_word("flows", lang)))
        parts += _flows(data["flows"], transcript.comments)
    if data.get("practices"):
        parts.append(_rule(_word("practices", lang)))
        parts.append(dumps_model({"practices": data["practices"]}).strip())
    if transcript.skipped:
        parts.append(_skipped(transcript.skipped, lang))
    text = "\n\n".join(parts) + "\n"
    return text if tomllib.loads(text) == _plain(data) else dumps_model(_plain(data))


def _flows(flows: Sequence[Mapping[str, Any]], comments: Mapping[int, str]) -> list[str]:
    out = []
    for index, flow in enumerate(flows):
        text = dumps_model({"flows": [flow]}).strip()
        note = comments.get(index)
        out.append(f"{_comment(note)}\n{text}" if note else text)
    return out


def _skipped(labels: Sequence[str], lang: str) -> str:
    lines = [_word("skipped", lang)] + [f"  - {label}" for label in dict.fromkeys(labels)]
    return _comment("\n".join(lines))


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in ([], {})}
