import { parse, parseAllDocuments } from 'yaml';
import { DEPARTMENTS, type DepartmentManifestEntry } from '@hkp/departments';
import { deploymentModel } from './deployment-model';
import { exposeLine, generatedFiles } from './generated-files';
import { GENERATED_MARK } from './generated-header';

const agriculture: DepartmentManifestEntry = {
  name: 'agriculture',
  code: 'AGRICULTURE',
  body: '广东省农业农村厅',
  port: 4007,
  databaseSchema: 'agriculture',
  fieldPrefix: 'agriculture',
  typeName: 'AgricultureMeasure',
  theme: null,
  role: 'department',
};

describe('deployment files for a department added to the manifest', () => {
  let files: Map<string, string>;
  beforeAll(async () => {
    files = new Map((await generatedFiles(deploymentModel([...DEPARTMENTS, agriculture]))).map((f) => [f.path, f.content]));
  });
  const file = (path: string) => {
    const content = files.get(path);
    if (content === undefined) throw new Error(`${path} is not generated`);
    return content;
  };

  it('runs it in docker/compose.yaml, where the others find it and the gateway waits for it', () => {
    const compose = parse(file('docker/compose.yaml'), { merge: true }) as {
      services: Record<
        string,
        { environment: Record<string, string>; depends_on?: Record<string, unknown>; build?: { args: { APP: string } } }
      >;
    };
    expect(compose.services['agriculture']?.build?.args.APP).toBe('agriculture');
    expect(compose.services['programme']?.environment['AGRICULTURE_URL']).toBe('http://agriculture:4007/graphql');
    expect(compose.services['gateway']?.depends_on).toHaveProperty('agriculture');
  });

  it('exposes its port in the Dockerfile', () => {
    expect(file('docker/Dockerfile')).toContain('\nEXPOSE 4000-4007\n');
  });

  it('gives it a Deployment, Service, budget, autoscaler and NetworkPolicy, its URL, its database key and its image', () => {
    const kinds = parseAllDocuments(file('deploy/k8s/base/agriculture.yaml')).map((d) => (d.toJS() as { kind: string }).kind);
    expect(kinds).toEqual(['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy']);
    expect(file('deploy/k8s/base/kustomization.yaml')).toContain('- agriculture.yaml');
    expect(file('deploy/k8s/base/config.yaml')).toContain('AGRICULTURE_URL: http://agriculture:4007/graphql');
    expect(file('deploy/k8s/overlays/production/database.env.example')).toContain('AGRICULTURE_DATABASE_URL=');
    expect(file('deploy/k8s/overlays/development/kustomization.yaml')).toContain('AGRICULTURE_DATABASE_URL=');
    expect(file('deploy/k8s/overlays/production/kustomization.yaml')).toContain('newName: registry.example.org/hkp/agriculture');
    // The office's catalog follows its feed: programme may call it.
    expect(file('deploy/k8s/base/agriculture.yaml')).toMatch(
      /from:\n(\s+- podSelector:\n\s+matchLabels:\n\s+app.kubernetes.io\/name: (gateway|programme)\n\s+app.kubernetes.io\/part-of: hkp\n){2}/,
    );
  });

  it('says at the top of each generated file that it is generated, and by what', () => {
    for (const [path, content] of files)
      if (path !== 'docker/Dockerfile') expect([path, content.includes(GENERATED_MARK)]).toEqual([path, true]);
  });
});

describe('the EXPOSE line', () => {
  it('is a range when the ports follow each other, else a list', () => {
    expect(exposeLine(deploymentModel())).toBe('EXPOSE 4000-4006');
    expect(exposeLine(deploymentModel([...DEPARTMENTS, { ...agriculture, port: 4100 }]))).toBe(
      'EXPOSE 4000 4001 4002 4003 4004 4005 4006 4100',
    );
  });
});
