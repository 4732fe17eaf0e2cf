// `tools`, `tool_choice` and `response_format` of a chat request, checked as OpenAI checks them.
import type { ResponseFormat, ToolChoice, ToolSpec } from '../types.js';
import { invalid, isObject } from './request-fields.js';

export function parseTools(v: unknown): ToolSpec[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalid('"tools" must be an array of {"type": "function", "function": {...}}.', 'tools');
  return v.map((tool, i) => {
    const fn = isObject(tool) ? tool.function : undefined;
    if (!isObject(tool) || tool.type !== 'function' || !isObject(fn) || typeof fn.name !== 'string')
      throw invalid(`"tools[${i}]" must be {"type": "function", "function": {"name", ...}}.`, `tools[${i}]`);
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name))
      throw invalid(`"tools[${i}].function.name" must be 1-64 letters, digits, _ or -.`, `tools[${i}].function.name`);
    if (fn.parameters !== undefined && !isObject(fn.parameters))
      throw invalid(
        `"tools[${i}].function.parameters" must be a JSON schema object.`,
        `tools[${i}].function.parameters`,
      );
    return {
      name: fn.name,
      description: typeof fn.description === 'string' ? fn.description : undefined,
      parameters: fn.parameters as Record<string, unknown> | undefined,
    };
  });
}

export function parseToolChoice(v: unknown, tools: ToolSpec[]): ToolChoice {
  if (v === undefined || v === null) return tools.length > 0 ? 'auto' : 'none';
  if (v === 'none' || v === 'auto' || v === 'required') {
    if (v !== 'none' && tools.length === 0)
      throw invalid(`"tool_choice" is "${v}" but no "tools" were sent.`, 'tool_choice');
    return v;
  }
  const name = isObject(v) && isObject(v.function) ? v.function.name : undefined;
  if (typeof name !== 'string')
    throw invalid(
      '"tool_choice" must be "none", "auto", "required" or {"type": "function", "function": {"name"}}.',
      'tool_choice',
    );
  if (!tools.some((t) => t.name === name))
    throw invalid(`"tool_choice" names "${name}", which is not one of "tools".`, 'tool_choice');
  return { name };
}

export function parseResponseFormat(v: unknown): ResponseFormat {
  if (v === undefined || v === null) return { type: 'text' };
  if (!isObject(v)) throw invalid('"response_format" must be an object with a "type".', 'response_format');
  if (v.type === 'text' || v.type === 'json_object') return { type: v.type };
  if (v.type === 'json_schema') {
    const spec = v.json_schema;
    if (!isObject(spec) || !isObject(spec.schema))
      throw invalid(
        '"response_format.json_schema" must be {"name", "schema": {...}} with a JSON schema object.',
        'response_format.json_schema',
      );
    return { type: 'json_schema', name: typeof spec.name === 'string' ? spec.name : 'response', schema: spec.schema };
  }
  throw invalid(
    `"response_format.type" must be "text", "json_object" or "json_schema"; got ${JSON.stringify(v.type)}.`,
    'response_format.type',
  );
}
