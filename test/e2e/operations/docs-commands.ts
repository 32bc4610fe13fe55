/**
 * Pulls the commands a reader would copy out of the Markdown documents:
 * every URL on the local service, every `METHOD /path` named in backticks,
 * every `npm run lineage -- …` call and every variable assignment.
 */

export interface DocumentedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly source: string;
}

export interface DocumentedCliCall {
  readonly command: string;
  readonly positionals: readonly string[];
  readonly flags: readonly string[];
  /** Flags followed by a value (`--since 2026-01-01`), to tell values from positionals. */
  readonly source: string;
}

/** Joins shell lines continued with a trailing backslash. */
function logicalLines(markdown: string): string[] {
  return markdown.replace(/\\\r?\n\s*/g, ' ').split(/\r?\n/);
}

const LOCAL_URL = /(?:https?:\/\/)?(?:localhost|127\.0\.0\.1):8080(\/[^\s'"`)<>\]]*)?/g;

export function documentedRequests(markdown: string, file: string): DocumentedRequest[] {
  const out: DocumentedRequest[] = [];
  for (const line of logicalLines(markdown)) {
    for (const match of line.matchAll(LOCAL_URL)) {
      if (match[1] === undefined) continue; // the bare host named in prose
      const path = match[1].split(/[?#]/)[0].replace(/[.,;:]+$/, '') || '/';
      let method = 'GET';
      if (/\bcurl\b/.test(line)) {
        const explicit = /(?:-X|--request)\s+['"]?([A-Z]+)/.exec(line)?.[1];
        method = explicit ?? (/\s(?:-d|--data(?:-raw|-binary|-urlencode)?|-F|--form|--json)[\s=]/.test(line) ? 'POST' : 'GET');
      }
      out.push({ method, path, source: `${file}: ${line.trim()}` });
    }
    for (const match of line.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]*)`/g)) {
      // Placeholders written {name} or :name stand for any one segment.
      const path = match[2].split(/[?#]/)[0].replace(/\{[^}/]+\}|:[A-Za-z_]\w*/g, 'placeholder');
      out.push({ method: match[1], path, source: `${file}: ${match[0]}` });
    }
  }
  return out;
}

function shellWords(text: string): string[] {
  const words: string[] = [];
  for (const m of text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3];
    if (m[3] !== undefined && /^(\||&&|;|>|>>|2>&1|#)/.test(m[3])) break;
    words.push(word);
  }
  return words;
}

export function documentedCliCalls(markdown: string, file: string, stringOptions: (command: string) => ReadonlySet<string>): DocumentedCliCall[] {
  const out: DocumentedCliCall[] = [];
  for (const line of logicalLines(markdown)) {
    for (const match of line.matchAll(/npm run lineage --(?=\s)([^`\n]*)/g)) {
      const words = shellWords(match[1]);
      const [command = '', ...rest] = words;
      const takesValue = stringOptions(command);
      const positionals: string[] = [];
      const flags: string[] = [];
      for (let i = 0; i < rest.length; i++) {
        const word = rest[i];
        if (word.startsWith('-')) {
          const name = word.replace(/^-+/, '').split('=')[0];
          flags.push(name);
          if (takesValue.has(name) && !word.includes('=')) i++;
        } else {
          positionals.push(word);
        }
      }
      out.push({ command, positionals, flags, source: `${file}: ${line.trim()}` });
    }
  }
  return out;
}

/** Names assigned in shell, .env, systemd `Environment=` or Kubernetes `env` (`- name: X`). */
export function assignedVariables(markdown: string): string[] {
  const names = new Set<string>();
  const blocks = [...markdown.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]);
  for (const block of blocks) {
    for (const m of block.matchAll(/(?:^|[\s"'=])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT)=/gm)) names.add(m[1]);
    for (const m of block.matchAll(/-\s+name:\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s*$/gm)) names.add(m[1]);
  }
  return [...names];
}
