"""May this actor see these tables? Datasette's own permission checks, asked the way each line asks them.

Every audit page shows rows of several tables; it may show them only to an actor Datasette would
show those tables to. One helper serves the pages, the menu and the action links, on both lines:

- 0.65: ``ensure_permissions`` with the cascade Datasette's table page uses
  (view-table, then view-database, then view-instance: the first that decides wins);
- 1.0: ``datasette.allowed`` with resource objects (the config's database-level rules already
  apply to the tables inside).

Kept light: imported by the menu hooks on every Datasette page.
"""


async def can_view(datasette, actor, database, tables=()):
    """True when ``actor`` may view the database and every one of ``tables`` in it."""
    if hasattr(datasette, "allowed"):  # 1.0: resource-based permissions
        return await _allowed_1_0(datasette, actor, database, tables)
    return await _allowed_0_65(datasette, actor, database, tables)


async def _allowed_1_0(datasette, actor, database, tables):
    from datasette.resources import DatabaseResource, TableResource

    checks = [("view-instance", None), ("view-database", DatabaseResource(database=database))]
    checks += [("view-table", TableResource(database=database, table=table)) for table in tables]
    for action, resource in checks:
        if not await datasette.allowed(action=action, resource=resource, actor=actor):
            return False
    return True


async def _allowed_0_65(datasette, actor, database, tables):
    from datasette import Forbidden

    chains = [[("view-database", database), "view-instance"]]
    chains += [[("view-table", (database, table)), ("view-database", database), "view-instance"] for table in tables]
    try:
        for chain in chains:
            await datasette.ensure_permissions(actor, chain)
    except Forbidden:
        return False
    return True
