"""The schema revisions this prep knows, oldest first (a test checks them against the scripts).

Kept free of imports so the light SQLite path (prep.store.lite) can check the schema without
loading SQLAlchemy or Alembic.
"""

REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
HEAD = REVISIONS[-1]
