"""task search (issue 19): the gram index covers active tasks only, without a pending list, and
a search asks for its rare grams only

Revision ID: 0005_search_active_grams
Revises: 0004_task_search

0004's index held the grams of every task ever made, so a community's name (two years of its
tasks) or a case number's common grams (`bm`, `m-`, `-0`: every task) meant long posting lists
and thousands of finished rows fetched only to be thrown away by the view's status test. Every
view that searches through the index holds only open and claimed tasks (the completed view
reads its own index), so the index now holds only those: a tenth of the table.

A search asks for its three rarest grams only (`fq_search_grams`: rarest by the frequencies
ANALYZE keeps for the index; a gram it does not list is rare). Any subset of a text's grams is
still a necessary condition, and ILIKE decides, so the answer is the same; but a case number's
`bm`, `m-` and `-0` are in every task, and reading their postings cost 27 ms of a 28 ms search,
against 0.5 ms for its three rarest digit pairs (1,000,000 tasks, 100,000 active).

`fastupdate = off`: a GIN index normally queues new entries in a pending list that every search
then reads in full until VACUUM merges it (up to 4 MB); a search's time should not depend on
how long ago autovacuum ran. Each new task costs a few more index writes instead.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005_search_active_grams"
down_revision: str | None = "0004_task_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EXPRESSION = "fq_grams(title || ' ' || case_no)"
_SEARCH_GRAMS = """
CREATE OR REPLACE FUNCTION fq_search_grams(q text) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
  SELECT array(
    SELECT a.gram
    FROM unnest(fq_query_grams(q)) AS a(gram)
    LEFT JOIN (
      SELECT e.gram, e.freq
      FROM pg_stats AS s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(gram, freq)
      WHERE s.schemaname = current_schema() AND s.tablename = 'ix_task_search_active_grams'
    ) AS common ON common.gram = a.gram
    GROUP BY a.gram
    ORDER BY coalesce(max(common.freq), 0), a.gram
    LIMIT 3
  )
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE INDEX ix_task_search_active_grams ON task USING gin ({_EXPRESSION}) WITH (fastupdate = off)"
        " WHERE status IN ('OPEN', 'CLAIMED')"
    )
    op.execute("DROP INDEX IF EXISTS ix_task_search_grams")
    op.execute(_SEARCH_GRAMS)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_task_search_grams ON task USING gin ({_EXPRESSION})")
    op.execute("DROP INDEX IF EXISTS ix_task_search_active_grams")
    op.execute("DROP FUNCTION IF EXISTS fq_search_grams(text)")
