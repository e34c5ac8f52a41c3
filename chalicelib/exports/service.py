"""Starting an export and building it. A request reads at most `INLINE_ROWS` + 1 rows: when they all fit, the file
is written and its link answered at once; otherwise the job goes to the task (`tasks.build_export`) and the
caller reads its status until it is `ready` (with the link). Every file expires with the bucket's `exports/`
lifecycle; a link lives 5 minutes and can be asked for again while the file exists."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from chalicelib.exports.model import (
    INLINE_ROWS,
    KINDS,
    Files,
    Job,
    Jobs,
    Params,
    Queue,
    Sources,
    check_params,
    new_job_id,
)
from chalicelib.exports.workbook import workbook
from chalicelib.kernel.errors import NotFound


@dataclass
class ExportService:
    sources: Sources
    jobs: Jobs
    files: Files
    queue: Queue
    now: Callable[[], datetime]

    def start(self, community_id: str, kind: str, params: Params, actor: str) -> Job:
        check_params(kind, params)
        job = Job(new_job_id(), community_id, kind, params.as_dict(), actor, self.now())
        first = list(itertools.islice(self.sources.rows(kind, community_id, params), INLINE_ROWS + 1))
        if len(first) > INLINE_ROWS:
            self.jobs.save(job)
            self.queue.send(job)
            return job
        return self._write(job, first)

    def build(self, community_id: str, job_id: str) -> Job:
        """The task: build a queued job (again, if a delivery repeats: the same rows make the same file)."""
        job = self.get(community_id, job_id)
        if job.status == "ready":
            return job
        params = Params(
            period=job.params.get("period"),
            month=job.params.get("month"),
            since=datetime.fromisoformat(job.params["since"]) if "since" in job.params else None,
            until=datetime.fromisoformat(job.params["until"]) if "until" in job.params else None,
        )
        return self._write(job, self.sources.rows(job.kind, community_id, params))

    def _write(self, job: Job, rows: object) -> Job:
        data, count = workbook(KINDS[job.kind], rows)  # type: ignore[arg-type]
        self.files.put(job.file_key, data)
        done = replace(job, status="ready", rows=count, finished_at=self.now())
        self.jobs.save(done)
        return done

    def get(self, community_id: str, job_id: str) -> Job:
        job = self.jobs.get(community_id, job_id)
        if job is None:
            raise NotFound("no such export", code="EXPORT_NOT_FOUND")
        return job

    def link(self, job: Job) -> str | None:
        return self.files.link(job.file_key, job.file_name) if job.status == "ready" else None
