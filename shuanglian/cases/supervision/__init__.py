"""Supervision (督办): sweep.py (the 红黄绿 sweep and delivery), notices.py (inbox, formal notices),
exports.py (交办单, 督办通知 and the ledger as Word/Excel), views.py (their pages)."""

from .notices import (
    notice_issue_formal,
    notice_list,
    notice_mark_all_read,
    notice_mark_read,
    unread_count,
)
from .sweep import SweepResult, notice_deliver, supervision_sweep

__all__ = [
    "SweepResult", "notice_deliver", "notice_issue_formal", "notice_list", "notice_mark_all_read",
    "notice_mark_read", "supervision_sweep", "unread_count",
]
