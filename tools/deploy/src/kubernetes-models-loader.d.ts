/** A model class of kubernetes-models: `new Deployment(object).validate()` throws on a schema violation. */
export type KubernetesModelClass = new (data: object) => { validate(): void };

/** The models of one API group version: `v1`, `apps/v1`, `networking.k8s.io/v1` … */
export function loadKubernetesModels(apiVersion: string): Promise<Record<string, KubernetesModelClass | undefined>>;
