"""智能分办 (routing suggestion) and 疑似重复 (duplicate candidates) — issue 10.

Where it sits: above `cases` in the layering, beside `duties` and `oversight` (never importing
them). It reads cases through the cases app's own selectors (`case_list` is the visibility rule:
nothing is re-implemented) and records what it suggested through its own services. The cases app
does not import it: the case page and the entry page load its suggestion panel as an htmx fragment
by URL name, and it learns of new and assigned cases from Django's post_save of Case, connected in
IntelligenceConfig.ready(). So cases keeps working (and its tests run) without it, and the arrow
points one way.

Offline and explainable: character n-grams (textmodel.py), a keyword lexicon per category and the
departments' duties shipped in defaults.py and editable by staff, naive Bayes learned from the
region's own cases and adopted only when measured better on held-back cases (training.py).
"""
