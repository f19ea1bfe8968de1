"""Alembic environment: always run from ``portal.db.migrate`` with a connection in a transaction."""

from alembic import context

from portal.db.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
