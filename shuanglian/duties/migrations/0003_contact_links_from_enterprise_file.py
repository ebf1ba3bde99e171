"""The enterprise file's 联系包挂代表 (chains.Enterprise.contact_deputies, a bare many-to-many)
become current contact links. The old field had no dates: a link starts on the day of this
migration, and is recorded as created by nobody (the audit log keeps who set the deputies)."""

from django.db import migrations
from django.utils import timezone


def forward(apps, schema_editor):
    Enterprise = apps.get_model("chains", "Enterprise")
    ContactLink = apps.get_model("duties", "ContactLink")
    through = Enterprise.contact_deputies.through
    today = timezone.localdate()
    have = set(ContactLink.objects.filter(ended_on__isnull=True).values_list("deputy_id", "enterprise_id"))
    ContactLink.objects.bulk_create([
        ContactLink(deputy_id=deputy_id, enterprise_id=enterprise_id, started_on=today)
        for enterprise_id, deputy_id in through.objects.values_list("enterprise_id", "deputy_id").order_by("pk")
        if (deputy_id, enterprise_id) not in have
    ], batch_size=500)


def backward(apps, schema_editor):
    Enterprise = apps.get_model("chains", "Enterprise")
    ContactLink = apps.get_model("duties", "ContactLink")
    through = Enterprise.contact_deputies.through
    current = ContactLink.objects.filter(ended_on__isnull=True).values_list("enterprise_id", "deputy_id").distinct()
    through.objects.bulk_create([through(enterprise_id=e, deputy_id=d) for e, d in current],
                                batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ('duties', '0002_contact_links_activity_enterprises'),
        ('chains', '0005_lead_contact'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
