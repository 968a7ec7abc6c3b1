"""Dump the compiled LiveKit schema shipped in the official `livekit-protocol` wheel.

Writes a serialized `google.protobuf.FileDescriptorSet` holding `livekit_webhook.proto`,
`livekit_room.proto` and every file they import, in dependency order. The descriptors are
the ones the official package registers at import time, so nothing is transcribed by hand.

Usage: python dump_descriptors.py OUT.binpb
"""

import sys

from google.protobuf import descriptor_pb2
from livekit.protocol import room, webhook


def collect(file_desc, seen, out):
    if file_desc.name in seen:
        return
    seen.add(file_desc.name)
    for dep in file_desc.dependencies:
        collect(dep, seen, out)
    proto = descriptor_pb2.FileDescriptorProto()
    file_desc.CopyToProto(proto)
    out.file.append(proto)


def main():
    out = descriptor_pb2.FileDescriptorSet()
    seen = set()
    for root in (webhook.WebhookEvent.DESCRIPTOR.file, room.RoomConfiguration.DESCRIPTOR.file):
        collect(root, seen, out)
    with open(sys.argv[1], "wb") as f:
        # Deterministic so that regenerating from the same version is a no-op in git.
        f.write(out.SerializeToString(deterministic=True))
    print("wrote", len(out.file), "files:", ", ".join(f.name for f in out.file))


if __name__ == "__main__":
    main()
