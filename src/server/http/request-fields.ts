// Field readers shared by the request validators: each error is a 400 naming the field in `param`.
import { ServerError } from '../types.js';

export const invalid = (message: string, param: string | null, code = 'invalid_value'): ServerError =>
  new ServerError(400, message, 'invalid_request_error', code, {}, param);

export type Json = Record<string, unknown>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function numberField(body: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw invalid(
      `"${key}" must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got ${JSON.stringify(v)}.`,
      key,
    );
  }
  return v;
}

export function parseStop(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length > 4 || !list.every((s) => typeof s === 'string' && s.length > 0)) {
    throw invalid('"stop" must be a non-empty string or an array of up to 4 non-empty strings.', 'stop');
  }
  return list as string[];
}

export function parseBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`"${name}" must be true or false.`, name);
  return v;
}
