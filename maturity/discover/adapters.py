"""Two real export shapes as event rows: Jira issue changelogs and Zendesk ticket audits.

Jira (REST ``issue?expand=changelog``, a search result with ``issues``, or a
list of issues): the issue's creation by its reporter, then every history's
``assignee`` item (the new assignee takes the work) and ``status`` item (the
history's author moves it). Items of one history share its timestamp; they
are kept in order of history id, then item index.

Zendesk (``incremental/ticket_events`` with ``child_events``, or ticket
``audits`` with ``events``): ``Create`` of the ticket, ``assignee_id``
changes (the new assignee), ``group_id`` and ``status`` changes (by the
audit's author). The ticket's current group, type and priority travel with
every event as ``group``, ``ticket_type`` and ``priority``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from maturity.errors import Problem

Row = dict[str, Any]


def to_jsonl(path: str, target: Path) -> None:
    """Convert the export at ``path`` to JSON Lines rows at ``target``."""
    from maturity.discover.readers import LogError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise LogError(
            [Problem(path, "", f"invalid JSON: {getattr(exc, 'msg', exc)}", line)]
        ) from None
    rows = _rows(data, path)
    with target.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def _rows(data: Any, path: str) -> list[Row]:
    from maturity.discover.readers import LogError

    if isinstance(data, Mapping) and ("ticket_events" in data or "audits" in data):
        return list(zendesk_rows(data))
    issues = data.get("issues") if isinstance(data, Mapping) and "issues" in data else data
    if isinstance(issues, Mapping):
        issues = [issues]
    if isinstance(issues, list) and all(isinstance(i, Mapping) and "key" in i for i in issues):
        return [row for issue in issues for row in jira_rows(issue)]
    raise LogError(
        [
            Problem(
                path,
                "",
                "not a Jira changelog export (issues with 'key' and "
                "'changelog') nor a Zendesk export ('ticket_events' or 'audits')",
            )
        ]
    )


def _person(value: Any) -> str | None:
    if isinstance(value, Mapping):
        for key in ("displayName", "name", "accountId", "emailAddress"):
            if value.get(key):
                return str(value[key])
        return None
    return None if value in (None, "") else str(value)


def _name(value: Any) -> str | None:
    return str(value.get("name")) if isinstance(value, Mapping) and value.get("name") else None


def jira_rows(issue: Mapping[str, Any]) -> Iterator[Row]:
    """Events of one Jira issue, in order: created, then its histories' items."""
    fields = issue.get("fields") or {}
    common = {
        "case": str(issue["key"]),
        "issue_type": _name(fields.get("issuetype")),
        "priority": _name(fields.get("priority")),
    }
    reporter = _person(fields.get("reporter")) or _person(fields.get("creator"))
    if reporter and fields.get("created"):
        yield {
            **common,
            "activity": "Created",
            "resource": reporter,
            "timestamp": fields["created"],
        }
    changelog = issue.get("changelog") or {}
    histories = changelog.get("histories") or changelog.get("values") or []
    for history in sorted(histories, key=lambda h: (str(h.get("created", "")), _number(h))):
        author = _person(history.get("author"))
        for item in history.get("items") or []:
            field = str(item.get("field", "")).lower()
            if field == "assignee" and item.get("toString"):
                yield {
                    **common,
                    "activity": "Assigned",
                    "resource": str(item["toString"]),
                    "timestamp": history.get("created"),
                }
            elif field == "status" and author:
                yield {
                    **common,
                    "activity": str(item.get("toString") or ""),
                    "resource": author,
                    "timestamp": history.get("created"),
                }


def _number(record: Mapping[str, Any]) -> int:
    try:
        return int(record.get("id", 0))
    except (TypeError, ValueError):
        return 0


def zendesk_rows(data: Mapping[str, Any]) -> Iterator[Row]:
    """Events of Zendesk audits, per ticket in time order; current group, type, priority kept."""
    audits = list(data.get("ticket_events") or data.get("audits") or [])
    audits.sort(
        key=lambda a: (str(a.get("ticket_id", "")), str(a.get("created_at", "")), _number(a))
    )
    state: dict[str, dict[str, Any]] = {}
    for audit in audits:
        ticket = str(audit.get("ticket_id", ""))
        current = state.setdefault(ticket, {"group": None, "ticket_type": None, "priority": None})
        author = audit.get("author_id", audit.get("updater_id"))
        events = audit.get("events") or audit.get("child_events") or []
        for event in events:  # the audit's new group, type, priority hold for all its events
            field = event.get("field_name")
            if field in _CARRIED and event.get("value") is not None:
                current[_CARRIED[field]] = str(event["value"])
        for event in events:
            yield from _zendesk_event(ticket, audit, author, event, current)


_CARRIED = {
    "group_id": "group",
    "type": "ticket_type",
    "ticket_type": "ticket_type",
    "priority": "priority",
}


def _zendesk_event(
    ticket: str,
    audit: Mapping[str, Any],
    author: Any,
    event: Mapping[str, Any],
    current: dict[str, Any],
) -> Iterator[Row]:
    kind = event.get("type") or event.get("event_type")
    field = event.get("field_name")
    base = {"case": ticket, "timestamp": audit.get("created_at"), **current}
    if kind == "Create" and field == "status":
        yield {**base, "activity": "Created", "resource": _text(author)}
    elif field == "assignee_id" and event.get("value") not in (None, ""):
        yield {**base, "activity": "Assigned", "resource": str(event["value"])}
    elif kind == "Change" and field == "group_id":
        yield {**base, "activity": "Group changed", "resource": _text(author)}
    elif kind == "Change" and field == "status":
        yield {**base, "activity": f"Status {event.get('value')}", "resource": _text(author)}


def _text(value: Any) -> str:
    return "" if value is None else str(value)
