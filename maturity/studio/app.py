"""The studio's web application: one page, forms that change the scenario, fragments.

Every change is a plain form post. Without script the server answers with a
redirect to the page (303) — or, when the change was refused, the page itself
with the problem at its field (422). The page's own script
(``static/studio.js``) posts the same forms with ``X-Studio: fragment`` and
swaps the returned part of the page in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from maturity.assess.session import Session
from maturity.errors import MaturityError, ModelError
from maturity.i18n import LANGS
from maturity.studio import edits
from maturity.studio.page import PARTS, Notes, render, render_part
from maturity.studio.save import SaveRefused, save_model, target_path
from maturity.studio.scenario import Scenario, problems_by_field
from maturity.studio.security import SameOrigin, allowed_hosts
from maturity.studio.texts import t

STATIC = {"studio.js": "text/javascript", "studio.css": "text/css"}


@dataclass
class Studio:
    """The one scenario this server edits, and the language it speaks."""

    scenario: Scenario
    lang: str
    original_text: str | None
    lock: threading.Lock

    @property
    def path(self) -> Path:
        return Path(self.scenario.original.source)


def create_app(session: Session, model_path: str | Path, lang: str = "en",
               host: str = "127.0.0.1", port: int = 8765) -> Starlette:  # fmt: skip
    """The studio for the model at ``model_path`` (read once, here), answering at host:port."""
    path = Path(model_path)
    model = session.load(path)
    text = path.read_text("utf-8") if path.suffix.lower() == ".toml" else None
    studio = Studio(Scenario(session, model), lang, text, threading.Lock())
    routes = [
        Route("/", _handler(studio, page), methods=["GET"]),
        Route("/static/{name}", static, methods=["GET"]),
        Route("/favicon.ico", lambda _request: Response(status_code=204), methods=["GET"]),
        Route("/download/{fmt}", _handler(studio, download), methods=["GET"]),
        Route("/part/{name}", _handler(studio, part), methods=["GET"]),
        Route("/toggle", _handler(studio, toggle), methods=["POST"]),
        Route("/undo", _handler(studio, undo), methods=["POST"]),
        Route("/plan", _handler(studio, plan), methods=["POST"]),
        Route("/lang", _handler(studio, switch_lang), methods=["POST"]),
        Route("/edit/{what}", _handler(studio, edit), methods=["POST"]),
        Route("/save", _handler(studio, save), methods=["POST"]),
    ]
    guard = Middleware(SameOrigin, hosts=allowed_hosts(host, port))
    return Starlette(routes=routes, middleware=[guard])


Handler = Callable[[Studio, "_Req"], Response]


def _handler(studio: Studio, handler: Handler) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        form = dict(await request.form()) if request.method == "POST" else {}
        result: Response = await run_in_threadpool(_locked, studio, handler, _Req(request, form))
        return result

    return endpoint


def _locked(studio: Studio, handler: Handler, req: _Req) -> Response:
    with studio.lock:
        result: Response = handler(studio, req)
        return result


@dataclass
class _Req:
    """A request with its form already read (handlers run under the studio's lock)."""

    request: Request
    form: dict[str, Any]

    @property
    def fragment(self) -> bool:
        return self.request.headers.get("x-studio") == "fragment"

    def value(self, name: str) -> str:
        value = self.form.get(name, "")
        return value if isinstance(value, str) else ""


def _done(studio: Studio, req: _Req, notes: Notes | None = None, status: int = 200) -> Response:
    """After a change: the fragment for the script, else the page (a problem) or a redirect."""
    if req.fragment:
        return HTMLResponse(render(studio.scenario, studio.lang, notes or Notes(), True), status)
    if notes is None:
        return RedirectResponse("/", status_code=303)
    return HTMLResponse(render(studio.scenario, studio.lang, notes), status)


def page(studio: Studio, req: _Req) -> Response:
    notes = Notes(edit=req.request.query_params.get("edit", ""))
    return HTMLResponse(render(studio.scenario, studio.lang, notes))


def part(studio: Studio, req: _Req) -> Response:
    name = req.request.path_params["name"]
    if name not in PARTS:
        return Response("not found", 404)
    return HTMLResponse(render_part(studio.scenario, studio.lang, name))


def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC:
        return Response("not found", 404)
    body = resources.files("maturity.studio").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC[name])


def toggle(studio: Studio, req: _Req) -> Response:
    rule = req.value("rule")
    base = studio.scenario.view().base
    if rule not in base.rules:
        return _done(studio, req, Notes(problem=f"unknown rule {rule!r}"), 422)
    on = {"1": True, "0": False}.get(req.value("on"))
    studio.scenario.toggle(rule, on)
    return _done(studio, req)


