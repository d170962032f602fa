// What a reader sees while a page loads, when it failed, and when part of it is missing.
import type { ComponentChildren } from 'preact';
import { describeError, type ApiResult } from '../api';

export function Loading() {
  return (
    <p class="status" role="status" aria-live="polite">
      正在加载……
    </p>
  );
}

/** Errors beside data: a notice above what could be shown. */
export function PartialNotice({ result }: { result: ApiResult<unknown> }) {
  if (result.errors.length === 0) return null;
  const messages = [...new Set(result.errors.map(describeError))];
  return (
    <div class="notice" role="alert">
      <strong>部分内容暂不可用。</strong>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** No data at all: the reason and a way to try again, never an empty page. */
export function Failure({ result, reload, children }: { result: ApiResult<unknown>; reload: () => void; children?: ComponentChildren }) {
  const messages = result.failure ? [result.failure] : [...new Set(result.errors.map(describeError))];
  return (
    <div class="notice notice-error" role="alert">
      <strong>无法显示此页面。</strong>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
      {children}
      <button type="button" onClick={reload}>
        重试
      </button>
    </div>
  );
}
