"""A lead's contact history (对接记录) is business data of its own (LeadContact), not read back from
the audit trail: the audit records that a contact was entered; the page lists the contacts."""

import datetime as dt
import importlib

from django.apps import apps

from shuanglian.chains import services
from shuanglian.core.audit import audit_record
from shuanglian.core.models import AuditEvent


def test_contacts_are_kept_as_records_and_listed_without_the_audit_trail(client_for, chain_data, personas):
    from shuanglian.chains.models import LeadContact

    lead = chain_data["lead"]
    services.lead_record_contact(actor=personas["staff"], lead=lead, on=dt.date(2026, 11, 2), who="张三；对方 王总",
                                 what="对接厂房和电力增容需求", next_step="提供选址方案")
    services.lead_record_contact(actor=personas["staff"], lead=lead, on=dt.date(2026, 10, 1), who="张三", what="首次电话联系")
    contacts = list(LeadContact.objects.filter(lead=lead))
    assert [(c.contacted_on, c.who, c.summary, c.next_step) for c in contacts] == [
        (dt.date(2026, 11, 2), "张三；对方 王总", "对接厂房和电力增容需求", "提供选址方案"),
        (dt.date(2026, 10, 1), "张三", "首次电话联系", ""),
    ]
    assert contacts[0].recorded_by == personas["staff"]
    # the audit still says what happened, but the page does not depend on it
    assert AuditEvent.objects.filter(event_type="lead.contact", target_id=str(lead.pk)).count() == 2
    AuditEvent.objects.filter(event_type="lead.contact").delete()
    html = client_for("leader").get(f"/chains/leads/{lead.pk}/").content.decode()
    assert html.index("对接厂房和电力增容需求") < html.index("首次电话联系")  # the latest contact first
    assert "张三；对方 王总" in html


def test_history_recorded_before_the_model_is_copied_from_the_audit_trail(chain_data, personas):
    from shuanglian.chains.models import LeadContact

    lead = chain_data["lead"]
    audit_record(event_type="lead.contact", actor=personas["staff"], target=lead, region=lead.chain.region,
                 changes={"next_step": ["链长带队拜访", "送达投资协议草案"]}, note="2026-09-15 李四：洽谈用地需求")
    audit_record(event_type="lead.contact", actor=None, target=lead, note="不规范的旧记录")
    migration = importlib.import_module("shuanglian.chains.migrations.0005_lead_contact")
    migration.copy_contacts_from_audit(apps, None)
    copied = {c.summary: c for c in LeadContact.objects.filter(lead=lead)}
    first = copied["洽谈用地需求"]
    assert (first.contacted_on, first.who, first.next_step, first.recorded_by) == (
        dt.date(2026, 9, 15), "李四", "送达投资协议草案", personas["staff"])
    assert copied["不规范的旧记录"].who == ""
    migration.copy_contacts_from_audit(apps, None)  # running it again copies nothing twice
    assert LeadContact.objects.filter(lead=lead).count() == 2
