// `npm run bench`: prints the numbers behind the product's speed goals. Benchmarks measure;
// they never pass or fail. Each area's benchmark lives beside this file.

import { runChatPanelBench } from './chatPanelBench';
import { runMarkdownBench } from './markdownBench';
import { runPatchBench } from './patchBench';

const only = process.argv[2];

async function main(): Promise<void> {
  console.log(`Codewright benchmarks — Node ${process.version}, ${new Date().toISOString()}\n`);
  if (!only || only === 'patch') {
    console.log('## apply_patch engine (parse + plan)\n');
    await runPatchBench();
    console.log('');
  }
  if (!only || only === 'markdown') {
    console.log('## Chat rendering: incremental markdown vs re-render-everything\n');
    await runMarkdownBench();
    console.log('');
  }
  if (!only || only === 'panel') {
    console.log('## Chat panel with a long conversation (headless Chromium)\n');
    await runChatPanelBench();
    console.log('');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
