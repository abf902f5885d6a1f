"""Input limits, defined once for forms, serializers, services and templates.

Templates read them through the ``limits`` context processor (``{{ limits.MAX_BODY_LENGTH }}``).
"""

# A model answer, a contribution, an exam answer or a preview: Markdown with LaTeX.
MAX_BODY_LENGTH = 20_000
# A moderator's reason for rejecting a contribution.
MAX_REASON_LENGTH = 2_000
# Free-text search over the bank.
MAX_SEARCH_LENGTH = 200
# Lists a client sends (topics or sources of a custom exam, chosen choices, repeated filters).
MAX_LIST_LENGTH = 50
# The largest primary key: bigger numbers cannot name a row.
MAX_ID = 2**63 - 1

ALL = {
    "MAX_BODY_LENGTH": MAX_BODY_LENGTH,
    "MAX_REASON_LENGTH": MAX_REASON_LENGTH,
    "MAX_SEARCH_LENGTH": MAX_SEARCH_LENGTH,
}
