"""What integrators import into their own tests: the control API's client (control_client.py),
a webhook receiver (webhook_receiver.py), the pytest plugin, and a free port or a throwaway
PostgreSQL for a server of their own (local_server.py, local_postgres.py)."""
