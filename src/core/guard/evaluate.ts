/**
 * Walks a parsed cell in order, keeping what each name is bound to, and asks
 * the rules about every call. It is an abstract interpreter that only tracks
 * what matters to targets: strings, paths, library objects and functions.
 */
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@lezer/python';
import { HOLE } from './paths';
import type { CallSite, Rule, RuleContext } from './rules/rule';
import { GuardScope } from './scope';
import { CONVENTIONAL_ALIASES } from './aliases';
import { CallMemo, Effect, MAX_EVALUATIONS, newCallMemo, summarise } from './callMemo';
import { decodeBody, decodeString } from './literals';
import { resolveLazyFunction } from './skim';
import { INSTANCE, UNKNOWN, Value, interpolate, isObject, object, str, textOf } from './values';
import { replaceSpecifiers } from './percentFormat';

/** Function bodies are re-analysed with the call's arguments, this deep at most. */
const MAX_CALL_DEPTH = 3;
/** Loops over a literal list are unrolled when the list is this short. */
const MAX_UNROLL = 16;

export interface EvaluatorOptions {
  source: string;
  scope: GuardScope;
  rules: Rule[];
  context: RuleContext;
  /** Called with each statement's first line before it is evaluated. */
  atLine: (line: number) => void;
  depth?: number;
  memo?: CallMemo;
}

export class Evaluator {
  constructor(options: EvaluatorOptions) {
    this._source = options.source;
    this._scope = options.scope;
    this._rules = options.rules;
    this._context = options.context;
    this._atLine = options.atLine;
    this._depth = options.depth ?? 0;
    this._memo = options.memo ?? newCallMemo();
    this._lineStarts = [0];
    for (let i = 0; i < this._source.length; i++) {
      if (this._source.charCodeAt(i) === 10) {
        this._lineStarts.push(i + 1);
      }
    }
  }

  run(): void {
    this.block(parser.parse(this._source).topNode);
  }

  /** Values of `return` statements seen, for calls to functions defined in the notebook. */
  readonly returns: Value[] = [];

