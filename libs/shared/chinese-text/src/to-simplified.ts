import { Converter, CustomConverter } from 'opencc-js';

// Hong Kong → mainland rather than Taiwan → mainland: on the seeds the two differ only on 著, and the Taiwan
// table rewrites 著 → 着 everywhere, which corrupts text already in Simplified (显著 → 显着). The Hong Kong
// table leaves every 著 alone, so the few phrases where Traditional 著 is Simplified 着 are fixed below.
// Both converters are built once: building one parses the whole dictionary.
const hongKongToMainland = Converter({ from: 'hk', to: 'cn' });

// Runs after the conversion, so keys are already Simplified. The identity entries stop the longest match
// from splitting words where 著 is correct (显著力量 must not become 显着力量).
const zheParticle = CustomConverter([
  ['著力', '着力'],
  ['向著', '向着'],
  ['朝著', '朝着'],
  ['沿著', '沿着'],
  ['随著', '随着'],
  ['接著', '接着'],
  ['意味著', '意味着'],
  ['著眼', '着眼'],
  ['著重', '着重'],
  ['著手', '着手'],
  ['显著', '显著'],
  ['卓著', '卓著'],
  ['著名', '著名'],
  ['著作', '著作'],
  ['著称', '著称'],
]);

/** Traditional (and mixed) Chinese → Simplified; text already in Simplified comes back unchanged. */
export function toSimplified(text: string): string {
  return zheParticle(hongKongToMainland(text));
}
