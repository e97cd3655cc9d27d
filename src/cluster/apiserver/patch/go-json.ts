// How Go's encoding/json words what it cannot decode, which kube-apiserver passes on to clients: the first
// syntax error its scanner meets (`invalid character '}' looking for beginning of value`, `unexpected end
// of JSON input`, …) and a value of the wrong type (`json: cannot unmarshal array into Go value of type …`).

/** Go's syntax error message for `text`, or undefined when it is valid JSON. */
export function goJsonSyntaxError(text: string): string | undefined {
  const s = new Scanner(text);
  try {
    s.skipSpace();
    s.value();
    s.skipSpace();
    if (s.pos < text.length) throw new GoSyntaxError(`invalid character ${quoteChar(text[s.pos]!)} after top-level value`);
    return undefined;
  } catch (err) {
    if (err instanceof GoSyntaxError) return err.message;
    throw err;
  }
}

/** The JSON type name Go's decoder reports for a decoded value. */
export function goJsonTypeName(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'bool';
    default:
      return typeof value;
  }
}

class GoSyntaxError extends Error {}

const END = 'unexpected end of JSON input';

/** strconv.Quote of one character in single quotes, as Go's scanner prints it. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const code = c.codePointAt(0)!;
  const escapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f', '\\': '\\\\', '\u0007': '\\a', '\u000b': '\\v' };
  if (escapes[c]) return `'${escapes[c]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c}'`;
}

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /[0-9a-fA-F]/.test(c);

class Scanner {
  pos = 0;
  constructor(private readonly text: string) {}

  private peek(): string | undefined {
    return this.text[this.pos];
  }

  private next(): string {
    const c = this.text[this.pos];
    if (c === undefined) throw new GoSyntaxError(END);
    this.pos++;
    return c;
  }

  private fail(c: string, context: string): never {
    throw new GoSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  }

  skipSpace(): void {
    while (this.pos < this.text.length && isSpace(this.text[this.pos]!)) this.pos++;
  }

  value(): void {
    const c = this.next();
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || isDigit(c)) return this.number(c);
    if (c === 't') return this.literal('true');
    if (c === 'f') return this.literal('false');
    if (c === 'n') return this.literal('null');
    this.fail(c, 'looking for beginning of value');
  }

  private object(): void {
    this.skipSpace();
    let c = this.next();
    if (c === '}') return;
    for (;;) {
      if (c !== '"') this.fail(c, 'looking for beginning of object key string');
      this.string();
      this.skipSpace();
      c = this.next();
      if (c !== ':') this.fail(c, 'after object key');
      this.skipSpace();
      this.value();
      this.skipSpace();
      c = this.next();
      if (c === '}') return;
      if (c !== ',') this.fail(c, 'after object key:value pair');
      this.skipSpace();
      c = this.next();
    }
  }

  private array(): void {
    this.skipSpace();
    if (this.peek() === ']') {
      this.pos++;
      return;
    }
    for (;;) {
      this.skipSpace();
      this.value();
      this.skipSpace();
      const c = this.next();
      if (c === ']') return;
      if (c !== ',') this.fail(c, 'after array element');
    }
  }

  private string(): void {
    for (;;) {
      const c = this.next();
      if (c === '"') return;
      if (c === '\\') {
        const e = this.next();
        if (e === 'u') {
          for (let i = 0; i < 4; i++) {
            const h = this.next();
            if (!isHex(h)) this.fail(h, 'in \\u hexadecimal character escape');
          }
        } else if (!'"\\/bfnrt'.includes(e)) this.fail(e, 'in string escape code');
      } else if (c < ' ') this.fail(c, 'in string literal');
    }
  }

  private number(first: string): void {
    let c: string | undefined = first;
    if (c === '-') {
      c = this.next();
      if (!isDigit(c)) this.fail(c, 'in numeric literal');
    }
    // A leading 0 ends the integer part: what follows is judged by the enclosing value.
    if (c !== '0') while (isDigit(this.peek())) this.pos++;
    if (this.peek() === '.') {
      this.pos++;
      const d = this.next();
      if (!isDigit(d)) this.fail(d, 'after decimal point in numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.pos++;
      let d = this.next();
      if (d === '+' || d === '-') d = this.next();
      if (!isDigit(d)) this.fail(d, 'in exponent of numeric literal');
      while (isDigit(this.peek())) this.pos++;
    }
  }

  private literal(word: string): void {
    for (let i = 1; i < word.length; i++) {
      const c = this.next();
      if (c !== word[i]) this.fail(c, `in literal ${word} (expecting ${quoteChar(word[i]!)})`);
    }
  }
}
