"""task search (issue 19): an index of the character grams of a task's title and case number, so
free-text inbox search on PostgreSQL reads an index instead of scanning the tasks

Revision ID: 0004_task_search
Revises: 0003_liaison

Why grams and not pg_trgm: a trigram index cannot serve a two-character pattern (`%漏水%` yields
no trigram, so PostgreSQL rechecks every row), and two characters is the usual Chinese search.
The index holds every character and every pair of adjacent characters (lower-cased) of
`title || ' ' || case_no`; a search asks for the rows holding all pairs of its text (its one
character, if that is all), then ILIKE confirms the match. Both functions are IMMUTABLE, so the
index is an expression index the rows need not know about. SQLite has no such index: it keeps
the ILIKE alone (services/mediation/tasks/search.py).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004_task_search"
down_revision: str | None = "0003_liaison"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_GRAMS = """
CREATE OR REPLACE FUNCTION fq_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT c || array(SELECT c[i] || c[i + 1] FROM generate_series(1, cardinality(c) - 1) AS i)
  FROM regexp_split_to_array(lower(t), '') AS c
$$
"""
_QUERY_GRAMS = """
CREATE OR REPLACE FUNCTION fq_query_grams(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(c) < 2 THEN c
              ELSE array(SELECT c[i] || c[i + 1] FROM generate_series(1, cardinality(c) - 1) AS i) END
  FROM regexp_split_to_array(lower(q), '') AS c
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(_GRAMS)
    op.execute(_QUERY_GRAMS)
    op.execute("CREATE INDEX ix_task_search_grams ON task USING gin (fq_grams(title || ' ' || case_no))")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_task_search_grams")
    op.execute("DROP FUNCTION IF EXISTS fq_query_grams(text)")
    op.execute("DROP FUNCTION IF EXISTS fq_grams(text)")
