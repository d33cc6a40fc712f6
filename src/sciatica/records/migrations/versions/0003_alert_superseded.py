"""Alerts superseded by a newer visit's alert for the same rule and patient.

An alert is open while neither acknowledged nor superseded. Upgrading closes, per patient and rule,
every open alert but the one of the newest visit, as superseded by it, so existing data already
has at most one open alert per patient and rule.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

import sciatica.records.models

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "superseded_at", sciatica.records.models.UtcDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("superseded_by", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_alerts_superseded_by_alerts"),
            "alerts",
            ["superseded_by"],
            ["id"],
            ondelete="SET NULL",
        )
    _supersede_existing()


def _supersede_existing() -> None:
    """Per patient and rule, the newest visit's open alert supersedes the older open ones."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT a.id, a.patient_id, a.rule, v.seen_at, v.id FROM alerts a "
            "JOIN visits v ON v.id = a.visit_id WHERE a.acknowledged_at IS NULL"
        )
    ).all()
    newest: dict[tuple[int, str], tuple[Any, int, int]] = {}
    for alert_id, patient_id, rule, seen_at, visit_id in rows:
        key = (patient_id, rule)
        # seen_at is a datetime (PostgreSQL) or one fixed-format UTC string (SQLite): sortable
        order = (seen_at, visit_id, alert_id)
        if key not in newest or order > newest[key]:
            newest[key] = order
    alerts = sa.table(
        "alerts",
        sa.column("id", sa.Integer()),
        sa.column("superseded_at", sciatica.records.models.UtcDateTime(timezone=True)),
        sa.column("superseded_by", sa.Integer()),
    )
    at = datetime.now(UTC)
    for alert_id, patient_id, rule, _, _ in rows:
        winner = newest[(patient_id, rule)][2]
        if alert_id != winner:
            connection.execute(
                alerts.update()
                .where(alerts.c.id == alert_id)
                .values(superseded_at=at, superseded_by=winner)
            )


def downgrade() -> None:
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_alerts_superseded_by_alerts"), type_="foreignkey")
        batch_op.drop_column("superseded_by")
        batch_op.drop_column("superseded_at")
