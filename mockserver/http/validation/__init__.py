"""Requests and answers held to the specs: Connexion's validators with real formats, compiled
schemas, and the validation middlewares with each operation's parts kept."""
