"""A folder of HTML reports gets index.html: a summary table, sorted naturally."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from maturity.report.index import natural_key
from tests.helpers import EXAMPLES, run


def test_natural_order() -> None:
    names = ["model10.toml", "model2.toml", "Model1.toml", "a.toml"]
    assert sorted(names, key=natural_key) == [
        "a.toml",
        "Model1.toml",
        "model2.toml",
        "model10.toml",
    ]


def test_folder_of_html_reports_gets_an_index(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for number, name in ((10, "beginner"), (2, "advanced"), (1, "intermediate")):
        shutil.copy(EXAMPLES / f"{name}.toml", models / f"client{number}.toml")
    (models / "client3.toml").write_text("[organization]\n", encoding="utf-8")  # bad input
    out = tmp_path / "out"
    out.mkdir()
    result = run("assess", str(models), "--format", "html", "--lang", "zh", "-o", str(out))
    assert result.exit_code == 2  # the bad model; the others are still reported
    page = (out / "index.html").read_text(encoding="utf-8")
    files = re.findall(r"<code>(client\d+\.toml)</code>", page)
    assert files == ["client1.toml", "client2.toml", "client3.toml", "client10.toml"]
    assert re.findall(r'href="([^"]+)"', page) == ["client1.html", "client2.html", "client10.html"]
    assert "评估报告汇总" in page and "中段" in page and "未能评估" in page
    assert all((out / href).exists() for href in ["client1.html", "client2.html", "client10.html"])


def test_no_index_for_other_formats(tmp_path: Path) -> None:
    run("assess", str(EXAMPLES), "--format", "markdown", "-o", str(tmp_path))
    assert not (tmp_path / "index.html").exists()
