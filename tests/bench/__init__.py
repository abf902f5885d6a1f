from django.db import connection


def database_url() -> str:
    """The test database as a DATABASE_URL, for a benchmark script run as a child process."""
    settings = connection.settings_dict
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
