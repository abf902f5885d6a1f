"""Print the PostgreSQL URL to test on if a server answers there, else nothing (SQLite).

`make test` calls it when DATABASE_URL is not set: a real connection attempt, so no
PostgreSQL client tools (pg_isready) are needed on the machine.
"""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg


def answers(url: str) -> bool:
    # The test run creates its own database, so ask the server's maintenance database.
    maintenance = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        psycopg.connect(maintenance, connect_timeout=2).close()
    except psycopg.Error:
        return False
    return True


if __name__ == "__main__":
    candidate = sys.argv[1]
    if answers(candidate):
        print(candidate)
