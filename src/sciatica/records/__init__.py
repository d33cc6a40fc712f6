"""Patient records: storage (SQLAlchemy 2 + Alembic), services, outcome scores, accounts.

Install with `pip install sciatica[records]`. The store is a SQLite file in the user's data
directory unless `SCIATICA_DATABASE_URL` names another database (PostgreSQL for many users).
"""
