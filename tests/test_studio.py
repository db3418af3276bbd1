"""The what-if studio's handlers, through Starlette's test client."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("tomlkit")

from starlette.testclient import TestClient

from maturity.assess.session import Options, Session
from maturity.studio.app import create_app
from maturity.studio.texts import STUDIO
from tests.helpers import run
from tests.studio_helpers import HOTLINE_COMMENT, hotline_index, workshop_model

BASE = "http://127.0.0.1:8765"
FRAGMENT = {"X-Studio": "fragment"}


def client_for(path: Path, lang: str = "en") -> TestClient:
    app = create_app(Session(Options(plugins=False)), path, lang, "127.0.0.1", 8765)
    return TestClient(app, base_url=BASE, follow_redirects=False)


@pytest.fixture
def model(tmp_path: Path) -> Path:
    return workshop_model(tmp_path)


@pytest.fixture
def client(model: Path) -> Iterator[TestClient]:
    with client_for(model) as c:
        yield c


def level_of(html: str) -> str:
    marker = 'class="step current" data-level="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_page_shows_the_report_sections_and_the_fixes(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for section in ("level", "stages", "graph", "findings", "recommendations", "whatif", "editor"):
        assert f'id="{section}"' in page.text
    assert level_of(page.text) == "beginner"
    assert 'data-rule="COL-I7"' in page.text
    assert "/static/studio.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_toggling_the_hotline_fix_moves_the_level_and_back(client: TestClient) -> None:
    on = client.post("/toggle", data={"rule": "COL-I7", "on": "1"}, headers=FRAGMENT)
    assert on.status_code == 200 and "<html" not in on.text
    assert level_of(on.text) == "intermediate"
    assert 'class="fix on"' in on.text
    off = client.post("/toggle", data={"rule": "COL-I7", "on": "0"})
    assert off.status_code == 303 and off.headers["location"] == "/"
    assert level_of(client.get("/").text) == "beginner"


def test_undo_goes_back_one_change(client: TestClient) -> None:
    client.post("/toggle", data={"rule": "COL-I7", "on": "1"})
    assert level_of(client.get("/").text) == "intermediate"
    client.post("/undo")
    assert level_of(client.get("/").text) == "beginner"
    nothing = client.post("/undo", headers=FRAGMENT)
    assert STUDIO["nothing_to_undo"]["en"] in nothing.text


def test_editing_the_hotlines_parent_is_the_workshop_move(client: TestClient, model: Path) -> None:
    index = hotline_index(model)
    form = {"index": str(index), "kind": "support", "name": "热线客服", "parent": "cs"}
    moved = client.post("/edit/role", data=form, headers=FRAGMENT)
    assert moved.status_code == 200
    assert level_of(moved.text) == "intermediate"


def test_a_bad_edit_is_refused_at_its_field_and_changes_nothing(
    client: TestClient, model: Path
) -> None:
    before = model.read_bytes()
    bad = client.post("/edit/flow", data={"index": "new", "from": "sales", "to": "nobody",
                                          "kind": "bug_report"})  # fmt: skip
    assert bad.status_code == 422
    field = bad.text.split('name="to"', 1)[1].split("</label>", 1)[0]
    assert 'class="field-error"' in field and "nobody" in field
    unknown_kind = client.post(
        "/edit/role", data={"index": "new", "id": "x", "kind": "wizard"}, headers=FRAGMENT
    )
    assert unknown_kind.status_code == 422
    kind_field = unknown_kind.text.split('name="kind"', 1)[1].split("</label>", 1)[0]
    assert "wizard" in kind_field and 'class="field-error"' in kind_field
    assert client.post("/edit/practice", data={"practice": "x", "value": '"a\n'}).status_code == 422
    assert model.read_bytes() == before
    assert not client.post("/undo", headers=FRAGMENT).text.count('class="fix on"')


def test_a_bad_edit_is_explained_in_the_pages_language(model: Path) -> None:
    with client_for(model, "zh") as zh:
        bad = zh.post("/edit/flow", data={"index": "new", "from": "sales", "to": "nobody",
                                          "kind": "bug_report"})  # fmt: skip
    assert bad.status_code == 422
    field = bad.text.split('name="to"', 1)[1].split("</label>", 1)[0]
    assert "没有“nobody”这个角色" in field and "unknown role" not in bad.text


def test_editing_a_flow_and_a_practice(client: TestClient) -> None:
    added = client.post("/edit/flow", data={"index": "new", "from": "sales", "to": "marketing",
                                            "kind": "value_feedback", "cadence": "monthly",
                                            "content": ""}, headers=FRAGMENT)  # fmt: skip
    assert added.status_code == 200 and "value_feedback" in added.text
    practice = client.post("/edit/practice", data={"practice": "usage_analytics", "value": "true"})
    assert practice.status_code == 303
    assert "usage_analytics" in client.get("/").text


def test_the_plan_is_one_click(client: TestClient) -> None:
    planned = client.post("/plan", data={"level": "intermediate", "stages": ""}, headers=FRAGMENT)
    assert planned.status_code == 200
    assert level_of(planned.text) == "intermediate"
    assert "The plan reaches intermediate" in planned.text
    bad = client.post("/plan", data={"level": "", "stages": "quantify=900"}, headers=FRAGMENT)
    assert bad.status_code == 422
    stage = client.post("/plan", data={"level": "", "stages": "quantify=60"}, headers=FRAGMENT)
    assert stage.status_code == 200 and "quantify=60" in stage.text
    score = stage.text.split('data-stage="quantify"', 1)[1].split('class="num">', 1)[1]
    assert float(score.split("<", 1)[0]) >= 60


def test_save_keeps_comments_and_the_saved_file_reassesses(client: TestClient, model: Path) -> None:
    client.post("/toggle", data={"rule": "COL-I7", "on": "1"})
    saved = client.post("/save", data={"name": "after.toml"})
    assert saved.status_code == 200, saved.text
    after = model.parent / "after.toml"
    text = after.read_text("utf-8")
    assert "# 云帆智服 — a fictional intermediate-level" in text  # the header comment
    assert "# high ACV: a customizable sales toolkit fits" in text  # an untouched comment
    assert tomllib.loads(text)["roles"][hotline_index(model)]["parent"] == "cs"
    result = run("assess", str(after), "--format", "json")
    assert result.exit_code == 0 and '"achieved": "intermediate"' in result.output


def test_saving_over_a_file_asks_first(client: TestClient, model: Path) -> None:
    before = model.read_bytes()
    client.post("/toggle", data={"rule": "COL-I7", "on": "1"})
    asked = client.post("/save", data={"name": model.name})
    assert asked.status_code == 409 and 'id="confirm-save"' in asked.text
    assert model.read_bytes() == before
    done = client.post("/save", data={"name": model.name, "confirm": "1"})
    assert done.status_code == 200
    text = model.read_text("utf-8")
    assert tomllib.loads(text)["roles"][hotline_index(model)]["parent"] == "cs"
    assert "# high ACV" in text and HOTLINE_COMMENT not in text  # it spoke of the CEO


def test_save_as_json(client: TestClient, model: Path) -> None:
    assert client.post("/save", data={"name": "copy.json"}).status_code == 200
    assert run("assess", str(model.parent / "copy.json")).exit_code == 0


@pytest.mark.parametrize("name", ["../escape.toml", "/tmp/escape.toml", "sub/../../x.toml",
                                  "notes.txt", "", "link/escape.toml"])  # fmt: skip
def test_save_refuses_names_outside_the_models_folder(
    client: TestClient, model: Path, name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    os.symlink(outside, model.parent / "link", target_is_directory=True)
    refused = client.post("/save", data={"name": name})
    assert refused.status_code == 422
    assert not list(outside.iterdir())
    assert not (model.parent.parent / "escape.toml").exists()


def test_save_refuses_a_symlinked_file_pointing_out(
    client: TestClient, model: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    target = tmp_path_factory.mktemp("outside") / "victim.toml"
    target.write_text("keep", "utf-8")
    os.symlink(target, model.parent / "victim.toml")
    refused = client.post("/save", data={"name": "victim.toml", "confirm": "1"})
    assert refused.status_code == 422
    assert target.read_text("utf-8") == "keep"


def test_download_the_scenarios_report_in_every_format(client: TestClient) -> None:
    client.post("/toggle", data={"rule": "COL-I7", "on": "1"})
    for fmt in ("json", "markdown", "html", "text"):
        got = client.get(f"/download/{fmt}")
        assert got.status_code == 200, fmt
        assert "attachment" in got.headers["content-disposition"]
    assert '"achieved": "intermediate"' in client.get("/download/json").text
    assert client.get("/download/nope").status_code == 404


# ---------------------------------------------------------------- security


def test_a_foreign_host_is_refused(client: TestClient) -> None:
    """DNS rebinding: the browser sends the attacker's name as Host."""
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 403
    assert client.post("/toggle", data={"rule": "COL-I7"},
                       headers={"Host": "evil.example:8765"}).status_code == 403  # fmt: skip
    assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200


