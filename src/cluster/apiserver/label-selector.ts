// `?labelSelector=` parsed as kube-apiserver 1.26 parses it (apimachinery/pkg/labels/selector.go): the same
// tokens, grammar and error texts ("found 'b', expected: ',' or 'end of string'", "unable to parse
// requirement: …", key and value validation messages), so a client sees the real server's 400.
import type { SelectorRequirement } from '../../api/selectors.js';
import { nameProblem } from './prepare.js';

type Token = 'end' | 'error' | ')' | ',' | '!' | '==' | '=' | '>' | 'in' | '<' | '!=' | 'notin' | '(' | 'id';

const KEYWORDS: Record<string, Token> = { ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(' };
const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<']);
const WHITESPACE = new Set([' ', '\t', '\r', '\n']);

export class LabelSelectorError extends Error {
  readonly code = 'LabelSelectorInvalid';
}

interface Item {
  tok: Token;
  lit: string;
}

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && WHITESPACE.has(s[pos]!)) pos++;
    if (pos >= s.length) {
      items.push({ tok: 'end', lit: '' });
      return items;
    }
    if (SPECIAL.has(s[pos]!)) {
      let buffer = '';
      let last: Item | undefined;
      while (pos < s.length && SPECIAL.has(s[pos]!)) {
        buffer += s[pos]!;
        const tok = KEYWORDS[buffer];
        if (tok) last = { tok, lit: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { tok: 'error', lit: `error expected: keyword found '${buffer}'` });
      continue;
    }
    let buffer = '';
    while (pos < s.length && !SPECIAL.has(s[pos]!) && !WHITESPACE.has(s[pos]!)) buffer += s[pos++]!;
    items.push({ tok: KEYWORDS[buffer] ?? 'id', lit: buffer });
  }
}

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';
const QUALIFIED_NAME_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_RULE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** validation.IsQualifiedName's messages for a label key (empty when valid). */
export function qualifiedNameProblems(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`a qualified name ${QUALIFIED_NAME_RULE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const out: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') out.push('prefix part must be non-empty');
    else {
      const problem = nameProblem(prefix);
      if (problem) out.push(`prefix part ${problem}`);
    }
  }
  if (name === '') out.push('name part must be non-empty');
  else if (name.length > 63) out.push('name part must be no more than 63 characters');
  if (!QUALIFIED_NAME.test(name)) out.push(`name part ${QUALIFIED_NAME_RULE}`);
  return out;
}

function labelValueProblems(value: string): string[] {
  const out: string[] = [];
  if (value.length > 63) out.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) out.push(LABEL_VALUE_RULE);
  return out;
}

const invalidValue = (path: string, value: string, detail: string): string => `${path}: Invalid value: ${JSON.stringify(value)}: ${detail}`;

/** Parses a label selector; throws LabelSelectorError with the real server's text. */
export function parseLabelSelectorAsKube(selector: string): SelectorRequirement[] {
  const items = lex(selector);
  let position = 0;
  // In a value position `in` and `notin` are identifiers.
  const view = (item: Item, values: boolean): Item => (values && (item.tok === 'in' || item.tok === 'notin') ? { tok: 'id', lit: item.lit } : item);
  const lookahead = (values = true): Item => view(items[position]!, values);
  const consume = (values = true): Item => view(items[position++]!, values);
  const fail = (message: string): never => {
    throw new LabelSelectorError(message);
  };

  const requirement = (): SelectorRequirement => {
    let operator: SelectorRequirement['operator'] | undefined;
    let t = consume();
    if (t.tok === '!') {
      operator = 'DoesNotExist';
      t = consume();
    }
    if (t.tok !== 'id') fail(`found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyProblems = qualifiedNameProblems(key);
    if (keyProblems.length) fail(invalidValue('<nil>', key, keyProblems.join('; ')));
    const next = lookahead().tok;
    if (next === 'end' || next === ',') operator ??= 'Exists';
    if (operator) return { key, operator, values: [] };
    const op = consume(false);
    const operators: Partial<Record<Token, SelectorRequirement['operator']>> = { in: 'In', notin: 'NotIn', '=': 'Equals', '==': 'Equals', '!=': 'NotEquals', '>': 'Gt', '<': 'Lt' };
    const found = operators[op.tok];
    if (!found) return fail(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
    const values = found === 'In' || found === 'NotIn' ? setValues() : exactValue();
    const sorted = [...new Set(values)].sort();
    checkValues(key, found, sorted);
    return { key, operator: found, values: sorted };
  };

  const setValues = (): string[] => {
    const open = consume();
    if (open.tok !== '(') fail(`found '${open.lit}' expected: '('`);
    const first = lookahead();
    if (first.tok === ')') {
      consume();
      return [''];
    }
    if (first.tok !== 'id' && first.tok !== ',') fail(`found '${first.lit}', expected: ',', ')' or identifier`);
    const out: string[] = [];
    for (;;) {
      const t = consume();
      if (t.tok === 'id') {
        out.push(t.lit);
        const t2 = lookahead();
        if (t2.tok === ',') continue;
        if (t2.tok === ')') break;
        fail(`found '${t2.lit}', expected: ',' or ')'`);
      } else if (t.tok === ',') {
        if (out.length === 0) out.push('');
        const t2 = lookahead();
        if (t2.tok === ')') {
          out.push('');
          break;
        }
        if (t2.tok === ',') {
          consume();
          out.push('');
        }
      } else fail(`found '${t.lit}', expected: ',', or identifier`);
    }
    if (consume().tok !== ')') fail(`found '${first.lit}', expected: ')'`);
    return out;
  };

  const exactValue = (): string[] => {
    const next = lookahead();
    if (next.tok === 'end' || next.tok === ',') return [''];
    const t = consume();
    if (t.tok === 'id') return [t.lit];
    return fail(`found '${t.lit}', expected: identifier`);
  };

  const out: SelectorRequirement[] = [];
  for (;;) {
    const t = lookahead();
    if (t.tok === 'end') break;
    if (t.tok !== 'id' && t.tok !== '!') fail(`found '${t.lit}', expected: !, identifier, or 'end of string'`);
    try {
      out.push(requirement());
    } catch (err) {
      if (err instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${err.message}`);
      throw err;
    }
    const after = consume();
    if (after.tok === 'end') break;
    if (after.tok === ',') {
      const t2 = lookahead();
      if (t2.tok !== 'id' && t2.tok !== '!') fail(`found '${t2.lit}', expected: identifier after ','`);
      continue;
    }
    fail(`found '${after.lit}', expected: ',' or 'end of string'`);
  }
  return out;
}

/** NewRequirement's checks of the values (one aggregate: a single message, or several in brackets). */
function checkValues(key: string, operator: SelectorRequirement['operator'], values: string[]): void {
  const errs: string[] = [];
  if ((operator === 'Gt' || operator === 'Lt')) {
    values.forEach((v, i) => {
      if (!/^[+-]?\d+$/.test(v)) errs.push(invalidValue(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  values.forEach((v, i) => {
    const problems = labelValueProblems(v);
    if (problems.length) errs.push(invalidValue(`values[${i}][${key}]`, v, problems.join('; ')));
  });
  if (errs.length === 1) throw new LabelSelectorError(errs[0]!);
  if (errs.length > 1) throw new LabelSelectorError(`[${errs.join(', ')}]`);
}
