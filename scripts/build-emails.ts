import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_MODULE_PATH, generateModuleSource } from '../shared/email/build-templates';

/** Compiles the MJML and text templates into shared/email/compiled.generated.ts. */
async function main(): Promise<void> {
  await writeFile(GENERATED_MODULE_PATH, await generateModuleSource());
  console.log(`wrote ${path.relative(process.cwd(), GENERATED_MODULE_PATH)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
