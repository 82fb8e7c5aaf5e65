import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { emailSamples, renderSample } from '../shared/email/samples';

/** Where previews go; `out/` is ignored by git. */
const OUT_DIR = path.join(process.cwd(), 'out', 'email-previews');

const indexTemplate = Handlebars.compile(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Email previews</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:720px;margin:2rem auto;padding:0 1rem}li{margin:.5rem 0}code{color:#666}</style>
</head><body><h1>Email previews</h1><ul>
{{#each rows}}<li><a href="{{id}}.html">{{subject}}</a> · <a href="{{id}}.txt">text</a> <code>{{kind}}</code></li>
{{/each}}</ul></body></html>
`);

/** Writes every sample as `<id>.html` and `<id>.txt`, plus an index linking them. */
async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const rows = await Promise.all(
    emailSamples.map(async (sample) => {
      const email = renderSample(sample);
      await writeFile(path.join(OUT_DIR, `${sample.id}.html`), email.html);
      await writeFile(path.join(OUT_DIR, `${sample.id}.txt`), `Subject: ${email.subject}\n\n${email.text}`);
      return { id: sample.id, kind: sample.kind, subject: email.subject };
    }),
  );
  await writeFile(path.join(OUT_DIR, 'index.html'), indexTemplate({ rows }));
  console.log(`wrote ${rows.length} previews to ${path.relative(process.cwd(), OUT_DIR)}/index.html`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
