"""A chain import uploaded through one host is run by a worker on another: with files in the
database (SHUANGLIAN_FILE_STORAGE=db) the worker reads the very bytes that were uploaded."""

import pytest

from shuanglian.chains import imports
from shuanglian.chains.models import Enterprise
from shuanglian.core.models import StoredFile

from .test_imports import ENT_HEADERS, good_row, xlsx


@pytest.fixture
def db_files(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "shuanglian.core.storage.DatabaseStorage"}}
    settings.SHUANGLIAN_FILE_STORAGE = "db"
    settings.MEDIA_ROOT = tmp_path / "web-host"
    return tmp_path


def test_an_upload_on_the_web_host_is_imported_by_the_worker_host(db_files, settings, chain_data, personas,
                                                                      django_capture_on_commit_callbacks):
    queued = []
    big = xlsx(ENT_HEADERS, [good_row(100 + i) for i in range(3)])
    big.size = imports.INLINE_MAX_BYTES + 1  # as a large file: left to the background worker
    with django_capture_on_commit_callbacks(execute=True):
        job = imports.import_job_create(actor=personas["staff"], chain=chain_data["chain"], kind="enterprises",
                                        upload=big, run_later=queued.append)
    assert job.status == "queued" and queued == [job.pk]
    settings.MEDIA_ROOT = db_files / "worker-host"  # the worker's own, empty disk
    done = imports.import_job_run(queued[0])
    assert done.status == "done" and done.created == 3
    assert Enterprise.objects.filter(name__startswith="新企业10").count() == 3
    assert StoredFile.objects.filter(name=job.file.name).exists()
    assert not any(p.is_file() for p in db_files.rglob("*"))
