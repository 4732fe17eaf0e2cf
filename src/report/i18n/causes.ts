// Failure causes in words, per language.
import type { FailureCause } from '../../core/types.js';

export const causesEn: Record<FailureCause, string> = {
  connection_refused: 'Connection refused',
  host_not_found: 'Host name not found (DNS)',
  connection_reset: 'Connection reset',
  connect_timeout: 'Connect timeout',
  http_3xx: 'HTTP 3xx (redirect, not followed)',
  http_4xx: 'HTTP 4xx (request rejected)',
  http_429: 'HTTP 429 (rate limited)',
  http_5xx: 'HTTP 5xx (server error)',
  first_token_timeout: 'No first token in time',
  idle_timeout: 'Stream stalled',
  total_timeout: 'Reply took too long',
  stream_cut: 'Stream cut off',
  malformed_chunk: 'Malformed data',
  not_an_api: 'A web page, not an API answer',
  empty_reply: 'Empty reply',
  aborted: 'Aborted',
};

export const causesZh: Record<FailureCause, string> = {
  connection_refused: '连接被拒绝',
  host_not_found: '找不到主机名（DNS）',
  connection_reset: '连接被重置',
  connect_timeout: '连接超时',
  http_3xx: 'HTTP 3xx（重定向，未跟随）',
  http_4xx: 'HTTP 4xx（请求被拒绝）',
  http_429: 'HTTP 429（限流）',
  http_5xx: 'HTTP 5xx（服务器错误）',
  first_token_timeout: '首字超时',
  idle_timeout: '流式输出停滞',
  total_timeout: '回复总时长超时',
  stream_cut: '流被截断',
  malformed_chunk: '数据格式错误',
  not_an_api: '返回的是网页，不是 API 响应',
  empty_reply: '空回复',
  aborted: '已中止',
};
