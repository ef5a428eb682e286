// Checks the chart and the manifests under k8s/ without a cluster: CRD up to date, helm lint,
// renders with every values file validated object by object, samples and chaos experiments
// validated, and the committed render current. `--write` rewrites the committed render.
// Usage: node --import tsx scripts/chart-check.ts [--write]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  RENDERED_FILE,
  ROOT,
  ciValuesFiles,
  countByKind,
  lintChart,
  parseManifests,
  readManifests,
  renderCases,
  renderChart,
  renderedFileText,
} from './chart-render.js';
import { staleCrdFiles } from './gen-crd.js';
import { k8sFiles, k8sValidator } from './k8s-files.js';
import { ManifestValidator, describeObject, type Manifest } from './manifest-validate.js';
import { formatIssues } from './openapi-validate.js';

class Report {
  readonly failures: string[] = [];
  readonly notes: string[] = [];
  readonly counts = new Map<string, number>();

  check(where: string, objects: readonly Manifest[], validator: ManifestValidator): void {
    for (const object of objects)
      if (object.kind === 'CustomResourceDefinition') validator.addCrd(object);
    for (const object of objects) {
      const issues = validator.validate(object);
      if (issues.length > 0) {
        const detail = formatIssues(issues).replaceAll('\n', '\n    ');
        this.failures.push(`${where}: ${describeObject(object)}:\n    ${detail}`);
      }
      this.counts.set(object.kind, (this.counts.get(object.kind) ?? 0) + 1);
    }
  }

  guard(where: string, step: () => void): void {
    try {
      step();
    } catch (error) {
      // Each step's failure is reported and the others still run, so one pass shows every error.
      this.failures.push(`${where}: ${(error as Error).message}`);
    }
  }
}

function checkRenders(report: Report): void {
  for (const renderCase of renderCases()) {
    report.guard(renderCase.name, () => {
      const objects = parseManifests(renderChart(renderCase.args), renderCase.name);
      report.check(`render ${renderCase.name}`, objects, new ManifestValidator());
      const kinds = Object.entries(countByKind(objects)).map(([kind, n]) => `${kind} ${n}`);
      report.notes.push(`rendered ${renderCase.name}: ${kinds.join(', ')}`);
    });
  }
}

function checkK8sFiles(report: Report): void {
  for (const file of [...k8sFiles('samples'), ...k8sFiles('chaos')]) {
    report.guard(file, () => {
      report.check(file, readManifests(file), k8sValidator());
    });
  }
}

async function main(args: readonly string[]): Promise<number> {
  const report = new Report();
  for (const file of await staleCrdFiles()) {
    report.failures.push(`${file}: out of date; run node --import tsx scripts/gen-crd.ts`);
  }
  report.guard('helm lint', () => lintChart());
  for (const file of ciValuesFiles())
    report.guard(`helm lint ${file}`, () => lintChart(['--values', file]));
  checkRenders(report);
  checkK8sFiles(report);
  report.guard(RENDERED_FILE, () => {
    const expected = renderedFileText();
    if (args.includes('--write')) writeFileSync(join(ROOT, RENDERED_FILE), expected);
    else if (readFileSync(join(ROOT, RENDERED_FILE), 'utf8') !== expected) {
      throw new Error('differs from the default render; run chart-check with --write');
    }
  });

  for (const note of report.notes) console.log(note);
  console.log('objects validated, by kind (all renders and k8s/ files):');
  for (const [kind, n] of [...report.counts].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`  ${kind.padEnd(28)} ${n}`);
  }
  for (const failure of report.failures) console.error(`FAIL ${failure}`);
  console.log(
    report.failures.length === 0 ? 'chart check passed' : `${report.failures.length} failed`,
  );
  return report.failures.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
