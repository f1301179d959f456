"""boto3 and botocore (and aiobotocore, under s3fs): S3 writes seen through botocore's event system.

Every client, however it was made (``boto3.client``, a resource, s3transfer's uploads, an
aiobotocore session), gets a handler for ``before-parameter-build.s3``: it runs before the request
is serialised, with the caller's ``Bucket`` and ``Key``, so a refused call sends nothing.
"""

from __future__ import annotations

import functools
import sys

from ..errors import ProtectedWriteError
from ..patching import Patcher
from ..runtime import GUARD

_WRITES = frozenset(
    {
        "PutObject",
        "CopyObject",
        "CreateMultipartUpload",
        "UploadPart",
        "UploadPartCopy",
        "CompleteMultipartUpload",
        "PutObjectAcl",
        "PutObjectTagging",
        "DeleteObjectTagging",
        "PutObjectRetention",
        "PutObjectLegalHold",
        "RestoreObject",
    }
)
_DELETES = frozenset({"DeleteObject", "DeleteObjects", "DeleteBucket"})
_EVENT = "before-parameter-build.s3"
_MARK = "dual-layout-guard"


def check_s3_call(params, model, **_) -> None:
    try:
        _check(params, model.name)
    except ProtectedWriteError:
        raise
    except Exception as error:  # noqa: BLE001 - the guard's own failure must not fail the request
        GUARD.failed(f"boto3 s3.{model.name}", error)


def _check(params, operation: str) -> None:
    if operation not in _WRITES and operation not in _DELETES:
        return
    bucket = params.get("Bucket")
    if not isinstance(bucket, str) or not GUARD.enforcing:
        return
    shown = f"boto3 s3.{operation}"
    if operation == "DeleteObjects":
        for item in params.get("Delete", {}).get("Objects", []):
            GUARD.check(shown, f"s3://{bucket}/{item.get('Key', '')}", "delete")
    elif operation == "DeleteBucket":
        GUARD.check(shown, f"s3://{bucket}", "delete")
    else:
        GUARD.check(
            shown,
            f"s3://{bucket}/{params.get('Key', '')}",
            "delete" if operation in _DELETES else "write",
        )


def install(patcher: Patcher) -> None:
    client = sys.modules["botocore.client"]
    base = client.BaseClient
    original = base.__dict__["__init__"]

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.meta.events.register(_EVENT, check_s3_call, unique_id=_MARK)

    patcher.replace(base, "__init__", __init__)
