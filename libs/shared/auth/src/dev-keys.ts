import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, workspaceRoot } from '@hkp/util-env';

export interface DevKeyPair {
  dir: string;
  privateKeyPem: string;
  publicKeyPem: string;
}

export function devKeyDir(root: string = workspaceRoot()): string {
  return join(root, '.data', 'dev-jwt');
}

/**
 * The local development ES256 key pair in `.data/dev-jwt/` (git-ignored), created on first use so
 * `npm start` and `npm run token` agree with no setup. `npm start` launches several services at
 * once, so a new pair is written to a temporary folder and renamed into place: the first rename
 * wins and everyone else reads the winner's keys.
 */
export function loadDevKeyPair(root: string = workspaceRoot()): DevKeyPair {
  const dir = devKeyDir(root);
  const read = (): DevKeyPair => {
    try {
      return {
        dir,
        privateKeyPem: readFileSync(join(dir, 'private.pem'), 'utf8'),
        publicKeyPem: readFileSync(join(dir, 'public.pem'), 'utf8'),
      };
    } catch {
      throw new ConfigError(`The development key pair in ${dir} is incomplete; delete that folder and a new pair is created.`);
    }
  };
  if (existsSync(join(dir, 'public.pem'))) return read();

  const { publicKey, privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const staging = join(root, '.data', `dev-jwt.${process.pid}.${randomUUID()}`);
  // `.data` itself stays traversable (the embedded PostgreSQL runs as its own user below it);
  // only the key folder is private.
  mkdirSync(join(root, '.data'), { recursive: true });
  mkdirSync(staging, { mode: 0o700 });
  writeFileSync(join(staging, 'private.pem'), privateKey, { mode: 0o600 });
  writeFileSync(join(staging, 'public.pem'), publicKey);
  try {
    renameSync(staging, dir);
  } catch {
    // Another process created the pair first (the folder exists and is not empty).
    rmSync(staging, { recursive: true, force: true });
  }
  return read();
}