def test_a_cross_site_post_is_refused(client: TestClient, model: Path) -> None:
    evil = {"Origin": "http://evil.example"}
    assert client.post("/toggle", data={"rule": "COL-I7"}, headers=evil).status_code == 403
    assert client.post("/save", data={"name": "x.toml"}, headers=evil).status_code == 403
    assert not (model.parent / "x.toml").exists()
    sneaky = {"Sec-Fetch-Site": "cross-site"}
    assert client.post("/undo", headers=sneaky).status_code == 403
    assert client.post("/undo", headers={"Origin": BASE}).status_code in (200, 303)
    assert level_of(client.get("/").text) == "beginner"


def test_every_model_text_is_escaped(tmp_path: Path) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(
        '[organization]\nname = "<script>alert(1)</script>"\n'
        '[[roles]]\nid = "sales"\nkind = "sales"\nname = "<img src=x onerror=alert(2)>"\n',
        "utf-8",
    )
    with client_for(path) as c:
        page = c.get("/").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_the_page_in_chinese(model: Path) -> None:
    with client_for(model, "zh") as c:
        page = c.get("/").text
        assert STUDIO["whatif"]["zh"] in page and "协同段位" in page
        c.post("/lang", data={"lang": "en"})
        assert STUDIO["whatif"]["en"] in c.get("/").text


