"""Live interop with the official Python SDK (PyPI livekit-api / livekit-protocol), both ways.

Run by interop/live.sh with the path of the livekit-auth-server binary. Prints one line per check
and ends with `N passed, M failed`; exits non-zero on any failure.
"""

import base64
import hashlib
import json
import subprocess
import sys

import jwt
from google.protobuf.json_format import MessageToDict, MessageToJson, Parse, ParseDict
from livekit import api
from livekit.protocol.room import RoomConfiguration
from livekit.protocol.webhook import WebhookEvent

BIN = sys.argv[1]
HERE = sys.argv[2]
KEY = "APIlivepython"
SECRET = "live-python-secret-long-enough-0123456789"
KEYS = ["--api-key", KEY, "--api-secret", SECRET]
TRI_STATE = {"canPublish", "canSubscribe", "canPublishData", "canUpdateOwnMetadata",
             "canSubscribeMetrics", "canManageAgentSession"}
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("ok   " if ok else "FAIL ") + "python: " + name + ("" if ok else f" -- {detail}"))


def ours(*args, stdin=b""):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True)


def without_unset(v):
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            x = without_unset(x)
            if k in TRI_STATE or x not in (None, False, "", 0, [], {}):
                out[k] = x
        return out
    if isinstance(v, list):
        return [without_unset(x) for x in v]
    return v


def same_claims(expected, got):
    """Equal as LiveKit reads them: roomConfig as a message, the rest without unset values."""
    expected, got = dict(expected), dict(got)
    room_e, room_g = expected.pop("roomConfig", None), got.pop("roomConfig", None)
    if (room_e is None) != (room_g is None):
        return False
    if room_e is not None and ParseDict(room_e, RoomConfiguration()) != ParseDict(room_g, RoomConfiguration()):
        return False
    return without_unset(expected) == without_unset(got)


def tokens_we_mint_verify_in_python():
    cases = json.load(open(f"{HERE}/cases.json"))
    cases.pop("_comment")
    verifier = api.TokenVerifier(KEY, SECRET)
    for name, claims in cases.items():
        out = ours("create-token", "--claims", "-", "--ttl", "10m", *KEYS, stdin=json.dumps(claims).encode())
        if out.returncode != 0:
            check(f"ours mints {name}", False, out.stderr.decode())
            continue
        token = out.stdout.decode().strip()
        try:
            official = verifier.verify(token)
            payload = jwt.decode(token, SECRET, algorithms=["HS256"], issuer=KEY)
        except Exception as e:  # noqa: BLE001 - report any rejection
            check(f"official TokenVerifier accepts our {name}", False, repr(e))
            continue
        check(f"official TokenVerifier accepts our {name}", official.identity == claims.get("sub", ""))
        got = {k: v for k, v in payload.items() if k not in ("iss", "nbf", "exp")}
        check(f"our {name} carries the same claims", same_claims(claims, got), f"{claims} != {got}")
        check(f"our {name} has iss and a 10 minute window", payload["iss"] == KEY and payload["exp"] - payload["nbf"] == 600)


def python_tokens_verify_here():
    full = (
        api.AccessToken(KEY, SECRET)
        .with_identity("py-user")
        .with_name("Py Ünïcode")
        .with_metadata("m")
        .with_attributes({"a": "b"})
        .with_kind("sip")
        .with_grants(api.VideoGrants(room_join=True, room="py-room", can_publish=False,
                                     can_publish_sources=["camera"], can_update_own_metadata=True, hidden=True))
        .with_sip_grants(api.SIPGrants(admin=True))
        .with_agent_grants(api.AgentGrants(dispatch_admin=True))
        .with_agent_endpoint_grants(api.AgentEndpointGrants(call=True, agent_name="bot"))
        .with_agent_thread_grants(api.AgentThreadGrants(all=True, read=True))
        .with_inference_grants(api.InferenceGrants(perform=True))
        .with_observability_grants(api.ObservabilityGrants(write=True))
        .with_room_preset("preset")
        .with_room_config(ParseDict({"name": "py-room", "maxParticipants": 3, "agents": [{"agentName": "a"}]}, RoomConfiguration()))
        .to_jwt()
    )
    out = ours("verify-token", full, *KEYS)
    check("ours verifies a Python token with every family", out.returncode == 0, out.stderr.decode())
    if out.returncode == 0:
        payload = jwt.decode(full, SECRET, algorithms=["HS256"])
        got = json.loads(out.stdout)
        check("ours reads the Python token's claims unchanged", same_claims(payload, got), f"{payload} != {got}")
    wrong = ours("verify-token", full, "--api-key", KEY, "--api-secret", "not-the-secret")
    check("ours rejects a Python token under another secret", wrong.returncode == 1 and b"bad signature" in wrong.stderr)


def webhooks_both_ways():
    events = json.load(open(f"{HERE}/event.json"))
    events.pop("_comment")
    receiver = api.WebhookReceiver(api.TokenVerifier(KEY, SECRET))
    for name, doc in events.items():
        body = MessageToJson(ParseDict(doc, WebhookEvent()), indent=2)
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        auth = api.AccessToken(KEY, SECRET).with_sha256(digest).to_jwt()
        out = ours("verify-webhook", "--auth", auth, "-", *KEYS, stdin=body.encode())
        check(f"ours receives a Python-signed {name}", out.returncode == 0, out.stderr.decode())
        if out.returncode == 0:
            expected = MessageToDict(Parse(body, WebhookEvent()))
            check(f"ours decodes the Python {name} field for field", json.loads(out.stdout) == expected)

        signed = ours("sign-webhook", "-", *KEYS, stdin=body.encode())
        header = signed.stdout.decode().strip()
        try:
            event = receiver.receive(body, header)
            check(f"official WebhookReceiver accepts our signature on {name}", MessageToDict(event) == MessageToDict(Parse(body, WebhookEvent())))
        except Exception as e:  # noqa: BLE001
            check(f"official WebhookReceiver accepts our signature on {name}", False, repr(e))
        try:
            receiver.receive(body + " ", header)
            check(f"official WebhookReceiver rejects a tampered body under our signature ({name})", False, "accepted")
        except Exception:  # noqa: BLE001
            check(f"official WebhookReceiver rejects a tampered body under our signature ({name})", True)


tokens_we_mint_verify_in_python()
python_tokens_verify_here()
webhooks_both_ways()
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
