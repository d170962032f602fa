import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubernetesModels } from './kubernetes-models-loader';
import { buildKustomization, strategicMerge } from './kustomize-lite';

describe('the Kustomize build of npm test', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'hkp-kustomize-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  it('refuses a kustomization field it does not apply, instead of building something else than Kustomize would', () => {
    write('kustomization.yaml', 'resources: []\ncommonLabels: { team: x }\n');
    expect(() => buildKustomization(dir)).toThrow('commonLabels not supported by this build; run kubectl kustomize.');
  });

  it('merges containers by name and replaces plain lists, as a strategic merge patch does', () => {
    const base = {
      spec: {
        containers: [
          { name: 'a', image: 'x', args: ['1'] },
          { name: 'b', image: 'y' },
        ],
      },
    };
    const patch = { spec: { containers: [{ name: 'a', args: ['2'] }] } };
    expect(strategicMerge(base, patch)).toEqual({
      spec: {
        containers: [
          { name: 'a', image: 'x', args: ['2'] },
          { name: 'b', image: 'y' },
        ],
      },
    });
  });

  it('applies namespace, replicas, images, patches and generated Secrets', () => {
    write(
      'app.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{ name: app, image: hkp/app }]\n',
    );
    write('patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: app }\nspec: { revisionHistoryLimit: 1 }\n');
    write(
      'kustomization.yaml',
      [
        'namespace: ns',
        'resources: [app.yaml]',
        'replicas: [{ name: app, count: 3 }]',
        'images: [{ name: hkp/app, newName: reg/app, newTag: "1.0" }]',
        'patches: [{ path: patch.yaml }]',
        'secretGenerator: [{ name: s, literals: [A=b=c] }]',
      ].join('\n'),
    );
    const [app, secret] = buildKustomization(dir);
    expect(app).toMatchObject({
      metadata: { name: 'app', namespace: 'ns' },
      spec: { replicas: 3, revisionHistoryLimit: 1, template: { spec: { containers: [{ image: 'reg/app:1.0' }] } } },
    });
    expect(secret).toMatchObject({
      kind: 'Secret',
      metadata: { name: 's', namespace: 'ns' },
      data: { A: Buffer.from('b=c').toString('base64') },
    });
  });
});

describe('validation against the Kubernetes schemas', () => {
  it('reports an object that breaks the schema', async () => {
    const { PodDisruptionBudget } = await loadKubernetesModels('policy/v1');
    const budget = (spec: object) => new PodDisruptionBudget!({ metadata: { name: 'x' }, spec });
    expect(() => budget({ maxUnavailable: 1, selector: { matchLabels: { a: 'b' } } }).validate()).not.toThrow();
    expect(() => budget({ maxUnavailable: 1, selector: { matchLabels: 'a=b' } }).validate()).toThrow();
  });
});