  private block(node: SyntaxNode): void {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      this.statement(child);
    }
  }

  private statement(node: SyntaxNode): void {
    if (this._depth === 0) {
      this._atLine(this.lineOf(node.from));
    }
    switch (node.name) {
      case 'AssignStatement':
        return this.assign(node);
      case 'UpdateStatement':
        return this.update(node);
      case 'ImportStatement':
        return this.importStatement(node);
      case 'WithStatement':
        return this.withStatement(node);
      case 'ForStatement':
        return this.forStatement(node);
      case 'FunctionDefinition':
        return this.functionDefinition(node);
      case 'ClassDefinition':
        return this.classDefinition(node);
      case 'ReturnStatement': {
        const value = node.firstChild?.nextSibling;
        this.returns.push(value ? this.expr(value) : UNKNOWN);
        return;
      }
      case 'Body':
      case 'DecoratedStatement':
        return this.block(node);
      default:
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.name === 'Body' || child.name.endsWith('Statement') || child.name.endsWith('Definition')) {
            this.statement(child);
          } else {
            this.expr(child);
          }
        }
    }
  }

  private assign(node: SyntaxNode): void {
    const groups: SyntaxNode[][] = [[]];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'AssignOp') {
        groups.push([]);
      } else if (child.name !== ',' && child.name !== 'TypeDef') {
        groups[groups.length - 1].push(child);
      }
    }
    const valueNodes = groups.pop() ?? [];
    const values = valueNodes.map(n => this.expr(n));
    const value: Value = values.length === 1 ? values[0] : { kind: 'list', items: values };
    for (const targets of groups) {
      this.bindTargets(targets, value);
    }
  }

  private bindTargets(targets: SyntaxNode[], value: Value): void {
    if (targets.length === 1) {
      return this.bind(targets[0], value);
    }
    targets.forEach((target, i) => this.bind(target, value.kind === 'list' ? (value.items[i] ?? UNKNOWN) : UNKNOWN));
  }

  private bind(target: SyntaxNode, value: Value): void {
    if (target.name === 'VariableName') {
      this._scope.vars.set(this.text(target), value);
    } else if (target.name === 'TupleExpression' || target.name === 'ParenthesizedExpression' || target.name === 'ArrayExpression') {
      this.bindTargets(this.items(target), value);
    } else if (target.name === 'MemberExpression') {
      // `config["root"] = ...` updates a dict we know; `self.table = ...` binds the dotted name.
      const base = target.firstChild;
      const index = base?.nextSibling?.nextSibling;
      if (base?.name === 'VariableName' && target.lastChild?.name === 'PropertyName') {
        const dotted = `${this.text(base)}.${this.text(target.lastChild)}`;
        this._scope.vars.set(dotted, value);
        this._classAttributes?.set(dotted, value);
        return;
      }
      const dict = base?.name === 'VariableName' ? this._scope.vars.get(this.text(base)) : undefined;
      const key = index && this.text(base!.nextSibling!) === '[' ? textOf(this.expr(index)) : null;
      if (dict?.kind === 'dict' && key !== null) {
        dict.entries.set(key, value);
      }
    }
  }

  private update(node: SyntaxNode): void {
    const target = node.firstChild;
    const op = target?.nextSibling;
    const operand = op?.nextSibling;
    if (!target || !op || !operand) {
      return;
    }
    const right = this.expr(operand);
    if (target.name !== 'VariableName') {
      return;
    }
    const name = this.text(target);
    const left = this._scope.vars.get(name) ?? UNKNOWN;
    const operator = this.text(op).slice(0, -1);
    this._scope.vars.set(name, this.binary(left, operator, right));
  }

  private importStatement(node: SyntaxNode): void {
    const words: string[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== '(' && child.name !== ')') {
        words.push(this.text(child));
      }
    }
    if (words[0] === 'from') {
      const importAt = words.indexOf('import');
      const module = words.slice(1, importAt).join('').replace(/^\.+/, '');
      this.bindImports(words.slice(importAt + 1), name => (module ? `${module}.${name}` : name), false);
    } else {
      this.bindImports(words.slice(1), name => name, true);
    }
  }

  /** Bind `a.b as c, d` lists; a plain `import a.b` binds `a`. */
  private bindImports(words: string[], qualify: (name: string) => string, plainImport: boolean): void {
    let dotted = '';
    for (let i = 0; i <= words.length; i++) {
      const word = words[i];
      if (word === undefined || word === ',') {
        if (dotted && dotted !== '*') {
          const bound = plainImport ? dotted.split('.')[0] : dotted;
          this._scope.vars.set(bound, { kind: 'symbol', name: qualify(bound) });
        }
        dotted = '';
      } else if (word === 'as') {
        this._scope.vars.set(words[i + 1], { kind: 'symbol', name: qualify(dotted) });
        dotted = '';
        i++;
      } else {
        dotted += word;
      }
    }
  }

  private withStatement(node: SyntaxNode): void {
    let last: Value = UNKNOWN;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === 'Body') {
        this.statement(child);
      } else if (child.name === 'as') {
        child = child.nextSibling!;
        if (child) {
          this.bind(child, last);
        }
      } else if (child.name !== 'with' && child.name !== ',' && child.name !== 'async') {
        last = this.expr(child);
      }
    }
  }

  private forStatement(node: SyntaxNode): void {
    const targets: SyntaxNode[] = [];
    let child = node.firstChild?.nextSibling ?? null;
    for (; child && child.name !== 'in'; child = child.nextSibling) {
      if (child.name !== ',') {
        targets.push(child);
      }
    }
    const iterable = child?.nextSibling ? this.expr(child.nextSibling) : UNKNOWN;
    const bodies: SyntaxNode[] = [];
    for (let c = child?.nextSibling?.nextSibling ?? null; c; c = c.nextSibling) {
      if (c.name === 'Body') {
        bodies.push(c);
      }
    }
    for (const item of this.iterationValues(iterable)) {
      this.bindTargets(targets, item);
      bodies.forEach(body => this.statement(body));
    }
  }

  /** What a loop variable takes: each item of a short literal list, or one unknown-ish item. */
  private iterationValues(iterable: Value): Value[] {
    if (iterable.kind === 'list' && iterable.items.length > 0 && iterable.items.length <= MAX_UNROLL && !iterable.element) {
      return iterable.items;
    }
    if (iterable.kind === 'list' && iterable.element) {
      return [iterable.element];
    }
    if (iterable.kind === 'dict' && iterable.entries.size > 0 && iterable.entries.size <= MAX_UNROLL) {
      return [...iterable.entries.keys()].map(str);
    }
    return [UNKNOWN];
  }

  /** The names a `def` (or a lambda's parameter list) binds, without defaults. */
  private parameters(node: SyntaxNode): string[] {
    const list = node.name === 'ParamList' ? node : node.getChild('ParamList');
    const params: string[] = [];
    for (let child = list?.firstChild ?? null; child; child = child.nextSibling) {
      if (child.name === 'VariableName' && child.prevSibling?.name !== 'AssignOp') {
        params.push(this.text(child));
      }
    }
    return params;
  }

  private functionDefinition(node: SyntaxNode): void {
    const nameNode = node.getChild('VariableName');
    const body = node.getChild('Body');
    if (!nameNode || !body) {
      return;
    }
    const params = this.parameters(node);
    this._scope.vars.set(this.text(nameNode), { kind: 'function', name: this.text(nameNode), node: body, source: this._source, params });
    // Writes with constant targets are found even if the function is never called here.
    this.withChildScope(
      params.map(p => [p, UNKNOWN]),
      () => this.statement(body)
    );
  }

  /**
   * A class body, twice: the first pass collects what its methods bind on
   * `self`, the second lets every method see it (`self.table = load_table(…)`
   * in `__init__`, `self.table.append(…)` in another method).
   */
  private classDefinition(node: SyntaxNode): void {
    const body = node.getChild('Body');
    if (!body) {
      return;
    }
    const saved = this._classAttributes;
    const attributes = new Map<string, Value>();
    this._classAttributes = attributes;
    const context = this._context;
    try {
      // The first pass only learns: what it would report, the second reports better resolved.
      this._context = {
        report: () => undefined,
        sql: () => undefined,
        shell: () => undefined,
        script: () => undefined,
        sparkTable: name => context.sparkTable(name)
      };
      this.withChildScope([], () => this.statement(body));
      this._context = context;
      this.withChildScope([...attributes], () => this.statement(body));
    } finally {
      this._context = context;
      this._classAttributes = saved;
    }
    const nameNode = node.getChild('VariableName');
    if (nameNode) {
      this._scope.vars.set(this.text(nameNode), this.constructorOf(this.text(nameNode), body));
    }
  }

  /** Calling a class runs its `__init__` with `self`: the instance holds what it binds there (`self.name = name`). */
  private constructorOf(name: string, body: SyntaxNode): Value & { kind: 'function' } {
    const init = body.getChildren('FunctionDefinition').find(f => {
      const defined = f.getChild('VariableName');
      return defined !== null && this.text(defined) === '__init__';
    });
    const params = init ? this.parameters(init).slice(1) : [];
    return { kind: 'function', name, node: init?.getChild('Body') ?? null, source: this._source, params, form: 'class' };
  }

  /** `lambda x: …`: a function whose value is its one expression. */
  private lambda(node: SyntaxNode): Value {
    const body = node.lastChild;
    const names = this.parameters(node);
    return body && body.name !== ':' ? { kind: 'function', name: '<lambda>', node: body, source: this._source, params: names, form: 'lambda' } : UNKNOWN;
  }

  private withChildScope(bindings: [string, Value][], run: () => void): void {
    const saved = this._scope.vars;
    this._scope.vars = new Map(saved);
    bindings.forEach(([name, value]) => this._scope.vars.set(name, value));
    try {
      run();
    } finally {
      this._scope.vars = saved;
    }
  }

  expr(node: SyntaxNode): Value {
    switch (node.name) {
      case 'VariableName': {
        const name = this.text(node);
        return this._scope.vars.get(name) ?? { kind: 'symbol', name: CONVENTIONAL_ALIASES[name] ?? name };
      }
      case 'String':
        return str(decodeString(this.text(node)));
      case 'ContinuedString':
        return str(
          this.children(node)
            .map(n => interpolate(this.expr(n)))
            .join('')
        );
      case 'FormatString':
        return this.formatString(node);
      case 'Number':
        return { kind: 'number', value: Number(this.text(node).replace(/_/g, '')) };
      case 'Boolean':
        return { kind: 'number', value: this.text(node) === 'True' ? 1 : 0 };
      case 'ParenthesizedExpression': {
        const inner = this.items(node);
        return inner.length === 1 ? this.expr(inner[0]) : UNKNOWN;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
      case 'SetExpression':
        return { kind: 'list', items: this.items(node).map(n => this.expr(n)) };
      case 'DictionaryExpression':
        return this.dictionary(node);
      case 'BinaryExpression': {
        const left = node.firstChild!;
        const op = left.nextSibling!;
        const right = op.nextSibling;
        const a = this.expr(left);
        const b = right ? this.expr(right) : UNKNOWN;
        return this.binary(a, this.text(op), b);
      }
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return this.call(node);
      case 'ConditionalExpression': {
        const values = this.children(node).map(n => this.expr(n));
        return values.find(v => v.kind !== 'unknown') ?? UNKNOWN;
      }
      case 'ArrayComprehensionExpression':
      case 'SetComprehensionExpression':
      case 'ComprehensionExpression':
      case 'DictionaryComprehensionExpression':
        return this.comprehension(node);
      case 'LambdaExpression':
        return this.lambda(node);
      default:
        for (let child = node.firstChild; child; child = child.nextSibling) {
          this.expr(child);
        }
        return UNKNOWN;
    }
  }

  private formatString(node: SyntaxNode): Value {
    const raw = this.text(node);
    const open = raw.search(/["']/);
    const quote = raw.startsWith(raw[open].repeat(3), open) ? 3 : 1;
    const start = node.from + open + quote;
    const end = node.to - quote;
    const isRaw = /r/i.test(raw.slice(0, open));
    let text = '';
    let at = start;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== 'FormatReplacement') {
        continue;
      }
      text += decodeBody(this._source.slice(at, child.from), isRaw).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      const inner = child.firstChild?.nextSibling;
      text += inner ? interpolate(this.expr(inner)) : HOLE;
      at = child.to;
    }
    text += decodeBody(this._source.slice(at, Math.max(at, end)), isRaw)
      .replace(/\{\{/g, '{')
      .replace(/\}\}/g, '}');
    return str(text);
  }

  private dictionary(node: SyntaxNode): Value {
    const entries = new Map<string, Value>();
    let key: string | null = null;
    let expectValue = false;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name === ':') {
        expectValue = true;
      } else if (child.name === ',' || child.name === '{' || child.name === '}' || child.name === '**') {
        continue;
      } else if (expectValue) {
        const value = this.expr(child);
        if (key !== null) {
          entries.set(key, value);
        }
        expectValue = false;
        key = null;
      } else {
        key = textOf(this.expr(child));
      }
    }
    return { kind: 'dict', entries };
  }

  private comprehension(node: SyntaxNode): Value {
    const parts = this.items(node);
    const forAt = parts.findIndex(n => n.name === 'for');
    const inAt = parts.findIndex(n => n.name === 'in');
    if (forAt < 1 || inAt < forAt) {
      parts.forEach(n => this.expr(n));
      return UNKNOWN;
    }
    const iterable = this.expr(parts[inAt + 1]);
    const targets = parts.slice(forAt + 1, inAt);
    const results: Value[] = [];
    for (const item of this.iterationValues(iterable)) {
      this.withChildScope([], () => {
        this.bindTargets(targets, item);
        parts.slice(inAt + 2).forEach(n => this.expr(n));
        results.push(this.expr(parts[0]));
      });
    }
    return results.length === 1 && iterable.kind !== 'list' ? { kind: 'list', items: [], element: results[0] } : { kind: 'list', items: results };
  }

  binary(a: Value, op: string, b: Value): Value {
    const left = textOf(a);
    const right = textOf(b);
    if (op === '+' && (a.kind === 'str' || b.kind === 'str')) {
      return str((left ?? HOLE) + (right ?? HOLE));
    }
    if (op === '/' && (a.kind === 'path' || b.kind === 'path')) {
      return (
        this.callRules({
          qualified: null,
          method: 'joinpath',
          receiver: a.kind === 'path' ? a : { kind: 'path', text: left ?? HOLE },
          args: [b],
          kwargs: new Map()
        }) ?? UNKNOWN
      );
    }
    if (op === '%' && a.kind === 'str') {
      const args = b.kind === 'list' ? b.items : [b];
      let i = 0;
      return str(replaceSpecifiers(a.text, spec => (spec === '%%' ? '%' : interpolate(args[i++]))));
    }
    return UNKNOWN;
  }

  private member(node: SyntaxNode): Value {
    const baseNode = node.firstChild!;
    const base = this.expr(baseNode);
    const op = baseNode.nextSibling;
    if (op?.name === '[') {
      const index = op.nextSibling ? this.expr(op.nextSibling) : UNKNOWN;
      return subscript(base, index);
    }
    const property = node.lastChild;
    if (!property || property.name !== 'PropertyName') {
      return UNKNOWN;
    }
    const bound = baseNode.name === 'VariableName' ? this._scope.vars.get(`${this.text(baseNode)}.${this.text(property)}`) : undefined;
    return bound ?? this.attribute(base, this.text(property));
  }

  attribute(base: Value, name: string): Value {
    if (isObject(base, INSTANCE) && base.data[name]) {
      return base.data[name];
    }
    for (const rule of this._rules) {
      const value = rule.attribute?.(base, name);
      if (value) {
        return value;
      }
    }
    return base.kind === 'symbol' ? { kind: 'symbol', name: `${base.name}.${name}` } : { kind: 'bound', self: base, name };
  }

  private call(node: SyntaxNode): Value {
    const calleeNode = node.firstChild!;
    const argList = node.getChild('ArgList');
    let site: CallSite;
    let callee: Value;
    if (calleeNode.name === 'MemberExpression' && calleeNode.lastChild?.name === 'PropertyName') {
      const base = this.expr(calleeNode.firstChild!);
      const method = this.text(calleeNode.lastChild);
      callee = this.attribute(base, method);
      site = { qualified: base.kind === 'symbol' ? `${base.name}.${method}` : null, method, receiver: base, args: [], kwargs: new Map() };
    } else {
      callee = this.expr(calleeNode);
      site = siteFor(callee);
    }
    if (argList) {
      this.arguments(argList, site);
    }
    if (callee.kind === 'function') {
      return this.callFunction(callee, site);
    }
    if (callee.kind === 'bound' && site.qualified === null) {
      site = { ...site, method: callee.name, receiver: callee.self };
    }
    return this.callRules(site) ?? UNKNOWN;
  }

  private callRules(site: CallSite): Value | undefined {
    let result: Value | undefined;
    for (const rule of this._rules) {
      const value = rule.call?.(site, this._context);
      result = result ?? value;
    }
    return result;
  }

  private arguments(argList: SyntaxNode, site: CallSite): void {
    for (let child = argList.firstChild; child; child = child.nextSibling) {
      if (child.name === '(' || child.name === ')' || child.name === ',') {
        continue;
      }
      if (child.name === 'VariableName' && child.nextSibling?.name === 'AssignOp') {
        const valueNode = child.nextSibling.nextSibling;
        site.kwargs.set(this.text(child), valueNode ? this.expr(valueNode) : UNKNOWN);
        child = valueNode ?? child.nextSibling;
      } else if (child.name === '**' || child.name === '*') {
        const spread = child.nextSibling ? this.expr(child.nextSibling) : UNKNOWN;
        if (child.name === '**' && spread.kind === 'dict') {
          spread.entries.forEach((v, k) => site.kwargs.set(k, v));
        } else if (child.name === '*' && spread.kind === 'list') {
          site.args.push(...spread.items);
        }
        child = child.nextSibling ?? child;
      } else {
        site.args.push(this.expr(child));
      }
    }
  }

  private callFunction(fn: Value & { kind: 'function' }, site: CallSite): Value {
    const memo = this._memo;
    // A lambda adds no depth: it is one expression, and MAX_EVALUATIONS still bounds the work.
    if ((this._depth >= MAX_CALL_DEPTH && fn.form !== 'lambda') || memo.evaluations >= MAX_EVALUATIONS) {
      return UNKNOWN;
    }
    if (fn.form === 'class' && !fn.node) {
      return object(INSTANCE);
    }
    if (!fn.node && !resolveLazyFunction(fn)) {
      return UNKNOWN;
    }
    const bound = fn.params.map((param, i) => site.kwargs.get(param) ?? site.args[i] ?? UNKNOWN);
    if (!memo.ids.has(fn)) {
      memo.ids.set(fn, memo.nextId++);
    }
    // A lambda reads the names around its call, and one passed as an argument carries them along:
    // neither call is the same twice for the same summarised arguments.
    const key =
      fn.form === 'lambda' || bound.some(value => value.kind === 'function') ? null : `${memo.ids.get(fn)}|${this._depth}|${bound.map(summarise).join('|')}`;
    const known = key === null ? undefined : memo.results.get(key);
    if (known) {
      known.effects.forEach(effect => this.replay(effect));
      return known.value;
    }
    memo.evaluations++;
    const effects: Effect[] = [];
    const context: RuleContext = {
      report: write => (effects.push({ kind: 'report', write }), this._context.report(write)),
      sql: text => (effects.push({ kind: 'sql', text }), this._context.sql(text)),
      shell: text => (effects.push({ kind: 'shell', text }), this._context.shell(text)),
      script: (file, sharesNames) => this._context.script(file, sharesNames),
      sparkTable: name => this._context.sparkTable(name)
    };
    const scope = this._scope.clone();
    fn.params.forEach((param, i) => scope.vars.set(param, bound[i]));
    const inner = new Evaluator({
      source: fn.source,
      scope,
      rules: this._rules,
      context,
      atLine: this._atLine,
      depth: this._depth + 1,
      memo
    });
    let value: Value;
    if (fn.form === 'lambda') {
      value = inner.expr(fn.node!);
    } else {
      inner.statement(fn.node!);
      value = fn.form === 'class' ? object(INSTANCE, inner.selfAttributes()) : (inner.returns.find(v => v.kind !== 'unknown') ?? UNKNOWN);
    }
    if (key !== null) {
      memo.results.set(key, { value, effects });
    }
    return value;
  }

  /** What `__init__` bound on `self`: `self.name = …` binds the dotted name `self.name`. */
  private selfAttributes(): Record<string, Value> {
    const data: Record<string, Value> = {};
    this._scope.vars.forEach((value, name) => {
      if (name.startsWith('self.') && name.indexOf('.', 5) === -1) {
        data[name.slice(5)] = value;
      }
    });
    return data;
  }

  private replay(effect: Effect): void {
    if (effect.kind === 'report') {
      this._context.report(effect.write);
    } else {
      this._context[effect.kind](effect.text);
    }
  }

  private items(node: SyntaxNode): SyntaxNode[] {
    return this.children(node).filter(n => !['(', ')', '[', ']', '{', '}', ','].includes(n.name));
  }

  private children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) {
      out.push(child);
    }
    return out;
  }

  private text(node: SyntaxNode): string {
    return this._source.slice(node.from, node.to);
  }

  lineOf(pos: number): number {
    let lo = 0;
    let hi = this._lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this._lineStarts[mid] <= pos) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo + 1;
  }

  private _source: string;
  private _scope: GuardScope;
  private _rules: Rule[];
  private _context: RuleContext;
  private _atLine: (line: number) => void;
  private _depth: number;
  private _lineStarts: number[];
  private _memo: CallMemo;
  /** What methods of the class being read bind on `self`, when inside one. */
  private _classAttributes?: Map<string, Value>;
}

function siteFor(callee: Value): CallSite {
  if (callee.kind === 'symbol') {
    const dot = callee.name.lastIndexOf('.');
    return {
      qualified: callee.name,
      method: callee.name.slice(dot + 1),
      receiver: dot === -1 ? null : { kind: 'symbol', name: callee.name.slice(0, dot) },
      args: [],
      kwargs: new Map()
    };
  }
  if (callee.kind === 'bound') {
    return { qualified: null, method: callee.name, receiver: callee.self, args: [], kwargs: new Map() };
  }
  return { qualified: null, method: '', receiver: callee, args: [], kwargs: new Map() };
}

function subscript(base: Value, index: Value): Value {
  if (base.kind === 'dict') {
    const key = textOf(index);
    return (key !== null && base.entries.get(key)) || UNKNOWN;
  }
  if (base.kind === 'list' && index.kind === 'number') {
    const i = index.value < 0 ? base.items.length + index.value : index.value;
    return base.items[i] ?? base.element ?? UNKNOWN;
  }
  if (base.kind === 'list' && base.element) {
    return base.element;
  }
  return UNKNOWN;
}
