/**
 * Every object the install and Reloader expose is a plain ApiObject: a JSON patch lands in the
 * manifest verbatim, including fields no typed mapping knows (the L1 `Kube*` classes would drop
 * or mangle them, see cdk8s#2172).
 */
import { ApiObject, Duration, JsonPatch, Testing } from 'cdk8s';
import { CertManager, Reloader } from '../../src';
import { synth } from '../harness/manifests';

function fullInstall() {
  const chart = Testing.chart();
  const cm = new CertManager(chart, 'CertManager', {
    networkPolicies: true,
    serviceMonitor: { interval: Duration.seconds(60) },
    controller: { config: { kubernetesAPIQPS: 50 } },
  });
  return { chart, cm };
}

/** Every ApiObject a CertManager exposes, by property name. */
function exposedObjects(cm: CertManager): Record<string, ApiObject> {
  const out: Record<string, ApiObject> = {};
  for (const [key, value] of Object.entries(cm)) {
    if (value instanceof ApiObject) out[key] = value;
    if (Array.isArray(value) && value.every((v) => v instanceof ApiObject)) {
      value.forEach((v: ApiObject, i: number) => { out[`${key}[${i}]`] = v; });
    }
  }
  return out;
}

describe('the issue\'s three patches land verbatim', () => {
  const { chart, cm } = fullInstall();
  cm.controllerDeployment.addJsonPatch(JsonPatch.add('/spec/strategy', { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } }));
  cm.cainjectorDeployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources/limits/memory', '1Gi'));
  const m = synth(chart);

  test('maxSurge 0 stays 0', () => {
    expect(m.get('Deployment', 'cert-manager').spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } });
  });

  test('a replaced quantity keeps its value', () => {
    expect(m.get('Deployment', 'cert-manager-cainjector').spec.template.spec.containers[0].resources.limits.memory).toBe('1Gi');
  });

  test('a field no schema knows survives (read without the schema harness, which would reject it)', () => {
    const { cm: other } = fullInstall();
    other.controllerDeployment.addJsonPatch(JsonPatch.add('/spec/template/spec/someFutureField', true));
    expect(other.controllerDeployment.toJson().spec.template.spec.someFutureField).toBe(true);
  });
});

describe('every exposed object takes patches verbatim', () => {
  test('the install exposes each of its objects, and none re-serialises', () => {
    const { cm } = fullInstall();
    const objects = exposedObjects(cm);
    expect(Object.keys(objects).sort()).toEqual(expect.arrayContaining([
      'cainjectorDeployment', 'cainjectorDisruptionBudget', 'cainjectorNetworkPolicies[0]', 'cainjectorNetworkPolicies[1]',
      'cainjectorService', 'cainjectorServiceAccount', 'clusterRoleBindings[0]', 'clusterRoles[0]', 'controllerConfigMap',
      'controllerDeployment', 'controllerDisruptionBudget', 'controllerNetworkPolicies[0]', 'controllerService',
      'controllerServiceAccount', 'mutatingWebhookConfiguration', 'namespaceObject', 'roleBindings[0]', 'roles[0]',
      'serviceMonitor', 'validatingWebhookConfiguration', 'webhookDeployment', 'webhookDisruptionBudget',
      'webhookNetworkPolicies[0]', 'webhookService', 'webhookServiceAccount',
    ]));
    // Each object of the install (apart from the CRDs, exposed by CertManagerCrds) is exposed.
    const exposed = new Set(Object.values(objects));
    const all = cm.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind !== 'CustomResourceDefinition');
    expect(all.filter((o) => !exposed.has(o)).map((o) => o.node.path)).toEqual([]);

    for (const [key, obj] of Object.entries(objects)) {
      obj.addJsonPatch(JsonPatch.add('/metadata/annotations', { patched: key }));
      obj.addJsonPatch(JsonPatch.add('/unknownTopLevelField', { maxSurge: 0, memory: '1Gi' }));
      const json = obj.toJson();
      expect({ key, annotations: json.metadata.annotations, unknown: json.unknownTopLevelField })
        .toEqual({ key, annotations: { patched: key }, unknown: { maxSurge: 0, memory: '1Gi' } });
    }
  });

  test('a patch on every exposed object lands in the synthesized manifests', () => {
    const { chart, cm } = fullInstall();
    const objects = exposedObjects(cm);
    for (const [key, obj] of Object.entries(objects)) {
      obj.addJsonPatch(JsonPatch.add('/metadata/labels/patched', key.replace(/[[\]]/g, '-').replace(/-$/, '')));
    }
    const m = synth(chart);
    for (const obj of Object.values(objects)) {
      const out = m.get(obj.kind, obj.name, obj.metadata.namespace);
      expect(out.metadata?.labels?.patched).toBeDefined();
    }
  });

  test('Reloader exposes each of its objects, and none re-serialises', () => {
    const chart = Testing.chart();
    const reloader = new Reloader(chart, 'Reloader', { replicas: 2, podMonitor: {} });
    const objects: Record<string, ApiObject | undefined> = {
      deployment: reloader.deployment,
      namespaceObject: reloader.namespaceObject,
      serviceAccount: reloader.serviceAccount,
      clusterRole: reloader.clusterRole,
      clusterRoleBinding: reloader.clusterRoleBinding,
      podDisruptionBudget: reloader.podDisruptionBudget,
      podMonitor: reloader.podMonitor,
      ...Object.fromEntries(reloader.roles.map((r, i) => [`roles[${i}]`, r])),
      ...Object.fromEntries(reloader.roleBindings.map((r, i) => [`roleBindings[${i}]`, r])),
    };
    const exposed = new Set(Object.values(objects));
    const all = reloader.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    expect(all.filter((o) => !exposed.has(o)).map((o) => o.node.path)).toEqual([]);
    for (const [key, obj] of Object.entries(objects)) {
      expect({ key, defined: obj !== undefined }).toEqual({ key, defined: true });
      obj!.addJsonPatch(JsonPatch.add('/unknownTopLevelField', { maxSurge: 0 }));
      expect(obj!.toJson().unknownTopLevelField).toEqual({ maxSurge: 0 });
    }
    reloader.deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/resources/limits/memory', '1Gi'));
    expect(reloader.deployment.toJson().spec.template.spec.containers[0].resources.limits.memory).toBe('1Gi');
  });
});
