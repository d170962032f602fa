export interface GraphQLErrorBody {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown> & { code?: string };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface GraphQLResponseBody<TData = any> {
  data?: TData | null;
  errors?: GraphQLErrorBody[];
  extensions?: Record<string, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface GraphQLHttpResponse<TData = any> {
  status: number;
  body: GraphQLResponseBody<TData>;
  headers: Headers;
}

/**
 * POSTs one GraphQL operation as JSON, the way clients call the API. Fails with the status and
 * the start of the body when the answer is not JSON (an HTML error page, a proxy's text).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function graphqlRequest<TData = any>(
  url: string,
  query: string,
  variables?: object,
  headers?: Record<string, string>,
): Promise<GraphQLHttpResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify(variables === undefined ? { query } : { query, variables }),
  });
  const text = await response.text();
  let body: GraphQLResponseBody<TData>;
  try {
    body = JSON.parse(text) as GraphQLResponseBody<TData>;
  } catch {
    throw new Error(`${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 500)}`);
  }
  return { status: response.status, body, headers: response.headers };
}

/**
 * The data of an answer that must have succeeded; fails with the operation and the errors (or the
 * whole body) when the status is not 200, there are errors, or there is no data.
 */
export function requireData<TData>(response: GraphQLHttpResponse<TData>, query: string): TData {
  const { status, body } = response;
  if (status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`${query}\nanswered ${status}: ${JSON.stringify(body.errors ?? body).slice(0, 2000)}`);
  }
  return body.data;
}

/** POSTs one operation that must succeed (see graphqlRequest) and returns its data (see requireData). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function graphqlData<TData = any>(
  url: string,
  query: string,
  variables?: object,
  headers?: Record<string, string>,
): Promise<TData> {
  return requireData(await graphqlRequest<TData>(url, query, variables, headers), query);
}
