"""Generate realistic ticket event logs for the discover benchmark (seeded, with DuckDB).

A generated log looks like a B2B SaaS company's ticket system: cases are bug
reports (half), feature requests and tasks, with priorities; each case is
opened by sales, customer success or the hotline and travels through
departments (hotline triage, reproduction, product, R&D, back to the front
line) with random detours, so there are many distinct variants. Resources
inside a department are skewed (a few people do most of the work), and one
event in ten shares its timestamp with the one before (ties).

The same seed and size give the same log, row for row (generation runs on
one DuckDB thread). Columns: case, activity, resource, timestamp,
issue_type, priority.

    python bench/eventlog.py --events 1000000 --seed 7 -o log.parquet
    python bench/eventlog.py --events 10000 -o log.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEPARTMENTS = ("sales", "cs", "hotline", "product", "rnd", "qa")
SIZES = {"sales": 40, "cs": 25, "hotline": 12, "product": 8, "rnd": 60, "qa": 10}
ACTIVITIES = (
    "Open",
    "Triage",
    "Reproduce",
    "Refine",
    "Develop",
    "Test",
    "Review",
    "Reply",
    "Close",
)
AVERAGE_LENGTH = 5.5  # events per case: lengths 2 to 9, uniform


def _department_sql() -> str:
    """The department of step ``s`` of a case of type ``t``, with detours (r is random)."""
    return """
    CASE
      WHEN s = 0 THEN (['sales', 'cs', 'hotline'])[1 + floor(r0 * 3)::INT]
      WHEN r < 0.12 THEN (['sales', 'cs', 'hotline', 'product', 'rnd', 'qa'])[1 + floor(r2 * 6)::INT]
      WHEN t = 'Bug' THEN (['hotline', 'rnd', 'qa', 'rnd', 'hotline', 'cs', 'rnd', 'sales'])[1 + (s - 1) % 8]
      WHEN t = 'Story' THEN (['product', 'rnd', 'qa', 'product', 'cs', 'rnd', 'sales', 'rnd'])[1 + (s - 1) % 8]
      ELSE (['rnd', 'product', 'rnd', 'qa', 'cs', 'rnd', 'hotline', 'rnd'])[1 + (s - 1) % 8]
    END
    """  # noqa: E501


def generate(events: int, seed: int, path: Path) -> int:
    """Write about ``events`` events to ``path`` (.parquet or .csv); return the exact count."""
    import duckdb

    cases = max(1, round(events / AVERAGE_LENGTH))
    con = duckdb.connect()
    con.execute("SET threads = 1")
    con.execute("SELECT setseed(?)", [(seed % 1000) / 1000])
    sizes = " ".join(f"WHEN '{d}' THEN {n}" for d, n in SIZES.items())
    con.execute(f"""
        CREATE TABLE cases AS
        SELECT c, 2 + floor(random() * 8)::INT AS len, random() AS r0,
               (['Bug', 'Bug', 'Bug', 'Bug', 'Bug', 'Story', 'Story', 'Story', 'Task', 'Task'])
                 [1 + floor(random() * 10)::INT] AS t,
               (['Lowest', 'Low', 'Medium', 'Medium', 'Medium', 'High', 'High', 'Highest', 'Blocker'])
                 [1 + floor(random() * 9)::INT] AS priority,
               TIMESTAMP '2024-01-01' + to_seconds(floor(random() * 31536000)::BIGINT) AS start
        FROM range({cases}) AS r(c)
    """)  # noqa: E501
    con.execute("""
        CREATE TABLE steps AS
        SELECT c, s, t, priority, start, r0, random() AS r, random() AS r2, random() AS r3,
               random() AS gap
        FROM cases, range(9) AS g(s) WHERE s < len ORDER BY c, s
    """)
    con.execute(f"""
        CREATE TABLE log AS
        SELECT 'T-' || c AS "case",
               (['{"', '".join(ACTIVITIES)}'])[1 + least(s, 8)] AS activity,
               dept || '-' || floor(pow(r3, 3) * (CASE dept {sizes} END))::INT AS resource,
               start + to_seconds(sum(CASE WHEN gap < 0.1 THEN 0
                                           ELSE floor(gap * 86400)::BIGINT END)
                                  OVER (PARTITION BY c ORDER BY s)) AS timestamp,
               t AS issue_type, priority
        FROM (SELECT *, {_department_sql()} AS dept FROM steps)
        ORDER BY c, s
    """)
    total = con.execute("SELECT count(*) FROM log").fetchone()[0]
    fmt = "parquet" if path.suffix in (".parquet", ".pq") else "csv"
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM log) TO '{target}' (FORMAT {fmt})")
    return int(total)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="about this many events")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True, help=".parquet or .csv")
    args = parser.parse_args(argv)
    count = generate(args.events, args.seed, args.output)
    print(f"wrote {args.output}: {count:,} events", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
