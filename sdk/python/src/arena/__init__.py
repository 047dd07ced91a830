"""Arena SDK for Python: resolves which version serves a unit, locally, from a snapshot
kept fresh over server-sent events; follows alias moves (on_change, ArtifactSwapper);
records exposures and telemetry. Standard library only.

    from arena import Client, ArtifactSwapper
    arena = Client("http://127.0.0.1:7700", token)
    arena.ready(2.0)
    arena.resolve("fraud-detector", "user-42").version
"""

from .assignment import Assignment, assign
from .client import Client, create_client
from .options import ClientStatus, ExposureOptions, TelemetryOptions
from .errors import ArenaSdkError, ErrorSource
from .exposures import SDK_NAME
from .hashing import bucket_of
from .sketch import SKETCH_ACCURACY, QuantileSketch
from .swapper import ArtifactSwapper
from .types import AliasTarget, Resolution, ResolveErrorCode, ResolveReason, ShadowCall

__version__ = "0.1.0"

__all__ = [
    "AliasTarget",
    "ArenaSdkError",
    "ArtifactSwapper",
    "Assignment",
    "Client",
    "ClientStatus",
    "ErrorSource",
    "ExposureOptions",
    "QuantileSketch",
    "Resolution",
    "ResolveErrorCode",
    "ResolveReason",
    "SDK_NAME",
    "SKETCH_ACCURACY",
    "ShadowCall",
    "TelemetryOptions",
    "assign",
    "bucket_of",
    "create_client",
]
