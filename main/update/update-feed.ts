// Reads resources/app-update.yml, the update-feed settings electron-builder writes into a
// packaged app (from the `publish` option) and electron-updater follows. Parley reads it too,
// before turning auto-update on: the feed must be HTTPS, and on Windows it must name the
// publisher, because electron-updater skips the Authenticode check of a downloaded installer
// when no publisher name is configured.
//
// The file is YAML as js-yaml's dump() writes it: top-level `key: scalar` lines and block lists
// (`key:` then `  - item`). Anything else is refused (null), which keeps auto-update off.

export interface UpdateFeedConfig {
  provider: string;
  url: string | null;
  /** Subject names an update's Authenticode signature must match (Windows). */
  publisherNames: string[];
}

function unquote(raw: string): string | null {
  const value = raw.trim();
  if (value.startsWith("'")) {
    if (!value.endsWith("'") || value.length < 2) return null;
    return value.slice(1, -1).replaceAll("''", "'");
  }
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) return null;
    try {
      return JSON.parse(value) as string;
    } catch {
      return null;
    }
  }
  // Flow collections, anchors, tags and block scalars: not something this file ever holds.
  if (/^[{[&*!|>%@`]/.test(value)) return null;
  return value;
}

/** Top-level scalars and block lists of js-yaml's dump() output, or null for anything else. */
function parseSimpleYaml(text: string): Map<string, string | string[]> | null {
  const result = new Map<string, string | string[]>();
  let openList: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item) {
      const value = unquote(item[1]!);
      if (!openList || value === null) return null;
      openList.push(value);
      continue;
    }
    const entry = /^([A-Za-z][A-Za-z0-9_]*):(?:\s+(.*))?$/.exec(line);
    if (!entry) return null;
    const key = entry[1]!;
    if (entry[2] === undefined || entry[2].trim() === '') {
      openList = [];
      result.set(key, openList);
    } else {
      openList = null;
      const value = unquote(entry[2]);
      if (value === null) return null;
      result.set(key, value);
    }
  }
  return result;
}

export function parseUpdateFeedConfig(text: string): UpdateFeedConfig | null {
  const fields = parseSimpleYaml(text);
  if (!fields) return null;
  const provider = fields.get('provider');
  if (typeof provider !== 'string' || provider === '') return null;
  const url = fields.get('url');
  if (Array.isArray(url)) return null;
  const publisher = fields.get('publisherName');
  const publisherNames = (publisher === undefined ? [] : Array.isArray(publisher) ? publisher : [publisher]).filter(
    (name) => name.trim() !== '',
  );
  return { provider, url: url ?? null, publisherNames };
}
