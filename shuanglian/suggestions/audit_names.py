"""Chinese names of the audit events of suggestions (see core.audit_labels); the suggestion and
commitment workflows name their own actions (core.workflow)."""

from shuanglian.core.audit_labels import register

from . import workflow  # noqa: F401 - declares the workflows, which register their actions

register(nouns={"suggestion": "建议", "commitment": "承诺事项"})
