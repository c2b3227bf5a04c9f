// A small parser for XML property lists (Apple's PropertyList-1.0 DTD), enough for managed
// preferences: dict, array, string, integer, real, true, false (data and date are kept as
// strings). Binary plists are converted to XML first (`plutil -convert xml1`).

export class PlistError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlistError';
  }
}

type Token = { kind: 'open' | 'close' | 'empty'; name: string } | { kind: 'text'; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const named = ENTITIES[e];
    if (named === undefined) throw new PlistError(`Unknown entity ${whole}`);
    return named;
  });
}

function tokenize(xml: string): Token[] {
  const tokens: Token[] = [];
  // Drop the prolog, doctype and comments; they carry no values.
  const body = xml.replace(/<\?[\s\S]*?\?>/g, '').replace(/<!DOCTYPE[\s\S]*?>/gi, '').replace(/<!--[\s\S]*?-->/g, '');
  const re = /<(\/?)([A-Za-z][\w.-]*)[^>]*?(\/?)>|([^<]+)/g;
  for (const m of body.matchAll(re)) {
    if (m[4] !== undefined) tokens.push({ kind: 'text', text: decodeEntities(m[4]) });
    else if (m[1] === '/') tokens.push({ kind: 'close', name: m[2]! });
    else tokens.push({ kind: m[3] === '/' ? 'empty' : 'open', name: m[2]! });
  }
  // Blank text is layout, except as the whole content of an element (<string> </string>).
  return tokens.filter((t, i) => {
    if (t.kind !== 'text' || t.text.trim() !== '') return true;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    return before?.kind === 'open' && after?.kind === 'close' && after.name === before.name;
  });
}

export function parsePlistXml(xml: string): unknown {
  const tokens = tokenize(xml);
  let i = 0;
  const next = (): Token => {
    const t = tokens[i++];
    if (!t) throw new PlistError('Unexpected end of plist');
    return t;
  };
  const expectClose = (name: string) => {
    const t = next();
    if (t.kind !== 'close' || t.name !== name) throw new PlistError(`Expected </${name}>`);
  };
  const textUntilClose = (name: string): string => {
    let text = '';
    if (tokens[i]?.kind === 'text') text = (next() as { text: string }).text;
    expectClose(name);
    return text;
  };

  const value = (): unknown => {
    const t = next();
    if (t.kind === 'empty') {
      if (t.name === 'true') return true;
      if (t.name === 'false') return false;
      if (t.name === 'string') return '';
      if (t.name === 'dict') return {};
      if (t.name === 'array') return [];
      throw new PlistError(`Unexpected <${t.name}/>`);
    }
    if (t.kind !== 'open') throw new PlistError('Expected a value');
    switch (t.name) {
      case 'string':
      case 'data':
      case 'date':
        return textUntilClose(t.name);
      case 'integer': {
        const text = textUntilClose('integer').trim();
        if (!/^[+-]?\d+$/.test(text)) throw new PlistError(`Bad integer "${text}"`);
        return Number(text);
      }
      case 'real': {
        const n = Number(textUntilClose('real').trim());
        if (!Number.isFinite(n)) throw new PlistError('Bad real');
        return n;
      }
      case 'true':
        expectClose('true');
        return true;
      case 'false':
        expectClose('false');
        return false;
      case 'array': {
        const items: unknown[] = [];
        while (tokens[i]?.kind !== 'close') items.push(value());
        expectClose('array');
        return items;
      }
      case 'dict': {
        const dict: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
        while (tokens[i]?.kind !== 'close') {
          const keyOpen = next();
          if (keyOpen.kind !== 'open' || keyOpen.name !== 'key') throw new PlistError('Expected <key> in <dict>');
          const key = textUntilClose('key');
          dict[key] = value();
        }
        expectClose('dict');
        return { ...dict };
      }
      default:
        throw new PlistError(`Unsupported element <${t.name}>`);
    }
  };

  const root = next();
  if (root.kind !== 'open' || root.name !== 'plist') throw new PlistError('Not a plist');
  const result = value();
  expectClose('plist');
  if (i !== tokens.length) throw new PlistError('Trailing content after the plist');
  return result;
}
