import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { columnDictionaryMarkdown } from './columnDictionaryMarkdown.ts';

// `npm run docs:columns`: print the column dictionary into src/io/README.md.
const target = fileURLToPath(new URL('README.md', import.meta.url));
writeFileSync(target, columnDictionaryMarkdown());
console.log(`wrote ${target}`);
