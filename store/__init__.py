"""Persistence: SQLAlchemy models, Alembic migrations, queries and the unit of work."""