def test_every_studio_text_has_every_language() -> None:
    for key, entry in STUDIO.items():
        assert set(entry) == {"en", "zh"}, key


def test_serve_says_where_it_listens_and_needs_a_model() -> None:
    result = run("serve", "--help")
    assert result.exit_code == 0 and "127.0.0.1" in result.output
    assert run("serve", "missing.toml").exit_code == 2


def test_a_large_models_graph_and_changes_come_in_a_second_request(tmp_path: Path) -> None:
    from bench import generate

    path = generate.write(tmp_path / "large.toml", 400, seed=3)
    with client_for(path) as c:
        assert "<svg" in c.get("/").text  # without script: everything at once
        rule = c.get("/").text.split('<li class="fix" data-rule="', 1)[1].split('"', 1)[0]
        update = c.post("/toggle", data={"rule": rule, "on": "1"}, headers=FRAGMENT)
        assert 'data-part="/part/graph"' in update.text
        assert 'data-part="/part/recommendations"' in update.text
        graph = c.get("/part/graph")
        assert graph.status_code == 200 and graph.text.startswith('<section id="graph"')
        assert "<svg" in graph.text
        recs = c.get("/part/recommendations").text
        assert recs.startswith('<section id="recommendations"') and 'class="changes"' in recs
        assert c.get("/part/editor").status_code == 404


