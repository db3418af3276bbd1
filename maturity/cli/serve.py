"""``maturity serve``: the what-if studio, a local web page for one model."""

from __future__ import annotations

import socket
from typing import Any

import click

from maturity.cli.options import LANG_CHOICE, make_session, session_options


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@click.command()
@click.argument("model", type=click.Path(path_type=str, exists=True, dir_okay=False))
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on (0: any free port).")  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the default unless you know who else can reach "
              "this computer: the studio has no login.")  # fmt: skip
@click.option("--lang", type=LANG_CHOICE, default="en", show_default=True,
              help="Language of the page (switchable on the page).")  # fmt: skip
@session_options
def serve(model: str, port: int, host: str, lang: str, **options: Any) -> None:
    """Open the what-if studio for MODEL: a local web page showing its report, where fixes
    can be switched on and off, roles, flows and practices edited, a plan to a target
    applied in one click, and the result saved (inside MODEL's folder only).

    Needs the studio extra: pip install 'maturity[studio]'. See docs/studio.md. Example:

        maturity serve examples/beginner.toml --lang zh
    """
    try:
        import uvicorn

        from maturity.studio.app import create_app
    except ImportError as exc:
        raise click.ClickException(
            f"the studio needs the studio extra ({exc.name} is missing): "
            "pip install 'maturity[studio]'"
        ) from None
    session = make_session(options, (model,))
    port = port or _free_port(host)
    app = create_app(session, model, lang, host, port)
    shown = f"[{host}]" if ":" in host else host
    where = "this computer only" if host in ("127.0.0.1", "localhost", "::1") else (
        "every computer that can reach this address")  # fmt: skip
    click.echo(f"maturity studio for {model} at http://{shown}:{port}/ "
               f"(listening on {host}: {where}; Ctrl+C stops it)", err=True)  # fmt: skip
    uvicorn.run(app, host=host, port=port, log_level="warning")
