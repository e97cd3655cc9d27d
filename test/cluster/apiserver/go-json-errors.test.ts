// Bad patch bodies are refused with the words Go's encoding/json uses, which kube-apiserver passes on
// (each expectation below is what kube-apiserver 1.26.5 answered for the same bytes).
import { describe, expect, it } from 'vitest';
import { goJsonSyntaxError, goJsonTypeName } from '../../../src/cluster/apiserver/go-json.js';

describe("Go's JSON syntax errors", () => {
  it.each([
    ['{"data":', 'unexpected end of JSON input'],
    ['', 'unexpected end of JSON input'],
    ['[1', 'unexpected end of JSON input'],
    ['{"data":}', "invalid character '}' looking for beginning of value"],
    ['{"data" 1}', "invalid character '1' after object key"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a":"\\x"}', "invalid character 'x' in string escape code"],
    ['{"a":1}x', "invalid character 'x' after top-level value"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['tru ', "invalid character ' ' in literal true (expecting 'e')"],
    ['[1 2]', "invalid character '2' after array element"],
  ])('%j → %s', (text, message) => {
    expect(goJsonSyntaxError(text)).toBe(message);
  });

  it('finds nothing wrong with valid JSON, however nested', () => {
    expect(goJsonSyntaxError(' {"a":[1,-2.5e+3,true,false,null,"\\u00e9\\n",{}]} ')).toBeUndefined();
  });

  it('names JSON types as Go does', () => {
    expect([[], {}, 'x', 1, true, null].map(goJsonTypeName)).toEqual(['array', 'object', 'string', 'number', 'bool', 'null']);
  });
});
