// A set of field paths, held in kube's fieldsV1 shape itself (so decoding and encoding managedFields cost
// nothing): an object whose keys are path elements (`f:spec`, `k:{"name":"c"}`, …) and whose values are the
// sets below them; a node is a member when it is a leaf (`{}`) or carries the `.` marker (`.: {}` next to
// children). The root is never a member. Sets are immutable and kept normalised (children in kube's order,
// no empty non-member nodes), so equal sets serialize identically. Pure.
import { comparePe, MEMBER, printPe } from './path-element.js';

export type FieldSet = { readonly [pathElement: string]: FieldSet };

export const EMPTY_SET: FieldSet = Object.freeze({});

const hasKeys = (o: object): boolean => {
  for (const _ in o) return true;
  return false;
};

export const isEmptySet = (s: FieldSet): boolean => !hasKeys(s);

function isMember(n: FieldSet): boolean {
  return n[MEMBER] !== undefined || !hasKeys(n);
}

function childKeys(n: FieldSet): string[] {
  const out: string[] = [];
  for (const k in n) if (k !== MEMBER) out.push(k);
  return out;
}

/** A node from its membership and (sorted) children; undefined when it holds nothing. */
function makeNode(member: boolean, children: [string, FieldSet][]): FieldSet | undefined {
  if (children.length === 0) return member ? EMPTY_SET : undefined;
  const out: Record<string, FieldSet> = member ? { [MEMBER]: EMPTY_SET } : {};
  for (const [k, v] of children) out[k] = v;
  return out;
}

function sortedKeys(keys: Iterable<string>): string[] {
  return [...keys].sort(comparePe);
}

function unionChildren(a: FieldSet, b: FieldSet): [string, FieldSet][] {
  const ka = childKeys(a);
  const kb = childKeys(b);
  const keys = kb.every((k) => a[k] !== undefined) ? ka : sortedKeys(new Set([...ka, ...kb]));
  return keys.map((k) => {
    const x = a[k];
    const y = b[k];
    return [k, x && y ? unionNode(x, y) : (x ?? y)!];
  });
}

function unionNode(x: FieldSet, y: FieldSet): FieldSet {
  if (x === y) return x;
  return makeNode(isMember(x) || isMember(y), unionChildren(x, y))!;
}

function differenceChildren(a: FieldSet, b: FieldSet): [string, FieldSet][] {
  const out: [string, FieldSet][] = [];
  for (const k of childKeys(a)) {
    const y = b[k];
    const node = y ? differenceNode(a[k]!, y) : a[k];
    if (node) out.push([k, node]);
  }
  return out;
}

function differenceNode(x: FieldSet, y: FieldSet): FieldSet | undefined {
  if (x === y) return undefined;
  return makeNode(isMember(x) && !isMember(y), differenceChildren(x, y));
}

function intersectionChildren(a: FieldSet, b: FieldSet): [string, FieldSet][] {
  const out: [string, FieldSet][] = [];
  for (const k of childKeys(a)) {
    const y = b[k];
    if (!y) continue;
    const node = intersectionNode(a[k]!, y);
    if (node) out.push([k, node]);
  }
  return out;
}

function intersectionNode(x: FieldSet, y: FieldSet): FieldSet | undefined {
  if (x === y) return x;
  return makeNode(isMember(x) && isMember(y), intersectionChildren(x, y));
}

const root = (children: [string, FieldSet][]): FieldSet => makeNode(false, children) ?? EMPTY_SET;

export function union(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmptySet(b)) return a;
  if (isEmptySet(a)) return b;
  return root(unionChildren(a, b));
}

export function difference(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmptySet(a) || isEmptySet(b)) return a;
  return root(differenceChildren(a, b));
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  if (isEmptySet(a) || isEmptySet(b)) return EMPTY_SET;
  return root(intersectionChildren(a, b));
}

/** Whether the path (a list of path elements) is a member. */
export function hasPath(s: FieldSet, path: readonly string[]): boolean {
  if (path.length === 0) return false;
  let n: FieldSet | undefined = s;
  for (const pe of path) {
    n = n[pe];
    if (!n) return false;
  }
  return isMember(n);
}

/** The set below one path element (`WithPrefix`), empty when none. */
export function childSet(s: FieldSet, pe: string): FieldSet {
  const n = s[pe];
  if (!n) return EMPTY_SET;
  return root(childKeys(n).map((k) => [k, n[k]!]));
}

/** Every member path, in structured-merge-diff's Iterate order (a level's members, then its children's). */
export function memberPaths(s: FieldSet): string[][] {
  const out: string[][] = [];
  const visit = (n: FieldSet, prefix: string[]): void => {
    const keys = childKeys(n);
    for (const k of keys) if (isMember(n[k]!)) out.push([...prefix, k]);
    for (const k of keys) if (childKeys(n[k]!).length) visit(n[k]!, [...prefix, k]);
  };
  visit(s, []);
  return out;
}

/** `.spec.containers[name="c"].image` */
export function printPath(path: readonly string[]): string {
  return path.map(printPe).join('');
}

/** Builds a set by inserting member paths (any order); `build()` sorts and normalises. */
export class SetBuilder {
  #root: BuilderNode = { member: false, children: undefined };

  insert(path: readonly string[]): void {
    if (path.length === 0) return;
    let n = this.#root;
    for (const pe of path) {
      n.children ??= new Map();
      let c = n.children.get(pe);
      if (!c) {
        c = { member: false, children: undefined };
        n.children.set(pe, c);
      }
      n = c;
    }
    n.member = true;
  }

  build(): FieldSet {
    return (this.#root.children ? freezeNode({ member: false, children: this.#root.children }) : undefined) ?? EMPTY_SET;
  }
}

interface BuilderNode {
  member: boolean;
  children: Map<string, BuilderNode> | undefined;
}

function freezeNode(n: BuilderNode): FieldSet | undefined {
  const children: [string, FieldSet][] = [];
  if (n.children) {
    for (const k of sortedKeys(n.children.keys())) {
      const c = freezeNode(n.children.get(k)!);
      if (c) children.push([k, c]);
    }
  }
  return makeNode(n.member, children);
}

/** A set decoded from a client's fieldsV1 (any key order, `.` markers anywhere): normalised, or an error text. */
export function normaliseFieldsV1(raw: unknown): FieldSet | string {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return 'expected a JSON object';
  const b = new SetBuilder();
  let problem: string | undefined;
  const visit = (n: Record<string, unknown>, prefix: string[]): void => {
    for (const [k, v] of Object.entries(n)) {
      if (k === MEMBER) {
        if (prefix.length) b.insert(prefix);
        continue;
      }
      if (!/^[fkvi]:/.test(k)) problem ??= `parsing JSON: unexpected path element ${JSON.stringify(k)}`;
      if (v === null || typeof v !== 'object' || Array.isArray(v)) {
        problem ??= 'expected a JSON object';
        continue;
      }
      if (!hasKeys(v)) b.insert([...prefix, k]);
      else visit(v as Record<string, unknown>, [...prefix, k]);
    }
  };
  visit(raw as Record<string, unknown>, []);
  return problem ?? b.build();
}
