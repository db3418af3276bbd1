"""Small event logs the discover tests write: random ones with ties, and recorded-shape exports."""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

HEADER = ["case", "activity", "resource", "timestamp"]


def random_log(path: Path, seed: int, cases: int = 60, header: list[str] | None = None) -> Path:
    """A CSV log with skewed resources, repeated resources and timestamp ties."""
    rng = random.Random(seed)
    people = [f"r{i}" for i in range(9)]
    rows = []
    start = dt.datetime(2024, 1, 1)
    for c in range(cases):
        t = start + dt.timedelta(hours=rng.randint(0, 500))
        for _ in range(rng.randint(1, 7)):
            if rng.random() > 0.3:  # else: a tie with the previous event
                t += dt.timedelta(minutes=rng.randint(1, 90))
            who = people[min(int(rng.expovariate(0.5)), len(people) - 1)]
            rows.append([f"c{c}", rng.choice("ABCD"), who, t.strftime("%Y-%m-%dT%H:%M:%SZ")])
    rng.shuffle(rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header or HEADER)
        writer.writerows(rows)
    return path


def jira_issue(key: str, issue_type: str, priority: str) -> dict:
    """A Jira issue in the REST ``expand=changelog`` shape (trimmed to what is read)."""
    return {
        "id": "10001",
        "key": key,
        "fields": {
            "issuetype": {"name": issue_type},
            "priority": {"name": priority},
            "created": "2024-05-01T09:00:00.000+0800",
            "reporter": {"accountId": "5b10a", "displayName": "Li Na"},
        },
        "changelog": {
            "startAt": 0,
            "maxResults": 100,
            "total": 3,
            "histories": [
                {
                    "id": "20003",
                    "author": {"displayName": "Chen Gang"},
                    "created": "2024-05-02T10:00:00.000+0800",
                    "items": [
                        {
                            "field": "status",
                            "fieldtype": "jira",
                            "fromString": "Reproduced",
                            "toString": "In Progress",
                        }
                    ],
                },
                {
                    "id": "20001",
                    "author": {"displayName": "Zhao Min"},
                    "created": "2024-05-01T11:00:00.000+0800",
                    "items": [
                        {
                            "field": "status",
                            "fieldtype": "jira",
                            "fromString": "Open",
                            "toString": "Reproduced",
                        },
                        {
                            "field": "assignee",
                            "fieldtype": "jira",
                            "from": "x",
                            "fromString": "Zhao Min",
                            "to": "y",
                            "toString": "Chen Gang",
                        },
                    ],
                },
                {
                    "id": "20002",
                    "author": {"displayName": "Zhao Min"},
                    "created": "2024-05-01T11:00:00.000+0800",
                    "items": [{"field": "labels", "fromString": "", "toString": "customer"}],
                },
            ],
        },
    }


def zendesk_export() -> dict:
    """Zendesk incremental ticket events with audits' child events (trimmed)."""
    return {
        "ticket_events": [
            {
                "id": 2,
                "ticket_id": 7,
                "updater_id": 900,
                "created_at": "2024-05-01T12:00:00Z",
                "child_events": [
                    {
                        "id": 21,
                        "event_type": "Change",
                        "type": "Change",
                        "field_name": "group_id",
                        "value": "20",
                        "previous_value": "10",
                    },
                    {
                        "id": 22,
                        "type": "Change",
                        "field_name": "assignee_id",
                        "value": "901",
                        "previous_value": "900",
                    },
                ],
            },
            {
                "id": 1,
                "ticket_id": 7,
                "updater_id": 800,
                "created_at": "2024-05-01T09:00:00Z",
                "child_events": [
                    {"id": 11, "type": "Create", "field_name": "status", "value": "new"},
                    {"id": 12, "type": "Create", "field_name": "group_id", "value": "10"},
                    {"id": 13, "type": "Create", "field_name": "priority", "value": "urgent"},
                    {"id": 14, "type": "Create", "field_name": "assignee_id", "value": "900"},
                ],
            },
            {
                "id": 3,
                "ticket_id": 7,
                "updater_id": 901,
                "created_at": "2024-05-02T09:00:00Z",
                "child_events": [
                    {
                        "id": 31,
                        "type": "Change",
                        "field_name": "status",
                        "value": "solved",
                        "previous_value": "open",
                    }
                ],
            },
        ],
        "next_page": None,
        "end_of_stream": True,
    }
