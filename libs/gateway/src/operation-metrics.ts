import { getOperationAST, type DocumentNode, type GraphQLSchema } from 'graphql';
import { Counter, Histogram, Summary, type Registry } from 'prom-client';
import { isAsyncIterable } from '@graphql-tools/utils';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';

/**
 * The operation, HTTP and subgraph metrics of Hive's Prometheus plugin (`@graphql-mesh/plugin-prometheus`
 * with `@graphql-yoga/plugin-prometheus` and `@envelop/prometheus`), as the gateway configured it:
 * the same names, help texts, types, label names, label values, buckets, phases and moments of
 * measurement (including the library's own choices, noted where they are surprising), with
 * `url` and `path` never labels and `operationName` a label only on request.
 *
 * The library builds and filters new label objects for every phase of every request and
 * filters its hook lists per request; here each label set is made once and reused (per operation
 * type, and name where names are labels), and one record per request carries the operation's labels
 * from parse to response.
 */
export interface OperationMetricsOptions {
  registry: Registry;
  /** Label metrics with the client's operation name (see GATEWAY_METRICS_OPERATION_NAMES). */
  operationNameLabels: boolean;
}

type LabelValue = string | number | undefined;
type Labels = Record<string, LabelValue>;
type ErrorPhase = 'parse' | 'validate' | 'context' | 'execute';

/** The labels of one operation's metrics, made once per operation type (and name). */
interface OperationLabels {
  /** Phase histograms, request duration, summary and request counter. */
  operation: Labels;
  /** graphql_envelop_error_result, per phase the error was reported in. */
  errors: Partial<Record<ErrorPhase | 'none', Labels>>;
}

/** A parsed request, as the library labels it (its first definition's type; a name given or the first definition's). */
interface OperationRecord {
  labels: OperationLabels;
  executeStart?: number;
}

const ANONYMOUS = 'Anonymous';

interface ExecutionResultLike {
  errors?: readonly unknown[];
}

