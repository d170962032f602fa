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
    const messages = await lintAs(
      'libs/education/src/boundary-probe.ts',
      "import { healthSubgraph } from '@hkp/health';\nexport const probe = healthSubgraph;\n",
    );
    expect(messages).toEqual([expect.stringContaining('scope:education')]);
  });

  it('refuse the gateway importing a department', async () => {
    const messages = await lintAs(
      'libs/gateway/src/boundary-probe.ts',
      "import { educationSubgraph } from '@hkp/education';\nexport const probe = educationSubgraph;\n",
    );
    // Refused either for the tag or as a cycle (department tests start a gateway): refused is what counts.
    expect(messages).toHaveLength(1);
  });

  it('let a department use the shared libraries', async () => {
    const messages = await lintAs(
      'libs/education/src/boundary-probe.ts',
      "import { buildFederatedSchema } from '@hkp/subgraph-kit';\nexport const probe = buildFederatedSchema;\n",
    );
    expect(messages).toEqual([]);
  });

  // The test helpers may import every department; a department's source using them could reach another.
  const TESTING_PROBE = "import { createTestDatabase } from '@hkp/testing';\nexport const probe = createTestDatabase;\n";

  it('refuse the test helpers in the source of a department, a shared library or a tool', async () => {
    for (const file of [
      'libs/education/src/boundary-probe.ts',
      'apps/education/src/boundary-probe.ts',
      'libs/shared/policy-model/src/boundary-probe.ts',
      'tools/compose/src/boundary-probe.ts',
    ]) {
      // Refused for the tag : each is told what it may depend on.
      expect({ file, messages: await lintAs(file, TESTING_PROBE) }).toEqual({
        file,
        messages: [expect.stringMatching(/can only depend on/)],
      });
    }
  });

  it('let tests, the end-to-end suite and the benchmark use the test helpers', async () => {
    for (const file of [
      'libs/education/src/boundary-probe.spec.ts',
      'libs/education/src/boundary-probe.e2e.ts',
      'libs/shared/chinese-text/src/boundary-probe.spec.ts',
      'apps/gateway-e2e/src/boundary-probe.ts',
      'tools/bench/src/boundary-probe.ts',
    ]) {
      expect({ file, messages: await lintAs(file, TESTING_PROBE) }).toEqual({ file, messages: [] });
    }
  });
});
