"""Load benchmarks of the whole site under gunicorn on PostgreSQL (see README, "Benchmarks")."""
