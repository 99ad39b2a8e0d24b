// Turns one logged value into the string rrweb's console plugin stores for it: JSON text, so the player
// can show strings, numbers and objects as the page logged them. Written for Hindsight (not rrweb's code)
// with the same results for ordinary values, and with two differences that are privacy choices:
// a DOM node shows as a short selector (`div#cart.item`), never its outerHTML — the page's text is masked
// in the replay and must not come back through the console — and an Event shows its primitive fields only.
import { cut, cutJson, type ConsoleLimits } from './limits';

/** `div#id.a.b`: enough to tell which element was logged, nothing of its content. */
export function describeNode(node: Node): string {
  const element = node as Element;
  if (node.nodeType !== 1 || !element.localName) return node.nodeName;
  let name = element.localName;
  if (element.id) name += `#${element.id}`;
  const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).filter(Boolean) : [];
  for (const c of classes.slice(0, 3)) name += `.${c}`;
  return name;
}

function describeError(error: Error, limits: ConsoleLimits): string {
  const text = error.stack ? `${error.stack}\nEnd of stack for Error object` : `${error.name}: ${error.message}`;
  return cut(text, limits.argumentLengthLimit);
}

function toJsonValue(value: unknown, depth: number, seen: unknown[], limits: ConsoleLimits): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return cut(value, limits.stringLengthLimit);
    case 'number':
      return isFinite(value) ? value : String(value);
    case 'boolean':
      return value;
    case 'undefined':
      return 'undefined';
    case 'bigint':
      return `${value.toString()}n`;
    case 'symbol':
      return cut(value.toString(), limits.stringLengthLimit);
    case 'function':
      return cut(String(value), limits.stringLengthLimit);
  }
  if (seen.indexOf(value) >= 0) return '[Circular]';
  if (typeof Node !== 'undefined' && value instanceof Node) return describeNode(value);
  if (value instanceof Error) return describeError(value, limits);
  if (depth >= limits.depthOfLimit + 1) return Array.isArray(value) ? `[Array(${value.length})]` : '[object Object]';
  seen.push(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, limits.numOfKeysLimit).map((item) => toJsonValue(item, depth + 1, seen, limits));
      if (value.length > limits.numOfKeysLimit) items.push(`... ${value.length - limits.numOfKeysLimit} more`);
      return items;
    }
    if (typeof Event !== 'undefined' && value instanceof Event) return eventFields(value, limits);
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
      return toJsonValue((value as { toJSON(): unknown }).toJSON(), depth, seen, limits);
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value as object);
    for (const key of keys.slice(0, limits.numOfKeysLimit)) {
      out[key] = toJsonValue((value as Record<string, unknown>)[key], depth + 1, seen, limits);
    }
    if (keys.length > limits.numOfKeysLimit) out['...'] = `${keys.length - limits.numOfKeysLimit} more keys`;
    return out;
  } finally {
    seen.pop();
  }
}

function eventFields(event: Event, limits: ConsoleLimits): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let n = 0;
  for (const key in event) {
    if (n++ >= limits.numOfKeysLimit) break;
    const field = (event as unknown as Record<string, unknown>)[key];
    if (field === null || ['string', 'number', 'boolean'].indexOf(typeof field) >= 0) {
      out[key] = typeof field === 'string' ? cut(field, limits.stringLengthLimit) : field;
    } else if (typeof Node !== 'undefined' && field instanceof Node) {
      out[key] = describeNode(field);
    }
  }
  return out;
}

/** One logged value as JSON text, at most limits.argumentLengthLimit characters (then a JSON string of its start). */
export function stringifyArgument(value: unknown, limits: ConsoleLimits): string {
  let text: string;
  try {
    text = JSON.stringify(toJsonValue(value, 0, [], limits)) ?? '"undefined"';
  } catch {
    // A getter that throws, a toJSON that fails: the message is kept, the value is not.
    text = JSON.stringify('[unserializable]');
  }
  return cutJson(text, limits.argumentLengthLimit);
}
