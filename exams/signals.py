"""What exams announce to the rest of the site. Listeners import this module; exams imports none
of them.

``response_marked`` is sent when an open answer of a closed attempt receives its mark, with
``response`` (the exams.models.Response), ``user``, ``question``, ``rating`` (1 to 5) and
``answered_at`` (when the attempt closed). It is sent inside the transaction that stores the
mark, so a listener's writes commit or roll back with it.
"""

from django.dispatch import Signal

response_marked = Signal()
