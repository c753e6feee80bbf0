"""task search (issue 19): the gram index covers active tasks only, without a pending list

Revision ID: 0005_search_active_grams
Revises: 0004_task_search

0004's index held the grams of every task ever made, so a community's name (two years of its
tasks) or a case number's common grams (`bm`, `m-`, `-0`: every task) meant long posting lists
and thousands of finished rows fetched only to be thrown away by the view's status test. Every
view that searches through the index holds only open and claimed tasks (the completed view
reads its own index), so the index now holds only those: a tenth of the table.

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


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        f"CREATE INDEX ix_task_search_active_grams ON task USING gin ({_EXPRESSION}) WITH (fastupdate = off)"
        " WHERE status IN ('OPEN', 'CLAIMED')"
    )
    op.execute("DROP INDEX IF EXISTS ix_task_search_grams")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE INDEX ix_task_search_grams ON task USING gin ({_EXPRESSION})")
    op.execute("DROP INDEX IF EXISTS ix_task_search_active_grams")
