// Live interop with the official Node SDK (npm livekit-server-sdk / @livekit/protocol), both ways.
//
// Run by interop/live.sh: node live_node.mjs BIN. Prints one line per check and ends with
// `N passed, M failed`; exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sdk, protocol } from './sdk.mjs';

const { AccessToken, TokenVerifier, WebhookReceiver } = sdk;
const { RoomConfiguration, TrackSource, WebhookEvent } = protocol;

const BIN = process.argv[2];
const KEY = 'APIlivenode';
const SECRET = 'live-node-secret-long-enough-0123456789';
const KEYS = ['--api-key', KEY, '--api-secret', SECRET];
const TRI_STATE = new Set([
  'canPublish', 'canSubscribe', 'canPublishData', 'canUpdateOwnMetadata',
  'canSubscribeMetrics', 'canManageAgentSession',
]);
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} node: ${name}${ok ? '' : ` -- ${detail}`}`);
}

function ours(args, stdin = '') {
  return spawnSync(BIN, args, { input: stdin });
}

function isUnset(v) {
  return v === null || v === undefined || v === false || v === '' || v === 0 ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
}

function withoutUnset(v) {
  if (Array.isArray(v)) return v.map(withoutUnset);
  if (v && typeof v === 'object') {
    const out = {};
    for (const k of Object.keys(v).sort()) {
      const x = withoutUnset(v[k]);
      if (TRI_STATE.has(k) || !isUnset(x)) out[k] = x;
    }
    return out;
  }
  return v;
}

function sameClaims(expected, got) {
  const e = { ...expected };
  const g = { ...got };
  const re = e.roomConfig;
  const rg = g.roomConfig;
  delete e.roomConfig;
  delete g.roomConfig;
  if ((re === undefined) !== (rg === undefined)) return false;
  if (re !== undefined && !RoomConfiguration.fromJson(re).equals(RoomConfiguration.fromJson(rg))) {
    return false;
  }
  return JSON.stringify(withoutUnset(e)) === JSON.stringify(withoutUnset(g));
}

async function tokensWeMintVerifyInNode() {
  const cases = JSON.parse(readFileSync(new URL('./cases.json', import.meta.url)));
  delete cases._comment;
  const verifier = new TokenVerifier(KEY, SECRET);
  for (const [name, claims] of Object.entries(cases)) {
    const out = ours(['create-token', '--claims', '-', '--ttl', '10m', ...KEYS], JSON.stringify(claims));
    if (out.status !== 0) {
      check(`ours mints ${name}`, false, out.stderr.toString());
      continue;
    }
    const token = out.stdout.toString().trim();
    try {
      const payload = await verifier.verify(token);
      check(`official TokenVerifier accepts our ${name}`, payload.sub === claims.sub);
      const { iss, nbf, exp, ...got } = payload;
      check(`our ${name} carries the same claims`, sameClaims(claims, got),
        `${JSON.stringify(claims)} != ${JSON.stringify(got)}`);
      check(`our ${name} has iss and a 10 minute window`, iss === KEY && exp - nbf === 600);
    } catch (e) {
      check(`official TokenVerifier accepts our ${name}`, false, String(e));
    }
  }
}

async function nodeTokensVerifyHere() {
  const token = new AccessToken(KEY, SECRET, {
    identity: 'node-user', name: 'Node Ünïcode', metadata: 'm', attributes: { a: 'b' }, ttl: '1h',
  });
  token.kind = 'ingress';
  token.addGrant({
    roomJoin: true, room: 'node-room', canPublish: false, hidden: true,
    canPublishSources: [TrackSource.MICROPHONE], canUpdateOwnMetadata: true,
  });
  token.addSIPGrant({ call: true });
  token.addInferenceGrant({ perform: true });
  token.addObservabilityGrant({ write: true });
  token.roomPreset = 'preset';
  token.roomConfig = RoomConfiguration.fromJson({ name: 'node-room', maxParticipants: 3, agents: [{ agentName: 'a' }] });
  const jwt = await token.toJwt();
  const out = ours(['verify-token', jwt, ...KEYS]);
  check('ours verifies a Node token with every family it offers', out.status === 0, out.stderr.toString());
  if (out.status === 0) {
    const payload = await new TokenVerifier(KEY, SECRET).verify(jwt);
    const got = JSON.parse(out.stdout.toString());
    check("ours reads the Node token's claims unchanged", sameClaims(payload, got),
      `${JSON.stringify(payload)} != ${JSON.stringify(got)}`);
  }
  const wrong = ours(['verify-token', jwt, '--api-key', KEY, '--api-secret', 'not-the-secret']);
  check('ours rejects a Node token under another secret',
    wrong.status === 1 && wrong.stderr.toString().includes('bad signature'));
}

async function webhooksBothWays() {
  const events = JSON.parse(readFileSync(new URL('./event.json', import.meta.url)));
  delete events._comment;
  const receiver = new WebhookReceiver(KEY, SECRET);
  for (const [name, doc] of Object.entries(events)) {
    const body = WebhookEvent.fromJson(doc).toJsonString({ prettySpaces: 1 });
    const token = new AccessToken(KEY, SECRET);
    token.sha256 = createHash('sha256').update(body, 'utf8').digest('base64');
    const auth = await token.toJwt();
    const out = ours(['verify-webhook', '--auth', auth, '-', ...KEYS], body);
    check(`ours receives a Node-signed ${name}`, out.status === 0, out.stderr.toString());
    if (out.status === 0) {
      const expected = WebhookEvent.fromJsonString(body).toJson();
      check(`ours decodes the Node ${name} field for field`,
        JSON.stringify(withoutUnset(JSON.parse(out.stdout.toString()))) === JSON.stringify(withoutUnset(expected)));
      check(`Node reads our re-encoding of ${name} as the same event`,
        WebhookEvent.fromJsonString(out.stdout.toString(), { ignoreUnknownFields: true })
          .equals(WebhookEvent.fromJsonString(body)));
    }
    const signed = ours(['sign-webhook', '-', ...KEYS], body);
    const header = signed.stdout.toString().trim();
    try {
      const event = await receiver.receive(body, header);
      check(`official WebhookReceiver accepts our signature on ${name}`,
        event.equals(WebhookEvent.fromJsonString(body)));
    } catch (e) {
      check(`official WebhookReceiver accepts our signature on ${name}`, false, String(e));
    }
    let rejected = false;
    try {
      await receiver.receive(`${body} `, header);
    } catch {
      rejected = true;
    }
    check(`official WebhookReceiver rejects a tampered body under our signature (${name})`, rejected);
  }
}

await tokensWeMintVerifyInNode();
await nodeTokensVerifyHere();
await webhooksBothWays();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
