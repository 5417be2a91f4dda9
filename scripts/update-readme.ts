// Rewrites the generated sections of README.md (rule catalogue, settings) from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { applySections, generatedSections } from '../src/docs/readme-sections.js';

const path = new URL('../README.md', import.meta.url);
writeFileSync(path, applySections(readFileSync(path, 'utf8'), generatedSections()));
console.log('README.md updated');
