import { ConfigError } from '@hkp/util-env';
import { gatewayEnv, parseArgs, planGateway, planSubgraphs, portChecks, startConcurrency, subgraphEnv } from './plan';

const modules = [
  { name: 'programme', defaultPort: 4001 },
  { name: 'civil-affairs', defaultPort: 4006 },
];

describe('parseArgs', () => {
  it('reads --only in its spellings', () => {
    expect(parseArgs([])).toEqual({ help: false });
    expect(parseArgs(['--only', 'civil-affairs']).only).toEqual(['civil-affairs']);
    expect(parseArgs(['--only=a,b', '--only', 'c']).only).toEqual(['a', 'b', 'c']);
    expect(parseArgs(['-h']).help).toBe(true);
  });

  it('reads --restart, --stop and --start, which talk to a running launcher', () => {
    expect(parseArgs(['--restart', 'education']).control).toEqual({ verb: 'restart', service: 'education' });
    expect(parseArgs(['--restart=gateway']).control).toEqual({ verb: 'restart', service: 'gateway' });
    expect(parseArgs(['--stop', 'programme']).control).toEqual({ verb: 'stop', service: 'programme' });
    expect(parseArgs(['--start=programme']).control).toEqual({ verb: 'start', service: 'programme' });
    expect(() => parseArgs(['--restart'])).toThrow(/--restart needs a service name/);
    expect(() => parseArgs(['--stop', '--only'])).toThrow(/--stop needs a service name/);
    expect(() => parseArgs(['--stop', 'education', '--start', 'education'])).toThrow(/one of --restart, --stop and --start at a time/);
    expect(() => parseArgs(['--restart', 'education', '--only', 'health'])).toThrow(/running npm start/);
    expect(() => parseArgs(['--start', 'education', '--only', 'health'])).toThrow(/--start talks to a running npm start/);
  });

  it('names a mistake instead of ignoring it', () => {
    expect(() => parseArgs(['--only'])).toThrow(ConfigError);
    expect(() => parseArgs(['--watch'])).toThrow(/Unknown argument "--watch"/);
  });
});

describe('planSubgraphs', () => {
  it('uses <NAME>_PORT or the default port, in list order', () => {
    const plans = planSubgraphs(modules, { CIVIL_AFFAIRS_PORT: '5006' });
    expect(plans.map((p) => [p.name, p.port, p.portVariable])).toEqual([
      ['programme', 4001, 'PROGRAMME_PORT'],
      ['civil-affairs', 5006, 'CIVIL_AFFAIRS_PORT'],
    ]);
    expect(plans[1].entry).toBe('dist/apps/civil-affairs/src/main.js');
    expect(plans[1].readyUrl).toBe('http://127.0.0.1:5006/health/ready');
  });

  it('keeps only the named subgraphs and rejects unknown names', () => {
    expect(planSubgraphs(modules, {}, ['civil-affairs']).map((p) => p.name)).toEqual(['civil-affairs']);
    expect(() => planSubgraphs(modules, {}, ['nope'])).toThrow(/Unknown subgraph "nope". Known: programme, civil-affairs/);
  });

  it('rejects a bad port value with the variable name', () => {
    expect(() => planSubgraphs(modules, { PROGRAMME_PORT: 'x' })).toThrow(/PROGRAMME_PORT/);
  });
});

describe('planGateway', () => {
  it('waits for /readiness unless some subgraphs are left out', () => {
    expect(planGateway({}, true).readyUrl).toBe('http://127.0.0.1:4000/readiness');
    expect(planGateway({ GATEWAY_PORT: '4100' }, false).readyUrl).toBe('http://127.0.0.1:4100/healthcheck');
  });
});

describe('portChecks', () => {
  const services = [...planSubgraphs(modules, {}), planGateway({}, true)];

  it('includes the embedded database port only without DATABASE_URL', () => {
    expect(portChecks(services, {}, 54329).map((c) => c.variable)).toEqual([
      'PROGRAMME_PORT',
      'CIVIL_AFFAIRS_PORT',
      'GATEWAY_PORT',
      'EMBEDDED_PG_PORT',
    ]);
    expect(portChecks(services, { EMBEDDED_PG_PORT: '6000' }, 54329).at(-1)?.port).toBe(6000);
    expect(portChecks(services, { DATABASE_URL: 'postgres://x@h/db' }, 54329)).toHaveLength(3);
  });

  it('reports two services given the same port', () => {
    const clash = [...planSubgraphs(modules, {}), planGateway({ GATEWAY_PORT: '4001' }, true)];
    expect(() => portChecks(clash, {}, 54329)).toThrow(
      /Port 4001 is given to both the programme subgraph \(PROGRAMME_PORT\) and the gateway \(GATEWAY_PORT\)/,
    );
  });
});

describe('child environments', () => {
  it('points every subgraph at the one database', () => {
    expect(subgraphEnv({ LOG_LEVEL: 'debug' }, 'postgres://db', [])).toEqual({ LOG_LEVEL: 'debug', DATABASE_URL: 'postgres://db' });
  });

  it('tells each subgraph where the others listen when their ports are moved', () => {
    const env = { EDUCATION_PORT: '5002', CIVIL_AFFAIRS_PORT: '5006' };
    const all = planSubgraphs([...modules, { name: 'education', defaultPort: 4002 }], env);
    const forProgramme = subgraphEnv(env, 'postgres://db', all);
    expect(forProgramme['EDUCATION_URL']).toBe('http://127.0.0.1:5002/graphql');
    expect(forProgramme['CIVIL_AFFAIRS_URL']).toBe('http://127.0.0.1:5006/graphql');
    expect(forProgramme['PROGRAMME_URL']).toBe('http://127.0.0.1:4001/graphql');
  });

  it('tells the gateway where each subgraph runs, keeping URLs the user set', () => {
    const env = gatewayEnv({ PROGRAMME_URL: 'http://elsewhere/graphql' }, planSubgraphs(modules, { CIVIL_AFFAIRS_PORT: '5006' }));
    expect(env['PROGRAMME_URL']).toBe('http://elsewhere/graphql');
    expect(env['CIVIL_AFFAIRS_URL']).toBe('http://127.0.0.1:5006/graphql');
  });
});

describe('small rules', () => {
  it('starts one subgraph more than there are cores', () => {
    expect(startConcurrency({}, 1)).toBe(2);
    expect(startConcurrency({}, 2)).toBe(3);
    expect(startConcurrency({ DEV_CONCURRENCY: '1' }, 8)).toBe(1);
    expect(() => startConcurrency({ DEV_CONCURRENCY: '0' }, 8)).toThrow(/DEV_CONCURRENCY/);
  });
});
