// The syntax errors Go's encoding/json reports, for bodies kube-apiserver cannot decode: clients (and the
// fidelity comparison) see the server's decoder messages verbatim ("invalid character '}' after top-level
// value", "unexpected end of JSON input"). A scanner with Go's states; it only finds the first error.

/** Nesting kube-apiserver's decoder accepts (encoding/json's maxNestingDepth). */
export const GO_MAX_DEPTH = 10_000;

/** Go's error text for the first syntax error in `text`, or undefined when it is one valid JSON value. */
export function goJsonSyntaxError(text: string): string | undefined {
  const stack: ('object' | 'array')[] = [];
  let i = 0;
  const n = text.length;
  const bad = (c: string, context: string): string => `invalid character ${quoteChar(c)} ${context}`;
  const ws = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  const skip = (): void => {
    while (i < n && ws(text[i])) i++;
  };

  // Returns an error, or undefined once one value has been read (i just past it).
  const value = (): string | undefined => {
    skip();
    if (i >= n) return 'unexpected end of JSON input';
    const c = text[i]!;
    if (c === '{' || c === '[') {
      if (stack.length >= GO_MAX_DEPTH) return bad(c, 'exceeded max depth');
      stack.push(c === '{' ? 'object' : 'array');
      i++;
      return c === '{' ? object() : array();
    }
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    for (const lit of ['true', 'false', 'null']) {
      if (c !== lit[0]) continue;
      for (let k = 1; k < lit.length; k++) {
        if (i + k >= n) return 'unexpected end of JSON input';
        if (text[i + k] !== lit[k]) return bad(text[i + k]!, `in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
      }
      i += lit.length;
      return undefined;
    }
    return bad(c, 'looking for beginning of value');
  };

  const object = (): string | undefined => {
    skip();
    if (i >= n) return 'unexpected end of JSON input';
    if (text[i] === '}') {
      i++;
      stack.pop();
      return undefined;
    }
    for (;;) {
      skip();
      if (i >= n) return 'unexpected end of JSON input';
      if (text[i] !== '"') return bad(text[i]!, 'looking for beginning of object key string');
      const keyErr = string();
      if (keyErr) return keyErr;
      skip();
      if (i >= n) return 'unexpected end of JSON input';
      if (text[i] !== ':') return bad(text[i]!, 'after object key');
      i++;
      const valErr = value();
      if (valErr) return valErr;
      skip();
      if (i >= n) return 'unexpected end of JSON input';
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        stack.pop();
        return undefined;
      }
      return bad(text[i]!, 'after object key:value pair');
    }
  };

  const array = (): string | undefined => {
    skip();
    if (i >= n) return 'unexpected end of JSON input';
    if (text[i] === ']') {
      i++;
      stack.pop();
      return undefined;
    }
    for (;;) {
      const valErr = value();
      if (valErr) return valErr;
      skip();
      if (i >= n) return 'unexpected end of JSON input';
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        stack.pop();
        return undefined;
      }
      return bad(text[i]!, 'after array element');
    }
  };

  const string = (): string | undefined => {
    i++; // opening quote
    while (i < n) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === '\\') {
        i++;
        if (i >= n) break;
        const e = text[i]!;
        if (e === 'u') {
          for (let k = 1; k <= 4; k++) {
            if (i + k >= n) return 'unexpected end of JSON input';
            if (!/[0-9a-fA-F]/.test(text[i + k]!)) return bad(text[i + k]!, 'in \\u hexadecimal character escape');
          }
          i += 5;
          continue;
        }
        if (!'bfnrt\\/"'.includes(e)) return bad(e, 'in string escape code');
        i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) return bad(c, 'in string literal');
      i++;
    }
    return 'unexpected end of JSON input';
  };

  const digits = (): void => {
    while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
  };
  const number = (): string | undefined => {
    if (text[i] === '-') {
      i++;
      if (i >= n) return 'unexpected end of JSON input';
      if (!(text[i]! >= '0' && text[i]! <= '9')) return bad(text[i]!, 'in numeric literal');
    }
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      if (i >= n) return 'unexpected end of JSON input';
      if (!(text[i]! >= '0' && text[i]! <= '9')) return bad(text[i]!, 'after decimal point in numeric literal');
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (i >= n) return 'unexpected end of JSON input';
      if (!(text[i]! >= '0' && text[i]! <= '9')) return bad(text[i]!, 'in exponent of numeric literal');
      digits();
    }
    return undefined;
  };

  const err = value();
  if (err) return err;
  skip();
  if (i < n) return bad(text[i]!, 'after top-level value');
  return undefined;
}

/** Go's quoteChar: the byte in single quotes, escaped as strconv.Quote escapes it. */
export function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return `'"'`;
  // Go's scanner works on bytes: a multi-byte character is reported by its first byte.
  const byte = Buffer.from(ch, 'utf8')[0] ?? 0;
  return `'${goQuoteRune(byte)}'`;
}

function goQuoteRune(r: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 92: '\\\\' };
  if (named[r]) return named[r]!;
  if (r < 0x20 || r === 0x7f) return `\\x${r.toString(16).padStart(2, '0')}`;
  if (r < 0x7f) return String.fromCharCode(r);
  if (r < 0xa1 || r === 0xad) return `\\u${r.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(r);
}

/** Go's json type name for a decoded top-level value (in "cannot unmarshal X into …"). */
export function goJsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}
