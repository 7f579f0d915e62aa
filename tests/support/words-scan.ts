/**
 * Source scans for the catalog of words (docs/i18n.md): which catalog keys a
 * file reads, and which words a console component still writes itself.
 */
import ts from 'typescript';

/** Sample arguments for the catalog's functions, by arity and position. */
const SAMPLE_ARGS: unknown[] = [4, 6];

/** Every leaf of a catalog as [path, value]; functions are called with sample arguments. */
export function leaves(node: unknown, path = ''): [string, unknown][] {
  if (typeof node === 'function') {
    const args = Array.from({ length: node.length }, (_, i) => (node.length === 2 && typeof SAMPLE_ARGS[i] === 'number' ? SAMPLE_ARGS[i] : i === 0 ? 'X' : 'Y'));
    return [[`${path}()`, (node as (...a: unknown[]) => unknown)(...args)]];
  }
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [[path, node]];
}

/** The keys of a catalog as a tree of paths (functions are leaves). */
export function paths(node: unknown, path = ''): string[] {
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => paths(v, path ? `${path}.${k}` : k));
  return [path];
}

/** Keys a file reads from its catalog section: `t.<key>` (the convention docs/i18n.md asks for). */
export function keysRead(source: string, variable = 't'): string[] {
  const re = new RegExp(`(?<![\\w.])${variable}\\.([A-Za-z_$][\\w$]*)`, 'g');
  return [...new Set([...source.matchAll(re)].map((m) => m[1]!))];
}

/** Attributes a person reads or hears (a screen reader reads aria-*). */
const SPOKEN_ATTRIBUTES = new Set(['title', 'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'placeholder', 'alt', 'label']);

const hasWord = (s: string) => /[A-Za-z]{2,}/.test(s);

/**
 * Words a .tsx file writes itself instead of reading them from the catalog:
 * JSX text, a spoken attribute given as a literal, and a string (or template
 * head) placed straight into JSX, also as a branch of `a ? 'x' : 'y'` or
 * `a && 'x'`. Each as "line: text".
 */
export function literalWords(source: string, fileName = 'x.tsx'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const out: string[] = [];
  const report = (node: ts.Node, text: string) => out.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${text.trim().replace(/\s+/g, ' ')}`);
  const literalIn = (e: ts.Expression): void => {
    if (ts.isParenthesizedExpression(e)) return literalIn(e.expression);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) {
      if (hasWord(e.text)) report(e, e.text);
    } else if (ts.isTemplateExpression(e)) {
      const parts = [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].join(' ');
      if (hasWord(parts)) report(e, parts);
    } else if (ts.isConditionalExpression(e)) {
      literalIn(e.whenTrue);
      literalIn(e.whenFalse);
    } else if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      literalIn(e.right);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && hasWord(node.text)) report(node, node.text);
    else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) literalIn(node.expression);
    else if (ts.isJsxAttribute(node) && SPOKEN_ATTRIBUTES.has(node.name.getText(file)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (hasWord(node.initializer.text)) report(node, `${node.name.getText(file)}="${node.initializer.text}"`);
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) literalIn(node.initializer.expression);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/**
 * Word maps by language written outside the catalog: an object literal with
 * both an `en` and an `es` property whose `en` is written there (a string, a
 * template or an object literal; not a value read from the catalog or the
 * content): a second catalog in the making. Each as "line: en/es".
 */
export function languageMaps(source: string, fileName = 'x.ts'): string[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const byName = new Map(node.properties.map((p) => [p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : '', p]));
      const en = byName.get('en');
      const written = en && ts.isPropertyAssignment(en) && (ts.isStringLiteralLike(en.initializer) || ts.isTemplateExpression(en.initializer) || ts.isObjectLiteralExpression(en.initializer));
      if (byName.has('es') && written) out.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: en/es`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}
