import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { clusterScoped } from '../../private/cluster-scoped';

/** A Namespace labelled to enforce the "restricted" Pod Security Standard on every pod in it. */
export function restrictedNamespace(scope: Construct, id: string, name: string,
  labels: { [key: string]: string } = {}): k8s.KubeNamespace {
  return clusterScoped(new k8s.KubeNamespace(scope, id, {
    metadata: {
      name,
      labels: {
        ...labels,
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
      },
    },
  }));
}
