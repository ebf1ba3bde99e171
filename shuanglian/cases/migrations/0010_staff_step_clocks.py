# Issue 12.3: the committee staff's own steps (受理, 交办) get working-day clocks. New clock
# kinds, and the open cases waiting on staff start theirs from the day they became theirs.

from django.db import migrations, models
from django.utils import timezone

from shuanglian.cases import clock


def start_staff_clocks(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    waiting = Case.objects.filter(status__in=["submitted", "accepted"], clock_kind="")
    for case in waiting.iterator():
        if case.status == "submitted":
            clock.start_clock(case, "accept", start=timezone.localdate(case.submitted_at))
        else:
            clock.start_clock(case, "assign", start=timezone.localdate(case.accepted_at or case.submitted_at))
        case.save(update_fields=clock.CLOCK_FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_integration_keys'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='clock_kind',
            field=models.CharField(blank=True, choices=[('accept', '受理时限'), ('assign', '交办时限'), ('sign', '签收时限'), ('reply', '办理时限'), ('revisit', '回访时限')], max_length=8, verbose_name='计时类型'),
        ),
        migrations.RunPython(start_staff_clocks, migrations.RunPython.noop),
    ]
