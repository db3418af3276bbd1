"""The text report on a terminal: colour, width, no markup from model text, progress."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from maturity.cli.console import draw, progress, wants_color
from tests.helpers import EXAMPLES, run

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def report(name: str = "beginner", lang: str = "en") -> str:
    return run("assess", str(EXAMPLES / f"{name}.toml"), "--lang", lang).output


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("width", [60, 100])
def test_drawn_report_fits_the_width(lang: str, width: int) -> None:
    document = report(lang=lang)
    assert max(cell_len(line) for line in document.splitlines()) > width  # it needs wrapping
    out = io.StringIO()
    draw(document, color=True, file=out, width=width)
    lines = ANSI.sub("", out.getvalue()).splitlines()
    assert max(cell_len(line) for line in lines) <= width
    words = "".join(document.split())
    assert "".join("".join(lines).split()) == words  # nothing lost, only wrapped


def test_colour_only_when_asked_and_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    document = report()
    coloured, plain = io.StringIO(), io.StringIO()
    draw(document, color=True, file=coloured, width=100)
    draw(document, color=False, file=plain, width=100)
    assert "\x1b[1;31m✗" in coloured.getvalue()  # failures in bold red
    assert "\x1b[" not in plain.getvalue()
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert wants_color(False, FakeTTY()) is True
    assert wants_color(True, FakeTTY()) is False
    assert wants_color(False, io.StringIO()) is False  # piped
    monkeypatch.setenv("NO_COLOR", "1")
    assert wants_color(False, FakeTTY()) is False


def test_piped_report_is_plain_text() -> None:
    assert "\x1b" not in report()


def test_model_text_is_never_rich_markup(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    text = (EXAMPLES / "beginner.toml").read_text(encoding="utf-8")
    model.write_text(text.replace('name = "表格侠 FormHero"', 'name = "[bold red]X[/] :smile:"'),
                     encoding="utf-8")  # fmt: skip
    document = run("assess", str(model)).output
    out = io.StringIO()
    draw(document, color=True, file=out, width=100)
    assert "[bold red]X[/] :smile:" in ANSI.sub("", out.getvalue())


def test_failures_come_first_and_blockers_sort_naturally() -> None:
    document = report()
    marks = [line[2] for line in document.splitlines() if re.match(r"^  [✗✓!\-~] ", line)]
    assert marks == sorted(marks, key=lambda m: "!✗~-✓".index(m))
    blocked = document.split("Blocked by:")[1].split("\n\n")[0]
    optional = [line.split()[0] for line in blocked.splitlines() if line.startswith("      ")]
    assert optional == ["COL-I1", "COL-I3", "COL-I8", "COL-I9", "COL-I10"]


def test_recommendations_have_one_numbering() -> None:
    section = report().split("Recommendations:")[1]
    numbers = [int(m) for m in re.findall(r"^\s+(\d+)\. ", section, re.M)]
    assert numbers == list(range(1, len(numbers) + 1))


def test_progress_shows_only_for_slow_work() -> None:
    slow = FakeTTY()
    with progress("assessing…", delay=0.05, stream=slow):
        time.sleep(0.4)
    assert "assessing…" in slow.getvalue()
    fast = FakeTTY()
    with progress("assessing…", delay=0.5, stream=fast):
        pass
    assert fast.getvalue() == ""
    piped = io.StringIO()
    with progress("assessing…", delay=0.0, stream=piped):
        time.sleep(0.1)
    assert piped.getvalue() == ""
