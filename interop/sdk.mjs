// The official Node packages, resolved from interop/node_modules, for scripts elsewhere in the
// tree (ES modules ignore NODE_PATH).
import { readFileSync } from 'node:fs';

export * as sdk from 'livekit-server-sdk';
export * as protocol from '@livekit/protocol';

// The packages do not export their package.json, so read the installed copies directly.
const installed = (name) =>
  JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url))).version;
export const versions = {
  'livekit-server-sdk': installed('livekit-server-sdk'),
  '@livekit/protocol': installed('@livekit/protocol'),
};
