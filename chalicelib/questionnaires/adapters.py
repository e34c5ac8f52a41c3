"""The questionnaires capability's outbound gateway: exported files in the media bucket (`kernel/files.py`)."""

from __future__ import annotations

from chalicelib.kernel.files import XLSX, link, put_file


class ExportFiles:
    def publish(self, key: str, data: bytes, file_name: str) -> str:
        put_file(key, data, XLSX)
        return link(key, file_name)
