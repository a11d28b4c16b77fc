"""files.* upload v2 of the fake Web API; the bytes arrive at the upload_url in between."""

from __future__ import annotations

import json
import mimetypes

from sandbox.slack.common import ApiError, Context, Handler, arg_int, arg_list, arg_str
from sandbox.slack.records import JSON, Upload


class FileMethods:
    """Upload v2: getUploadURLExternal -> POST bytes to upload_url -> completeUploadExternal."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.ws = ctx.ws

    def handlers(self) -> dict[str, Handler]:
        return {
            "files.getUploadURLExternal": self.get_upload_url,
            "files.completeUploadExternal": self.complete_upload,
        }

    def get_upload_url(self, args: JSON) -> JSON:
        filename = arg_str(args, "filename")
        length = arg_int(args, "length", -1)
        if filename is None or length < 0:
            raise ApiError(
                "invalid_arguments", messages=["[ERROR] filename and length are required"]
            )
        file_id = f"F{self.ws.next_serial():09d}"
        self.ws.uploads[file_id] = Upload(file_id, filename, length)
        return {"upload_url": f"{self.ctx.server_root()}upload/{file_id}", "file_id": file_id}

    def complete_upload(self, args: JSON) -> JSON:
        raw: object = args.get("files")
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raw = None
        if not isinstance(raw, list) or not raw or not all(isinstance(f, dict) for f in raw):
            raise ApiError("invalid_arguments", messages=["[ERROR] files must be a JSON array"])
        uploads: list[Upload] = []
        for item in raw:
            upload = self.ws.uploads.get(str(item.get("id")))
            if upload is None or upload.content is None:
                raise ApiError("file_not_found")
            upload.title = str(item.get("title") or upload.filename)
            uploads.append(upload)
        channels = arg_list(args, "channels")
        if channel_id := arg_str(args, "channel_id"):
            channels = [channel_id]
        shown = [self._shown(u) for u in uploads]
        for channel in channels:
            resolved = self.ctx.channel({"channel": channel}, allow_user=True)
            for upload in uploads:
                upload.channel = resolved
            self.ws.store_message(
                resolved,
                user=self.ws.bot_user_id,
                text=arg_str(args, "initial_comment") or "",
                thread_ts=arg_str(args, "thread_ts"),
                extra={"files": shown, "upload": True},
            )
        return {"files": [{"id": f["id"], "title": f["title"]} for f in shown]}

    def _shown(self, upload: Upload) -> JSON:
        """A file as messages carry it; url_private is served by the fake itself."""
        mimetype = mimetypes.guess_type(upload.filename)[0] or "application/octet-stream"
        return {
            "id": upload.id,
            "name": upload.filename,
            "title": upload.title,
            "size": upload.length,
            "mimetype": mimetype,
            "url_private": f"{self.ctx.server_root()}files/{upload.id}/{upload.filename}",
        }
