import { analyzeApkbuild, ARCH_TRIPLETS } from '../apkbuild';
import { modelToJson, modelValues } from '../apkbuild/model-json';
import { readApkbuildFile, type CliIo } from './io';
import { reportEvaluationStop } from './harden-file';
import { summarizeModel } from './summary';

export interface ParseFlags {
  values: boolean;
  json: boolean;
  carch: string;
}

/** `apkharden parse FILE... [--values|--json] [--carch ARCH]`. Exit 0, or 2 when a file cannot be read. */
export function runParse(files: string[], flags: ParseFlags, io: CliIo): number {
  if (files.length === 0) return io.usage('parse needs at least one APKBUILD file');
  if (!(flags.carch in ARCH_TRIPLETS))
    return io.usage(
      `unknown --carch '${flags.carch}' (one of ${Object.keys(ARCH_TRIPLETS).join(', ')})`,
    );
  let status = 0;
  for (const file of files) {
    const loaded = readApkbuildFile(file);
    if (!loaded.ok) {
      io.error(loaded.message);
      status = 2;
      continue;
    }
    const model = analyzeApkbuild(loaded.text, { carch: flags.carch, startdir: loaded.startdir });
    for (const d of model.syntaxDiagnostics) {
      const at = model.lines.positionAt(d.start);
      io.error(`${file}:${at.line + 1}:${at.character + 1}: syntax: ${d.message}`);
    }
    reportEvaluationStop(file, model, io);
    if (flags.values) io.print(JSON.stringify(modelValues(model)));
    else if (flags.json) io.print(JSON.stringify(modelToJson(model), null, 2));
    else io.print(summarizeModel(file, model));
  }
  return status;
}
