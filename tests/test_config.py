"""Configuration: found upward, packs on/off, select/ignore, params, honest waivers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.helpers import EXAMPLES, run


@pytest.fixture
def client(tmp_path: Path) -> Path:
    """A consultant's folder: a client's model two levels below the configuration."""
    model = tmp_path / "clients" / "acme" / "org.toml"
    model.parent.mkdir(parents=True)
    shutil.copy(EXAMPLES / "intermediate.toml", model)
    return model


def report(model: Path, *args: str) -> dict:  # type: ignore[type-arg]
    result = run("assess", str(model), "--format", "json", *args)
    assert result.exit_code in (0, 1, 3), result.stderr
    return json.loads(result.output)  # type: ignore[no-any-return]


def statuses(data: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {f["rule"]: f["status"] for f in data["findings"]}


def test_maturity_toml_is_found_upward(client: Path, tmp_path: Path) -> None:
    (tmp_path / "maturity.toml").write_text('[rules]\nignore = ["COL-A"]\n')
    found = statuses(report(client))
    assert not any(rule.startswith("COL-A") for rule in found)
    assert "COL-I1" in found
    assert any(rule.startswith("COL-A") for rule in statuses(report(client, "--no-config")))


def test_pyproject_tool_section(client: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.maturity.rules]\nselect = ["COL-I6", "COL-I7"]\n'
    )
    assert set(statuses(report(client))) == {"COL-I6", "COL-I7"}


def test_packs_enable_disable_and_params(client: Path, tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(
        '[packs]\nenable = ["collaboration"]\n[params]\nsmall_company_arr = 90000000\n'
    )
    data = report(client, "--config", str(config))
    assert [p["id"] for p in data["packs"]] == ["collaboration"]

    def a8_missing(data: dict) -> str:  # type: ignore[type-arg]
        return " ".join(next(f for f in data["findings"] if f["rule"] == "COL-A8")["missing"])

    assert "less_than 90000000" in a8_missing(data)
    # The command line wins over the file.
    cli_wins = report(client, "--config", str(config), "--param", "small_company_arr=1")
    assert "less_than 1;" in a8_missing(cli_wins)


def test_waiver_applies_raw_scores_stay_visible(client: Path, tmp_path: Path) -> None:
    (tmp_path / "maturity.toml").write_text(
        "[[waivers]]\n"
        'rule = "COL-A2"\nreason = "intake rebuilt this quarter"\nowner = "li.wei"\n'
        "expires = 2999-12-31\n"
    )
    data = report(client)
    a2 = next(f for f in data["findings"] if f["rule"] == "COL-A2")
    assert a2["status"] == "waived"
    assert a2["waiver"]["status"] == "fail"
    assert a2["waiver"]["owner"] == "li.wei"
    raw = data["raw"]["level"]["levels"]["advanced"]
    assert "COL-A2" in raw["required_failed"]
    assert "COL-A2" not in data["level"]["levels"]["advanced"]["required_failed"]
    assert data["waivers"][0]["state"] == "applied"


def test_expired_waiver_is_reported_and_no_longer_applies(client: Path, tmp_path: Path) -> None:
    (tmp_path / "maturity.toml").write_text(
        '[[waivers]]\nrule = "COL-A2"\nreason = "old"\nowner = "ops"\nexpires = 2001-01-01\n'
    )
    data = report(client)
    assert next(f for f in data["findings"] if f["rule"] == "COL-A2")["status"] == "fail"
    assert data["waivers"][0]["state"] == "expired"
    text = run("assess", str(client)).output
    assert "expired, no longer applies" in text


def test_scoped_waiver_covers_only_named_flows(tmp_path: Path) -> None:
    model = tmp_path / "org.toml"
    model.write_text(
        '[organization]\nname = "x"\n'
        '[[roles]]\nid = "s"\nkind = "sales"\n[[roles]]\nid = "p"\nkind = "product"\n'
        '[[roles]]\nid = "r"\nkind = "rnd"\n'
        '[[flows]]\nfrom = "s"\nto = "p"\nkind = "bug_report"\n'
        '[[flows]]\nfrom = "s"\nto = "r"\nkind = "feature_request"\n'
    )
    waiver = (
        '[[waivers]]\nrule = "COL-I6"\nreason = "r"\nowner = "o"\nexpires = 2999-01-01\n'
        'flow = {{ from = "s", to = "{to}" }}\n'
    )
    (tmp_path / "maturity.toml").write_text(waiver.format(to="p"))
    assert statuses(report(model))["COL-I6"] == "fail"  # flow s → r is not covered
    (tmp_path / "maturity.toml").write_text(waiver.format(to="p") + waiver.format(to="r"))
    assert statuses(report(model))["COL-I6"] == "waived"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[rules]\nignore = ["COL-Z"]\n', "unknown rule id or prefix 'COL-Z'"),
        (
            '[[waivers]]\nrule = "COL-I66"\nreason = "r"\nowner = "o"\nexpires = 2999-01-01\n',
            "unknown rule 'COL-I66'",
        ),
        ('[packs]\ndisable = ["colaboration"]\n', "did you mean 'collaboration'"),
        ('[[waivers]]\nrule = "COL-I6"\nreason = "r"\n', "'owner' is a required property"),
        ("[rules\n", "invalid TOML"),
        ("[params]\nsmall_company_ar = 1\n", "unknown parameter 'small_company_ar'"),
    ],
)
def test_bad_configuration_is_an_error(
    client: Path, tmp_path: Path, text: str, message: str
) -> None:
    (tmp_path / "maturity.toml").write_text(text)
    result = run("assess", str(client))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_limits_from_configuration(client: Path, tmp_path: Path) -> None:
    (tmp_path / "maturity.toml").write_text("[limits]\nmax_roles = 3\n")
    result = run("assess", str(client))
    assert result.exit_code == 2
    assert "roles; the limit is 3" in result.stderr
