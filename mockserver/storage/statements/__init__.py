"""Hot statements run on the driver's cursor, with what SQLAlchemy works out per execution
planned once."""
