// The module boundaries are a checked fact only if lint really applies them: lint a cross-department
// import the way `npm test` does and expect the rule to refuse it.
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.join(__dirname, '..', '..', '..');

async function lintAs(relativePath: string, code: string) {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, relativePath) });
  return result.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
}

describe('module boundaries', () => {
  it('refuse a department importing another department', async () => {
    const messages = await lintAs('libs/education/src/boundary-probe.ts', "import { healthSubgraph } from '@hkp/health';\nexport const probe = healthSubgraph;\n");
    expect(messages).toEqual([expect.stringContaining('scope:education')]);
  });

  it('refuse the gateway importing a department', async () => {
    const messages = await lintAs('libs/gateway/src/boundary-probe.ts', "import { educationSubgraph } from '@hkp/education';\nexport const probe = educationSubgraph;\n");
    // Refused either for the tag or as a cycle (department tests start a gateway): refused is what counts.
    expect(messages).toHaveLength(1);
  });

  it('let a department use the shared libraries', async () => {
    const messages = await lintAs('libs/education/src/boundary-probe.ts', "import { buildFederatedSchema } from '@hkp/subgraph-kit';\nexport const probe = buildFederatedSchema;\n");
    expect(messages).toEqual([]);
  });
});