export function useOperationMetrics({ registry, operationNameLabels }: OperationMetricsOptions): GatewayPlugin {
  const named = (labelNames: string[]) => labelNames.filter((name) => operationNameLabels || name !== 'operationName');
  const registers = [registry];
  const histogram = (name: string, help: string, labelNames: string[]) => new Histogram({ name, help, labelNames, registers });
  const operationLabelNames = named(['operationType', 'operationName']);

  // In the library's order of registration.
  const fetchDuration = histogram('graphql_gateway_fetch_duration', 'Time spent on outgoing HTTP calls', [
    'method',
    'statusCode',
    'statusText',
    'requestHeaders',
    'responseHeaders',
  ]);
  const subgraphDuration = histogram(
    'graphql_gateway_subgraph_execute_duration',
    'Time spent on subgraph execution',
    named(['subgraphName', 'operationName', 'operationType']),
  );
  // The library labels this counter with the subgraph call's operation name whatever the setting.
  const subgraphErrors = new Counter({
    name: 'graphql_gateway_subgraph_execute_errors',
    help: 'Number of errors on subgraph execution',
    labelNames: ['subgraphName', 'operationName', 'operationType'],
    registers,
  });
  const httpDuration = histogram(
    'graphql_yoga_http_duration',
    'Time spent on HTTP connection',
    named(['operationName', 'operationType', 'method', 'statusCode']),
  );
  const parseDuration = histogram('graphql_envelop_phase_parse', 'Time spent on running GraphQL "parse" function', operationLabelNames);
  const validateDuration = histogram(
    'graphql_envelop_phase_validate',
    'Time spent on running GraphQL "validate" function',
    operationLabelNames,
  );
  const contextDuration = histogram('graphql_envelop_phase_context', 'Time spent on building the GraphQL context', operationLabelNames);
  const executeDuration = histogram(
    'graphql_envelop_phase_execute',
    'Time spent on running the GraphQL "execute" function',
    operationLabelNames,
  );
  const subscribeDuration = histogram(
    'graphql_envelop_phase_subscribe',
    'Time spent on running the GraphQL "subscribe" function',
    operationLabelNames,
  );
  const requestDuration = histogram(
    'graphql_envelop_request_duration',
    'Time spent on running the GraphQL operation from parse to execute',
    operationLabelNames,
  );
  const requestSummary = new Summary({
    name: 'graphql_envelop_request_time_summary',
    help: 'Summary to measure the time to complete GraphQL operations',
    labelNames: operationLabelNames,
    registers,
  });
  const errorResults = new Counter({
    name: 'graphql_envelop_error_result',
    help: 'Counts the amount of errors reported from all phases',
    labelNames: named(['operationType', 'operationName', 'phase']),
    registers,
  });
  const requests = new Counter({
    name: 'graphql_envelop_request',
    help: 'Counts the amount of GraphQL requests executed through Envelop',
    labelNames: operationLabelNames,
    registers,
  });
  const schemaChanges = new Counter({ name: 'graphql_envelop_schema_change', help: 'Counts the amount of schema changes', registers });

  // Label sets, made once each. They grow with the distinct label values as prom-client's own
  // series do (operation names only where they are labels).
  const operationLabelsByKey = new Map<string, OperationLabels>();
  const operationLabels = (operationType: string | undefined, operationName: string | undefined): OperationLabels => {
    const key = operationNameLabels ? `${operationType}\n${operationName}` : `${operationType}`;
    let labels = operationLabelsByKey.get(key);
    if (!labels) {
      const base: Labels = operationNameLabels ? { operationName, operationType } : { operationType };
      labels = { operation: base, errors: {} };
      operationLabelsByKey.set(key, labels);
    }
    return labels;
  };
  const errorLabels = (labels: OperationLabels, phase: ErrorPhase | undefined): Labels =>
    (labels.errors[phase ?? 'none'] ??= { ...labels.operation, phase });
  // A request whose document did not parse: the library's labels without a type or name.
  const unparsed: OperationLabels = {
    operation: operationNameLabels ? { operationName: undefined, operationType: undefined } : { operationType: undefined },
    errors: {},
  };

  const byKey = <T>() => {
    const map = new Map<string, T>();
    return (key: string, make: () => T): T => {
      let value = map.get(key);
      if (value === undefined) map.set(key, (value = make()));
      return value;
    };
  };
  const httpLabels = byKey<Labels>();
  const subgraphLabels = byKey<Labels>();
  const fetchLabels = byKey<Labels>();

  /** The library labels by the first definition (a fragment there leaves the type undefined) and the name given. */
  const firstDefinitions = new WeakMap<DocumentNode, { operationType: string | undefined; name: string | undefined }>();
  const recordOf = (document: DocumentNode, givenName: string | null | undefined): OperationRecord => {
    let first = firstDefinitions.get(document);
    if (!first) {
      const definition = document.definitions[0] as { operation?: string; name?: { value: string } } | undefined;
      first = { operationType: definition?.operation, name: definition?.name?.value };
      firstDefinitions.set(document, first);
    }
    return { labels: operationLabels(first.operationType, givenName || first.name || ANONYMOUS) };
  };

  const records = new WeakMap<object, OperationRecord | null>();
  const envelopedAt = new WeakMap<object, number>();
  const requestStarts = new WeakMap<Request, number>();
  const httpOperations = new WeakMap<Request, { operationType: string | undefined; operationName: string | undefined }>();
  const countedSchemas = new WeakSet<GraphQLSchema>();
  const seconds = (since: number) => (Date.now() - since) / 1000;

  const countErrors = (result: ExecutionResultLike, labels: OperationLabels) => {
    if (!result.errors?.length) return;
    // The library labels every error of a result with the execute phase, a subscription's too.
    for (let i = 0; i < result.errors.length; i += 1) errorResults.inc(errorLabels(labels, 'execute'));
  };
  /** The end of an execution or subscription: its phase histogram, the request duration, the summary and the count. */
  const ended = (context: object, record: OperationRecord, phaseDuration: Histogram, start: number) => {
    const labels = record.labels.operation;
    phaseDuration.observe(labels, seconds(start));
    // The library's "from parse to execute" histogram measures from the start of execution.
    requestDuration.observe(labels, seconds(start));
    const enveloped = envelopedAt.get(context);
    if (enveloped !== undefined) requestSummary.observe(labels, seconds(enveloped));
    requests.inc(labels);
  };

  const plugin = {
    onPluginInit({
      registerContextErrorHandler,
    }: {
      registerContextErrorHandler(handler: (payload: { context: object; error: unknown }) => void): void;
    }) {
      registerContextErrorHandler(({ context }) => {
        errorResults.inc(errorLabels(records.get(context)?.labels ?? unparsed, 'context'));
      });
    },
    onSchemaChange({ schema }: { schema: GraphQLSchema }) {
      if (countedSchemas.has(schema)) return;
      countedSchemas.add(schema);
      schemaChanges.inc();
    },
    onRequest({ request }: { request: Request }) {
      requestStarts.set(request, Date.now());
    },
    onEnveloped({ context }: { context?: object }) {
      if (context && !envelopedAt.has(context)) envelopedAt.set(context, Date.now());
    },
    onParse({ context }: { context: { request?: Request; params?: { operationName?: string | null } } }) {
      const start = Date.now();
      return ({ result }: { result: unknown }) => {
        const parsed = result != null && !(result instanceof Error) ? (result as DocumentNode) : undefined;
        if (parsed && context.request) {
          const operation = getOperationAST(parsed, context.params?.operationName);
          httpOperations.set(context.request, { operationType: operation?.operation, operationName: operation?.name?.value });
        }
        const record = parsed ? recordOf(parsed, context.params?.operationName) : null;
        records.set(context, record);
        const labels = record?.labels ?? unparsed;
        parseDuration.observe(labels.operation, seconds(start));
        if (!record) errorResults.inc(errorLabels(labels, 'parse'));
      };
    },
    onValidate({ context }: { context: object }) {
      const record = records.get(context);
      if (!record) return undefined;
      const start = Date.now();
      return ({ valid }: { valid: boolean }) => {
        validateDuration.observe(record.labels.operation, seconds(start));
        if (!valid) errorResults.inc(errorLabels(record.labels, 'validate'));
      };
    },
    onContextBuilding({ context }: { context: object }) {
      const record = records.get(context);
      // The library observes the time before the context is built (about nothing), kept so.
      if (record) contextDuration.observe(record.labels.operation, seconds(Date.now()));
    },
    onExecute({ args }: { args: { contextValue: unknown } }) {
      const context = args.contextValue as object;
      const record = records.get(context);
      if (!record) return undefined;
      const start = Date.now();
      return {
        onExecuteDone({ result }: { result: unknown }) {
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part }: { result: ExecutionResultLike }) => countErrors(part, record.labels),
              onEnd: () => ended(context, record, executeDuration, start),
            };
          }
          countErrors(result as ExecutionResultLike, record.labels);
          ended(context, record, executeDuration, start);
          return undefined;
        },
      };
    },
    onSubscribe({ args }: { args: { contextValue: unknown } }) {
      const context = args.contextValue as object;
      const record = records.get(context);
      if (!record) return undefined;
      const start = Date.now();
      return {
        onSubscribeResult({ result }: { result: unknown }) {
          if (isAsyncIterable(result)) {
            return {
              onNext: ({ result: part }: { result: ExecutionResultLike }) => countErrors(part, record.labels),
              onEnd: () => ended(context, record, subscribeDuration, start),
            };
          }
          countErrors(result as ExecutionResultLike, record.labels);
          ended(context, record, subscribeDuration, start);
          return undefined;
        },
        // The library gives a failed subscription no phase label.
        onSubscribeError: () => errorResults.inc(errorLabels(record.labels, undefined)),
      };
    },
    onResponse({ request, response }: { request: Request; response: Response }) {
      const start = requestStarts.get(request);
      const operation = httpOperations.get(request);
      if (start === undefined || !operation) return;
      const { method } = request;
      const { status } = response;
      const operationType = operation.operationType || 'unknown';
      const operationName = operation.operationName || ANONYMOUS;
      const key = operationNameLabels ? `${method} ${status} ${operationType} ${operationName}` : `${method} ${status} ${operationType}`;
      const labels = httpLabels(key, () =>
        operationNameLabels ? { method, statusCode: status, operationType, operationName } : { method, statusCode: status, operationType },
      );
      httpDuration.observe(labels, seconds(start));
    },
    onSubgraphExecute({
      subgraphName,
      executionRequest,
    }: {
      subgraphName: string;
      executionRequest: { operationName?: string; operationType?: string };
    }) {
      const start = Date.now();
      const operationName = executionRequest.operationName || ANONYMOUS;
      const operationType = executionRequest.operationType || 'query';
      // Keyed by the operation's name only where names are labels: the planner names subgraph
      // calls after the client's operation, which any client chooses.
      const labels = operationNameLabels
        ? subgraphLabels(`${subgraphName}\n${operationType}\n${operationName}`, () => ({ subgraphName, operationName, operationType }))
        : subgraphLabels(`${subgraphName}\n${operationType}`, () => ({ subgraphName, operationType }));
      const onResult = ({ result }: { result: ExecutionResultLike }) => {
        // The library labels subgraph errors with the call's name whatever the setting; only a
        // call with errors makes that label set, as it did.
        if (result.errors) {
          const errorLabels = { subgraphName, operationName, operationType };
          for (let i = 0; i < result.errors.length; i += 1) subgraphErrors.inc(errorLabels);
        }
      };
      const onEnd = () => subgraphDuration.observe(labels, seconds(start));
      return ({ result }: { result: unknown }) => {
        if (isAsyncIterable(result)) return { onNext: onResult, onEnd };
        onResult({ result: result as ExecutionResultLike });
        onEnd();
        return undefined;
      };
    },
    onFetch({ options }: { options: { method?: string } }) {
      const start = Date.now();
      return ({ response }: { response: Response }) => {
        const method = options.method;
        if (!method) throw new Error('Request method is missing from the options');
        const { status, statusText } = response;
        const labels = fetchLabels(`${method} ${status} ${statusText}`, () => ({ method, statusCode: status, statusText }));
        fetchDuration.observe(labels, seconds(start));
      };
    },
  };
  return plugin as unknown as GatewayPlugin;
}
