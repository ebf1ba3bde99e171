"""The closed loop's staff pages: queue.py (work queue, list), case.py (case page and actions),
entry.py (staff and deputy entry). Each module owns its `urlpatterns`; cases/urls.py lists them."""