PLUGIN = """
from maturity import hookimpl

@hookimpl
def maturity_register_vocabulary(register):
    register(role_kinds=["studio_guild"], flow_kinds=["studio_handoff"])
"""


def test_the_forms_offer_plugins_kinds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, model: Path
) -> None:
    from tests.fakeplugins import install_plugin

    install_plugin(monkeypatch, tmp_path / "site", "studio-kinds", "studio_kinds", PLUGIN)
    monkeypatch.setenv("MATURITY_PLUGINS", "studio_kinds")
    app = create_app(Session(Options(only=("studio_kinds",))), model, "en", "127.0.0.1", 8765)
    with TestClient(app, base_url=BASE, follow_redirects=False) as c:
        page = c.get("/").text
        assert '<option value="studio_guild">' in page
        assert '<option value="studio_handoff">' in page
        added = c.post("/edit/flow", data={"index": "new", "from": "sales", "to": "cs",
                                           "kind": "studio_handoff"})  # fmt: skip
        assert added.status_code == 303


def test_saving_over_the_original_makes_it_the_new_baseline(
    client: TestClient, model: Path
) -> None:
    client.post("/toggle", data={"rule": "COL-I7", "on": "1"})
    client.post("/save", data={"name": model.name, "confirm": "1"})
    page = client.get("/").text
    assert STUDIO["unchanged"]["en"] in page
    assert level_of(page) == "intermediate"


def test_serve_binds_loopback_and_says_so(tmp_path: Path, model: Path) -> None:
    import subprocess
    import sys
    import urllib.request

    command = [sys.executable, "-m", "maturity", "serve", str(model), "--port", "0"]
    env = {**os.environ, "MATURITY_NO_PLUGINS": "1"}
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stderr is not None
        line = proc.stderr.readline()
        assert "127.0.0.1" in line and "this computer only" in line
        url = line.split(" at ", 1)[1].split()[0]
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                import time

                time.sleep(0.1)
        else:
            pytest.fail("the studio did not answer")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_docs_describe_the_command_as_it_is() -> None:
    import re

    from tests.helpers import ROOT

    doc = (ROOT / "docs" / "studio.md").read_text("utf-8")
    help_text = run("serve", "--help").output
    for option in sorted(set(re.findall(r"(--[a-z-]+)", doc))):
        if option in ("--format", "--pack", "--param", "--config", "--no-plugins"):
            continue  # the shared options, or another command's
        assert option in help_text, option
    assert "maturity[studio]" in doc
    assert "maturity[studio]" in (ROOT / "README.md").read_text("utf-8")


def test_serve_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, model: Path
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    result = run("serve", str(model))
    assert result.exit_code != 0
    assert "pip install 'maturity[studio]'" in result.output


@pytest.mark.parametrize("seed", range(20))
def test_a_saved_toml_is_exactly_the_data_with_untouched_comments_kept(seed: int) -> None:
    import copy
    import random

    from maturity.studio.save import toml_text
    from tests.helpers import EXAMPLES

    text = (EXAMPLES / "intermediate.toml").read_text("utf-8")
    data = tomllib.loads(text)
    rng = random.Random(seed)
    for _ in range(rng.randint(1, 4)):
        flows, choice = data["flows"], rng.random()
        if choice < 0.3:
            del flows[rng.randrange(len(flows))]
        elif choice < 0.5:
            flow = {"from": "sales", "to": "cs", "kind": "training", "content": ["value"]}
            flows.insert(rng.randrange(len(flows) + 1), flow)
        elif choice < 0.8:
            data["roles"][rng.randrange(len(data["roles"]))]["name"] = f"R{seed}"
        else:
            data["practices"]["usage_analytics"] = rng.random() < 0.5
    saved = toml_text(copy.deepcopy(data), text)
    assert tomllib.loads(saved) == data
    assert "# 云帆智服 — a fictional intermediate-level" in saved
