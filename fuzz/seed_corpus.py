"""Writes fuzz seed corpora from the test fixtures: webhook bodies and tokens of the official SDKs.

Usage: python3 seed_corpus.py REPO_ROOT CORPUS_DIR
"""

import hashlib
import json
import os
import sys

root, out = sys.argv[1], sys.argv[2]


def put(target, data: bytes):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


for name in ("python.json", "node.json"):
    doc = json.load(open(os.path.join(root, "tests/fixtures/webhooks", name), encoding="utf-8"))
    for e in doc["events"]:
        body = e["body"].encode()
        put("event_json", body)
        put("webhook_receive", b"\x01" + body)
        header = e["authorization"].encode()[:127]
        put("webhook_receive", bytes([len(header) * 2]) + header + body)
for name in ("python.json", "node.json", "go_style.json"):
    doc = json.load(open(os.path.join(root, "tests/fixtures/tokens", name), encoding="utf-8"))
    for t in doc["tokens"]:
        put("token_verify", b"\x00" + t["jwt"].encode())
        put("token_verify", b"\x01" + json.dumps(t["payload"]).encode())
for body in (b'{"roomName":"r","participantName":"p"}', b'{"roomName":"","participantName":1}', b"[]"):
    put("token_request", body)
print("seeded", out)
