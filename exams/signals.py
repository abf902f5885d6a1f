"""What exams announce to the rest of the site. Listeners import this module; exams imports none
of them.

``responses_marked`` is sent when open answers of a closed attempt receive their mark: the
marking assistant's when the attempt closes (or the student's own rating if they gave one), and
again for one answer when the student rates it. Arguments: ``user``, ``marks`` (a list of
(exams.models.Response, rating 1 to 5), one per answer, their questions loaded) and
``answered_at`` (when the attempt closed). It is sent inside the transaction that stores the
marks, so a listener's writes commit or roll back with them; listeners should handle the whole
list in a fixed number of queries, since an attempt may hold many answers.
"""

from django.dispatch import Signal

responses_marked = Signal()
