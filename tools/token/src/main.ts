import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_AUDIENCE, DEFAULT_ISSUER, SCOPES, devKeyDir, isScope, readClaimLimits, readSigningKey, signToken } from '@hkp/auth';
import { ConfigError, getEnvStr, workspaceRoot } from '@hkp/util-env';

const USAGE = `Usage: npm run token -- --scope <scope> [--scope <scope> …] [--sub <subject>] [--ttl <30m|1h|24h>]

Prints a signed token for the policy graph (stdout) and how to send it (stderr).
Scopes: ${SCOPES.join(', ')} (none: a token that may only read).
Signs with JWT_PRIVATE_KEY or JWT_SECRET when set, else with the development key in .data/dev-jwt/.`;

class UsageError extends Error {}

const TTL = /^(\d+)([smhd])$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function parseTtl(value: string): number {
  const match = TTL.exec(value.trim());
  const seconds = match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : 0;
  if (seconds <= 0) throw new UsageError(`--ttl must be a positive duration such as 30m, 1h or 24h, got "${value}".`);
  return seconds;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scope: { type: 'string', multiple: true, default: [] },
        sub: { type: 'string', default: 'developer' },
        ttl: { type: 'string', default: '1h' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  // `--scope "a b"` works too, as scopes are written in a token.
  const scopes = [...new Set(values.scope.flatMap((value) => value.split(/[\s,]+/)).filter(Boolean))];
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length > 0)
    throw new UsageError(`Unknown scope ${unknown.map((s) => `"${s}"`).join(', ')}. Known scopes: ${SCOPES.join(', ')}.`);
  const subject = values.sub.trim();
  if (!subject) throw new UsageError('--sub must not be empty.');
  const ttlSeconds = parseTtl(values.ttl);
  // The services refuse a token that lives longer (docs/security.md); say so now rather than at the first request.
  const { maxLifetimeSeconds } = readClaimLimits();
  if (ttlSeconds > maxLifetimeSeconds) {
    throw new UsageError(`--ttl ${values.ttl} is longer than the ${maxLifetimeSeconds} seconds the services accept (JWT_MAX_LIFETIME_S).`);
  }

  const signingKey = readSigningKey();
  const token = await signToken(
    { subject, scopes, ttlSeconds, issuer: getEnvStr('JWT_ISSUER', DEFAULT_ISSUER), audience: getEnvStr('JWT_AUDIENCE', DEFAULT_AUDIENCE) },
    signingKey,
  );
  const from =
    signingKey.source === 'development key' ? `the development key (${relative(workspaceRoot(), devKeyDir())}/)` : signingKey.source;
  // The token alone on stdout, so `npm run -s token -- … ` can be captured; guidance on stderr.
  console.log(token);
  console.error(
    [
      '',
      `Signed with ${from} for "${subject}", scopes: ${scopes.join(' ') || '(none: read only)'}, valid for ${values.ttl}.`,
      'Send it as a header:',
      `  Authorization: Bearer ${token.slice(0, 12)}…`,
      'For example:',
      `  curl -s localhost:4000/graphql -H 'content-type: application/json' -H "Authorization: Bearer $TOKEN" -d '{"query":"{ region(code: \\"440600\\") { name } }"}'`,
      '  (TOKEN=$(npm run -s token -- --scope education:write) puts it in $TOKEN.)',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    console.error(error.message);
    if (error instanceof UsageError) console.error(`\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
