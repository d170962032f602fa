// The portal's only way to the graph: POST /graphql on the page's own origin (the gateway, or a
// server that forwards to it) with a persisted document's id, never a query text.
import { useEffect, useState } from 'preact/hooks';
import type { TypedDocumentString } from './gql/graphql';
import { departmentName } from './labels';

/** Sent with every request: the gateway counts usage by client, and can hold it to its manifest. */
const CLIENT_HEADERS = { 'x-client-name': 'portal', 'x-client-version': '1' };

export interface ApiError {
  message: string;
  code?: string;
  serviceName?: string;
}

export interface ApiResult<T> {
  data: T | null;
  /** Errors the gateway reported beside (partial data) or instead of data. */
  errors: ApiError[];
  /** The request itself failed (network, HTTP status without a GraphQL answer). */
  failure?: string;
}

/** What a reader is told for an error, by its stable code. */
export function describeError(error: ApiError): string {
  switch (error.code) {
    case 'SERVICE_UNAVAILABLE':
      return `${error.serviceName ? departmentName(error.serviceName) : '一个部门'}的数据服务暂时无法访问，相关内容未能显示。`;
    case 'RATE_LIMITED':
      return '请求过于频繁，请稍候再试。';
    case 'NOT_FOUND':
      return '没有找到该条目。';
    case 'QUERY_TOO_COMPLEX':
    case 'PAYLOAD_TOO_LARGE':
      return '查询超出服务端限制，请缩小范围后重试。';
    case 'BAD_USER_INPUT':
      return `查询条件有误：${error.message}`;
    case 'PERSISTED_QUERY_NOT_FOUND':
    case 'PERSISTED_QUERY_REQUIRED':
      return '门户版本与服务端不一致，请刷新页面。';
    default:
      return '数据服务返回错误，请稍后再试。';
  }
}

export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<ApiResult<TResult>> {
  const hash = String(document.__meta__?.hash ?? '').replace(/^sha256:/, '');
  let response: Response;
  try {
    response = await fetch('graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...CLIENT_HEADERS },
      body: JSON.stringify({ documentId: hash, variables }),
    });
  } catch {
    return { data: null, errors: [], failure: '无法连接数据服务，请检查网络或稍后再试。' };
  }
  let body: { data?: TResult | null; errors?: { message: string; extensions?: { code?: string; serviceName?: string } }[] };
  try {
    body = await response.json();
  } catch {
    return { data: null, errors: [], failure: `数据服务没有返回有效结果（HTTP ${response.status}）。` };
  }
  const errors = (body.errors ?? []).map((e) => ({ message: e.message, code: e.extensions?.code, serviceName: e.extensions?.serviceName }));
  return { data: body.data ?? null, errors };
}

export type Loadable<T> = { loading: true; result?: undefined } | { loading: false; result: ApiResult<T> };

/** Runs the query whenever `key` changes; the latest answer wins, and an answer for another key is never shown. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  key: string,
): Loadable<TResult> & { reload: () => void } {
  const [attempt, setAttempt] = useState(0);
  const current = `${attempt}:${key}`;
  const [state, setState] = useState<{ for: string; result: ApiResult<TResult> } | null>(null);
  useEffect(() => {
    let live = true;
    void request(document, variables).then((result) => live && setState({ for: current, result }));
    return () => {
      live = false;
    };
  }, [current]);
  const reload = () => setAttempt((n) => n + 1);
  // Between a new address and its answer the page shows that it loads, not the previous address's data.
  if (!state || state.for !== current) return { loading: true, reload };
  return { loading: false, result: state.result, reload };
}
