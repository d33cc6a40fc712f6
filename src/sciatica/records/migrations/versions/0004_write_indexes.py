"""Indexes for the reads of a visit write, whose cost grew with the record's history.

- visits (episode_id, seen_at, id) replaces visits (episode_id): the episode's last visit before
  a date is one step down the index instead of a sort of all the episode's visits.
- alerts (patient_id, rule) for open alerts only (neither acknowledged nor superseded): the
  alerts a new visit supersedes are found among the patient's few open ones instead of read from
  every alert the patient ever had.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

OPEN_ALERT = "acknowledged_at IS NULL AND superseded_at IS NULL"


def upgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_episode_seen", ["episode_id", "seen_at", "id"])
        batch_op.drop_index(batch_op.f("ix_visits_episode_id"))
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_alerts_patient_open",
            ["patient_id", "rule"],
            sqlite_where=sa.text(OPEN_ALERT),
            postgresql_where=sa.text(OPEN_ALERT),
        )


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_patient_open")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visits_episode_id"), ["episode_id"], unique=False)
        batch_op.drop_index("ix_visits_episode_seen")