def undo(studio: Studio, req: _Req) -> Response:
    if not studio.scenario.undo():
        return _done(studio, req, Notes(message=t("nothing_to_undo", studio.lang)))
    return _done(studio, req)


def switch_lang(studio: Studio, req: _Req) -> Response:
    if req.value("lang") in LANGS:
        studio.lang = req.value("lang")
    return _done(studio, req)


EDITS = {"role": edits.role_change, "flow": edits.flow_change,
         "delete": edits.delete_change, "practice": edits.practice_change}  # fmt: skip


def edit(studio: Studio, req: _Req) -> Response:
    what = req.request.path_params["what"]
    maker = EDITS.get(what)
    if maker is None:
        return Response("not found", 404)
    form = {k: req.value(k) for k in req.form}
    lang = studio.lang
    opened = "practice" if what == "practice" else f"{what}:{form.get('index', 'new')}"
    try:
        change, prefix = maker(studio.scenario.state.data, form)
        studio.scenario.edit(change)
    except edits.FormError as exc:
        errors = {exc.field: [t("bad_value", lang, detail=str(exc))]}
        return _done(studio, req, _rejected(lang, errors, form, opened), 422)
    except ModelError as exc:
        errors = problems_by_field(exc, "" if what == "practice" else prefix, lang)
        return _done(studio, req, _rejected(lang, errors, form, opened), 422)
    return _done(studio, req)


def _rejected(lang: str, errors: dict[str, list[str]], form: dict[str, str], opened: str) -> Notes:
    return Notes(problem=t("edit_rejected", lang), errors=errors, form=form, edit=opened)


def plan(studio: Studio, req: _Req) -> Response:
    from maturity.fixes.plan import make_plan
    from maturity.fixes.targets import TargetError, parse_targets

    wanted = [req.value("level")] if req.value("level") else []
    wanted += req.value("stages").replace(",", " ").split()
    try:
        target = parse_targets(wanted)
    except TargetError as exc:
        return _done(studio, req, Notes(problem=str(exc)), 422)
    scenario = studio.scenario
    result = make_plan(scenario.session, scenario.model, target)
    rules = tuple(step.rule for step in result.steps)
    scenario.set_fixes(rules)
    key = "plan_reached" if result.reached else "plan_unmet"
    count = len(dict.fromkeys(rules))
    message = t(key, studio.lang, target=target.describe() or "–", count=count)
    return _done(studio, req, Notes(message=message))


def save(studio: Studio, req: _Req) -> Response:
    lang = studio.lang
    name = req.value("name")
    try:
        path = target_path(studio.path.parent, name)
    except SaveRefused as exc:
        reason = t(f"reason.{exc.code}", lang)
        return _done(studio, req, Notes(problem=t("bad_name", lang, name=name, reason=reason)), 422)
    if path.exists() and req.value("confirm") != "1":
        return _done(studio, req, Notes(confirm=name), 409)
    data = studio.scenario.scenario_model().data
    original = studio.original_text if path.suffix.lower() == ".toml" else None
    try:
        save_model(path, data, original)
    except (MaturityError, ValueError) as exc:
        return _done(studio, req, Notes(problem=str(exc)), 500)
    if path == studio.path.resolve():
        studio.original_text = path.read_text("utf-8") if original is not None else None
        studio.scenario.saved_over_original(data)
    return _done(studio, req, Notes(message=t("saved", lang, name=path.name)))


def download(studio: Studio, req: _Req) -> Response:
    from maturity.report.contract import build_report

    fmt = req.request.path_params["fmt"]
    session = studio.scenario.session
    reporter = session.registry.reporters.get(fmt)
    if reporter is None:
        return Response(f"unknown format {fmt!r}", 404)
    report = build_report(studio.scenario.view().current, studio.lang, reporter.needs_graph)
    try:
        text = reporter.render(report, studio.lang)
    except Exception as exc:  # noqa: BLE001 - a plugin's failing format is its own problem
        owner = session.registry.owners.get(("report format", fmt), "maturity")
        return Response(f"{owner}: report format '{fmt}' failed: {exc!r}", 500)
    suffix = {"markdown": "md", "text": "txt"}.get(fmt, fmt)
    filename = f"{studio.path.stem}-scenario.{studio.lang}.{suffix}"
    headers = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(text, media_type="application/octet-stream", headers=headers)
