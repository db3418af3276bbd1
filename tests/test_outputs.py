"""Output paths: one decision (maturity.outpaths) for every command. Never a device, a pipe
or a link to one (``-`` and ``/dev/stdout`` are standard output); never a file the run
reads, by any of its names; never two outputs of one run on one path. An interrupted
write leaves no temporary file and exits 130.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import strategies as S

BEGINNER = S.ROOT / "examples" / "beginner.toml"
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
COMMANDS = S.command_names()


@pytest.fixture(scope="module", autouse=True)
def _fast_packs() -> Iterator[None]:
    with S.packs_cached():
        yield


def _writers(model: Path) -> list[list[str]]:
    """Every command and option that writes a file (the path is appended)."""
    out = [["assess", str(model), "--format", "json", "-o"], ["graph", str(model), "-o"]]
    plan = ["plan", str(model), "--target", "intermediate"]
    return [*out, [*plan, "-o"], [*plan, "--write-model"]]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def _null_device(folder: Path) -> Path:
    """A character device like /dev/null, made in ``folder`` so that a bug replaces only it."""
    if not ROOT_USER:
        pytest.skip("making a device node needs root")
    node = folder / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    return node


def _special(folder: Path, kind: str) -> Path:
    if kind == "device":
        return _null_device(folder)
    if kind == "link to a device":
        link = folder / "out.json"
        link.symlink_to(_null_device(folder))
        return link
    if kind == "fifo":
        fifo = folder / "fifo.json"
        os.mkfifo(fifo)
        return fifo
    link = folder / "to-fifo.json"
    os.mkfifo(folder / "fifo")
    link.symlink_to(folder / "fifo")
    return link


@pytest.mark.parametrize("kind", ["device", "link to a device", "fifo", "link to a fifo"])
def test_special_files_are_never_written(tmp_path: Path, kind: str) -> None:
    path = _special(tmp_path, kind)
    target = path.resolve()
    for args in _writers(BEGINNER):
        result = S.cli(*args, str(path))
        S.check_contract(result, path, allowed=(2,))
        assert "not a file" in result.stderr
        assert not stat.S_ISREG(os.stat(target).st_mode), f"{args}: replaced by a file"
        assert os.path.islink(path) == ("link" in kind)
    assert not _leftovers(tmp_path)


def test_dev_stdout_means_standard_output(tmp_path: Path) -> None:
    result = S.cli("assess", str(BEGINNER), "--format", "json", "-o", "/dev/stdout")
    S.check_contract(result, None, allowed=(0,))
    assert json.loads(result.stdout)["organization"]
    result = S.cli("graph", str(BEGINNER), "-o", "/dev/stdout")
    assert result.exit_code == 0 and result.stdout.startswith("digraph")


def test_graph_never_replaces_its_model(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    result = S.cli("graph", str(model), "-o", str(model))
    S.check_contract(result, model, allowed=(2,))
    assert model.read_bytes() == BEGINNER.read_bytes()


@pytest.mark.parametrize("name", ["link", "hard link", "dotdot"])
def test_no_output_replaces_an_input_by_another_name(tmp_path: Path, name: str) -> None:
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    other = {"link": tmp_path / "l.toml", "hard link": tmp_path / "h.toml",
             "dotdot": tmp_path / "sub" / ".." / "m.toml"}[name]  # fmt: skip
    if name == "link":
        other.symlink_to(model)
    elif name == "hard link":
        os.link(model, other)
    else:
        (tmp_path / "sub").mkdir()
    for args in _writers(model):
        result = S.cli(*args, str(other))
        S.check_contract(result, other, allowed=(2,))
        assert "is one of the files being read" in result.stderr
        assert model.read_bytes() == BEGINNER.read_bytes()


def test_no_output_replaces_the_configuration(tmp_path: Path) -> None:
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    config = tmp_path / "maturity.toml"
    config.write_text("[rules]\nignore = []\n", encoding="utf-8")
    for args in _writers(model):
        result = S.cli(*args, str(config))
        S.check_contract(result, config, allowed=(2,))
        assert config.read_text(encoding="utf-8") == "[rules]\nignore = []\n"


def _json_models(folder: Path, names: list[str]) -> None:
    import tomllib

    data = tomllib.loads(BEGINNER.read_text(encoding="utf-8"))
    folder.mkdir(exist_ok=True)
    for name in names:
        (folder / name).write_text(json.dumps(data), encoding="utf-8")


def test_folder_reports_never_replace_the_models(tmp_path: Path) -> None:
    folder = tmp_path / "pf"
    _json_models(folder, ["a.json", "b.json"])
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = S.cli("assess", str(folder), "-f", "json", "-o", str(folder))
    S.check_contract(result, folder / "a.json", allowed=(2,))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize("layout", ["two folders", "two suffixes"])
def test_two_reports_of_one_run_never_share_a_path(tmp_path: Path, layout: str) -> None:
    if layout == "two folders":
        for name in ("x", "y"):
            (tmp_path / name).mkdir()
            (tmp_path / name / "m.toml").write_bytes(BEGINNER.read_bytes())
        inputs = [str(tmp_path / "x" / "m.toml"), str(tmp_path / "y" / "m.toml")]
    else:
        (tmp_path / "m.toml").write_bytes(BEGINNER.read_bytes())
        _json_models(tmp_path, ["m.json"])
        inputs = [str(tmp_path / "m.json"), str(tmp_path / "m.toml")]
    out = tmp_path / "out"
    out.mkdir()
    result = S.cli("assess", *inputs, "-f", "json", "-o", str(out))
    S.check_contract(result, out / "m.json", allowed=(2,))
    assert "would both be written here" in result.stderr
    assert not list(out.iterdir()), "nothing is written when the outputs collide"


def test_plan_and_its_model_never_share_a_path(tmp_path: Path) -> None:
    same = tmp_path / "same.toml"
    args = ["plan", str(BEGINNER), "-t", "intermediate"]
    result = S.cli(*args, "-o", str(same), "--write-model", str(same))
    S.check_contract(result, same, allowed=(2,))
    assert not same.exists()
    result = S.cli(*args, "--write-model", "-")
    S.check_contract(result, None, allowed=(2,))
    assert "standard output" in result.stderr


def test_init_dash_prints_the_template(tmp_path: Path) -> None:
    result = S.cli("init", "-")
    assert result.exit_code == 0 and "[organization]" in result.stdout
    fifo = tmp_path / "f.toml"
    os.mkfifo(fifo)
    S.check_contract(S.cli("init", str(fifo)), fifo, allowed=(2,))


def _interrupt_on_write(monkeypatch: pytest.MonkeyPatch) -> None:
    import maturity.output

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(maturity.output.os, "fsync", interrupted)


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_an_interrupted_write_leaves_nothing_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _interrupt_on_write(monkeypatch)
    report = tmp_path / "report.out"
    report.write_text("old\n", encoding="utf-8")
    result = S.cli("assess", str(BEGINNER), "-f", fmt, "-o", str(report), "--fail-under",
                   "advanced")  # fmt: skip
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    assert report.read_text(encoding="utf-8") == "old\n"
    assert not _leftovers(tmp_path)


def test_an_interrupted_portfolio_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _interrupt_on_write(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    result = S.cli("assess", str(BEGINNER), str(S.ROOT / "examples" / "intermediate.toml"),
                   "-f", "json", "-o", str(out), "-j", "1")  # fmt: skip
    assert result.exit_code == 130, result.output
    assert not list(out.iterdir())


def test_outputs_is_one_decision_for_plugin_commands(tmp_path: Path) -> None:
    """The checker commands added by plugins call: the same answers as the built-ins."""
    from maturity.errors import OutputError
    from maturity.outpaths import Outputs

    model = tmp_path / "m.toml"
    model.write_text("x", encoding="utf-8")
    outputs = Outputs([model])
    assert outputs.claim("-", "a") is None
    assert outputs.claim(str(tmp_path / "a.txt"), "b") == str(tmp_path / "a.txt")
    for path, words in [
        ("/dev/stdout", "standard output"),
        (str(model), "being read"),
        (str(tmp_path / "." / "a.txt"), "would both be written"),
        (str(tmp_path), "is a directory"),
    ]:
        with pytest.raises(OutputError, match=words):
            outputs.claim(path, "c")


def test_ctrl_c_in_a_real_run_exits_130_and_leaves_no_file(tmp_path: Path) -> None:
    """A real SIGINT to a real process group (workers included), not a simulated one."""
    import signal
    import subprocess
    import sys
    import time

    from bench.generate import write

    folder = tmp_path / "models"
    folder.mkdir()
    for name in ("a", "b"):
        write(folder / f"{name}.json", 4000, seed=2, roles=1500)
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "maturity", "assess", str(folder), "-f", "html", "-o",
               str(out), "-j", "2"]  # fmt: skip
    env = {**os.environ, "MATURITY_NO_PLUGINS": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True, env=env)  # fmt: skip
    time.sleep(1.5)
    if process.poll() is not None:
        pytest.skip("the run ended before the interrupt")
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=S.WATCHDOG)
    assert process.returncode == 130, err.decode()
    assert "Traceback" not in err.decode(), err.decode()
    assert not _leftovers(tmp_path)


def _other_writers(tmp: Path, model: Path) -> list[list[str]]:
    """Commands other engineers added that write a file, when this build has them."""
    out = []
    if "diff" in COMMANDS:
        out.append(["diff", str(model), str(BEGINNER), "-o"])
    if "import" in COMMANDS:
        out.append(["import", str(model), "-o"])
    if "discover" in COMMANDS:
        out.append(["discover", str(model), "--handover", "-o"])
    return out


@pytest.mark.parametrize("kind", ["fifo", "the input"])
def test_every_other_command_uses_the_same_check(tmp_path: Path, kind: str) -> None:
    model = tmp_path / "m.toml"
    model.write_bytes(BEGINNER.read_bytes())
    path = _special(tmp_path, "fifo") if kind == "fifo" else model
    for args in _other_writers(tmp_path, model):
        result = S.cli(*args, str(path))
        S.check_contract(result, None, allowed=(2,))
        assert str(path) in result.stderr, f"{args}: {result.stderr}"
        assert model.read_bytes() == BEGINNER.read_bytes()
    assert not _leftovers(tmp_path)
