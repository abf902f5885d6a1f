import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quizsite.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.MARKING_PRELOAD_MODEL:
    # Load the marking model before gunicorn (preload_app) forks its workers: they share its
    # memory copy-on-write instead of loading one copy each.
    import gc  # noqa: E402

    from exams.marking import preload_model  # noqa: E402

    preload_model()
    # Keep what is loaded so far out of the garbage collector's reach: its passes would write to
    # every object's header and copy the shared pages into each worker.
    gc.freeze()
