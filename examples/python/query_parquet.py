"""Extract the sample articles to Parquet, then query the tables with DuckDB.

    byline extract examples/articles --out mentions.parquet --articles articles.parquet
    python examples/python/query_parquet.py mentions.parquet articles.parquet

Without arguments it writes both files to a temporary directory first (with the same
``byline extract`` command, run as ``python -m byline.cli``). Prints three tables: the
most mentioned people and organisations with the number of articles naming them, the
dates each article gives, and the articles with their entity counts.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]

TOP_NAMES = """
SELECT label, text, count(*) AS mentions, count(DISTINCT article_id) AS articles
FROM read_parquet($mentions)
WHERE label IN ('PERSON', 'ORG')
GROUP BY label, text
ORDER BY mentions DESC, text
LIMIT 10
"""

DATES = """
SELECT article_id, text, value.string AS iso, value.start, value."end"
FROM read_parquet($mentions)
WHERE label = 'DATE' AND value IS NOT NULL
ORDER BY article_id, start
"""

ARTICLES = """
SELECT a.article_id, a.tokens, a.entities, count(DISTINCT m.label) AS labels
FROM read_parquet($articles) a LEFT JOIN read_parquet($mentions) m USING (article_id)
GROUP BY ALL
ORDER BY a.article_id
"""


def extract(out_dir: Path) -> tuple:
    mentions, articles = out_dir / "mentions.parquet", out_dir / "articles.parquet"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "byline.cli",
            "extract",
            str(ROOT / "examples" / "articles"),
            "--out",
            str(mentions),
            "--articles",
            str(articles),
        ],
        check=True,
    )
    return mentions, articles


def main(argv: list) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        mentions, articles = (Path(argv[0]), Path(argv[1])) if len(argv) == 2 else extract(Path(tmp))
        con = duckdb.connect()
        params = {"mentions": str(mentions), "articles": str(articles)}
        for title, sql in (
            ("most mentioned people and organisations", TOP_NAMES),
            ("dates given by each article", DATES),
            ("articles", ARTICLES),
        ):
            print(f"-- {title}")
            used = {k: v for k, v in params.items() if f"${k}" in sql}
            print(con.execute(sql, used).df().to_string(index=False))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
