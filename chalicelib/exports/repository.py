"""Export jobs, each a small JSON manifest beside its file (`exports/{community}/{job}.json`): no table, and the
bucket's `exports/` lifecycle deletes both together. The only code that knows where a job is kept."""

from __future__ import annotations

import json
from datetime import datetime

from chalicelib.exports.model import Job
from chalicelib.kernel import files


def _key(community_id: str, job_id: str) -> str:
    return f"exports/{community_id}/{job_id}.json"


class S3Jobs:
    def save(self, job: Job) -> None:
        doc = {
            "jobId": job.job_id,
            "communityId": job.community_id,
            "kind": job.kind,
            "params": job.params,
            "requestedBy": job.requested_by,
            "createdAt": job.created_at.isoformat(),
            "status": job.status,
            "rows": job.rows,
            "finishedAt": job.finished_at.isoformat() if job.finished_at else None,
            "reason": job.reason,
        }
        files.put_file(_key(job.community_id, job.job_id), json.dumps(doc).encode(), "application/json")

    def get(self, community_id: str, job_id: str) -> Job | None:
        text = files.read_text(_key(community_id, job_id))
        if text is None:
            return None
        doc = json.loads(text)
        if doc.get("communityId") != community_id:
            return None
        return Job(
            job_id=doc["jobId"],
            community_id=doc["communityId"],
            kind=doc["kind"],
            params=dict(doc["params"]),
            requested_by=doc["requestedBy"],
            created_at=datetime.fromisoformat(doc["createdAt"]),
            status=doc["status"],
            rows=doc.get("rows"),
            finished_at=datetime.fromisoformat(doc["finishedAt"]) if doc.get("finishedAt") else None,
            reason=doc.get("reason"),
        )
