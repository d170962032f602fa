import { readTracingConfig } from './tracing';

describe('readTracingConfig', () => {
  it('is off unless an OTLP endpoint or an exporter is named', () => {
    expect(readTracingConfig({}, 'gateway')).toBeUndefined();
    expect(readTracingConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'gateway')).toBeUndefined();
    expect(readTracingConfig({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }, 'gateway')).toBeUndefined();
  });

  it('sends OTLP/HTTP to <endpoint>/v1/traces, or to the traces endpoint as given', () => {
    expect(readTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'gateway')).toEqual({
      exporter: 'otlp',
      endpoint: 'http://collector:4318/v1/traces',
      serviceName: 'gateway',
      samplingRatio: 1,
      scheduledDelayMillis: 5000,
    });
    expect(
      readTracingConfig(
        { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/traces', OTEL_SERVICE_NAME: 'gw-eu', OTEL_TRACES_SAMPLER_ARG: '0.25' },
        'gateway',
      ),
    ).toMatchObject({
      endpoint: 'http://c/traces',
      serviceName: 'gw-eu',
      samplingRatio: 0.25,
    });
    expect(readTracingConfig({ OTEL_TRACES_EXPORTER: 'otlp' }, 'gateway')?.endpoint).toBe('http://localhost:4318/v1/traces');
    expect(readTracingConfig({ OTEL_TRACES_EXPORTER: 'console' }, 'gateway')?.exporter).toBe('console');
  });
});
