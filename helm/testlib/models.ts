// Validates rendered objects against the Kubernetes, Prometheus Operator and Istio schemas
// of the kubernetes-models packages (the OpenAPI schemas of each API, compiled to ajv).
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service, ServiceAccount } from 'kubernetes-models/v1';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { WasmPlugin } from '@kubernetes-models/istio/extensions.istio.io/v1alpha1';
import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1';
import type { K8sObject } from './helm.js';

type Validatable = { validate(): void };
const MODELS: Record<string, (obj: any) => Validatable> = {
  'apps/v1/Deployment': (o) => new Deployment(o),
  'v1/Service': (o) => new Service(o),
  'v1/ServiceAccount': (o) => new ServiceAccount(o),
  'v1/ConfigMap': (o) => new ConfigMap(o),
  'autoscaling/v2/HorizontalPodAutoscaler': (o) => new HorizontalPodAutoscaler(o),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o),
  'networking.k8s.io/v1/NetworkPolicy': (o) => new NetworkPolicy(o),
  'monitoring.coreos.com/v1/ServiceMonitor': (o) => new ServiceMonitor(o),
  'extensions.istio.io/v1alpha1/WasmPlugin': (o) => new WasmPlugin(o),
  'security.istio.io/v1/AuthorizationPolicy': (o) => new AuthorizationPolicy(o),
};

/** Throws with the schema's message when the object is invalid or of an unknown kind. */
export function validateObject(obj: K8sObject): void {
  const model = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!model) throw new Error(`no schema for ${obj.apiVersion} ${obj.kind}: add its model to helm/testlib/models.ts`);
  model(structuredClone(obj)).validate();
}
