import type { Readable } from 'node:stream';
import { SaxesParser } from 'saxes';

/** A small element tree: only the subtrees we ask for are ever built, so memory stays flat. */
export type XNode = { name: string; attrs: Record<string, string>; text: string; line: number; children: XNode[] };
export type Collected = { path: string; node: XNode };

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Streams an XML document and yields each element whose slash-joined path (from the root, local
 * names) is in `paths`, fully built, as soon as it closes. `onOpen` sees every start tag.
 */
export async function* collectElements(
  input: AsyncIterable<string> & Readable,
  paths: Set<string>,
  onOpen?: (path: string, attrs: Record<string, string>) => void,
): AsyncGenerator<Collected> {
  const parser = new SaxesParser({ position: true });
  const stack: string[] = [];
  const ready: Collected[] = [];
  let building: XNode[] = [];
  let rootPath = '';
  parser.on('opentag', (tag) => {
    const name = local(tag.name);
    stack.push(name);
    const path = stack.join('/');
    const attrs = tag.attributes as Record<string, string>;
    onOpen?.(path, attrs);
    if (building.length) {
      const node: XNode = { name, attrs, text: '', line: parser.line, children: [] };
      building[building.length - 1]!.children.push(node);
      building.push(node);
    } else if (paths.has(path)) {
      building = [{ name, attrs, text: '', line: parser.line, children: [] }];
      rootPath = path;
    }
  });
  const onText = (t: string) => {
    if (building.length) building[building.length - 1]!.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    stack.pop();
    const node = building.pop();
    if (node) node.text = node.text.trim();
    if (node && building.length === 0) ready.push({ path: rootPath, node });
  });
  try {
    for await (const chunk of input) {
      parser.write(chunk);
      while (ready.length) yield ready.shift()!;
    }
    parser.close();
    while (ready.length) yield ready.shift()!;
  } catch (err) {
    throw new Error(`the XML is not well-formed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The text of a child reached by a slash path ("Контрагенты/Контрагент/ИНН"), or undefined. */
export function childText(node: XNode, path: string): string | undefined {
  const t = child(node, path)?.text;
  return t === undefined || t === '' ? undefined : t;
}

export function child(node: XNode, path: string): XNode | undefined {
  let cur: XNode | undefined = node;
  for (const part of path.split('/')) {
    cur = cur?.children.find((c) => c.name === part);
    if (!cur) return undefined;
  }
  return cur;
}

export const childrenNamed = (node: XNode | undefined, name: string) => node?.children.filter((c) => c.name === name) ?? [];
