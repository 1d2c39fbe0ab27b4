"""How the database is reached and how writers take turns: the engines (SQLite or PostgreSQL),
what serve prepares first, SQLite's one writer, PostgreSQL's plain reads, handlers on the loop,
and the change counters every worker reads without a query."""
