import { Logger } from '@graphql-hive/logger';
import { createGatewayLogger, gatewayLogLevel, PinoShapedWriter } from './gateway-logger';

describe('gateway logs', () => {
  it("are one JSON object a line, shaped like the subgraphs' pino lines", () => {
    const lines: string[] = [];
    const log = new Logger({ level: 'debug', writers: [new PinoShapedWriter((line) => lines.push(line))] });
    log.warn({ subgraph: 'health', requestId: 'r-1' }, 'subgraph call failed');
    log.debug('planning');
    log.info({ level: 'forged', time: 'never', msg: 'not the message' }, 'real message');
    const [warn, debug, shadowed] = lines.map((line) => JSON.parse(line));
    expect(shadowed).toMatchObject({ level: 30, service: 'gateway', msg: 'real message' });
    expect(shadowed.time).toMatch(/^\d{4}-/);
    expect(warn).toEqual({
      level: 40,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      service: 'gateway',
      subgraph: 'health',
      requestId: 'r-1',
      msg: 'subgraph call failed',
    });
    expect(debug).toMatchObject({ level: 20, msg: 'planning' });
    expect(lines.every((line) => !line.includes('\n') && !line.includes('\u001b['))).toBe(true);
  });

  it('take LOG_LEVEL as the subgraphs do', () => {
    expect(gatewayLogLevel({})).toBe('info');
    expect(gatewayLogLevel({ LOG_LEVEL: 'silent' })).toBe(false);
    expect(gatewayLogLevel({ LOG_LEVEL: 'fatal' })).toBe('error');
    expect(gatewayLogLevel({ LOG_LEVEL: 'DEBUG' })).toBe('debug');
  });

  it.each(['silent', 'fatal', 'warn'])(
    'start with LOG_LEVEL=%s (pino names; Hive alone refuses silent and fatal) and log at that level',
    (level) => {
      const saved = process.env['LOG_LEVEL'];
      process.env['LOG_LEVEL'] = level;
      try {
        const lines: string[] = [];
        const log = createGatewayLogger(process.env, new PinoShapedWriter((line) => lines.push(line)));
        log.info('started');
        log.error('failed');
        expect(lines.map((line) => JSON.parse(line).msg)).toEqual(level === 'silent' ? [] : ['failed']);
        expect(process.env['LOG_LEVEL']).toBe(level);
      } finally {
        if (saved === undefined) delete process.env['LOG_LEVEL'];
        else process.env['LOG_LEVEL'] = saved;
      }
    },
  );
});
