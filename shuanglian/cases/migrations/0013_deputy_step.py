"""代表码: a demand sent to a deputy's own code waits for that deputy's step. Demands already sent
that nobody has taken in yet wait for their deputy from now on; the others were handled before the
step existed and stay blank."""

from django.conf import settings
from django.db import migrations, models


def pending_for_deputies(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Case.objects.filter(source="deputy_code", status="submitted", collected_by__isnull=False).update(
        deputy_step="pending")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0012_source_deputy_code'),
        ('chains', '0006_contact_deputies_moved_to_duties'),
        ('deputies', '0002_deputy_code_token'),
        ('regions', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='deputy_step',
            field=models.CharField(blank=True, choices=[('pending', '待代表处理'), ('answered', '代表当场答复'), ('forwarded', '代表转入闭环'), ('suggestion', '代表转为建议'), ('staff', '人大工作人员处理')], max_length=10, verbose_name='代表处理'),
        ),
        migrations.AddField(
            model_name='case',
            name='deputy_step_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='代表处理时间'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(condition=models.Q(('source', 'deputy_code')), fields=['collected_by', 'deputy_step'], name='case_deputy_step'),
        ),
        migrations.RunPython(pending_for_deputies, migrations.RunPython.noop),
    ]
