import { defineConfig, type Plugin } from 'vite';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const DSFR = resolve(__dirname, '../../node_modules/@codegouvfr/react-dsfr');
const ICONS_CSS = join(DSFR, 'dsfr/utility/icons/icons.css');
const USED_ICONS_ID = 'virtual:dsfr-used-icons.css';
const RESOLVED_USED_ICONS_ID = '/__dsfr-used-icons.css';

/** Every `fr-icon-*` class named in the files of `dir` (recursively) whose name passes `keep`. */
function iconClassesIn(dir: string, keep: (path: string) => boolean, into: Set<string>): Set<string> {
  if (!existsSync(dir)) return into;
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (keep(path + '/')) iconClassesIn(path, keep, into);
    } else if (keep(path)) {
      for (const m of readFileSync(path, 'utf8').matchAll(/fr-icon-[a-z0-9-]+/g)) into.add(m[0]);
    }
  }
  return into;
}

/**
 * The DSFR's icon utility classes, reduced to the icons the app uses. The full sheet inlines
 * some 1,500 SVG icons (≈1.5 MB of CSS to download and parse on every first visit); this keeps
 * the rules of the `fr-icon-*` classes named in our sources and in react-dsfr's components,
 * with their SVGs inlined as data URIs (the CSP allows `data:` images). Same idea as
 * react-dsfr's `only-include-used-icons`, without rewriting node_modules.
 */
function dsfrUsedIcons(): Plugin {
  return {
    name: 'dsfr-used-icons',
    enforce: 'pre',
    resolveId(id) {
      return id === USED_ICONS_ID ? RESOLVED_USED_ICONS_ID : undefined;
    },
    load(id) {
      if (id !== RESOLVED_USED_ICONS_ID) return undefined;
      const used = iconClassesIn(join(__dirname, 'src'), (p) => p.endsWith('/') || /\.(tsx?|css)$/.test(p), new Set());
      // react-dsfr's own components (Display, MegaMenu, Tooltip…), not its generated class list
      iconClassesIn(DSFR, (p) => (p.endsWith('/') ? !/\/(dsfr|fr|bin|src|node_modules|mui|next-app-router)\/$/.test(p) : p.endsWith('.js')), used);
      this.addWatchFile(ICONS_CSS);
      // comments, @charset and the (empty) @media blocks go; rules are flat `selectors { mask-image }`
      const css = readFileSync(ICONS_CSS, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/@charset[^;]*;/g, '')
        .replace(/@media[^{]*\{\s*\}/g, '');
      const out: string[] = [];
      for (const m of css.matchAll(/([^{}@]+)\{([^{}]*)\}/g)) {
        const selectors = m[1].trim();
        // `fr-fi-*` are the legacy names of the same icons: never used here
        const classes = selectors.match(/fr-(?:icon|fi)-[a-z0-9-]+/g) ?? [];
        if (classes.length && !classes.some((c) => used.has(c))) continue;
        const body = m[2].replace(/url\("([^"]+\.svg)"\)/g, (_all, rel: string) => {
          const svg = readFileSync(resolve(dirname(ICONS_CSS), rel), 'utf8');
          return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg).replace(/'/g, '%27')}")`;
        });
        out.push(`${selectors}{${body}}`);
      }
      return out.join('\n');
    },
  };
}

// The web app, built into dist/web and served at `/` by the all-in-one start.
export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [dsfrUsedIcons()],
  resolve: {
    // the browser-safe modules of libs/contracts, by file (the HTTP-draft protocol client, the saved-edits tracker)
    alias: [{ find: /^@app\/contracts\/(.*)$/, replacement: resolve(__dirname, '../../libs/contracts/src/$1') }],
  },
  build: {
    outDir: resolve(__dirname, '../../dist/web'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      onwarn(warning, warn) {
        // react-dsfr marks client components with "use client", meaningless in a SPA bundle
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/collab': { target: 'ws://localhost:3000', ws: true },
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
